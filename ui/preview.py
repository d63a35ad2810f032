"""The document preview: a PDF viewer (pages, zoom, fit width), and the pane beside an editor
that renders the record shown with its template, and its working draft again after each
short pause in typing (nothing is saved for it)."""

from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk.errors import DeskError

from .editors.base import RecordEditor
from .icons import icon
from .look import css
from .tasks import Cancelled, TaskContext, TaskHandle, TaskRunner

if TYPE_CHECKING:
    from sistercity_desk.documents.printing import Rendered

log = logging.getLogger("sistercity_desk.ui")

#: Zoom steps of the + and - buttons.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)

STALE_TEXT = "Stale — updating…"


def _tool(parent: QWidget, icon_name: str, tip: str, shortcut: str | None = None) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(icon(icon_name))
    button.setAutoRaise(True)
    button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
    button.setAccessibleName(tip)
    if shortcut:
        button.setShortcut(QKeySequence(shortcut))
    return button


class PdfViewer(QWidget):
    """A PDF on screen: page navigation, zoom in and out, fit to width. Owns its
    QPdfDocument (QPdfView does not)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a929c; border: none; }")
        self._path: Path | None = None

        bar = QWidget(self)
        bar.setObjectName("pdfBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.previous_button = _tool(bar, "previous", "Previous page")
        self.page_spin = QSpinBox(bar)
        self.page_spin.setAccessibleName("Page")
        self.page_spin.setMinimum(1)
        self.page_spin.setMaximum(1)
        self.page_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_spin.setFixedWidth(44)
        self.pages_label = QLabel(bar)
        self.next_button = _tool(bar, "next", "Next page")
        self.zoom_out_button = _tool(bar, "zoom-out", "Zoom out", "Ctrl+-")
        self.zoom_label = QLabel(bar)
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = _tool(bar, "zoom-in", "Zoom in", "Ctrl+=")
        self.fit_button = _tool(bar, "fit-width", "Fit width", "Ctrl+0")
        self.fit_button.setCheckable(True)
        for widget in (self.previous_button, self.page_spin, self.pages_label, self.next_button):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
            self.fit_button,
        ):
            row.addWidget(widget)
        self.bar = bar

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(bar)
        column.addWidget(self.view, 1)

        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.page_spin.editingFinished.connect(self._on_page_entered)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        # The page last jumped to: near the end of a document the view cannot scroll a late
        # page to its top, so QPdfView names an earlier page; the one jumped to is shown.
        self._jumped_to: int | None = None
        self.view.pageNavigator().currentPageChanged.connect(self._update_controls)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.document.pageCountChanged.connect(self._update_controls)
        self._update_controls()

    # ------------------------------------------------------------------ public API

    def load(self, path: Path) -> None:
        """Show a PDF, staying on the page shown before (a re-render of the same document)."""
        page = self.current_page()
        vertical = self.view.verticalScrollBar().value()
        horizontal = self.view.horizontalScrollBar().value()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise DeskError(f"The PDF {Path(path).name} could not be opened ({error.name}).")
        self._path = Path(path)
        if 0 < page < self.page_count():
            self.go_to_page(page)
        # Same place on the page as before: the person reads on while typing.
        self.view.verticalScrollBar().setValue(vertical)
        self.view.horizontalScrollBar().setValue(horizontal)
        self._update_controls()

    def scroll_position(self) -> tuple[int, int]:
        """(horizontal, vertical) scroll bar values."""
        return self.view.horizontalScrollBar().value(), self.view.verticalScrollBar().value()

    def clear(self) -> None:
        self.document.close()
        self._path = None
        self._update_controls()

    def path(self) -> Path | None:
        return self._path

    def page_count(self) -> int:
        return max(0, self.document.pageCount())

    def current_page(self) -> int:
        """The page shown (0-based)."""
        page = self.view.pageNavigator().currentPage()
        if self._jumped_to is not None and self._jumped_to > page and self._at_scroll_end():
            return min(self._jumped_to, max(self.page_count() - 1, 0))
        return page

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
            self._jumped_to = page
            self._update_controls()

    def _at_scroll_end(self) -> bool:
        bar = self.view.verticalScrollBar()
        return bar.value() >= bar.maximum()

    def _on_scrolled(self, _value: int) -> None:
        if self._jumped_to is not None and not self._at_scroll_end():
            self._jumped_to = None  # scrolled away by hand: the view's own page counts
        self._update_controls()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def zoom(self) -> float:
        """The zoom now (1.0: real size); in fit-width mode, the one fitting the width."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        points = self.document.pagePointSize(max(0, self.current_page()))
        dpi = self.logicalDpiX() or 96
        width = points.width() * dpi / 72 + 2 * self.view.documentMargins().left()
        return max(0.1, self.view.viewport().width() / width) if width > 0 else 1.0

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_controls()

    def zoom_in(self) -> None:
        now = self.zoom()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > now + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        now = self.zoom()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < now - 0.01), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_controls()

    def is_fit_width(self) -> bool:
        return self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    # ------------------------------------------------------------------ handlers

    def _on_page_entered(self) -> None:
        self.go_to_page(self.page_spin.value() - 1)

    def _update_controls(self, *_args: object) -> None:
        count = self.page_count()
        page = self.current_page()
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(max(1, count))
        self.page_spin.setValue(page + 1 if count else 1)
        self.page_spin.blockSignals(False)
        self.page_spin.setEnabled(count > 1)
        self.pages_label.setText(f"of {count}" if count else "")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)
        fit = self.is_fit_width()
        self.fit_button.setChecked(fit)
        self.zoom_label.setText("Fit width" if fit else f"{round(self.view.zoomFactor() * 100)} %")
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(count > 0)


class PreviewPane(QWidget):
    """The document of the record in ``editor``, rendered with its template to PDF on a
    worker thread and shown beside it.

    It renders when another record is shown, and the editor's working draft ``DEBOUNCE_MS``
    after the last keystroke (no wait for the autosave: the draft is applied in a session
    that is rolled back). A newer edit cancels a conversion under way. While an edit is
    newer than what is shown, a "stale — updating…" label says so. Preview renders go to a
    temporary folder and record nothing in the database. Only a visible pane renders; a
    hidden one catches up when it is shown. The page and scroll position stay.
    """

    DEBOUNCE_MS = 300
    SELECT_DELAY_MS = 150
    POLL_MS = 250

    #: A render was shown: the Rendered.
    rendered = Signal(object)
    #: A render failed: the message shown, in words.
    failed = Signal(str)

    def __init__(
        self,
        editor: RecordEditor,
        tasks: TaskRunner,
        documents: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.editor = editor
        self.tasks = tasks
        self._folder = tempfile.TemporaryDirectory(
            prefix="sistercity-preview-", ignore_cleanup_errors=True
        )
        self._wanted = 0  # bumped by every request
        self._shown: tuple[int, Rendered] | None = None
        self._running: TaskHandle | None = None
        self._deferred = False
        self._again = False
        self._sized = False

        top = QWidget(self)
        top.setObjectName("previewTop")
        top.setStyleSheet(css("#previewTop { border-bottom: 1px solid #d5dbe3; }"))
        row = QHBoxLayout(top)
        row.setContentsMargins(8, 6, 8, 6)
        title = QLabel("Preview", top)
        title.setStyleSheet(css("font-weight: 600; color: #1d2b3a;"))
        row.addWidget(title)
        self.document_combo = QComboBox(top)
        self.document_combo.setAccessibleName("Document")
        for text, kind in documents:
            self.document_combo.addItem(text, kind)
        self.document_combo.setVisible(len(documents) > 1)
        row.addWidget(self.document_combo)
        row.addStretch(1)
        self.stale_label = QLabel(STALE_TEXT, top)
        self.stale_label.setObjectName("staleLabel")
        self.stale_label.setStyleSheet(
            "#staleLabel { background: #fff4ce; border: 1px solid #e6c86e; border-radius: 8px;"
            " padding: 1px 8px; color: #5c4400; }"
        )
        self.stale_label.hide()
        row.addWidget(self.stale_label)

        self.viewer = PdfViewer(self)
        self.message = QLabel(self)
        self.message.setObjectName("previewMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(css("color: #3c4857; padding: 24px;"))
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.viewer)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(top)
        column.addWidget(self.stack, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)
        # Kept here rather than asked of Qt: the poll below runs four times a second.
        self._stale_shown = False
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._update_stale)
        self._poll.start()

        editor.loaded.connect(self._on_loaded)
        editor.opening.connect(self._on_opening)
        editor.edited.connect(self._on_edited)
        editor.saving.connect(self._update_stale)
        editor.saved.connect(self._on_saved)
        self.document_combo.currentIndexChanged.connect(self._on_document_changed)
        self._on_loaded(editor.record_id() if editor.is_showing_record() else None)

    # ------------------------------------------------------------------ public API

    def target(self) -> tuple[str, int] | None:
        """(document kind, record id) of what the pane shows, or None (no stored record)."""
        record_id = self.editor.record_id()
        if (
            record_id is None
            or not self.editor.is_showing_record()
            or self.editor.pending_id() is not None
        ):
            return None
        return str(self.document_combo.currentData()), record_id

    def document_label(self) -> str:
        return self.document_combo.currentText().lower()

    def set_document(self, kind: str) -> None:
        index = self.document_combo.findData(kind)
        if index >= 0:
            self.document_combo.setCurrentIndex(index)

    def shown(self) -> Rendered | None:
        """What the pane shows now (it may be stale)."""
        return self._shown[1] if self._shown is not None else None

    def fresh(self) -> Rendered | None:
        """What the pane shows, when it is the current document with no newer edit."""
        if self._shown is None or self.is_stale():
            return None
        rendered = self._shown[1]
        if self.target() != (self.document_combo.currentData(), rendered.record_id):
            return None
        return rendered

    def is_stale(self) -> bool:
        """An edit, a save or a render is newer than what is shown."""
        if self._shown is None:
            return False
        return self._shown[0] < self._wanted or self._timer.isActive() or self._running is not None

    def page_count(self) -> int:
        return self.viewer.page_count() if self.stack.currentWidget() is self.viewer else 0

    def message_text(self) -> str:
        return self.message.text() if self.stack.currentWidget() is self.message else ""

    def request(self, delay: int | None = None) -> None:
        """Render again after ``delay`` ms (the debounce after a save by default)."""
        self._wanted += 1
        target = self.target()
        if target is None:
            self._timer.stop()
            self._shown = None
            self.viewer.clear()
            self._show_message(self._no_record_text())
            return
        shown = self.shown()
        if shown is None or (shown.record_id, self._kind_of(shown)) != (target[1], target[0]):
            # Another record or document: what was shown says nothing about this one.
            self._shown = None
            self.viewer.clear()
            self._show_message(f"Rendering the {self.document_label()}…")
        self._timer.start(self.DEBOUNCE_MS if delay is None else delay)
        self._update_stale()

    # ------------------------------------------------------------------ rendering

    def _kind_of(self, rendered: Rendered) -> str:
        # The combo's kinds are the command line's ("vote-sheet"); a motion may render as
        # a resolution.
        if rendered.kind == "vote_sheet":
            return "vote-sheet"
        return "motion" if rendered.kind == "resolution" else rendered.kind

    def _no_record_text(self) -> str:
        if self.editor.is_new():
            return f"The preview appears once the new {self.editor.NOUN} is saved."
        return f"Select a {self.editor.NOUN} to see its document here."

    def _start(self) -> None:
        target = self.target()
        if target is None:
            return
        if not self.isVisible():
            self._deferred = True
            return
        if self._running is not None:
            # A newer edit: stop converting the older one (its result would be dropped).
            self._running.cancel()
            self._again = True
            return
        self._deferred = False
        generation = self._wanted
        kind, record_id = target
        folder = Path(self._folder.name) / str(generation)
        editor = self.editor
        draft = editor.draft()
        engine = editor.engine

        def render(ctx: TaskContext) -> Rendered:
            # Imported here: the document libraries load on the first render, not at start.
            from sqlmodel import Session

            from sistercity_desk.documents.pdf import convert_to_pdf
            from sistercity_desk.documents.printing import render_preview

            with Session(engine) as session:
                try:
                    if draft is not None and draft[0] == record_id:
                        try:
                            editor.apply_draft(session, *draft)
                            session.flush()
                        except DeskError:
                            # Not storable as it stands (the editor says why): show the
                            # stored record meanwhile.
                            session.rollback()
                    rendered = render_preview(session, kind, record_id, folder, pdf=False)
                finally:
                    session.rollback()  # the draft is shown, never stored from here
            ctx.check_cancelled()
            made = convert_to_pdf(
                [rendered.docx],
                folder,
                names=[f"{rendered.name}.pdf"],
                overwrite=True,
                should_cancel=lambda: ctx.cancelled,
            )[0]
            return dataclasses.replace(rendered, pdf=made)

        self._running = self.tasks.submit(
            render,
            on_success=lambda result: self._on_rendered(generation, result),
            on_failure=lambda exc: self._on_failed(generation, exc),
            with_session=False,
            description=f"Preview of {kind} {record_id}",
        )
        self._update_stale()

    def _on_rendered(self, generation: int, result: Rendered) -> None:
        self._running = None
        target = self.target()
        wanted = target is not None and (result.record_id, self._kind_of(result)) == (
            target[1],
            target[0],
        )
        # An older render of the same document still beats an empty pane; one of another
        # record (the person moved on) is dropped.
        if wanted and result.pdf is not None:
            try:
                self.viewer.load(result.pdf)
            except DeskError as exc:
                self._show_message(exc.message)
            else:
                self._shown = (generation, result)
                if result.kind in ("motion", "resolution"):
                    # One entry covers both: say which this one is.
                    self.document_combo.setItemText(0, result.kind.capitalize())
                self.stack.setCurrentWidget(self.viewer)
                self._drop_old_folders(result.pdf.parent)
                self.rendered.emit(result)
        self._continue()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        self._running = None
        from sistercity_desk.documents.pdf import ConversionCancelled

        if isinstance(exc, (Cancelled, ConversionCancelled)):
            self._continue()
            return
        if generation == self._wanted:
            if isinstance(exc, DeskError):
                text = exc.message
            else:
                log.error("The preview could not be made", exc_info=exc)
                text = f"The preview could not be made: {exc}"
            self._shown = None
            self.viewer.clear()
            if "LibreOffice" in text:
                text += "\n\nThe document can still be saved as Word (.docx): File → Save as Word."
            self._show_message(text)
            self.failed.emit(text)
        self._continue()

    def _continue(self) -> None:
        if self._again or (self._shown is not None and self._shown[0] < self._wanted):
            self._again = False
            if not self._timer.isActive():
                self._start()
        self._update_stale()

    def _drop_old_folders(self, keep: Path) -> None:
        # One render runs at a time and none runs now: every other folder is done with.
        for child in Path(self._folder.name).iterdir():
            if child != keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._update_stale()

    def _update_stale(self, *_args: object) -> None:
        stale = self.is_stale()
        if stale != self._stale_shown:
            self._stale_shown = stale
            self.stale_label.setVisible(stale)

    # ------------------------------------------------------------------ handlers

    def _on_loaded(self, _record_id: object) -> None:
        self.request(self.SELECT_DELAY_MS)

    def _on_edited(self) -> None:
        self.request()

    def _on_opening(self, record_id: int) -> None:
        # The page of the record left must not stand beside the list's new choice.
        shown = self.shown()
        if shown is not None and shown.record_id == record_id:
            return
        self._timer.stop()
        self._shown = None
        self.viewer.clear()
        self._show_message(f"Rendering the {self.document_label()}…")
        self._update_stale()

    def _on_saved(self, _record_id: int, _when: object) -> None:
        # The draft shown is what was saved; render only when nothing newer is on its way
        # (an edit made while the preview was hidden, or one the draft render could not use).
        if self._timer.isActive() or self._running is not None:
            return
        if self._shown is None or self._shown[0] < self._wanted:
            self.request()

    def _on_document_changed(self, _index: int) -> None:
        self.request(0)

    #: Narrower than this when first shown (a layout saved before the pane existed), the
    #: pane takes a fair share of its splitter.
    MIN_FIRST_WIDTH = 240

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            splitter = self.parentWidget()
            if isinstance(splitter, QSplitter) and self.width() < self.MIN_FIRST_WIDTH:
                sizes = splitter.sizes()
                share = sum(sizes) // len(sizes)
                splitter.setSizes([share] * len(sizes))
        if self._deferred:
            self._start()
