"""Spell check in the editors: misspelt English and Ukrainian words get the wavy underline and
are corrected from the right-click menu; councilmembers' names are known; a word added to the
office dictionary stays known after a restart (it lives in the database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from sqlalchemy.engine import Engine

from sistercity_desk import db, dictionary, opening
from ui.editors.agreement import AgreementEditor
from ui.editors.motion import MotionEditor
from ui.spelling import SpellChecker, spelling_menu
from ui.widgets.paragraphs import ArticleItem, ParagraphItem

WAVY = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
#: Dictionaries load in the background (about a second for Ukrainian on an idle machine).
LOAD_MS = 60_000


def marked(edit: QPlainTextEdit) -> list[str]:
    """The words of a box drawn with the wavy underline."""
    found = []
    block = edit.document().firstBlock()
    while block.isValid():
        for part in block.layout().formats():
            if part.format.underlineStyle() == WAVY:
                found.append(block.text()[part.start : part.start + part.length])
        block = block.next()
    return found


def point_of(edit: QPlainTextEdit, word: str) -> Any:
    cursor = QTextCursor(edit.document())
    cursor.setPosition(edit.toPlainText().index(word) + 1)
    return edit.cursorRect(cursor).center()


def menu_texts(menu: Any) -> list[str]:
    return [a.text() for a in menu.actions()]


def new_paragraph(window: Any, text: str) -> QPlainTextEdit:
    editor: MotionEditor = window.area("motions").editor
    window.new_action.trigger()
    item = editor.add_paragraph()
    assert isinstance(item, ParagraphItem)
    item.text_edit.setPlainText(text)
    return item.text_edit


def test_misspelt_english_word_is_marked_and_corrected(qtbot: Any, window: Any) -> None:
    edit = new_paragraph(window, "The Councl thanks Paul Krekorian and Mitch O'Farrell.")
    # Councilmembers' names are known without adding them. (A new highlighter makes its
    # first pass once the event loop runs.)
    qtbot.waitUntil(lambda: marked(edit) == ["Councl"], timeout=LOAD_MS)
    menu = spelling_menu(
        edit, point_of(edit, "Councl"), window.area("motions").editor.speller(), edit.spelling
    )
    assert "Council" in menu_texts(menu)
    next(a for a in menu.actions() if a.text() == "Council").trigger()
    assert edit.toPlainText() == "The Council thanks Paul Krekorian and Mitch O'Farrell."
    assert marked(edit) == []


def test_misspelt_ukrainian_word_is_marked_in_the_partner_language(qtbot: Any, window: Any) -> None:
    area = window.area("agreements")
    window.set_area("agreements")
    area.view.setCurrentIndex(area.view.model().index(0, 0))
    editor: AgreementEditor = area.editor
    article = editor.articles.widgets()[0]
    assert isinstance(article, ArticleItem)
    uk = article.texts[1]
    uk.setPlainText("Київ і Лос-Анджелес: мсто друзів.")
    qtbot.waitUntil(lambda: marked(uk) == ["мсто"], timeout=LOAD_MS)
    menu = spelling_menu(uk, point_of(uk, "мсто"), editor.speller(), uk.spelling)
    assert "місто" in menu_texts(menu)
    next(a for a in menu.actions() if a.text() == "місто").trigger()
    assert uk.toPlainText() == "Київ і Лос-Анджелес: місто друзів."
    assert marked(uk) == []
    # The English column is checked in English: the Ukrainian word would be unknown there.
    en = article.texts[0]
    en.setPlainText("The two cities are friends; мсто.")
    qtbot.waitUntil(lambda: marked(en) == ["мсто"], timeout=LOAD_MS)


def test_added_word_is_known_after_a_restart(
    qtbot: Any, window: Any, make_window: Any, db_path: Path
) -> None:
    edit = new_paragraph(window, "Our Angelenos welcome the Kyivans.")
    qtbot.waitUntil(lambda: "Kyivans" in marked(edit), timeout=LOAD_MS)
    speller = window.area("motions").editor.speller()
    menu = spelling_menu(edit, point_of(edit, "Kyivans"), speller, edit.spelling)
    add = next(a for a in menu.actions() if a.text().startswith("Add “Kyivans”"))
    add.trigger()
    assert "Kyivans" not in marked(edit)

    # A new start of the app: another engine, another spell checker, the same database.
    engine = opening.open_database(str(db_path))
    try:
        with db.session_scope(engine) as session:
            assert "Kyivans" in dictionary.office_words(session=session)
        again = make_window(engine)
        fresh = new_paragraph(again, "Our Angelenos welcome the Kyivans. Kyivanz")
        assert again.area("motions").editor.speller() is not speller
        qtbot.waitUntil(lambda: "Kyivanz" in marked(fresh), timeout=LOAD_MS)
        assert "Kyivans" not in marked(fresh)
    finally:
        engine.dispose()


def test_checking_never_waits_for_a_dictionary(qtbot: Any, demo_engine: Engine) -> None:
    checker = SpellChecker(demo_engine)
    # The dictionary loads in the background; meanwhile nothing is marked or cached.
    assert checker.is_known("Councl", "en")
    assert ("en", "Councl") not in checker._verdicts
    qtbot.waitUntil(checker.is_ready, timeout=LOAD_MS)
    assert not checker.is_known("Councl", "en")
    assert ("en", "Councl") in checker._verdicts
    assert checker.is_known("LAFD", "en")  # acronyms are not checked
    assert checker.is_known("Krekorian", "en")


def test_opening_a_record_is_not_an_edit(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    """The spell check repaints the boxes when a dictionary arrives (the text's formats
    change, and Qt says the text changed): that must not mark the record edited, save it
    again or make it a new version."""
    from printhelpers import make_motions

    from sistercity_desk import motions

    (motion_id,) = make_motions(demo_engine, ["Harbour lights"])  # a draft: editable
    window.area("motions").refresh()
    area = window.area("motions")
    editor: MotionEditor = area.editor
    with db.session_scope(demo_engine) as session:
        version = motions.get_motion(session=session, motion_id=motion_id).version
    saves: list[int] = []
    editor.saved.connect(lambda record_id, _when: saves.append(record_id))
    assert area.select_record(motion_id)
    qtbot.waitUntil(lambda: editor.record_id() == motion_id and editor.is_showing_record())
    spelling = SpellChecker.for_engine(demo_engine)
    qtbot.waitUntil(spelling.is_ready, timeout=LOAD_MS)
    qtbot.wait(editor.AUTOSAVE_MS + 300)
    assert not editor.is_dirty()
    assert saves == []
    with db.session_scope(demo_engine) as session:
        assert motions.get_motion(session=session, motion_id=motion_id).version == version


def test_the_title_is_checked_and_stays_one_line(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QMimeData, Qt
    from uihelpers import type_text

    editor: MotionEditor = window.area("motions").editor
    window.new_action.trigger()
    title = editor.title_edit
    type_text(title, "Sister City / Kyiv / Firetruk Donation")
    qtbot.waitUntil(lambda: marked(title) == ["Firetruk"], timeout=LOAD_MS)
    # Enter adds no line; a pasted line break becomes a space.
    qtbot.keyClick(title, Qt.Key.Key_Return)
    data = QMimeData()
    data.setText(" /\nReport")
    title.insertFromMimeData(data)
    assert title.text() == "Sister City / Kyiv / Firetruk Donation / Report"
    assert title.document().blockCount() == 1
