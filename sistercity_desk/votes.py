"""Roll-call votes: every seat's vote, the tally against the threshold, the journal line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from . import citation, workflow
from .errors import Invalid, NotFound
from .models import (
    Motion,
    MotionStatus,
    OfficeProfile,
    Person,
    Threshold,
    Vote,
    VoteCast,
    VoteChoice,
)
from .office import get_office
from .people import seats_on
from .text import district_short, guess_surname, surname_sort_key

C = VoteChoice

#: What a seated member can vote; VACANT is given by the seat, never chosen.
MEMBER_CHOICES = (C.YES, C.NO, C.ABSENT, C.ABSTAIN, C.RECUSED)

MEETING_TYPES = ("Regular", "Special")

#: The Clerk's word for a roll call with fewer members present than the quorum: the
#: Council cannot act, so nothing is adopted or failed.
NO_QUORUM = "No Quorum"

#: The council office that presides and is named last in the roll call ("and President X").
PRESIDENT = "President"


@dataclass(frozen=True)
class Tally:
    """The count of a roll call and what it means.

    ``present`` counts the members in the room: yes, no, abstaining and recused. A vacant
    seat is neither present nor absent. ``unanimous`` means every member present voted yes
    (the Unanimous threshold). The journal writes "Unanimous Vote" only where the Clerk
    chose it for the item (``unanimous_wording``), never by default. With fewer members
    present than the quorum the Council cannot act: the result is ``NO_QUORUM`` and nothing
    passes, whatever the count.
    """

    yes: int
    no: int
    absent: int
    abstain: int
    recused: int
    vacant: int
    present: int
    threshold: str
    threshold_votes: int
    quorum: int
    quorum_ok: bool
    unanimous: bool
    passes: bool
    #: What the Council did: the vote's action when it passes ("Adopted", "Adopted as
    #: Amended" ...), "Failed" when it does not.
    result: str
    #: "(14 - 0 - 0)": yes - no - absent.
    tally_text: str
    #: "Adopted, (14)" or "Adopted, (12); Absent: Huizar, Krekorian, Smith (3)".
    journal_line: str
    #: "Members Present: Blumenfield, ... and President Wesson (10); Absent: Cedillo ... (5)".
    roll_call_line: str
    noes: tuple[str, ...]
    absentees: tuple[str, ...]
    abstentions: tuple[str, ...]
    recusals: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Seat:
    """One district at a meeting: who sits in it (None: vacant)."""

    district: int
    person_id: int | None
    name: str
    surname: str
    #: The council office the member holds that day ("President", ...).
    office: str = ""

    @property
    def vacant(self) -> bool:
        return self.person_id is None


def seats_for_meeting(session: Session, on_date: dt.date) -> list[Seat]:
    """The districts of the council on the meeting date, each with its member or vacant."""
    result = []
    for row in seats_on(session=session, on_date=on_date):
        member = row.member
        if member is None:
            result.append(Seat(row.district, None, "", ""))
        else:
            result.append(
                Seat(row.district, member.id, member.full_name, _surname(member), row.office)
            )
    return result


def threshold_votes(office: OfficeProfile, threshold: str) -> int:
    """Votes needed for a threshold. Unanimous needs at least a majority of the whole."""
    key = parse_threshold(threshold)
    if key is Threshold.TWO_THIRDS:
        return office.two_thirds_votes
    if key is Threshold.URGENCY:
        return office.urgency_votes
    return office.majority_votes


def parse_threshold(value: str) -> Threshold:
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Threshold(text)
    except ValueError:
        names = ", ".join(t.value for t in Threshold)
        raise Invalid(
            f"'{value}' is not a vote threshold; use one of {names}.", field="threshold"
        ) from None


def parse_choice(value: str) -> VoteChoice:
    text = str(value).strip().upper()
    aliases = {"AYE": "YES", "Y": "YES", "NAY": "NO", "N": "NO", "ABSTAINED": "ABSTAIN"}
    try:
        return VoteChoice(aliases.get(text, text))
    except ValueError:
        names = ", ".join(c.value for c in MEMBER_CHOICES)
        raise Invalid(f"'{value}' is not a vote; use one of {names}.", field="choices") from None


def record_vote(
    *,
    session: Session,
    motion_id: int,
    meeting_date: dt.date,
    meeting_type: str = "Regular",
    threshold: str = Threshold.MAJORITY.value,
    choices: Mapping[int, VoteChoice | str],
    action: str | None = None,
    apply_result: bool = False,
    unanimous_wording: bool = False,
) -> Vote:
    """Records a roll call on a motion: one entry per district of the council that day.

    ``choices`` maps each seated district to YES, NO, ABSENT, ABSTAIN or RECUSED; every
    seated member must have one. Vacant seats are stored as VACANT (ABSENT given for one is
    taken as vacant). ``action`` defaults to "Adopted" or "Failed" from the count, or
    "No Quorum" when fewer members are present than the quorum (then nothing is adopted and
    ``apply_result`` leaves the status as it is). With ``apply_result`` a passing vote moves
    the motion to adopted and a failing one to failed, through ``workflow.transition``.
    ``unanimous_wording`` is the Clerk's choice to write "Unanimous Vote" in the journal line;
    it needs every member present to have voted yes.
    """
    motion = workflow.get_motion(session, motion_id)
    if motion.status in (MotionStatus.DRAFT, MotionStatus.READY, MotionStatus.WITHDRAWN):
        raise Invalid(
            f"Motion {workflow.describe(motion)} is {motion.status}: only an item before the "
            "Council is voted on. Introduce it first.",
            field="status",
        )
    if not isinstance(meeting_date, dt.date):
        raise Invalid("Give the date of the meeting.", field="meeting_date")
    meeting_type = meeting_type.strip() or "Regular"
    key = parse_threshold(threshold)

    seats = seats_for_meeting(session, meeting_date)
    by_district = {seat.district: seat for seat in seats}
    given: dict[int, VoteChoice] = {}
    for district, wanted in choices.items():
        try:
            number = int(district)
        except (TypeError, ValueError):
            raise Invalid(f"'{district}' is not a district number.", field="choices") from None
        if number not in by_district:
            raise Invalid(
                f"There is no district {number}: the council has districts 1 to {len(seats)}.",
                field="choices",
            )
        given[number] = parse_choice(str(wanted))

    casts: list[VoteCast] = []
    missing: list[str] = []
    day = _day(meeting_date)
    for seat in seats:
        choice: VoteChoice | None = given.get(seat.district)
        if seat.vacant:
            if choice not in (None, C.ABSENT, C.VACANT):
                raise Invalid(
                    f"{district_short(seat.district)} is vacant on {day}: no vote can be "
                    f"recorded for it (got {choice}).",
                    field="choices",
                )
            casts.append(VoteCast(district=seat.district, person_id=None, choice=C.VACANT.value))
            continue
        if choice is None:
            missing.append(f"{district_short(seat.district)} ({seat.name})")
            continue
        if choice is C.VACANT:
            raise Invalid(
                f"{district_short(seat.district)} is held by {seat.name} on {day}, not vacant.",
                field="choices",
            )
        casts.append(
            VoteCast(district=seat.district, person_id=seat.person_id, choice=choice.value)
        )
    if missing:
        raise Invalid(
            "Give a vote (YES, NO, ABSENT, ABSTAIN or RECUSED) for every seated member; "
            "missing: " + ", ".join(missing) + ".",
            field="choices",
        )

    vote = Vote(
        motion_id=motion_id,
        meeting_date=meeting_date,
        meeting_type=meeting_type,
        action=(action or "").strip() or "Adopted",
        threshold=key.value,
        unanimous_wording=unanimous_wording,
    )
    vote.casts = casts
    counted = tally(session, vote)
    stated = (action or "").strip()
    if not counted.quorum_ok:
        if stated.lower().startswith(("adopted", "fail")):
            raise Invalid(
                f"Only {counted.present} members are present and a quorum is "
                f"{counted.quorum}: the Council cannot act, so the vote cannot be recorded as "
                f"'{vote.action}'. Leave the action empty to record it as {NO_QUORUM}.",
                field="action",
            )
        vote.action = stated or NO_QUORUM
    elif action is None or not action.strip():
        vote.action = "Adopted" if counted.passes else "Failed"
    elif vote.action.lower().startswith("adopted") and not counted.passes:
        raise Invalid(
            f"The vote does not carry ({counted.yes} yes, {counted.threshold_votes} needed for "
            f"{_threshold_words(key)}): it cannot be recorded as '{vote.action}'.",
            field="action",
        )
    if unanimous_wording and not counted.unanimous:
        raise Invalid(
            'The journal can say "Unanimous Vote" only when every member present voted '
            f"yes; this roll call has {counted.no} no, {counted.abstain} abstaining and "
            f"{counted.recused} recused.",
            field="unanimous_wording",
        )
    apply = apply_result and counted.quorum_ok
    target = _result_status(session, motion, vote, counted) if apply else None
    session.add(vote)
    session.flush()
    if target is not None:
        workflow.transition(
            session=session, motion_id=motion_id, to=target.value, on_date=meeting_date
        )
    return vote


def get_vote(session: Session, vote_id: int) -> Vote:
    vote = session.get(Vote, vote_id)
    if vote is None:
        raise NotFound(f"There is no vote {vote_id}.")
    return vote


def votes_of(session: Session, motion_id: int) -> list[Vote]:
    """The votes taken on a motion, oldest first."""
    return list(
        session.exec(
            select(Vote).where(Vote.motion_id == motion_id).order_by(Vote.meeting_date, Vote.id)  # type: ignore[arg-type]
        )
    )


def tally(session: Session, vote: Vote | int) -> Tally:
    """Counts a vote against its threshold and the office's quorum."""
    if isinstance(vote, int):
        vote = get_vote(session, vote)
    office = get_office(session=session) or OfficeProfile()
    roll: list[tuple[VoteChoice | str, str]] = []
    for cast in vote.casts:
        person = session.get(Person, cast.person_id) if cast.person_id else None
        roll.append((cast.choice, _surname(person) if person else district_short(cast.district)))
    return count(
        office,
        roll,
        vote.threshold,
        vote.action,
        unanimous_wording=vote.unanimous_wording,
        president=president_on(session, vote.meeting_date),
    )


def president_on(session: Session, day: dt.date) -> str:
    """The surname of the member who held the office of President on a day ("" if none)."""
    for row in seats_on(session=session, on_date=day):
        if row.member is not None and row.office.strip().casefold() == PRESIDENT.casefold():
            return _surname(row.member)
    return ""


def count_choices(
    office: OfficeProfile,
    seats: Sequence[Seat],
    choices: Mapping[int, VoteChoice | str],
    threshold: str = Threshold.MAJORITY.value,
    action: str = "",
    *,
    unanimous_wording: bool = False,
    president: str = "",
) -> Tally:
    """The tally a roll call would give before it is recorded (a form being filled in).

    ``choices`` maps districts to votes; vacant seats count as vacant whatever is given for
    them, and seated members without a choice yet are left out of the count. The President
    is the seat whose office says so, unless ``president`` names them.
    """
    if not president:
        president = next(
            (s.surname for s in seats if s.office.strip().casefold() == PRESIDENT.casefold()), ""
        )
    roll: list[tuple[VoteChoice | str, str]] = []
    for seat in seats:
        if seat.vacant:
            roll.append((C.VACANT, district_short(seat.district)))
        elif seat.district in choices:
            roll.append((parse_choice(str(choices[seat.district])), seat.surname))
    return count(
        office, roll, threshold, action, unanimous_wording=unanimous_wording, president=president
    )


def count(
    office: OfficeProfile,
    roll: Iterable[tuple[VoteChoice | str, str]],
    threshold: str = Threshold.MAJORITY.value,
    action: str = "",
    *,
    unanimous_wording: bool = False,
    president: str = "",
) -> Tally:
    """Counts a roll call given as (vote, surname) pairs against a threshold and the
    office's quorum. No database: the rules alone, shared by stored and unsaved votes.

    ``unanimous_wording`` writes "Unanimous Vote" in the journal line (the Clerk's choice,
    honoured only when every member present voted yes); ``president`` is the surname the
    roll-call line names last, as "and President X"."""
    names: dict[VoteChoice, list[str]] = {c: [] for c in VoteChoice}
    for choice, name in roll:
        names[VoteChoice(choice)].append(name)
    for group in names.values():
        group.sort(key=surname_sort_key)

    yes, no = len(names[C.YES]), len(names[C.NO])
    absent, abstain = len(names[C.ABSENT]), len(names[C.ABSTAIN])
    recused, vacant = len(names[C.RECUSED]), len(names[C.VACANT])
    present = yes + no + abstain + recused
    key = parse_threshold(threshold)
    needed = threshold_votes(office, key)
    unanimous = yes > 0 and yes == present
    quorum_ok = present >= office.quorum
    # Without a quorum the Council cannot act: no count carries.
    passes = quorum_ok and yes >= needed and (unanimous or key is not Threshold.UNANIMOUS)

    if not quorum_ok:
        result = NO_QUORUM
    elif passes:
        action = action.strip()
        result = action if action and not action.lower().startswith("fail") else "Adopted"
    else:
        result = "Failed"
    if unanimous_wording and unanimous and quorum_ok:
        head = f"{result}, Unanimous Vote ({yes})"
    else:
        head = f"{result}, ({yes})"
    parts = [head]
    for label, group in (
        ("Noes", names[C.NO]),
        ("Absent", names[C.ABSENT]),
        ("Abstain", names[C.ABSTAIN]),
        ("Recused", names[C.RECUSED]),
    ):
        if group:
            parts.append(f"{label}: {', '.join(group)} ({len(group)})")

    warnings = []
    if not quorum_ok:
        warnings.append(
            f"Only {present} members present: a quorum is {office.quorum}, so the Council "
            "cannot act and nothing is adopted."
        )
    in_room = sorted(
        [*names[C.YES], *names[C.NO], *names[C.ABSTAIN], *names[C.RECUSED]], key=surname_sort_key
    )
    return Tally(
        yes=yes,
        no=no,
        absent=absent,
        abstain=abstain,
        recused=recused,
        vacant=vacant,
        present=present,
        threshold=key.value,
        threshold_votes=needed,
        quorum=office.quorum,
        quorum_ok=quorum_ok,
        unanimous=unanimous,
        passes=passes,
        result=result,
        tally_text=f"({yes} - {no} - {absent})",
        journal_line="; ".join(parts),
        roll_call_line=roll_call_line(in_room, names[C.ABSENT], president),
        noes=tuple(names[C.NO]),
        absentees=tuple(names[C.ABSENT]),
        abstentions=tuple(names[C.ABSTAIN]),
        recusals=tuple(names[C.RECUSED]),
        warnings=tuple(warnings),
    )


def roll_call_line(present: Sequence[str], absent: Sequence[str], president: str = "") -> str:
    """The journal's roll call: "Members Present: Blumenfield, Bonin and President Wesson (3);
    Absent: Cedillo and Huizar (2)". The President, when present, is named last."""
    names = [n for n in present if n != president]
    if president and president in present:
        names.append(f"{PRESIDENT} {president}")
    line = f"Members Present: {_and_list(names) or 'none'} ({len(present)})"
    if absent:
        line += f"; Absent: {_and_list(absent)} ({len(absent)})"
    return line


def _and_list(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def vote_summary(session: Session, vote_id: int) -> dict[str, Any]:
    """A vote as plain data: meeting, action, tally, journal line and the roll call table
    (Member | CD | Vote) sorted by surname, vacant seats last."""
    vote = get_vote(session, vote_id)
    motion = session.get(Motion, vote.motion_id)
    counted = tally(session, vote)
    rows: list[dict[str, Any]] = []
    for cast in vote.casts:
        person = session.get(Person, cast.person_id) if cast.person_id else None
        rows.append(
            {
                "district": cast.district,
                "cd": district_short(cast.district),
                "person_id": cast.person_id,
                "name": person.full_name if person else "Vacant",
                "surname": _surname(person) if person else "",
                "vote": cast.choice,
            }
        )
    rows.sort(key=lambda r: (r["person_id"] is None, surname_sort_key(r["surname"]), r["district"]))
    return {
        "id": vote.id,
        "motion_id": vote.motion_id,
        "council_file": motion.council_file if motion else None,
        "motion_title": motion.title if motion else "",
        "citation": citation.motion_citation(session, motion) if motion else "",
        "meeting_date": vote.meeting_date.isoformat(),
        "meeting_type": vote.meeting_type,
        "action": vote.action,
        "threshold": counted.threshold,
        "threshold_votes": counted.threshold_votes,
        "yes": counted.yes,
        "no": counted.no,
        "absent": counted.absent,
        "abstain": counted.abstain,
        "recused": counted.recused,
        "vacant": counted.vacant,
        "present": counted.present,
        "quorum_ok": counted.quorum_ok,
        "unanimous": counted.unanimous,
        "passes": counted.passes,
        "result": counted.result,
        "tally_text": counted.tally_text,
        "journal_line": counted.journal_line,
        "roll_call_line": counted.roll_call_line,
        "unanimous_wording": vote.unanimous_wording,
        "quorum": counted.quorum,
        "warnings": list(counted.warnings),
        "members": rows,
    }


# --------------------------------------------------------------------------- internals


def _surname(person: Person) -> str:
    return person.surname.strip() or guess_surname(person.full_name)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _threshold_words(key: Threshold) -> str:
    return {
        Threshold.MAJORITY: "a majority",
        Threshold.TWO_THIRDS: "two thirds",
        Threshold.URGENCY: "an urgency clause",
        Threshold.UNANIMOUS: "a unanimous vote",
    }[key]


def _result_status(session: Session, motion: Motion, vote: Vote, counted: Tally) -> MotionStatus:
    """The status the vote puts the motion in, checked before anything is written."""
    if counted.passes and not vote.action.lower().startswith("adopted"):
        raise Invalid(
            f"The vote's action is '{vote.action}': change the motion's status by hand "
            "(only Adopted or Failed is applied).",
            field="action",
        )
    target = MotionStatus.ADOPTED if counted.passes else MotionStatus.FAILED
    if target not in workflow.allowed_moves(motion.status):
        raise Invalid(
            f"Motion {workflow.describe(motion)} is {motion.status}: a vote cannot make it "
            f"{target.value}. Record the vote without applying the result.",
            field="status",
        )
    office = get_office(session=session) or OfficeProfile()
    # A motion that skipped committee (Council Rule 16 / 17) needs two thirds to be taken up.
    if (
        counted.passes
        and motion.status == MotionStatus.INTRODUCED.value
        and counted.yes < office.two_thirds_votes
    ):
        raise Invalid(
            f"Motion {workflow.describe(motion)} was not referred to a committee: the Council "
            f"needs two thirds ({office.two_thirds_votes} votes) to take it up (Council Rule "
            f"16/17), and it has {counted.yes}. Refer it, or record the vote without applying "
            "the result.",
            field="threshold",
        )
    return target
