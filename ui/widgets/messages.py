"""Messages shown in place: a problem next to its field, a banner above a read-only record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ..icons import icon
from ..look import signal


class FieldMessage(QLabel):
    """A problem with one field, in words, right under it; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {signal('error')};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class Banner(QFrame):
    """A strip above an editor saying why the record cannot be edited, or what to know."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "#banner { background: #fff4ce; border: 1px solid #e6c86e; border-radius: 4px; }"
            # Its own dark text on its own light yellow: readable on a dark palette too.
            "#banner QLabel { color: #3b2f00; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        self._icon = QLabel(self)
        self._icon.setPixmap(icon("lock", on_light=True).pixmap(18, 18))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self._icon)
        row.addWidget(self._text, 1)
        self.hide()

    def text(self) -> str:
        return self._text.text()

    def show_message(self, text: str) -> None:
        self._text.setText(text)
        self.setVisible(bool(text))
