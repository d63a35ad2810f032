"""Invisible characters in an editor's legal text: named under the text, removed on request
before saving (the rules are the core's: sistercity_desk.invisible)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from sistercity_desk import invisible

from .. import dialogs
from ..widgets.messages import FieldMessage

#: Where a text is ("the title", "article 2 (uk)") and the widget that holds it.
TextField = tuple[str, QLineEdit | QPlainTextEdit]


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


class InvisibleCheck:
    """Shows which invisible characters the fields hold, and asks before a save."""

    def __init__(
        self, parent: QWidget, message: FieldMessage, fields: Callable[[], list[TextField]]
    ) -> None:
        self._parent = parent
        self._message = message
        self._fields = fields
        #: The answer "keep them" holds for the same characters in the same places, so an
        #: autosave after each keystroke does not ask again.
        self._kept = ""

    def describe(self) -> str:
        """Which invisible characters the text holds and where, or empty."""
        parts = []
        for where, widget in self._fields():
            found = invisible.find_hidden(_text(widget))
            if found:
                parts.append(f"{invisible.summary(found)} in the {where}")
        return "; ".join(parts)

    def update(self, *_args: object) -> None:
        where = self.describe()
        self._message.show_message(f"Invisible characters: {where}." if where else "")

    def before_save(self) -> None:
        """Ask whether to remove the invisible characters (once per set of them)."""
        where = self.describe()
        if not where or where == self._kept:
            return
        if not dialogs.ask_remove_hidden(self._parent, where):
            self._kept = where
            return
        self._kept = ""
        for _where, widget in self._fields():
            text = _text(widget)
            cleaned = invisible.remove_hidden(text)
            if cleaned == text:
                continue
            if isinstance(widget, QLineEdit):
                widget.setText(cleaned)
            else:
                widget.setPlainText(cleaned)
