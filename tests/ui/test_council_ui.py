"""Following an item through the council in the main window: the status moves a motion
allows, its activity log, the Council File's next number, a vote recorded from the editor,
and a partnership's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from sqlalchemy.engine import Engine

from sistercity_desk import db, demo, motions, people, process, votes, workflow
from ui.council.activity import CouncilPanel, EntryDialog, TransitionDialog
from ui.council.timeline import StepDialog, TimelinePanel
from ui.council.vote_dialog import VoteDialog
from ui.editors.motion import MotionEditor
from ui.editors.partnership import PartnershipEditor


def new_draft(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        members = {p.surname: p.id or 0 for p in people.current_members(session=session)}
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="Sister City / Kyiv, Ukraine / Fire Trucks",
                mover_id=members["Buscaino"],
                seconder_ids=[members["Raman"]],
                clauses=[motions.ClauseData("operative", "the Council donate fire trucks.")],
            ),
        )
        return motion.id or 0


def open_motion(window: Any, motion_id: int) -> tuple[MotionEditor, CouncilPanel]:
    window.set_area("motions")
    area = window.area("motions")
    area.refresh()  # the motion was made after the window opened
    assert area.select_record(motion_id)
    editor: MotionEditor = area.editor
    assert editor.record_id() == motion_id
    return editor, editor.council


def log_texts(panel: CouncilPanel) -> list[str]:
    return [row.text for row in panel.model.rows()]


def moves_offered(panel: CouncilPanel) -> list[str]:
    return [action.data() for action in panel.status_actions()]


def move(qtbot: Any, panel: CouncilPanel, to: str, day: dt.date, **fields: Any) -> None:
    action = next(a for a in panel.status_actions() if a.data() == to)
    action.trigger()
    dialog = next(d for d in panel.findChildren(TransitionDialog) if d.isVisible())
    dialog.date_edit.setDate(QDate(day))
    if "committee" in fields:
        index = dialog.committee_combo.findText(fields["committee"])
        assert index > 0
        dialog.committee_combo.setCurrentIndex(index)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_status_menu_offers_only_allowed_moves_and_logs_each(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    motion_id = new_draft(demo_engine)
    editor, panel = open_motion(window, motion_id)
    assert panel.status_chip.text() == "Draft"
    assert moves_offered(panel) == ["ready", "withdrawn"]
    assert panel.table.isHidden() and not panel.empty_label.isHidden()
    assert not panel.vote_button.isEnabled()  # a draft is not voted on

    move(qtbot, panel, "ready", dt.date(2022, 4, 1))
    assert panel.status_chip.text() == "Ready"
    assert moves_offered(panel) == ["draft", "introduced", "withdrawn"]
    assert log_texts(panel) == ["Draft marked ready to introduce."]
    assert not panel.table.isHidden()

    # Introducing gives the next Council File number of the year; the editor shows it.
    move(qtbot, panel, "introduced", dt.date(2022, 4, 5))
    assert editor.council_file_edit.text() == "22-0001"
    assert editor.heading.text() == "Motion 22-0001"
    assert moves_offered(panel) == ["referred", "adopted", "failed", "withdrawn"]
    move(
        qtbot,
        panel,
        "referred",
        dt.date(2022, 4, 5),
        committee="Public Safety Committee",
    )
    assert log_texts(panel)[-1] == "Motion referred to Public Safety Committee."
    assert editor.committee_combo.currentText() == "Public Safety Committee"
    assert moves_offered(panel) == ["reported", "withdrawn"]
    assert panel.vote_button.isEnabled()
    # The table shows the dated rows: date, kind, text.
    model = panel.model
    assert [model.index(2, c).data() for c in range(3)] == [
        "5 Apr 2022",
        "Referred",
        "Motion referred to Public Safety Committee.",
    ]
    # The list row follows the new status.
    area = window.area("motions")
    row = area.model.row_of(motion_id)
    assert "referred" in str(area.model.row_at(row)).lower()


def test_a_refused_move_is_explained_in_the_dialog(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    motion_id = new_draft(demo_engine)
    _, panel = open_motion(window, motion_id)
    move(qtbot, panel, "ready", dt.date(2022, 4, 1))
    next(a for a in panel.status_actions() if a.data() == "introduced").trigger()
    dialog = next(d for d in panel.findChildren(TransitionDialog) if d.isVisible())
    dialog.date_edit.setDate(QDate(2022, 3, 1))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "cannot be dated 2022-03-01" in dialog.message.text()
    dialog.reject()


def test_an_adopted_motion_offers_no_moves(window: Any, demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        kyiv = demo.find_kyiv_motion(session)
        assert kyiv is not None and kyiv.id is not None
        kyiv_id = kyiv.id
    _, panel = open_motion(window, kyiv_id)
    assert moves_offered(panel) == []
    assert not panel.status_button.isEnabled()
    assert "on record" in panel.status_button.toolTip()
    assert log_texts(panel)[-1].startswith("Council adopted item")
    assert panel.votes_label.text() == (
        "Vote of 25 March 2022 (Regular): Adopted, (14)  (14 - 0 - 0)"
    )


def test_add_a_standard_log_entry(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        kyiv = demo.find_kyiv_motion(session)
        assert kyiv is not None and kyiv.id is not None
        kyiv_id = kyiv.id
    _, panel = open_motion(window, kyiv_id)
    qtbot.mouseClick(panel.entry_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in panel.findChildren(EntryDialog) if d.isVisible())
    dialog.date_edit.setDate(QDate(2022, 4, 1))
    dialog.set_kind("final")
    assert dialog.text_edit.text() == "Council action final."
    # A note needs its own words.
    dialog.set_kind("note")
    dialog.ok_button.click()
    assert dialog.message.text() == "A note needs its text."
    dialog.set_kind("final")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    assert log_texts(panel)[-1] == "Council action final."
    with db.session_scope(demo_engine) as session:
        last = workflow.activity_log(session, kyiv_id)[-1]
    assert (last["on_date"], last["kind"], last["text"]) == (
        "2022-04-01",
        "final",
        "Council action final.",
    )


def test_next_number_fills_the_council_file(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    editor, _ = open_motion(window, motion_id)
    qtbot.mouseClick(editor.next_number_button, Qt.MouseButton.LeftButton)
    year = dt.date.today().year % 100
    assert editor.council_file_edit.text() == f"{year:02d}-0001"
    assert editor.flush()
    with db.session_scope(demo_engine) as session:
        assert motions.get_motion(session=session, motion_id=motion_id).council_file == (
            f"{year:02d}-0001"
        )
    # The supplemental file of the sample Kyiv number.
    editor.council_file_edit.setText("22-9999")
    editor.next_supplemental_action.trigger()
    assert editor.council_file_edit.text() == "22-9999-S1"


def test_vote_from_the_editor_adopts_and_logs(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    with db.session_scope(demo_engine) as session:
        rules = motions.committees(session=session)[0]
        for step in ("ready", "introduced", "referred", "reported"):
            workflow.transition(
                session=session,
                motion_id=motion_id,
                to=step,
                on_date=dt.date(2022, 3, 1),
                committee_id=rules.id,
            )
    editor, panel = open_motion(window, motion_id)
    qtbot.mouseClick(panel.vote_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in panel.findChildren(VoteDialog) if d.isVisible())
    dialog.set_meeting_date(dt.date(2022, 3, 25))
    qtbot.mouseClick(dialog.all_yes_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert panel.status_chip.text() == "Adopted"
    assert log_texts(panel)[-1] == (
        "Council adopted item, subject to reconsideration, pursuant to Council Rule 51."
    )
    assert "(14 - 0 - 0)" in panel.votes_label.text()
    # Adopted: the editor is read-only now and says why.
    assert editor.is_read_only() and editor.banner.isVisible()


def kyiv_partnership(engine: Engine) -> tuple[int, int, int]:
    with db.session_scope(engine) as session:
        motion = demo.find_kyiv_motion(session)
        assert motion is not None and motion.id is not None
        vote = votes.votes_of(session, motion.id)[0]
        return motion.partnership_id or 0, motion.id, vote.id or 0


def open_partnership(window: Any, partnership_id: int) -> tuple[PartnershipEditor, TimelinePanel]:
    window.set_area("cities")
    area = window.area("cities")
    assert area.select_record(partnership_id)
    editor: PartnershipEditor = area.editor
    return editor, editor.timeline


def test_adding_a_partnership_step_shows_in_the_timeline(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    partnership_id, motion_id, vote_id = kyiv_partnership(demo_engine)
    editor, timeline = open_partnership(window, partnership_id)
    [first] = timeline.cards()
    assert first.text().splitlines()[:1] == ["1 March 2022 — Proposed"]
    assert "C.F. 22-9999" in first.text()
    assert timeline.status_chip.text() == "Proposed"
    assert timeline.ordinal_chip.isHidden()
    # Only the steps that may follow are offered.
    assert [a.data() for a in timeline.step_actions()] == ["committee_consideration", "ended"]

    next(a for a in timeline.step_actions() if a.data() == "committee_consideration").trigger()
    dialog = next(d for d in timeline.findChildren(StepDialog) if d.isVisible())
    dialog.date_edit.setDate(QDate(2022, 3, 25))
    dialog.note_edit.setPlainText("The Council asked for a steering committee to study it.")
    dialog.motion_combo.setCurrentIndex(dialog.motion_combo.findData(motion_id))
    assert dialog.vote_combo.currentData() == vote_id
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    cards = timeline.cards()
    assert len(cards) == 2
    lines = cards[1].text().splitlines()
    assert lines[0] == "25 March 2022 — Considered by the intergovernmental relations committee"
    assert lines[1] == "The Council asked for a steering committee to study it."
    assert "C.F. 22-9999" in lines[2]
    assert lines[3] == ("Vote of 25 March 2022 (Regular): Adopted, (14)  (14 - 0 - 0)")
    assert timeline.status_chip.text() == "Under review"
    assert editor.status_combo.currentData() == "under_review"  # the editor reloaded
    assert [a.data() for a in timeline.step_actions()] == [
        "steering_committee_authorised",
        "ended",
    ]


def test_a_step_out_of_date_order_is_refused_in_words(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    partnership_id, _, _ = kyiv_partnership(demo_engine)
    _, timeline = open_partnership(window, partnership_id)
    dialog = timeline.start_step("committee_consideration")
    assert dialog is not None
    dialog.date_edit.setDate(QDate(2022, 2, 1))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "previous step (Proposed) is dated 2022-03-01" in dialog.message.text()
    dialog.reject()
    assert len(timeline.cards()) == 1


def test_the_ordinal_shows_once_given(window: Any, demo_engine: Engine) -> None:
    partnership_id, _, _ = kyiv_partnership(demo_engine)
    with db.session_scope(demo_engine) as session:
        day = dt.date(2022, 4, 1)
        for step in (
            "committee_consideration",
            "steering_committee_authorised",
            "panel_suggested",
            "panel_approved",
            "council_approval",
            "signed",
        ):
            process.add_step(session=session, partnership_id=partnership_id, step=step, on_date=day)
    _, timeline = open_partnership(window, partnership_id)
    assert timeline.ordinal_chip.text() == "26th sister city"
    assert timeline.status_chip.text() == "Signed"
    assert len(timeline.cards()) == 7


def test_status_and_vote_by_keyboard_alone(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    """An aide who never touches the mouse: Tab reaches "Change status", Space opens its menu,
    the arrows and Enter choose the move, Enter accepts the dialog; then the roll call is
    opened with Space, filled with its keys and recorded with Enter."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    motion_id = new_draft(demo_engine)
    editor, panel = open_motion(window, motion_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # Tab from the last field before the council panel reaches the status button.
    editor.partnership_combo.setFocus()
    qtbot.waitUntil(editor.partnership_combo.hasFocus)
    for _ in range(4):
        if QApplication.focusWidget() is panel.status_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.status_button

    chosen: list[str] = []

    def choose_first_move() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is panel.status_menu
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        chosen.append(menu.activeAction().data())
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    # The menu runs its own event loop until a move is chosen: the keys come from a timer.
    QTimer.singleShot(200, choose_first_move)
    qtbot.keyClick(panel.status_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: chosen == ["ready"], timeout=5000)
    dialog = next(d for d in panel.findChildren(TransitionDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert panel.status_chip.text() == "Ready"

    # Before the Council: the roll call, from the keyboard too.
    with db.session_scope(demo_engine) as session:
        rules = motions.committees(session=session)[0]
        for step in ("introduced", "referred", "reported"):
            workflow.transition(
                session=session,
                motion_id=motion_id,
                to=step,
                on_date=dt.date.today(),  # the dialog's date: today
                committee_id=rules.id,
            )
    panel.refresh()
    assert panel.vote_button.isEnabled()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel.vote_button.setFocus()
    qtbot.waitUntil(panel.vote_button.hasFocus)
    qtbot.keyClick(panel.vote_button, Qt.Key.Key_Space)
    vote = next(d for d in panel.findChildren(VoteDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is vote)
    vote.set_meeting_date(dt.date.today())
    for _ in range(8):  # the date's day, month and year, the meeting type, the threshold ...
        if QApplication.focusWidget() is vote.all_yes_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is vote.all_yes_button
    qtbot.keyClick(vote.all_yes_button, Qt.Key.Key_Space)
    assert vote.tally_label.text() == "(14 - 0 - 0)"
    with qtbot.waitSignal(vote.accepted, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert panel.status_chip.text() == "Adopted"
    assert "(14 - 0 - 0)" in panel.votes_label.text()
