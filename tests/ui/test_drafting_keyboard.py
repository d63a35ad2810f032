"""Drafting a motion with the keyboard alone: the fire-engines motion from the record list to
the printed order, Tab leaving the list, type-ahead across spaces, paragraphs and standard
clauses going in at the cursor, Alt+Up/Down, problems only for fields already passed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.engine import Engine

from sistercity_desk import db, motions, people, revisions
from sistercity_desk.documents import printing
from ui.editors.motion import MotionEditor
from ui.widgets.ordered_list import match_name
from ui.widgets.paragraphs import ParagraphItem

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

RECITALS = [
    "The Kyiv fire service lost many of its engines in the attacks of the past winter.",
    "The Los Angeles Fire Department is retiring twelve engines that still serve well.",
]
UKRAINIAN = "Київ дякує Лос-Анджелесу за підтримку рятувальників."
OPERATIVES = [
    "the Council authorize the donation of twelve retired fire engines to the City of Kyiv",
    "the General Manager of the Fire Department arrange their shipment",
]
CLAUSE_START = "the City Administrative Officer report to the Council within 30 days"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(
    qtbot: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press where the focus is, as a person's would arrive (shortcuts first)."""
    qtbot.keyClick(focused(), key, modifiers)


def type_keys(text: str) -> None:
    """Characters typed where the focus is, as key events carrying the text (qtbot.keyClicks
    aborts on non-ASCII)."""
    for ch in text:
        widget = focused()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def tab_to(qtbot: Any, target: QWidget, *, back: bool = False, limit: int = 60) -> int:
    """Press Tab (Shift+Tab) until ``target`` has the focus; the number of presses."""
    for presses in range(limit):
        if focused() is target:
            return presses
        press(
            qtbot,
            Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab,
            SHIFT if back else Qt.KeyboardModifier.NoModifier,
        )
    raise AssertionError(f"Tab never reached {target.accessibleName() or target}")


def arrow_to(qtbot: Any, combo: Any, value: object) -> None:
    target = combo.findData(value)
    assert target >= 0
    while combo.currentIndex() != target:
        press(qtbot, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def person(engine: Engine, surname: str) -> int:
    with db.session_scope(engine) as session:
        return (
            next(p.id for p in people.current_members(session=session) if p.surname == surname) or 0
        )


def paragraph(editor: MotionEditor, index: int) -> ParagraphItem:
    item = editor.paragraphs.widgets()[index]
    assert isinstance(item, ParagraphItem)
    return item


def test_fire_engines_motion_by_keyboard_alone(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    committee_id = editor.committee_combo.itemData(1)
    area.view.setFocus()

    # The list is where the day starts; Ctrl+N opens a new motion with the cursor in Title.
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert editor.is_new() and focused() is editor.title_edit
    type_keys("Sister City / Kyiv / Fire engines for Kyiv")

    # The mover combo box (reached by Tab, chosen with the arrow keys).
    tab_to(qtbot, editor.mover_combo)
    arrow_to(qtbot, editor.mover_combo, person(demo_engine, "Bonin"))
    # Seconders by name: "Paul Kr" is Paul Krekorian, not Paul Koretz.
    tab_to(qtbot, editor.seconders.picker)
    type_keys("Paul Kr")
    press(qtbot, Qt.Key.Key_Return)
    type_keys("nithya")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.seconders.names() == ["Paul Krekorian", "Nithya Raman"]
    tab_to(qtbot, editor.committee_combo)
    arrow_to(qtbot, editor.committee_combo, committee_id)

    # Paragraphs: Alt+P adds the first, Ctrl+Enter the next of the same kind, Ctrl+Shift+Enter
    # the first operative clause ("I THEREFORE MOVE that ...").
    press(qtbot, Qt.Key.Key_P, ALT)
    # A mnemonic "clicks" the button as a short animation: wait for the paragraph.
    qtbot.waitUntil(lambda: editor.paragraphs.count() == 1)
    assert focused() is paragraph(editor, 0).text_edit
    type_keys(RECITALS[0])
    press(qtbot, Qt.Key.Key_Return, CTRL)
    type_keys(RECITALS[1])
    press(qtbot, Qt.Key.Key_Return, CTRL)
    type_keys(UKRAINIAN)
    press(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    type_keys(OPERATIVES[0])
    press(qtbot, Qt.Key.Key_Return, CTRL)
    type_keys(OPERATIVES[1])
    assert [paragraph(editor, i).kind() for i in range(5)] == ["recital"] * 3 + ["operative"] * 2
    headings = [f.heading.text() for f in editor.paragraphs.frames()]
    assert headings == [
        "1. Recital",
        "2. Recital",
        "3. Recital",
        "4. I THEREFORE MOVE that…",
        "5. I FURTHER MOVE that…",
    ]
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("resolution"))
    assert editor.paragraphs.frames()[3].heading.text() == "4. NOW, THEREFORE, BE IT RESOLVED that…"
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("motion"))
    assert focused() is paragraph(editor, 4).text_edit

    # Back into the first operative clause; the standard clause goes in right after it.
    tab_to(qtbot, paragraph(editor, 3).text_edit, back=True)
    press(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    picker = editor.clause_picker
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.search_box)
    # Filtered by the paragraph's kind: operative clauses of motions only.
    assert "Solidarity with a city at war" not in picker.visible_titles()
    assert "Termination by written notice" not in picker.visible_titles()
    type_keys("report")
    assert picker.visible_titles() == ["Report back within 30 days"]
    assert picker.preview.toPlainText().startswith(CLAUSE_START)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert paragraph(editor, 4).text().startswith(CLAUSE_START)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paragraph(editor, 4).text_edit)

    # Ctrl+S saves and freezes a revision.
    press(qtbot, Qt.Key.Key_S, CTRL)
    motion_id = editor.record_id()
    assert motion_id is not None and not editor.is_dirty()

    with db.session_scope(demo_engine) as session:
        stored = motions.MotionData.of(motions.get_motion(session=session, motion_id=motion_id))
        assert revisions.latest_revision(session, "motion", motion_id) is not None
    assert stored.title == "Sister City / Kyiv / Fire engines for Kyiv"
    assert stored.mover_id == person(demo_engine, "Bonin")
    assert stored.seconder_ids == [person(demo_engine, "Krekorian"), person(demo_engine, "Raman")]
    assert stored.committee_id == committee_id
    expected = [*RECITALS, UKRAINIAN, OPERATIVES[0], CLAUSE_START, OPERATIVES[1]]
    assert [c.kind for c in stored.clauses] == ["recital"] * 3 + ["operative"] * 3
    assert [c.text[: len(t)] for c, t in zip(stored.clauses, expected, strict=True)] == expected

    # The printed motion has them in the same order.
    with db.session_scope(demo_engine) as session:
        shown = printing.render_preview(session, "motion", motion_id, tmp_path, pdf=False)
    text = "\n".join(p.text for p in Document(str(shown.docx)).paragraphs)
    positions = [text.find(t) for t in expected]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    assert "I THEREFORE MOVE" in text[positions[2] : positions[3]]


def test_tab_leaves_the_list_without_switching_records(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    shown = area.editor.record_id()
    area.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert area.editor.record_id() == shown
    assert not area.view.hasFocus()
    # Tab keeps going until it reaches the editor.
    tab_to(qtbot, area.editor.title_edit)
    assert area.editor.record_id() == shown


def test_type_ahead_matches_across_spaces() -> None:
    names = ["Paul Koretz", "Paul Krekorian", "Nithya Raman"]
    assert match_name(names, "Paul Kr") == 1
    assert match_name(names, "paul  ko") == 0
    assert match_name(names, "Paul") == -1  # two people: say nothing rather than guess
    assert match_name(names, "raman") == 2


def test_alt_arrows_move_paragraphs_and_seconders(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    editor.add_paragraph()
    type_keys("first")
    editor.add_paragraph()
    type_keys("second")
    press(qtbot, Qt.Key.Key_Up, ALT)
    assert [paragraph(editor, i).text() for i in range(2)] == ["second", "first"]
    assert focused() is paragraph(editor, 0).text_edit

    for name in ("Paul Kr", "Nithya"):
        editor.seconders.picker.setFocus()
        type_keys(name)
        press(qtbot, Qt.Key.Key_Return)
    editor.seconders.list.setFocus()
    editor.seconders.list.setCurrentRow(1)
    press(qtbot, Qt.Key.Key_Up, ALT)
    assert editor.seconders.names() == ["Nithya Raman", "Paul Krekorian"]


def test_new_paragraph_is_scrolled_to_and_the_add_button_stays(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    button_at = editor.add_paragraph_button.mapTo(editor.body, QPoint(0, 0))
    for i in range(8):
        editor.add_paragraph_button.click()
        type_keys(f"Paragraph {i}")
    assert editor.add_paragraph_button.mapTo(editor.body, QPoint(0, 0)) == button_at
    last = paragraph(editor, 7)
    assert focused() is last.text_edit
    viewport = editor.scroll_area.viewport()

    def last_shown() -> bool:
        top = last.text_edit.mapTo(viewport, QPoint(0, 0)).y()
        return top >= 0 and top + last.text_edit.height() <= viewport.height()

    qtbot.waitUntil(last_shown)


def test_wheel_over_a_paragraph_scrolls_the_editor(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    for i in range(8):
        editor.add_paragraph()
        type_keys(f"Paragraph {i}")
    bar = editor.scroll_area.verticalScrollBar()
    bar.setValue(0)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    box = paragraph(editor, 0).text_edit.viewport()
    centre = QPointF(box.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(box.mapToGlobal(box.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(box, wheel)
    assert bar.value() > 0


def test_missing_mover_waits_until_the_field_was_left(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    type_keys("Sister City / Kyiv / Fire engines")
    editor.save_now()  # what the autosave does a second after typing
    assert editor.problem_text("mover_id") == ""
    tab_to(qtbot, editor.mover_combo)
    tab_to(qtbot, editor.seconders.picker)
    editor.save_now()
    assert "mover" in editor.problem_text("mover_id")


def test_trying_to_save_shows_the_missing_mover(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    type_keys("Sister City / Kyiv / Fire engines")
    assert not editor.flush()
    assert "mover" in editor.problem_text("mover_id")


def test_lock_banner_and_file_name_use_the_council_file(window: Any, demo_engine: Engine) -> None:
    area = window.area("motions")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    motion_id = area.editor.record_id()
    assert "Motion 22-9999 is adopted" in area.editor.banner.text()
    with db.session_scope(demo_engine) as session:
        from sistercity_desk.documents.render import default_name

        assert default_name(session, "motion", motion_id).startswith("Motion 22-9999 ")


def test_undo_and_redo_across_the_whole_record(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_keys("Fire engines")
    editor.add_paragraph()
    type_keys("A recital.")
    assert editor.undo_stack.undoText() == "typing in Paragraph text"
    assert window.undo_action.text() == "&Undo typing in Paragraph text"
    # Ctrl+Z in the paragraph undoes its typing, then, still there, the title's.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert paragraph(editor, 0).text() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert editor.title_edit.text() == ""
    assert window.undo_action.text() == "&Undo"
    # Redo from the window's menu brings them back in order.
    window.redo_action.trigger()
    assert editor.title_edit.text() == "Fire engines"
    assert window.redo_action.text().startswith("&Redo ")
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert [paragraph(editor, 0).text()] == ["A recital."]
    # Opening another record starts a new history.
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    assert not editor.undo_stack.canUndo()


def test_find_and_replace_in_the_record(qtbot: Any, window: Any) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_keys("Fire engines for Kyiv")
    editor.add_paragraph()
    type_keys("The kyiv fire service; Kyiv needs engines.")
    press(qtbot, Qt.Key.Key_H, CTRL)
    bar = editor.find_bar
    assert bar.isVisible() and focused() is bar.find_box
    type_keys("Kyiv")
    press(qtbot, Qt.Key.Key_Return)  # find the next: the title's
    assert editor.title_edit.selectedText() == "Kyiv"
    press(qtbot, Qt.Key.Key_Return)  # then the paragraph's, case ignored
    assert paragraph(editor, 0).text_edit.textCursor().selectedText() == "kyiv"
    press(qtbot, Qt.Key.Key_Tab)
    type_keys("Kyiv City")
    press(qtbot, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: bar.status.text() == "3 replaced")
    assert editor.title_edit.text() == "Fire engines for Kyiv City"
    assert paragraph(editor, 0).text() == "The Kyiv City fire service; Kyiv City needs engines."
    assert editor.undo_stack.undoText() == "replace all “Kyiv”"
    editor.undo()
    assert editor.title_edit.text() == "Fire engines for Kyiv"
    assert paragraph(editor, 0).text() == "The kyiv fire service; Kyiv needs engines."
    press(qtbot, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_mnemonics_reach_the_fields(qtbot: Any, window: Any) -> None:
    editor: MotionEditor = window.area("motions").editor
    press(qtbot, Qt.Key.Key_N, CTRL)
    for key, field in (
        (Qt.Key.Key_M, editor.mover_combo),
        (Qt.Key.Key_B, editor.seconders.picker),
        (Qt.Key.Key_O, editor.committee_combo),
        (Qt.Key.Key_Y, editor.partnership_combo),
        (Qt.Key.Key_L, editor.council_file_edit),
        (Qt.Key.Key_T, editor.title_edit),
    ):
        press(qtbot, key, ALT)
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f)


def test_link_a_motion_to_a_partnership(window: Any, demo_engine: Engine) -> None:
    from sistercity_desk import cities

    editor: MotionEditor = window.area("motions").editor
    window.new_action.trigger()
    editor.title_edit.setText("Sister City / Kyiv / Fire engines")
    editor.mover_combo.setCurrentIndex(1)
    with db.session_scope(demo_engine) as session:
        kyiv = next(r for r in cities.registry(session=session) if r.name == "Kyiv")
    index = editor.partnership_combo.findData(kyiv.partnership_id)
    assert index > 0 and editor.partnership_combo.itemText(index).startswith("Kyiv")
    editor.partnership_combo.setCurrentIndex(index)
    assert editor.flush()
    with db.session_scope(demo_engine) as session:
        stored = motions.get_motion(session=session, motion_id=editor.record_id() or 0)
        assert stored.partnership_id == kyiv.partnership_id
    editor.reload()
    assert editor.partnership_combo.currentData() == kyiv.partnership_id


def test_the_seconders_list_shows_a_focus_ring(qtbot: Any, window: Any) -> None:
    editor: MotionEditor = window.area("motions").editor
    window.new_action.trigger()
    seconders = editor.seconders
    for name in ("Paul Kr", "Nithya"):
        seconders.picker.setFocus()
        type_keys(name)
        press(qtbot, Qt.Key.Key_Return)
    editor.title_edit.setFocus()
    qtbot.waitUntil(lambda: not seconders.list.hasFocus())
    before = seconders.list.grab().toImage()
    tab_to(qtbot, seconders.list)
    after = seconders.list.grab().toImage()
    middle = before.height() // 2
    # The frame itself changes colour, not only the outline of the current row.
    assert before.pixelColor(0, middle) != after.pixelColor(0, middle)
