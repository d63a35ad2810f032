"""The sister-city process: a partnership's dated steps from proposal to signing, and signing."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from .agreements import get_agreement
from .cities import get_partnership
from .errors import Invalid, NotFound
from .locking import check_version, flush_or_conflict
from .models import (
    Agreement,
    AgreementStatus,
    City,
    Motion,
    Partnership,
    PartnershipStatus,
    PartnershipStep,
    Person,
    Vote,
)
from .text import clean, ordinal
from .workflow import motion_citation


class Step(StrEnum):
    """The steps of the procedure Los Angeles set in 1964, then signing and the life after."""

    PROPOSED = "proposed"
    COMMITTEE_CONSIDERATION = "committee_consideration"
    STEERING_COMMITTEE_AUTHORISED = "steering_committee_authorised"
    PANEL_SUGGESTED = "panel_suggested"
    PANEL_APPROVED = "panel_approved"
    COUNCIL_APPROVAL = "council_approval"
    SIGNED = "signed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


LABELS: dict[Step, str] = {
    Step.PROPOSED: "Proposed",
    Step.COMMITTEE_CONSIDERATION: "Considered by the intergovernmental relations committee",
    Step.STEERING_COMMITTEE_AUTHORISED: "Council authorised a steering committee",
    Step.PANEL_SUGGESTED: "Names suggested for the steering committee",
    Step.PANEL_APPROVED: "Council approved the panel",
    Step.COUNCIL_APPROVAL: "Council approved the partnership",
    Step.SIGNED: "Agreement signed by both cities",
    Step.ACTIVE: "Active",
    Step.SUSPENDED: "Suspended",
    Step.ENDED: "Ended",
}

#: The steps that may follow each step; None stands for a partnership with no step yet.
#: A proposal can be dropped (ended) at any point before it is signed.
NEXT: dict[Step | None, tuple[Step, ...]] = {
    None: (Step.PROPOSED,),
    Step.PROPOSED: (Step.COMMITTEE_CONSIDERATION, Step.ENDED),
    Step.COMMITTEE_CONSIDERATION: (Step.STEERING_COMMITTEE_AUTHORISED, Step.ENDED),
    Step.STEERING_COMMITTEE_AUTHORISED: (Step.PANEL_SUGGESTED, Step.ENDED),
    Step.PANEL_SUGGESTED: (Step.PANEL_APPROVED, Step.ENDED),
    Step.PANEL_APPROVED: (Step.COUNCIL_APPROVAL, Step.ENDED),
    Step.COUNCIL_APPROVAL: (Step.SIGNED, Step.ENDED),
    Step.SIGNED: (Step.ACTIVE, Step.SUSPENDED, Step.ENDED),
    Step.ACTIVE: (Step.SUSPENDED, Step.ENDED),
    Step.SUSPENDED: (Step.ACTIVE, Step.ENDED),
    Step.ENDED: (),
}

#: The partnership status each step leaves behind.
STATUS_AFTER: dict[Step, PartnershipStatus] = {
    Step.PROPOSED: PartnershipStatus.PROPOSED,
    Step.COMMITTEE_CONSIDERATION: PartnershipStatus.UNDER_REVIEW,
    Step.STEERING_COMMITTEE_AUTHORISED: PartnershipStatus.UNDER_REVIEW,
    Step.PANEL_SUGGESTED: PartnershipStatus.UNDER_REVIEW,
    Step.PANEL_APPROVED: PartnershipStatus.UNDER_REVIEW,
    Step.COUNCIL_APPROVAL: PartnershipStatus.APPROVED,
    Step.SIGNED: PartnershipStatus.SIGNED,
    Step.ACTIVE: PartnershipStatus.ACTIVE,
    Step.SUSPENDED: PartnershipStatus.SUSPENDED,
    Step.ENDED: PartnershipStatus.ENDED,
}

#: A partnership recorded without steps (an old one, imported) stands where its status says.
_STEP_OF_STATUS: dict[str, Step | None] = {
    PartnershipStatus.PROPOSED: None,
    PartnershipStatus.UNDER_REVIEW: Step.COMMITTEE_CONSIDERATION,
    PartnershipStatus.APPROVED: Step.COUNCIL_APPROVAL,
    PartnershipStatus.SIGNED: Step.SIGNED,
    PartnershipStatus.ACTIVE: Step.ACTIVE,
    PartnershipStatus.SUSPENDED: Step.SUSPENDED,
    PartnershipStatus.ENDED: Step.ENDED,
}

#: Steps that are decisions of the Council: a vote linked to one must have carried.
_COUNCIL_DECISIONS = frozenset(
    {Step.STEERING_COMMITTEE_AUTHORISED, Step.PANEL_APPROVED, Step.COUNCIL_APPROVAL}
)

#: Statuses of a partnership that is or was official: they count towards the ordinal.
_OFFICIAL = (PartnershipStatus.SIGNED, PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED)


def step_label(step: str) -> str:
    try:
        return LABELS[Step(step)]
    except ValueError:
        return step.replace("_", " ")


def current_step(partnership: Partnership) -> Step | None:
    """Where the partnership stands: its last step, or what its status implies."""
    if partnership.steps:
        return _parse_step(partnership.steps[-1].step)
    return _STEP_OF_STATUS.get(partnership.status)


def allowed_steps(session: Session, partnership_id: int) -> list[str]:
    """The steps that may be recorded next for a partnership."""
    partnership = get_partnership(session=session, partnership_id=partnership_id)
    return [s.value for s in NEXT[current_step(partnership)]]


def add_step(
    *,
    session: Session,
    partnership_id: int,
    step: str,
    on_date: dt.date,
    note: str = "",
    motion_id: int | None = None,
    vote_id: int | None = None,
    expected_version: int | None = None,
) -> PartnershipStep:
    """Records the next step of a partnership, dated and linked to the motion or vote
    behind it, and updates the partnership's status.

    Only the steps of ``NEXT`` may follow each other. When the partnership becomes signed
    or active for the first time it gets its ordinal (the count of partnerships that are or
    were official before it, plus one) and its date established; an ordinal already given
    is kept.
    """
    partnership = get_partnership(session=session, partnership_id=partnership_id)
    city = session.get(City, partnership.city_id)
    name = city.name if city else f"partnership {partnership_id}"
    check_version(partnership, expected_version, f"The partnership with {name}")
    target = _parse_step(step)
    here = current_step(partnership)
    allowed = NEXT[here]
    if target not in allowed:
        where = f"at '{step_label(here)}'" if here else "not started"
        if allowed:
            options = ", ".join(s.value for s in allowed)
            raise Invalid(
                f"The partnership with {name} is {where}: the next step can be only "
                f"{options}, not {target.value}.",
                field="step",
            )
        raise Invalid(f"The partnership with {name} has ended: no step can follow.", field="step")
    if not isinstance(on_date, dt.date):
        raise Invalid("Give the date of the step.", field="on_date")
    if partnership.steps:
        last = partnership.steps[-1]
        if last.on_date is not None and on_date < last.on_date:
            raise Invalid(
                f"The step cannot be dated {on_date.isoformat()}: the previous step "
                f"({step_label(last.step)}) is dated {last.on_date.isoformat()}.",
                field="on_date",
            )

    motion_id, vote_id = _check_links(session, target, motion_id, vote_id)
    position = max((s.position for s in partnership.steps), default=-1) + 1
    row = PartnershipStep(
        partnership_id=partnership_id,
        position=position,
        step=target.value,
        on_date=on_date,
        note=clean(note).strip(),
        motion_id=motion_id,
        vote_id=vote_id,
    )
    partnership.steps.append(row)
    status = STATUS_AFTER[target]
    partnership.status = status.value
    if status in (PartnershipStatus.SIGNED, PartnershipStatus.ACTIVE):
        if partnership.ordinal is None:
            partnership.ordinal = next_ordinal(session, exclude_id=partnership_id)
        if partnership.established_on is None and partnership.established_year in (
            None,
            on_date.year,
        ):
            partnership.established_on = on_date
            partnership.established_year = on_date.year
    session.add(partnership)
    flush_or_conflict(session, f"The partnership with {name}")
    return row


def next_ordinal(session: Session, *, exclude_id: int | None = None) -> int:
    """The ordinal the next sister city gets: one more than the partnerships that are or
    were official (signed, active, suspended, or ended after being given an ordinal), and
    never less than one more than the highest ordinal given."""
    others = select(Partnership)
    if exclude_id is not None:
        others = others.where(Partnership.id != exclude_id)
    count = 0
    highest = 0
    for p in session.exec(others):
        if p.status in _OFFICIAL or p.ordinal is not None:
            count += 1
        highest = max(highest, p.ordinal or 0)
    return max(count, highest) + 1


def timeline(session: Session, partnership_id: int) -> list[dict[str, Any]]:
    """The dated steps of a partnership, with the motion (Council File, title) and the vote
    (tally, journal line) behind each, as plain data."""
    from .votes import tally  # votes imports workflow; importing late keeps modules light

    partnership = get_partnership(session=session, partnership_id=partnership_id)
    rows: list[dict[str, Any]] = []
    for s in partnership.steps:
        motion = session.get(Motion, s.motion_id) if s.motion_id else None
        vote = session.get(Vote, s.vote_id) if s.vote_id else None
        vote_data = None
        if vote is not None:
            counted = tally(session, vote)
            vote_data = {
                "id": vote.id,
                "meeting_date": vote.meeting_date.isoformat(),
                "meeting_type": vote.meeting_type,
                "action": vote.action,
                "tally_text": counted.tally_text,
                "journal_line": counted.journal_line,
                "passes": counted.passes,
            }
        rows.append(
            {
                "position": s.position,
                "step": s.step,
                "label": step_label(s.step),
                "on_date": s.on_date.isoformat() if s.on_date else None,
                "note": s.note,
                "status_after": _status_after(s.step),
                "motion": (
                    {
                        "id": motion.id,
                        "council_file": motion.council_file,
                        "title": motion.title,
                        "citation": motion_citation(session, motion),
                    }
                    if motion
                    else None
                ),
                "vote": vote_data,
            }
        )
    return rows


def partnership_summary(session: Session, partnership_id: int) -> dict[str, Any]:
    """A partnership with its city, status, ordinal and timeline, as plain data."""
    partnership = get_partnership(session=session, partnership_id=partnership_id)
    city = session.get(City, partnership.city_id)
    return {
        "id": partnership.id,
        "city": city.name if city else "",
        "status": partnership.status,
        "ordinal": partnership.ordinal,
        "ordinal_text": ordinal(partnership.ordinal) if partnership.ordinal else "",
        "established_on": (
            partnership.established_on.isoformat() if partnership.established_on else None
        ),
        "established_year": partnership.established_year,
        "next_steps": [s.value for s in NEXT[current_step(partnership)]],
        "timeline": timeline(session, partnership_id),
    }


# --------------------------------------------------------------------------- signing


class Side(StrEnum):
    HOME = "home"
    PARTNER = "partner"


def signed_sides(agreement: Agreement) -> list[str]:
    """The sides (home, partner) that have signed the agreement."""
    return [side.value for side in Side if _side_signed(agreement, side)]


def sign_agreement(
    *,
    session: Session,
    agreement_id: int,
    side: str,
    place: str,
    on_date: dt.date,
    signatory_id: int,
    expected_version: int | None = None,
    author: str = "",
) -> Agreement:
    """Records one side's signature (ceremonies are often held once in each city).

    When both sides have signed, the agreement becomes signed: its text is frozen as a
    revision and it is no longer edited; a partnership at "council approval" moves to
    "signed" on the date of the later signature.
    """
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    label = f"Agreement {agreement_id}"
    check_version(agreement, expected_version, label)
    try:
        which = Side(str(side).strip().lower())
    except ValueError:
        raise Invalid(f"'{side}' is not a side; use home or partner.", field="side") from None
    if agreement.status == AgreementStatus.SIGNED:
        raise Invalid(f"{label} is already signed by both cities.", field="status")
    if _side_signed(agreement, which):
        when = getattr(agreement, f"{which.value}_signing_date")
        raise Invalid(
            f"The {which.value} city already signed {label} on {when.isoformat()}.", field="side"
        )
    place = clean(place).strip()
    if not place:
        raise Invalid("Say where the agreement was signed.", field="place")
    if not isinstance(on_date, dt.date):
        raise Invalid("Give the date of the signing.", field="on_date")
    signatory = session.get(Person, signatory_id)
    if signatory is None:
        raise NotFound(
            f"There is no person {signatory_id} to sign. List them with 'list people'.",
            field="signatory",
        )
    city_id = agreement.home_city_id if which is Side.HOME else agreement.partner_city_id
    if signatory.city_id is not None and signatory.city_id != city_id:
        city = session.get(City, city_id)
        raise Invalid(
            f"{signatory.full_name} is not an official of "
            f"{city.name if city else 'the ' + which.value + ' city'}: the {which.value} "
            "side is signed by its own mayor or highest elected official.",
            field="signatory",
        )
    other = Side.PARTNER if which is Side.HOME else Side.HOME
    completes = _side_signed(agreement, other)
    partnership = (
        session.get(Partnership, agreement.partnership_id) if agreement.partnership_id else None
    )
    if partnership is not None:
        _check_partnership_signable(session, partnership)

    setattr(agreement, f"{which.value}_signing_place", place)
    setattr(agreement, f"{which.value}_signing_date", on_date)
    setattr(agreement, f"{which.value}_signatory_id", signatory_id)
    if completes:
        agreement.status = AgreementStatus.SIGNED.value
    flush_or_conflict(session, label)
    if completes:
        _freeze(session, agreement, author)
        signed_on = max(
            d for d in (agreement.home_signing_date, agreement.partner_signing_date) if d
        )
        if partnership is not None and Step.SIGNED in NEXT[current_step(partnership)]:
            add_step(
                session=session,
                partnership_id=partnership.id or 0,
                step=Step.SIGNED.value,
                on_date=signed_on,
                note=_signing_note(agreement),
            )
    return agreement


# --------------------------------------------------------------------------- internals


def _parse_step(step: str | None) -> Step:
    try:
        return Step(str(step).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Step)
        raise Invalid(
            f"'{step}' is not a partnership step; use one of {names}.", field="step"
        ) from None


def _status_after(step: str) -> str:
    try:
        return STATUS_AFTER[Step(step)].value
    except ValueError:
        return ""


def _check_links(
    session: Session, target: Step, motion_id: int | None, vote_id: int | None
) -> tuple[int | None, int | None]:
    from .votes import tally

    motion = None
    if motion_id is not None:
        motion = session.get(Motion, motion_id)
        if motion is None:
            raise NotFound(f"There is no motion {motion_id}.", field="motion")
    if vote_id is not None:
        vote = session.get(Vote, vote_id)
        if vote is None:
            raise NotFound(f"There is no vote {vote_id}.", field="vote")
        if motion_id is not None and vote.motion_id != motion_id:
            raise Invalid(
                f"Vote {vote_id} was taken on motion {vote.motion_id}, not on motion {motion_id}.",
                field="vote",
            )
        motion_id = vote.motion_id
        if target in _COUNCIL_DECISIONS:
            counted = tally(session, vote)
            if not counted.passes:
                raise Invalid(
                    f"The vote of {vote.meeting_date.isoformat()} failed "
                    f"{counted.tally_text}: it cannot stand behind '{step_label(target)}'.",
                    field="vote",
                )
    return motion_id, vote_id


def _side_signed(agreement: Agreement, side: Side) -> bool:
    return getattr(agreement, f"{side.value}_signing_date") is not None


def _check_partnership_signable(session: Session, partnership: Partnership) -> None:
    here = current_step(partnership)
    if Step.SIGNED in NEXT[here] or partnership.status in _OFFICIAL:
        return
    city = session.get(City, partnership.city_id)
    name = city.name if city else f"partnership {partnership.id}"
    where = f"at '{step_label(here)}'" if here else "not started"
    raise Invalid(
        f"The partnership with {name} is {where}: the Council approves the partnership before "
        "the agreement is signed. Record the council approval first.",
        field="status",
    )


def _signing_note(agreement: Agreement) -> str:
    parts = []
    for side in Side:
        place = getattr(agreement, f"{side.value}_signing_place")
        day = getattr(agreement, f"{side.value}_signing_date")
        if day is not None:
            parts.append(f"signed at {place} on {day.isoformat()}")
    return "Agreement " + (" and ".join(parts)) + "."


def _freeze(session: Session, agreement: Agreement, author: str) -> None:
    """Keeps the signed text as a revision, so a paper copy can be matched to it."""
    from . import revisions  # only signing needs the history; the rest of the process does not

    revisions.record_signing(session, agreement.id or 0, author)
