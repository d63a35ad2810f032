"""What else the editors promise: agreement articles from standard clauses in both languages,
a picker that opens on screen, an accessible name on every input, no font warnings at start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from sistercity_desk import opening
from ui.editors.agreement import AgreementEditor
from ui.models.base import RECORD_ID_ROLE
from ui.widgets.paragraphs import ArticleItem

ROOT = Path(__file__).resolve().parents[2]


def open_agreement(window: Any) -> AgreementEditor:
    area = window.area("agreements")
    window.set_area("agreements")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    editor: AgreementEditor = area.editor
    assert editor.is_showing_record()
    return editor


def test_standard_article_goes_in_after_the_current_one_in_both_languages(
    qtbot: Any, window: Any
) -> None:
    editor = open_agreement(window)
    count = editor.articles.count()
    editor.articles.focus_item(0)
    picker = editor.open_article_picker()
    assert picker is not None
    titles = picker.visible_titles()
    # Agreement articles only: no motion wording.
    assert "Termination by written notice" in titles
    assert "Report back within 30 days" not in titles
    picker.search_box.setText("termination")
    assert picker.visible_titles() == ["Termination by written notice"]
    assert "[uk] Кожне з міст" in picker.preview.toPlainText()
    picker.insert_button.click()
    assert editor.articles.count() == count + 1
    inserted = editor.articles.widgets()[1]
    assert isinstance(inserted, ArticleItem)
    assert inserted.texts_by_language() == {
        "en": "Either city may end this Agreement by written notice to the other.",
        "uk": "Кожне з міст може припинити дію цієї Угоди письмовим повідомленням іншому.",
    }
    assert editor.flush()


def test_clause_picker_opens_on_screen(window: Any) -> None:
    area = window.area("motions")
    window.new_action.trigger()
    editor = area.editor
    # The window pushed partly off the screen's right edge: the picker still fits on it.
    screen = window.screen().availableGeometry()
    window.move(screen.right() - 300, screen.top())
    picker = editor.open_clause_picker()
    assert picker is not None
    assert screen.contains(picker.frameGeometry()) or screen.contains(picker.geometry())
    picker.reject()


INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def unnamed_inputs(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root.window() or not isinstance(widget, INPUTS):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), (QComboBox, QAbstractSpinBox)
        ):
            continue  # the inner line of a combo or spin box: named by its owner
        if (
            isinstance(widget, QAbstractItemView)
            and isinstance(widget.parentWidget(), QWidget)
            and widget.parentWidget().inherits("QComboBoxPrivateContainer")
        ):
            continue
        if isinstance(widget, QHeaderView):
            continue  # part of its table, which is named
        if not widget.accessibleName().strip():
            found.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return found


def unnamed_icon_buttons(root: QWidget) -> list[str]:
    return [
        f"{type(b).__name__} {b.toolTip()!r}"
        for b in root.findChildren(QAbstractButton)
        if b.window() is root.window()
        and not b.text().strip()
        and not b.accessibleName().strip()
        and not isinstance(b.parentWidget(), QAbstractItemView)  # a table's corner button
    ]


def test_every_input_has_an_accessible_name(window: Any) -> None:
    window.new_action.trigger()
    open_agreement(window)
    for key in ("motions", "agreements"):
        editor = window.area(key).editor
        missing = unnamed_inputs(editor) + unnamed_icon_buttons(editor)
        assert not missing, f"{key}: {missing}"


def test_no_font_warnings_at_start(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from sistercity_desk import db, demo, opening\n"
        "from ui.main_window import MainWindow\n"
        f"engine = opening.open_database({str(tmp_path / 'fonts.db')!r})\n"
        "with db.session_scope(engine) as s:\n"
        "    demo.load_demo(s)\n"
        "w = MainWindow(engine); w.show()\n"
        "for key in ('motions', 'agreements', 'cities', 'people'):\n"
        "    w.set_area(key) if key in w.areas else None\n"
        "    app.processEvents()\n"
        "w.grab()\n"
        "w.close(); w.tasks.shutdown(10000)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "OpenType support missing" not in result.stderr
    assert "qt.text.font" not in result.stderr


def test_app_font_is_the_systems(window: Any) -> None:
    # No fixed pixel sizes in the editor: the system's font size carries through.
    editor = window.area("motions").editor
    assert QApplication.font().pointSizeF() == editor.title_edit.font().pointSizeF()


def test_the_last_record_opens_again_at_start(
    make_window: Any, demo_engine: Any, db_path: Path
) -> None:

    window = make_window(demo_engine)
    window.set_area("agreements")
    area = window.area("agreements")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    shown = area.editor.record_id()
    assert shown is not None
    window.close()

    engine = opening.open_database(str(db_path))
    try:
        again = make_window(engine)
        assert again.current_area() is again.area("agreements")
        assert again.area("agreements").editor.record_id() == shown
        assert again.area("agreements").editor.is_showing_record()
    finally:
        engine.dispose()


def test_ctrl_plus_and_minus_zoom_the_editor_text(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    editor = window.area("motions").editor
    window.new_action.trigger()
    editor.title_edit.setFocus()
    base = editor.title_edit.font().pointSizeF()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.font().pointSizeF() > base
    assert editor.zoom_level() == 2
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom_level() == 1
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.font().pointSizeF() == base


def test_editors_follow_a_dark_palette(qtbot: Any, demo_engine: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    from ui.editors.motion import MotionEditor

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    app.setPalette(dark)
    try:
        editor = MotionEditor(demo_engine)
        qtbot.addWidget(editor)
        editor.start_new()
        for label in (editor.heading, editor.placeholder):
            text = label.palette().color(QPalette.ColorRole.WindowText)
            assert text.lightness() > 128, label.text()
        # Headings scale with the system font instead of a fixed pixel size.
        assert editor.heading.font().pointSizeF() > app.font().pointSizeF()
    finally:
        app.setPalette(before)


def test_a_new_sister_city_is_added_in_the_registry(
    qtbot: Any, window: Any, demo_engine: Any
) -> None:
    from uihelpers import type_text

    from sistercity_desk import cities, db

    window.set_area("cities")
    area = window.area("cities")
    assert window.new_action.isEnabled()
    window.new_action.trigger()
    editor = area.editor
    assert editor.is_new()
    type_text(editor.name_edit, "Guadalajara")
    type_text(editor.country_edit, "Mexico")
    editor.language_edit.clear()
    type_text(editor.language_edit, "es")
    type_text(editor.notes_edit, "Proposed by the Jalisco delegation.")
    assert editor.flush()
    partnership_id = editor.record_id()
    assert partnership_id is not None
    with db.session_scope(demo_engine) as session:
        partnership = cities.get_partnership(session=session, partnership_id=partnership_id)
        city = cities.get_city(session=session, city_id=partnership.city_id)
        assert (city.name, city.country, city.language) == ("Guadalajara", "Mexico", "es")
        assert partnership.status == "proposed"
        assert partnership.notes == "Proposed by the Jalisco delegation."
    assert area.current_id() == partnership_id
    # The name can still be corrected after the first save.
    editor.name_edit.setText("Guadalajara, Jalisco")
    assert editor.flush()
    with db.session_scope(demo_engine) as session:
        assert cities.get_city(session=session, city_id=partnership.city_id).name == (
            "Guadalajara, Jalisco"
        )


def test_translation_out_of_date_mark(window: Any) -> None:
    editor = open_agreement(window)
    article = editor.articles.widgets()[0]
    assert isinstance(article, ArticleItem)
    assert article.stale_languages() == []
    article.texts[0].setPlainText(article.texts[0].toPlainText() + " And they share a river.")
    assert article.stale_languages() == ["uk"]
    assert "en text changed" in article.stale_labels[1].text()
    article.texts[1].setPlainText(article.texts[1].toPlainText() + " І спільну річку.")
    assert article.stale_languages() == []


def test_the_whole_window_follows_a_dark_palette(
    qtbot: Any, make_window: Any, demo_engine: Any
) -> None:
    """On a dark system theme no part of the window keeps the light design's text,
    surface or line colours (dark text on a dark window, white cards): every style sheet
    takes the palette's; the chips and banners keep their own light pairs."""
    from PySide6.QtGui import QColor, QPalette

    from ui import look
    from ui.council.forms import CHIP_COLOURS, chip_style
    from ui.council.vote_dialog import VoteDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#2d2e31"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
    ):
        dark.setColor(role, QColor(colour))
    light_design = {
        c.lower()
        for group in (look._TEXT, look._MUTED, look._SURFACE, look._PANEL, look._LINE)
        for c in group
    } | set(look._SELECTED)
    app.setPalette(dark)
    try:
        window = make_window(demo_engine)
        window.set_area("motions")
        area = window.area("motions")
        assert area.select_record(area.view.model().index(0, 0).data(RECORD_ID_ROLE))
        dialog = VoteDialog(demo_engine, area.current_id() or 0)
        qtbot.addWidget(dialog)
        chips = {chip_style(tone) for tone in CHIP_COLOURS}
        kept = []
        for root in (window, dialog):
            for widget in [root, *root.findChildren(QWidget)]:
                if widget.styleSheet() in chips:
                    continue  # its own light background and dark text
                sheet = widget.styleSheet().lower()
                kept += [
                    (widget.objectName() or type(widget).__name__, c)
                    for c in light_design
                    if c in sheet
                ]
        assert kept == []
        assert look.signal("error") == look.SIGNALS["error"][1]
        # The line icons are drawn in the palette's light text colour, the banner's lock
        # keeps its dark lines on its own yellow.
        from ui.icons import icon

        def lightest(drawn: Any) -> int:
            image = drawn.pixmap(24, 24).toImage()
            return max(
                image.pixelColor(x, y).lightness()
                for x in range(image.width())
                for y in range(image.height())
                if image.pixelColor(x, y).alpha() > 200
            )

        assert lightest(icon("motions")) > 180
        assert lightest(icon("lock", on_light=True)) < 128
    finally:
        app.setPalette(before)
    # On a light palette the style sheets are as designed.
    assert look.css("color: #1d2b3a;") == "color: #1d2b3a;"
