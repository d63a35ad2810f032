"""The roll-call dialog: the demo vote recorded by hand, the keyboard, the live tally, the
quorum warning and refusals shown in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import Engine
from sqlmodel import select

from sistercity_desk import db, demo, motions, office, people, votes, workflow
from sistercity_desk import models as m
from ui.council.vote_dialog import VoteDialog

MEETING = dt.date(2022, 3, 25)


def kyiv_motion(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        motion = demo.find_kyiv_motion(session)
        assert motion is not None
        return motion.id or 0


def reported_copy(engine: Engine) -> int:
    """A fresh copy of the Kyiv motion, introduced, referred and reported: ready for a vote."""
    with db.session_scope(engine) as session:
        members = {p.surname: p.id or 0 for p in people.current_members(session=session)}
        rules = motions.committees(session=session)[0]
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="Sister City / Kyiv, Ukraine / Nomination Review (copy)",
                mover_id=members["Buscaino"],
                seconder_ids=[members["Raman"], members["Koretz"], members["O'Farrell"]],
                clauses=[motions.ClauseData("operative", "the Council begin the process.")],
            ),
        )
        for step in ("ready", "introduced", "referred", "reported"):
            workflow.transition(
                session=session,
                motion_id=motion.id or 0,
                to=step,
                on_date=dt.date(2022, 3, 1),
                committee_id=rules.id,
            )
        return motion.id or 0


def open_dialog(qtbot: Any, engine: Engine, motion_id: int) -> VoteDialog:
    dialog = VoteDialog(engine, motion_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_meeting_date(MEETING)
    return dialog


def stored_votes(engine: Engine, motion_id: int) -> list[dict[int, str]]:
    with db.session_scope(engine) as session:
        return [
            {c.district: c.choice for c in vote.casts}
            for vote in votes.votes_of(session, motion_id)
        ]


def test_the_demo_vote_recorded_through_the_dialog(qtbot: Any, demo_engine: Engine) -> None:
    motion_id = reported_copy(demo_engine)
    dialog = open_dialog(qtbot, demo_engine, motion_id)
    # CD 10 was vacant in March 2022: shown, and no vote can be given for it.
    vacant = dialog.grid.row_of(10)
    assert vacant.name_label.text() == "Vacant"
    assert not any(b.isEnabled() for b in vacant.buttons.values())
    assert dialog.result_label.text() == "Roll call incomplete"
    assert dialog.threshold_combo.currentText() == "Majority of the full council (8)"

    qtbot.mouseClick(dialog.all_yes_button, Qt.MouseButton.LeftButton)
    assert dialog.tally_label.text() == "(14 - 0 - 0)"
    assert dialog.result_label.text() == "Adopted"
    assert dialog.journal_label.text() == "Journal: Adopted, (14)"
    # "Unanimous Vote" only when the Clerk chooses it for this item.
    assert dialog.unanimous_box.isEnabled() and not dialog.unanimous_box.isChecked()
    dialog.unanimous_box.setChecked(True)
    assert dialog.journal_label.text() == "Journal: Adopted, Unanimous Vote (14)"
    assert dialog.quorum_label.isHidden()
    assert dialog.apply_box.isEnabled() and dialog.apply_box.isChecked()

    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.vote_id is not None
    [cast] = stored_votes(demo_engine, motion_id)
    assert list(cast.values()).count("YES") == 14
    assert cast[10] == "VACANT"
    with db.session_scope(demo_engine) as session:
        vote = votes.get_vote(session, dialog.vote_id)
        assert (vote.meeting_date, vote.meeting_type, vote.threshold, vote.action) == (
            MEETING,
            "Regular",
            "majority",
            "Adopted",
        )
        assert vote.unanimous_wording
        motion = motions.get_motion(session=session, motion_id=motion_id)
        assert motion.status == "adopted"  # the result was applied through the workflow
        assert workflow.activity_log(session, motion_id)[-1]["on_date"] == "2022-03-25"


def test_a_second_roll_call_on_the_adopted_kyiv_motion_only_records_the_vote(
    qtbot: Any, demo_engine: Engine
) -> None:
    motion_id = kyiv_motion(demo_engine)
    dialog = open_dialog(qtbot, demo_engine, motion_id)
    dialog.all_present_vote_yes()
    assert (dialog.tally_label.text(), dialog.result_label.text()) == ("(14 - 0 - 0)", "Adopted")
    # Adopted is final: the result cannot be applied again, and the box says why.
    assert not dialog.apply_box.isEnabled()
    assert "cannot become adopted" in dialog.apply_box.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.record_button.click()
    assert len(stored_votes(demo_engine, motion_id)) == 2


def test_keys_move_between_rows_and_set_votes(qtbot: Any, demo_engine: Engine) -> None:
    dialog = open_dialog(qtbot, demo_engine, reported_copy(demo_engine))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.all_present_vote_yes()
    row4 = dialog.grid.row_of(4)
    row4.setFocus()
    qtbot.waitUntil(row4.hasFocus)
    qtbot.keyClick(row4, Qt.Key.Key_N)
    assert row4.choice() is m.VoteChoice.NO
    assert dialog.tally_label.text() == "(13 - 1 - 0)"
    assert dialog.journal_label.text() == "Journal: Adopted, (13); Noes: Raman (1)"
    assert not dialog.unanimous_box.isEnabled()
    # Setting a vote goes on to the next member, as a clerk calls the roll.
    assert dialog.grid.row_of(5).hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert row4.hasFocus()
    qtbot.keyClick(row4, Qt.Key.Key_Y)
    assert dialog.tally_label.text() == "(14 - 0 - 0)"
    # The vacant seat is skipped: CD 9 goes down to CD 11.
    row9 = dialog.grid.row_of(9)
    row9.setFocus()
    qtbot.keyClick(row9, Qt.Key.Key_Down)
    assert dialog.grid.row_of(11).hasFocus()
    qtbot.keyClick(dialog.grid.row_of(11), Qt.Key.Key_A)
    assert dialog.tally_label.text() == "(13 - 0 - 1)"
    # Left / Right step through the votes; Delete takes it back.
    row12 = dialog.grid.row_of(12)
    qtbot.keyClick(row12, Qt.Key.Key_Right)
    assert row12.choice() is m.VoteChoice.NO
    qtbot.keyClick(row12, Qt.Key.Key_Delete)
    assert row12.choice() is None
    assert dialog.result_label.text() == "Roll call incomplete"
    assert "CD 12 Lee" in dialog.missing_label.text()


def test_tab_order_runs_meeting_grid_buttons(qtbot: Any, demo_engine: Engine) -> None:
    dialog = open_dialog(qtbot, demo_engine, reported_copy(demo_engine))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.date_edit.setFocus()
    # Tab first walks the date's own day, month and year, as in every Qt date field.
    for _ in range(3):
        if QApplication.focusWidget() is not dialog.date_edit:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    seen = [QApplication.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    # The whole grid is one stop (the current row); arrows move inside it.
    assert seen[:4] == [
        dialog.type_combo,
        dialog.threshold_combo,
        dialog.grid.row_of(1),
        dialog.all_yes_button,
    ]


def test_quorum_warning_in_words_when_six_are_absent(qtbot: Any, demo_engine: Engine) -> None:
    dialog = open_dialog(qtbot, demo_engine, reported_copy(demo_engine))
    dialog.all_present_vote_yes()
    for district in (1, 2, 3, 4):
        dialog.set_vote(district, "ABSENT")
    assert dialog.quorum_label.isHidden()  # ten present: a quorum
    dialog.set_vote(5, "ABSENT")
    dialog.set_vote(6, "ABSENT")
    assert dialog.tally_label.text() == "(8 - 0 - 6)"
    assert not dialog.quorum_label.isHidden()
    assert dialog.quorum_label.text() == (
        "Only 8 members present: a quorum is 10, so the Council cannot act and nothing is adopted."
    )
    assert dialog.result_label.text() == "No Quorum"
    assert dialog.journal_label.text().startswith("Journal: No Quorum, (8); Absent: ")
    assert not dialog.apply_box.isEnabled() and "without a quorum" in dialog.apply_box.text()
    # "All present vote yes" leaves the absent members absent.
    dialog.all_present_vote_yes()
    assert dialog.tally_label.text() == "(8 - 0 - 6)"


def test_refusals_are_shown_in_the_dialog(qtbot: Any, demo_engine: Engine) -> None:
    motion_id = reported_copy(demo_engine)
    dialog = open_dialog(qtbot, demo_engine, motion_id)
    dialog.set_vote(1, "YES")
    dialog.record_button.click()
    assert dialog.isVisible() and dialog.vote_id is None
    assert dialog.error_label.text().startswith(
        "Give a vote (YES, NO, ABSENT, ABSTAIN or RECUSED) for every seated member; missing: "
        "CD 2 (Paul Krekorian)"
    )
    assert stored_votes(demo_engine, motion_id) == []
    # Two thirds with nine yes: the count fails, and "Failed" is what is recorded.
    dialog.all_present_vote_yes()
    for district in (1, 2, 3, 4, 5):
        dialog.set_vote(district, "NO")
    dialog.set_threshold("two_thirds")
    assert dialog.threshold_combo.currentText() == "Two thirds of the council (10)"
    assert (dialog.tally_label.text(), dialog.result_label.text()) == ("(9 - 5 - 0)", "Failed")
    dialog.record_button.click()
    assert dialog.error_label.isHidden()
    with db.session_scope(demo_engine) as session:
        [vote] = session.exec(select(m.Vote).where(m.Vote.motion_id == motion_id)).all()
        assert vote.action == "Failed"
        assert motions.get_motion(session=session, motion_id=motion_id).status == "failed"


def test_a_larger_council_scrolls_to_the_row_the_keys_reach(
    qtbot: Any, demo_engine: Engine
) -> None:
    motion_id = reported_copy(demo_engine)
    with db.session_scope(demo_engine) as session:
        profile = office.get_office(session=session)
        assert profile is not None
        profile.seats = 40  # districts 16 to 40 have no member: vacant
    dialog = open_dialog(qtbot, demo_engine, motion_id)
    assert len(dialog.grid.rows) == 40
    assert dialog.grid.row_of(40).name_label.text() == "Vacant"
    dialog.all_present_vote_yes()
    assert dialog.tally_label.text() == "(14 - 0 - 0)"
    assert "26 seats vacant" in dialog.detail_label.text()
    bar = dialog.grid_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    # End goes to the last seated member (CD 15); vacant seats are never the current row.
    first = dialog.grid.row_of(1)
    qtbot.keyClick(first, Qt.Key.Key_End)
    assert dialog.grid.current_row() is dialog.grid.row_of(15)
