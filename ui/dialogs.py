"""Every modal question and message the app asks or shows, in one place.

Widgets call these functions through the module (``dialogs.confirm(...)``), never QMessageBox
directly, so tests can replace them: a modal dialog would block a test forever.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


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


def ask_remove_hidden(parent: QWidget | None, where: str) -> bool:
    """Invisible characters (``where``: which, and in which fields) are about to be saved
    into legal text; True to remove them first, False to keep them as typed."""
    return confirm(
        parent,
        "Invisible characters",
        f"The text holds characters that print as nothing but change the printed text: "
        f"{where}.\n\nRemove them before saving?",
        action="Remove them",
    )


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


def ask_conflict(
    parent: QWidget | None,
    text: str,
    compare_html: Callable[[], str] | None = None,
) -> ConflictChoice:
    """Someone else saved the record meanwhile: reload theirs, or keep mine on top of it.
    With ``compare_html`` the person can first see what differs."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else", text, parent=parent)
    keep_text = (
        "Keep mine: save your version; theirs stays in the history, nothing is lost."
        if compare_html is not None
        else "Keep mine: save your version on top of theirs."
    )
    box.setInformativeText(
        f"Reload theirs: show their version and drop your unsaved edits.\n{keep_text}"
    )
    reload_button = box.addButton("Reload theirs", QMessageBox.ButtonRole.RejectRole)
    keep_button = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
    compare_button = (
        box.addButton("Compare…", QMessageBox.ButtonRole.HelpRole)
        if compare_html is not None
        else None
    )
    box.setDefaultButton(reload_button)
    box.exec()
    clicked = box.clickedButton()
    if compare_button is not None and clicked is compare_button and compare_html is not None:
        return show_conflict_comparison(parent, compare_html())
    if clicked is keep_button:
        return ConflictChoice.KEEP_MINE
    return ConflictChoice.RELOAD


def show_conflict_comparison(parent: QWidget | None, html: str) -> ConflictChoice:
    """Their saved version against my unsaved edits, then the same two choices."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Their version and yours")
    dialog.resize(760, 560)
    layout = QVBoxLayout(dialog)
    browser = QTextBrowser(dialog)
    browser.setHtml(html)
    layout.addWidget(browser)
    buttons = QDialogButtonBox(dialog)
    reload_button = buttons.addButton("Reload theirs", QDialogButtonBox.ButtonRole.RejectRole)
    keep_button = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
    reload_button.clicked.connect(dialog.reject)
    keep_button.clicked.connect(dialog.accept)
    layout.addWidget(buttons)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return ConflictChoice.KEEP_MINE
    return ConflictChoice.RELOAD


def about(parent: QWidget | None, title: str, html: str) -> None:
    QMessageBox.about(parent, title, html)
