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
from .text import clean, fold, guess_surname, surname_sort_key, tidy, tidy_texts


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


def _long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def who(person: m.Person) -> str:
    """A person as a message names them: "Eric Garcetti (Mayor of Los Angeles)"."""
    title = person.titles.get("en") or next(iter(person.titles.values()), "")
    return f"{person.full_name} ({title})" if title else person.full_name


def seat_problem(
    *, session: Session, person_id: int, on_date: dt.date, role: str = "move the item"
) -> str | None:
    """Why a person cannot ``role`` ("move the item", "second the item" ...) on a day: they
    hold no council seat that day. None when they do."""
    if any(
        row.member is not None and row.member.id == person_id
        for row in seats_on(session=session, on_date=on_date)
    ):
        return None
    person = get_person(session=session, person_id=person_id)
    seats = list(session.exec(select(m.CouncilSeat).where(m.CouncilSeat.person_id == person_id)))
    day = _long_day(on_date)
    if not seats:
        why = f"holds no council seat on {day}"
    else:
        seats.sort(key=lambda s: s.term_start or dt.date.min)
        terms = "; ".join(_term_text(seat) for seat in seats)
        why = f"does not hold a council seat on {day} (seat: {terms})"
    return (
        f"{who(person)} {why}: only a member of the council seated that day can {role}. "
        "Choose a councilmember, or check the date and the member's term."
    )


def _term_text(seat: m.CouncilSeat) -> str:
    return f"CD {seat.district}, {_span(seat)}"


def _span(seat: m.CouncilSeat) -> str:
    start = f"from {_long_day(seat.term_start)}" if seat.term_start else "from the start"
    end = f"to {_long_day(seat.term_end)}" if seat.term_end else "with no end date"
    return f"{start} {end}"


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
    """Record who holds a district for a term (person_id None records a vacancy).

    Terms of one district do not overlap: a member's term that would is refused, naming who
    holds the seat then; a recorded vacancy gives way (it is shortened around the new term).
    """
    from .office import get_office

    profile = get_office(session=session)
    seat_count = profile.seats if profile else 15
    if not 1 <= district <= seat_count:
        raise Invalid(f"District must be between 1 and {seat_count}.", field="district")
    if term_start and term_end and term_end < term_start:
        raise Invalid("A term cannot end before it starts.", field="term_end")
    if person_id is not None:
        get_person(session=session, person_id=person_id)
    _make_room(session, district, person_id, term_start, term_end)
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


def _overlaps(seat: m.CouncilSeat, start: dt.date | None, end: dt.date | None) -> bool:
    return (seat.term_start is None or end is None or seat.term_start <= end) and (
        seat.term_end is None or start is None or start <= seat.term_end
    )


def _make_room(
    session: Session,
    district: int,
    person_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    one_day = dt.timedelta(days=1)
    for seat in session.exec(select(m.CouncilSeat).where(m.CouncilSeat.district == district)):
        if not _overlaps(seat, start, end):
            continue
        if seat.person_id is None and person_id is not None:
            # A recorded vacancy gives way to the member who held the seat: what is left of
            # it before and after the new term stays recorded.
            before = start is not None and (seat.term_start is None or seat.term_start < start)
            after = end is not None and (seat.term_end is None or seat.term_end > end)
            if before and after:
                assert end is not None
                session.add(
                    m.CouncilSeat(
                        district=district,
                        person_id=None,
                        term_start=end + one_day,
                        term_end=seat.term_end,
                    )
                )
            if before:
                assert start is not None
                seat.term_end = start - one_day
            elif after:
                assert end is not None
                seat.term_start = end + one_day
            else:
                session.delete(seat)
            continue
        holder = session.get(m.Person, seat.person_id) if seat.person_id else None
        name = holder.full_name if holder else "a vacancy"
        raise Invalid(
            f"CD {district} is held by {name} {_span(seat)}, which overlaps this term. End "
            "that term first (seat vacate), or give other dates.",
            field="term_start",
        )


def seats_of(*, session: Session, person_id: int) -> list[m.CouncilSeat]:
    """A person's seats (terms), oldest first."""
    seats = list(session.exec(select(m.CouncilSeat).where(m.CouncilSeat.person_id == person_id)))
    return sorted(seats, key=lambda s: (s.term_start or dt.date.min, s.id or 0))


def list_seats(*, session: Session) -> list[m.CouncilSeat]:
    """Every recorded term of every district, by district then start."""
    seats = list(session.exec(select(m.CouncilSeat)))
    return sorted(seats, key=lambda s: (s.district, s.term_start or dt.date.min, s.id or 0))


def vacate_seat(*, session: Session, district: int, on_date: dt.date) -> m.CouncilSeat:
    """The member holding ``district`` leaves it: their term ends the day before ``on_date``,
    from which the seat is vacant (until someone else is assigned)."""
    row = next(
        (r for r in seats_on(session=session, on_date=on_date) if r.district == district), None
    )
    if row is None or row.seat_id is None or row.member is None:
        raise Invalid(
            f"CD {district} has no member on {_long_day(on_date)}: there is no term to end.",
            field="district",
        )
    seat = session.get(m.CouncilSeat, row.seat_id)
    assert seat is not None
    if seat.term_start is not None and seat.term_start >= on_date:
        raise Invalid(
            f"{row.member.full_name}'s term in CD {district} starts on "
            f"{_long_day(seat.term_start)}: it cannot end before it starts.",
            field="on_date",
        )
    seat.term_end = on_date - dt.timedelta(days=1)
    session.flush()
    return seat


def _name_keys(person: m.Person) -> set[str]:
    """The folded forms a person can be named by: surname, full name, the full name without
    a suffix or middle initials ("Curren Price" for "Curren D. Price, Jr.")."""
    full = person.full_name
    plain = full.split(",")[0]
    words = [w for w in plain.split() if not (len(w) <= 2 and w.endswith("."))]
    keys = {full, plain, " ".join(words), person.surname or guess_surname(full)}
    return {name_key(k) for k in keys if k.strip()}


def name_key(text: str) -> str:
    """How names are compared: accents, case and apostrophes folded, spaces collapsed
    ("O’Farrell", "o'farrell" and "OFarrell" are one key)."""
    return " ".join(fold(text).replace("'", "").replace(".", " ").split())


def find_person(
    *,
    session: Session,
    ref: str,
    on_date: dt.date | None = None,
    members_only: bool = False,
) -> m.Person:
    """A person by id or by an unambiguous name (surname or full name; accents, case and
    apostrophes folded). With ``members_only`` only members seated on ``on_date`` count,
    which is how a roll call names them. Ambiguous or unknown names say so in one line."""
    text = ref.strip()
    if text.isdigit():
        return get_person(session=session, person_id=int(text))
    if not text:
        raise Invalid("Give a person's id or name.")
    if members_only:
        pool = [r.member for r in seats_on(session=session, on_date=on_date) if r.member]
    else:
        pool = list_people(session=session)
    wanted = name_key(text)
    found = [p for p in pool if wanted in _name_keys(p)]
    if not found:
        # A single given name or any whole part of the name ("Nithya", "Paul"), if only one
        # person has it.
        found = [p for p in pool if wanted in name_key(p.full_name).split()]
    if len(found) == 1:
        return found[0]
    where = f" seated on {_long_day(on_date or dt.date.today())}" if members_only else ""
    if not found:
        raise Invalid(
            f"No person{where} is called '{text}'. List them with 'sistercity person list'."
        )
    names = ", ".join(f"{p.full_name} (id {p.id})" for p in found)
    raise Invalid(f"'{text}' names {len(found)} people{where}: {names}. Give the id instead.")
