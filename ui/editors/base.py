"""What every record editor shares: loading in a short session, autosave a moment after the
last edit, optimistic-locking conflicts, problems shown next to their field, read-only mode."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import conflicts, db, recovery
from sistercity_desk.errors import Conflict, DeskError, NotFound

from .. import dialogs
from ..look import heading, muted
from ..spelling import SpellChecker
from ..tasks import Cancelled, TaskHandle, TaskRunner
from ..widgets.find_replace import FindReplaceBar
from ..widgets.messages import Banner, FieldMessage

log = logging.getLogger("sistercity_desk.ui.editors")

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def name_inputs(widget: QWidget, name: str) -> None:
    """Give a field (or the inputs of a row of fields) the row's label as its accessible
    name, so a screen reader says what it is for; names set already stay."""
    targets = [widget] if isinstance(widget, INPUTS) else widget.findChildren(QWidget)
    for target in targets:
        if isinstance(target, INPUTS) and not target.accessibleName():
            if isinstance(target.parentWidget(), (QComboBox, QAbstractSpinBox)):
                continue
            target.setAccessibleName(name)


class _EditStep(QUndoCommand):
    """One step of a record's undo history: the whole record before and after it, so undo
    works across fields (a paragraph removed, then the title typed, undo both in turn).
    Consecutive edits of the same field merge into one step ("typing in Title")."""

    def __init__(
        self, editor: RecordEditor, what: str, before: Any, after: Any, *, merges: bool = True
    ) -> None:
        super().__init__(what)
        self._editor = editor
        self._what = what
        self._merges = merges
        self.before = before
        self.after = after
        self._done = True  # pushed after the edit happened: the first redo does nothing

    def id(self) -> int:
        return 1 + (hash(self._what) & 0x3FFFFFFF)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _EditStep) or other._what != self._what:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._editor._apply_snapshot(self.after)

    def undo(self) -> None:
        self._editor._apply_snapshot(self.before)


class FittingScrollArea(QScrollArea):
    """A scroll area that scrolls only up and down: it asks its splitter for the width its
    content needs, so no control ends up behind a sideways scroll bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The content's minimum width changed (a longer name in a combo box): pass it on so
        # the splitter gives this pane at least that much.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is None:
            return hint
        width = (
            widget.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())


class RecordEditor(QWidget):
    """Base of the editors. A subclass builds its fields in ``_build``, connects their change
    signals to ``mark_edited``, and implements ``_read`` (the record as plain data, on any
    thread), ``_fill`` (the fields from it), ``_collect``, ``_save`` (and ``_create``,
    ``_start_new`` when new records can be made here).

    Edits reach the database ``AUTOSAVE_MS`` after the last one, and at once on ``flush()``
    (the area calls it before switching record; the window before closing).
    """

    #: The record kind, as the search index and the revisions name it ("motion").
    KIND = ""
    NOUN = "record"
    AUTOSAVE_MS = 1000
    #: A record opening in the background shows "Opening…" when it takes longer than this.
    OPENING_NOTICE_MS = 150

    #: Saving started (the status bar says "Saving…").
    saving = Signal()
    #: Saved: the record's id and the local time of the save.
    saved = Signal(int, object)
    #: A save failed; the message says why, in words.
    save_failed = Signal(str)
    #: A new record was stored for the first time: its id.
    created = Signal(int)
    #: A record was loaded into the editor (its id), or cleared (None).
    loaded = Signal(object)
    #: Another record started opening in the background (its id); ``loaded`` follows.
    opening = Signal(int)
    #: A field changed (every keystroke): the preview follows the working draft.
    edited = Signal()

    #: Set by the area in the app: autosaves run on its worker threads, so typing never
    #: waits on the database (``flush`` still saves at once, for a switch or closing).
    tasks: TaskRunner | None = None

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._edits = 0  # counts edits: a background save covers those made before it
        self._saving_task: TaskHandle | None = None
        self._record_id: int | None = None
        self._version: int | None = None
        self._is_new = False
        self._dirty = False
        self._loading = False
        self._read_only = False
        self._messages: dict[str, FieldMessage] = {}
        #: Fields the person has left (or every field, once they tried to save): only their
        #: problems show, so "needs a mover" waits until the mover field was passed.
        self._touched: set[str] = set()
        self._field_of: dict[QObject, str] = {}
        #: Undo and redo across the whole open record (editors that can show unsaved data);
        #: a new stack for each record opened.
        self.undo_stack = QUndoStack(self)
        self._snapshot: Any = None
        self._undoing = False

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.AUTOSAVE_MS)
        self._timer.timeout.connect(self._on_autosave_timeout)

        #: A record opening in the background (``load_in_background``): which, its task,
        #: and a count that makes older answers stale.
        self._pending_id: int | None = None
        self._pending_load: TaskHandle | None = None
        self._load_generation = 0
        self._opening_timer = QTimer(self)
        self._opening_timer.setSingleShot(True)
        self._opening_timer.setInterval(self.OPENING_NOTICE_MS)
        self._opening_timer.timeout.connect(self._show_opening)

        self._stack = QStackedWidget(self)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setContentsMargins(24, 24, 24, 24)
        muted(self.placeholder)
        self._stack.addWidget(self.placeholder)

        page = QWidget(self)
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.setSpacing(0)
        self.heading = QLabel(page)
        self.heading.setContentsMargins(12, 10, 12, 4)
        heading(self.heading, 1.25)
        self.heading.setWordWrap(True)
        self.banner = Banner(page)
        self.general_message = FieldMessage(page)
        top = QVBoxLayout()
        top.setContentsMargins(12, 0, 12, 4)
        top.addWidget(self.banner)
        top.addWidget(self.general_message)
        self.find_bar = FindReplaceBar(self.text_fields, self.run_as_one_step, page)
        top.addWidget(self.find_bar)
        find = QShortcut(QKeySequence("Ctrl+H"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.open_find)
        self._zoom = 0
        for keys, step in (("Ctrl+=", 1), ("Ctrl++", 1), ("Ctrl+-", -1), ("Ctrl+0", 0)):
            zoom = QShortcut(QKeySequence(keys), self)
            zoom.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            zoom.activated.connect(lambda s=step: self.zoom(s))
        self.scroll_area = FittingScrollArea(page)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self.scroll_area)
        self.body.setObjectName("editorBody")
        self.scroll_area.setWidget(self.body)
        page_column.addWidget(self.heading)
        page_column.addLayout(top)
        page_column.addWidget(self.scroll_area, 1)
        self._stack.addWidget(page)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._stack)

        self._build(self.body)
        self.hook_undo(self.body)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Tab moves between fields, never from cell to cell of a table it then cannot leave.
        for view in self.findChildren(QAbstractItemView):
            view.setTabKeyNavigation(False)
        self.show_placeholder(f"Select a {self.NOUN} in the list.")

    # ------------------------------------------------------------------ for subclasses

    def _build(self, body: QWidget) -> None:
        raise NotImplementedError

    def _read(self, session: Session, record_id: int) -> Any:
        """Everything the form shows of a stored record, read in ``session`` and returned as
        plain data (no ORM object, no widget): in the app it runs on a worker thread, so a
        slow database never holds the window. Raises DeskError when it cannot be read."""
        raise NotImplementedError

    def _fill(self, loaded: Any) -> int:
        """Fill the fields from what ``_read`` returned (GUI thread, no database); return
        the record's version."""
        raise NotImplementedError

    def _start_new(self, session: Session) -> None:
        """Fill the fields for a new record."""
        raise DeskError(f"New {self.NOUN}s are not made here.")

    def _collect(self) -> Any:
        """The fields' content as the service's data object (never raises)."""
        raise NotImplementedError

    def _save(
        self, session: Session, record_id: int, data: Any, expected_version: int | None
    ) -> int:
        """Store an edit; return the new version."""
        raise NotImplementedError

    def _create(self, session: Session, data: Any) -> tuple[int, int]:
        """Store a new record; return (id, version)."""
        raise NotImplementedError

    def _stored_version(self, session: Session, record_id: int) -> int:
        """The version stored now (for "keep mine" after a conflict)."""
        raise NotImplementedError

    def _set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def _heading_text(self) -> str:
        return self.NOUN.capitalize()

    # ------------------------------------------------------------------ form helpers

    def add_row(
        self, form: QFormLayout, text: str, widget: QWidget, field: str | None = None
    ) -> QWidget:
        """A labelled row with room for a problem message under the field."""
        name_inputs(widget, text.replace("&", ""))
        if field is None:
            form.addRow(text, widget)
            return widget
        self.watch_field(field, widget)
        holder = QWidget(self.body)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = FieldMessage(holder)
        column.addWidget(message)
        self._messages[field] = message
        form.addRow(text, holder)
        # The row label's mnemonic (Alt+T for "&Title") reaches the field itself.
        target = getattr(widget, "mnemonic_target", widget)
        while target.focusProxy() is not None:
            target = target.focusProxy()
        row_label = form.labelForField(holder)
        if isinstance(row_label, QLabel):
            row_label.setBuddy(target)
        return widget

    # ------------------------------------------------------------------ undo

    def keeps_undo(self) -> bool:
        """Whether this editor has record-wide undo (it can show unsaved data)."""
        return type(self)._show_data is not RecordEditor._show_data

    def hook_undo(self, root: QWidget) -> None:
        """Ctrl+Z / Ctrl+Shift+Z in the text fields under ``root`` go to the record's
        undo stack instead of the field's own."""
        if not self.keeps_undo():
            return
        targets = [root, *root.findChildren(QWidget)]
        for target in targets:
            if isinstance(target, (QLineEdit, QPlainTextEdit)):
                target.installEventFilter(self)
                if isinstance(target, QPlainTextEdit):
                    target.setUndoRedoEnabled(False)

    def _undo_state(self) -> Any:
        """The form's content as an undo step keeps it (by default what a save stores)."""
        return self._collect()

    def _reset_undo(self) -> None:
        self.undo_stack.clear()
        self._snapshot = self._undo_state() if self.keeps_undo() else None

    def _what_changed(self) -> str:
        sender = self.sender()
        focus = QApplication.focusWidget()
        widget = sender if isinstance(sender, QWidget) else None
        if focus is not None and (widget is None or widget.isAncestorOf(focus)):
            widget = focus
        name = widget.accessibleName() if widget is not None else ""
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            return f"typing in {name or 'a field'}"
        return f"change of {name}" if name else "change"

    def _tracked_state(self) -> Any:
        """The fields' state as an undo step keeps it, or None when no step is recorded
        (no undo here, nothing loaded yet, or an undo is being applied)."""
        if self._undoing or not self.keeps_undo() or self._snapshot is None:
            return None
        return self._undo_state()

    def _record_step(self, after: Any) -> None:
        """Push the change from the last snapshot to ``after`` (a ``_tracked_state``)."""
        if after is None or after == self._snapshot:
            return
        self.undo_stack.push(_EditStep(self, self._what_changed(), self._snapshot, after))
        self._snapshot = after

    def _apply_snapshot(self, data: Any) -> None:
        focus = QApplication.focusWidget()
        self._undoing = True
        self._loading = True
        try:
            with db.session_scope(self._engine) as session:
                self._show_data(session, data)
        finally:
            self._loading = False
            self._undoing = False
        self._snapshot = data
        self._dirty = True
        self._timer.start()
        if focus is not None and self.isAncestorOf(focus) and focus.isVisible():
            focus.setFocus()

    def undo(self) -> None:
        self.undo_stack.undo()

    def run_as_one_step(self, what: str, work: Callable[[], None]) -> None:
        """Edits made by ``work`` (a replace-all across fields) as one undo step."""
        before = self._snapshot
        self._undoing = True
        try:
            work()
        finally:
            self._undoing = False
        if not self.keeps_undo() or before is None:
            return
        after = self._undo_state()
        if after != before:
            self.undo_stack.push(_EditStep(self, what, before, after, merges=False))
            self._snapshot = after

    def text_fields(self) -> list[QLineEdit | QPlainTextEdit]:
        """The editor's text fields in the order shown (top to bottom, left to right)."""
        fields = [
            w for w in self.body.findChildren(QWidget) if isinstance(w, (QLineEdit, QPlainTextEdit))
        ]

        def place(widget: QWidget) -> tuple[int, int]:
            point = widget.mapTo(self.body, QPoint(0, 0))
            return point.y(), point.x()

        return sorted(fields, key=place)

    #: Zoom steps (each about 10 % of the system font size) and their bounds.
    ZOOM_LIMITS = (-4, 10)

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+- make the editor's text larger or smaller; Ctrl+0 resets it to the
        system's size. The fields follow; the window's own text stays."""
        self.set_zoom(0 if step == 0 else self._zoom + step)

    def set_zoom(self, level: int) -> None:
        """The text size as steps of 10% from the system's (kept within ``ZOOM_LIMITS``);
        the window remembers it for the next start."""
        low, high = self.ZOOM_LIMITS
        self._zoom = max(low, min(high, level))
        font = QApplication.font()
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * (1 + 0.1 * self._zoom))
        self.body.setFont(font)

    def zoom_level(self) -> int:
        return self._zoom

    def open_find(self) -> None:
        """Ctrl+H: find and replace within the open record."""
        if not self.is_showing_record():
            return
        focus = QApplication.focusWidget()
        selected = ""
        if isinstance(focus, QLineEdit):
            selected = focus.selectedText()
        elif isinstance(focus, QPlainTextEdit):
            selected = focus.textCursor().selectedText()
        self.find_bar.open_bar(selected)

    def redo(self) -> None:
        self.undo_stack.redo()

    def watch_field(self, field: str, widget: QWidget) -> None:
        """Count ``field`` as seen once the focus leaves ``widget`` (or a child of it)."""
        for target in (widget, *widget.findChildren(QWidget)):
            self._field_of[target] = field
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and self.keeps_undo()
            and isinstance(watched, (QLineEdit, QPlainTextEdit))
        ):
            for key, step in (
                (QKeySequence.StandardKey.Undo, self.undo),
                (QKeySequence.StandardKey.Redo, self.redo),
            ):
                if event.matches(key):
                    # Taken here (not by the field, not by a window shortcut): the record's
                    # stack undoes, whichever field the step was in.
                    event.accept()
                    if event.type() == QEvent.Type.KeyPress:
                        step()
                    return True
        if (
            event.type() == QEvent.Type.FocusOut
            and watched in self._field_of
            and isinstance(event, QFocusEvent)
            # A combo box's own list opening is not leaving the field.
            and event.reason()
            not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        ):
            self._touched.add(self._field_of[watched])
        return super().eventFilter(watched, event)

    def register_message(self, field: str, message: FieldMessage) -> None:
        self._messages[field] = message

    def message_for(self, field: str) -> FieldMessage:
        return self._messages.get(field, self.general_message)

    # ------------------------------------------------------------------ state

    @property
    def engine(self) -> Engine:
        return self._engine

    def speller(self) -> SpellChecker:
        """The spell check of this database (made when first needed)."""
        return SpellChecker.for_engine(self._engine)

    def record_id(self) -> int | None:
        return self._record_id

    def version(self) -> int | None:
        return self._version

    def is_new(self) -> bool:
        return self._is_new

    def is_dirty(self) -> bool:
        return self._dirty

    def is_read_only(self) -> bool:
        return self._read_only

    def is_showing_record(self) -> bool:
        return self._stack.currentIndex() == 1

    def autosave_pending(self) -> bool:
        return self._timer.isActive()

    def mark_edited(self, *_args: object) -> None:
        """Connect every field's change signal here: starts (restarts) the autosave timer."""
        if self._loading or self._read_only or not self.is_showing_record():
            return
        after = self._tracked_state()  # read once: it collects every field
        if not self._dirty and after is not None and after == self._snapshot:
            # A signal with nothing changed: the spell check repainting a box when its
            # dictionary arrives makes Qt say the text changed. Not an edit, not a save.
            return
        self._dirty = True
        self._edits += 1
        self._timer.start()
        self._record_step(after)
        self.edited.emit()

    def draft(self) -> tuple[int, Any, int | None] | None:
        """(record id, the fields' content, the version it was loaded at) when a stored
        record shows unsaved edits; None when there is nothing unsaved to show."""
        if not self._dirty or self._record_id is None or not self.is_showing_record():
            return None
        return self._record_id, self._collect(), self._version

    def apply_draft(self, session: Session, record_id: int, data: Any, version: int | None) -> None:
        """Put a ``draft()`` into ``session`` the way the save would, for the caller to read
        and roll back (the preview renders the working draft without storing it). Safe on a
        worker thread: the save hooks use only their arguments."""
        self._save(session, record_id, data, version)

    # ------------------------------------------------------------------ loading

    def show_placeholder(self, text: str) -> None:
        self._drop_pending_load()
        self._timer.stop()
        self._record_id = None
        self._version = None
        self._is_new = False
        self._dirty = False
        self.placeholder.setText(text)
        self._stack.setCurrentIndex(0)
        self.loaded.emit(None)

    def load(self, record_id: int) -> bool:
        """Show a stored record (unsaved edits of the previous one must be flushed first).
        False, with the reason shown, when it cannot be read."""
        self._drop_pending_load()
        self._timer.stop()
        try:
            with db.session_scope(self._engine) as session:
                loaded = self._read(session, record_id)
        except DeskError as exc:
            self.show_placeholder(exc.message)
            return False
        self._show_loaded(record_id, loaded)
        return True

    def load_in_background(self, record_id: int) -> None:
        """Show a stored record, read on a worker thread (the list's switch in the app): the
        window stays free while the database answers. The fields of the previous record
        take no edits meanwhile, and give way to "Opening…" when the answer is slow; a newer
        switch drops this one's answer. Without a task runner: ``load``."""
        if self.tasks is None:
            self.load(record_id)
            return
        self._drop_pending_load()  # also makes any older answer stale
        self._timer.stop()
        generation = self._load_generation
        self._pending_id = record_id
        self._loading = True  # typing now belongs to no record: the next one is on its way
        self._opening_timer.start()
        self.opening.emit(record_id)
        read = self._read
        self._pending_load = self.tasks.submit(
            lambda ctx: read(ctx.session, record_id),
            on_success=lambda loaded: self._loaded_in_background(generation, record_id, loaded),
            on_failure=lambda exc: self._load_failed(generation, exc),
            description=f"Opening {self.NOUN} {record_id}",
        )

    def pending_id(self) -> int | None:
        """The record being opened in the background (None: none is)."""
        return self._pending_id

    def wanted_id(self) -> int | None:
        """The record this editor shows, or is opening."""
        if self._pending_id is not None:
            return self._pending_id
        return self._record_id if self.is_showing_record() else None

    def _drop_pending_load(self) -> None:
        """Forget a background load under way (its answer is dropped when it comes)."""
        self._load_generation += 1
        self._opening_timer.stop()
        if self._pending_load is not None:
            self._pending_load.cancel()
            self._pending_load = None
        if self._pending_id is not None:
            self._pending_id = None
            self._loading = False

    def _show_opening(self) -> None:
        if self._pending_id is not None:
            self.placeholder.setText(f"Opening the {self.NOUN}…")
            self._stack.setCurrentIndex(0)

    def _loaded_in_background(self, generation: int, record_id: int, loaded: Any) -> None:
        if generation != self._load_generation:
            return  # a newer switch, or the person moved on
        self._drop_pending_load()
        self._show_loaded(record_id, loaded)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._load_generation or isinstance(exc, Cancelled):
            return
        self._drop_pending_load()
        if isinstance(exc, DeskError):
            self.show_placeholder(exc.message)
        else:
            log.error("Could not open %s", self.NOUN, exc_info=exc)
            self.show_placeholder(f"This {self.NOUN} could not be opened: {exc}")

    def _show_loaded(self, record_id: int, loaded: Any) -> None:
        self._loading = True
        try:
            version = self._fill(loaded)
        finally:
            self._loading = False
        self._record_id = record_id
        self._version = version
        self._is_new = False
        self._dirty = False
        # A stored record was complete once: its problems show as soon as they arise.
        self._touched = set(self._messages)
        self._clear_problems()
        reason = self.read_only_reason()
        self._read_only = bool(reason)
        self._set_read_only(self._read_only)
        self.banner.show_message(reason)
        self.heading.setText(self._heading_text())
        self._stack.setCurrentIndex(1)
        self._reset_undo()
        self.loaded.emit(record_id)

    def start_new(self) -> None:
        """An empty form for a new record; it is stored once it is complete enough."""
        self._drop_pending_load()
        self._timer.stop()
        self._loading = True
        try:
            with db.session_scope(self._engine) as session:
                self._start_new(session)
        finally:
            self._loading = False
        self._record_id = None
        self._version = None
        self._is_new = True
        self._dirty = False
        self._read_only = False
        self._touched = set()
        self._set_read_only(False)
        self.banner.show_message("")
        self._clear_problems()
        self.heading.setText(f"New {self.NOUN}")
        self._stack.setCurrentIndex(1)
        self._reset_undo()
        self.loaded.emit(None)

    def read_only_reason(self) -> str:
        """Why the loaded record cannot be edited here (empty: it can)."""
        return ""

    def reload(self) -> None:
        if self._record_id is not None:
            self.load(self._record_id)

    # ------------------------------------------------------------------ saving

    def flush(self) -> bool:
        """Save pending edits now. False when they could not be saved (the reason is
        shown next to the field and sent with ``save_failed``)."""
        # Trying to save shows every problem, also of fields not reached yet.
        self._touched = set(self._messages)
        return self.save_now()

    def discard(self) -> None:
        """Drop unsaved edits (the person chose to)."""
        self._timer.stop()
        self._dirty = False
        if self.KIND in recovery.KINDS:
            recovery.discard(self.KIND, self._record_id)

    def _stash(self, data: Any) -> None:
        """Edits the database refused (incomplete, or the database is busy) are kept on
        disk until they can be stored, so a crash loses nothing typed."""
        if self.KIND not in recovery.KINDS:
            return
        try:
            recovery.stash(self.KIND, self._record_id, data)
        except OSError as exc:
            self.save_failed.emit(f"Could not keep the unsaved edits on disk either: {exc}")

    def _show_data(self, session: Session, data: Any) -> None:
        """Fill the form from editable data (the editors that draft text implement it)."""
        raise DeskError(f"Unsaved {self.NOUN}s cannot be brought back.")

    def restore_unsaved(self, unsaved: recovery.Unsaved) -> bool:
        """Show edits kept on disk after a crash and save them as soon as they are complete.
        True when they reached the database."""
        if unsaved.record_id is None:
            self.start_new()
        elif not self.load(unsaved.record_id):
            return False
        self._loading = True
        try:
            with db.session_scope(self._engine) as session:
                self._show_data(session, unsaved.data)
        finally:
            self._loading = False
        self._dirty = True
        # Brought back edits show all their problems: the person is finishing them now.
        self._touched = set(self._messages)
        return self.save_now()

    def _on_autosave_timeout(self) -> None:
        if self.tasks is None or self._record_id is None:
            self.save_now()  # a new record is created at once (rare; it gets its id)
        else:
            self._save_in_background()

    def _save_in_background(self) -> None:
        """The autosave on a worker thread; its outcome is handled like ``save_now``'s."""
        if not self._dirty or self._read_only or not self.is_showing_record():
            return
        if self._saving_task is not None:
            self._timer.start()  # one save at a time: the edits since go in the next one
            return
        assert self.tasks is not None and self._record_id is not None
        record_id, version, edits = self._record_id, self._version, self._edits
        data = self._collect()
        save = self._save
        self.saving.emit()
        handle: TaskHandle = self.tasks.submit(
            lambda ctx: save(ctx.session, record_id, data, version),
            on_success=lambda new_version: self._saved_in_background(
                handle, record_id, new_version, edits
            ),
            on_failure=lambda exc: self._failed_in_background(handle, exc, data),
            description=f"Saving the {self.NOUN}",
        )
        self._saving_task = handle

    def _saved_in_background(
        self, handle: TaskHandle, record_id: int, version: int, edits: int
    ) -> None:
        if self._saving_task is not handle:
            return  # already handled by a flush that waited for it
        self._saving_task = None
        if self._record_id != record_id:
            return
        self._version = version
        if self._edits == edits:
            self._dirty = False
            if self.KIND in recovery.KINDS:
                recovery.discard(self.KIND, record_id)
            self._clear_problems()
        self.saved.emit(record_id, dt.datetime.now())

    def _failed_in_background(self, handle: TaskHandle, exc: BaseException, data: Any) -> None:
        if self._saving_task is not handle:
            return
        self._saving_task = None
        if isinstance(exc, Conflict):
            self._resolve_conflict(exc, retry=True)
        elif isinstance(exc, DeskError):
            self._show_problem(exc)
            self._stash(data)
        else:
            raise exc

    def _finish_background_save(self) -> None:
        """Wait for a background save under way and take its outcome now (a flush must
        know the stored version before it saves again)."""
        handle = self._saving_task
        if handle is None:
            return
        handle.finished.wait()
        result, error = handle.outcome or (None, None)
        record_id = self._record_id
        if error is not None:
            self._failed_in_background(handle, error, self._collect())
        elif record_id is not None:
            self._saved_in_background(handle, record_id, int(result), -1)

    def save_now(self, *, _retry: bool = True) -> bool:
        self._finish_background_save()
        self._timer.stop()
        if not self._dirty or self._read_only or not self.is_showing_record():
            return True
        if self._record_id is None and not self._is_new:
            return True
        data = self._collect()
        self.saving.emit()
        try:
            with db.session_scope(self._engine) as session:
                if self._record_id is None:
                    record_id, version = self._create(session, data)
                else:
                    record_id = self._record_id
                    version = self._save(session, record_id, data, self._version)
        except Conflict as exc:
            return self._resolve_conflict(exc, retry=_retry)
        except DeskError as exc:
            if exc.field and exc.field in self._messages and exc.field not in self._touched:
                # Autosave of a new record that is not complete yet: the person has not
                # reached that field; say nothing until they leave it or try to save.
                self._clear_problems()
                self._stash(data)
                return False
            self._show_problem(exc)
            self._stash(data)
            return False
        created = self._record_id is None
        if self.KIND in recovery.KINDS:
            recovery.discard(self.KIND, None if created else record_id)
        self._record_id, self._version = record_id, version
        self._is_new = False
        self._dirty = False
        self._clear_problems()
        if created:
            self.heading.setText(self._heading_text())
            self.created.emit(record_id)
        self.saved.emit(record_id, dt.datetime.now())
        return True

    def _resolve_conflict(self, exc: Conflict, *, retry: bool) -> bool:
        record_id = self._record_id
        assert record_id is not None
        keeps_history = self.KIND in conflicts.KINDS
        compare_html = (lambda: self._conflict_html(record_id)) if keeps_history else None
        choice = dialogs.ask_conflict(self, exc.message, compare_html) if retry else None
        if choice == dialogs.ConflictChoice.KEEP_MINE and keeps_history:
            try:
                with db.session_scope(self._engine) as session:
                    self._version = conflicts.keep_mine(
                        session=session, kind=self.KIND, record_id=record_id, data=self._collect()
                    )
            except DeskError as problem:
                self._show_problem(problem)
                return False
            self._dirty = False
            self._clear_problems()
            self.saved.emit(record_id, dt.datetime.now())
            return True
        if choice == dialogs.ConflictChoice.KEEP_MINE:
            try:
                with db.session_scope(self._engine) as session:
                    self._version = self._stored_version(session, record_id)
            except NotFound as gone:
                self._show_problem(gone)
                return False
            return self.save_now(_retry=False)
        if choice == dialogs.ConflictChoice.RELOAD:
            self.load(record_id)
            self.save_failed.emit(
                "Reloaded the version someone else saved; your edits were dropped."
            )
            return True
        self._show_problem(exc)
        return False

    def _conflict_html(self, record_id: int) -> str:
        from ..history import comparison_html

        comparison = conflicts.compare_with_unsaved(
            engine=self._engine, kind=self.KIND, record_id=record_id, data=self._collect()
        )
        return comparison_html(comparison)

    # ------------------------------------------------------------------ problems

    def _show_problem(self, exc: DeskError) -> None:
        self._clear_problems()
        self.message_for(exc.field or "").show_message(exc.message)
        self.save_failed.emit(exc.message)

    def _clear_problems(self) -> None:
        self.general_message.clear_message()
        for message in self._messages.values():
            message.clear_message()

    def current_problem(self) -> str:
        """The first problem shown anywhere in the editor (empty when there is none)."""
        for label in (self.general_message, *self._messages.values()):
            if not label.isHidden() and label.text():
                return label.text()
        return ""

    def can_create(self) -> bool:
        """Whether new records of this kind are made in this editor."""
        return type(self)._start_new is not RecordEditor._start_new

    def problem_text(self, field: str | None = None) -> str:
        """The problem shown for ``field`` (or the general one): for tests and tooltips."""
        label = self.message_for(field or "")
        return "" if label.isHidden() else label.text()
