"""A motion's way through the council: allowed status moves and the dated activity log."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from . import citation, councilfile, motions, revisions
from .errors import Invalid, NotFound
from .locking import check_version
from .models import Activity, Committee, Motion, MotionStatus, utcnow
from .text import clean

S = MotionStatus

#: Where a motion may go from each status. Adopted, failed and withdrawn are the end.
ALLOWED: dict[MotionStatus, tuple[MotionStatus, ...]] = {
    S.DRAFT: (S.READY, S.WITHDRAWN),
    S.READY: (S.DRAFT, S.INTRODUCED, S.WITHDRAWN),
    # Council Rule 16 / 17: straight to Council, which then needs two thirds to take it up.
    S.INTRODUCED: (S.REFERRED, S.ADOPTED, S.FAILED, S.WITHDRAWN),
    S.REFERRED: (S.REPORTED, S.WITHDRAWN),
    S.REPORTED: (S.ADOPTED, S.FAILED, S.CONTINUED, S.WITHDRAWN),
    # A continued item comes back on a later agenda.
    S.CONTINUED: (S.ADOPTED, S.FAILED, S.CONTINUED, S.REFERRED, S.WITHDRAWN),
    S.ADOPTED: (),
    S.FAILED: (),
    S.WITHDRAWN: (),
}

#: Statuses in which a motion is before the Council and a vote can be taken on it.
BEFORE_COUNCIL: frozenset[MotionStatus] = frozenset(
    {S.INTRODUCED, S.REFERRED, S.REPORTED, S.CONTINUED, S.ADOPTED, S.FAILED}
)


class ActivityKind(StrEnum):
    """What a line of the activity log records."""

    READY = "ready"
    DRAFT = "draft"
    INTRODUCED = "introduced"
    REFERRED = "referred"
    REPORTED = "reported"
    ADOPTED = "adopted"
    FAILED = "failed"
    CONTINUED = "continued"
    WITHDRAWN = "withdrawn"
    FINAL = "final"
    NOTE = "note"


#: The wording of the Los Angeles Council File activity log where it is known; the others
#: follow the same plain style. ``{committee}`` is the committee's full name.
STANDARD_TEXT: dict[ActivityKind, str] = {
    ActivityKind.READY: "Draft marked ready to introduce.",
    ActivityKind.DRAFT: "Returned to draft.",
    ActivityKind.INTRODUCED: "Motion {citation} introduced.",
    ActivityKind.REFERRED: "Motion referred to {committee}.",
    ActivityKind.REPORTED: "Report from {committee} submitted.",
    ActivityKind.ADOPTED: (
        "Council adopted item, subject to reconsideration, pursuant to Council Rule 51."
    ),
    ActivityKind.FAILED: "Council failed to adopt item.",
    ActivityKind.CONTINUED: "Council continued item.",
    ActivityKind.WITHDRAWN: "Motion withdrawn.",
    ActivityKind.FINAL: "Council action final.",
}

_STATUS_KIND: dict[MotionStatus, ActivityKind] = {
    S.DRAFT: ActivityKind.DRAFT,
    S.READY: ActivityKind.READY,
    S.INTRODUCED: ActivityKind.INTRODUCED,
    S.REFERRED: ActivityKind.REFERRED,
    S.REPORTED: ActivityKind.REPORTED,
    S.ADOPTED: ActivityKind.ADOPTED,
    S.FAILED: ActivityKind.FAILED,
    S.CONTINUED: ActivityKind.CONTINUED,
    S.WITHDRAWN: ActivityKind.WITHDRAWN,
}


def status_label(status: str) -> str:
    return str(status).replace("_", " ")


def allowed_moves(status: str) -> tuple[MotionStatus, ...]:
    """The statuses a motion in ``status`` may move to."""
    return ALLOWED.get(_status(status), ())


def committee_name(committee: Committee) -> str:
    """The committee as the activity log names it: "Rules, ... Relations Committee"."""
    name = committee.name.strip()
    return name if name.casefold().endswith("committee") else f"{name} Committee"


def standard_text(kind: str, committee: Committee | None = None, citation: str = "") -> str:
    """The standard wording of an activity-log entry of this kind; ``citation`` is the
    motion's sponsor citation (``motion_citation``), left out when empty."""
    try:
        key = ActivityKind(kind)
    except ValueError:
        raise Invalid(
            f"There is no standard wording for an activity of kind '{kind}': write the text.",
            field="text",
        ) from None
    if key is ActivityKind.NOTE:
        raise Invalid("A note needs its text.", field="text")
    wording = STANDARD_TEXT[key]
    if "{committee}" in wording:
        if committee is None:
            raise Invalid(
                f"Say which committee: a '{key.value}' entry names it.", field="committee"
            )
        wording = wording.replace("{committee}", committee_name(committee))
    return wording.replace(" {citation}", f" {citation}" if citation else "")


def add_activity(
    *,
    session: Session,
    motion_id: int,
    on_date: dt.date,
    kind: str,
    text: str | None = None,
    committee_id: int | None = None,
) -> Activity:
    """Adds a dated line to a motion's activity log.

    Without ``text`` the standard wording of ``kind`` is used (the committee named is
    ``committee_id`` or the motion's own). Kind "note" is a free entry and needs its text.
    """
    motion = get_motion(session, motion_id)
    kind = str(kind).strip() or ActivityKind.NOTE.value
    if text is not None and text.strip():
        wording = clean(text).strip()
    else:
        committee = _committee(session, committee_id or motion.committee_id)
        wording = standard_text(kind, committee, motion_citation(session, motion))
    if not isinstance(on_date, dt.date):
        raise Invalid("Give the date of the activity.", field="on_date")
    entry = Activity(motion_id=motion_id, on_date=on_date, kind=kind, text=wording)
    session.add(entry)
    session.flush()
    return entry


def transition(
    *,
    session: Session,
    motion_id: int,
    to: str,
    on_date: dt.date,
    committee_id: int | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Motion:
    """Moves a motion to status ``to`` on ``on_date`` and writes the activity-log entry.

    Only the moves in ``ALLOWED`` happen. Introducing needs a title, a mover and a second,
    and gives the motion the next Council File number of the year if it has none. Referring
    needs a committee (``committee_id`` or the one already on the motion).
    """
    motion = get_motion(session, motion_id)
    check_version(motion, expected_version, f"Motion {describe(motion)}")
    target = _status(to)
    current = _status(motion.status)
    allowed = ALLOWED[current]
    if target not in allowed:
        if allowed:
            options = ", ".join(s.value for s in allowed)
            raise Invalid(
                f"Motion {describe(motion)} is {status_label(current)}: it can move only to "
                f"{options}, not to {status_label(target)}.",
                field="status",
            )
        raise Invalid(
            f"Motion {describe(motion)} is {status_label(current)}: the Council's action is "
            "on record and its status cannot change. Make an amending motion or restore it "
            "as a new draft.",
            field="status",
        )
    if not isinstance(on_date, dt.date):
        raise Invalid("Give the date of the step.", field="on_date")
    last = _last_activity_date(session, motion_id)
    if last is not None and on_date < last and target not in (S.DRAFT, S.READY):
        raise Invalid(
            f"The log of motion {describe(motion)} already has an entry of "
            f"{last.isoformat()}: this step cannot be dated {on_date.isoformat()}.",
            field="on_date",
        )

    committee: Committee | None = None
    if target is S.INTRODUCED:
        _check_introducible(motion)
        # Seated on the day it is introduced, not only on the day it was drafted.
        motions.check_sponsors(
            session,
            motion.mover_id or 0,
            [s.person_id for s in motion.seconders],
            on_date,
            presented_for_id=motion.presented_for_id,
        )
        motion.introduced_on = on_date
        if not motion.council_file:
            motion.council_file = councilfile.next_number(session, on_date.year)
    if target in (S.REFERRED, S.REPORTED):
        committee = _committee(session, committee_id or motion.committee_id)
        if committee is None:
            raise Invalid(
                f"Say which committee the motion is {status_label(target)} "
                f"{'to' if target is S.REFERRED else 'from'}.",
                field="committee",
            )
        motion.committee_id = committee.id
    elif committee_id is not None:
        committee = _committee(session, committee_id)

    wording = standard_text(_STATUS_KIND[target], committee, motion_citation(session, motion))
    if note and note.strip():
        wording = f"{wording} {clean(note).strip()}"
    motion.status = target.value
    motion.updated_at = utcnow()
    session.add(motion)
    session.add(
        Activity(
            motion_id=motion_id, on_date=on_date, kind=_STATUS_KIND[target].value, text=wording
        )
    )
    session.flush()
    # The text as it stood at each step of its way is kept (reused when unchanged).
    revisions.record_status_change(session, "motion", motion_id, target.value)
    return motion


def activity_log(session: Session, motion_id: int) -> list[dict[str, Any]]:
    """The motion's activity log as plain data, oldest first."""
    get_motion(session, motion_id)
    rows = session.exec(
        select(Activity)
        .where(Activity.motion_id == motion_id)
        .order_by(Activity.on_date, Activity.id)  # type: ignore[arg-type]
    ).all()
    return [
        {"id": a.id, "on_date": a.on_date.isoformat(), "kind": a.kind, "text": a.text} for a in rows
    ]


def get_motion(session: Session, motion_id: int) -> Motion:
    return motions.get_motion(session=session, motion_id=motion_id)


def motion_citation(session: Session, motion: Motion) -> str:
    """The sponsor citation of a motion (the office's one rule: ``citation.motion_citation``)."""
    return citation.motion_citation(session, motion)


def describe(motion: Motion) -> str:
    """How a message names a motion: its Council File, else its id, with its title."""
    label = f"C.F. {motion.council_file}" if motion.council_file else f"#{motion.id}"
    return f"{label} ({motion.title})" if motion.title else label


# --------------------------------------------------------------------------- internals


def _status(value: str) -> MotionStatus:
    try:
        return MotionStatus(str(value).strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in MotionStatus)
        raise Invalid(f"'{value}' is not a motion status; use one of {names}.") from None


def _committee(session: Session, committee_id: int | None) -> Committee | None:
    if committee_id is None:
        return None
    committee = session.get(Committee, committee_id)
    if committee is None:
        raise NotFound(f"There is no committee {committee_id}.", field="committee")
    return committee


def _check_introducible(motion: Motion) -> None:
    missing = []
    if not motion.title.strip():
        missing.append("a title")
    if motion.mover_id is None:
        missing.append("a mover")
    if not motion.seconders:
        missing.append("at least one seconder (a motion needs a second)")
    if missing:
        raise Invalid(
            f"Motion {describe(motion)} cannot be introduced without " + _join(missing) + ".",
            field="seconders" if motion.mover_id and motion.title.strip() else None,
        )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _last_activity_date(session: Session, motion_id: int) -> dt.date | None:
    return session.exec(
        select(func.max(Activity.on_date)).where(Activity.motion_id == motion_id)
    ).one()
