"""A motion's way through the council: only allowed moves, each leaving an activity entry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from sistercity_desk import demo, motions, people, workflow
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import Conflict, DeskError, Invalid

D1 = dt.date(2022, 3, 1)
D2 = dt.date(2022, 3, 15)
D3 = dt.date(2022, 3, 25)
RULES = "Rules, Elections, and Intergovernmental Relations Committee"


@pytest.fixture
def item(session: Session) -> tuple[Session, int, int]:
    """A draft motion with mover and seconder, and the Rules committee."""
    mover = people.create_person(
        session=session, data=people.PersonData(full_name="Joe Buscaino", surname="Buscaino")
    )
    second = people.create_person(
        session=session, data=people.PersonData(full_name="Nithya Raman", surname="Raman")
    )
    people.assign_seat(session=session, district=15, person_id=mover.id)
    people.assign_seat(session=session, district=4, person_id=second.id)
    rules = motions.create_committee(session=session, name=RULES)
    motion = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="Sister City / Kyiv, Ukraine / Nomination Review",
            mover_id=mover.id,
            seconder_ids=[second.id or 0],
        ),
    )
    return session, motion.id or 0, rules.id or 0


def move(session: Session, motion_id: int, to: str, day: dt.date = D1, **kw: object) -> m.Motion:
    return workflow.transition(session=session, motion_id=motion_id, to=to, on_date=day, **kw)  # type: ignore[arg-type]


def test_the_ordinary_path_leaves_the_la_wording(item: tuple) -> None:
    session, motion_id, rules = item
    move(session, motion_id, "ready")
    motion = move(session, motion_id, "introduced")
    assert motion.council_file == "22-0001"
    assert motion.introduced_on == D1
    move(session, motion_id, "referred", committee_id=rules)
    move(session, motion_id, "reported", D2)
    motion = move(session, motion_id, "adopted", D3)
    assert motion.status == "adopted"
    assert motion.committee_id == rules
    workflow.add_activity(
        session=session, motion_id=motion_id, on_date=dt.date(2022, 3, 30), kind="final"
    )
    log = workflow.activity_log(session, motion_id)
    assert [(e["on_date"], e["kind"], e["text"]) for e in log] == [
        ("2022-03-01", "ready", "Draft marked ready to introduce."),
        ("2022-03-01", "introduced", "Motion (Buscaino - Raman) introduced."),
        ("2022-03-01", "referred", f"Motion referred to {RULES}."),
        ("2022-03-15", "reported", f"Report from {RULES} submitted."),
        (
            "2022-03-25",
            "adopted",
            "Council adopted item, subject to reconsideration, pursuant to Council Rule 51.",
        ),
        ("2022-03-30", "final", "Council action final."),
    ]


def test_refused_moves_change_nothing_and_say_what_is_allowed(item: tuple) -> None:
    session, motion_id, _ = item
    with pytest.raises(
        Invalid, match="is draft: it can move only to ready, withdrawn, not to adopted"
    ):
        move(session, motion_id, "adopted")
    move(session, motion_id, "ready")
    with pytest.raises(Invalid, match="only to draft, introduced, withdrawn"):
        move(session, motion_id, "referred")
    with pytest.raises(Invalid, match="not a motion status"):
        move(session, motion_id, "tabled")
    motion = session.get(m.Motion, motion_id)
    assert motion is not None and motion.status == "ready"
    assert [e["kind"] for e in workflow.activity_log(session, motion_id)] == ["ready"]


ALL = [s.value for s in m.MotionStatus]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("start", ALL)
def test_only_the_allowed_moves_happen(item: tuple, start: str) -> None:
    session, motion_id, rules = item
    motion = session.get(m.Motion, motion_id)
    assert motion is not None
    motion.council_file = "22-0100"
    allowed = {
        "draft": {"ready", "withdrawn"},
        "ready": {"draft", "introduced", "withdrawn"},
        "introduced": {"referred", "adopted", "failed", "withdrawn"},
        "referred": {"reported", "withdrawn"},
        "reported": {"adopted", "failed", "continued", "withdrawn"},
        "continued": {"adopted", "failed", "continued", "referred", "withdrawn"},
        "adopted": set(),
        "failed": set(),
        "withdrawn": set(),
    }[start]
    for target in ALL:
        motion.status = start
        motion.committee_id = rules
        session.flush()
        before = len(workflow.activity_log(session, motion_id))
        if target in allowed:
            move(session, motion_id, target)
            assert motion.status == target
            assert len(workflow.activity_log(session, motion_id)) == before + 1
        else:
            with pytest.raises(Invalid):
                move(session, motion_id, target)
            assert motion.status == start
            assert len(workflow.activity_log(session, motion_id)) == before


def test_introducing_needs_a_title_a_mover_and_a_second(item: tuple) -> None:
    session, motion_id, _ = item
    motion = session.get(m.Motion, motion_id)
    assert motion is not None
    motion.seconders.clear()
    motion.status = "ready"
    session.flush()
    with pytest.raises(Invalid, match="at least one seconder"):
        move(session, motion_id, "introduced")
    motion.title = " "
    with pytest.raises(Invalid, match="without a title and at least one seconder"):
        move(session, motion_id, "introduced")
    assert motion.council_file is None and motion.status == "ready"


def test_introducing_keeps_a_clerk_number_and_takes_the_year_of_the_date(item: tuple) -> None:
    session, motion_id, _ = item
    other = motions.create_motion(
        session=session,
        data=motions.MotionData(title="Other", mover_id=session.get(m.Motion, motion_id).mover_id),  # type: ignore[union-attr]
    )
    other.council_file = "23-0417"
    move(session, motion_id, "ready")
    motion = move(session, motion_id, "introduced", dt.date(2023, 1, 10))
    assert motion.council_file == "23-0418"
    motion_b = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="Clerk's number",
            mover_id=motion.mover_id,
            seconder_ids=[motion.seconders[0].person_id],
            council_file="23-1200-S104",
        ),
    )
    move(session, motion_b.id or 0, "ready")
    assert move(session, motion_b.id or 0, "introduced").council_file == "23-1200-S104"


def test_referral_needs_a_committee(item: tuple) -> None:
    session, motion_id, rules = item
    move(session, motion_id, "ready")
    move(session, motion_id, "introduced")
    with pytest.raises(Invalid, match="Say which committee"):
        move(session, motion_id, "referred")
    move(session, motion_id, "referred", committee_id=rules, note="Referred by the President.")
    assert workflow.activity_log(session, motion_id)[-1]["text"] == (
        f"Motion referred to {RULES}. Referred by the President."
    )


def test_continued_comes_back_and_straight_to_council(item: tuple) -> None:
    session, motion_id, rules = item
    for to in ("ready", "introduced", "referred", "reported", "continued", "continued", "referred"):
        move(session, motion_id, to, committee_id=rules)
    assert session.get(m.Motion, motion_id).status == "referred"  # type: ignore[union-attr]
    # Council Rule 16: introduced straight to a Council vote.
    first = session.get(m.Motion, motion_id)
    assert first is not None
    other = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="Rule 16", mover_id=first.mover_id, seconder_ids=[first.seconders[0].person_id]
        ),
    )
    for to in ("ready", "introduced", "failed"):
        move(session, other.id or 0, to)
    assert [e["kind"] for e in workflow.activity_log(session, other.id or 0)][-1] == "failed"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "path", [[], ["ready"], ["ready", "introduced"], ["ready", "introduced", "referred"]]
)
def test_withdrawn_from_any_open_state(item: tuple, path: list[str]) -> None:
    session, motion_id, rules = item
    for to in path:
        move(session, motion_id, to, committee_id=rules)
    motion = move(session, motion_id, "withdrawn")
    assert motion.status == "withdrawn"
    assert workflow.activity_log(session, motion_id)[-1]["text"] == "Motion withdrawn."


def test_closed_motion_is_not_edited_in_place(item: tuple) -> None:
    session, motion_id, rules = item
    for to in ("ready", "introduced", "referred", "reported", "adopted"):
        move(session, motion_id, to, committee_id=rules)
    motion = session.get(m.Motion, motion_id)
    assert motion is not None
    data = motions.MotionData.of(motion)
    data.title = "Changed afterwards"
    with pytest.raises(DeskError, match=r"no longer edited in place.*amending motion"):
        motions.update_motion(
            session=session,
            motion_id=motion_id,
            data=data,
            expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
        )
    with pytest.raises(Invalid, match="amending motion or restore it as a new draft"):
        move(session, motion_id, "reported")
    assert motion.title == "Sister City / Kyiv, Ukraine / Nomination Review"


def test_stale_version_is_refused(item: tuple) -> None:
    session, motion_id, _ = item
    motion = move(session, motion_id, "ready")
    stale = motion.version - 1
    with pytest.raises(Conflict, match="changed by someone else"):
        move(session, motion_id, "introduced", expected_version=stale)
    move(session, motion_id, "introduced", expected_version=motion.version)


def test_a_step_cannot_be_dated_before_the_log(item: tuple) -> None:
    session, motion_id, rules = item
    move(session, motion_id, "ready", D2)
    move(session, motion_id, "introduced", D2)
    with pytest.raises(Invalid, match="already has an entry of 2022-03-15"):
        move(session, motion_id, "referred", D1, committee_id=rules)


def test_add_activity_free_notes_and_standard_wording(item: tuple) -> None:
    session, motion_id, rules = item
    entry = workflow.add_activity(
        session=session,
        motion_id=motion_id,
        on_date=D1,
        kind="note",
        text="Clerk stamped\x0b received.",
    )
    assert entry.text == "Clerk stamped\n received."
    with pytest.raises(Invalid, match="needs its text"):
        workflow.add_activity(session=session, motion_id=motion_id, on_date=D1, kind="note")
    with pytest.raises(Invalid, match="which committee"):
        workflow.add_activity(session=session, motion_id=motion_id, on_date=D1, kind="referred")
    entry = workflow.add_activity(
        session=session, motion_id=motion_id, on_date=D1, kind="referred", committee_id=rules
    )
    assert entry.text == f"Motion referred to {RULES}."
    with pytest.raises(Invalid, match="no standard wording"):
        workflow.add_activity(session=session, motion_id=motion_id, on_date=D1, kind="mayor")
    workflow.add_activity(
        session=session, motion_id=motion_id, on_date=D1, kind="mayor", text="Mayor concurred."
    )
    assert len(session.exec(select(m.Activity).where(m.Activity.motion_id == motion_id)).all()) == 3


def test_committee_named_without_the_word_committee(session: Session) -> None:
    committee = m.Committee(name="Trade, Travel, and Tourism")
    assert workflow.committee_name(committee) == "Trade, Travel, and Tourism Committee"


def test_demo_activity_log_reads_in_order(session: Session) -> None:
    result = demo.load_demo(session)
    log = workflow.activity_log(session, result.motion_id)
    assert log[0]["on_date"] == "2022-03-01"
    assert log[-1]["text"].startswith("Council adopted item")


def test_transition_and_activity_commands(
    database_url: str, item: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    session, motion_id, _ = item
    session.commit()
    db = ["--db", database_url]
    assert main([*db, "transition", str(motion_id), "ready", "--date", "2022-03-01"]) == 0
    assert main([*db, "transition", str(motion_id), "introduced", "--date", "2022-03-01"]) == 0
    assert "22-0001" in capsys.readouterr().out
    assert main([*db, "transition", str(motion_id), "referred", "--date", "2022-03-01",
                 "--committee", "rules, elections, and intergovernmental relations committee"]) == 0  # fmt: skip
    assert main([*db, "transition", str(motion_id), "adopted", "--date", "2022-03-02"]) == 1
    err = capsys.readouterr().err
    assert "can move only to reported, withdrawn" in err
    assert (
        main([*db, "activity", str(motion_id), "--date", "2022-03-05", "--text", "Hearing set."])
        == 0
    )
    assert main([*db, "activity", str(motion_id)]) == 0
    out = capsys.readouterr().out
    assert f"2022-03-01  Motion referred to {RULES}." in out
    assert "2022-03-05  Hearing set." in out
    assert (
        main(
            [
                *db,
                "transition",
                str(motion_id),
                "reported",
                "--date",
                "2022-03-06",
                "--committee",
                "Nope",
            ]
        )
        == 1
    )
    assert "No committee" in capsys.readouterr().err


def test_motion_citation(item: tuple) -> None:
    session, motion_id, _ = item
    motion = session.get(m.Motion, motion_id)
    assert motion is not None
    assert workflow.motion_citation(session, motion) == "(Buscaino - Raman)"
    koretz = people.create_person(session=session, data=people.PersonData(full_name="Paul Koretz"))
    ofarrell = people.create_person(
        session=session, data=people.PersonData(full_name="Mitch O’Farrell", surname="O’Farrell")
    )
    people.assign_seat(session=session, district=5, person_id=koretz.id)
    people.assign_seat(session=session, district=13, person_id=ofarrell.id)
    data = motions.MotionData.of(motion)
    data.seconder_ids += [koretz.id or 0, ofarrell.id or 0]
    motions.update_motion(
        session=session,
        motion_id=motion_id,
        data=data,
        expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
    )
    assert workflow.motion_citation(session, motion) == "(Buscaino - et al. - Raman)"
