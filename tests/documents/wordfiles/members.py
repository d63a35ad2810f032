"""The members the corpus names besides the demo office's 2022 council, with their seats."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from sistercity_desk import models as m
from sistercity_desk import people

#: (name, district, first day): members who took their seats after March 2022. Jane Lee is a
#: namesake of John S. Lee with no seat, so that "J. LEE" matches two people.
LATER = [
    ("Heather Hutt", 10, dt.date(2022, 9, 2)),
    ("Tim McOsker", 15, dt.date(2022, 12, 12)),
    ("Hugo Soto-Martínez", 13, dt.date(2022, 12, 12)),
    ("Imelda Padilla", 6, dt.date(2023, 8, 11)),
    ("Jane Lee", None, None),
]


def add_later_members(session: Session) -> dict[str, int]:
    """Add them (after the demo office is loaded); returns name -> person id."""
    ids: dict[str, int] = {}
    for name, district, start in LATER:
        person = people.create_person(session=session, data=people.PersonData(full_name=name))
        assert person.id is not None
        ids[name] = person.id
        if district is not None:
            # A newer seat in a district takes over from its start: the demo's seats run on.
            session.add(m.CouncilSeat(district=district, person_id=person.id, term_start=start))
    session.flush()
    return ids
