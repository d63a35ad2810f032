"""The standard-clause picker: a search box, the clauses that fit the record and paragraph,
and the chosen clause's wording shown before it is inserted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk import models as m

from ..look import muted

ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: Clauses tagged so are agreement articles; the others are motion wording.
AGREEMENT_TAG = "agreement"


@dataclass(frozen=True)
class ClauseChoice:
    """One standard clause as the picker lists it."""

    clause_id: int
    title: str
    kind: str
    texts: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    def for_agreements(self) -> bool:
        return AGREEMENT_TAG in self.tags


def clauses_for(record_kind: str, choices: Sequence[ClauseChoice]) -> list[ClauseChoice]:
    """The clauses that belong in a record of this kind ("motion" or "agreement")."""
    want_agreement = record_kind == "agreement"
    return [c for c in choices if c.for_agreements() == want_agreement]


class ClausePicker(QDialog):
    """Shown (not run modally) over the editor; ``chosen(clause_id)`` when the person
    inserts one. Enter inserts the selected clause, Escape closes."""

    chosen = Signal(int)

    KINDS = (
        ("All kinds", None),
        ("Recitals (background)", m.ClauseKind.RECITAL.value),
        ("Operative clauses (what is moved)", m.ClauseKind.OPERATIVE.value),
    )

    def __init__(
        self,
        choices: Sequence[ClauseChoice],
        parent: QWidget | None = None,
        *,
        paragraph_kind: str | None = None,
        language: str = "en",
        show_kinds: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert a standard clause")
        self._choices = list(choices)
        self._language = language
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search titles and wording…")
        self.search_box.setAccessibleName("Search standard clauses")
        self.search_box.setClearButtonEnabled(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Kind of clause")
        for text, value in self.KINDS:
            self.kind_combo.addItem(text, value)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(paragraph_kind)))
        self.kind_combo.setVisible(show_kinds)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Standard clauses")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Wording of the selected clause")
        self.empty_label = QLabel(self)
        muted(self.empty_label)
        buttons = QDialogButtonBox(self)
        self.insert_button = buttons.addButton("&Insert", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.kind_combo)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_label)
        column.addWidget(QLabel("Wording:", self))
        column.addWidget(self.preview, 1)
        column.addWidget(buttons)
        self.resize(560, 460)

        self.search_box.textChanged.connect(self._refill)
        self.kind_combo.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._show_text)
        self.list.itemActivated.connect(lambda _item: self._insert())
        buttons.accepted.connect(self._insert)
        buttons.rejected.connect(self.reject)
        # Down from the search box walks the list without leaving the box.
        for keys, step in (("Down", 1), ("Up", -1)):
            move = QShortcut(QKeySequence(keys), self.search_box)
            move.setContext(Qt.ShortcutContext.WidgetShortcut)
            move.activated.connect(lambda s=step: self._step(s))
        self._refill()

    # ------------------------------------------------------------------ API

    def visible_titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def select_title(self, title: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).text() == title:
                self.list.setCurrentRow(i)
                return True
        return False

    def place_over(self, anchor: QWidget) -> None:
        """Open centred over ``anchor`` and wholly on its screen."""
        screen = anchor.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        centre = anchor.mapToGlobal(anchor.rect().center())
        # The window frame (known once shown) counts: all of it must be on the screen.
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        self.resize(width, height)
        outer_w, outer_h = width + extra_w, height + extra_h
        x = min(max(centre.x() - outer_w // 2, area.left()), area.right() - outer_w + 1)
        y = min(max(centre.y() - outer_h // 2, area.top()), area.bottom() - outer_h + 1)
        self.move(QPoint(x, y))

    # ------------------------------------------------------------------ handlers

    def _text_of(self, choice: ClauseChoice) -> str:
        return choice.texts.get(self._language) or next(iter(choice.texts.values()), "")

    def _refill(self, *_args: object) -> None:
        words = self.search_box.text().casefold().split()
        kind = self.kind_combo.currentData() if self.kind_combo.isVisibleTo(self) else None
        self.list.clear()
        for choice in self._choices:
            if kind is not None and choice.kind != kind:
                continue
            haystack = " ".join([choice.title, *choice.texts.values()]).casefold()
            if all(word in haystack for word in words):
                item = QListWidgetItem(choice.title)
                item.setData(ID_ROLE, choice.clause_id)
                item.setToolTip(self._text_of(choice))
                self.list.addItem(item)
        self.empty_label.setText(
            ""
            if self.list.count()
            else "No standard clause matches. Clear the search or "
            "choose All kinds; clauses are kept under Standard Clauses."
        )
        self.empty_label.setVisible(not self.list.count())
        if self.list.count():
            self.list.setCurrentRow(0)
        self._show_text()

    def _show_text(self, *_args: object) -> None:
        item = self.list.currentItem()
        choice = self._choice(item.data(ID_ROLE)) if item is not None else None
        if choice is None:
            self.preview.setPlainText("")
            self.insert_button.setEnabled(False)
            return
        texts = [f"[{lang}] {text}" for lang, text in choice.texts.items()]
        self.preview.setPlainText("\n\n".join(texts) if len(texts) > 1 else self._text_of(choice))
        self.insert_button.setEnabled(True)

    def _choice(self, clause_id: object) -> ClauseChoice | None:
        return next((c for c in self._choices if c.clause_id == clause_id), None)

    def _step(self, step: int) -> None:
        if self.list.count():
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)

    def _insert(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(int(item.data(ID_ROLE)))
