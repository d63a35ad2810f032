"""Find and replace within the open record (Ctrl+H): every text field of the editor, in the
order shown, case ignored; Replace all is one undo step."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QWidget,
)

from ..look import muted

TextField = QLineEdit | QPlainTextEdit


def text_of(field: TextField) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


class FindReplaceBar(QWidget):
    """A bar above the editor's fields. ``fields()`` gives the text fields to search (in the
    order shown); ``batch(label, work)`` runs the replacing as one undoable step."""

    def __init__(
        self,
        fields: Callable[[], list[TextField]],
        batch: Callable[[str, Callable[[], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fields = fields
        self._batch = batch
        #: Where the last match ended: (field, position); the next search starts there.
        self._at: tuple[TextField | None, int] = (None, 0)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in this record")
        self.find_box.setAccessibleName("Find")
        self.replace_box = QLineEdit(self)
        self.replace_box.setPlaceholderText("Replace with")
        self.replace_box.setAccessibleName("Replace with")
        self.next_button = QPushButton("&Next", self)
        self.replace_button = QPushButton("&Replace", self)
        self.replace_all_button = QPushButton("Replace &all", self)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAccessibleName("Close find and replace")
        self.close_button.setToolTip("Close (Escape)")
        self.status = QLabel(self)
        muted(self.status)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 2, 12, 2)
        row.addWidget(self.find_box, 2)
        row.addWidget(self.replace_box, 2)
        for button in (self.next_button, self.replace_button, self.replace_all_button):
            row.addWidget(button)
        row.addWidget(self.status, 1)
        row.addWidget(self.close_button)
        self.find_box.returnPressed.connect(self.find_next)
        self.replace_box.returnPressed.connect(self.replace_current)
        self.next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.find_box.textChanged.connect(lambda _t: self._restart())
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        self.hide()

    # ------------------------------------------------------------------ API

    def open_bar(self, selected: str = "") -> None:
        if selected and "\n" not in selected:
            self.find_box.setText(selected)
        self.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def close_bar(self) -> None:
        self.hide()
        field = self._at[0]
        if field is not None:
            field.setFocus()

    def searchable(self) -> list[TextField]:
        return [
            f
            for f in self._fields()
            if _shown(f)
            and not f.isReadOnly()
            and not isinstance(f.parentWidget(), (QComboBox, QAbstractSpinBox))
            and not self.isAncestorOf(f)
        ]

    def _pattern(self) -> re.Pattern[str] | None:
        text = self.find_box.text()
        return re.compile(re.escape(text), re.IGNORECASE) if text else None

    def _restart(self) -> None:
        self._at = (None, 0)
        self.status.setText("")

    def find_next(self) -> bool:
        """Select the next match after the last one (wrapping round); False: none."""
        pattern = self._pattern()
        fields = self.searchable()
        if pattern is None or not fields:
            return False
        current, position = self._at
        start = fields.index(current) if current in fields else 0
        if current not in fields:
            position = 0
        order = fields[start:] + fields[:start] + [fields[start]]
        for turn, field in enumerate(order):
            origin = position if turn == 0 else 0
            if turn == len(order) - 1:
                origin = 0  # wrapped round to where it started: its beginning too
            match = pattern.search(text_of(field), origin)
            if match is not None:
                self._select(field, match.start(), match.end())
                self.status.setText("")
                return True
        self.status.setText("Not found")
        return False

    def _select(self, field: TextField, start: int, end: int) -> None:
        if isinstance(field, QLineEdit):
            field.setSelection(start, end - start)
        else:
            cursor = field.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            field.setTextCursor(cursor)
        self._at = (field, end)
        parent = field.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(field)

    def selected_match(self) -> tuple[TextField, int, int] | None:
        """The match selected now, as (field, start, end)."""
        field, end = self._at
        pattern = self._pattern()
        if field is None or pattern is None:
            return None
        length = len(self.find_box.text())
        start = end - length
        if start < 0 or not pattern.fullmatch(text_of(field)[start:end]):
            return None
        return field, start, end

    def replace_current(self) -> None:
        """Replace the selected match (finding one first when none is), then find the next."""
        found = self.selected_match()
        if found is None:
            self.find_next()
            return
        field, start, end = found
        replacement = self.replace_box.text()
        text = text_of(field)
        new = text[:start] + replacement + text[end:]

        def work() -> None:
            _set_text(field, new)

        self._batch(f"replace “{self.find_box.text()}”", work)
        self._at = (field, start + len(replacement))
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match in the record as one undo step; how many."""
        pattern = self._pattern()
        if pattern is None:
            return 0
        replacement = self.replace_box.text()
        count = 0

        def work() -> None:
            nonlocal count
            for field in self.searchable():
                new, n = pattern.subn(lambda _m: replacement, text_of(field))
                if n:
                    count += n
                    _set_text(field, new)

        self._batch(f"replace all “{self.find_box.text()}”", work)
        self._restart()
        self.status.setText(f"{count} replaced" if count else "Not found")
        return count


def _shown(widget: QWidget) -> bool:
    """Not hidden on purpose (a field just added shows once the event loop runs)."""
    current: QWidget | None = widget
    while current is not None and not current.isWindow():
        if current.isHidden() and current.testAttribute(
            Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        ):
            return False
        current = current.parentWidget()
    return True


def _set_text(field: TextField, text: str) -> None:
    if isinstance(field, QLineEdit):
        field.setText(text)
    else:
        field.setPlainText(text)
