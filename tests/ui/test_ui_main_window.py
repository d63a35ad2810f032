"""The main window: first run, autosave across a restart, search, filters, delete, menus,
saved window state, and errors shown in words."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import Engine
from uihelpers import DialogLog, type_text

import sistercity_desk
from sistercity_desk import cities, db, motions, office, opening, paths
from sistercity_desk.errors import Invalid
from ui import app as desk_app
from ui.main_window import window_settings
from ui.models.base import RECORD_ID_ROLE


def rows_shown(view: Any) -> list[str]:
    model = view.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def test_first_run_loads_the_demo(qtbot: Any, make_window: Any, empty_engine: Engine) -> None:
    window = make_window(empty_engine)
    assert window.first_run is not None and window.workspace is None
    assert not window.new_action.isEnabled()
    qtbot.mouseClick(window.first_run.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.first_run is None
    assert window.area("motions").view.model().rowCount() == 1
    assert window.area("cities").view.model().rowCount() == 26
    with db.session_scope(empty_engine) as session:
        assert office.is_set_up(session=session)


def test_first_run_starts_an_empty_office(
    qtbot: Any, make_window: Any, empty_engine: Engine
) -> None:
    window = make_window(empty_engine)
    page = window.first_run
    page.city_edit.clear()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.office_message.text() == "The office needs the name of its city."
    assert window.workspace is None
    type_text(page.city_edit, "Київ")
    page.seats_spin.setValue(9)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    with db.session_scope(empty_engine) as session:
        profile = office.get_office(session=session)
        assert profile is not None and (profile.city_name, profile.seats) == ("Київ", 9)
        home = cities.home_city(session=session)
        assert home is not None and home.name == "Київ"
    # People lists the nine seats, all vacant.
    people = window.area("people")
    assert people.view.model().rowCount() == 9


def test_edit_autosaves_and_survives_a_restart(
    qtbot: Any, make_window: Any, demo_engine: Engine, db_path: Path
) -> None:
    window = make_window(demo_engine)
    window.set_area("agreements")
    area = window.area("agreements")
    area.select_record(1)
    editor = area.editor
    window.resize(760, 560)
    article = editor.articles.widgets()[0]
    article.texts[1].moveCursor(QTextCursor.MoveOperation.End)
    type_text(article.texts[1], " Київ і Лос-Анджелес — міста-побратими.")
    assert editor.autosave_pending()
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved at"), timeout=5000)
    assert not editor.is_dirty()
    window.close()
    assert not window.isVisible()

    # Another engine, as a new start of the app would open.
    engine = opening.open_database(str(db_path))
    try:
        again = make_window(engine)
        assert again.current_area() is again.area("agreements")
        # The editor never scrolls sideways, so the window is no narrower than its panes
        # need (with the preview on, chosen than the 800-pixel test screen, which clamps it).
        screen = again.screen().availableGeometry().width()
        widest = max(screen, again.minimumSizeHint().width())
        assert again.height() == 560 and min(760, screen - 2) <= again.width() <= widest
        again_area = again.area("agreements")
        again_area.select_record(1)
        text = again_area.editor.articles.widgets()[0].texts[1].toPlainText()
        assert text.endswith(" Київ і Лос-Анджелес — міста-побратими.")
    finally:
        again.close()
        engine.dispose()


def test_the_list_width_the_preview_and_the_text_size_are_remembered(
    qtbot: Any, make_window: Any, demo_engine: Engine, db_path: Path
) -> None:
    from ui.main_window import MainWindow

    # Wider than the window's minimum with the preview or without it (the 800-pixel test
    # screen would shrink a restored geometry, so the next window is given this width too).
    width = 1000
    window = make_window(demo_engine)
    window.resize(width, 560)
    window.documents.preview_toggle.setChecked(False)
    qtbot.waitUntil(lambda: window.width() == width)
    area = window.area("motions")
    qtbot.waitUntil(lambda: area.splitter.sizes()[2] == 0)  # the hidden preview's share
    sizes = area.splitter.sizes()
    area.splitter.setSizes([sizes[0] - 60, sizes[1] + 60, 0])  # a narrower list
    qtbot.wait(20)
    chosen = area.splitter.sizes()
    assert chosen[0] <= sizes[0] - 50
    for _ in range(3):
        area.editor.zoom(1)
    assert area.editor.zoom_level() == 3
    window.close()

    engine = opening.open_database(str(db_path))
    again = MainWindow(engine)
    try:
        qtbot.addWidget(again)
        again.resize(width, 560)
        again.show()
        qtbot.waitExposed(again)
        again_area = again.area("motions")
        assert not again.documents.preview_toggle.isChecked()
        assert not again.documents.pane("motions").isVisible()
        assert again_area.splitter.sizes()[:2] == chosen[:2]
        assert again_area.editor.zoom_level() == 3
        body = again_area.editor.body.font().pointSizeF()
        assert body == pytest.approx(again.font().pointSizeF() * 1.3, rel=0.01)
    finally:
        again.close()
        again.tasks.shutdown(10_000)
        engine.dispose()


def test_closing_saves_pending_edits_at_once(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    area = window.area("cities")
    window.set_area("cities")
    row = next(r for r in range(area.model.rowCount()) if area.model.row_at(r).name == "Kyiv")
    area.select_record(area.model.row_at(row).partnership_id)
    editor = area.editor
    editor.notes_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor.notes_edit, " Steering committee named.")
    assert editor.autosave_pending()
    window.close()  # before the timer fires
    with db.session_scope(demo_engine) as session:
        partnership = cities.get_partnership(
            session=session, partnership_id=area.model.row_at(row).partnership_id
        )
        assert partnership.notes.endswith(" Steering committee named.")


def test_search_box_filters_the_list_as_you_type(qtbot: Any, window: Any) -> None:
    area = window.area("cities")
    window.set_area("cities")
    assert area.view.model().rowCount() == 26
    type_text(area.panel.search_box, "Київ")
    qtbot.waitUntil(lambda: area.view.model().rowCount() == 1, timeout=3000)
    assert rows_shown(area.view) == ["Kyiv"]
    area.panel.search_box.clear()
    qtbot.waitUntil(lambda: area.view.model().rowCount() == 26, timeout=3000)
    type_text(area.panel.search_box, "Kiev")  # an alias
    qtbot.waitUntil(lambda: area.view.model().rowCount() == 1, timeout=3000)
    area.panel.search_box.clear()
    type_text(area.panel.search_box, "leningrad")
    qtbot.waitUntil(lambda: rows_shown(area.view) == ["Saint Petersburg"], timeout=3000)


def test_motion_search_and_status_filter(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        mover = motions.get_motion(session=session, motion_id=1).mover_id
        for title in ("Street vending permits", "Park ranger staffing"):
            motions.create_motion(
                session=session, data=motions.MotionData(title=title, mover_id=mover)
            )
    area = window.area("motions")
    area.refresh()
    assert area.view.model().rowCount() == 3
    window.find_action.trigger()
    assert area.panel.search_box.hasFocus()
    type_text(area.panel.search_box, "ranger")
    qtbot.waitUntil(lambda: area.view.model().rowCount() == 1, timeout=3000)
    assert rows_shown(area.view) == ["Park ranger staffing"]
    area.panel.search_box.clear()
    qtbot.waitUntil(lambda: area.view.model().rowCount() == 3, timeout=3000)
    area.panel.filter_combo.setCurrentIndex(area.panel.filter_combo.findData("adopted"))
    assert rows_shown(area.view) == ["Sister City / Kyiv, Ukraine / Nomination Review"]
    assert area.panel.count_label.text() == "1 shown"


def test_delete_asks_first(window: Any, demo_engine: Engine, dialog_log: DialogLog) -> None:
    area = window.area("clauses")
    window.set_area("clauses")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    first = area.current_id()
    assert first is not None
    dialog_log.confirm_answer = False
    window.delete_action.trigger()
    assert area.view.model().rowCount() == 5
    assert "Delete the standard clause" in dialog_log.texts("confirm")[0]
    dialog_log.confirm_answer = True
    window.delete_action.trigger()
    assert area.view.model().rowCount() == 4
    assert first not in [area.view.model().index(r, 0).data(RECORD_ID_ROLE) for r in range(4)]


def test_delete_key_in_a_text_field_deletes_text_not_the_record(
    qtbot: Any, window: Any, dialog_log: DialogLog
) -> None:
    window.set_area("clauses")
    area = window.area("clauses")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    field = area.editor.title_edit
    field.setFocus()
    field.setCursorPosition(0)
    before = field.text()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == before[1:]
    assert dialog_log.texts("confirm") == []
    assert area.view.model().rowCount() == 5


def test_deleting_an_adopted_motion_is_refused_in_words(window: Any, dialog_log: DialogLog) -> None:
    area = window.area("motions")
    area.select_record(1)
    window.delete_action.trigger()
    assert "only drafts can be deleted" in dialog_log.texts("error")[0]
    assert area.view.model().rowCount() == 1


def test_new_clause_with_ctrl_n(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    window.set_area("clauses")
    area = window.area("clauses")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = area.editor
    assert editor.is_new()
    type_text(editor.title_edit, "Greeting to a partner city")
    type_text(editor.texts.widgets()[0].text_edit, "the Council welcome the delegation.")
    qtbot.waitUntil(lambda: editor.record_id() is not None, timeout=5000)
    assert area.view.model().rowCount() == 6
    assert area.view.currentIndex().data(RECORD_ID_ROLE) == editor.record_id()


def test_undo_and_redo_from_the_edit_menu(window: Any) -> None:
    window.set_area("clauses")
    area = window.area("clauses")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    field = area.editor.title_edit
    before = field.text()
    type_text(field, " extra")
    assert field.text() == before + " extra"
    window.undo_action.trigger()
    assert field.text() != before + " extra"
    window.redo_action.trigger()
    assert field.text() == before + " extra"


def test_unsaveable_edits_ask_before_leaving(
    window: Any, demo_engine: Engine, dialog_log: DialogLog
) -> None:
    window.set_area("clauses")
    area = window.area("clauses")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    first = area.current_id()
    area.editor.title_edit.clear()
    area.editor.mark_edited()
    dialog_log.confirm_answer = False  # stay and fix it
    area.view.setCurrentIndex(area.view.model().index(1, 0))
    assert area.current_id() == first
    assert "A standard clause needs a title." in dialog_log.texts("confirm")[0]
    dialog_log.confirm_answer = True  # drop the edits
    area.view.setCurrentIndex(area.view.model().index(1, 0))
    assert area.current_id() != first


def test_people_area_shows_a_vacant_seat(window: Any) -> None:
    window.set_area("people")
    area = window.area("people")
    area.panel.filter_combo.setCurrentIndex(area.panel.filter_combo.findData("vacant"))
    assert area.view.model().rowCount() == 1
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    assert area.editor.placeholder.text() == "Council District 10 is vacant."


def test_templates_are_listed(window: Any) -> None:
    window.set_area("templates")
    area = window.area("templates")
    names = {area.view.model().index(r, 0).data() for r in range(area.view.model().rowCount())}
    shipped = {
        p.stem for p in (Path(sistercity_desk.__file__).parent.parent / "templates").glob("*.docx")
    }
    assert names == shipped


def test_template_check_runs_in_the_background(
    qtbot: Any, window: Any, isolated_home: Path
) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("MOTION {{ motion.titel }}")
    document.save(str(paths.office_templates_dir() / "greeting.docx"))
    window.set_area("templates")
    area = window.area("templates")
    area.refresh()
    view = area.editor
    for name, expected in (
        ("motion", "Every field of this template is known to the app."),
        ("greeting", "unknown field 'motion.titel'"),
    ):
        row = next(r.id for r in area.model.rows() if r.name == name)
        area.select_record(row)
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=10_000)
        assert expected in view.check_result.text()


def test_about_shows_the_version(window: Any, dialog_log: DialogLog) -> None:
    window.about_action.trigger()
    assert sistercity_desk.__version__ in dialog_log.texts("about")[0]


def test_window_state_is_kept_in_the_isolated_home(window: Any, isolated_home: Path) -> None:
    window.set_area("people")
    window.close()
    settings = window_settings()
    assert Path(settings.fileName()).is_relative_to(isolated_home)
    assert settings.value("window/area") == "people"


def test_unexpected_error_is_logged_and_shown(
    qapp: QApplication, isolated_home: Path, dialog_log: DialogLog
) -> None:
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        desk_app.handle_exception(*sys.exc_info())  # type: ignore[arg-type]
    assert "RuntimeError: boom in a slot" in dialog_log.texts("unexpected")[0]
    log = desk_app.log_file()
    assert log.is_relative_to(isolated_home)
    assert "boom in a slot" in log.read_text(encoding="utf-8")
    assert "Traceback" in log.read_text(encoding="utf-8")
    try:
        raise Invalid("A motion needs a title.")
    except Invalid:
        desk_app.handle_exception(*sys.exc_info())  # type: ignore[arg-type]
    assert dialog_log.texts("error") == ["Cannot do that: A motion needs a title."]


def test_an_unexpected_failure_of_a_document_task_is_logged_with_its_traceback(
    window: Any, isolated_home: Path, dialog_log: DialogLog
) -> None:
    try:
        raise RuntimeError("boom in a render")
    except RuntimeError as exc:
        window.documents._failed("The document could not be made")(exc)
    (shown,) = dialog_log.texts("unexpected")
    assert shown.startswith("The document could not be made: boom in a render")
    log = desk_app.log_file()
    assert shown.endswith(f"[{log}]")
    text = log.read_text(encoding="utf-8")
    assert "boom in a render" in text
    assert "Traceback" in text


def test_a_damaged_database_is_shown_in_words(
    qapp: QApplication, tmp_path: Path, dialog_log: DialogLog
) -> None:
    bad = tmp_path / "damaged.db"
    bad.write_bytes(b"this is not a database" * 100)
    assert desk_app.main(["--db", str(bad)]) == 1
    (message,) = dialog_log.texts("error")
    assert message.startswith("Cannot open the database: The database file")
    assert "damaged" in message


def test_view_menu_switches_areas(window: Any) -> None:
    for action in window.area_actions.actions():
        action.trigger()
        assert action.data() == window.current_area().KEY
        assert window.navigator.currentItem().data(Qt.ItemDataRole.UserRole) == action.data()
    assert window.menu("file").actions()[0] is window.new_action
    assert QModelIndex().isValid() is False
