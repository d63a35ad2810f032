"""Roll-call votes: thresholds, quorum, vacant seats, tally text and journal lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from sistercity_desk import demo, motions, office, people, votes, workflow
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import DeskError, Invalid

MEETING = dt.date(2022, 3, 25)
SURNAMES = [
    "Cedillo", "Krekorian", "Blumenfield", "Raman", "Koretz", "Martinez", "Rodriguez",
    "Harris-Dawson", "Price", "Wesson", "Bonin", "Lee", "O'Farrell", "de León", "Buscaino",
]  # fmt: skip


def make_council(session: Session, vacant: tuple[int, ...] = ()) -> dict[int, int]:
    """A 15-seat council (LA thresholds 8 / 10 / 12, quorum 10); returns district -> person."""
    office.save_office(session=session, data=office.OfficeData(city_name="Los Angeles"))
    ids: dict[int, int] = {}
    for district, surname in enumerate(SURNAMES, start=1):
        if district in vacant:
            people.assign_seat(session=session, district=district, person_id=None)
            continue
        person = people.create_person(
            session=session,
            data=people.PersonData(full_name=f"Member {surname}", surname=surname),
        )
        people.assign_seat(session=session, district=district, person_id=person.id)
        ids[district] = person.id or 0
    return ids


def make_motion(session: Session, members: dict[int, int], status: str = "reported") -> int:
    rules = motions.create_committee(session=session, name="Rules Committee")
    motion = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="Sister City / Testville / Nomination Review",
            mover_id=members[15],
            seconder_ids=[members[4]],
        ),
    )
    day = dt.date(2022, 3, 1)
    path = ["ready", "introduced", "referred", "reported"]
    for step in path[: path.index(status) + 1] if status in path else []:
        workflow.transition(
            session=session, motion_id=motion.id or 0, to=step, on_date=day, committee_id=rules.id
        )
    return motion.id or 0


def choices(yes: list[int] = (), no: list[int] = (), absent: list[int] = ()) -> dict[int, str]:  # type: ignore[assignment]
    result = {d: "YES" for d in yes}
    result.update({d: "NO" for d in no})
    result.update({d: "ABSENT" for d in absent})
    return result


@pytest.fixture
def council(session: Session) -> tuple[Session, dict[int, int], int]:
    members = make_council(session)
    return session, members, make_motion(session, members)


def record(
    session: Session, motion_id: int, threshold: str = "majority", **groups: list[int]
) -> votes.Tally:
    vote = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        meeting_type="Regular",
        threshold=threshold,
        choices=choices(**groups),
    )
    return votes.tally(session, vote)


def test_eight_yes_of_ten_present_passes_at_majority(council: tuple) -> None:
    session, _, motion_id = council
    t = record(session, motion_id, yes=list(range(1, 9)), no=[9, 10], absent=list(range(11, 16)))
    assert (t.yes, t.no, t.absent, t.present) == (8, 2, 5, 10)
    assert t.threshold_votes == 8
    assert t.passes
    assert t.tally_text == "(8 - 2 - 5)"
    assert t.journal_line == (
        "Adopted, (8); Noes: Price, Wesson (2); Absent: Bonin, Buscaino, Lee, de León, "
        "O'Farrell (5)"
    )


def test_seven_yes_of_ten_present_fails_and_is_recorded_as_failed(council: tuple) -> None:
    session, _, motion_id = council
    t = record(session, motion_id, yes=list(range(1, 8)), no=[8, 9, 10], absent=list(range(11, 16)))
    assert not t.passes
    assert t.result == "Failed"
    assert t.tally_text == "(7 - 3 - 5)"
    assert t.journal_line.startswith("Failed, (7); Noes: Harris-Dawson, Price, Wesson (3); ")
    vote = votes.votes_of(session, motion_id)[-1]
    assert vote.action == "Failed"


def test_below_the_quorum_nothing_carries(council: tuple) -> None:
    session, _, motion_id = council
    nine = record(session, motion_id, yes=list(range(1, 10)), absent=list(range(10, 16)))
    assert not nine.quorum_ok
    assert not nine.passes and nine.result == "No Quorum"
    assert any("quorum is 10" in w for w in nine.warnings)
    assert votes.votes_of(session, motion_id)[-1].action == "No Quorum"
    ten = record(session, motion_id, yes=list(range(1, 11)), absent=list(range(11, 16)))
    assert ten.quorum_ok and ten.warnings == ()


def test_two_thirds_needs_ten(council: tuple) -> None:
    session, _, motion_id = council
    ten = record(session, motion_id, "two_thirds", yes=list(range(1, 11)), no=list(range(11, 16)))
    assert ten.threshold_votes == 10 and ten.passes
    assert ten.journal_line == ("Adopted, (10); Noes: Bonin, Buscaino, Lee, de León, O'Farrell (5)")
    nine = record(session, motion_id, "two_thirds", yes=list(range(1, 10)), no=list(range(10, 16)))
    assert not nine.passes
    assert nine.journal_line.startswith("Failed, (9); Noes: ")


def test_urgency_and_unanimous_thresholds(council: tuple) -> None:
    session, _, motion_id = council
    eleven = record(session, motion_id, "urgency", yes=list(range(1, 12)), no=list(range(12, 16)))
    assert eleven.threshold_votes == 12 and not eleven.passes
    # Unanimous: every member present voted yes, and at least a majority of the whole.
    one_no = record(session, motion_id, "unanimous", yes=list(range(1, 14)), no=[14], absent=[15])
    assert not one_no.passes and not one_no.unanimous
    all_present = record(
        session, motion_id, "unanimous", yes=list(range(1, 11)), absent=list(range(11, 16))
    )
    assert all_present.unanimous and all_present.passes


def test_vacant_seat_is_neither_present_nor_absent(session: Session) -> None:
    members = make_council(session, vacant=(10,))
    motion_id = make_motion(session, members)
    seated = [d for d in range(1, 16) if d != 10]
    # ABSENT given for the vacant seat is taken as vacant.
    vote = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices={**{d: "YES" for d in seated[:-1]}, seated[-1]: "ABSENT", 10: "ABSENT"},
    )
    t = votes.tally(session, vote)
    assert (t.yes, t.absent, t.vacant, t.present) == (13, 1, 1, 13)
    assert {c.district: c.choice for c in vote.casts}[10] == "VACANT"
    assert "Wesson" not in t.journal_line
    with pytest.raises(Invalid, match="CD 10 is vacant"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices={d: "YES" for d in range(1, 16)},
        )


def test_seats_follow_the_terms_on_the_meeting_date(session: Session) -> None:
    members = make_council(session)
    motion_id = make_motion(session, members)
    seat = session.exec(select(m.CouncilSeat).where(m.CouncilSeat.district == 10)).one()
    seat.term_end = dt.date(2020, 10, 31)
    people.assign_seat(
        session=session, district=10, person_id=None, term_start=dt.date(2020, 11, 1)
    )
    before = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=dt.date(2020, 10, 1),
        choices={d: "YES" for d in range(1, 16)},
    )
    after = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices={d: "YES" for d in range(1, 16) if d != 10},
    )
    assert votes.tally(session, before).tally_text == "(15 - 0 - 0)"
    assert votes.tally(session, after).vacant == 1


def test_every_seated_member_needs_a_vote(council: tuple) -> None:
    session, _, motion_id = council
    with pytest.raises(Invalid, match=r"missing: CD 14 \(Member de León\), CD 15"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices={d: "YES" for d in range(1, 14)},
        )
    with pytest.raises(Invalid, match="no district 16"):
        votes.record_vote(
            session=session, motion_id=motion_id, meeting_date=MEETING, choices={16: "YES"}
        )
    with pytest.raises(Invalid, match="not a vote"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices={d: "MAYBE" for d in range(1, 16)},
        )
    assert votes.votes_of(session, motion_id) == []


def test_abstain_and_recused_are_present_and_listed(council: tuple) -> None:
    session, _, motion_id = council
    vote = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices={**{d: "YES" for d in range(1, 13)}, 13: "ABSTAIN", 14: "RECUSED", 15: "NO"},
    )
    t = votes.tally(session, vote)
    assert t.present == 15 and t.absent == 0
    assert (
        t.journal_line
        == "Adopted, (12); Noes: Buscaino (1); Abstain: O'Farrell (1); Recused: de León (1)"
    )


def test_adopted_action_refused_when_the_count_falls_short(council: tuple) -> None:
    session, _, motion_id = council
    with pytest.raises(Invalid, match="does not carry"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices=choices(yes=list(range(1, 8)), no=list(range(8, 16))),
            action="Adopted",
        )
    vote = votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices=choices(yes=list(range(1, 16))),
        action="Adopted as Amended",
    )
    t = votes.tally(session, vote)
    assert t.journal_line == "Adopted as Amended, (15)"


def test_apply_result_adopts_through_the_workflow(council: tuple) -> None:
    session, _, motion_id = council
    votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices=choices(yes=list(range(1, 13)), absent=list(range(13, 16))),
        apply_result=True,
    )
    motion = session.get(m.Motion, motion_id)
    assert motion is not None and motion.status == "adopted"
    log = workflow.activity_log(session, motion_id)
    assert log[-1]["text"] == (
        "Council adopted item, subject to reconsideration, pursuant to Council Rule 51."
    )
    assert log[-1]["on_date"] == "2022-03-25"
    # Closed: a second applied vote cannot change it, and nothing is written.
    with pytest.raises(Invalid, match="cannot make it"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices=choices(yes=list(range(1, 16))),
            apply_result=True,
        )
    assert len(votes.votes_of(session, motion_id)) == 1


def test_apply_result_of_a_failing_vote(council: tuple) -> None:
    session, _, motion_id = council
    votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices=choices(yes=list(range(1, 6)), no=list(range(6, 16))),
        apply_result=True,
    )
    motion = session.get(m.Motion, motion_id)
    assert motion is not None and motion.status == "failed"
    assert workflow.activity_log(session, motion_id)[-1]["kind"] == "failed"


def test_straight_to_council_needs_two_thirds_to_be_taken_up(session: Session) -> None:
    members = make_council(session)
    motion_id = make_motion(session, members, status="introduced")
    with pytest.raises(Invalid, match="two thirds"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices=choices(yes=list(range(1, 10)), no=[10], absent=list(range(11, 16))),
            apply_result=True,
        )
    votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=MEETING,
        choices=choices(yes=list(range(1, 11)), absent=list(range(11, 16))),
        apply_result=True,
    )
    assert session.get(m.Motion, motion_id).status == "adopted"  # type: ignore[union-attr]


def test_a_draft_is_not_voted_on(session: Session) -> None:
    members = make_council(session)
    motion_id = make_motion(session, members, status="draft")
    with pytest.raises(DeskError, match="Introduce it first"):
        votes.record_vote(
            session=session,
            motion_id=motion_id,
            meeting_date=MEETING,
            choices=choices(yes=list(range(1, 16))),
        )


def test_demo_vote_reads_fourteen_nothing_nothing(session: Session) -> None:
    result = demo.load_demo(session)
    vote = votes.votes_of(session, result.motion_id)[0]
    t = votes.tally(session, vote)
    assert t.tally_text == "(14 - 0 - 0)"
    assert t.journal_line == "Adopted, (14)"
    assert (t.vacant, t.present, t.passes, t.quorum_ok) == (1, 14, True, True)
    summary = votes.vote_summary(session, vote.id or 0)
    names = [row["surname"] for row in summary["members"]]
    # Sorted by surname with particles set aside; the vacant seat last.
    assert names[:3] == ["Blumenfield", "Bonin", "Buscaino"]
    assert names.index("de León") == names.index("Lee") + 1
    assert summary["members"][-1] == {
        "district": 10, "cd": "CD 10", "person_id": None, "name": "Vacant", "surname": "",
        "vote": "VACANT",
    }  # fmt: skip
    assert summary["council_file"] == demo.SAMPLE_COUNCIL_FILE
    json.dumps(summary)


def test_vote_command(
    database_url: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    members = make_council(session, vacant=(10,))
    motion_id = make_motion(session, members)
    session.commit()
    code = main(
        ["--db", database_url, "vote", str(motion_id), "--date", "2022-03-25",
         "--all-yes-except-absent", "10", "--apply"]
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "(14 - 0 - 0)" in out.out
    assert "Adopted, (14)" in out.out and "Unanimous" not in out.out
    code = main(
        ["--db", database_url, "vote", str(motion_id), "--date", "2022-03-26", "--threshold",
         "two-thirds", "--yes", "1,2,3,4,5,6,7,8,9", "--no", "11,12", "--absent", "13,14,15",
         "--json"]
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert (
        data["journal_line"]
        == "Failed, (9); Noes: Bonin, Lee (2); Absent: Buscaino, de León, O'Farrell (3)"
    )
    code = main(
        ["--db", database_url, "vote", str(motion_id), "--date", "2022-03-26", "--yes", "1"]
    )
    assert code == 1
    assert "missing: CD 2" in capsys.readouterr().err
