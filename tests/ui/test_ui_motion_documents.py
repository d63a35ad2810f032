"""The editors' part in printed documents: invisible characters shown and removed on
request before they reach legal text, and a resolution's number."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from test_ui_motion_editor import new_draft, stored
from uihelpers import DialogLog

from sistercity_desk import db, motions
from ui.editors.motion import MotionEditor
from ui.widgets.paragraphs import ParagraphItem

RLO = "\u202e"


def open_draft(window: Any, engine: Engine) -> MotionEditor:
    motion_id = new_draft(engine)
    area = window.area("motions")
    area.refresh()
    assert area.select_record(motion_id)
    return area.editor


def test_invisible_characters_are_shown_and_saving_asks_to_remove_them(
    qtbot: Any, window: Any, demo_engine: Engine, dialog_log: DialogLog
) -> None:
    editor = open_draft(window, demo_engine)
    editor.title_edit.setText(f"Fire engines {RLO}sdrawkcab")
    first = editor.paragraphs.widgets()[0]
    assert isinstance(first, ParagraphItem)
    first.text_edit.setPlainText("First\u200b recital.")
    # The editor names them where they are, before any save.
    assert editor.hidden_message.isVisibleTo(editor)
    shown = editor.hidden_message.text()
    assert "U+202E RIGHT-TO-LEFT OVERRIDE in the title" in shown
    assert "U+200B ZERO WIDTH SPACE in the paragraph 1" in shown
    dialog_log.confirm_answer = True
    assert editor.flush()
    asked = [text for kind, text in dialog_log.calls if kind == "confirm"]
    assert len(asked) == 1 and "Invisible characters" in asked[0] and "U+202E" in asked[0]
    data = stored(demo_engine, editor.record_id() or 0)
    assert data.title == "Fire engines sdrawkcab"
    assert data.clauses[0].text == "First recital."
    assert not editor.hidden_message.isVisibleTo(editor)


def test_keeping_invisible_characters_is_the_persons_choice_and_asked_once(
    qtbot: Any, window: Any, demo_engine: Engine, dialog_log: DialogLog
) -> None:
    editor = open_draft(window, demo_engine)
    editor.title_edit.setText(f"Fire engines {RLO}kept")
    dialog_log.confirm_answer = False
    assert editor.flush()
    editor.title_edit.setText(f"Fire engines {RLO}kept")  # an autosave of the same text
    editor.mark_edited()
    assert editor.flush()
    assert sum(1 for kind, _ in dialog_log.calls if kind == "confirm") == 1
    assert stored(demo_engine, editor.record_id() or 0).title == f"Fire engines {RLO}kept"


def test_resolution_number_is_set_in_the_editor(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    editor = open_draft(window, demo_engine)
    assert not editor.resolution_number_edit.isVisibleTo(editor)  # a motion has none
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("resolution"))
    assert editor.resolution_number_edit.isVisibleTo(editor)
    editor.resolution_number_edit.setText("22-104")
    assert editor.flush()
    with db.session_scope(demo_engine) as session:
        motion = motions.get_motion(session=session, motion_id=editor.record_id() or 0)
        assert motion.resolution_number == "22-104"


def test_agreement_editor_names_invisible_characters_and_asks_before_saving(
    qtbot: Any, window: Any, demo_engine: Engine, dialog_log: DialogLog
) -> None:
    from test_ui_agreement_editor import open_agreement
    from test_ui_agreement_editor import stored as stored_agreement

    editor = open_agreement(window)
    article = editor.articles.widgets()[0]
    article.texts[1].setPlainText("Два міста \u202bподіляють\u202c цінності.")
    assert "U+202B RIGHT-TO-LEFT EMBEDDING, U+202C POP DIRECTIONAL FORMATTING" in (
        editor.hidden_message.text()
    )
    assert "article 1 (uk)" in editor.hidden_message.text()
    dialog_log.confirm_answer = True
    assert editor.flush()
    assert stored_agreement(demo_engine).articles[0].texts["uk"] == "Два міста поділяють цінності."
