"""Table models of the smaller lists: agreements, the sister-city registry and a
partnership's steps, people and seats, standard clauses, templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import agreements, cities, clauses, people
from sistercity_desk import models as m
from sistercity_desk.text import district_short

from .base import Column, RowsModel, label, local_time

# --------------------------------------------------------------------------- agreements


@dataclass(frozen=True)
class AgreementRow:
    id: int
    partner: str
    title: str
    languages: str
    status: str
    updated_at: dt.datetime | None


class AgreementListModel(RowsModel):
    COL_PARTNER = 0
    COL_TITLE = 1
    COL_LANGUAGES = 2
    COL_STATUS = 3
    COL_UPDATED = 4
    COLUMNS = (
        Column("Partner city", lambda r: r.partner),
        Column("Title", lambda r: r.title),
        Column("Languages", lambda r: r.languages),
        Column("Status", lambda r: label(r.status), sort=lambda r: r.status),
        Column("Updated", lambda r: local_time(r.updated_at)),
    )

    def __init__(self, engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine

    def read(self, session: Session) -> list[Any]:
        rows = []
        for a in agreements.list_agreements(session=session):
            partner = session.get(m.City, a.partner_city_id)
            rows.append(
                AgreementRow(
                    id=a.id or 0,
                    partner=partner.name if partner else "",
                    title=a.titles.get(a.home_language, "") or "(no title yet)",
                    languages=f"{a.home_language} + {a.partner_language}",
                    status=a.status,
                    updated_at=a.updated_at,
                )
            )
        return rows


# --------------------------------------------------------------------------- sister cities


class RegistryModel(RowsModel):
    """The sister-city registry (``cities.registry``); a row's record is the partnership."""

    COL_ORDINAL = 0
    COL_NAME = 1
    COL_NATIVE = 2
    COL_COUNTRY = 3
    COL_YEAR = 4
    COL_STATUS = 5
    COLUMNS = (
        Column("No.", lambda r: r.ordinal, sort=lambda r: r.ordinal, align_right=True),
        Column("City", lambda r: r.name),
        Column("Native name", lambda r: r.native_name),
        Column("Country", lambda r: r.country),
        Column("Year", lambda r: r.year, sort=lambda r: r.year, align_right=True),
        Column("Status", lambda r: label(r.status), sort=lambda r: r.status),
    )

    def __init__(self, engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine

    def record_id(self, row: cities.RegistryRow) -> int | None:
        return row.partnership_id

    def read(self, session: Session) -> list[Any]:
        return list(cities.registry(session=session))

    def partnership_for_city(self, city_id: int) -> int | None:
        for row in self._rows:
            if row.city_id == city_id:
                return int(row.partnership_id)
        return None


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonRow:
    id: int | None
    district: int | None
    name: str
    role: str
    detail: str
    #: member, vacant, official or staff: what the filter combo compares with.
    group: str


class PeopleModel(RowsModel):
    """Council seats (vacancies shown as "Vacant"), past members (and members with no seat
    recorded), then partner officials and staff."""

    COL_DISTRICT = 0
    COL_NAME = 1
    COL_ROLE = 2
    COL_DETAIL = 3
    COLUMNS = (
        Column(
            "District",
            lambda r: district_short(r.district) if r.district else "",
            sort=lambda r: r.district,
        ),
        Column("Name", lambda r: r.name),
        Column("Role", lambda r: r.role),
        Column("Office / title", lambda r: r.detail),
    )
    GROUPS = {
        "member": "Council members",
        "vacant": "Vacant seats",
        "former": "Past members",
        "official": "Partner officials",
        "staff": "Staff",
    }

    def __init__(self, engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine

    def status(self, row: PersonRow) -> str:
        return row.group

    def read(self, session: Session) -> list[Any]:
        rows: list[PersonRow] = []
        for seat in people.seats_on(session=session):
            if seat.member is None:
                rows.append(PersonRow(None, seat.district, "Vacant", "Seat", "", "vacant"))
            else:
                rows.append(
                    PersonRow(
                        seat.member.id,
                        seat.district,
                        seat.member.full_name,
                        "Councilmember",
                        seat.office,
                        "member",
                    )
                )
        seated = {row.id for row in rows}
        for person in people.list_people(session=session, role=m.PersonRole.MEMBER.value):
            if person.id in seated:
                continue
            terms = people.seats_of(session=session, person_id=person.id or 0)
            last = terms[-1] if terms else None
            if last is None:
                detail = "No seat term recorded"
            elif last.term_end is not None:
                detail = f"Until {last.term_end.isoformat()}"
            else:
                detail = f"From {last.term_start.isoformat() if last.term_start else '?'}"
            rows.append(
                PersonRow(
                    person.id,
                    last.district if last else None,
                    person.full_name,
                    "Past councilmember",
                    detail,
                    "former",
                )
            )
        for role, group in (("official", "official"), ("staff", "staff")):
            for person in people.list_people(session=session, role=role):
                city = session.get(m.City, person.city_id) if person.city_id else None
                title = person.titles.get("en") or next(iter(person.titles.values()), "")
                where = f" ({city.name})" if city and city.name not in title else ""
                rows.append(
                    PersonRow(
                        person.id,
                        None,
                        person.full_name,
                        "Partner official" if role == "official" else "Staff",
                        f"{title}{where}",
                        group,
                    )
                )
        return rows


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True)
class ClauseRow:
    id: int
    title: str
    kind: str
    languages: str
    tags: str


class ClauseListModel(RowsModel):
    COL_TITLE = 0
    COL_KIND = 1
    COL_LANGUAGES = 2
    COL_TAGS = 3
    COLUMNS = (
        Column("Title", lambda r: r.title),
        Column("Kind", lambda r: label(r.kind), sort=lambda r: r.kind),
        Column("Languages", lambda r: r.languages),
        Column("Tags", lambda r: r.tags),
    )

    def __init__(self, engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine

    def status(self, row: ClauseRow) -> str:
        return row.kind

    def read(self, session: Session) -> list[Any]:
        return [
            ClauseRow(c.id or 0, c.title, c.kind, ", ".join(sorted(c.texts)), ", ".join(c.tags))
            for c in clauses.list_clauses(session=session)
        ]


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplateRow:
    id: int
    name: str
    #: "shipped" or "office".
    source: str
    path: Path
    modified: dt.datetime | None
    #: The kind of document it makes ("motion", "agreement" ...), or "" when unknown.
    kind: str
    #: True for an office template that replaces a shipped one of the same name.
    overrides: bool


def find_templates() -> list[TemplateRow]:
    """The Word templates the app uses (``documents.templates.list_templates``: the office's
    own first, each name once)."""
    from sistercity_desk.documents import templates

    rows: list[TemplateRow] = []
    for number, info in enumerate(templates.list_templates(), start=1):
        stat = info.path.stat()
        rows.append(
            TemplateRow(
                id=number,
                name=info.path.stem,
                source=info.source,
                path=info.path,
                modified=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
                kind=templates.kind_of(info.path) or "",
                overrides=info.overrides,
            )
        )
    return rows


class TemplateListModel(RowsModel):
    COL_NAME = 0
    COL_KIND = 1
    COL_SOURCE = 2
    COL_MODIFIED = 3
    COLUMNS = (
        Column("Template", lambda r: r.name),
        Column("For", lambda r: label(r.kind) if r.kind else "Other documents"),
        Column(
            "Source",
            lambda r: (
                ("Office (replaces the shipped one)" if r.overrides else "Office")
                if r.source == "office"
                else "Shipped"
            ),
        ),
        Column("Modified", lambda r: local_time(r.modified)),
    )

    READS_DATABASE = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)

    def status(self, row: TemplateRow) -> str:
        return row.source

    def refresh(self) -> None:
        self.set_rows(find_templates())
