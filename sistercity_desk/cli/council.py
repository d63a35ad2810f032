"""Commands of the command line: council action (votes, status moves, activity, Council File
numbers, the sister-city process and signing)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from sqlmodel import Session

from .. import councilfile, db, models, motions, people, process, votes, workflow
from ..errors import Invalid
from . import print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Adds vote, transition, activity, cf, partnership and sign."""
    p = sub.add_parser("vote", help="record a roll-call vote on a motion")
    p.add_argument("motion_id", type=int, metavar="MOTION_ID")
    p.add_argument("--date", type=_date, required=True, help="meeting date, YYYY-MM-DD")
    p.add_argument("--type", default="Regular", help="meeting type: Regular or Special")
    p.add_argument(
        "--threshold",
        default="majority",
        help="majority, two_thirds, urgency or unanimous (votes from the office profile)",
    )
    p.add_argument("--action", help='what the Council did (default: "Adopted" or "Failed")')
    for choice in ("yes", "no", "absent", "abstain", "recused"):
        p.add_argument(
            f"--{choice}", type=_members, default=[], metavar="WHO,WHO,...",
            help=f"members voting {choice.upper()}: districts (15, CD15) or names (Buscaino)",
        )  # fmt: skip
    p.add_argument(
        "--all-yes-except-absent",
        type=_members,
        nargs="?",
        const=[],
        default=None,
        metavar="WHO,WHO,...",
        help="every seated member YES except these members (districts or names), ABSENT",
    )
    p.add_argument(
        "--apply", action="store_true", help="move the motion to adopted or failed by the result"
    )
    p.add_argument(
        "--unanimous-wording",
        action="store_true",
        help='write "Unanimous Vote" in this item\'s journal line (every member present voted '
        "yes; never the default)",
    )
    p.add_argument("--json", action="store_true", help="print the vote as JSON")
    p.set_defaults(handler=cmd_vote)

    p = sub.add_parser("transition", help="move a motion to another status")
    p.add_argument("motion_id", type=int, metavar="MOTION_ID")
    p.add_argument("status", metavar="STATUS", help="ready, introduced, referred, adopted ...")
    p.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD")
    p.add_argument("--committee", help="committee name, short name or id (for a referral)")
    p.add_argument("--note", help="words added to the activity entry")
    p.set_defaults(handler=cmd_transition)

    p = sub.add_parser("activity", help="show a motion's activity log, or add an entry")
    p.add_argument("motion_id", type=int, metavar="MOTION_ID")
    p.add_argument("--date", type=_date, help="YYYY-MM-DD (to add an entry)")
    p.add_argument("--text", help="the entry (default: the standard wording of --kind)")
    p.add_argument("--kind", default="note", help="note (default), final, referred ...")
    p.add_argument("--committee", help="committee for a standard referral entry")
    p.add_argument("--json", action="store_true", help="print the log as JSON")
    p.set_defaults(handler=cmd_activity)

    p = sub.add_parser("cf", help="Council File numbers")
    cf = p.add_subparsers(dest="cf_action", metavar="ACTION", required=True)
    q = cf.add_parser("next", help="print the next free number of a year")
    q.add_argument("--year", type=int, help="22 or 2022 (default: this year)")
    q.add_argument("--supplemental", metavar="PARENT", help="next supplemental file of PARENT")
    q.set_defaults(handler=cmd_cf_next)

    p = sub.add_parser("partnership", help="the sister-city process of a partnership")
    ps = p.add_subparsers(dest="partnership_action", metavar="ACTION", required=True)
    q = ps.add_parser("step", help="record the next dated step")
    q.add_argument("partnership_id", type=int, metavar="PARTNERSHIP_ID")
    q.add_argument("step", metavar="STEP", help=", ".join(s.value for s in process.Step))
    q.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD")
    q.add_argument("--motion", type=int, help="id of the motion behind the step")
    q.add_argument("--vote", type=int, help="id of the vote behind the step")
    q.add_argument("--note", default="", help="a note on the step")
    q.set_defaults(handler=cmd_partnership_step)
    q = ps.add_parser("timeline", help="show the dated steps with their motions and votes")
    q.add_argument("partnership_id", type=int, metavar="ID")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_partnership_timeline)

    p = sub.add_parser("sign", help="record one side's signature of an agreement")
    p.add_argument("agreement_id", type=int, metavar="AGREEMENT_ID")
    p.add_argument("--side", choices=[s.value for s in process.Side], required=True)
    p.add_argument("--place", required=True, help="where it was signed")
    p.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD")
    p.add_argument("--signatory", required=True, metavar="PERSON", help="person id or name")
    p.set_defaults(handler=cmd_sign)


# --------------------------------------------------------------------------- handlers


def cmd_vote(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        choices: dict[int, str] = {}
        listed: set[int] = set()
        if args.all_yes_except_absent is not None:
            seats = votes.seats_for_meeting(session, args.date)
            choices = {s.district: "YES" for s in seats if not s.vacant}
            away = _districts_of(session, args.date, args.all_yes_except_absent)
            choices.update({d: "ABSENT" for d in away})
            listed.update(away)
        for choice in ("yes", "no", "absent", "abstain", "recused"):
            for district in _districts_of(session, args.date, getattr(args, choice)):
                if district in listed:
                    raise Invalid(f"District {district} is given two votes.", field="choices")
                listed.add(district)
                choices[district] = choice.upper()
        vote = votes.record_vote(
            session=session,
            motion_id=args.motion_id,
            meeting_date=args.date,
            meeting_type=args.type,
            threshold=args.threshold,
            choices=choices,
            action=args.action,
            apply_result=args.apply,
            unanimous_wording=args.unanimous_wording,
        )
        summary = votes.vote_summary(session, vote.id or 0)
        status = workflow.get_motion(session, args.motion_id).status
    if args.json:
        print_json(summary)
        return 0
    print(f"Vote {summary['id']} on motion {args.motion_id}, {summary['meeting_date']} "
          f"({summary['meeting_type']}), threshold {summary['threshold']} "
          f"({summary['threshold_votes']} votes)")  # fmt: skip
    print(summary["roll_call_line"])
    print(f"{summary['tally_text']}  {summary['journal_line']}")
    for warning in summary["warnings"]:
        print(f"Warning: {warning}")
    if args.apply and summary["quorum_ok"]:
        print(f"Motion {args.motion_id} is now {status}.")
    elif args.apply:
        print(f"Motion {args.motion_id} stays {status}: without a quorum the Council cannot act.")
    return 0


def cmd_transition(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        committee_id = _committee_id(session, args.committee) if args.committee else None
        motion = workflow.transition(
            session=session,
            motion_id=args.motion_id,
            to=args.status,
            on_date=args.date,
            committee_id=committee_id,
            note=args.note,
        )
        line = workflow.activity_log(session, args.motion_id)[-1]
        number = motion.council_file or "no Council File"
        print(f"Motion {motion.id} ({number}) is now {motion.status}: {line['text']}")
    return 0


def cmd_activity(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        if args.date is not None or args.text is not None:
            if args.date is None:
                raise Invalid("Give the --date of the entry.", field="on_date")
            committee_id = _committee_id(session, args.committee) if args.committee else None
            entry = workflow.add_activity(
                session=session,
                motion_id=args.motion_id,
                on_date=args.date,
                kind=args.kind,
                text=args.text,
                committee_id=committee_id,
            )
            print(f"{entry.on_date.isoformat()}  {entry.text}")
            return 0
        log = workflow.activity_log(session, args.motion_id)
    if args.json:
        print_json(log)
    else:
        for line in log:
            print(f"{line['on_date']}  {line['text']}")
    return 0


def cmd_cf_next(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        if args.supplemental:
            print(councilfile.next_supplemental(session, args.supplemental))
        else:
            print(councilfile.next_number(session, args.year or dt.date.today().year))
    return 0


def cmd_partnership_step(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        step = process.add_step(
            session=session,
            partnership_id=args.partnership_id,
            step=args.step,
            on_date=args.date,
            note=args.note,
            motion_id=args.motion,
            vote_id=args.vote,
        )
        partnership = session.get(models.Partnership, args.partnership_id)
        assert partnership is not None
        line = f"{step.on_date}  {process.step_label(step.step)}; status {partnership.status}"
        if partnership.ordinal:
            line += f", sister city no. {partnership.ordinal}"
        print(line)
    return 0


def cmd_partnership_timeline(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        summary = process.partnership_summary(session, args.partnership_id)
    if args.json:
        print_json(summary)
        return 0
    head = f"{summary['city']}: {summary['status']}"
    if summary["ordinal_text"]:
        head += f" ({summary['ordinal_text']} sister city)"
    print(head)
    for row in summary["timeline"]:
        print(f"{row['on_date'] or '????-??-??'}  {row['label']}")
        if row["motion"]:
            motion = row["motion"]
            number = f"C.F. {motion['council_file']}" if motion["council_file"] else "no C.F."
            print(f"            Motion {motion['id']}, {number}: {motion['title']}")
        if row["vote"]:
            vote = row["vote"]
            print(f"            Vote {vote['meeting_date']}: {vote['tally_text']} "
                  f"{vote['journal_line']}")  # fmt: skip
        if row["note"]:
            print(f"            {row['note']}")
    if summary["next_steps"]:
        print("Next: " + ", ".join(summary["next_steps"]))
    return 0


def cmd_sign(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        agreement = process.sign_agreement(
            session=session,
            agreement_id=args.agreement_id,
            side=args.side,
            place=args.place,
            on_date=args.date,
            signatory_id=people.find_person(session=session, ref=args.signatory).id or 0,
        )
        sides = process.signed_sides(agreement)
    print(f"Agreement {agreement.id}: signed by {' and '.join(sides)}; status {agreement.status}")
    return 0


# --------------------------------------------------------------------------- parsing


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _members(text: str) -> list[str]:
    """A comma-separated list of districts or names, resolved once the date is known."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _district_number(text: str) -> int | None:
    plain = text.upper().replace(" ", "").removeprefix("CD")
    return int(plain) if plain.isdigit() else None


def _districts_of(session: Session, day: dt.date, refs: list[str]) -> list[int]:
    """Districts from "15", "CD 15" or a member's name as seated on the meeting day. A name
    with a comma ("Curren D. Price, Jr.") arrives in two parts: the suffix is let go."""
    seats = {s.person_id: s.district for s in votes.seats_for_meeting(session, day)}
    result: list[int] = []
    for part in refs:
        if part.strip().rstrip(".").casefold() in _SUFFIXES:
            continue  # the tail of "Curren D. Price, Jr.": the name before it is enough
        number = _district_number(part)
        if number is not None:
            result.append(number)
            continue
        person = people.find_person(session=session, ref=part, on_date=day, members_only=True)
        result.append(seats[person.id])
    return result


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _committee_id(session: Session, ref: str) -> int:
    """A committee by id, name, short name or unique prefix (``motions.find_committee``)."""
    return motions.find_committee(session=session, ref=ref).id or 0
