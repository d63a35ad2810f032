"""Text and date fields the editors share: a paragraph box that grows with its text, a
one-paragraph field the spell check can mark, and a date that can be left unset."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QMimeData, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextCursor, QTextOption, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDateEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text paragraph editor as tall as its text (between ``min_lines`` and
    ``max_lines``), so a list of paragraphs reads like the document."""

    def __init__(
        self, parent: QWidget | None = None, *, min_lines: int = 3, max_lines: int = 14
    ) -> None:
        super().__init__(parent)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self._peer: GrowingTextEdit | None = None
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._update_height)
        self._update_height()

    def _lines(self) -> int:
        # Measured with the font rather than the document layout, which QPlainTextEdit fills
        # lazily and which is not ready before the widget is first shown.
        margin = int(self.document().documentMargin())
        # Measured as if the scroll bar were shown, whether or not it is: measured at the
        # viewport's own width, the bar's coming and going changed the lines, the height,
        # and so the bar again, for ever (a resize loop).
        bar = self.verticalScrollBar()
        extent = 0 if bar.isVisible() else bar.sizeHint().width()
        width = self.viewport().width() - extent - 2 * margin - 2
        if width < 50:
            width = 400
        metrics = self.fontMetrics()

        def measure(text: str) -> int:
            rect = metrics.boundingRect(
                QRect(0, 0, width, 1_000_000),
                int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere),
                text or " ",
            )
            return -(-rect.height() // metrics.lineSpacing())

        text = self.toPlainText()
        # Laying out a whole long text (a pasted 1 MB clause) on every keystroke froze the
        # window; the box is never taller than max_lines, so a beginning that already fills
        # them is enough to know.
        head = text[: self._max_lines * 500]
        lines = measure(head)
        if lines < self._max_lines and len(head) < len(text):
            lines = measure(text)
        return max(self._min_lines, min(self._max_lines, lines))

    def pair_with(self, other: GrowingTextEdit) -> None:
        """Keep this box and ``other`` (the same text in the other language, side by side)
        equally tall, so the two versions line up."""
        self._peer = other
        other._peer = self
        self._update_height()

    def _needed_height(self) -> int:
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        return self._lines() * self.fontMetrics().lineSpacing() + frame + 2

    def _apply_height(self, height: int) -> None:
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def _update_height(self, *_args: object) -> None:
        height = self._needed_height()
        if self._peer is not None:
            height = max(height, self._peer._needed_height())
            self._peer._apply_height(height)
        self._apply_height(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._update_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        # A box that shows all its text (or is at its end) leaves the wheel to the editor
        # around it, so the page scrolls wherever the pointer is.
        bar = self.verticalScrollBar()
        delta = event.angleDelta().y()
        can_scroll = (delta > 0 and bar.value() > bar.minimum()) or (
            delta < 0 and bar.value() < bar.maximum()
        )
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier or can_scroll:
            super().wheelEvent(event)
            return
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            event.ignore()
            return
        QApplication.sendEvent(parent.verticalScrollBar(), event)
        event.accept()


class DateField(QDateEdit):
    """A date that may be unset: the earliest date stands for "not set"."""

    UNSET = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.UNSET)
        self.setSpecialValueText("Not set")
        self.setDate(self.UNSET)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def value(self) -> dt.date | None:
        date = self.date()
        if date == self.UNSET:
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(self.UNSET if value is None else QDate(value.year, value.month, value.day))


class LineTextEdit(GrowingTextEdit):
    """A one-paragraph field (a title) that the spell check can mark, as a line edit cannot:
    Enter adds no line (pasted line breaks become spaces), a long text wraps onto up to
    ``max_lines`` lines, and it answers to the line edit's ``text``, ``setText`` and
    ``selectedText``."""

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = 3) -> None:
        super().__init__(parent, min_lines=1, max_lines=max_lines)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(" ".join(text.splitlines()))
        self.moveCursor(QTextCursor.MoveOperation.End)  # as a line edit leaves it

    def selectedText(self) -> str:
        return self.textCursor().selectedText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # one paragraph; the editor's own keys (Ctrl+Enter) still work
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().splitlines()))
            return
        super().insertFromMimeData(source)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText()
