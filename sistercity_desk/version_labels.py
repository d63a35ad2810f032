"""Labels on saved versions: a revision's number says when, its label says what it was
("sent to the Clerk", "as adopted"). A label changes nothing of the frozen content."""

from __future__ import annotations

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid, NotFound
from .text import tidy

#: The longest label kept.
MAX_LABEL = 80


def set_label(
    *, session: Session, kind: str, record_id: int, number: int, label: str
) -> m.Revision:
    """Label revision ``number`` of a record (an empty label removes it)."""
    clean = tidy(label)
    if len(clean) > MAX_LABEL:
        raise Invalid(f"A version label is at most {MAX_LABEL} characters.", field="label")
    revision = session.exec(
        select(m.Revision).where(
            m.Revision.record_kind == kind,
            m.Revision.record_id == record_id,
            m.Revision.number == number,
        )
    ).first()
    if revision is None:
        raise NotFound(f"There is no revision {number} of {kind} {record_id}.")
    revision.label = clean
    session.add(revision)
    session.flush()
    return revision
