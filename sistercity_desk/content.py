"""The printable content of a record: one typed, versioned model per kind, frozen whole.

A motion (or resolution) and an agreement each have one content model holding everything
their printed pages show, with names, districts, titles, committee and office wording as
they were when the content was taken (not ids to look up later). A revision stores that
content as JSON (``to_json``); the context builders (documents/context.py), compare, redline,
verify, restore and the records read it back (``from_json``) and never look the people,
cities or office up again. ``content_of`` is the one function that builds it from the
stored record.

Schema 1 is the snapshot stored before this model existed (ids with a few names). It is
read by ``from_json`` as it is; what it did not freeze is filled in by ``fill_missing``
from the database as it is now, which is what documents of that time printed too.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin

from sqlmodel import Session, col, select

from . import people
from .errors import Invalid, NotFound
from .models import (
    Agreement,
    City,
    Committee,
    Motion,
    MotionKind,
    OfficeProfile,
    Person,
    Vote,
)
from .text import guess_surname

#: The version of the content written now. 1: the snapshot of ids and names before the
#: content model; 2: everything the page shows, frozen.
SCHEMA = 2

#: The kinds of record that have content (and revisions).
KINDS = ("motion", "agreement")


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class PersonAsPrinted:
    """A person as a document printed them on the day of the record."""

    id: int | None = None
    name: str = ""
    native_name: str = ""
    surname: str = ""
    #: The council district held that day (None for people without a seat).
    district: int | None = None
    #: The council office held that day ("President", ...).
    office: str = ""
    #: Titles per language code ("Mayor of Kyiv"), for officials of a city.
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficeAsPrinted:
    """The office's wording and its counting rules as they were."""

    city_name: str = ""
    state: str = ""
    country: str = ""
    council_name: str = ""
    seats: int = 15
    quorum: int = 10
    majority_votes: int = 8
    two_thirds_votes: int = 10
    urgency_votes: int = 12
    clerk_name: str = ""
    mayor_name: str = ""
    mayor_title: str = "Mayor"
    attorney_name: str = ""
    language: str = "en"
    #: The council's President on the record's day.
    president_name: str = ""
    #: Names a sponsor citation lists before "et al." (0: every name); see citation.py.
    citation_limit: int = 2

    def profile(self) -> OfficeProfile:
        """A detached office profile with these values (for the counting rules)."""
        return OfficeProfile(
            **{f.name: getattr(self, f.name) for f in fields(self) if f.name != "president_name"}
        )


@dataclass(frozen=True)
class Seat:
    """A district on the record's day and who held it (None: vacant)."""

    district: int
    member: PersonAsPrinted | None = None


@dataclass(frozen=True)
class Cast:
    """One district's vote, with the member named as printed."""

    district: int
    choice: str
    person_id: int | None = None
    member: PersonAsPrinted | None = None


@dataclass(frozen=True)
class VoteAsPrinted:
    meeting_date: str
    meeting_type: str = "Regular"
    action: str = ""
    threshold: str = "majority"
    casts: list[Cast] = field(default_factory=list)
    #: The Clerk chose "Unanimous Vote" for this item's journal line.
    unanimous_wording: bool = False


@dataclass(frozen=True)
class Clause:
    kind: str
    text: str


@dataclass(frozen=True)
class MotionContent:
    """Everything a motion's, resolution's or vote sheet's page shows."""

    id: int
    motion_kind: str = MotionKind.MOTION.value
    title: str = ""
    council_file: str | None = None
    resolution_number: str = ""
    mover: PersonAsPrinted | None = None
    presented_for: PersonAsPrinted | None = None
    seconders: list[PersonAsPrinted] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    committee_id: int | None = None
    #: The committee's name as printed.
    committee: str = ""
    introduced_on: str | None = None
    #: Every recorded vote, oldest first (documents print the latest).
    votes: list[VoteAsPrinted] = field(default_factory=list)
    #: The council on the record's day (a blank vote sheet lists it).
    seats: list[Seat] = field(default_factory=list)
    office: OfficeAsPrinted = field(default_factory=OfficeAsPrinted)
    kind: str = "motion"
    schema: int = SCHEMA

    @property
    def is_resolution(self) -> bool:
        return self.motion_kind == MotionKind.RESOLUTION.value

    @property
    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.introduced_on) if self.introduced_on else None


@dataclass(frozen=True)
class CityAsPrinted:
    id: int | None = None
    name: str = ""
    native_name: str = ""
    aliases: list[str] = field(default_factory=list)
    country: str = ""
    country_label: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Article:
    """An article's heading and text per language code."""

    headings: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnexItem:
    description: str = ""
    quantity: int = 1
    condition: str = ""
    #: A decimal amount as text ("1200.00"), or None when not valued.
    estimated_value: str | None = None
    currency: str = "USD"


@dataclass(frozen=True)
class AgreementContent:
    """Everything an agreement's pages show, in both languages."""

    id: int
    home_city: CityAsPrinted | None = None
    partner_city: CityAsPrinted | None = None
    home_language: str = "en"
    partner_language: str = "en"
    titles: dict[str, str] = field(default_factory=dict)
    preambles: dict[str, str] = field(default_factory=dict)
    prevailing_language: str = ""
    home_signing_place: str = ""
    home_signing_date: str | None = None
    partner_signing_place: str = ""
    partner_signing_date: str | None = None
    home_signatory: PersonAsPrinted | None = None
    partner_signatory: PersonAsPrinted | None = None
    articles: list[Article] = field(default_factory=list)
    annex: list[AnnexItem] = field(default_factory=list)
    office: OfficeAsPrinted = field(default_factory=OfficeAsPrinted)
    kind: str = "agreement"
    schema: int = SCHEMA


Content = MotionContent | AgreementContent

# --------------------------------------------------------------------------- JSON

T = TypeVar("T")


def to_json(content: Any) -> Any:
    """Plain JSON-able data (dicts, lists, strings, numbers) of a content model."""
    if is_dataclass(content) and not isinstance(content, type):
        return {f.name: to_json(getattr(content, f.name)) for f in fields(content)}
    if isinstance(content, list | tuple):
        return [to_json(v) for v in content]
    if isinstance(content, dict):
        return {str(k): to_json(v) for k, v in sorted(content.items())}
    return content


def _read(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, getattr(__import__("types"), "UnionType", Union)):
        args = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _read(args[0], value)
    if origin is list:
        (inner,) = get_args(tp)
        return [_read(inner, v) for v in (value or [])]
    if origin is dict:
        return {str(k): str(v) for k, v in (value or {}).items()}
    if is_dataclass(tp):
        return _build(tp, value if isinstance(value, dict) else {})  # type: ignore[arg-type]
    if tp is int:
        return int(value) if value is not None and value != "" else 0
    if tp is str:
        return "" if value is None else str(value)
    return value


def _build(cls: type[T], data: dict[str, Any]) -> T:
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            values[f.name] = _read(hints[f.name], data[f.name])
        elif f.default is MISSING and f.default_factory is MISSING:
            raise Invalid(f"The stored content has no {f.name!r}; it cannot be read.")
    return cls(**values)


def from_json(data: dict[str, Any]) -> Content:
    """The content model of stored JSON (schema 1 snapshots are read as far as they go:
    what they did not hold stays empty; see ``fill_missing``)."""
    if not isinstance(data, dict):
        raise Invalid("The stored content is not an object; it cannot be read.")
    kind = data.get("kind")
    schema = int(data.get("schema") or 1)
    if schema > SCHEMA:
        raise Invalid(
            f"This content was written by a newer SisterCity Desk (schema {schema}); "
            "update the app to read it."
        )
    body = dict(data)
    body["schema"] = schema
    if schema == 1:
        body.pop("office", None)
    if kind == "motion":
        return _build(MotionContent, body)
    if kind == "agreement":
        return _build(AgreementContent, body)
    raise Invalid(f"The stored content is of an unknown kind {kind!r}.")


def motion_content(data: dict[str, Any]) -> MotionContent:
    content = from_json(data)
    if not isinstance(content, MotionContent):
        raise Invalid("The stored content is not a motion's.")
    return content


def agreement_content(data: dict[str, Any]) -> AgreementContent:
    content = from_json(data)
    if not isinstance(content, AgreementContent):
        raise Invalid("The stored content is not an agreement's.")
    return content


# --------------------------------------------------------------------------- from the record


def _surname(person: Person) -> str:
    return person.surname or guess_surname(person.full_name)


class _Council:
    """The seats of the council by day, read once per content."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._days: dict[dt.date, list[people.SeatRow]] = {}

    def on(self, day: dt.date) -> list[people.SeatRow]:
        if day not in self._days:
            self._days[day] = people.seats_on(session=self.session, on_date=day)
        return self._days[day]

    def person(self, person_id: int | None, day: dt.date) -> PersonAsPrinted | None:
        if person_id is None:
            return None
        found = self.session.get(Person, person_id)
        if found is None:
            return PersonAsPrinted(id=person_id)
        district: int | None = None
        held = ""
        for row in self.on(day):
            if row.member is not None and row.member.id == person_id:
                district, held = row.district, row.office
                break
        else:
            district = people.district_of(session=self.session, person_id=person_id)
        return PersonAsPrinted(
            id=found.id,
            name=found.full_name,
            native_name=found.native_name,
            surname=_surname(found),
            district=district,
            office=held,
            titles=dict(sorted(found.titles.items())),
        )

    def seats(self, day: dt.date) -> list[Seat]:
        return [
            Seat(row.district, self.person(row.member.id, day) if row.member else None)
            for row in self.on(day)
        ]

    def office(self, day: dt.date) -> OfficeAsPrinted:
        from .office import get_office

        profile = get_office(session=self.session) or OfficeProfile()
        president = ""
        for row in self.on(day):
            if row.office.strip().casefold() == "president" and row.member is not None:
                president = row.member.full_name
        return OfficeAsPrinted(
            **{
                f.name: getattr(profile, f.name)
                for f in fields(OfficeAsPrinted)
                if f.name != "president_name"
            },
            president_name=president,
        )


def _votes(session: Session, motion_id: int) -> list[Vote]:
    return list(
        session.exec(
            select(Vote)
            .where(Vote.motion_id == motion_id)
            .order_by(col(Vote.meeting_date), col(Vote.id))
        ).all()
    )


def _motion(session: Session, motion: Motion, today: dt.date) -> MotionContent:
    council = _Council(session)
    day = motion.introduced_on or today
    committee = session.get(Committee, motion.committee_id) if motion.committee_id else None
    return MotionContent(
        id=motion.id or 0,
        motion_kind=str(motion.kind),
        title=motion.title,
        council_file=motion.council_file,
        resolution_number=motion.resolution_number,
        mover=council.person(motion.mover_id, day),
        presented_for=council.person(motion.presented_for_id, day),
        seconders=[p for p in (council.person(s.person_id, day) for s in motion.seconders) if p],
        clauses=[Clause(str(c.kind), c.text) for c in motion.clauses],
        committee_id=motion.committee_id,
        committee=committee.name if committee else "",
        introduced_on=motion.introduced_on.isoformat() if motion.introduced_on else None,
        votes=[
            VoteAsPrinted(
                meeting_date=v.meeting_date.isoformat(),
                meeting_type=v.meeting_type,
                action=v.action,
                threshold=str(v.threshold),
                unanimous_wording=bool(v.unanimous_wording),
                casts=[
                    Cast(
                        district=c.district,
                        choice=str(c.choice),
                        person_id=c.person_id,
                        member=council.person(c.person_id, v.meeting_date),
                    )
                    for c in v.casts
                ],
            )
            for v in _votes(session, motion.id or 0)
        ],
        seats=council.seats(day),
        office=council.office(day),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _city(session: Session, city_id: int | None) -> CityAsPrinted | None:
    if city_id is None:
        return None
    city = session.get(City, city_id)
    if city is None:
        return CityAsPrinted(id=city_id)
    return CityAsPrinted(
        id=city.id,
        name=city.name,
        native_name=city.native_name,
        aliases=list(city.aliases),
        country=city.country,
        country_label=city.country_label,
        language=city.language,
    )


def _agreement(session: Session, agreement: Agreement, today: dt.date) -> AgreementContent:
    council = _Council(session)
    day = agreement.home_signing_date or today

    def date(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return AgreementContent(
        id=agreement.id or 0,
        home_city=_city(session, agreement.home_city_id),
        partner_city=_city(session, agreement.partner_city_id),
        home_language=agreement.home_language,
        partner_language=agreement.partner_language,
        titles=dict(sorted(agreement.titles.items())),
        preambles=dict(sorted(agreement.preambles.items())),
        prevailing_language=agreement.prevailing_language,
        home_signing_place=agreement.home_signing_place,
        home_signing_date=date(agreement.home_signing_date),
        partner_signing_place=agreement.partner_signing_place,
        partner_signing_date=date(agreement.partner_signing_date),
        home_signatory=council.person(agreement.home_signatory_id, day),
        partner_signatory=council.person(agreement.partner_signatory_id, day),
        articles=[
            Article(dict(sorted(a.headings.items())), dict(sorted(a.texts.items())))
            for a in agreement.articles
        ],
        annex=[
            AnnexItem(
                description=i.description,
                quantity=i.quantity,
                condition=i.condition,
                estimated_value=_money(i.estimated_value),
                currency=i.currency,
            )
            for i in agreement.annex_items
        ],
        office=council.office(day),
    )


def content_of(
    session: Session, kind: str, record_id: int, *, today: dt.date | None = None
) -> Content:
    """The content of a motion (or resolution) or an agreement as it is stored now.

    Holds what a document prints, in order, with people, cities, committee and office as
    they are now, and nothing about storage (no version counter, no timestamps, no status),
    so equal content gives an equal fingerprint. ``today`` stands for the day of a record
    that has none yet (whose council is printed).
    """
    day = today or dt.date.today()
    if kind == "motion":
        motion = session.get(Motion, record_id)
        if motion is None:
            raise NotFound(f"There is no motion number {record_id}.")
        return _motion(session, motion, day)
    if kind == "agreement":
        agreement = session.get(Agreement, record_id)
        if agreement is None:
            raise NotFound(f"There is no agreement number {record_id}.")
        return _agreement(session, agreement, day)
    raise Invalid(f"Records of kind {kind!r} have no revisions; use one of {', '.join(KINDS)}.")


def fill_missing(session: Session, content: Content) -> Content:
    """A schema 1 content completed with what it did not freeze (districts, committee name,
    the council's seats, the office), taken from the database as it is now: what documents
    made from it printed. Content of schema 2 is returned as it is."""
    if content.schema >= SCHEMA:
        return content
    council = _Council(session)
    if isinstance(content, MotionContent):
        day = content.day or dt.date.today()

        def again(p: PersonAsPrinted | None) -> PersonAsPrinted | None:
            if p is None or p.id is None:
                return p
            live = council.person(p.id, day)
            # The name the snapshot froze wins over today's.
            if live is None:
                return p
            return PersonAsPrinted(
                id=p.id,
                name=p.name or live.name,
                native_name=p.native_name or live.native_name,
                surname=p.surname or live.surname,
                district=live.district,
                office=live.office,
                titles=p.titles or live.titles,
            )

        committee = session.get(Committee, content.committee_id) if content.committee_id else None
        votes = [
            VoteAsPrinted(
                v.meeting_date,
                v.meeting_type,
                v.action,
                v.threshold,
                [
                    Cast(
                        c.district,
                        c.choice,
                        c.person_id,
                        council.person(c.person_id, dt.date.fromisoformat(v.meeting_date)),
                    )
                    for c in v.casts
                ],
            )
            for v in content.votes
        ]
        return MotionContent(
            **{
                **{f.name: getattr(content, f.name) for f in fields(content)},
                "mover": again(content.mover),
                "presented_for": again(content.presented_for),
                "seconders": [p for p in (again(s) for s in content.seconders) if p],
                "committee": committee.name if committee else "",
                "votes": votes,
                "seats": council.seats(day),
                "office": council.office(day),
            }
        )
    day_text = content.home_signing_date
    day = dt.date.fromisoformat(day_text) if day_text else dt.date.today()

    def city(c: CityAsPrinted | None) -> CityAsPrinted | None:
        if c is None or c.id is None:
            return c
        return _city(session, c.id) if not c.name else c

    def signatory(p: PersonAsPrinted | None) -> PersonAsPrinted | None:
        if p is None or p.id is None or p.name:
            return p
        return council.person(p.id, day)

    return AgreementContent(
        **{
            **{f.name: getattr(content, f.name) for f in fields(content)},
            "home_city": city(content.home_city),
            "partner_city": city(content.partner_city),
            "home_signatory": signatory(content.home_signatory),
            "partner_signatory": signatory(content.partner_signatory),
            "office": council.office(day),
        }
    )
