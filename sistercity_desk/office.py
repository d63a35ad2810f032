"""The office profile: which council this copy of the app serves, its seats and thresholds."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid
from .locking import save_versioned
from .text import tidy


def get_office(*, session: Session) -> m.OfficeProfile | None:
    return session.exec(select(m.OfficeProfile).order_by(m.OfficeProfile.id)).first()  # type: ignore[arg-type]


def is_set_up(*, session: Session) -> bool:
    return get_office(session=session) is not None


@dataclass
class OfficeData:
    city_name: str
    council_name: str = "City Council"
    seats: int = 15
    state: str = ""
    country: str = ""
    clerk_name: str = ""
    mayor_name: str = ""
    attorney_name: str = ""
    user_name: str = ""
    quorum: int | None = None
    majority_votes: int | None = None
    two_thirds_votes: int | None = None
    urgency_votes: int | None = None
    #: Names a sponsor citation lists whole before "et al." (0: every name).
    citation_limit: int = 2


def _thresholds(seats: int) -> dict[str, int]:
    """Defaults from the size of the council: majority of the whole, two thirds, three quarters
    rounded up (15 seats: 8, 10, 12)."""
    return {
        "majority_votes": seats // 2 + 1,
        "two_thirds_votes": -(-2 * seats // 3),
        "urgency_votes": -(-3 * seats // 4),
        "quorum": -(-2 * seats // 3),
    }


def save_office(
    *, session: Session, data: OfficeData, expected_version: int | None = None
) -> m.OfficeProfile:
    """Create or update the one office profile."""
    values: dict[str, Any] = {f.name: getattr(data, f.name) for f in fields(data)}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = tidy(value)
    if not values["city_name"]:
        raise Invalid("The office needs the name of its city.", field="city_name")
    if not values["council_name"]:
        raise Invalid("The office needs the name of its council.", field="council_name")
    if not 1 <= data.seats <= 200:
        raise Invalid("The number of council seats must be between 1 and 200.", field="seats")
    for key, default in _thresholds(data.seats).items():
        if values.get(key) is None:
            values[key] = default
        elif not 1 <= values[key] <= data.seats:
            raise Invalid(
                f"{key.replace('_', ' ')} must be between 1 and the {data.seats} seats.", field=key
            )
    if data.citation_limit == 1 or not 0 <= data.citation_limit <= 50:
        raise Invalid(
            "A citation lists at least the mover and one seconder: give 2 or more names, or 0 "
            "for every name.",
            field="citation_limit",
        )
    office = get_office(session=session)
    if office is None:
        office = m.OfficeProfile(**values)
        session.add(office)
        session.flush()
        return office
    # The one office profile is saved whole from the settings dialog or the demo; without a
    # version from the caller it is saved over what is stored (a create-or-update).
    version = office.version if expected_version is None else expected_version
    return save_versioned(session, office, values, version)
