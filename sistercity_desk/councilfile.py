"""Council File numbers: the modern form YY-NNNN[-S<n>], legacy forms kept as text."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid

#: 22-0022, 22-0002-S21, 23-1200-S104.
MODERN = re.compile(r"^(?P<year>\d{2})-(?P<number>\d{4})(?:-S(?P<supplement>[1-9]\d*))?$")


def normalise(number: str) -> str:
    """Trim and unify what people type: spaces, en dashes, a lower-case s."""
    text = number.strip().replace("–", "-").replace("‑", "-").replace("—", "-")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"-s(\d)", r"-S\1", text)


def is_modern(number: str) -> bool:
    return MODERN.match(number) is not None


def validate_format(number: str) -> str:
    """The normalised number, or Invalid saying what the form should be."""
    text = normalise(number)
    if not is_modern(text):
        raise Invalid(
            f"'{number}' is not a Council File number. Write it as YY-NNNN, for example "
            "22-0022, or YY-NNNN-S<n> for a supplemental file (22-0002-S21).",
            field="council_file",
        )
    return text


def validate_new(session: Session, number: str, *, motion_id: int | None = None) -> str:
    """Check a number given to a new or edited item: modern form, not held by another item."""
    text = validate_format(number)
    holder = session.exec(select(m.Motion).where(m.Motion.council_file == text)).first()
    if holder is not None and holder.id != motion_id:
        raise Invalid(
            f"Council File {text} is already used by motion {holder.id} "
            f"('{holder.title}'). Take the next free number or check the clerk's number.",
            field="council_file",
        )
    return text
