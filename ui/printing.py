"""Print, print preview, save as Word or PDF, open in a word processor, meeting packets: the
window's document actions, and the preview panes they work from."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSize, QSizeF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QAbstractItemView, QDialog, QFileDialog, QWidget
from sqlalchemy.engine import Engine

from sistercity_desk import db, paths
from sistercity_desk.errors import DeskError

from . import dialogs
from .editors.base import RecordEditor
from .failures import show_unexpected_failure
from .icons import icon
from .models.base import RECORD_ID_ROLE
from .preview import PreviewPane
from .tasks import Cancelled, TaskContext
from .window_state import window_settings

if TYPE_CHECKING:
    from sistercity_desk.documents.printing import Rendered

    from .packet import PacketMaker

#: 300 dpi is plenty for paper; a page at the printer's 1200 dpi would take ~140 MB.
MAX_PRINT_DPI = 300

#: The documents each area previews: (label, kind) pairs, the first shown by default.
PREVIEWS: dict[str, tuple[tuple[str, str], ...]] = {
    "motions": (("Motion", "motion"), ("Vote sheet", "vote-sheet")),
    "agreements": (("Agreement", "agreement"),),
}

#: Shares of an area's width: list, editor, preview.
PANE_SHARES = {"motions": (0.26, 0.37, 0.37), "agreements": (0.2, 0.4, 0.4)}

FORMATS = {
    "docx": ("Word", "Word documents (*.docx)"),
    "pdf": ("PDF", "PDF documents (*.pdf)"),
}


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint a PDF's pages onto a printer (or a print preview), one page at a time, each
    rendered at the printer's resolution up to 300 dpi and fitted to the paper. Honours a
    page range chosen in the print dialog. Returns the number of pages painted."""
    count = document.pageCount()
    if count <= 0:
        raise DeskError("There is nothing to print: the document has no pages.")
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = printer.fromPage() - 1
        last = min(count, printer.toPage() or count) - 1
        if first > last:
            raise DeskError(
                f"The pages chosen ({printer.fromPage()}–{printer.toPage()}) are not in the "
                f"document, which has {count} page{'s' if count != 1 else ''}."
            )
    # The PDF's pages carry their own margins: paint on the whole sheet.
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise DeskError(
            "The printer could not be started. Check that it is switched on and connected, "
            "or print to a PDF file instead."
        )
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, page in enumerate(range(first, last + 1)):
            if n and not printer.newPage():
                raise DeskError(f"The printer stopped taking pages after page {page}.")
            points = document.pagePointSize(page)
            size = QSize(
                max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))
            )
            image = document.render(page, size)
            sheet = painter.viewport()
            fitted = image.size().scaled(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                sheet.x() + (sheet.width() - fitted.width()) // 2,
                sheet.y() + (sheet.height() - fitted.height()) // 2,
                fitted.width(),
                fitted.height(),
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return last - first + 1


def match_paper(printer: QPrinter, document: QPdfDocument) -> None:
    """Offer the document's own paper size (Letter for the shipped templates) by default."""
    if document.pageCount() <= 0:
        return
    points = document.pagePointSize(0)
    size = QPageSize(QSizeF(points.width(), points.height()), QPageSize.Unit.Point)
    orientation = (
        QPageLayout.Orientation.Landscape
        if points.width() > points.height()
        else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(size)
    printer.setPageOrientation(orientation)


def destination_of(printer: QPrinter) -> str:
    """Where a print went, as recorded: the PDF file printed to, or the printer's name."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return str(Path(printer.outputFileName()).resolve())
    return f"printer: {printer.printerName() or 'default'}"


def _sha256(path: Path) -> str:
    # Imported here: the document libraries load on the first print, not at start-up.
    from sistercity_desk.documents.render import sha256_file

    return sha256_file(path)


def load_pdf(path: Path, parent: QObject) -> QPdfDocument:
    document = QPdfDocument(parent)
    if document.load(str(path)) != QPdfDocument.Error.None_:
        document.deleteLater()
        raise DeskError(f"The PDF {path.name} could not be opened for printing.")
    return document


class DocumentTools(QObject):
    """The document actions of the main window and the preview panes beside its editors.

    Modal questions go through ``ask_print``, ``run_print_preview``, ``ask_save_path``,
    ``ask_packet`` and ``open_url``, so tests can answer them.
    """

    #: A print was recorded: where it went.
    printed = Signal(str)
    #: A document was saved: its path.
    exported = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = window.tasks  # type: ignore[attr-defined]
        self.panes: dict[str, PreviewPane] = {}
        self._folder = tempfile.TemporaryDirectory(
            prefix="sistercity-print-", ignore_cleanup_errors=True
        )
        self._numbers = itertools.count(1)
        #: The last saved PDF's accessibility warning ("" when it passed the check).
        self.accessibility_warning = ""
        for key, documents in PREVIEWS.items():
            area = window.areas.get(key)  # type: ignore[attr-defined]
            if area is None or not isinstance(area.editor, RecordEditor):
                continue
            pane = PreviewPane(area.editor, self.tasks, documents)
            area.add_pane(pane)
            shares = PANE_SHARES[key]
            area.splitter.setSizes([int(share * 1000) for share in shares])
            self.panes[key] = pane
        motions = window.areas.get("motions")  # type: ignore[attr-defined]
        if motions is not None:
            # Several motions can be picked for a meeting packet.
            motions.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._packets: PacketMaker | None = None
        self._build_actions()
        window.area_stack.currentChanged.connect(self._update_actions)  # type: ignore[attr-defined]
        self._update_actions()
        folders = [self._folder, *(pane._folder for pane in self.panes.values())]
        window.destroyed.connect(lambda *_a, f=folders: [d.cleanup() for d in f])

    @property
    def packets(self) -> PacketMaker:
        """Makes meeting packets (its module, and the document libraries, load on first use)."""
        if self._packets is None:
            from .packet import PacketMaker

            self._packets = PacketMaker(self)
        return self._packets

    # ------------------------------------------------------------------ actions

    def _action(
        self,
        text: str,
        handler: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: handler())
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.print_action = self._action("&Print…", self.print_document, key.Print, "print")
        self.print_preview_action = self._action(
            "Print pre&view…", self.print_preview, "Ctrl+Shift+P", "preview"
        )
        self.save_docx_action = self._action(
            "Save as &Word (.docx)…", lambda: self.save_as("docx"), None, "word"
        )
        self.save_pdf_action = self._action(
            "Save as P&DF…", lambda: self.save_as("pdf"), "Ctrl+Shift+E", "save"
        )
        self.open_word_action = self._action(
            "&Open in word processor", self.open_in_word_processor, "Ctrl+Shift+O"
        )
        self.packet_action = self._action(
            "Meeting &packet…", self.make_packet, "Ctrl+Shift+K", "packet"
        )
        # Follows its checked state however it is set (the menu, F9, the saved window state).
        self.preview_toggle = QAction("Document &preview", self.window)
        self.preview_toggle.setShortcut(QKeySequence("F9"))
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.setChecked(True)
        self.preview_toggle.toggled.connect(lambda _on: self._on_preview_toggled())

        file_menu = self.window.menu("file")  # type: ignore[attr-defined]
        quit_action = self.window.quit_action  # type: ignore[attr-defined]
        file_menu.insertActions(
            quit_action,
            [
                self.print_action,
                self.print_preview_action,
                self.save_docx_action,
                self.save_pdf_action,
                self.open_word_action,
            ],
        )
        file_menu.insertSeparator(quit_action)
        file_menu.insertAction(quit_action, self.packet_action)
        file_menu.insertSeparator(quit_action)
        view_menu = self.window.menu("view")  # type: ignore[attr-defined]
        refresh = self.window.refresh_action  # type: ignore[attr-defined]
        view_menu.insertAction(refresh, self.preview_toggle)

    def _record_actions(self) -> list[QAction]:
        return [
            self.print_action,
            self.print_preview_action,
            self.save_docx_action,
            self.save_pdf_action,
            self.open_word_action,
        ]

    def _update_actions(self, *_args: object) -> None:
        has_pane = self.current_pane() is not None
        for action in self._record_actions():
            action.setEnabled(has_pane)

    def _on_preview_toggled(self) -> None:
        for pane in self.panes.values():
            pane.setVisible(self.preview_toggle.isChecked())

    # ------------------------------------------------------------------ where we are

    def current_pane(self) -> PreviewPane | None:
        # The area on screen (the window's own "current area" is set a moment later).
        area = self.window.area_stack.currentWidget()  # type: ignore[attr-defined]
        return self.panes.get(getattr(area, "KEY", ""))

    def pane(self, key: str) -> PreviewPane:
        return self.panes[key]

    def _ready(self) -> tuple[PreviewPane, str, int] | None:
        """The current pane and its (saved) record, or None with the reason shown."""
        pane = self.current_pane()
        area = self.window.area_stack.currentWidget()  # type: ignore[attr-defined]
        if pane is None or area is None:
            self._status("Open a motion or an agreement first.")
            return None
        if not area.flush():
            return None
        target = pane.target()
        if target is None:
            noun = pane.editor.NOUN
            self._status(f"Select a {noun} first (a new {noun} must be saved before printing).")
            return None
        return pane, target[0], target[1]

    def _status(self, text: str, msecs: int = 8000) -> None:
        self.window.statusBar().showMessage(text, msecs)  # type: ignore[attr-defined]

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def show(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                return
            if isinstance(exc, DeskError):
                dialogs.show_error(self.window, title, exc.message)
            else:
                show_unexpected_failure(self.window, f"{title}: {exc}", exc)

        return show

    def _with_rendered(self, pane: PreviewPane, then: Callable[[Rendered], None]) -> None:
        """Hand ``then`` the PDF of the pane's document for printing: the working draft is
        frozen as a revision first (the preview's copy is never printed: its footer names
        no revision), and the copy is made from that revision."""
        target = pane.target()
        if target is None:
            return
        kind, record_id = target
        folder = Path(self._folder.name) / str(next(self._numbers))

        def make(ctx: TaskContext) -> Rendered:
            from sistercity_desk.documents.printing import render_for_print

            assert ctx.session is not None
            return render_for_print(ctx.session, kind, record_id, folder)

        self._status(f"Preparing the {pane.document_label()}…", 0)
        self.tasks.submit(
            make,
            on_success=lambda rendered: self._rendered_for(rendered, then),
            on_failure=self._failed("The document could not be made"),
            description="Document for printing",
        )

    def _rendered_for(self, rendered: Rendered, then: Callable[[Rendered], None]) -> None:
        self._status("")
        then(rendered)

    # ------------------------------------------------------------------ modal questions

    def ask_print(self, printer: QPrinter) -> bool:
        """The print dialog: True when the person chose to print."""
        dialog = QPrintDialog(printer, self.window)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def run_print_preview(self, dialog: QPrintPreviewDialog) -> bool:
        """Show the print preview; True when the person printed from it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask_save_path(self, title: str, suggested: Path, fmt: str) -> Path | None:
        """Where to save a file (the suggested name in the last folder used)."""
        dialog = QFileDialog(self.window, title, str(suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(FORMATS[fmt][1])
        dialog.setDefaultSuffix(fmt)
        dialog.selectFile(suggested.name)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def ask_packet(self, selected: list[int]) -> object:
        """The packet dialog: a PacketChoice, or None when the person cancelled."""
        from .packet import PacketDialog

        dialog = PacketDialog(self.engine(), selected, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)

    # ------------------------------------------------------------------ printing

    def print_document(self) -> None:
        """Ctrl+P: print the document shown in the preview (as saved now)."""
        ready = self._ready()
        if ready is not None:
            self._with_rendered(ready[0], self._print_rendered)

    def print_preview(self) -> None:
        ready = self._ready()
        if ready is not None:
            self._with_rendered(ready[0], self._preview_rendered)

    def _record(self, rendered: Rendered) -> Callable[[str, str], None]:
        def record(destination: str, digest: str) -> None:
            def store(ctx: TaskContext) -> int:
                from sistercity_desk.documents.printing import record_print

                assert ctx.session is not None
                record_print(ctx.session, rendered, destination=destination, sha256=digest)
                return rendered.revision_number

            self.tasks.submit(
                store,
                on_success=lambda _number: self.printed.emit(destination),
                on_failure=self._failed("The print was not recorded"),
                description="Record a print",
            )

        return record

    def _print_rendered(self, rendered: Rendered) -> None:
        assert rendered.pdf is not None
        self.print_pdf(rendered.pdf, rendered.name, self._record(rendered))

    def _preview_rendered(self, rendered: Rendered) -> None:
        assert rendered.pdf is not None
        self.print_preview_pdf(rendered.pdf, rendered.name, self._record(rendered))

    def print_pdf(self, pdf: Path, name: str, record: Callable[[str, str], None]) -> bool:
        """Ask where to print, paint the PDF there, then ``record(destination, sha256)``."""
        try:
            document = load_pdf(pdf, self)
        except DeskError as exc:
            dialogs.show_error(self.window, "Cannot print", exc.message)
            return False
        try:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(name)
            printer.setCreator("SisterCity Desk")
            match_paper(printer, document)
            if not self.ask_print(printer):
                return False
            try:
                pages = paint_pdf(document, printer)
            except DeskError as exc:
                dialogs.show_error(self.window, "Cannot print", exc.message)
                return False
        finally:
            document.close()
            document.deleteLater()
        destination = destination_of(printer)
        record(destination, _sha256(pdf))
        self._status(f"Printed {pages} page{'s' if pages != 1 else ''} of {name} ({destination}).")
        return True

    def make_print_preview(
        self, pdf: Path, name: str
    ) -> tuple[QPrintPreviewDialog, QPrinter, QPdfDocument]:
        """A print preview dialog painting ``pdf`` with ``paint_pdf`` (not shown yet)."""
        document = load_pdf(pdf, self)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(name)
        match_paper(printer, document)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Print preview — {name}")
        dialog.resize(900, 860)

        def paint(target: QPrinter) -> None:
            try:
                paint_pdf(document, target)
            except DeskError as exc:
                dialogs.show_error(dialog, "Cannot print", exc.message)

        dialog.paintRequested.connect(paint)
        dialog.destroyed.connect(lambda *_a: document.deleteLater())
        return dialog, printer, document

    def print_preview_pdf(self, pdf: Path, name: str, record: Callable[[str, str], None]) -> bool:
        try:
            dialog, printer, _document = self.make_print_preview(pdf, name)
        except DeskError as exc:
            dialogs.show_error(self.window, "Cannot preview", exc.message)
            return False
        try:
            printed = self.run_print_preview(dialog)
        finally:
            dialog.deleteLater()
        if printed:
            destination = destination_of(printer)
            record(destination, _sha256(pdf))
            self._status(f"Printed {name} ({destination}).")
        return printed

    # ------------------------------------------------------------------ saving

    def engine(self) -> Engine:
        pane = next(iter(self.panes.values()), None)
        if pane is not None:
            return pane.editor.engine
        return self.window._engine  # type: ignore[attr-defined]

    def export_folder(self) -> Path:
        saved = window_settings().value("documents/folder")
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _remember_folder(self, folder: Path) -> None:
        settings = window_settings()
        settings.setValue("documents/folder", str(folder))
        settings.sync()

    def save_as(self, fmt: str) -> None:
        """Save the previewed document as Word or PDF where the person chooses; the file,
        its revision, template and hash are recorded."""
        ready = self._ready()
        if ready is None:
            return
        pane, kind, record_id = ready
        from sistercity_desk.documents import render

        with db.session_scope(pane.editor.engine) as session:
            name = render.default_name(session, kind, record_id)
        label = FORMATS[fmt][0]
        path = self.ask_save_path(
            f"Save the {pane.document_label()} as {label}",
            self.export_folder() / f"{name}.{fmt}",
            fmt,
        )
        if path is None:
            return
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        self._remember_folder(path.parent)

        def make(ctx: TaskContext) -> tuple[str, list[str]]:
            from sistercity_desk.documents.accessibility import warnings_for

            assert ctx.session is not None
            # The save dialog already asked before replacing an existing file.
            row = render.produce(ctx.session, kind, record_id, path, fmt=fmt, overwrite=True)
            return row.path, (warnings_for(Path(row.path)) if fmt == "pdf" else [])

        self._status(f"Saving {path.name}…", 0)
        self.tasks.submit(
            make,
            on_success=self._on_saved_checked,
            on_failure=self._failed(f"The {label} document was not saved"),
            description=f"Save as {label}",
        )

    def _on_saved(self, path: str) -> None:
        self._status(f"Saved {path}")
        self.exported.emit(path)

    def _on_saved_checked(self, result: tuple[str, list[str]]) -> None:
        """Saved; a PDF that fails the accessibility check says so (docs/accessibility.md)."""
        path, problems = result
        self._on_saved(path)
        self.accessibility_warning = ""
        if problems:
            self.accessibility_warning = (
                f"Saved {path}, but it is not fully accessible: {problems[0]}"
                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
                + " Run 'sistercity check-pdf' on it for the whole list."
            )
            self._status(self.accessibility_warning, 0)

    def open_in_word_processor(self) -> None:
        """Make the .docx of the previewed document and open it in the system's word
        processor. It is kept (and recorded) in the app's documents folder."""
        ready = self._ready()
        if ready is None:
            return
        _pane, kind, record_id = ready
        folder = paths.data_dir() / "documents"

        def make(ctx: TaskContext) -> str:
            from sistercity_desk.documents import render

            assert ctx.session is not None
            name = render.default_name(ctx.session, kind, record_id)
            path = folder / f"{name}.docx"
            # A copy still open in Word is locked: never write over an earlier one.
            for n in itertools.count(2):
                if not path.exists():
                    break
                path = folder / f"{name} ({n}).docx"
            return render.produce(ctx.session, kind, record_id, path, fmt="docx").path

        self.tasks.submit(
            make,
            on_success=self._on_opened,
            on_failure=self._failed("The Word document was not made"),
            description="Open in word processor",
        )

    def _on_opened(self, path: str) -> None:
        self.exported.emit(path)
        if not self.open_url(QUrl.fromLocalFile(path)):
            dialogs.show_error(
                self.window,
                "Cannot open the document",
                f"No program here opens Word documents. The file was saved as {path}; "
                "install a word processor (Microsoft Word or LibreOffice Writer) to open it.",
            )
            return
        self._status(f"Opened {path}")

    # ------------------------------------------------------------------ packets

    def selected_motion_ids(self) -> list[int]:
        """The motions selected in the motion list, in the list's order."""
        area = self.window.areas.get("motions")  # type: ignore[attr-defined]
        if area is None:
            return []
        rows = sorted(area.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(RECORD_ID_ROLE) for i in rows if i.data(RECORD_ID_ROLE) is not None]

    def make_packet(self) -> None:
        """Pick motions (the selection, or a meeting's), choose where the PDF goes, and make
        it in the background; then show it, ready to print."""
        from sistercity_desk.documents.render import safe_filename

        from .packet import PacketChoice

        area = self.window.current_area()  # type: ignore[attr-defined]
        if area is not None and not area.flush():
            return
        choice = self.ask_packet(self.selected_motion_ids())
        if not isinstance(choice, PacketChoice) or not choice.motion_ids:
            return
        path = self.ask_save_path(
            "Save the packet as PDF",
            self.export_folder() / f"{safe_filename(choice.title, max_bytes=100)}.pdf",
            "pdf",
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        self._remember_folder(path.parent)
        self.packets.start(choice.motion_ids, path, choice.title, choice.meeting_date)
