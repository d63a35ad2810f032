"""Frozen, numbered snapshots of a draft's content, each with a fingerprint of what it says."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from . import content as content_mod
from . import settings as settings_mod
from .agreements import AgreementData, AnnexItemData, ArticleData
from .errors import DeskError, Invalid, NotFound
from .models import (
    Agreement,
    AgreementStatus,
    Motion,
    MotionKind,
    OfficeProfile,
    Revision,
)
from .motions import ClauseData, MotionData

#: The kinds of record that have revisions.
KINDS = ("motion", "agreement")


def snapshot(session: Session, kind: str, record_id: int) -> dict[str, Any]:
    """The content of a motion (or resolution) or an agreement as it is now, as JSON (the
    content model of content.py): what a revision stores and its fingerprint is taken of."""
    data: dict[str, Any] = content_mod.to_json(content_mod.content_of(session, kind, record_id))
    return data


def canonical_json(content: Any) -> str:
    """The one text form of ``content`` that fingerprints are taken of."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(content: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``content``."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def revision_content(session: Session, revision: Revision) -> content_mod.Content:
    """The content model a revision holds (content stored before the content model is
    completed from the database as it is now: see content.fill_missing)."""
    return content_mod.fill_missing(session, content_mod.from_json(dict(revision.content)))


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
    latest = latest_revision(session, kind, record_id)
    if latest is not None and latest.fingerprint == fingerprint(content):
        return latest
    return add_revision(session, kind, record_id, content, author=author, reason=reason)


def add_revision(
    session: Session,
    kind: str,
    record_id: int,
    content: dict[str, Any],
    *,
    author: str,
    reason: str = "",
) -> Revision:
    """Append ``content`` as the record's next numbered revision (flushed, not committed)."""
    latest = latest_revision(session, kind, record_id)
    revision = Revision(
        record_kind=kind,
        record_id=record_id,
        number=(latest.number + 1) if latest is not None else 1,
        author=author,
        reason=reason,
        fingerprint=fingerprint(content),
        content=content,
    )
    session.add(revision)
    session.flush()
    return revision


# --------------------------------------------------------------------------- history


def office_user_name(session: Session) -> str:
    """The office user's name from the settings: the office profile's, else the app
    settings' (empty when neither names one)."""
    profile = session.exec(select(OfficeProfile).order_by(col(OfficeProfile.id))).first()
    if profile is not None and profile.user_name.strip():
        return profile.user_name.strip()
    try:
        return settings_mod.load().user_name.strip()
    except DeskError:
        # A broken settings file must not stop a save.
        return ""


def author_name(session: Session) -> str:
    """Who a revision is recorded under: the office profile's user name, else the settings'
    user name, else the operating-system user."""
    profile = session.exec(select(OfficeProfile).order_by(col(OfficeProfile.id))).first()
    if profile is not None and profile.user_name.strip():
        return profile.user_name.strip()
    try:
        configured = settings_mod.load().user_name.strip()
    except DeskError:
        # A broken settings file must not stop a save: the OS user still names the author.
        configured = ""
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise Invalid(
            f"Records of kind {kind!r} have no revisions; use one of {', '.join(KINDS)}.",
            field="kind",
        )
    return kind


def _record(session: Session, kind: str, record_id: int) -> Motion | Agreement:
    record: Motion | Agreement | None = (
        session.get(Motion, record_id) if kind == "motion" else session.get(Agreement, record_id)
    )
    if record is None:
        raise NotFound(f"There is no {kind} with id {record_id}. List them with 'list {kind}s'.")
    return record


def save_version(
    *,
    session: Session,
    kind: str,
    record_id: int,
    reason: str = "saved",
    author: str | None = None,
) -> Revision:
    """Freezes the record's content as it is now as a new numbered revision ("Save
    version"). When the content equals the latest revision's, that revision is returned and
    no row is added."""
    _record(session, _check_kind(kind), record_id)
    return current_revision(
        session, kind, record_id, author=author or author_name(session), reason=reason
    )


def list_revisions(*, session: Session, kind: str, record_id: int) -> list[Revision]:
    """Every revision of a record, oldest first. Revisions outlive a deleted draft."""
    _check_kind(kind)
    return list(
        session.exec(
            select(Revision)
            .where(Revision.record_kind == kind, Revision.record_id == record_id)
            .order_by(col(Revision.number))
        ).all()
    )


def get_revision(*, session: Session, kind: str, record_id: int, number: int) -> Revision:
    _check_kind(kind)
    revision = session.exec(
        select(Revision).where(
            Revision.record_kind == kind,
            Revision.record_id == record_id,
            Revision.number == number,
        )
    ).first()
    if revision is None:
        latest = latest_revision(session, kind, record_id)
        hint = (
            f"it has revisions 1 to {latest.number}"
            if latest is not None
            else "it has no revisions yet (save a version first)"
        )
        raise NotFound(
            f"{kind.capitalize()} {record_id} has no revision {number}: {hint}.", field="number"
        )
    return revision


def is_unsaved(*, session: Session, kind: str, record_id: int) -> bool:
    """True when the working draft differs from the latest revision (or there is none)."""
    latest = latest_revision(session, kind, record_id)
    return latest is None or latest.fingerprint != fingerprint(snapshot(session, kind, record_id))


def record_status_change(session: Session, kind: str, record_id: int, status: str) -> Revision:
    """Called when a record's status changes: keeps the content it had at that moment as a
    revision (the latest one is reused when nothing changed since)."""
    return current_revision(
        session,
        _check_kind(kind),
        record_id,
        author=author_name(session),
        reason=f"status: {str(status).replace('_', ' ')}",
    )


def record_signing(session: Session, agreement_id: int, author: str = "") -> Revision:
    """Called when both cities have signed: the signed text, frozen."""
    return current_revision(
        session,
        "agreement",
        agreement_id,
        author=author or author_name(session),
        reason="Signed by both cities",
    )


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _pid(person: Any) -> int | None:
    return int(person["id"]) if isinstance(person, dict) and person.get("id") else None


def motion_data_from(content: dict[str, Any], *, current: Motion | None) -> MotionData:
    """The editable draft a motion snapshot describes. What a snapshot does not hold (the
    partnership link) comes from ``current``."""
    return MotionData(
        title=str(content.get("title", "")),
        mover_id=_pid(content.get("mover")),
        kind=str(content.get("motion_kind") or MotionKind.MOTION.value),
        council_file=content.get("council_file"),
        seconder_ids=[p for p in (_pid(s) for s in content.get("seconders", [])) if p],
        clauses=[ClauseData(str(c["kind"]), str(c["text"])) for c in content.get("clauses", [])],
        committee_id=content.get("committee_id"),
        partnership_id=current.partnership_id if current is not None else None,
        introduced_on=_date(content.get("introduced_on")),
        resolution_number=str(content.get("resolution_number") or ""),
        presented_for_id=_pid(content.get("presented_for")),
    )


def agreement_data_from(content: dict[str, Any], *, current: Agreement | None) -> AgreementData:
    """The editable agreement an agreement snapshot describes (the partnership link, which
    a snapshot does not hold, comes from ``current``)."""
    home, partner = content.get("home_city") or {}, content.get("partner_city") or {}
    return AgreementData(
        home_city_id=int(home.get("id") or 0),
        partner_city_id=int(partner.get("id") or 0),
        home_language=str(content.get("home_language") or "en"),
        partner_language=str(content.get("partner_language") or "en"),
        titles=dict(content.get("titles") or {}),
        preambles=dict(content.get("preambles") or {}),
        articles=[
            ArticleData(dict(a.get("texts") or {}), dict(a.get("headings") or {}))
            for a in content.get("articles", [])
        ],
        annex_items=[
            AnnexItemData(
                description=str(i.get("description", "")),
                quantity=int(i.get("quantity") or 1),
                condition=str(i.get("condition") or ""),
                estimated_value=i.get("estimated_value"),
                currency=str(i.get("currency") or "USD"),
            )
            for i in content.get("annex", [])
        ],
        prevailing_language=str(content.get("prevailing_language") or ""),
        home_signing_place=str(content.get("home_signing_place") or ""),
        home_signing_date=_date(content.get("home_signing_date")),
        partner_signing_place=str(content.get("partner_signing_place") or ""),
        partner_signing_date=_date(content.get("partner_signing_date")),
        home_signatory_id=_pid(content.get("home_signatory")),
        partner_signatory_id=_pid(content.get("partner_signatory")),
        partnership_id=current.partnership_id if current is not None else None,
    )


@dataclass(frozen=True)
class Restored:
    """What a restore did: the revision now holding the restored content, and whether it
    went into a new draft (``copy``) because the original is closed or signed."""

    revision: Revision
    copy: bool
    message: str


def restore_version(*, session: Session, kind: str, record_id: int, number: int) -> Restored:
    """Like ``restore``, and says in words what happened."""
    from . import agreements, motions

    source = get_revision(session=session, kind=kind, record_id=record_id, number=number)
    record = _record(session, kind, record_id)
    author = author_name(session)
    content = dict(source.content)
    if isinstance(record, Motion):
        if record.status in motions.CLOSED:
            data = motion_data_from(content, current=record)
            # The copy is a new item: the original keeps its Council File and its date.
            data.council_file = None
            data.introduced_on = None
            copy = motions.create_motion(session=session, data=data)
            revision = current_revision(
                session,
                "motion",
                copy.id or 0,
                author=author,
                reason=f"restored from motion {record_id} revision {number} as a new draft",
            )
            return Restored(
                revision,
                True,
                f"Motion {record_id} is {record.status}, so revision {number} was restored "
                f"as a new draft: motion {copy.id} (revision {revision.number}).",
            )
    elif record.status == AgreementStatus.SIGNED:
        copy_agreement = agreements.create_agreement(
            session=session, data=agreement_data_from(content, current=record)
        )
        revision = current_revision(
            session,
            "agreement",
            copy_agreement.id or 0,
            author=author,
            reason=f"restored from agreement {record_id} revision {number} as a new draft",
        )
        return Restored(
            revision,
            True,
            f"Agreement {record_id} is signed, so revision {number} was restored as a new "
            f"draft: agreement {copy_agreement.id} (revision {revision.number}).",
        )
    # Unsaved words of the working draft are kept as a revision before they are replaced.
    current_revision(
        session, kind, record_id, author=author, reason=f"before restoring revision {number}"
    )
    if isinstance(record, Motion):
        motions.update_motion(
            session=session,
            motion_id=record_id,
            data=motion_data_from(content, current=record),
            expected_version=record.version,
        )
    else:
        agreements.update_agreement(
            session=session,
            agreement_id=record_id,
            data=agreement_data_from(content, current=record),
            expected_version=record.version,
        )
    revision = current_revision(
        session, kind, record_id, author=author, reason=f"restored revision {number}"
    )
    return Restored(
        revision,
        False,
        f"Revision {number} of {kind} {record_id} is the working draft again "
        f"(kept as revision {revision.number}).",
    )


def restore(*, session: Session, kind: str, record_id: int, number: int) -> Revision:
    """Makes revision ``number`` the working draft again, recorded as a new revision;
    nothing is deleted (unsaved edits are kept as a revision first). A closed motion
    (adopted, failed, withdrawn) or a signed agreement is not changed: the content becomes a
    new draft record instead, whose id the returned revision carries."""
    return restore_version(session=session, kind=kind, record_id=record_id, number=number).revision
