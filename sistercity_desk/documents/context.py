"""Build the context a template receives from the records (see schema.py, docs/templates.md)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_currency
from sqlmodel import Session

from .. import votes
from ..agreements import annex_total, line_total
from ..citation import content_citation
from ..content import (
    AgreementContent,
    CityAsPrinted,
    Content,
    MotionContent,
    OfficeAsPrinted,
    PersonAsPrinted,
    VoteAsPrinted,
)
from ..errors import DeskError, Invalid, NotFound
from ..models import (
    Agreement,
    ClauseKind,
    Motion,
    MotionKind,
    OfficeProfile,
    Revision,
    Threshold,
    VoteChoice,
)
from ..office import get_office
from ..revisions import author_name, current_revision, fingerprint, revision_content
from ..text import (
    clean,
    district_label,
    district_short,
    fold,
    guess_surname,
    operative_text,
    ordinal,
    recital_text,
)
from ..text import surname_sort_key as _surname_key
from ..typography import typeset, typeset_all

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
            "unit_value": "Unit value",
            "line_total": "Line total",
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
            "unit_value": "Вартість одиниці",
            "line_total": "Вартість позиції",
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


def city_name_in(city: CityAsPrinted, lang: str) -> str:
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


def _place_in(place: str, cities: Sequence[CityAsPrinted], lang: str) -> str:
    """A signing place in a language: a city's name is translated, other text kept."""
    key = fold(place.strip())
    for city in cities:
        names = [city.name, city.native_name, *city.aliases]
        if key and key in {fold(n) for n in names if n}:
            return city_name_in(city, lang)
    return place.strip()


# --------------------------------------------------------------------------- clause text


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


# --------------------------------------------------------------------------- content
#
# Everything below builds a context from a content model (content.py) alone: the names,
# districts, office and votes a revision froze. Nothing is looked up in the database, so a
# revision renders the same today as on the day it was printed.


def person_fields(person: PersonAsPrinted) -> dict[str, Any]:
    district = person.district
    return {
        "name": person.name,
        "name_upper": person.name.upper(),
        "native_name": person.native_name,
        "surname": person.surname or guess_surname(person.name),
        "district": district,
        "district_label": district_label(district) if district else "",
        "district_short": district_short(district) if district else "",
        "title": f"Councilmember, {district_label(district)}" if district else "Councilmember",
        "office": person.office,
    }


def _named(person: PersonAsPrinted | None, what: str) -> PersonAsPrinted:
    if person is None or not person.name:
        raise Invalid(
            f"The {what} is not set; choose a person before making the document.", field=what
        )
    return person


def office_fields(office: OfficeAsPrinted) -> dict[str, Any]:
    city, name = office.city_name, office.council_name.strip()
    # "Los Angeles City Council" and "City Council" both give "City Council of the City of
    # Los Angeles" and "Los Angeles City Council".
    body = name[len(city) :].strip() if city and name.startswith(city) else name
    title = name if city and city in name else f"{city} {name}".strip()
    full = name if " of " in name else f"{body} of the City of {city}"
    return {
        "city": city,
        "city_upper": city.upper(),
        "state": office.state,
        "country": office.country,
        "council_name": name,
        "council_title": title,
        "council_body": body,
        "council_full_name": full,
        "seats": office.seats,
        "clerk_name": office.clerk_name,
        "mayor_name": office.mayor_name,
        "mayor_title": office.mayor_title,
        "attorney_name": office.attorney_name,
        "president_name": office.president_name,
        "president_title": f"President of the {title}" if office.president_name else "",
        # A resolution's closing block, in the office's own words (office profile).
        "adoption_words": office.adoption_words,
        "attest_label": office.attest_label,
        "clerk_title": office.clerk_title,
        "form_label": office.form_label,
        "attorney_title": office.attorney_title,
    }


#: What a preview's footer says instead of a revision: it shows the working draft.
PREVIEW_FOOTER = "Preview of the working draft, not a saved revision"


def document_fields(
    *,
    kind: str,
    record_kind: str,
    record_id: int,
    revision_number: int | None,
    digest: str,
    final: bool,
    language: str = "en",
    today: dt.date | None = None,
    subject: str = "motion",
) -> dict[str, Any]:
    """The ``document`` of a context. ``revision_number`` None: a preview of the working
    draft, whose footer says so and names no revision. ``subject``: what a vote sheet is
    of (motion | resolution), so a resolution's vote sheet names a resolution."""
    label = KIND_LABELS[kind]
    short = digest[:8]
    sheet_of = f"Vote sheet · {KIND_LABELS.get(subject, 'Motion')} {record_id}"
    if revision_number is None:
        prefix = sheet_of if kind == "vote_sheet" else f"{label} {record_id}"
        footer = f"{prefix} · {PREVIEW_FOOTER}"
    elif kind == "vote_sheet":
        footer = f"{sheet_of} · Revision {revision_number} · {short}"
    elif kind == "packet_cover":
        footer = f"Packet · {record_id} item{'' if record_id == 1 else 's'} · {short}"
    else:
        footer = f"{label} {record_id} · Revision {revision_number} · {short}"
    return {
        "kind": kind,
        "kind_label": label,
        "record_kind": record_kind,
        "record_id": record_id,
        "revision": revision_number if revision_number is not None else 0,
        "preview": revision_number is None,
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


def _surname_of(person: PersonAsPrinted) -> str:
    return person.surname or guess_surname(person.name)


def vote_fields(content: MotionContent) -> dict[str, Any]:
    """The roll call of the latest vote, marked; or a blank sheet of the council's seats on
    the record's day (boxes to fill in by hand)."""
    vote: VoteAsPrinted | None = content.votes[-1] if content.votes else None
    office = content.office.profile()
    rows: list[dict[str, Any]] = []
    if vote is not None:
        roll: list[tuple[str, str]] = []
        for cast in vote.casts:
            person = cast.member if cast.member is not None and cast.member.name else None
            choice = VoteChoice.VACANT.value if person is None else cast.choice
            rows.append(_row(cast.district, person, choice, recorded=True))
            rows[-1]["office"] = person.office if person is not None else ""
            roll.append(
                (cast.choice, _surname_of(person) if person else district_short(cast.district))
            )
        president = next(
            (
                _surname_of(c.member)
                for c in vote.casts
                if c.member is not None and c.member.office.strip().casefold() == "president"
            ),
            "",
        )
        counted = votes.count(
            office,
            roll,
            vote.threshold,
            vote.action,
            unanimous_wording=vote.unanimous_wording,
            president=president,
        )
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
            "abstained": counted.abstain,
            "recused": counted.recused,
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
        for seat in content.seats:
            rows.append(_row(seat.district, seat.member, "", recorded=False))
            rows[-1]["office"] = seat.member.office if seat.member is not None else ""
        threshold = Threshold.MAJORITY.value
        required = votes.threshold_votes(office, threshold)
        numbers = {
            "yes": 0,
            "no": 0,
            "absent": 0,
            "abstain": 0,
            "abstained": 0,
            "recused": 0,
            "vacant": sum(1 for r in rows if r["vacant"]),
        }
        names = {"ayes": "", "noes": "", "absentees": "", "abstentions": ""}
        passed, tally_text, result = False, "(____ - ____ - ____)", ""
        journal = {"journal_line": "", "roll_call_line": ""}
    rows.sort(key=lambda r: (r["vacant"], _surname_key(r["surname"]), r["district"]))
    president = ""
    for r in rows:
        r["president"] = not r["vacant"] and r["office"].strip().casefold() == "president"
        if r["president"]:
            president = r["name"]
    label = _THRESHOLD_LABELS.get(threshold, threshold)
    if threshold != Threshold.UNANIMOUS:
        label = f"{label} ({required} votes)"
    meeting = dt.date.fromisoformat(vote.meeting_date) if vote else None
    return {
        "recorded": vote is not None,
        "meeting_date": date_fields(meeting),
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
        "president": president,
        **journal,
        "rows": rows,
    }


def _row(
    district: int, person: PersonAsPrinted | None, choice: str, *, recorded: bool
) -> dict[str, Any]:
    if person is not None and not person.name:
        person = None
    vacant = person is None or choice == VoteChoice.VACANT
    boxes = {"yes": VoteChoice.YES, "no": VoteChoice.NO, "absent": VoteChoice.ABSENT}
    # Abstain and recused are columns of their own, as the Clerk tallies them.
    boxes |= {"abstain": VoteChoice.ABSTAIN, "recused": VoteChoice.RECUSED}
    if vacant:
        marks = dict.fromkeys(boxes, "")
    elif not recorded:
        marks = dict.fromkeys(boxes, BLANK_BOX)
    else:
        marks = {key: MARK if choice == value else "" for key, value in boxes.items()}
    note = {"ABSTAIN": "Abstained", "RECUSED": "Recused"}.get(choice, "")
    return {
        "name": "Vacant" if person is None else person.name,
        "surname": "" if person is None else _surname_of(person),
        "district": district,
        "district_short": district_short(district),
        "vacant": vacant,
        "choice": VoteChoice.VACANT.value if person is None else choice,
        **marks,
        "note": "Vacant" if vacant else note,
    }


# --------------------------------------------------------------------------- motions


def motion_fields(content: MotionContent, *, status: str = "") -> dict[str, Any]:
    mover = _named(content.mover, "mover")
    seconders = [_named(s, "seconder") for s in content.seconders]
    presented_for = (
        content.presented_for
        if content.presented_for is not None and content.presented_for.name
        else None
    )
    resolution = content.is_resolution
    recitals = [c.text for c in content.clauses if c.kind == ClauseKind.RECITAL]
    operatives = [c.text for c in content.clauses if c.kind == ClauseKind.OPERATIVE]
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
    adopted = None
    if content.votes and content.votes[-1].action.casefold().startswith("adopted"):
        adopted = dt.date.fromisoformat(content.votes[-1].meeting_date)
    return {
        "id": content.id,
        "kind": content.motion_kind,
        "is_resolution": resolution,
        "kind_label": KIND_LABELS["resolution" if resolution else "motion"],
        "title": content.title,
        "title_upper": content.title.upper(),
        "council_file": content.council_file or "",
        "council_file_label": f"C.F. {content.council_file}" if content.council_file else "",
        "resolution_number": content.resolution_number,
        "status": status,
        "citation": content_citation(content),
        "mover": person_fields(mover),
        "presented_for": person_fields(presented_for) if presented_for else None,
        "seconders": [person_fields(s) for s in seconders],
        "recitals": _clauses(recital_texts, recital_endings),
        "operatives": _clauses(operative_texts, ["."] * len(operative_texts)),
        "committee": content.committee,
        "introduced_on": date_fields(content.day),
        "adopted_on": date_fields(adopted),
    }


def motion_context_of(
    content: MotionContent,
    *,
    revision: int | None,
    digest: str,
    final: bool = False,
    today: dt.date | None = None,
    status: str = "",
) -> Context:
    """The context of motion.docx (resolution.docx for a resolution) from a motion's content
    alone. ``revision`` is the number of the revision holding it (None: a preview of the
    working draft); ``digest`` its fingerprint."""
    kind = "resolution" if content.is_resolution else "motion"
    return cleaned(
        {
            "document": document_fields(
                kind=kind,
                record_kind="motion",
                record_id=content.id,
                revision_number=revision,
                digest=digest,
                final=final,
                today=today,
            ),
            "office": office_fields(content.office),
            # Printed with the office language's typography (typography.py).
            "motion": typeset_all(motion_fields(content, status=status), content.office.language),
            "vote": vote_fields(content),
        }
    )


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
            revision_number=None if doc["preview"] else doc["revision"],
            digest=doc["fingerprint"],
            final=doc["final"],
            today=today,
            subject=motion_ctx["motion"]["kind"],
        ),
    }


# --------------------------------------------------------------------------- agreements


def _pick(texts: dict[str, str], lang: str) -> str:
    """The text for a language from a per-language dict ("uk" finds "uk-UA" and back)."""
    if lang in texts:
        return texts[lang]
    base = _base(lang)
    # In the order of the keys, not of storage: a revision's JSON may come back in another
    # order (PostgreSQL's jsonb) and must print the same.
    for key in sorted(texts):
        if key.strip() and _base(key) == base:
            return texts[key]
    return ""


def _money(value: Decimal, currency: str) -> str:
    return format_currency(value, currency or "USD", locale="en_US")


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _side(
    agreement: AgreementContent,
    own: CityAsPrinted,
    other: CityAsPrinted,
    own_lang: str,
    other_lang: str,
    home: CityAsPrinted,
    partner: CityAsPrinted,
    own_is_home: bool,
) -> dict[str, Any]:
    words = phrases(own_lang)
    cities = (home, partner)
    home_place = _place_in(agreement.home_signing_place, cities, own_lang)
    partner_place = _place_in(agreement.partner_signing_place, cities, own_lang)
    signings = [
        (home_place, _day(agreement.home_signing_date)),
        (partner_place, _day(agreement.partner_signing_date)),
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
    person: PersonAsPrinted | None,
    city: CityAsPrinted,
    home_lang: str,
    partner_lang: str,
    fallback_title: str,
    what: str,
) -> dict[str, Any]:
    person = _named(person, what)
    title_home = _pick(person.titles, home_lang) or fallback_title
    return {
        "name": person.name,
        "native_name": person.native_name,
        "title_home": title_home,
        "title_partner": typeset(_pick(person.titles, partner_lang), partner_lang),
        "for_city_home": phrases(home_lang).for_city.format(city=city_name_in(city, home_lang)),
        "for_city_partner": typeset(
            phrases(partner_lang).for_city.format(city=city_name_in(city, partner_lang)),
            partner_lang,
        ),
        "country": city.country_label or city.country,
    }


def agreement_fields(content: AgreementContent, *, status: str = "") -> dict[str, Any]:
    home, partner = content.home_city, content.partner_city
    if home is None or partner is None or not home.name or not partner.name:
        raise Invalid("The agreement must name both cities.", field="partner_city_id")
    hl, pl = content.home_language, content.partner_language
    articles = []
    for n, art in enumerate(content.articles, start=1):
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
    valued = []
    for n, item in enumerate(content.annex, start=1):
        unit = None if item.estimated_value is None else Decimal(item.estimated_value)
        valued.append((unit, item.quantity, item.currency))
        line = line_total(unit, item.quantity)
        unit_text = "" if unit is None else _money(unit, item.currency)
        annex.append(
            {
                "number": n,
                "description": typeset(item.description, hl),
                "description_partner": typeset(item.description_partner, pl),
                "quantity": item.quantity,
                "condition": typeset(item.condition, hl),
                "condition_partner": typeset(item.condition_partner, pl),
                # estimated_value is the value of one unit (see agreements.line_total).
                "estimated_value": unit_text,
                "unit_value": unit_text,
                "line_total": "" if line is None else _money(line, item.currency),
            }
        )
    total = annex_total(valued)
    annex_total_text = "" if total is None else _money(*total)
    return {
        "id": content.id,
        "status": status,
        # Each language's typography on its own side (typography.py).
        "home": typeset_all(_side(content, home, partner, hl, pl, home, partner, True), hl),
        "partner": typeset_all(_side(content, partner, home, pl, hl, home, partner, False), pl),
        "articles": [
            {
                **a,
                "home": typeset_all(a["home"], hl),
                "partner": typeset_all(a["partner"], pl),
            }
            for a in articles
        ],
        "home_signatory": _signatory(
            content.home_signatory,
            home,
            hl,
            pl,
            f"{content.office.mayor_title} of {home.name}",
            "home_signatory",
        ),
        "partner_signatory": _signatory(
            content.partner_signatory,
            partner,
            hl,
            pl,
            f"Mayor of {partner.name}",
            "partner_signatory",
        ),
        "annex": annex,
        "has_annex": bool(annex),
        "annex_total": annex_total_text,
    }


def agreement_context_of(
    content: AgreementContent,
    *,
    revision: int | None,
    digest: str,
    final: bool = False,
    today: dt.date | None = None,
    status: str = "",
) -> Context:
    """The context of agreement.docx from an agreement's content alone."""
    return cleaned(
        {
            "document": document_fields(
                kind="agreement",
                record_kind="agreement",
                record_id=content.id,
                revision_number=revision,
                digest=digest,
                final=final,
                language=content.home_language,
                today=today,
            ),
            "office": office_fields(content.office),
            "agreement": agreement_fields(content, status=status),
        }
    )


def context_of(
    content: Content,
    doc_kind: str,
    *,
    revision: int | None,
    digest: str,
    final: bool = False,
    today: dt.date | None = None,
    status: str = "",
) -> Context:
    """The context of a document of kind ``doc_kind`` (motion, resolution, vote_sheet,
    agreement) from a content model alone: the one way every document is built."""
    options: dict[str, Any] = {
        "revision": revision,
        "digest": digest,
        "final": final,
        "today": today,
        "status": status,
    }
    if isinstance(content, AgreementContent):
        if doc_kind != "agreement":
            raise DeskError(f"An agreement has no {doc_kind.replace('_', ' ')}.")
        return agreement_context_of(content, **options)
    if doc_kind not in ("motion", "resolution", "vote_sheet"):
        raise DeskError(f"A motion has no document of kind {doc_kind!r}.")
    ctx = motion_context_of(content, **options)
    return as_vote_sheet(ctx, today=today) if doc_kind == "vote_sheet" else ctx


# --------------------------------------------------------------------------- from the record


def _record_status(session: Session, kind: str, record_id: int) -> str:
    record: Motion | Agreement | None = (
        session.get(Motion, record_id) if kind == "motion" else session.get(Agreement, record_id)
    )
    return str(record.status) if record is not None else ""


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


def revision_context(
    session: Session,
    revision: Revision,
    doc_kind: str,
    *,
    final: bool = False,
    today: dt.date | None = None,
) -> Context:
    """The context of a document made from a revision: its content as stored (completed,
    for content stored before the content model, by ``content.fill_missing``). A revision
    not yet stored (``id`` None) is a preview of the working draft and names no number."""
    content = revision_content(session, revision)
    return context_of(
        content,
        doc_kind,
        revision=revision.number if revision.id is not None else None,
        digest=revision.fingerprint,
        final=final,
        today=today,
        status=_record_status(session, revision.record_kind, revision.record_id),
    )


def _context_for(
    session: Session,
    kind: str,
    doc_kind: str,
    record_id: int,
    *,
    final: bool,
    revision: Revision | None,
    author: str | None,
    today: dt.date | None,
) -> Context:
    if session.get(Motion if kind == "motion" else Agreement, record_id) is None:
        raise NotFound(f"There is no {kind} number {record_id}.")
    rev = _revision(session, kind, record_id, revision, author)
    return revision_context(session, rev, doc_kind, final=final, today=today)


def motion_context(
    session: Session,
    motion_id: int,
    *,
    final: bool = False,
    revision: Revision | None = None,
    author: str | None = None,
    today: dt.date | None = None,
) -> Context:
    """The context of motion.docx (or resolution.docx for a resolution), from ``revision``
    or, without one, from the revision the working draft is frozen as now."""
    motion = session.get(Motion, motion_id)
    kind = "resolution" if motion is not None and motion.kind == MotionKind.RESOLUTION else "motion"
    return _context_for(
        session,
        "motion",
        kind,
        motion_id,
        final=final,
        revision=revision,
        author=author,
        today=today,
    )


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
    return _context_for(
        session,
        "motion",
        "vote_sheet",
        motion_id,
        final=final,
        revision=revision,
        author=author,
        today=today,
    )


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
    return _context_for(
        session,
        "agreement",
        "agreement",
        agreement_id,
        final=final,
        revision=revision,
        author=author,
        today=today,
    )


# --------------------------------------------------------------------------- packets


def packet_context(
    session: Session,
    motion_ids: Sequence[int],
    *,
    title: str = "Motions for the vote",
    final: bool = False,
    author: str | None = None,
    today: dt.date | None = None,
    revisions: Sequence[Revision] | None = None,
    meeting_date: dt.date | None = None,
) -> Context:
    """The context of packet_cover.docx: the items of a print packet, in order, as the
    revisions they are printed from say (frozen now when not given), for the meeting of
    ``meeting_date`` (default: the office's next meeting day from today)."""
    if not motion_ids:
        raise Invalid("A packet needs at least one motion.", field="motion_ids")
    items = []
    prints = []
    office: OfficeAsPrinted | None = None
    for n, motion_id in enumerate(motion_ids, start=1):
        if revisions is not None:
            rev = revisions[n - 1]
        else:
            if session.get(Motion, motion_id) is None:
                raise NotFound(f"There is no motion number {motion_id}.")
            rev = _revision(session, "motion", motion_id, None, author)
        prints.append([motion_id, rev.number, rev.fingerprint])
        content = revision_content(session, rev)
        assert isinstance(content, MotionContent)
        office = office or content.office
        fields = motion_fields(content)
        items.append(
            {
                "number": n,
                "council_file": fields["council_file"],
                "council_file_label": fields["council_file_label"],
                "resolution_number": fields["resolution_number"],
                "title": fields["title"],
                "citation": fields["citation"],
                "kind_label": KIND_LABELS["resolution" if content.is_resolution else "motion"],
            }
        )
    meeting = meeting_date or next_meeting(office_profile(session), today or dt.date.today())
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
            "office": office_fields(office or OfficeAsPrinted()),
            "packet": {
                "title": title,
                "count": len(items),
                "entries": items,
                "meeting_date": date_fields(meeting),
            },
        }
    )


_WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def meeting_weekdays(profile: OfficeProfile) -> list[int]:
    """The weekdays (Monday 0) of the office's regular meetings, from its setting
    ("Tuesday, Wednesday, Friday"); every weekday when the setting names none."""
    days = sorted(
        {
            _WEEKDAYS[word]
            for word in re.split(r"[\s,;/]+", profile.meeting_days.casefold())
            if word in _WEEKDAYS
        }
    )
    return days or [0, 1, 2, 3, 4]


def next_meeting(profile: OfficeProfile, today: dt.date) -> dt.date:
    """The office's next regular meeting day on or after ``today``: the day a packet
    printed today is for, unless the person gives another."""
    days = meeting_weekdays(profile)
    for ahead in range(7):
        day = today + dt.timedelta(days=ahead)
        if day.weekday() in days:
            return day
    return today


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
