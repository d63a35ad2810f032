"""The history panel: a record's revisions, each opened read-only, restored, or compared word
by word with another revision or with the working draft."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import compare, db, revisions, version_labels
from sistercity_desk.errors import DeskError

from . import dialogs
from .look import signal
from .tasks import TaskRunner

#: How inserted and deleted words look (colour and a line, so they read without colour too);
#: the colours are the palette's ("good" and "error": lighter on a dark one).
INSERT_STYLE = "color:{good}; text-decoration: underline;"
DELETE_STYLE = "color:{error}; text-decoration: line-through;"

COLUMNS = ("No.", "Saved", "Author", "Reason", "Fingerprint", "Label")


@dataclass(frozen=True)
class RevisionRow:
    """One line of the history: plain values, read once from the database."""

    number: int
    saved: str
    author: str
    reason: str
    fingerprint: str
    label: str = ""


def _segments_html(block: compare.Block) -> str:
    inserted = INSERT_STYLE.format(good=signal("good"))
    deleted = DELETE_STYLE.format(error=signal("error"))
    out = []
    for seg in block.segments:
        text = html.escape(seg.text).replace("\n", "<br>")
        if seg.op == "insert":
            out.append(f'<span class="ins" style="{inserted}">{text}</span>')
        elif seg.op == "delete":
            out.append(f'<span class="del" style="{deleted}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def comparison_html(comparison: compare.Comparison, *, marks: bool = True) -> str:
    """A comparison as HTML for a QTextBrowser: each field or clause under its label,
    inserted words underlined green, deleted words struck through red. With ``marks``
    False (a revision compared with itself) it is simply the revision, read-only."""
    parts = []
    if marks:
        title = (
            f"{html.escape(comparison.old_label)} → {html.escape(comparison.new_label)}"
            if comparison.changed
            else f"{html.escape(comparison.old_label)} and "
            f"{html.escape(comparison.new_label.lower())} are the same"
        )
    else:
        title = html.escape(comparison.new_label)
    parts.append(f"<h3>{title}</h3>")
    for block in comparison.blocks:
        if not (block.old_text.strip() or block.new_text.strip()):
            continue
        label = html.escape(block.label)
        if marks and block.op != "equal":
            label = f"{label} <i>({block.op})</i>"
        parts.append(
            f'<p><span style="color:#555; font-size:small;">{label}</span><br>'
            f"{_segments_html(block)}</p>"
        )
    return "\n".join(parts)


def _time(value: object) -> str:
    import datetime as dt

    if not isinstance(value, dt.datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def read_history(
    session: Session, kind: str, record_id: int
) -> tuple[list[RevisionRow], bool, str]:
    """A record's revisions, newest first; whether the working draft has changes not saved
    as one; and, when the record itself cannot be read (deleted since), why (plain data:
    safe on a worker thread)."""
    found = revisions.list_revisions(session=session, kind=kind, record_id=record_id)
    rows = [
        RevisionRow(r.number, _time(r.created_at), r.author, r.reason, r.fingerprint, r.label)
        for r in reversed(found)
    ]
    try:
        return rows, revisions.is_unsaved(session=session, kind=kind, record_id=record_id), ""
    except DeskError as exc:
        return rows, False, exc.message


class HistoryPanel(QWidget):
    """The revisions of one motion or agreement.

    ``set_record(kind, id)`` shows another record (None, None: nothing). ``restored`` is
    emitted with (kind, id) of the record that now holds the restored text: the same record,
    or a new draft when the original is adopted or signed; the editor should reload it.
    ``saved`` is emitted with the revision number after "Save version".
    """

    restored = Signal(str, int)
    saved = Signal(int)

    def __init__(
        self,
        engine: Engine,
        kind: str | None = None,
        record_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._kind: str | None = None
        self._record_id: int | None = None
        self._rows: list[RevisionRow] = []
        #: Bumped by each answer shown: a background read older than it is dropped.
        self._generation = 0
        #: Called before a restore (the window saves the editor's pending edits there, so
        #: they are kept as a revision too); False stops the restore.
        self.before_restore: Callable[[], bool] | None = None

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_double_clicked)

        self.save_button = QPushButton("Save version", self)
        self.open_button = QPushButton("Open", self)
        self.restore_button = QPushButton("Restore…", self)
        self.compare_button = QPushButton("Compare", self)
        self.label_button = QPushButton("&Label…", self)
        self.label_button.setToolTip(
            "Name the selected version (\u201csent to the Clerk\u201d); the content stays as saved"
        )
        self.label_button.clicked.connect(self.label_selected)
        self.save_button.setToolTip("Freeze the working draft as a new numbered revision (Ctrl+S)")
        self.open_button.setToolTip("Show the selected revision, read-only")
        self.restore_button.setToolTip("Make the selected revision the working draft again")
        self.compare_button.setToolTip(
            "Compare two selected revisions, or one selected revision with the working draft"
        )
        self.save_button.clicked.connect(self.save_version)
        self.open_button.clicked.connect(self.open_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.compare_button.clicked.connect(self.compare_selected)

        #: Ctrl+S while the panel (or a child) has focus; the main window may add it to a menu.
        self.save_action = QAction("Save version", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save_version)
        self.addAction(self.save_action)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)

        buttons = QHBoxLayout()
        for button in (
            self.save_button,
            self.open_button,
            self.compare_button,
            self.restore_button,
            self.label_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.set_record(kind, record_id)

    # ------------------------------------------------------------------ public

    @property
    def kind(self) -> str | None:
        return self._kind

    @property
    def record_id(self) -> int | None:
        return self._record_id

    def rows(self) -> list[RevisionRow]:
        return list(self._rows)

    def set_record(
        self,
        kind: str | None,
        record_id: int | None,
        tasks: TaskRunner | None = None,
        *,
        read: bool = True,
    ) -> None:
        """Shows the history of another record (or of none); with ``tasks`` its revisions
        are read on a worker thread. ``read`` False: only remember the record (the panel
        is hidden; ``refresh`` when it shows)."""
        self._kind, self._record_id = kind, record_id
        self.browser.clear()
        if not read:
            self._show_rows([], False, "")
        elif tasks is None:
            self.refresh()
        else:
            self.refresh_in_background(tasks)

    def refresh(self) -> None:
        """Reads the revisions again (after a save elsewhere, say)."""
        rows: list[RevisionRow] = []
        unsaved = False
        problem = ""
        if self._kind is not None and self._record_id is not None:
            try:
                with db.session_scope(self._engine) as session:
                    rows, unsaved, problem = read_history(session, self._kind, self._record_id)
            except DeskError as exc:
                problem = exc.message
        self._show_rows(rows, unsaved, problem)

    def refresh_in_background(self, tasks: TaskRunner) -> None:
        """``refresh`` with the revisions read on a worker thread; an older answer (the
        person moved to another record meanwhile) is dropped."""
        self._generation += 1
        generation, kind, record_id = self._generation, self._kind, self._record_id
        if kind is None or record_id is None:
            self._show_rows([], False, "")
            return

        def shown(result: tuple[list[RevisionRow], bool, str]) -> None:
            if generation == self._generation:
                self._show_rows(*result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and isinstance(exc, DeskError):
                self._show_rows([], False, exc.message)

        tasks.submit(
            lambda ctx: read_history(ctx.session, kind, record_id),
            on_success=shown,
            on_failure=failed,
            description=f"Reading the history of {kind} {record_id}",
        )

    def _show_rows(self, rows: list[RevisionRow], unsaved: bool, problem: str) -> None:
        self._generation += 1  # an answer still on its way is older than this
        self._rows = rows
        self._fill()
        if problem:
            self._show_status(problem)
        elif self._kind is None:
            self._show_status("")
        elif not self._rows:
            self._show_status("No saved revisions yet: “Save version” keeps the draft as it is.")
        elif unsaved:
            self._show_status("The working draft has changes not saved as a revision.")
        else:
            self._show_status(f"The working draft is revision {self._rows[0].number}.")
        self._on_selection_changed()

    def select_numbers(self, *numbers: int) -> None:
        """Selects the rows of these revision numbers (tests and callers use it)."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, item in enumerate(self._rows):
            if item.number in numbers:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def selected_numbers(self) -> list[int]:
        """The selected revision numbers, oldest first."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return sorted(self._rows[r].number for r in rows if r < len(self._rows))

    # ------------------------------------------------------------------ actions

    @Slot()
    def save_version(self) -> None:
        if self._kind is None or self._record_id is None:
            return
        kind, record_id = self._kind, self._record_id
        try:
            with db.session_scope(self._engine) as session:
                before = revisions.latest_revision(session, kind, record_id)
                revision = revisions.save_version(session=session, kind=kind, record_id=record_id)
                number = revision.number
                new = before is None or before.number != number
        except DeskError as exc:
            dialogs.show_error(self, "Save version", str(exc))
            return
        self.refresh()
        self._show_status(
            f"Saved as revision {number}."
            if new
            else f"Nothing changed since revision {number}; no new revision."
        )
        self.saved.emit(number)

    def ask_label(self, number: int, current: str) -> str | None:
        """The label the person types for revision ``number`` (None: cancelled). A method so
        tests can answer it; a modal dialog would block them."""
        text, ok = QInputDialog.getText(
            self, "Label this version", f"Label for revision {number}:", text=current
        )
        return text if ok else None

    @Slot()
    def label_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1 or self._kind is None or self._record_id is None:
            self._show_status("Select one revision to label.")
            return
        number = numbers[0]
        current = next((r.label for r in self._rows if r.number == number), "")
        label = self.ask_label(number, current)
        if label is None:
            return
        try:
            with db.session_scope(self._engine) as session:
                version_labels.set_label(
                    session=session,
                    kind=self._kind,
                    record_id=self._record_id,
                    number=number,
                    label=label,
                )
        except DeskError as exc:
            self._show_status(exc.message)
            return
        self.refresh()
        self.select_numbers(number)
        self._show_status(
            f"Revision {number} is labelled “{label.strip()}”."
            if label.strip()
            else f"Revision {number} has no label now."
        )

    @Slot()
    def open_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1 or self._kind is None or self._record_id is None:
            self._show_status("Select one revision to open.")
            return
        self._show(numbers[0], numbers[0], marks=False)

    @Slot()
    def compare_selected(self) -> None:
        """Two selected revisions: the older against the newer. One: it against the draft."""
        numbers = self.selected_numbers()
        if self._kind is None or self._record_id is None or len(numbers) not in (1, 2):
            self._show_status(
                "Select two revisions to compare, or one to compare with the working draft."
            )
            return
        new: compare.Side = numbers[1] if len(numbers) == 2 else compare.DRAFT
        self._show(numbers[0], new, marks=True)

    @Slot()
    def restore_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1 or self._kind is None or self._record_id is None:
            self._show_status("Select one revision to restore.")
            return
        number, kind, record_id = numbers[0], self._kind, self._record_id
        if self.before_restore is not None and not self.before_restore():
            self._show_status("The unsaved edits could not be saved; nothing was restored.")
            return
        if not dialogs.confirm(
            self,
            "Restore revision",
            f"Make revision {number} the working draft again? The draft as it is now is "
            "kept as a revision first, so nothing is lost. An adopted motion or a signed "
            "agreement is not changed: the revision becomes a new draft instead.",
            action="Restore",
        ):
            return
        try:
            with db.session_scope(self._engine) as session:
                result = revisions.restore_version(
                    session=session, kind=kind, record_id=record_id, number=number
                )
                message = result.message
                target = (result.revision.record_kind, result.revision.record_id)
        except DeskError as exc:
            dialogs.show_error(self, "Restore revision", str(exc))
            return
        if target != (kind, record_id):
            self.set_record(*target)
        else:
            self.refresh()
        self._show_status(message)
        self.restored.emit(*target)

    # ------------------------------------------------------------------ internals

    def _show(self, old: int, new: compare.Side, *, marks: bool) -> None:
        assert self._kind is not None and self._record_id is not None
        try:
            with db.session_scope(self._engine) as session:
                comparison = compare.compare(
                    session=session,
                    kind=self._kind,
                    record_id=self._record_id,
                    old=old,
                    new=new,
                )
        except DeskError as exc:
            dialogs.show_error(self, "History", str(exc))
            return
        self.browser.setHtml(comparison_html(comparison, marks=marks))

    def _fill(self) -> None:
        self.table.setRowCount(len(self._rows))
        for row, item in enumerate(self._rows):
            values = (
                str(item.number),
                item.saved,
                item.author,
                item.reason,
                item.fingerprint[:8],
                item.label,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 4:
                    cell.setToolTip(item.fingerprint)
                self.table.setItem(row, column, cell)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    @Slot()
    def _on_selection_changed(self) -> None:
        count = len(self.selected_numbers())
        has_record = self._kind is not None and self._record_id is not None
        self.save_button.setEnabled(has_record)
        self.save_action.setEnabled(has_record)
        self.open_button.setEnabled(count == 1)
        self.restore_button.setEnabled(count == 1)
        self.compare_button.setEnabled(count in (1, 2))
        self.label_button.setEnabled(count == 1)

    @Slot(QTableWidgetItem)
    def _on_double_clicked(self, _item: QTableWidgetItem) -> None:
        self.open_selected()
