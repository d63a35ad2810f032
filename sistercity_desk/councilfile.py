"""Council File numbers: the modern form YY-NNNN[-S<n>], legacy forms kept as text."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from . import models as m
from .errors import Invalid

#: 22-0022, 22-0002-S21, 23-1200-S104. ASCII digits only: "٢٢-٠٠٢٢" would pass ``\d`` and
#: then hold the same file as "22-0022" under another spelling.
MODERN = re.compile(r"^(?P<year>\d{2})-(?P<number>\d{4})(?:-S(?P<supplement>[1-9]\d*))?$", re.ASCII)


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


# --------------------------------------------------------------------------- numbering

#: A legacy supplemental file: "C.F. 103,908 Sup. i".
_LEGACY_SUPPLEMENT = re.compile(r"^(?P<parent>.+?),?\s+Sup(?:p|plemental)?\.?\s*\S*$", re.I)


def year_prefix(year: int) -> str:
    """The two-digit year of a Council File number: 2022 or 22 -> "22"."""
    if not (0 <= year <= 99 or 1900 <= year <= 2199):
        raise Invalid(f"{year} is not a year for a Council File number.", field="year")
    return f"{year % 100:02d}"


def numbers_of_year(session: Session, year: int) -> list[int]:
    """The file numbers (NNNN) used in a year, supplemental files counted for their parent."""
    prefix = year_prefix(year)
    stored = session.exec(
        select(m.Motion.council_file).where(col(m.Motion.council_file).startswith(f"{prefix}-"))
    ).all()
    used = []
    for number in stored:
        match = MODERN.match(number or "")
        if match is not None:
            used.append(int(match["number"]))
    return used


def next_number(session: Session, year: int) -> str:
    """The next free Council File number of a year: one more than the highest in use
    ("22-0001" when the year has none). When the highest is 9999 (a sample or odd number),
    the lowest unused number is taken instead."""
    prefix = year_prefix(year)
    used = set(numbers_of_year(session, year))
    following = max(used, default=0) + 1
    if following > 9999:
        following = next((n for n in range(1, 10000) if n not in used), 10000)
    if following > 9999:
        raise Invalid(
            f"Every number of 20{prefix} up to {prefix}-9999 is taken: enter the clerk's number.",
            field="council_file",
        )
    return f"{prefix}-{following:04d}"


def parent_of(number: str) -> str | None:
    """The file a supplemental file belongs to ("22-0002-S1" -> "22-0002"); None when the
    number is not a supplemental file. Legacy "C.F. 103,908 Sup. i" -> "C.F. 103,908"."""
    text = normalise(number)
    match = MODERN.match(text)
    if match is not None:
        return f"{match['year']}-{match['number']}" if match["supplement"] else None
    legacy = _LEGACY_SUPPLEMENT.match(number.strip())
    return legacy["parent"].strip() if legacy else None


def next_supplemental(session: Session, parent: str) -> str:
    """The next supplemental file of a parent file: "22-0002" -> "22-0002-S1", then -S2 ...

    The parent must exist. A supplemental number given as parent stands for its own parent
    (supplemental files are all numbered under the original file).
    """
    text = validate_format(parent)
    root = parent_of(text) or text
    if session.exec(select(m.Motion.id).where(m.Motion.council_file == root)).first() is None:
        raise Invalid(
            f"There is no Council File {root}: a supplemental file belongs to an existing file.",
            field="council_file",
        )
    stored = session.exec(
        select(m.Motion.council_file).where(col(m.Motion.council_file).startswith(f"{root}-S"))
    ).all()
    highest = 0
    for number in stored:
        match = MODERN.match(number or "")
        if match is not None and match["supplement"]:
            highest = max(highest, int(match["supplement"]))
    return f"{root}-S{highest + 1}"


def validate_import(number: str) -> str:
    """A number from an import: modern numbers are normalised and checked, legacy forms
    ("C.F. 103,908 Sup. i") are kept as written. New numbers go through ``validate_new``."""
    text = " ".join(number.split())
    if not text:
        raise Invalid("The Council File number is empty.", field="council_file")
    candidate = normalise(text)
    if MODERN.match(candidate) or re.fullmatch(r"\d{2}-\d+.*", candidate):
        return validate_format(candidate)
    return text


def holder_of(session: Session, number: str) -> m.Motion | None:
    """The motion that holds a Council File number, if any."""
    return session.exec(select(m.Motion).where(m.Motion.council_file == normalise(number))).first()


def assign_number(
    *,
    session: Session,
    motion_id: int,
    number: str | None = None,
    year: int | None = None,
    supplemental_of: str | None = None,
) -> m.Motion:
    """Gives a motion its Council File number: the clerk's ``number``, the next supplemental
    file of ``supplemental_of``, or the next free number of ``year`` (default: the year the
    motion was introduced, else this year). A number held by another item is refused."""
    motion = session.get(m.Motion, motion_id)
    if motion is None:
        raise Invalid(f"There is no motion with id {motion_id}.")
    if motion.council_file:
        raise Invalid(
            f"Motion {motion_id} already has Council File {motion.council_file}. Change it in "
            "the motion's editor if the clerk gave another.",
            field="council_file",
        )
    if number is not None and number.strip():
        text = validate_new(session, number, motion_id=motion_id)
    elif supplemental_of is not None:
        text = next_supplemental(session, supplemental_of)
    else:
        when = year or (motion.introduced_on.year if motion.introduced_on else None)
        text = next_number(session, when or m.utcnow().year)
    motion.council_file = text
    motion.updated_at = m.utcnow()
    session.add(motion)
    session.flush()
    return motion
