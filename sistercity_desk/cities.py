"""Cities and the sister-city registry (partnerships) of the home city."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid, NotFound
from .locking import save_versioned
from .text import fold, is_language_tag, tidy


@dataclass
class CityData:
    name: str
    native_name: str = ""
    aliases: list[str] = field(default_factory=list)
    country: str = ""
    country_label: str = ""
    language: str = "en"
    is_home: bool = False


def _values(data: CityData) -> dict[str, Any]:
    name = tidy(data.name)
    if not name:
        raise Invalid("A city needs a name.", field="name")
    language = tidy(data.language) or "en"
    if not is_language_tag(language):
        raise Invalid(
            f"'{language}' is not a language code; write one like en, uk or uk-UA.",
            field="language",
        )
    aliases: list[str] = []
    for alias in data.aliases:
        alias = tidy(alias)
        if alias and fold(alias) not in {fold(a) for a in aliases} and fold(alias) != fold(name):
            aliases.append(alias)
    return {
        "name": name,
        "native_name": tidy(data.native_name),
        "aliases": aliases,
        "country": tidy(data.country),
        "country_label": tidy(data.country_label),
        "language": language,
        "is_home": data.is_home,
    }


def create_city(*, session: Session, data: CityData) -> m.City:
    values = _values(data)
    existing = find_city(session=session, name=str(values["name"]))
    if existing is not None and fold(existing.country) == fold(str(values["country"])):
        raise Invalid(
            f"{existing.name} ({existing.country}) is already in the registry as city "
            f"{existing.id}.",
            field="name",
        )
    city = m.City(**values)
    session.add(city)
    session.flush()
    return city


def update_city(*, session: Session, city_id: int, data: CityData, expected_version: int) -> m.City:
    return save_versioned(
        session, get_city(session=session, city_id=city_id), _values(data), expected_version
    )


def get_city(*, session: Session, city_id: int) -> m.City:
    city = session.get(m.City, city_id)
    if city is None:
        raise NotFound(f"There is no city with id {city_id}. List them with 'list cities'.")
    return city


def find_city(*, session: Session, name: str) -> m.City | None:
    """A city by any of its names: English, native, or an alias ("Kiev" finds Kyiv)."""
    wanted = fold(name.strip())
    for city in session.exec(select(m.City)):
        if wanted in {fold(n) for n in (city.name, city.native_name, *city.aliases) if n}:
            return city
    return None


def home_city(*, session: Session) -> m.City | None:
    return session.exec(select(m.City).where(m.City.is_home == True)).first()  # noqa: E712


def list_cities(*, session: Session) -> list[m.City]:
    return sorted(session.exec(select(m.City)), key=lambda c: fold(c.name))


# --------------------------------------------------------------------------- partnerships


@dataclass
class PartnershipData:
    city_id: int
    status: str = m.PartnershipStatus.PROPOSED.value
    established_year: int | None = None
    established_on: dt.date | None = None
    ordinal: int | None = None
    notes: str = ""


def _partnership_values(data: PartnershipData) -> dict[str, Any]:
    if data.status not in {s.value for s in m.PartnershipStatus}:
        allowed = ", ".join(s.value for s in m.PartnershipStatus)
        raise Invalid(
            f"'{data.status}' is not a partnership status; use one of {allowed}.", field="status"
        )
    year = data.established_year
    if data.established_on is not None:
        if year is not None and year != data.established_on.year:
            raise Invalid(
                "The year established does not match the date established.",
                field="established_year",
            )
        year = data.established_on.year
    if year is not None and not 1900 <= year <= 2200:
        raise Invalid(
            f"{year} is not a plausible year for a partnership.", field="established_year"
        )
    if data.ordinal is not None and data.ordinal < 1:
        raise Invalid("The ordinal of a sister city starts at 1.", field="ordinal")
    return {
        "city_id": data.city_id,
        "status": data.status,
        "established_year": year,
        "established_on": data.established_on,
        "ordinal": data.ordinal,
        "notes": data.notes,
    }


def create_partnership(*, session: Session, data: PartnershipData) -> m.Partnership:
    city = get_city(session=session, city_id=data.city_id)
    if city.is_home:
        raise Invalid(f"{city.name} is the home city; it cannot be its own sister city.")
    existing = session.exec(
        select(m.Partnership).where(m.Partnership.city_id == data.city_id)
    ).first()
    if existing is not None:
        raise Invalid(f"{city.name} already has a partnership (id {existing.id}).", field="city_id")
    partnership = m.Partnership(**_partnership_values(data))
    session.add(partnership)
    session.flush()
    return partnership


def update_partnership(
    *,
    session: Session,
    partnership_id: int,
    data: PartnershipData,
    expected_version: int,
) -> m.Partnership:
    partnership = get_partnership(session=session, partnership_id=partnership_id)
    return save_versioned(session, partnership, _partnership_values(data), expected_version)


def get_partnership(*, session: Session, partnership_id: int) -> m.Partnership:
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFound(
            f"There is no partnership with id {partnership_id}. List them with 'list partnerships'."
        )
    return partnership


@dataclass(frozen=True)
class RegistryRow:
    partnership_id: int
    city_id: int
    name: str
    native_name: str
    country: str
    year: int | None
    status: str
    ordinal: int | None


def registry(*, session: Session) -> list[RegistryRow]:
    """The sister-city registry: ordered by ordinal, then year, then name."""
    rows = session.exec(select(m.Partnership, m.City).join(m.City)).all()
    result = [
        RegistryRow(
            partnership_id=p.id or 0,
            city_id=c.id or 0,
            name=c.name,
            native_name=c.native_name,
            country=c.country_label or c.country,
            year=p.established_year,
            status=p.status,
            ordinal=p.ordinal,
        )
        for p, c in rows
    ]
    return sorted(
        result,
        key=lambda r: (r.ordinal is None, r.ordinal or 0, r.year or 9999, fold(r.name)),
    )
