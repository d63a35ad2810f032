"""The motion editor: typing a new motion, ordering seconders and clauses, inline problems,
read-only closed motions, conflicts with someone else's save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy.engine import Engine
from sqlmodel import select
from uihelpers import DialogLog, type_text

from sistercity_desk import clauses, db, motions, people, revisions
from sistercity_desk import models as m
from ui import dialogs
from ui.editors.motion import MotionEditor
from ui.widgets.paragraphs import ParagraphItem


def member_id(engine: Engine, surname: str) -> int:
    with db.session_scope(engine) as session:
        return next(p.id for p in people.current_members(session=session) if p.surname == surname)


def stored(engine: Engine, motion_id: int) -> motions.MotionData:
    with db.session_scope(engine) as session:
        return motions.MotionData.of(motions.get_motion(session=session, motion_id=motion_id))


def pick(combo: Any, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def new_draft(engine: Engine, title: str = "Draft for ordering") -> int:
    with db.session_scope(engine) as session:
        members = {p.surname: p.id for p in people.current_members(session=session)}
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title=title,
                mover_id=members["Buscaino"],
                seconder_ids=[members["Raman"], members["Koretz"], members["O'Farrell"]],
                clauses=[
                    motions.ClauseData("recital", "First recital."),
                    motions.ClauseData("recital", "Second recital."),
                    motions.ClauseData("operative", "the Council act."),
                ],
            ),
        )
        return motion.id or 0


def test_create_a_motion_by_typing(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    area = window.area("motions")
    editor: MotionEditor = area.editor
    window.new_action.trigger()
    assert editor.is_new() and editor.heading.text() == "New motion"
    type_text(editor.title_edit, "Sister City / Київ / Greetings from de León")
    type_text(editor.council_file_edit, "22-0145")
    pick(editor.mover_combo, member_id(demo_engine, "de León"))
    # The mover is not offered as a seconder.
    assert editor.seconders.picker.findData(member_id(demo_engine, "de León")) == -1
    for surname in ("Raman", "Koretz"):
        pick(editor.seconders.picker, member_id(demo_engine, surname))
        qtbot.mouseClick(editor.seconders.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_paragraph_button, Qt.MouseButton.LeftButton)
    paragraph = editor.paragraphs.widgets()[0]
    type_text(paragraph.text_edit, "Київ — the capital of Ukraine — asks for help.")
    pick(editor.committee_combo, editor.committee_combo.itemData(1))

    qtbot.waitUntil(lambda: editor.record_id() is not None and not editor.is_dirty(), timeout=5000)
    assert window.save_label.text().startswith("Saved at ")
    with db.session_scope(demo_engine) as session:
        motion = session.exec(select(m.Motion).where(m.Motion.council_file == "22-0145")).one()
        assert motion.title == "Sister City / Київ / Greetings from de León"
        assert motion.mover_id == member_id(demo_engine, "de León")
        assert [s.person_id for s in motion.seconders] == [
            member_id(demo_engine, "Raman"),
            member_id(demo_engine, "Koretz"),
        ]
        assert [(c.kind, c.text) for c in motion.clauses] == [
            ("recital", "Київ — the capital of Ukraine — asks for help.")
        ]
        assert motion.committee_id is not None
        assert motion.status == "draft"
    # The new motion is listed and selected.
    current = area.view.currentIndex()
    assert current.isValid() and current.data(Qt.ItemDataRole.UserRole + 1) == editor.record_id()


def test_reorder_seconders_and_clauses(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    assert area.select_record(motion_id)
    editor: MotionEditor = area.editor
    assert editor.record_id() == motion_id
    # Seconders: Raman, Koretz, O'Farrell -> select O'Farrell, move up twice.
    editor.seconders.list.setCurrentRow(2)
    qtbot.mouseClick(editor.seconders.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.seconders.up_button, Qt.MouseButton.LeftButton)
    assert editor.seconders.names() == ["Mitch O'Farrell", "Nithya Raman", "Paul Koretz"]
    # Clauses: move the second recital up, remove nothing, move the operative one up once.
    frames = editor.paragraphs.frames()
    qtbot.mouseClick(frames[1].up_button, Qt.MouseButton.LeftButton)
    frames = editor.paragraphs.frames()
    qtbot.mouseClick(frames[2].up_button, Qt.MouseButton.LeftButton)
    assert [w.text() for w in editor.paragraphs.widgets()] == [
        "Second recital.",
        "the Council act.",
        "First recital.",
    ]
    # Switching to another record saves at once (no waiting for the timer).
    area.select_record(1)
    data = stored(demo_engine, motion_id)
    assert data.seconder_ids == [
        member_id(demo_engine, "O'Farrell"),
        member_id(demo_engine, "Raman"),
        member_id(demo_engine, "Koretz"),
    ]
    assert [c.text for c in data.clauses] == [
        "Second recital.",
        "the Council act.",
        "First recital.",
    ]
    # Remove a seconder and a paragraph, then come back: the editor shows what is stored.
    area.select_record(motion_id)
    editor.seconders.list.setCurrentRow(0)
    qtbot.mouseClick(editor.seconders.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.paragraphs.frames()[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.flush()
    data = stored(demo_engine, motion_id)
    assert len(data.seconder_ids) == 2 and len(data.clauses) == 2
    editor.reload()
    assert editor.seconders.names() == ["Nithya Raman", "Paul Koretz"]
    assert [w.text() for w in editor.paragraphs.widgets()] == ["the Council act.", "First recital."]


def test_picking_a_seconder_as_mover_removes_them(window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    pick(editor.mover_combo, member_id(demo_engine, "Raman"))
    assert "Nithya Raman" not in editor.seconders.names()
    assert editor.flush()
    data = stored(demo_engine, motion_id)
    assert data.mover_id == member_id(demo_engine, "Raman")
    assert member_id(demo_engine, "Raman") not in data.seconder_ids


def test_bad_council_file_number_shows_inline(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    type_text(editor.council_file_edit, "22-12")
    message = editor.message_for("council_file")
    assert not message.isHidden()
    assert "is not a Council File number" in message.text()
    assert "YY-NNNN" in message.text()
    # Saving is refused in words, next to the field and in the status bar.
    assert not editor.flush()
    assert "not a Council File number" in window.save_label.text()
    assert stored(demo_engine, motion_id).council_file is None
    type_text(editor.council_file_edit, "34")
    assert message.isHidden()
    assert editor.flush()
    assert stored(demo_engine, motion_id).council_file == "22-1234"
    # A number another motion holds: the core says so at save time, next to the field.
    editor.council_file_edit.setText("22-9999")
    assert not editor.flush()
    assert "already used by motion 1" in editor.problem_text("council_file")


def test_missing_title_is_shown_next_to_the_title(window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    editor.title_edit.clear()
    assert not editor.flush()
    assert editor.problem_text("title") == "A motion needs a title."
    assert stored(demo_engine, motion_id).title == "Draft for ordering"


def test_adopted_motion_is_read_only_with_banner(window: Any) -> None:
    area = window.area("motions")
    area.select_record(1)
    editor: MotionEditor = area.editor
    assert editor.is_read_only()
    assert not editor.banner.isHidden()
    assert "adopted and is no longer edited in place" in editor.banner.text()
    assert editor.title_edit.isReadOnly()
    assert not editor.mover_combo.isEnabled()
    assert editor.add_paragraph_button.isHidden()
    editor.title_edit.setText("changed")  # programmatic change: still not saved
    assert not editor.is_dirty()


def test_insert_standard_clause(window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    picker = editor.open_clause_picker()
    assert picker is not None
    titles = picker.visible_titles()
    assert "Report back within 30 days" in titles
    # Agreement articles are not offered in a motion.
    assert "Both texts equally authentic" not in titles
    assert picker.select_title("Report back within 30 days")
    assert picker.preview.toPlainText().startswith("the City Administrative Officer report")
    picker.insert_button.click()
    assert editor.paragraphs.count() == 4
    inserted = editor.paragraphs.widgets()[-1]
    assert isinstance(inserted, ParagraphItem) and inserted.kind() == "operative"
    assert editor.flush()
    assert (
        stored(demo_engine, motion_id)
        .clauses[-1]
        .text.startswith("the City Administrative Officer report")
    )


def _someone_else_renames(engine: Engine, motion_id: int, title: str) -> None:
    with db.session_scope(engine) as session:
        data = motions.MotionData.of(motions.get_motion(session=session, motion_id=motion_id))
        data.title = title
        motions.update_motion(
            session=session,
            motion_id=motion_id,
            data=data,
            expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
        )


def test_conflict_keep_mine(window: Any, demo_engine: Engine, dialog_log: DialogLog) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    _someone_else_renames(demo_engine, motion_id, "Their title")
    type_text(editor.title_edit, " (mine)")
    dialog_log.conflict_answer = dialogs.ConflictChoice.KEEP_MINE
    assert editor.flush()
    assert "changed by someone else" in dialog_log.texts("conflict")[0]
    assert stored(demo_engine, motion_id).title == "Draft for ordering (mine)"
    # The person could compare first: their title struck, mine inserted.
    html = dialog_log.texts("conflict-compare")[0]
    assert "Their saved version" in html and "Their" in html and "mine" in html
    # Theirs is not lost: it is a revision in the history, just before mine.
    with db.session_scope(demo_engine) as session:
        history = revisions.list_revisions(session=session, kind="motion", record_id=motion_id)
        assert [r.content["title"] for r in history[-2:]] == [
            "Their title",
            "Draft for ordering (mine)",
        ]


def test_conflict_reload_theirs(window: Any, demo_engine: Engine, dialog_log: DialogLog) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    editor: MotionEditor = area.editor
    _someone_else_renames(demo_engine, motion_id, "Their title")
    type_text(editor.title_edit, " (mine)")
    dialog_log.conflict_answer = dialogs.ConflictChoice.RELOAD
    assert editor.flush()
    assert editor.title_edit.text() == "Their title"
    assert stored(demo_engine, motion_id).title == "Their title"
    assert not editor.is_dirty()


def test_clause_list_is_read_from_core(demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        assert len(clauses.list_clauses(session=session)) == 5
