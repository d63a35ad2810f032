"""The main window's toolbar, Save version (Ctrl+S) and the History dock that follows the
motion or agreement shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QToolBar
from sqlalchemy.engine import Engine
from test_ui_motion_editor import new_draft
from uihelpers import DialogLog, type_text

from sistercity_desk import db, motions, revisions


def revision_titles(engine: Engine, motion_id: int) -> list[str]:
    with db.session_scope(engine) as session:
        rows = revisions.list_revisions(session=session, kind="motion", record_id=motion_id)
        return [r.content["title"] for r in rows]


def test_toolbar_holds_the_everyday_actions(window: Any) -> None:
    bar = window.findChild(QToolBar, "mainToolbar")
    texts = [a.text().replace("&", "") for a in bar.actions() if not a.isSeparator()]
    for wanted in ("New", "Save version", "Find…", "Print…", "History"):
        assert wanted in texts
    assert all(not a.icon().isNull() for a in bar.actions() if not a.isSeparator())


def test_ctrl_s_saves_a_version_and_the_dock_lists_it(window: Any, demo_engine: Engine) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    window.history_action.trigger()
    assert window.history_dock.isVisible()

    type_text(area.editor.title_edit, " one")
    window.save_action.trigger()  # Ctrl+S
    type_text(area.editor.title_edit, " two")
    window.save_action.trigger()
    assert revision_titles(demo_engine, motion_id) == [
        "Draft for ordering one",
        "Draft for ordering one two",
    ]
    assert window.history.table.rowCount() == 2
    # Saving again with nothing changed adds no revision.
    window.save_action.trigger()
    assert window.history.table.rowCount() == 2

    # The dock follows the record shown: another area shows nothing.
    window.set_area("people")
    assert window.history.table.rowCount() == 0
    window.set_area("motions")
    assert window.history.table.rowCount() == 2


def test_restore_from_the_dock_keeps_unsaved_edits_as_a_revision(
    window: Any, demo_engine: Engine, dialog_log: DialogLog
) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    type_text(area.editor.title_edit, " v1")
    window.save_action.trigger()
    type_text(area.editor.title_edit, " unsaved")  # not saved yet when restoring
    window.history.table.selectRow(0)
    dialog_log.confirm_answer = True
    window.history.restore_selected()
    assert area.editor.title_edit.text() == "Draft for ordering v1"
    with db.session_scope(demo_engine) as session:
        assert motions.get_motion(session=session, motion_id=motion_id).title == (
            "Draft for ordering v1"
        )
    assert "Draft for ordering v1 unsaved" in revision_titles(demo_engine, motion_id)
