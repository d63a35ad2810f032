"""Frozen, numbered snapshots of a draft's content, each with a fingerprint of what it says."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from .errors import Invalid, NotFound
from .models import Agreement, City, Motion, Person, Revision, Vote

#: The kinds of record that have revisions.
KINDS = ("motion", "agreement")


def _person(session: Session, person_id: int | None) -> dict[str, Any] | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        return {"id": person_id, "name": "", "native_name": "", "surname": ""}
    return {
        "id": person.id,
        "name": person.full_name,
        "native_name": person.native_name,
        "surname": person.surname,
        "titles": dict(sorted(person.titles.items())),
    }


def _city(session: Session, city_id: int | None) -> dict[str, Any] | None:
    if city_id is None:
        return None
    city = session.get(City, city_id)
    if city is None:
        return {"id": city_id}
    return {
        "id": city.id,
        "name": city.name,
        "native_name": city.native_name,
        "country": city.country,
        "country_label": city.country_label,
        "language": city.language,
    }


def _motion(session: Session, motion: Motion) -> dict[str, Any]:
    votes = session.exec(
        select(Vote)
        .where(Vote.motion_id == motion.id)
        .order_by(col(Vote.meeting_date), col(Vote.id))
    ).all()
    return {
        "kind": "motion",
        "id": motion.id,
        "motion_kind": motion.kind,
        "title": motion.title,
        "council_file": motion.council_file,
        "resolution_number": motion.resolution_number,
        "mover": _person(session, motion.mover_id),
        "presented_for": _person(session, motion.presented_for_id),
        "seconders": [_person(session, s.person_id) for s in motion.seconders],
        "clauses": [{"kind": c.kind, "text": c.text} for c in motion.clauses],
        "committee_id": motion.committee_id,
        "introduced_on": motion.introduced_on.isoformat() if motion.introduced_on else None,
        # The vote is part of what a document prints (the clerk's certificate, the vote
        # sheet), so a recorded vote makes a new revision of what went out.
        "votes": [
            {
                "meeting_date": v.meeting_date.isoformat(),
                "meeting_type": v.meeting_type,
                "action": v.action,
                "threshold": v.threshold,
                "casts": [
                    {"district": c.district, "person_id": c.person_id, "choice": c.choice}
                    for c in v.casts
                ],
            }
            for v in votes
        ],
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _agreement(session: Session, agreement: Agreement) -> dict[str, Any]:
    def date(d: Any) -> str | None:
        return d.isoformat() if d else None

    return {
        "kind": "agreement",
        "id": agreement.id,
        "home_city": _city(session, agreement.home_city_id),
        "partner_city": _city(session, agreement.partner_city_id),
        "home_language": agreement.home_language,
        "partner_language": agreement.partner_language,
        "titles": dict(sorted(agreement.titles.items())),
        "preambles": dict(sorted(agreement.preambles.items())),
        "prevailing_language": agreement.prevailing_language,
        "home_signing_place": agreement.home_signing_place,
        "home_signing_date": date(agreement.home_signing_date),
        "partner_signing_place": agreement.partner_signing_place,
        "partner_signing_date": date(agreement.partner_signing_date),
        "home_signatory": _person(session, agreement.home_signatory_id),
        "partner_signatory": _person(session, agreement.partner_signatory_id),
        "articles": [
            {"headings": dict(sorted(a.headings.items())), "texts": dict(sorted(a.texts.items()))}
            for a in agreement.articles
        ],
        "annex": [
            {
                "description": i.description,
                "quantity": i.quantity,
                "condition": i.condition,
                "estimated_value": _money(i.estimated_value),
                "currency": i.currency,
            }
            for i in agreement.annex_items
        ],
    }


def snapshot(session: Session, kind: str, record_id: int) -> dict[str, Any]:
    """The content of a motion (or resolution) or an agreement as plain JSON-able data.

    Holds what a document prints, in order (clauses, seconders, articles, annex, the recorded
    votes), and nothing about storage (no version counter, no timestamps), so equal content
    gives an equal fingerprint.
    """
    if kind == "motion":
        motion = session.get(Motion, record_id)
        if motion is None:
            raise NotFound(f"There is no motion number {record_id}.")
        return _motion(session, motion)
    if kind == "agreement":
        agreement = session.get(Agreement, record_id)
        if agreement is None:
            raise NotFound(f"There is no agreement number {record_id}.")
        return _agreement(session, agreement)
    raise Invalid(f"Records of kind {kind!r} have no revisions; use one of {', '.join(KINDS)}.")


def canonical_json(content: Any) -> str:
    """The one text form of ``content`` that fingerprints are taken of."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(content: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``content``."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def latest_revision(session: Session, kind: str, record_id: int) -> Revision | None:
    return session.exec(
        select(Revision)
        .where(Revision.record_kind == kind, Revision.record_id == record_id)
        .order_by(col(Revision.number).desc())
        .limit(1)
    ).first()


def current_revision(
    session: Session, kind: str, record_id: int, *, author: str, reason: str = ""
) -> Revision:
    """The revision that holds the record's content as it is now.

    The latest revision is reused when its fingerprint matches; otherwise a new one, numbered
    one higher, is added to the session (flushed, not committed: the caller's transaction
    decides).
    """
    content = snapshot(session, kind, record_id)
    digest = fingerprint(content)
    latest = latest_revision(session, kind, record_id)
    if latest is not None and latest.fingerprint == digest:
        return latest
    revision = Revision(
        record_kind=kind,
        record_id=record_id,
        number=(latest.number + 1) if latest is not None else 1,
        author=author,
        reason=reason,
        fingerprint=digest,
        content=content,
    )
    session.add(revision)
    session.flush()
    return revision
