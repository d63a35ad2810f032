"""Helpers of the desktop-app tests: the dialog recorder and Unicode typing."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui import dialogs


@dataclass
class DialogLog:
    """What the app asked or showed; the answers tests choose."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    confirm_answer: bool = True
    conflict_answer: dialogs.ConflictChoice = dialogs.ConflictChoice.RELOAD

    def texts(self, kind: str) -> list[str]:
        return [text for k, text in self.calls if k == kind]


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into a widget one character at a time, as key events carrying the
    character. (qtbot.keyClicks aborts the process on non-ASCII text such as "Київ".)"""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
