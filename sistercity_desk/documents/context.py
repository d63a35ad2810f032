"""Build the context a template receives from the records (see schema.py, docs/templates.md)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_currency
from sqlmodel import Session, col, select

from .. import people, votes
from ..citation import motion_citation
from ..errors import DeskError, Invalid, NotFound
from ..models import (
    Agreement,
    City,
    ClauseKind,
    Committee,
    Motion,
    MotionKind,
    OfficeProfile,
    Person,
    Revision,
    Threshold,
    Vote,
    VoteChoice,
)
from ..office import get_office
from ..revisions import author_name, current_revision, fingerprint
from ..text import clean, district_label, district_short, fold, guess_surname, ordinal
from ..text import surname_sort_key as _surname_key

Context = dict[str, Any]

#: The mark a blank vote sheet prints in each box to be filled in by hand.
BLANK_BOX = "☐"
MARK = "X"

KIND_LABELS = {
    "motion": "Motion",
    "resolution": "Resolution",
    "agreement": "Agreement",
    "vote_sheet": "Vote sheet",
    "packet_cover": "Packet",
}

# --------------------------------------------------------------------------- languages


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower() or "en"


def babel_locale(lang: str) -> Locale:
    """The Babel locale for a language code or tag; English when Babel does not know it."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(_base(lang))
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en_US")


def lang_tag(lang: str, hint: str = "") -> str:
    """The full BCP 47 tag Word wants on a run: "uk" -> "uk-UA" (a city's own tag wins)."""
    hint = hint.replace("_", "-")
    if hint and _base(hint) == _base(lang) and "-" in hint:
        return hint
    if "-" in lang:
        return lang.replace("_", "-")
    likely = get_global("likely_subtags").get(_base(lang))
    if likely:
        try:
            loc = Locale.parse(likely)
        except (UnknownLocaleError, ValueError):
            # Babel knows the likely region of some languages it has no data for ("aaa").
            return _base(lang)
        if loc.territory:
            return f"{loc.language}-{loc.territory}"
    return _base(lang)


def is_rtl(lang: str) -> bool:
    return babel_locale(lang).character_order == "right-to-left"


def language_name(lang: str, in_lang: str) -> str:
    """The name of ``lang`` in ``in_lang`` ("uk" in "en" -> "Ukrainian")."""
    name = babel_locale(in_lang).languages.get(_base(lang))
    return name or lang


def date_fields(day: dt.date | None, lang: str = "en") -> dict[str, Any]:
    """A date as templates receive it: ISO, long form, "25th day of March, 2022", weekday."""
    if day is None:
        return {"known": False, "iso": "", "text": "", "day_of": "", "weekday": ""}
    loc = babel_locale(lang)
    text = format_date(day, "long", locale=loc)
    if _base(lang) == "en":
        month = format_date(day, "MMMM", locale=loc)
        day_of = f"{ordinal(day.day)} day of {month}, {day.year}"
    else:
        day_of = text
    return {
        "known": True,
        "iso": day.isoformat(),
        "text": text,
        "day_of": day_of,
        "weekday": format_date(day, "EEEE", locale=loc),
    }


def _uk_instrumental(name: str) -> str:
    # Ukrainian language names are feminine adjectives ("англійська"); after "кожний ...
    # мовами" they take the instrumental ("англійською").
    return name[:-1] + "ою" if name.endswith("а") else name


class Phrases:
    """The fixed wording of an agreement in one language."""

    def __init__(
        self,
        *,
        article: str,
        authentic: Callable[[str, str], str],
        prevails: Callable[[str], str],
        signed_one: Callable[[str, dt.date | None], str],
        signed_two: Callable[[str, dt.date | None, str, dt.date | None], str],
        for_city: str,
        labels: dict[str, str],
    ) -> None:
        self.article = article
        self.authentic = authentic
        self.prevails = prevails
        self.signed_one = signed_one
        self.signed_two = signed_two
        self.for_city = for_city
        self.labels = labels


def _en_day(day: dt.date | None) -> str:
    return date_fields(day, "en")["day_of"] if day else "____ day of ____________, 20__"


def _uk_day(day: dt.date | None) -> str:
    # Babel keeps "р." (рік, year) on the line of its number with a no-break space; the
    # blank form does the same.
    return date_fields(day, "uk")["text"] if day else "«___» ____________ 20__\u00a0р."


def _en_names(lang: str) -> str:
    return language_name(lang, "en")


def _uk_names(lang: str) -> str:
    return _uk_instrumental(language_name(lang, "uk"))


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


PHRASES: dict[str, Phrases] = {
    "en": Phrases(
        article="Article {n}",
        authentic=lambda own, other: (
            f"Done in two originals, each in the {_en_names(own)} and {_en_names(other)} "
            "languages, both texts being equally authentic."
        ),
        prevails=lambda lang: (
            f"In case of divergence of interpretation, the {_en_names(lang)} text shall prevail."
        ),
        signed_one=lambda place, day: _sentence(
            f"Signed at {place or '____________'} on the {_en_day(day)}"
        ),
        signed_two=lambda p1, d1, p2, d2: _sentence(
            f"Signed at {p1 or '____________'} on the {_en_day(d1)}, "
            f"and at {p2 or '____________'} on the {_en_day(d2)}"
        ),
        for_city="For the City of {city}",
        labels={
            "annex": "Annex",
            "annex_title": "Schedule of donated equipment",
            "description": "Description",
            "quantity": "Quantity",
            "condition": "Condition",
            "estimated_value": "Estimated value",
            "total": "Total",
            "signature": "Signature",
        },
    ),
    "uk": Phrases(
        article="Стаття {n}",
        authentic=lambda own, other: (
            f"Вчинено у двох оригінальних примірниках, кожний {_uk_names(own)} та "
            f"{_uk_names(other)} мовами, при цьому обидва тексти є автентичними й мають "
            "однакову силу."
        ),
        prevails=lambda lang: (
            f"У разі розбіжностей у тлумаченні переважну силу має текст {_uk_names(lang)} мовою."
        ),
        signed_one=lambda place, day: _sentence(
            f"Підписано в м. {place or '____________'} {_uk_day(day)}"
        ),
        signed_two=lambda p1, d1, p2, d2: _sentence(
            f"Підписано в м. {p1 or '____________'} {_uk_day(d1)} "
            f"та в м. {p2 or '____________'} {_uk_day(d2)}"
        ),
        for_city="За місто {city}",
        labels={
            "annex": "Додаток",
            "annex_title": "Перелік обладнання, що передається в дар",
            "description": "Опис",
            "quantity": "Кількість",
            "condition": "Стан",
            "estimated_value": "Орієнтовна вартість",
            "total": "Разом",
            "signature": "Підпис",
        },
    ),
}


def phrases(lang: str) -> Phrases:
    """The wording for ``lang``; languages without their own wording yet get the English one
    (add an entry to PHRASES to give a language its own)."""
    return PHRASES.get(_base(lang), PHRASES["en"])


#: Which Unicode script a language's own names are written in (to pick a city's alias).
_SCRIPTS = {
    "uk": "CYRILLIC",
    "ru": "CYRILLIC",
    "bg": "CYRILLIC",
    "sr": "CYRILLIC",
    "mk": "CYRILLIC",
    "be": "CYRILLIC",
    "el": "GREEK",
    "hy": "ARMENIAN",
    "ka": "GEORGIAN",
    "he": "HEBREW",
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ko": "HANGUL",
    "ja": "CJK",
    "zh": "CJK",
}


def _written_in(text: str, script: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    names = [unicodedata.name(ch, "") for ch in letters]
    if script == "CJK":
        return all(("CJK" in n or "HIRAGANA" in n or "KATAKANA" in n) for n in names)
    return all(n.startswith(script) for n in names)


def city_name_in(city: City, lang: str) -> str:
    """A city's name in a language: its own name in its own language, its English name in
    English, else an alias written in that language's script, else the English name."""
    if _base(lang) == _base(city.language):
        return city.native_name or city.name
    if _base(lang) == "en":
        return city.name
    script = _SCRIPTS.get(_base(lang))
    if script:
        candidates = [city.native_name, *city.aliases]
        for alias in candidates:
            if alias and _written_in(alias, script):
                return alias
    return city.name


def _place_in(place: str, cities: Sequence[City], lang: str) -> str:
    """A signing place in a language: a city's name is translated, other text kept."""
    key = fold(place.strip())
    for city in cities:
        names = [city.name, city.native_name, *city.aliases]
        if key and key in {fold(n) for n in names if n}:
            return city_name_in(city, lang)
    return place.strip()


# --------------------------------------------------------------------------- clause text

_OPENING = re.compile(
    r"^\s*(?:I\s+THEREFORE\s+MOVE|I\s+FURTHER\s+MOVE|FURTHER\s+MOVE"
    r"|(?:NOW,?\s+THEREFORE,?\s+)?BE\s+IT\s+(?:FURTHER\s+)?RESOLVED(?:\s+by\s+[^,]*?)?)"
    r"\s*,?\s+that\s+",
    re.IGNORECASE,
)
_WHEREAS = re.compile(r"^\s*WHEREAS\s*,?\s*", re.IGNORECASE)
_CLOSING = re.compile(r"(?:\s*;\s*and|\s*[.;,])\s*$", re.IGNORECASE)


def operative_text(text: str) -> str:
    """A stored operative clause as templates print it after "... MOVE that" / "RESOLVED
    ... that": opening words and closing punctuation removed if a drafter typed them."""
    text = _OPENING.sub("", clean(text).strip(), count=1)
    return _CLOSING.sub("", text).strip()


def recital_text(text: str) -> str:
    """A stored resolution recital as printed after "WHEREAS,": no opening, no closing."""
    text = _WHEREAS.sub("", clean(text).strip(), count=1)
    return _CLOSING.sub("", text).strip()


def _clauses(texts: Sequence[str], endings: Sequence[str]) -> list[dict[str, Any]]:
    last = len(texts) - 1
    return [
        {"number": i + 1, "text": t, "ending": endings[i], "first": i == 0, "last": i == last}
        for i, t in enumerate(texts)
    ]


# --------------------------------------------------------------------------- records


def cleaned(value: Any) -> Any:
    """Every string of a context cleaned for Word (control characters, soft breaks)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    return value


def office_profile(session: Session) -> OfficeProfile:
    profile = get_office(session=session)
    return profile if profile is not None else OfficeProfile()


def default_author(session: Session) -> str:
    """Who a revision made for a document is recorded under (see revisions.author_name)."""
    return author_name(session)


#: The council's seats by (session, day) while one document's context is built: a motion
#: asks for them once per person named and once for the office (six readings otherwise).
_SEATS: ContextVar[dict[tuple[int, dt.date], list[people.SeatRow]] | None] = ContextVar(
    "context_seats", default=None
)


def _seats_on(session: Session, day: dt.date) -> list[people.SeatRow]:
    seen = _SEATS.get()
    if seen is None:
        return people.seats_on(session=session, on_date=day)
    key = (id(session), day)
    if key not in seen:
        seen[key] = people.seats_on(session=session, on_date=day)
    return seen[key]


def _one_reading(builder: Callable[..., Context]) -> Callable[..., Context]:
    """Build a whole context from one reading of the seats (they do not change meanwhile)."""

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> Context:
        if _SEATS.get() is not None:
            return builder(*args, **kwargs)
        token = _SEATS.set({})
        try:
            return builder(*args, **kwargs)
        finally:
            _SEATS.reset(token)

    return build


def _seat_of(session: Session, person_id: int, day: dt.date) -> tuple[int | None, str]:
    """The district (and council office) a member held on a day, else their latest seat."""
    for row in _seats_on(session, day):
        if row.member is not None and row.member.id == person_id:
            return row.district, row.office
    return people.district_of(session=session, person_id=person_id), ""


def _surname(person: Person) -> str:
    return person.surname or guess_surname(person.full_name)


def person_fields(session: Session, person: Person, day: dt.date) -> dict[str, Any]:
    district, held = _seat_of(session, person.id, day) if person.id is not None else (None, "")
    return {
        "name": person.full_name,
        "name_upper": person.full_name.upper(),
        "native_name": person.native_name,
        "surname": _surname(person),
        "district": district,
        "district_label": district_label(district) if district else "",
        "district_short": district_short(district) if district else "",
        "title": f"Councilmember, {district_label(district)}" if district else "Councilmember",
        "office": held,
    }


def _person(session: Session, person_id: int | None, what: str) -> Person:
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        raise Invalid(
            f"The {what} is not set; choose a person before making the document.", field=what
        )
    return person


def office_fields(session: Session, profile: OfficeProfile, day: dt.date) -> dict[str, Any]:
    president = ""
    for row in _seats_on(session, day):
        if row.office.strip().casefold() == "president" and row.member is not None:
            president = row.member.full_name
    city, name = profile.city_name, profile.council_name.strip()
    # "Los Angeles City Council" and "City Council" both give "City Council of the City of
    # Los Angeles" and "Los Angeles City Council".
    body = name[len(city) :].strip() if city and name.startswith(city) else name
    title = name if city and city in name else f"{city} {name}".strip()
    full = name if " of " in name else f"{body} of the City of {city}"
    return {
        "city": city,
        "city_upper": city.upper(),
        "state": profile.state,
        "country": profile.country,
        "council_name": name,
        "council_title": title,
        "council_body": body,
        "council_full_name": full,
        "seats": profile.seats,
        "clerk_name": profile.clerk_name,
        "mayor_name": profile.mayor_name,
        "mayor_title": profile.mayor_title,
        "attorney_name": profile.attorney_name,
        "president_name": president,
    }


def document_fields(
    *,
    kind: str,
    record_kind: str,
    record_id: int,
    revision_number: int,
    digest: str,
    final: bool,
    language: str = "en",
    today: dt.date | None = None,
) -> dict[str, Any]:
    label = KIND_LABELS[kind]
    short = digest[:8]
    if kind == "vote_sheet":
        footer = f"Vote sheet · Motion {record_id} · Revision {revision_number} · {short}"
    elif kind == "packet_cover":
        footer = f"Packet · {record_id} item{'' if record_id == 1 else 's'} · {short}"
    else:
        footer = f"{label} {record_id} · Revision {revision_number} · {short}"
    return {
        "kind": kind,
        "kind_label": label,
        "record_kind": record_kind,
        "record_id": record_id,
        "revision": revision_number,
        "fingerprint": digest,
        "short_fingerprint": short,
        "footer": footer,
        "draft": not final,
        "draft_mark": "" if final else "DRAFT",
        "final": final,
        "generated_on": date_fields(today or dt.date.today(), language),
        "language": language,
    }


# --------------------------------------------------------------------------- votes


_THRESHOLD_LABELS = {
    Threshold.MAJORITY.value: "Majority of the Council",
    Threshold.TWO_THIRDS.value: "Two-thirds of the Council",
    Threshold.URGENCY.value: "Urgency clause",
    Threshold.UNANIMOUS.value: "Unanimous",
}


def _names_text(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "None"


def vote_fields(
    session: Session, profile: OfficeProfile, vote: Vote | None, day: dt.date
) -> dict[str, Any]:
    """The roll call: recorded votes marked, or a blank sheet (boxes to fill in by hand)."""
    rows: list[dict[str, Any]] = []
    if vote is not None:
        for cast in vote.casts:
            person = session.get(Person, cast.person_id) if cast.person_id else None
            choice = VoteChoice.VACANT.value if person is None else cast.choice
            rows.append(_row(cast.district, person, choice, recorded=True))
        counted = votes.tally(session, vote)
        threshold, required = counted.threshold, counted.threshold_votes
        if threshold == Threshold.UNANIMOUS:
            required = max(required, counted.present)
        ayes = sorted(
            (r["surname"] for r in rows if r["choice"] == VoteChoice.YES), key=_surname_key
        )
        numbers = {
            "yes": counted.yes,
            "no": counted.no,
            "absent": counted.absent,
            "abstain": counted.abstain + counted.recused,
            "vacant": counted.vacant,
        }
        names = {
            "ayes": _names_text(ayes),
            "noes": _names_text(counted.noes),
            "absentees": _names_text(counted.absentees),
            "abstentions": _names_text(
                sorted([*counted.abstentions, *counted.recusals], key=_surname_key)
            ),
        }
        passed, tally_text, result = counted.passes, counted.tally_text, counted.result
        journal = {"journal_line": counted.journal_line, "roll_call_line": counted.roll_call_line}
    else:
        for row in _seats_on(session, day):
            rows.append(_row(row.district, row.member, "", recorded=False))
        threshold = Threshold.MAJORITY.value
        required = votes.threshold_votes(profile, threshold)
        numbers = {
            "yes": 0,
            "no": 0,
            "absent": 0,
            "abstain": 0,
            "vacant": sum(1 for r in rows if r["vacant"]),
        }
        names = {"ayes": "", "noes": "", "absentees": "", "abstentions": ""}
        passed, tally_text, result = False, "(____ - ____ - ____)", ""
        journal = {"journal_line": "", "roll_call_line": ""}
    rows.sort(key=lambda r: (r["vacant"], _surname_key(r["surname"]), r["district"]))
    label = _THRESHOLD_LABELS.get(threshold, threshold)
    if threshold != Threshold.UNANIMOUS:
        label = f"{label} ({required} votes)"
    return {
        "recorded": vote is not None,
        "meeting_date": date_fields(vote.meeting_date if vote else None),
        "meeting_type": vote.meeting_type if vote else "",
        "action": vote.action if vote else "",
        "threshold": threshold,
        "threshold_label": label,
        "required": required,
        **numbers,
        "tally": tally_text,
        "result": result,
        "passed": passed,
        **names,
        **journal,
        "rows": rows,
    }


def _row(district: int, person: Person | None, choice: str, *, recorded: bool) -> dict[str, Any]:
    vacant = person is None or choice == VoteChoice.VACANT
    if vacant:
        marks = {"yes": "", "no": "", "absent": ""}
    elif not recorded:
        marks = {"yes": BLANK_BOX, "no": BLANK_BOX, "absent": BLANK_BOX}
    else:
        marks = {
            "yes": MARK if choice == VoteChoice.YES else "",
            "no": MARK if choice == VoteChoice.NO else "",
            "absent": MARK if choice == VoteChoice.ABSENT else "",
        }
    note = {"ABSTAIN": "Abstained", "RECUSED": "Recused"}.get(choice, "")
    return {
        "name": "Vacant" if person is None else person.full_name,
        "surname": "" if person is None else _surname(person),
        "district": district,
        "district_short": district_short(district),
        "vacant": vacant,
        "choice": VoteChoice.VACANT.value if person is None else choice,
        **marks,
        "note": "Vacant" if vacant else note,
    }


def latest_vote(session: Session, motion_id: int) -> Vote | None:
    return session.exec(
        select(Vote)
        .where(Vote.motion_id == motion_id)
        .order_by(col(Vote.meeting_date).desc(), col(Vote.id).desc())
        .limit(1)
    ).first()


# --------------------------------------------------------------------------- motions


def _motion(session: Session, motion_id: int) -> Motion:
    motion = session.get(Motion, motion_id)
    if motion is None:
        raise NotFound(f"There is no motion number {motion_id}.")
    return motion


def motion_fields(session: Session, motion: Motion, vote: Vote | None) -> dict[str, Any]:
    day = motion.introduced_on or dt.date.today()
    mover = _person(session, motion.mover_id, "mover")
    seconders = [_person(session, s.person_id, "seconder") for s in motion.seconders]
    presented_for = (
        session.get(Person, motion.presented_for_id) if motion.presented_for_id else None
    )
    resolution = motion.kind == MotionKind.RESOLUTION
    recitals = [c.text for c in motion.clauses if c.kind == ClauseKind.RECITAL]
    operatives = [c.text for c in motion.clauses if c.kind == ClauseKind.OPERATIVE]
    if resolution:
        recital_texts = [recital_text(t) for t in recitals]
        recital_endings = ["; and"] * len(recitals)
        if recital_endings:
            recital_endings[-1] = ";"
    else:
        # A motion's background is narrative prose: printed as written.
        recital_texts = [clean(t).strip() for t in recitals]
        recital_endings = [""] * len(recitals)
    operative_texts = [operative_text(t) for t in operatives]
    committee = session.get(Committee, motion.committee_id) if motion.committee_id else None
    adopted = None
    if vote is not None and vote.action.casefold().startswith("adopted"):
        adopted = vote.meeting_date
    return {
        "id": motion.id,
        "kind": motion.kind,
        "is_resolution": resolution,
        "title": motion.title,
        "title_upper": motion.title.upper(),
        "council_file": motion.council_file or "",
        "resolution_number": motion.resolution_number,
        "status": motion.status,
        "citation": motion_citation(session, motion),
        "mover": person_fields(session, mover, day),
        "presented_for": person_fields(session, presented_for, day) if presented_for else None,
        "seconders": [person_fields(session, s, day) for s in seconders],
        "recitals": _clauses(recital_texts, recital_endings),
        "operatives": _clauses(operative_texts, ["."] * len(operative_texts)),
        "committee": committee.name if committee else "",
        "introduced_on": date_fields(motion.introduced_on),
        "adopted_on": date_fields(adopted),
    }


def _revision(
    session: Session,
    kind: str,
    record_id: int,
    revision: Revision | None,
    author: str | None,
) -> Revision:
    if revision is not None:
        return revision
    return current_revision(
        session, kind, record_id, author=author or default_author(session), reason="document"
    )


@_one_reading
def motion_context(
    session: Session,
    motion_id: int,
    *,
    final: bool = False,
    revision: Revision | None = None,
    author: str | None = None,
    today: dt.date | None = None,
) -> Context:
    """The context of motion.docx (or resolution.docx for a resolution)."""
    motion = _motion(session, motion_id)
    rev = _revision(session, "motion", motion_id, revision, author)
    profile = office_profile(session)
    vote = latest_vote(session, motion_id)
    day = motion.introduced_on or dt.date.today()
    kind = "resolution" if motion.kind == MotionKind.RESOLUTION else "motion"
    return cleaned(
        {
            "document": document_fields(
                kind=kind,
                record_kind="motion",
                record_id=motion_id,
                revision_number=rev.number,
                digest=rev.fingerprint,
                final=final,
                today=today,
            ),
            "office": office_fields(session, profile, day),
            "motion": motion_fields(session, motion, vote),
            "vote": vote_fields(session, profile, vote, day),
        }
    )


@_one_reading
def vote_sheet_context(
    session: Session,
    motion_id: int,
    *,
    final: bool = False,
    revision: Revision | None = None,
    author: str | None = None,
    today: dt.date | None = None,
) -> Context:
    """The context of vote_sheet.docx: the motion and its latest vote (or a blank sheet)."""
    ctx = motion_context(
        session, motion_id, final=final, revision=revision, author=author, today=today
    )
    return as_vote_sheet(ctx, today=today)


def as_vote_sheet(motion_ctx: Context, *, today: dt.date | None = None) -> Context:
    """The vote sheet's context from its motion's (``motion_context``): the same motion and
    vote, with the vote sheet's own ``document``. The motion's context is left as it is."""
    doc = motion_ctx["document"]
    return {
        **motion_ctx,
        "document": document_fields(
            kind="vote_sheet",
            record_kind="motion",
            record_id=doc["record_id"],
            revision_number=doc["revision"],
            digest=doc["fingerprint"],
            final=doc["final"],
            today=today,
        ),
    }


# --------------------------------------------------------------------------- agreements


def _pick(texts: dict[str, str], lang: str) -> str:
    """The text for a language from a per-language dict ("uk" finds "uk-UA" and back)."""
    if lang in texts:
        return texts[lang]
    base = _base(lang)
    for key, value in texts.items():
        if _base(key) == base:
            return value
    return ""


def _money(value: Decimal, currency: str) -> str:
    return format_currency(value, currency or "USD", locale="en_US")


def _side(
    agreement: Agreement,
    own: City,
    other: City,
    own_lang: str,
    other_lang: str,
    home: City,
    partner: City,
    own_is_home: bool,
) -> dict[str, Any]:
    words = phrases(own_lang)
    cities = (home, partner)
    home_place = _place_in(agreement.home_signing_place, cities, own_lang)
    partner_place = _place_in(agreement.partner_signing_place, cities, own_lang)
    signings = [
        (home_place, agreement.home_signing_date),
        (partner_place, agreement.partner_signing_date),
    ]
    if not own_is_home:
        signings.reverse()
    (p1, d1), (p2, d2) = signings
    if (p1, d1) == (p2, d2) or not (p2 or d2):
        signing_line = words.signed_one(p1, d1)
    elif not (p1 or d1):
        signing_line = words.signed_one(p2, d2)
    else:
        signing_line = words.signed_two(p1, d1, p2, d2)
    prevailing = agreement.prevailing_language
    title = _pick(agreement.titles, own_lang)
    return {
        "language": own_lang,
        "lang_tag": lang_tag(own_lang, own.language),
        "language_name": language_name(own_lang, own_lang),
        "rtl": is_rtl(own_lang),
        "city": city_name_in(own, own_lang),
        "other_city": city_name_in(other, own_lang),
        "title": title,
        "title_upper": title.upper(),
        "preamble": _pick(agreement.preambles, own_lang),
        "authentic_clause": words.authentic(own_lang, other_lang),
        "prevailing_clause": words.prevails(prevailing) if prevailing else "",
        "signing_line": signing_line,
        "labels": dict(words.labels),
    }


def _signatory(
    session: Session,
    person_id: int | None,
    city: City,
    home_lang: str,
    partner_lang: str,
    fallback_title: str,
    what: str,
) -> dict[str, Any]:
    person = _person(session, person_id, what)
    title_home = _pick(person.titles, home_lang) or fallback_title
    return {
        "name": person.full_name,
        "native_name": person.native_name,
        "title_home": title_home,
        "title_partner": _pick(person.titles, partner_lang),
        "for_city_home": phrases(home_lang).for_city.format(city=city_name_in(city, home_lang)),
        "for_city_partner": phrases(partner_lang).for_city.format(
            city=city_name_in(city, partner_lang)
        ),
        "country": city.country_label or city.country,
    }


def agreement_fields(session: Session, agreement: Agreement) -> dict[str, Any]:
    home = session.get(City, agreement.home_city_id)
    partner = session.get(City, agreement.partner_city_id)
    if home is None or partner is None:
        raise Invalid("The agreement must name both cities.", field="partner_city_id")
    hl, pl = agreement.home_language, agreement.partner_language
    profile = office_profile(session)
    articles = []
    for n, art in enumerate(agreement.articles, start=1):
        articles.append(
            {
                "number": n,
                "home": {
                    "label": phrases(hl).article.format(n=n),
                    "heading": _pick(art.headings, hl),
                    "text": _pick(art.texts, hl),
                },
                "partner": {
                    "label": phrases(pl).article.format(n=n),
                    "heading": _pick(art.headings, pl),
                    "text": _pick(art.texts, pl),
                },
            }
        )
    annex = []
    currencies = set()
    total = Decimal(0)
    for n, item in enumerate(agreement.annex_items, start=1):
        value = ""
        if item.estimated_value is not None:
            value = _money(item.estimated_value, item.currency)
            currencies.add(item.currency)
            total += item.estimated_value
        annex.append(
            {
                "number": n,
                "description": item.description,
                "quantity": item.quantity,
                "condition": item.condition,
                "estimated_value": value,
            }
        )
    # A total across currencies would mean nothing.
    annex_total = _money(total, currencies.pop()) if len(currencies) == 1 else ""
    return {
        "id": agreement.id,
        "status": agreement.status,
        "home": _side(agreement, home, partner, hl, pl, home, partner, True),
        "partner": _side(agreement, partner, home, pl, hl, home, partner, False),
        "articles": articles,
        "home_signatory": _signatory(
            session,
            agreement.home_signatory_id,
            home,
            hl,
            pl,
            f"{profile.mayor_title} of {home.name}",
            "home_signatory",
        ),
        "partner_signatory": _signatory(
            session,
            agreement.partner_signatory_id,
            partner,
            hl,
            pl,
            f"Mayor of {partner.name}",
            "partner_signatory",
        ),
        "annex": annex,
        "has_annex": bool(annex),
        "annex_total": annex_total,
    }


@_one_reading
def agreement_context(
    session: Session,
    agreement_id: int,
    *,
    final: bool = False,
    revision: Revision | None = None,
    author: str | None = None,
    today: dt.date | None = None,
) -> Context:
    """The context of agreement.docx."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound(f"There is no agreement number {agreement_id}.")
    rev = _revision(session, "agreement", agreement_id, revision, author)
    profile = office_profile(session)
    day = agreement.home_signing_date or dt.date.today()
    return cleaned(
        {
            "document": document_fields(
                kind="agreement",
                record_kind="agreement",
                record_id=agreement_id,
                revision_number=rev.number,
                digest=rev.fingerprint,
                final=final,
                language=agreement.home_language,
                today=today,
            ),
            "office": office_fields(session, profile, day),
            "agreement": agreement_fields(session, agreement),
        }
    )


# --------------------------------------------------------------------------- packets


@_one_reading
def packet_context(
    session: Session,
    motion_ids: Sequence[int],
    *,
    title: str = "Motions for the vote",
    final: bool = False,
    author: str | None = None,
    today: dt.date | None = None,
) -> Context:
    """The context of packet_cover.docx: the items of a print packet, in order."""
    if not motion_ids:
        raise Invalid("A packet needs at least one motion.", field="motion_ids")
    items = []
    prints = []
    for n, motion_id in enumerate(motion_ids, start=1):
        motion = _motion(session, motion_id)
        rev = _revision(session, "motion", motion_id, None, author)
        prints.append([motion_id, rev.number, rev.fingerprint])
        fields = motion_fields(session, motion, None)
        items.append(
            {
                "number": n,
                "council_file": fields["council_file"],
                "title": fields["title"],
                "citation": fields["citation"],
                "kind_label": KIND_LABELS[
                    "resolution" if motion.kind == MotionKind.RESOLUTION else "motion"
                ],
            }
        )
    profile = office_profile(session)
    return cleaned(
        {
            "document": document_fields(
                kind="packet_cover",
                record_kind="packet",
                record_id=len(items),
                revision_number=0,
                digest=fingerprint(prints),
                final=final,
                today=today,
            ),
            "office": office_fields(session, profile, today or dt.date.today()),
            "packet": {"title": title, "count": len(items), "entries": items},
        }
    )


#: The context builder of each kind of document, by record id.
BUILDERS: dict[str, Callable[..., Context]] = {
    "motion": motion_context,
    "resolution": motion_context,
    "vote_sheet": vote_sheet_context,
    "agreement": agreement_context,
}


def build(session: Session, kind: str, record_id: int, **options: Any) -> Context:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise DeskError(
            f"There is no document of kind {kind!r}; use motion, agreement or vote_sheet."
        ) from None
    return builder(session, record_id, **options)
