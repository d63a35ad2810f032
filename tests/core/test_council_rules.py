"""The council's rules as the Clerk applies them: quorum, journal wording, the roll call,
the sponsor citation, who may sponsor, and seats with terms for historic meetings."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlmodel import Session
from test_votes import MEETING, choices, make_council, make_motion

from sistercity_desk import demo, motions, votes, workflow
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import Invalid

# --------------------------------------------------------------------------- quorum


def test_below_the_quorum_nothing_is_adopted(session: Session) -> None:
    members = make_council(session)
    motion_id = make_motion(session, members)
    nine = choices(yes=list(range(1, 10)), absent=list(range(10, 16)))
    with pytest.raises(Invalid, match=r"Only 9 members are present and a quorum is 10"):
        votes.record_vote(
            session=session, motion_id=motion_id, meeting_date=MEETING, choices=nine,
            action="Adopted",
        )  # fmt: skip
    vote = votes.record_vote(
        session=session, motion_id=motion_id, meeting_date=MEETING, choices=nine,
        apply_result=True,
    )  # fmt: skip
    counted = votes.tally(session, vote)
    assert vote.action == counted.result == "No Quorum"
    assert not counted.passes
    assert counted.journal_line.startswith("No Quorum, (9); Absent: ")
    assert session.get(m.Motion, motion_id).status == "reported"  # type: ignore[union-attr]
    assert workflow.activity_log(session, motion_id)[-1]["kind"] == "reported"


# --------------------------------------------------------------------------- journal wording


def test_journal_line_is_the_clerks_form_and_unanimous_only_by_choice(session: Session) -> None:
    result = demo.load_demo(session)
    stored = votes.votes_of(session, result.motion_id)[0]
    counted = votes.tally(session, stored)
    assert counted.journal_line == "Adopted, (14)"
    assert counted.roll_call_line == (
        "Members Present: Blumenfield, Bonin, Buscaino, Cedillo, Harris-Dawson, Koretz, "
        "Krekorian, Lee, de León, O'Farrell, Price, Raman, Rodriguez and President Martinez (14)"
    )
    office = session.get(m.OfficeProfile, 1)
    assert office is not None
    roll = [("YES", s) for s in ("Blumenfield", "Bonin", "Buscaino", "Cedillo", "Harris-Dawson",
            "Koretz", "Martinez", "O'Farrell", "Price", "Rodriguez", "Ryu", "Wesson")]  # fmt: skip
    roll += [("ABSENT", s) for s in ("Smith", "Huizar", "Krekorian")]
    plain = votes.count(office, roll, president="Wesson")
    assert plain.journal_line == "Adopted, (12); Absent: Huizar, Krekorian, Smith (3)"
    assert plain.roll_call_line == (
        "Members Present: Blumenfield, Bonin, Buscaino, Cedillo, Harris-Dawson, Koretz, "
        "Martinez, O'Farrell, Price, Rodriguez, Ryu and President Wesson (12); "
        "Absent: Huizar, Krekorian and Smith (3)"
    )
    chosen = votes.count(office, roll, "majority", "Adopted to Receive and File",
                         unanimous_wording=True)  # fmt: skip
    assert chosen.journal_line == (
        "Adopted to Receive and File, Unanimous Vote (12); Absent: Huizar, Krekorian, Smith (3)"
    )


def test_unanimous_wording_is_stored_per_vote_and_refused_when_untrue(session: Session) -> None:
    members = make_council(session)
    motion_id = make_motion(session, members)
    vote = votes.record_vote(
        session=session, motion_id=motion_id, meeting_date=MEETING,
        choices=choices(yes=list(range(1, 14)), absent=[14, 15]), unanimous_wording=True,
    )  # fmt: skip
    assert votes.tally(session, vote).journal_line == (
        "Adopted, Unanimous Vote (13); Absent: Buscaino, de León (2)"
    )
    with pytest.raises(Invalid, match="Unanimous Vote"):
        votes.record_vote(
            session=session, motion_id=motion_id, meeting_date=MEETING,
            choices=choices(yes=list(range(1, 15)), no=[15]), unanimous_wording=True,
        )  # fmt: skip


def test_vote_command_unanimous_wording_and_roll_call(
    database_url: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    members = make_council(session, vacant=(10,))
    motion_id = make_motion(session, members)
    session.commit()
    db = ["--db", database_url]
    assert main([*db, "vote", str(motion_id), "--date", "2022-03-25",
                 "--all-yes-except-absent", "3", "--unanimous-wording", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["journal_line"] == "Adopted, Unanimous Vote (13); Absent: Blumenfield (1)"
    assert data["roll_call_line"].endswith("(13); Absent: Blumenfield (1)")
    code = main([*db, "vote", str(motion_id), "--date", "2022-03-26", "--yes", "1,2,3,4,5",
                 "--absent", "6,7,8,9,11,12,13,14,15", "--apply"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "No Quorum, (5)" in out and "stays reported" in out
    assert motions.get_motion(session=session, motion_id=motion_id).status == "reported"


# --------------------------------------------------------------------------- citation


def test_one_citation_everywhere_from_the_office_setting(session: Session) -> None:
    from sistercity_desk import office, records
    from sistercity_desk.documents.context import motion_context, packet_context

    result = demo.load_demo(session)
    motion = motions.get_motion(session=session, motion_id=result.motion_id)

    def everywhere() -> set[str]:
        return {
            records.motion_dict(session, motion)["citation"],
            motion_context(session, result.motion_id)["motion"]["citation"],
            packet_context(session, [result.motion_id])["packet"]["entries"][0]["citation"],
            workflow.motion_citation(session, motion),
        }

    assert everywhere() == {"(Buscaino - et al. - Raman)"}
    introduced = [e for e in workflow.activity_log(session, result.motion_id)]
    assert introduced[0]["text"] == "Motion (Buscaino - et al. - Raman) introduced."

    profile = office.get_office(session=session)
    assert profile is not None
    data = office.OfficeData(city_name=profile.city_name, citation_limit=0)
    office.save_office(session=session, data=data)
    assert everywhere() == {"(Buscaino - Raman - Koretz - O'Farrell)"}
    with pytest.raises(Invalid, match="at least the mover and one seconder"):
        office.save_office(
            session=session, data=office.OfficeData(city_name="Los Angeles", citation_limit=1)
        )


# --------------------------------------------------------------------------- sponsors


def _person_named(session: Session, surname: str) -> int:
    from sistercity_desk import people

    return next(p.id or 0 for p in people.list_people(session=session) if p.surname == surname)


def test_only_seated_members_move_or_second(session: Session) -> None:
    result = demo.load_demo(session)
    data = motions.MotionData.of(motions.get_motion(session=session, motion_id=result.motion_id))
    data.title, data.council_file = "Sister City / Kyiv / Fire Engines", None
    mayor = _person_named(session, "Garcetti")
    with pytest.raises(Invalid, match=r"Eric Garcetti \(Mayor of Los Angeles\) holds no council "
                       r"seat on 1 March 2022: only a member .* can move it") as caught:  # fmt: skip
        motions.create_motion(session=session, data=replace(data, mover_id=mayor))
    assert caught.value.field == "mover_id"
    klitschko = _person_named(session, "Klitschko")
    with pytest.raises(Invalid, match=r"Vitali Klitschko \(Mayor of Kyiv\) .* can second it"):
        motions.create_motion(
            session=session, data=replace(data, seconder_ids=[*data.seconder_ids, klitschko])
        )
    # Presenting for another member: settable, and the member presented for sits too.
    martinez = _person_named(session, "Martinez")
    made = motions.create_motion(session=session, data=replace(data, presented_for_id=martinez))
    assert workflow.motion_citation(session, made) == "(Buscaino for Martinez - et al. - Raman)"
    with pytest.raises(Invalid, match="Mayor of Kyiv"):
        motions.create_motion(session=session, data=replace(data, presented_for_id=klitschko))
