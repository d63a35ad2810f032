"""The council's rules as the Clerk applies them: quorum, journal wording, the roll call,
the sponsor citation, who may sponsor, and seats with terms for historic meetings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

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


# --------------------------------------------------------------------------- command line


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


#: The council of June 2019 where it differs from the demo's (CD 4, 10, 14 and the
#: President), and the members who sat then and now: their earlier terms.
PAST = [
    (4, "David Ryu", "Ryu", "2015-07-01", "2020-12-13", ""),
    (10, "Herb J. Wesson, Jr.", "Wesson", "2005-09-13", "2020-12-13", "President"),
    (14, "José Huizar", "Huizar", "2005-12-14", "2020-10-14", ""),
]
EARLIER = {1: "Cedillo", 2: "Krekorian", 3: "Blumenfield", 5: "Koretz", 6: "Martinez",
           7: "Rodriguez", 8: "Harris-Dawson", 9: "Price", 11: "Bonin", 12: "Lee",
           13: "O'Farrell", 15: "Buscaino"}  # fmt: skip


def test_past_members_and_a_historic_vote_from_the_command_line(
    db_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    assert cli(capsys, *db, "demo")[0] == 0
    for district, name, surname, start, end, held in PAST:
        code, out, err = cli(capsys, *db, "person", "add", name, "--surname", surname,
                             "--district", str(district), "--from", start, "--to", end,
                             "--office", held)  # fmt: skip
        assert code == 0, err
        assert f"CD {district}" in out
    for district, surname in EARLIER.items():
        # Names are folded: case, accents and apostrophes ("o’farrell").
        ref = surname.lower().replace("'", "’")
        code, _, err = cli(capsys, *db, "seat", "assign", f"CD{district}", "--person", ref,
                           "--from", "2013-07-01", "--to", "2020-12-13")  # fmt: skip
        assert code == 0, err
    # An overlapping term is refused, naming who holds the seat.
    code, _, err = cli(capsys, *db, "seat", "assign", "4", "--person", "Raman",
                       "--from", "2020-01-01", "--to", "2020-06-30")  # fmt: skip
    assert code == 1 and len(err.splitlines()) == 1
    assert "CD 4 is held by David Ryu from 1 July 2015 to 13 December 2020, which overlaps" in err

    code, out, _ = cli(capsys, *db, "seat", "list", "--date", "2019-06-04", "--json")
    seated = {row["district"]: row["name"] for row in json.loads(out)}
    assert seated[4] == "David Ryu" and seated[10] == "Herb J. Wesson, Jr."
    assert seated[14] == "José Huizar"

    # A motion of 2019, moved by a member of then, voted by names and districts.
    code, out, err = cli(capsys, *db, "motion", "create", "--title", "Parks / Lighting",
                         "--mover", "ryu", "--seconder", "Huizar", "--introduced-on",
                         "2019-05-01", "--committee", "budget", "--json")  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert made["committee"] == "Budget, Finance and Innovation Committee"
    for step in ("ready", "introduced"):
        code, _, err = cli(capsys, *db, "transition", str(made["id"]), step, "--date", "2019-05-01")
        assert code == 0, err
    code, out, err = cli(capsys, *db, "vote", str(made["id"]), "--date", "2019-06-04",
                         "--all-yes-except-absent", "Huizar,Curren D. Price, Jr.,CD 2",
                         "--json")  # fmt: skip
    assert code == 0, err
    vote = json.loads(out)
    assert vote["journal_line"] == "Adopted, (12); Absent: Huizar, Krekorian, Price (3)"
    assert vote["roll_call_line"] == (
        "Members Present: Blumenfield, Bonin, Buscaino, Cedillo, Harris-Dawson, Koretz, Lee, "
        "Martinez, O'Farrell, Rodriguez, Ryu and President Wesson (12); "
        "Absent: Huizar, Krekorian and Price (3)"
    )

    # The demo's own council is untouched on its dates.
    code, out, _ = cli(capsys, *db, "seat", "list", "--date", "2022-03-25", "--json")
    seated = {row["district"]: row["name"] for row in json.loads(out)}
    assert seated[4] == "Nithya Raman" and seated[10] == "Vacant"

    # Ended terms: Buscaino leaves; the mayor is refused as a sponsor, by name.
    code, out, err = cli(capsys, *db, "seat", "vacate", "15", "--from", "2022-12-12")
    assert code == 0, err
    code, _, err = cli(capsys, *db, "motion", "create", "--title", "T", "--mover", "Garcetti",
                       "--introduced-on", "2022-03-01")  # fmt: skip
    assert code == 1
    assert err.startswith("sistercity: Eric Garcetti (Mayor of Los Angeles) holds no council seat")


def test_person_update_and_list(db_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(db_path)]
    cli(capsys, *db, "demo")
    code, out, err = cli(capsys, *db, "person", "update", "de leon", "--title",
                         "en=Councilmember", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["titles"] == {"en": "Councilmember"}
    code, _, err = cli(capsys, *db, "person", "update", "Paul", "--notes", "x")
    assert code == 1 and "names 2 people" in err and "Paul Koretz" in err
    code, out, _ = cli(capsys, *db, "person", "list", "--role", "official", "--json")
    assert {r["name"] for r in json.loads(out)} == {"Eric Garcetti", "Vitali Klitschko"}
    code, out, _ = cli(capsys, *db, "person", "list", "--date", "2022-03-25")
    assert "CD 15  member    Joe Buscaino" in out


def test_motion_committee_and_presented_for_from_the_command_line(
    db_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    cli(capsys, *db, "demo")
    code, out, err = cli(capsys, *db, "motion", "create", "--title", "Fire Engines / Kyiv",
                         "--mover", "O'Farrell", "--seconder", "Raman", "--presented-for",
                         "Martinez", "--committee", "public safety", "--json")  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert made["committee"] == "Public Safety Committee"
    assert made["presented_for"]["name"] == "Nury Martinez"
    assert made["citation"] == "(O'Farrell for Martinez - Raman)"
    mid = str(made["id"])
    code, out, err = cli(capsys, *db, "motion", "update", mid, "--presented-for", "",
                         "--committee", "RERR", "--json")  # fmt: skip
    assert code == 0, err
    updated = json.loads(out)
    assert updated["presented_for"] is None and updated["committee"].startswith("Rules")
    code, out, err = cli(capsys, *db, "motion", "update", mid, "--committee", "trade", "--json")
    assert code == 0 and json.loads(out)["committee"].startswith("Trade, Travel")
    code, _, err = cli(capsys, *db, "motion", "update", mid, "--committee", "parks")
    assert code == 1 and len(err.splitlines()) == 1
    assert "No committee is called 'parks'. The committees are: Budget" in err
    code, _, err = cli(capsys, *db, "motion", "update", mid, "--committee", "")
    assert code == 0, err


def test_committee_names_ambiguous_and_exact(session: Session) -> None:
    demo.load_demo(session)
    motions.create_committee(session=session, name="Public Works Committee")
    with pytest.raises(Invalid, match=r"'public' fits 2 committees: Public Safety Committee; "
                       r"Public Works Committee\. Give more of the name\."):  # fmt: skip
        motions.find_committee(session=session, ref="public")
    assert motions.find_committee(session=session, ref="PUBLIC WORKS").name == (
        "Public Works Committee"
    )
    assert motions.find_committee(session=session, ref="rerr").short_name == "RERR"


def test_office_citation_setting_from_the_command_line(
    db_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    cli(capsys, *db, "demo")
    assert cli(capsys, *db, "office", "set", "--citation-limit", "0")[0] == 0
    code, out, _ = cli(capsys, *db, "show", "motion", "1", "--json")
    motion = json.loads(out)
    assert motion["citation"] == "(Buscaino - Raman - Koretz - O'Farrell)"
    assert motion["votes"][0]["citation"] == motion["citation"]
    code, _, err = cli(capsys, *db, "office", "set", "--citation-limit", "1")
    assert code == 1 and "at least the mover and one seconder" in err
    code, out, _ = cli(capsys, *db, "office", "show", "--json")
    assert json.loads(out)["citation_limit"] == 0 and json.loads(out)["quorum"] == 10


def test_the_vote_sheet_prints_the_journal_and_roll_call_lines(
    db_path: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    db = ["--db", str(db_path)]
    cli(capsys, *db, "demo")
    out = tmp_path / "vote.docx"
    code, _, err = cli(capsys, *db, "render", "vote-sheet", "1", "--out", str(out))
    assert code == 0, err
    lines = {p.text.split(":", 1)[0]: p.text for p in docx.Document(str(out)).paragraphs}
    assert lines["Journal"] == "Journal: Adopted, (14)"
    assert lines["Roll call"].startswith("Roll call: Members Present: Blumenfield, Bonin, ")
    assert lines["Roll call"].endswith("Rodriguez and President Martinez (14)")
