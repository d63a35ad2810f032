"""Importing past motions from Word files: File > Import Word documents..., or dropping files
on the motion list, opens a review of what each file holds; nothing is stored until Import.

Reading and storing run through ``ui/tasks.py`` (a worker with its own session), so a folder
of a thousand files shows a progress bar, can be cancelled, and the window stays responsive.
Each file is stored in its own transaction: cancelling keeps the files already imported whole.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk.documents import word_store
from sistercity_desk.documents.word_import import Member, Recognised
from sistercity_desk.errors import DeskError

from .tasks import Cancelled, TaskContext, TaskHandle, TaskRunner

#: Names of the paragraph kinds, as the review shows them beside the text.
KIND_LABELS = {
    "heading": "heading",
    "title": "title",
    "recital": "recital",
    "operative": "operative",
    "signature": "signature",
    "name": "name",
    "district": "district",
    "date": "date",
    "cf": "Council File",
    "closing": "closing",
    "other": "not recognised",
    "empty": "",
}


@dataclass
class _Review:
    results: list[Recognised]
    members: list[Member]


@dataclass
class _Outcome:
    imported: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


class _NumberItem(QTableWidgetItem):
    """A cell that sorts by its number (confidence), not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole + 1)
        theirs = other.data(Qt.ItemDataRole.UserRole + 1)
        if isinstance(mine, float) and isinstance(theirs, float):
            return mine < theirs
        return super().__lt__(other)


class WordImportDialog(QDialog):
    """The review of a batch of Word files, and its Import button."""

    #: Motions were stored: their ids.
    imported = Signal(list)

    COLUMNS = ("File", "Kind", "Confidence", "Council File", "Date", "Sponsors", "Outcome")
    COL_FILE, COL_KIND, COL_CONFIDENCE = 0, 1, 2

    def __init__(self, tasks: TaskRunner, paths: Sequence[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import Word documents")
        self.setObjectName("wordImportDialog")
        self.resize(1180, 760)
        self.tasks = tasks
        self.paths = [Path(p) for p in paths]
        self.results: list[Recognised] = []
        self.members: list[Member] = []
        #: The user's picks per file (by index in ``results``): role -> person id.
        self.picks: dict[int, dict[str, int]] = {}
        self.outcome: _Outcome | None = None
        self._task: TaskHandle | None = None
        self._pickers: dict[str, QComboBox] = {}

        self.status = QLabel("Reading the files…")
        self.status.setObjectName("importStatus")
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("importTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.table.setAccessibleName("Files to import")
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.document = QPlainTextEdit()
        self.document.setObjectName("importDocument")
        self.document.setReadOnly(True)
        self.document.setAccessibleName("The document's own text")
        self.record = QTextBrowser()
        self.record.setObjectName("importRecord")
        self.record.setAccessibleName("What was recognised")
        self.people_box = QGroupBox("People to pick")
        self.people_form = QFormLayout(self.people_box)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.record, 1)
        right_layout.addWidget(self.people_box)
        doc_box = QGroupBox("The document")
        QVBoxLayout(doc_box).addWidget(self.document)
        rec_box = QGroupBox("Recognised record")
        QVBoxLayout(rec_box).addWidget(right)
        beside = QSplitter(Qt.Orientation.Horizontal)
        beside.addWidget(doc_box)
        beside.addWidget(rec_box)
        beside.setSizes([560, 600])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(beside)
        split.setSizes([280, 480])

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ reading

    def start_review(self) -> None:
        paths = list(self.paths)

        def work(ctx: TaskContext) -> _Review:
            assert ctx.session is not None
            members = word_store.office_members(ctx.session)
            results = word_store.review(
                ctx.session,
                paths,
                progress=lambda done, total, text: ctx.progress(done, total, text),
                cancelled=lambda: ctx.cancelled,
            )
            return _Review(results, members)

        self._busy(True)
        self._task = self.tasks.submit(
            work,
            on_success=self._reviewed,
            on_failure=self._failed,
            on_progress=self._progressed,
            description="Reading Word files",
        )

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if text:
            self.status.setText(f"{done + 1} of {total}: {text}")

    def _reviewed(self, review: _Review) -> None:
        self._task = None
        self._busy(False)
        self.results, self.members = review.results, review.members
        self.picks = {i: {} for i in range(len(self.results))}
        self._fill_table()
        ready = sum(1 for r in self.results if r.importable)
        self.status.setText(
            f"{len(self.results)} files read: {ready} can be imported. Nothing is stored until "
            "you press Import."
        )
        self.import_button.setEnabled(ready > 0)
        if self.results:
            self.table.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._busy(False)
        if isinstance(exc, Cancelled):
            self.status.setText("Cancelled.")
        else:
            self.status.setText(str(exc) if isinstance(exc, DeskError) else repr(exc))

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy and any(r.importable for r in self.results))

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.status.setText("Cancelling after the current file…")

    # ------------------------------------------------------------------ the review

    def _outcome_text(self, index: int) -> str:
        result = self.results[index]
        reason = word_store.skip_reason(result)
        if reason:
            return reason
        _m, _p, _s, missing = word_store.resolved_people(result, self.picks.get(index, {}))
        if missing:
            return "pick: " + ", ".join(missing)
        return "ready"

    def _fill_table(self) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.results))
        for row, result in enumerate(self.results):
            sponsors = ""
            if result.mover is not None:
                names = [result.mover.printed or "?"] + [s.printed for s in result.seconders]
                sponsors = " - ".join(names)
            date = result.introduced_on or result.adopted_on
            values = [
                result.name,
                result.kind or ("—" if result.error else "not a motion"),
                "",
                result.council_file,
                date.isoformat() if date else "",
                sponsors,
                self._outcome_text(row),
            ]
            for col, value in enumerate(values):
                item = _NumberItem(value) if col == self.COL_CONFIDENCE else QTableWidgetItem(value)
                if col == self.COL_FILE:
                    item.setData(Qt.ItemDataRole.UserRole, row)
                    item.setToolTip(result.path)
                if col == self.COL_CONFIDENCE:
                    item.setText("" if result.error else f"{result.confidence:.2f}")
                    item.setData(Qt.ItemDataRole.UserRole + 1, result.confidence)
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(self.COL_FILE, min(self.table.columnWidth(self.COL_FILE), 300))
        # Long sponsor lists are read in the record pane; the outcome must stay in view.
        sponsors = self.COLUMNS.index("Sponsors")
        self.table.setColumnWidth(sponsors, min(self.table.columnWidth(sponsors), 280))

    def row_of(self, name: str) -> int:
        """The table row showing the file ``name`` (the table can be sorted)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, self.COL_FILE)
            if item is not None and item.text() == name:
                return row
        return -1

    def current_index(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, self.COL_FILE) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_selected(self) -> None:
        index = self.current_index()
        if index is None:
            return
        result = self.results[index]
        lines = []
        for para in result.paragraphs:
            if para.kind == "empty" or not para.text:
                continue
            where = "" if para.where == "body" else f"{para.where}: "
            lines.append(f"[{KIND_LABELS.get(para.kind, para.kind)}] {where}{para.text}")
        self.document.setPlainText("\n\n".join(lines) or result.error or "(no text)")
        self.record.setHtml(self._record_html(result))
        self._fill_pickers(index)

    def _record_html(self, result: Recognised) -> str:
        e = html.escape
        if result.error:
            return f"<p><b>{e(result.name)}</b> cannot be imported: {e(result.error)}.</p>"
        rows = [
            ("Kind", result.kind or "not a motion or resolution"),
            ("Confidence", f"{result.confidence:.2f}"),
            ("Title", result.title),
            ("Council File", result.council_file),
            ("Resolution no.", result.resolution_number),
            ("Introduced", result.introduced_on.isoformat() if result.introduced_on else ""),
            ("Adopted", result.adopted_on.isoformat() if result.adopted_on else ""),
            ("Status", result.status),
        ]
        by_id = {m.id: m.full_name for m in self.members}
        for role, ref in result.people():
            who = by_id.get(ref.person_id, "") if ref.person_id is not None else "to pick"
            rows.append((role.capitalize(), f"{ref.printed or '(not printed)'} → {who}"))
        out = ["<table cellspacing='0' cellpadding='3'>"]
        for key, value in rows:
            if value:
                out.append(f"<tr><td><b>{e(key)}</b></td><td>{e(value)}</td></tr>")
        out.append("</table>")
        if result.clauses:
            out.append("<ol>")
            for kind, text in result.clauses:
                out.append(f"<li><i>{e(kind)}</i>: {e(text)}</li>")
            out.append("</ol>")
        if result.problems:
            out.append("<p><b>Not recognised or doubtful</b></p><ul>")
            out.extend(f"<li>{e(p)}</li>" for p in result.problems)
            out.append("</ul>")
        if result.duplicate_of is not None:
            out.append("<p>This very file was imported before; it is skipped.</p>")
        return "".join(out)

    def _fill_pickers(self, index: int) -> None:
        while self.people_form.rowCount():
            self.people_form.removeRow(0)
        self._pickers = {}
        result = self.results[index]
        unresolved = result.unresolved() if result.importable else []
        self.people_box.setVisible(bool(unresolved))
        chosen = self.picks.get(index, {})
        for role, ref in unresolved:
            combo = QComboBox()
            combo.setObjectName(f"pick-{role}")
            combo.setAccessibleName(f"Who is {role} {ref.printed}")
            combo.addItem("— pick a member —", None)
            candidate_ids = [pid for pid, _n in ref.candidates]
            for pid, name in ref.candidates:
                combo.addItem(f"{name} (matches)", pid)
            for member in sorted(self.members, key=lambda m: m.full_name):
                if member.id not in candidate_ids:
                    combo.addItem(member.full_name, member.id)
            if role in chosen:
                combo.setCurrentIndex(max(0, combo.findData(chosen[role])))
            combo.currentIndexChanged.connect(
                lambda _i, r=role, c=combo, n=index: self.pick(n, r, c.currentData())
            )
            self._pickers[role] = combo
            label = f"{role.capitalize()}: {ref.printed or '(not printed)'}"
            self.people_form.addRow(label, combo)

    def picker(self, role: str) -> QComboBox:
        return self._pickers[role]

    def pick(self, index: int, role: str, person_id: int | None) -> None:
        """The user's choice of who ``role`` of file ``index`` is."""
        picks = self.picks.setdefault(index, {})
        if person_id is None:
            picks.pop(role, None)
        else:
            picks[role] = int(person_id)
        row = next(
            r
            for r in range(self.table.rowCount())
            if self.table.item(r, self.COL_FILE).data(Qt.ItemDataRole.UserRole) == index
        )
        self.table.item(row, len(self.COLUMNS) - 1).setText(self._outcome_text(index))
        self.record.setHtml(self._record_html(self.results[index]))

    # ------------------------------------------------------------------ importing

    def ready_indexes(self) -> list[int]:
        return [i for i in range(len(self.results)) if self._outcome_text(i) == "ready"]

    def start_import(self) -> None:
        chosen = [(self.results[i], dict(self.picks.get(i, {}))) for i in self.ready_indexes()]
        if not chosen:
            self.status.setText("No file is ready: pick the people listed, or close.")
            return

        def work(ctx: TaskContext) -> _Outcome:
            session = ctx.session
            assert session is not None
            outcome = _Outcome()
            for n, (result, picks) in enumerate(chosen):
                if ctx.cancelled:
                    outcome.cancelled = True
                    break
                ctx.progress(n, len(chosen), result.name)
                try:
                    done = word_store.import_reviewed(session, result, picks=picks)
                    # One transaction per file: what is imported stays, whatever follows.
                    session.commit()
                    outcome.imported.append(done.motion_id)
                except DeskError as exc:
                    session.rollback()
                    outcome.skipped.append((result.name, str(exc)))
            ctx.progress(len(chosen), len(chosen), "")
            return outcome

        self._busy(True)
        self.import_button.setEnabled(False)
        self.status.setText(f"Importing {len(chosen)} files…")
        self._task = self.tasks.submit(
            work,
            on_success=self._import_done,
            on_failure=self._failed,
            on_progress=self._progressed,
            description="Importing Word files",
        )

    def _import_done(self, outcome: _Outcome) -> None:
        self._task = None
        self._busy(False)
        self.outcome = outcome
        self.import_button.setEnabled(False)
        done = len(outcome.imported)
        text = f"{done} imported"
        if outcome.skipped:
            text += f", {len(outcome.skipped)} skipped ({outcome.skipped[0][0]}: "
            text += f"{outcome.skipped[0][1]})"
        if outcome.cancelled:
            text += "; cancelled, the rest was not imported"
        self.status.setText(text + ".")
        if outcome.imported:
            self.imported.emit(list(outcome.imported))

    def reject(self) -> None:
        self.cancel()
        super().reject()


def docx_paths(urls: Sequence[Any]) -> list[Path]:
    """The local files and folders of dropped URLs that can hold Word documents."""
    out = []
    for url in urls:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir() or path.suffix.lower() in (".docx", ".docm", ".dotx", ".doc"):
            out.append(path)
    return out


class WordImport(QObject):
    """File > Import Word documents..., and drops of .docx files on the motion list."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: WordImportDialog | None = None
        self.action = QAction("Import &Word documents…", window)
        self.action.setObjectName("importWordAction")
        self.action.triggered.connect(self.choose)
        file_menu = window.menu("file")
        quit_action = window.quit_action
        file_menu.insertAction(quit_action, self.action)
        file_menu.insertSeparator(quit_action)
        area = window.areas.get("motions")
        if area is not None:
            self.view = area.view
            self.view.setAcceptDrops(True)
            self.view.viewport().setAcceptDrops(True)
            self.view.viewport().installEventFilter(self)

    def ask_paths(self) -> list[Path]:
        """The files the person picks (tests replace this: a file dialog is modal)."""
        names, _filter = QFileDialog.getOpenFileNames(
            self.window, "Import Word documents", "", "Word documents (*.docx);;All files (*)"
        )
        return [Path(n) for n in names]

    def choose(self) -> None:
        paths = self.ask_paths()
        if paths:
            self.open(paths)

    def open(self, paths: Sequence[Path]) -> WordImportDialog:
        dialog = WordImportDialog(self.window.tasks, paths, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        self.dialog = dialog
        dialog.show()
        dialog.start_review()
        return dialog

    def _imported(self, ids: list[int]) -> None:
        area = self.window.areas.get("motions")
        if area is not None:
            area.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            drop: QDropEvent = event  # type: ignore[assignment]
            paths = docx_paths(drop.mimeData().urls()) if drop.mimeData().hasUrls() else []
            if not paths:
                return False
            drop.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.open(paths)
            return True
        return super().eventFilter(watched, event)
