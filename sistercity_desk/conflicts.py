"""Two aides saved the same record: compare the versions, and keep both in the history.

A save over someone else's newer save is refused (``locking``). The person then chooses:
reload theirs, or keep mine. Keeping mine never loses theirs: their version is frozen as a
revision first, mine is saved on top and frozen too, so the history holds both and the
compare view shows what differs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from . import agreements, compare, motions, revisions
from .errors import Invalid

KINDS = ("motion", "agreement")


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise Invalid(f"Versions of a {kind} are not kept; reload it or save yours again.")


def _apply(session: Session, kind: str, record_id: int, data: Any) -> int:
    """Save ``data`` over whatever is stored now (no version check) and return the version."""
    if kind == "motion":
        stored = motions.get_motion(session=session, motion_id=record_id).version
        return motions.update_motion(
            session=session, motion_id=record_id, data=data, expected_version=stored
        ).version
    current = agreements.get_agreement(session=session, agreement_id=record_id).version
    return agreements.update_agreement(
        session=session, agreement_id=record_id, data=data, expected_version=current
    ).version


def compare_with_unsaved(
    *, engine: Engine, kind: str, record_id: int, data: Any
) -> compare.Comparison:
    """What differs between the stored version (theirs) and unsaved edits (mine).

    Mine is applied in a transaction that is rolled back, so nothing is written.
    """
    _check(kind)
    with Session(engine) as session:
        theirs = revisions.snapshot(session, kind, record_id)
        try:
            _apply(session, kind, record_id, data)
            session.flush()
            mine = revisions.snapshot(session, kind, record_id)
        finally:
            session.rollback()
    return compare.Comparison(
        record_kind=kind,
        record_id=record_id,
        old_label="Their saved version",
        new_label="Your unsaved edits",
        blocks=tuple(compare.compare_content(theirs, mine)),
    )


def keep_mine(*, session: Session, kind: str, record_id: int, data: Any) -> int:
    """Save mine over theirs, keeping theirs as a revision first. Returns the new version."""
    _check(kind)
    revisions.save_version(
        session=session,
        kind=kind,
        record_id=record_id,
        reason="their version, kept before a conflicting edit was saved over it",
    )
    version = _apply(session, kind, record_id, data)
    session.flush()
    revisions.save_version(
        session=session,
        kind=kind,
        record_id=record_id,
        reason="saved over someone else's edit (theirs is the revision before)",
    )
    return version
