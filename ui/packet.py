"""Meeting packets: pick the motions (the list's selection or a meeting's), make one PDF in
the background with progress and Cancel, then show it ready to print or save."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QDate, QObject, Qt, QUrl, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from sistercity_desk import db, motions
from sistercity_desk.documents import packets, render
from sistercity_desk.documents.context import date_fields, next_meeting, office_profile
from sistercity_desk.documents.printing import (
    check_packet,
    latest_meeting_date,
    motions_for_meeting,
    record_packet_output,
)
from sistercity_desk.errors import DeskError

from . import dialogs
from .failures import show_unexpected_failure
from .icons import icon
from .look import css
from .preview import PdfViewer
from .tasks import Cancelled, TaskContext, TaskHandle, TaskRunner


class DocumentTools(Protocol):
    """What packets use of the window's document tools (ui/printing.py's DocumentTools):
    named here so this module need not import that one, which loads this one on first use."""

    window: QWidget
    tasks: TaskRunner
    printed: SignalInstance
    exported: SignalInstance

    def _status(self, text: str, msecs: int = 8000) -> None: ...

    def _failed(self, title: str) -> Callable[[BaseException], None]: ...

    def ask_save_path(self, title: str, suggested: Path, fmt: str) -> Path | None: ...

    def export_folder(self) -> Path: ...

    def open_url(self, url: QUrl) -> bool: ...

    def print_pdf(self, pdf: Path, name: str, record: Callable[[str, str], None]) -> bool: ...

    def print_preview_pdf(
        self, pdf: Path, name: str, record: Callable[[str, str], None]
    ) -> bool: ...


DEFAULT_TITLE = "Motions for the vote"


@dataclass(frozen=True)
class PacketChoice:
    """What goes into a packet: motions in order, and the cover page's title."""

    motion_ids: list[int]
    title: str
    #: The meeting the cover is dated for (None: the office's next meeting).
    meeting_date: dt.date | None = None


def meeting_title(day: dt.date) -> str:
    return f"Council meeting of {date_fields(day)['text']}"


class PacketDialog(QDialog):
    """Choose the motions of a packet: those selected in the list, or those of a meeting
    (voted or introduced that day). The list below can be unticked and reordered."""

    def __init__(self, engine: Engine, selected: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Meeting packet")
        self.resize(620, 520)
        self._engine = engine
        self._selected = list(selected)
        with db.session_scope(engine) as session:
            last = latest_meeting_date(session)
            upcoming = next_meeting(office_profile(session), dt.date.today())

        self.selection_radio = QRadioButton(
            f"The motions selected in the list ({len(selected)})", self
        )
        self.selection_radio.setEnabled(bool(selected))
        self.meeting_radio = QRadioButton("The motions of the council meeting on", self)
        group = QButtonGroup(self)
        group.addButton(self.selection_radio)
        group.addButton(self.meeting_radio)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("MMMM d, yyyy")
        day = last or dt.date.today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        meeting_row = QHBoxLayout()
        meeting_row.addWidget(self.meeting_radio)
        meeting_row.addWidget(self.date_edit)
        meeting_row.addStretch(1)

        self.items = QListWidget(self)
        self.items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items.setAccessibleName("Motions in the packet")
        self.empty_label = QLabel(self)
        self.empty_label.setStyleSheet(css("color: #5f6b7a;"))
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Cover page title")
        self._title_touched = False
        self.title_edit.textEdited.connect(self._on_title_edited)
        form = QFormLayout()
        form.addRow("Cover page title", self.title_edit)
        # The cover is dated for the meeting it is for: the next one unless chosen.
        self.cover_date_edit = QDateEdit(self)
        self.cover_date_edit.setCalendarPopup(True)
        self.cover_date_edit.setDisplayFormat("MMMM d, yyyy")
        self.cover_date_edit.setAccessibleName("Meeting date on the cover")
        self.cover_date_edit.setDate(QDate(upcoming.year, upcoming.month, upcoming.day))
        form.addRow("Meeting date on the cover", self.cover_date_edit)

        self.buttons = QDialogButtonBox(self)
        self.make_button = QPushButton(icon("packet"), "Make packet…", self)
        self.make_button.setDefault(True)
        self.buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(QLabel("Put these motions in one PDF, each followed by its vote sheet:"))
        column.addWidget(self.selection_radio)
        column.addLayout(meeting_row)
        column.addWidget(self.items, 1)
        column.addWidget(self.empty_label)
        column.addLayout(form)
        column.addWidget(self.buttons)

        self.selection_radio.toggled.connect(self._on_source_changed)
        self.date_edit.dateChanged.connect(self._on_source_changed)
        self.items.itemChanged.connect(self._update_button)
        if selected:
            self.selection_radio.setChecked(True)
        else:
            self.meeting_radio.setChecked(True)
        self._on_source_changed()

    def meeting_day(self) -> dt.date:
        day = self.date_edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def use_meeting(self, day: dt.date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.meeting_radio.setChecked(True)
        self._on_source_changed()

    def choice(self) -> PacketChoice:
        ids = []
        for row in range(self.items.count()):
            item = self.items.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        cover = self.cover_date_edit.date()
        return PacketChoice(
            ids,
            self.title_edit.text().strip() or DEFAULT_TITLE,
            dt.date(cover.year(), cover.month(), cover.day()),
        )

    def _on_title_edited(self, _text: str) -> None:
        self._title_touched = True

    def _on_source_changed(self, *_args: object) -> None:
        with db.session_scope(self._engine) as session:
            if self.selection_radio.isChecked():
                ids = self._selected
                title = DEFAULT_TITLE
            else:
                ids = motions_for_meeting(session, self.meeting_day())
                title = meeting_title(self.meeting_day())
                day = self.meeting_day()
                self.cover_date_edit.setDate(QDate(day.year, day.month, day.day))
            rows = {r.id: r for r in motions.list_motions(session=session, ids=ids, sort="id")}
        self.items.clear()
        for motion_id in ids:
            row = rows.get(motion_id)
            if row is None:
                continue
            text = f"{row.council_file or 'No Council File'} — {row.title or '(untitled)'}"
            item = QListWidgetItem(text, self.items)
            item.setData(Qt.ItemDataRole.UserRole, motion_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        if not self._title_touched:
            self.title_edit.setText(title)
        if self.items.count():
            self.empty_label.setText("Untick a motion to leave it out; drag to change the order.")
        elif self.selection_radio.isChecked():
            self.empty_label.setText("No motion is selected in the list.")
        else:
            self.empty_label.setText(
                "No motion was voted on or introduced that day. Pick another date."
            )
        self._update_button()

    def _update_button(self, *_args: object) -> None:
        self.make_button.setEnabled(bool(self.choice().motion_ids))


def progress_text(done: int, total: int, label: str, items: int) -> str:
    """What the progress dialog says at each step of ``build_packet`` (cover, then a motion
    and its vote sheet per item, then the conversion and the joining)."""
    if label == "Done" or done >= total:
        return "Done."
    if done == 0:
        return f"Rendering the cover page ({items} motion{'s' if items != 1 else ''})…"
    if done <= 2 * items:
        return f"Rendering {(done + 1) // 2} of {items}: {label}…"
    if done == 2 * items + 1:
        return f"Converting {2 * items + 1} documents to PDF with LibreOffice…"
    return "Joining the pages…"


class PacketMaker(QObject):
    """Makes packets on a worker thread, with a progress dialog whose Cancel stops the work
    between steps (no file is left behind), and shows each packet made."""

    #: A packet was made: its path.
    finished = Signal(str)
    #: A packet was not made: the message shown (or the cancellation).
    failed = Signal(str)
    #: Progress as reported: done, total, text shown.
    progressed = Signal(int, int, str)

    def __init__(self, tools: DocumentTools) -> None:
        super().__init__(tools)
        self.tools = tools
        self.progress: QProgressDialog | None = None
        self.handle: TaskHandle | None = None
        self.windows: list[PacketWindow] = []

    def is_running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def start(
        self,
        motion_ids: list[int],
        out: Path,
        title: str,
        meeting_date: dt.date | None = None,
    ) -> TaskHandle | None:
        if self.is_running():
            dialogs.show_error(
                self.tools.window, "A packet is being made", "Wait for it to finish or cancel it."
            )
            return None
        ids = list(motion_ids)
        count = len(ids)
        progress = QProgressDialog(
            f"Checking {count} motion{'s' if count != 1 else ''}…",
            "Cancel",
            0,
            3 + 2 * count,
            self.tools.window,
        )
        progress.setWindowTitle("Making the packet")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(420)
        progress.setValue(0)
        progress.canceled.connect(self.cancel)
        self.progress = progress

        def make(ctx: TaskContext) -> str:
            assert ctx.session is not None
            problems = check_packet(ctx.session, ids)
            if problems:
                raise DeskError(
                    "The packet was not made. Fix these motions, or leave them out:\n"
                    + "\n".join(f"• {p}" for p in problems)
                )
            path = packets.build_packet(
                ctx.session,
                ids,
                out,
                title=title,
                meeting_date=meeting_date,
                # The save dialog already asked before replacing an existing file.
                overwrite=True,
                progress=ctx.progress,
                should_cancel=lambda: ctx.cancelled,
            )
            return str(path)

        self.handle = self.tools.tasks.submit(
            make,
            on_success=self._on_done,
            on_failure=self._on_failed,
            on_progress=lambda done, total, label: self._on_progress(done, total, label, count),
            description="Meeting packet",
        )
        progress.show()
        return self.handle

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling… (stops after the current step)")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _on_progress(self, done: int, total: int, label: str, items: int) -> None:
        text = progress_text(done, total, label, items)
        if self.progress is not None and not (self.handle and self.handle.cancelled):
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))
            self.progress.setLabelText(text)
        self.progressed.emit(done, total, text)

    def _on_done(self, path: str) -> None:
        self.handle = None
        self._close_progress()
        self.tools._status(f"Packet saved: {path}")
        self.finished.emit(path)
        self.show_packet(Path(path))

    def _on_failed(self, exc: BaseException) -> None:
        self.handle = None
        self._close_progress()
        if isinstance(exc, (packets.Cancelled, Cancelled)):
            text = "The packet was cancelled; no file was written."
            self.tools._status(text)
        elif isinstance(exc, DeskError):
            text = exc.message
            dialogs.show_error(self.tools.window, "The packet was not made", text)
        else:
            text = f"The packet was not made: {exc}"
            show_unexpected_failure(self.tools.window, text, exc)
        self.failed.emit(text)

    def show_packet(self, path: Path) -> PacketWindow:
        window = PacketWindow(path, self.tools)
        self.windows.append(window)
        window.destroyed.connect(lambda *_a, w=window: self._forget(w))
        window.show()
        return window

    def _forget(self, window: PacketWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)


class PacketWindow(QDialog):
    """A packet on screen, with Print, Print preview, Save a copy and Open."""

    def __init__(self, path: Path, tools: DocumentTools) -> None:
        super().__init__(tools.window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(f"Packet — {path.name}")
        self.resize(760, 900)
        self.path = path
        self.tools = tools
        self.viewer = PdfViewer(self)
        self.viewer.load(path)
        self.where = QLabel(f"Saved as {path}", self)
        self.where.setStyleSheet(css("color: #5f6b7a;"))
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(icon("print"), "Print…", self)
        self.preview_button = QPushButton(icon("preview"), "Print preview…", self)
        self.copy_button = QPushButton(icon("save"), "Save a copy…", self)
        self.open_button = QPushButton("Open in PDF viewer", self)
        close = QPushButton("Close", self)
        row = QHBoxLayout()
        for button in (self.print_button, self.preview_button, self.copy_button, self.open_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.viewer, 1)
        column.addWidget(self.where)
        column.addLayout(row)
        self.print_button.clicked.connect(self.print_packet)
        self.preview_button.clicked.connect(self.preview_packet)
        self.copy_button.clicked.connect(self.save_copy)
        self.open_button.clicked.connect(self.open_packet)
        close.clicked.connect(self.close)

    def _record(self, fmt: str) -> Callable[[str, str], None]:
        def record(destination: str, _digest: str) -> None:
            packet = self.path

            def store(ctx: TaskContext) -> int:
                assert ctx.session is not None
                rows = record_packet_output(ctx.session, packet, destination=destination, fmt=fmt)
                return len(rows)

            self.tools.tasks.submit(
                store,
                on_success=lambda _n: (
                    self.tools.printed.emit(destination)
                    if fmt == "print"
                    else self.tools.exported.emit(destination)
                ),
                on_failure=self.tools._failed("The packet's output was not recorded"),
                description="Record a packet",
            )

        return record

    def print_packet(self) -> bool:
        return self.tools.print_pdf(self.path, self.path.stem, self._record("print"))

    def preview_packet(self) -> bool:
        return self.tools.print_preview_pdf(self.path, self.path.stem, self._record("print"))

    def save_copy(self) -> Path | None:
        target = self.tools.ask_save_path(
            "Save a copy of the packet", self.tools.export_folder() / self.path.name, "pdf"
        )
        if target is None or target.resolve() == self.path.resolve():
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        tmp = render.temp_beside(target, ".pdf.tmp")
        try:
            shutil.copyfile(self.path, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            dialogs.show_error(
                self, "The copy was not saved", f"{target} could not be written: {exc}."
            )
            return None
        finally:
            tmp.unlink(missing_ok=True)
        self._record("pdf")(str(target.resolve()), render.sha256_file(target))
        self.where.setText(f"Saved as {self.path}; a copy as {target}")
        return target

    def open_packet(self) -> bool:
        return self.tools.open_url(QUrl.fromLocalFile(str(self.path)))
