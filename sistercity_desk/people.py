"""People and council seats: members, partner-city officials, vacancies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from . import models as m
from .errors import Invalid, NotFound
from .locking import save_versioned
from .text import clean, guess_surname, surname_sort_key, tidy, tidy_texts


@dataclass
class PersonData:
    full_name: str
    surname: str = ""
    native_name: str = ""
    honorific: str = ""
    role: str = m.PersonRole.MEMBER.value
    titles: dict[str, str] = field(default_factory=dict)
    city_id: int | None = None
    email: str = ""
    notes: str = ""


def _values(data: PersonData) -> dict[str, Any]:
    name = tidy(data.full_name)
    if not name:
        raise Invalid("A person needs a name.", field="full_name")
    if data.role not in {r.value for r in m.PersonRole}:
        raise Invalid(f"'{data.role}' is not a role; use member, official or staff.", field="role")
    return {
        "full_name": name,
        "surname": tidy(data.surname) or guess_surname(name),
        "native_name": tidy(data.native_name),
        "honorific": tidy(data.honorific),
        "role": data.role,
        "titles": tidy_texts(data.titles),
        "city_id": data.city_id,
        "email": tidy(data.email),
        "notes": clean(data.notes),
    }


def create_person(*, session: Session, data: PersonData) -> m.Person:
    person = m.Person(**_values(data))
    session.add(person)
    session.flush()
    return person


def update_person(
    *, session: Session, person_id: int, data: PersonData, expected_version: int
) -> m.Person:
    return save_versioned(
        session, get_person(session=session, person_id=person_id), _values(data), expected_version
    )


def get_person(*, session: Session, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None:
        raise NotFound(f"There is no person with id {person_id}. List them with 'list people'.")
    return person


def list_people(*, session: Session, role: str | None = None) -> list[m.Person]:
    query = select(m.Person)
    if role:
        query = query.where(m.Person.role == role)
    people = list(session.exec(query))
    return sorted(people, key=lambda p: (surname_sort_key(p.surname), p.full_name))


def delete_person(*, session: Session, person_id: int) -> None:
    person = get_person(session=session, person_id=person_id)
    in_use = (
        session.exec(
            select(m.Motion.id).where(
                or_(
                    col(m.Motion.mover_id) == person_id, col(m.Motion.presented_for_id) == person_id
                )
            )
        ).first()
        or session.exec(
            select(m.MotionSeconder.id).where(m.MotionSeconder.person_id == person_id)
        ).first()
    )
    if in_use:
        raise Invalid(
            f"{person.full_name} moved or seconded motions and cannot be deleted. "
            "End their seat's term instead."
        )
    for seat in session.exec(select(m.CouncilSeat).where(m.CouncilSeat.person_id == person_id)):
        seat.person_id = None
    session.delete(person)
    session.flush()


# --------------------------------------------------------------------------- seats


@dataclass(frozen=True)
class SeatRow:
    """A district and who holds it on a day (member None: vacant)."""

    district: int
    seat_id: int | None
    member: m.Person | None
    office: str


def seats_on(*, session: Session, on_date: dt.date | None = None) -> list[SeatRow]:
    """Every district of the council on ``on_date`` (default: today), vacancies included."""
    from .office import get_office

    day = on_date or dt.date.today()
    office = get_office(session=session)
    seat_count = office.seats if office else 15
    rows: list[SeatRow] = []
    seats = list(session.exec(select(m.CouncilSeat)))
    # Every member in one query (a document's context asks for the seats with a fresh
    # session: a query per member otherwise). Held here: the session keeps them only weakly.
    member_ids = {s.person_id for s in seats if s.person_id is not None}
    members = (
        {p.id: p for p in session.exec(select(m.Person).where(col(m.Person.id).in_(member_ids)))}
        if member_ids
        else {}
    )
    for district in range(1, seat_count + 1):
        current = [
            s
            for s in seats
            if s.district == district
            and (s.term_start is None or s.term_start <= day)
            and (s.term_end is None or day <= s.term_end)
        ]
        current.sort(key=lambda s: s.term_start or dt.date.min, reverse=True)
        seat = current[0] if current else None
        member = members.get(seat.person_id) if seat and seat.person_id else None
        rows.append(
            SeatRow(district, seat.id if seat else None, member, seat.office if seat else "")
        )
    return rows


def district_of(*, session: Session, person_id: int, on_date: dt.date | None = None) -> int | None:
    """The district a member held on a day (their latest seat when the day is unknown)."""
    seats = list(session.exec(select(m.CouncilSeat).where(m.CouncilSeat.person_id == person_id)))
    if not seats:
        return None
    if on_date is not None:
        for seat in seats:
            if (seat.term_start is None or seat.term_start <= on_date) and (
                seat.term_end is None or on_date <= seat.term_end
            ):
                return seat.district
    seats.sort(key=lambda s: s.term_start or dt.date.min)
    return seats[-1].district


def current_members(*, session: Session, on_date: dt.date | None = None) -> list[m.Person]:
    """Members holding a seat on the day, sorted by surname: the mover and seconder picker."""
    members = [row.member for row in seats_on(session=session, on_date=on_date) if row.member]
    return sorted(members, key=lambda p: surname_sort_key(p.surname))


def assign_seat(
    *,
    session: Session,
    district: int,
    person_id: int | None,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    office: str = "",
) -> m.CouncilSeat:
    """Record who holds a district for a term (person_id None records a vacancy)."""
    from .office import get_office

    profile = get_office(session=session)
    seat_count = profile.seats if profile else 15
    if not 1 <= district <= seat_count:
        raise Invalid(f"District must be between 1 and {seat_count}.", field="district")
    if term_start and term_end and term_end < term_start:
        raise Invalid("A term cannot end before it starts.", field="term_end")
    if person_id is not None:
        get_person(session=session, person_id=person_id)
    seat = m.CouncilSeat(
        district=district,
        person_id=person_id,
        term_start=term_start,
        term_end=term_end,
        office=office,
    )
    session.add(seat)
    session.flush()
    return seat
