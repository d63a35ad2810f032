"""Every modal question and message the app asks or shows, in one place.

Widgets call these functions through the module (``dialogs.confirm(...)``), never QMessageBox
directly, so tests can replace them: a modal dialog would block a test forever.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QMessageBox, QWidget


class ConflictChoice(StrEnum):
    RELOAD = "reload"
    KEEP_MINE = "keep"


def confirm(parent: QWidget | None, title: str, text: str, *, action: str = "OK") -> bool:
    """Ask a yes/no question; True when the person chose ``action``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """Show a problem the person can act on (a DeskError's message)."""
    QMessageBox.warning(parent, title, text)


def show_unexpected(parent: QWidget | None, text: str, log_file: str) -> None:
    """Show an unexpected failure: what happened and where the details were written."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Something went wrong",
        f"{text}\n\nThe app is still running; your saved work is safe. Details were written "
        f"to {log_file}.",
        parent=parent,
    )
    box.exec()


def ask_conflict(parent: QWidget | None, text: str) -> ConflictChoice:
    """Someone else saved the record meanwhile: reload theirs, or keep mine on top of it."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else", text, parent=parent)
    box.setInformativeText(
        "Reload theirs: show their version and drop your unsaved edits.\n"
        "Keep mine: save your version on top of theirs."
    )
    reload_button = box.addButton("Reload theirs", QMessageBox.ButtonRole.RejectRole)
    keep_button = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(reload_button)
    box.exec()
    if box.clickedButton() is keep_button:
        return ConflictChoice.KEEP_MINE
    return ConflictChoice.RELOAD


def about(parent: QWidget | None, title: str, html: str) -> None:
    QMessageBox.about(parent, title, html)
