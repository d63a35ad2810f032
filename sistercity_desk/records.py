"""Plain-data views of records (dicts of JSON-ready values) for the command line and exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from . import agreements, cities, clauses, motions, people, process
from . import models as m
from . import votes as votes_mod
from .errors import Invalid
from .workflow import motion_citation as citation_of

KINDS = ("motion", "agreement", "city", "partnership", "person", "clause")


def _v(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _name(session: Session, person_id: int | None) -> str | None:
    person = session.get(m.Person, person_id) if person_id else None
    return person.full_name if person else None


def person_brief(session: Session, person_id: int | None) -> dict[str, Any] | None:
    if not person_id:
        return None
    person = session.get(m.Person, person_id)
    if person is None:
        return None
    return {
        "id": person.id,
        "name": person.full_name,
        "district": people.district_of(session=session, person_id=person_id),
    }


def motion_dict(session: Session, motion: m.Motion) -> dict[str, Any]:
    committee = session.get(m.Committee, motion.committee_id) if motion.committee_id else None
    motion_votes = votes_mod.votes_of(session, motion.id or 0)
    return {
        "id": motion.id,
        "kind": motion.kind,
        "title": motion.title,
        "council_file": motion.council_file,
        "resolution_number": motion.resolution_number,
        "status": motion.status,
        "introduced_on": _v(motion.introduced_on),
        "mover": person_brief(session, motion.mover_id),
        "presented_for": person_brief(session, motion.presented_for_id),
        "seconders": [person_brief(session, s.person_id) for s in motion.seconders],
        "committee": committee.name if committee else None,
        "partnership_id": motion.partnership_id,
        "clauses": [{"kind": c.kind, "text": c.text} for c in motion.clauses],
        "activity": [
            {"date": _v(a.on_date), "kind": a.kind, "text": a.text} for a in motion.activities
        ],
        "citation": citation_of(session, motion),
        "votes": [votes_mod.vote_summary(session, v.id or 0) for v in motion_votes],
        "version": motion.version,
        "updated_at": _v(motion.updated_at),
    }


def agreement_dict(session: Session, agreement: m.Agreement) -> dict[str, Any]:
    home = session.get(m.City, agreement.home_city_id)
    partner = session.get(m.City, agreement.partner_city_id)
    return {
        "id": agreement.id,
        "status": agreement.status,
        "home_city": home.name if home else None,
        "partner_city": partner.name if partner else None,
        "languages": [agreement.home_language, agreement.partner_language],
        "titles": agreement.titles,
        "preambles": agreement.preambles,
        "articles": [{"headings": a.headings, "texts": a.texts} for a in agreement.articles],
        "annex": [
            {
                "description": i.description,
                "quantity": i.quantity,
                "condition": i.condition,
                "estimated_value": _v(i.estimated_value),
                "currency": i.currency,
            }
            for i in agreement.annex_items
        ],
        "signing": {
            "home": {
                "place": agreement.home_signing_place,
                "date": _v(agreement.home_signing_date),
                "signatory": _name(session, agreement.home_signatory_id),
            },
            "partner": {
                "place": agreement.partner_signing_place,
                "date": _v(agreement.partner_signing_date),
                "signatory": _name(session, agreement.partner_signatory_id),
            },
        },
        "version": agreement.version,
    }


def city_dict(city: m.City) -> dict[str, Any]:
    return {
        "id": city.id,
        "name": city.name,
        "native_name": city.native_name,
        "aliases": city.aliases,
        "country": city.country,
        "country_label": city.country_label,
        "language": city.language,
        "is_home": city.is_home,
    }


def partnership_dict(session: Session, partnership: m.Partnership) -> dict[str, Any]:
    city = session.get(m.City, partnership.city_id)
    return {
        "id": partnership.id,
        "city": city.name if city else None,
        "native_name": city.native_name if city else None,
        "country": (city.country_label or city.country) if city else None,
        "status": partnership.status,
        "established_year": partnership.established_year,
        "established_on": _v(partnership.established_on),
        "ordinal": partnership.ordinal,
        "notes": partnership.notes,
        "timeline": process.timeline(session, partnership.id or 0),
    }


def person_dict(session: Session, person: m.Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.full_name,
        "surname": person.surname,
        "native_name": person.native_name,
        "role": person.role,
        "titles": person.titles,
        "district": people.district_of(session=session, person_id=person.id or 0),
        "seats": [seat_dict(s) for s in people.seats_of(session=session, person_id=person.id or 0)],
    }


def seat_dict(seat: m.CouncilSeat) -> dict[str, Any]:
    """One term of a district: who (None: vacant), from, to (None: open), office held."""
    return {
        "id": seat.id,
        "district": seat.district,
        "person_id": seat.person_id,
        "term_start": _v(seat.term_start),
        "term_end": _v(seat.term_end),
        "office": seat.office,
    }


def clause_dict(clause: m.StandardClause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "title": clause.title,
        "kind": clause.kind,
        "texts": clause.texts,
        "tags": clause.tags,
    }


def describe(session: Session, kind: str, record_id: int) -> dict[str, Any]:
    """One record, whole, as plain data."""
    if kind == "motion":
        return motion_dict(session, motions.get_motion(session=session, motion_id=record_id))
    if kind == "agreement":
        agreement = agreements.get_agreement(session=session, agreement_id=record_id)
        return agreement_dict(session, agreement)
    if kind == "city":
        return city_dict(cities.get_city(session=session, city_id=record_id))
    if kind == "partnership":
        partnership = cities.get_partnership(session=session, partnership_id=record_id)
        return partnership_dict(session, partnership)
    if kind == "person":
        return person_dict(session, people.get_person(session=session, person_id=record_id))
    if kind == "clause":
        return clause_dict(clauses.get_clause(session=session, clause_id=record_id))
    raise Invalid(f"'{kind}' is not a kind of record; use one of {', '.join(KINDS)}.")
