"""What the council dialogs share: a form whose OK runs one core call, dates, styled chips."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk.errors import DeskError

from ..look import css
from ..widgets.messages import FieldMessage

#: Colours of a status or result chip: (background, text).
CHIP_COLOURS = {
    "good": ("#dcefe0", "#1e6b34"),
    "bad": ("#f8dcd9", "#9c2419"),
    "neutral": ("#e6eaf0", "#33414f"),
    "warn": ("#fff4ce", "#6b5300"),
}


def chip_style(tone: str) -> str:
    background, colour = CHIP_COLOURS.get(tone, CHIP_COLOURS["neutral"])
    return (
        f"background: {background}; color: {colour}; border-radius: 9px; "
        "padding: 2px 10px; font-weight: 600;"
    )


def long_date(day: dt.date | str | None) -> str:
    """ "25 March 2022" (the form the journal uses); empty for no date."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date | None) -> str:
    """ "25 Mar 2022": for narrow table columns."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


def date_edit(parent: QWidget, day: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar, showing "25 March 2022"."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMMM yyyy")
    edit.setMinimumWidth(170)
    edit.setDate(QDate(day or dt.date.today()))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    value = edit.date().toPython()
    assert isinstance(value, dt.date)
    return value


class FormDialog(QDialog):
    """A small form whose OK button runs ``submit`` (one call to the core). A DeskError keeps
    the dialog open with its message in words under the form; success closes it.

    Opened with ``open()`` (window-modal, not blocking), so the caller connects ``accepted``.
    """

    def __init__(self, title: str, parent: QWidget | None = None, *, ok_text: str = "OK") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        column.setSpacing(10)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(css("color: #33414f;"))
        self.intro.hide()
        column.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(self.form)
        self.message = FieldMessage(self)
        column.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(ok, QPushButton)
        ok.setText(ok_text)
        self.ok_button = ok
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def submit(self) -> None:
        """Do the work; raise DeskError to keep the dialog open with the reason."""
        raise NotImplementedError

    def _on_ok(self) -> None:
        self.message.clear_message()
        try:
            self.submit()
        except DeskError as exc:
            self.message.show_message(exc.message)
            return
        self.accept()
