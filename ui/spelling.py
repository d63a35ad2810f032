"""Spell check as a word processor does it: misspelt words get a wavy underline as you type,
right-click offers suggestions and "Add to dictionary".

Hunspell dictionaries through pyenchant (docs/spelling.md says why): English and each
agreement's partner language when a dictionary for it is installed; the office dictionary
(in the database) and the names of people, cities and committees are known words. Every
word's verdict is cached, so re-checking a paragraph on each keystroke costs dictionary
lookups only for words not seen before.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit
from sqlalchemy.engine import Engine

from sistercity_desk import db, dictionary
from sistercity_desk.errors import DeskError

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)

try:  # The library is a dependency; a desk without the native Enchant still runs, unchecked.
    import enchant
except ImportError as exc:  # pragma: no cover - exercised only without libenchant
    enchant = None
    log.warning("Spell check is off: %s", exc)

#: The most suggestions a menu shows.
SUGGESTIONS = 6

#: Longer paragraphs are not checked: a pasted megabyte would otherwise be checked and laid
#: out again on every keystroke in it (Qt re-highlights the whole paragraph).
CHECKED_CHARS = 20_000


@functools.cache
def dictionary_tag(language: str) -> str | None:
    """The installed Enchant dictionary for a language code ("en", "uk", "uk-UA"), or None
    when there is none (the text is then not checked)."""
    if enchant is None or not language:
        return None
    wanted = language.replace("-", "_")
    available = enchant.list_languages()
    if wanted in available:
        return wanted
    base = wanted.split("_")[0].lower()
    preferred = {"en": "en_US"}.get(base)
    if preferred in available:
        return preferred
    return next((tag for tag in sorted(available) if tag.split("_")[0].lower() == base), None)


@dataclass(frozen=True)
class KnownWords:
    """The office dictionary's words and the names of people, cities and committees."""

    office: frozenset[str]
    names: frozenset[str]


def read_known_words(session: Session) -> KnownWords | None:
    """The known words, read in ``session`` (safe on a worker thread); None, logged, when
    the database cannot give them (spelling must never stop a record from opening)."""
    try:
        return KnownWords(
            frozenset(dictionary.office_words(session=session)),
            frozenset(dictionary.known_names(session=session)),
        )
    except DeskError as exc:
        log.warning("Could not read the office dictionary: %s", exc)
        return None


class SpellChecker(QObject):
    """One per database: its dictionaries, the office words and the known names.

    A dictionary loads in a background thread (Ukrainian takes over a second here): until
    it is ready, words of its language pass unmarked, then the boxes are checked again."""

    _by_engine: dict[int, SpellChecker] = {}

    #: A dictionary finished loading (its tag and the Enchant object); crosses threads.
    _loaded = Signal(str, object)
    #: Every dictionary asked for so far is loaded and the boxes were checked again.
    ready = Signal()

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine
        self._dicts: dict[str, Any] = {}
        self._pending: set[str] = set()
        self._loaded.connect(self._on_loaded)
        self._verdicts: dict[tuple[str, str], bool] = {}
        self._office: set[str] = set()
        self._names: set[str] = set()
        self._highlighters: list[SpellHighlighter] = []
        self.reload()

    @classmethod
    def for_engine(cls, engine: Engine) -> SpellChecker:
        checker = cls._by_engine.get(id(engine))
        if checker is None or checker._engine is not engine:
            checker = cls(engine)
            cls._by_engine[id(engine)] = checker
        return checker

    # ------------------------------------------------------------------ words

    def reload(self) -> None:
        """Read the office words and the names again (another desk may have added some)."""
        with db.session_scope(self._engine) as session:
            self.set_known_words(read_known_words(session))

    def set_known_words(self, words: KnownWords | None) -> None:
        """Use words read by ``read_known_words`` (on any thread; this runs on the GUI
        thread). None: they could not be read, the ones known so far stay."""
        if words is not None:
            self._office = set(words.office)
            self._names = set(words.names)
        self._verdicts.clear()
        self._rehighlight()

    def _dict(self, tag: str) -> Any:
        """The loaded dictionary, or None while it loads (the load starts here)."""
        found = self._dicts.get(tag)
        if found is None and tag not in self._pending:
            self._pending.add(tag)
            threading.Thread(
                target=self._load, args=(tag,), name=f"spelling-{tag}", daemon=True
            ).start()
        return found

    def _load(self, tag: str) -> None:
        try:
            loaded: Any = enchant.Dict(tag)
        except Exception as exc:  # a broken dictionary leaves its language unchecked
            log.warning("Could not load the %s dictionary: %s", tag, exc)
            loaded = False
        self._loaded.emit(tag, loaded)

    def _on_loaded(self, tag: str, loaded: Any) -> None:
        self._pending.discard(tag)
        self._dicts[tag] = loaded
        self._rehighlight()
        if not self._pending:
            self.ready.emit()

    def is_ready(self) -> bool:
        return not self._pending

    def is_known(self, word: str, language: str) -> bool:
        """Whether a word passes in a language (always, when there is no dictionary, and
        for now while the dictionary loads)."""
        key = (language, word)
        verdict = self._verdicts.get(key)
        if verdict is None:
            checked = self._check(word, language)
            if checked is None:
                return True
            verdict = self._verdicts[key] = checked
        return verdict

    def _check(self, word: str, language: str) -> bool | None:
        plain = word.replace("’", "'")
        if plain in self._office or plain in self._names or word in self._names:
            return True
        if len(plain) < 2 or plain.isupper():
            # Initials and acronyms (LAFD, CF) are not words to check.
            return True
        tag = dictionary_tag(language)
        if tag is None:
            return True
        checker = self._dict(tag)
        if checker is None:
            return None
        if checker is False:
            return True
        return bool(checker.check(plain) or checker.check(word))

    def suggestions(self, word: str, language: str) -> list[str]:
        tag = dictionary_tag(language)
        checker = self._dicts.get(tag) if tag else None
        if tag is not None and checker is None:
            # Right-click before the background load finished: load it here, once.
            checker = self._dicts[tag] = enchant.Dict(tag)
        if not checker:
            return []
        return list(checker.suggest(word.replace("’", "'")))[:SUGGESTIONS]

    def add_to_office(self, word: str) -> str:
        """Store a word in the office dictionary and un-mark it everywhere."""
        with db.session_scope(self._engine) as session:
            clean = dictionary.add_word(session=session, word=word)
        self._office.add(clean)
        self._verdicts = {k: v for k, v in self._verdicts.items() if k[1] != word}
        self._rehighlight()
        return clean

    # ------------------------------------------------------------------ highlighters

    def attach(
        self, edit: QPlainTextEdit, language: str | Callable[[], str] = "en"
    ) -> SpellHighlighter:
        """Check a text box: underline as you type, suggestions on right-click."""
        highlighter = SpellHighlighter(self, edit.document(), language)
        self._highlighters.append(highlighter)
        highlighter.destroyed.connect(lambda *_: self._forget(highlighter))
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(
            lambda pos: spelling_menu(edit, pos, self, highlighter).popup(
                edit.viewport().mapToGlobal(pos)
            )
        )
        edit.spelling = highlighter  # type: ignore[attr-defined]
        return highlighter

    def _forget(self, highlighter: SpellHighlighter) -> None:
        if highlighter in self._highlighters:
            self._highlighters.remove(highlighter)

    def rehighlight(self) -> None:
        """Check every attached box again (a language changed)."""
        self._rehighlight()

    def _rehighlight(self) -> None:
        for highlighter in list(self._highlighters):
            try:
                highlighter.rehighlight()
            except RuntimeError:  # its document is gone
                self._forget(highlighter)


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the words of one text box that its language does not know."""

    def __init__(
        self,
        checker: SpellChecker,
        document: QTextDocument,
        language: str | Callable[[], str],
    ) -> None:
        super().__init__(document)
        self._checker = checker
        self._language = language
        self.misspelt = QTextCharFormat()
        self.misspelt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.misspelt.setUnderlineColor(QColor("#d01c1c"))

    def language(self) -> str:
        return self._language() if callable(self._language) else self._language

    def set_language(self, language: str | Callable[[], str]) -> None:
        self._language = language
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if len(text) > CHECKED_CHARS:
            # Not checked at all: marking words in it would lay the whole paragraph out
            # again (seconds for a pasted megabyte).
            return
        language = self.language()
        for match in dictionary.WORD.finditer(text):
            if not self._checker.is_known(match.group(), language):
                self.setFormat(match.start(), match.end() - match.start(), self.misspelt)


def word_at(edit: QPlainTextEdit, pos: QPoint) -> QTextCursor:
    """A cursor selecting the word under a point of the box (empty when there is none)."""
    cursor = edit.cursorForPosition(pos)
    block = cursor.block()
    offset = cursor.position() - block.position()
    for match in dictionary.WORD.finditer(block.text()):
        if match.start() <= offset <= match.end():
            cursor.setPosition(block.position() + match.start())
            cursor.setPosition(block.position() + match.end(), QTextCursor.MoveMode.KeepAnchor)
            return cursor
    cursor.clearSelection()
    return cursor


def spelling_menu(
    edit: QPlainTextEdit, pos: QPoint, checker: SpellChecker, highlighter: SpellHighlighter
) -> QMenu:
    """The box's own menu, headed by the suggestions for a misspelt word under ``pos`` and
    "Add to dictionary"."""
    menu = edit.createStandardContextMenu(pos)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    cursor = word_at(edit, pos)
    word = cursor.selectedText()
    language = highlighter.language()
    if not word or checker.is_known(word, language) or edit.isReadOnly():
        return menu
    first = menu.actions()[0] if menu.actions() else None
    entries: list[QAction] = []
    suggestions = checker.suggestions(word, language)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(
            lambda _checked=False, s=suggestion, c=cursor: _replace(QTextCursor(c), s)
        )
        entries.append(action)
    if not suggestions:
        none = QAction("(no suggestions)", menu)
        none.setEnabled(False)
        entries.append(none)
    add = QAction(f"Add “{word}” to the office dictionary", menu)
    add.triggered.connect(lambda _checked=False: checker.add_to_office(word))
    entries.append(add)
    menu.insertActions(first, entries)  # type: ignore[arg-type]
    menu.insertSeparator(first)  # type: ignore[arg-type]
    return menu


def _replace(cursor: QTextCursor, text: str) -> None:
    # One edit block: Ctrl+Z undoes the correction at once.
    cursor.beginEditBlock()
    cursor.insertText(text)
    cursor.endEditBlock()
