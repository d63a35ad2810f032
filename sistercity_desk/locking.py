"""Optimistic locking: a save over someone else's newer save is refused, never lost."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from .errors import Conflict

T = TypeVar("T", bound=SQLModel)


def check_version(record: Any, expected_version: int | None, label: str) -> None:
    """Refuse when the caller edited an older copy than the one stored (None: an action that
    does not edit the record's fields, such as a status change, skips the check)."""
    if expected_version is not None and record.version != expected_version:
        raise Conflict(
            f"{label} was changed by someone else (version {record.version}, you edited "
            f"version {expected_version}). Reload it, or keep yours as a new revision."
        )


def flush_or_conflict(session: Session, label: str) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict(
            f"{label} was changed or deleted by someone else while you edited it. "
            "Reload it, or keep yours as a new revision."
        ) from exc


def require_version(record: Any, expected_version: int, label: str) -> None:
    """An update's check: the caller must say which version it edited (a stale copy saved
    without it would silently bring back old fields), and it must be the stored one."""
    if not isinstance(expected_version, int) or isinstance(expected_version, bool):
        raise Conflict(
            f"{label} cannot be saved without the version you edited; reload it and save again."
        )
    check_version(record, expected_version, label)


def save_versioned(session: Session, record: T, values: dict[str, Any], expected_version: int) -> T:
    label = f"{type(record).__name__} {getattr(record, 'id', '')}".strip()
    require_version(record, expected_version, label)
    for key, value in values.items():
        setattr(record, key, value)
    flush_or_conflict(session, label)
    return record
