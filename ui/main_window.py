"""The main window: the navigator of areas, each a list beside an editor; menus, status bar,
saved window state, and the first-run screen of an empty database.

Hooks for other screens:
- ``window.menu("file" | "edit" | "view" | "help")`` gives a menu to add actions to, or
  ``window.add_action("file", action)``;
- ``window.area("motions")`` gives an area; ``area.add_pane(widget)`` puts a pane (a preview)
  beside its editor, ``area.record_selected`` says which record is shown,
  ``area.editor.saved`` fires after each save;
- ``window.tasks`` runs slow work off the GUI thread (see ``ui.tasks``).

The window paints before the database is open: ``MainWindow()`` builds the frame, menus and
navigator from plain Qt (nothing here imports SQLAlchemy or the models at module level), and
``attach(engine)`` adds the areas once the app has opened the database off the GUI thread.
``MainWindow(engine)`` does both at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

import sistercity_desk
from sistercity_desk import paths

from . import dialogs
from .icons import app_icon, icon
from .look import css
from .tasks import TaskRunner
from .window_state import window_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .areas import Area
    from .first_run import FirstRunPage

APP_TITLE = "SisterCity Desk"

#: The navigator's entries (key, title, icon), known before the areas are built: the
#: window paints them before the database and the modules of the areas are loaded.
#: tests/ui/test_first_paint.py checks them against ``areas.AREAS``.
NAVIGATION = (
    ("motions", "Motions", "motions"),
    ("agreements", "Agreements", "agreements"),
    ("cities", "Sister Cities", "sister-cities"),
    ("people", "People", "people"),
    ("clauses", "Standard Clauses", "clauses"),
    ("templates", "Templates", "templates"),
)


def _is_record_editor(widget: Any) -> bool:
    from .editors.base import RecordEditor

    return isinstance(widget, RecordEditor)


#: Areas whose records keep numbered revisions, and the record kind of each.
HISTORY_AREAS = {"motions": "motion", "agreements": "agreement"}


def _safe_url(url: str) -> str:
    from sistercity_desk import db

    return db.safe_url(url)


class MainWindow(QMainWindow):
    #: The areas are built and their lists asked for (after ``attach``).
    attached = Signal()

    def __init__(
        self,
        engine: Engine | None = None,
        parent: QWidget | None = None,
        *,
        background_lists: bool = False,
    ) -> None:
        """``engine`` None: the frame only, for ``attach`` later. ``background_lists``: the
        lists are read on worker threads and fill in as data arrives (the app); without it
        they are read at once (tests that look at a list right after opening)."""
        super().__init__(parent)
        self._engine: Engine | None = None
        self._background_lists = background_lists
        self.tasks = TaskRunner(None, self)
        self.areas: dict[str, Area] = {}
        self._current_key = ""
        self._closing_done = False
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        available = self.screen().availableGeometry()
        self.resize(min(1240, available.width()), min(780, available.height()))

        self._pages = QStackedWidget(self)
        self.setCentralWidget(self._pages)
        self.first_run: FirstRunPage | None = None
        self.navigator = QListWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setIconSize(QSize(22, 22))
        self.navigator.setSpacing(2)
        self.navigator.setStyleSheet(
            css(
                "#navigator { background: #f3f5f8; border: none; padding-top: 6px; "
                "font-size: 13px; }"
                "#navigator::item { padding: 6px 8px; border-radius: 4px; color: #1d2b3a; }"
                "#navigator::item:selected { background: #dde7f5; color: #10335e; }"
            )
        )
        for key, title, icon_name in NAVIGATION:
            item = QListWidgetItem(icon(icon_name), title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 36))
            self.navigator.addItem(item)
        self.area_stack = QStackedWidget()
        self.opening_label = QLabel("Opening the database…")
        self.opening_label.setObjectName("openingLabel")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setStyleSheet(css("color: #5f6b7a;"))
        self.area_stack.addWidget(self.opening_label)
        # The navigator beside the areas; ``workspace`` names it once the areas are in.
        self._shell = QSplitter(Qt.Orientation.Horizontal, self)
        self._shell.setObjectName("workspace")
        self._shell.setChildrenCollapsible(False)
        self._shell.addWidget(self.navigator)
        self._shell.addWidget(self.area_stack)
        self._shell.setStretchFactor(0, 0)
        self._shell.setStretchFactor(1, 1)
        self._shell.setSizes([180, 1060])
        self.navigator.setMinimumWidth(150)
        self._pages.addWidget(self._shell)
        self.workspace: QSplitter | None = None

        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveStatus")
        self.statusBar().addPermanentWidget(self.save_label)

        self._menus: dict[str, QMenu] = {}
        self._build_actions()
        self._build_menus()
        self._set_workspace_actions(False)
        if engine is not None:
            self.attach(engine)
        else:
            self._restore_geometry()  # the frame paints at its saved size

    @property
    def engine(self) -> Engine:
        assert self._engine is not None, "attach(engine) first"
        return self._engine

    def is_attached(self) -> bool:
        return self._engine is not None

    def attach(self, engine: Engine, *, set_up: bool | None = None) -> None:
        """Build the areas over an open database (``set_up``: whether the office is set
        up, when the caller already asked off the GUI thread)."""
        from sistercity_desk import db, office

        self._engine = engine
        self.tasks.set_engine(engine)
        self.setWindowTitle(f"{APP_TITLE} — {self._database_name()}")
        if set_up is None:
            with db.session_scope(engine) as session:
                set_up = office.is_set_up(session=session)
        if set_up:
            self._show_workspace()
        else:
            self._show_first_run()
        self._restore_window()
        self.attached.emit()

    # ------------------------------------------------------------------ building

    def _database_name(self) -> str:
        from sistercity_desk import db

        path = db.sqlite_path(str(self.engine.url))
        return path.name if path is not None else db.safe_url(str(self.engine.url))

    def _action(
        self,
        text: str,
        handler: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(handler)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action("&New", self._on_new, key.New, "new")
        self.save_action = self._action("&Save version", self._on_save, key.Save, "save")
        self.save_action.setToolTip(
            "Save now and freeze the motion or agreement as a numbered revision (Ctrl+S)"
        )
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        self.undo_action = self._action("&Undo", lambda: self._on_edit("undo"), key.Undo)
        self.redo_action = self._action("&Redo", lambda: self._on_edit("redo"), key.Redo)
        self.cut_action = self._action("Cu&t", lambda: self._on_edit("cut"), key.Cut)
        self.copy_action = self._action("&Copy", lambda: self._on_edit("copy"), key.Copy)
        self.paste_action = self._action("&Paste", lambda: self._on_edit("paste"), key.Paste)
        self.select_all_action = self._action(
            "Select &all", lambda: self._on_edit("selectAll"), key.SelectAll
        )
        self.find_action = self._action("&Find…", self._on_find, key.Find, "search")
        self.delete_action = self._action("&Delete…", self._on_delete, key.Delete, "delete")
        self.refresh_action = self._action("&Refresh", self._on_refresh, key.Refresh, "refresh")
        self.about_action = self._action("&About SisterCity Desk", self._on_about, None, "about")
        # Text fields take these keys first (Ctrl+Z in a field undoes there); the menu
        # entries reach whichever field has the focus.
        for action in (
            self.undo_action,
            self.redo_action,
            self.cut_action,
            self.copy_action,
            self.paste_action,
            self.select_all_action,
            self.delete_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.area_actions = QActionGroup(self)
        for number, (key, title, icon_name) in enumerate(NAVIGATION, start=1):
            action = self._action(
                title,
                lambda _checked=False, k=key: self.set_area(k),
                f"Ctrl+{number}",
                icon_name,
            )
            action.setCheckable(True)
            action.setData(key)
            self.area_actions.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.save_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [self.cut_action, self.copy_action, self.paste_action, self.select_all_action]
        )
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.delete_action])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(self.area_actions.actions())
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._menus = {"file": file_menu, "edit": edit_menu, "view": view_menu, "help": help_menu}

    def _show_first_run(self) -> None:
        from .first_run import FirstRunPage

        self.first_run = FirstRunPage(self.engine, self.tasks, self)
        self.first_run.completed.connect(self._on_first_run_completed)
        self._pages.addWidget(self.first_run)
        self._pages.setCurrentWidget(self.first_run)
        self._set_workspace_actions(False)

    def _show_workspace(self) -> None:
        if self.workspace is not None:
            return
        from .areas import AREAS
        from .printing import DocumentTools

        self.workspace = self._shell
        for area_class in AREAS:
            area = area_class(
                self.engine, self, tasks=self.tasks, background=self._background_lists
            )
            self.areas[area.KEY] = area
            self.area_stack.addWidget(area)
            editor = area.editor
            if _is_record_editor(editor):
                editor.saving.connect(self._on_saving)
                editor.saved.connect(self._on_saved)
                editor.save_failed.connect(self._on_save_failed)
        self.area_stack.removeWidget(self.opening_label)
        self.opening_label.deleteLater()
        self._pages.setCurrentWidget(self.workspace)
        self.navigator.currentRowChanged.connect(self._on_navigator_changed)
        # Preview panes beside the editors; print, save as, packets in the File menu.
        self.documents = DocumentTools(self)
        # File > Import Word documents..., and .docx files dropped on the motion list.
        from .word_import import WordImport

        self.word_import = WordImport(self)
        self._build_history()
        self._build_toolbar()
        self._set_workspace_actions(True)
        self.set_area(AREAS[0].KEY)

    def _build_history(self) -> None:
        """The revisions of the motion or agreement shown, in a dock (View > History)."""
        from .history import HistoryPanel

        self.history = HistoryPanel(self.engine, parent=self)
        # The window's Save version owns Ctrl+S; the panel's own would make it ambiguous.
        self.history.save_action.setShortcut(QKeySequence())
        self.history.before_restore = self._flush_current
        self.history.restored.connect(self._on_restored)
        self.history.saved.connect(
            lambda _number: self.statusBar().showMessage(self.history.status.text(), 5000)
        )
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self.history_dock.visibilityChanged.connect(
            lambda visible: visible and self._refresh_history()
        )
        self.history_action = self.history_dock.toggleViewAction()
        self.history_action.setText("&History")
        self.history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.history_action.setIcon(icon("history"))
        self.menu("view").insertAction(self.refresh_action, self.history_action)
        for key in HISTORY_AREAS:
            area = self.areas[key]
            area.record_selected.connect(lambda rid, k=key: self._on_record_shown(k, rid))
            editor = area.editor
            if _is_record_editor(editor):
                editor.saved.connect(lambda *_args: self._refresh_history())
                editor.undo_stack.indexChanged.connect(self._sync_undo_text)
                editor.undo_stack.cleanChanged.connect(self._sync_undo_text)

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setMovable(False)
        self.documents.preview_toggle.setIcon(icon("preview"))
        for action in (self.new_action, self.save_action, self.find_action, self.delete_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (
            self.documents.print_action,
            self.documents.packet_action,
            self.documents.preview_toggle,
            self.history_action,
        ):
            bar.addAction(action)
        self.toolbar = bar

    def _flush_current(self) -> bool:
        area = self.current_area()
        return area is None or area.flush()

    def _on_record_shown(self, key: str, record_id: int | None) -> None:
        if key == self._current_key:
            self._follow_with_history(key, record_id)

    def _follow_with_history(self, key: str, record_id: int | None) -> None:
        # Hidden, the panel only notes the record and reads it when shown; in the app its
        # revisions are read on a worker thread.
        tasks = self.tasks if self._background_lists else None
        read = self.history_dock.isVisible()
        if key in HISTORY_AREAS and record_id is not None:
            self.history.set_record(HISTORY_AREAS[key], record_id, tasks, read=read)
        else:
            self.history.set_record(None, None, tasks, read=read)

    def _refresh_history(self) -> None:
        if self.history_dock.isVisible():
            if self._background_lists:
                self.history.refresh_in_background(self.tasks)
            else:
                self.history.refresh()

    def _on_restored(self, kind: str, record_id: int) -> None:
        """The history restored a revision into this record (or into a new draft copy)."""
        key = f"{kind}s"
        if key not in self.areas or not self.set_area(key):
            return
        area = self.areas[key]
        area.refresh()
        if not area.select_record(record_id) and _is_record_editor(area.editor):
            area.editor.load(record_id)
        if _is_record_editor(area.editor) and area.editor.record_id() == record_id:
            area.editor.reload()
        self._follow_with_history(key, record_id)
        self.statusBar().showMessage("The revision is the working draft again.", 5000)

    def _set_workspace_actions(self, enabled: bool) -> None:
        for action in (
            self.new_action,
            self.save_action,
            self.find_action,
            self.delete_action,
            self.refresh_action,
            *self.area_actions.actions(),
        ):
            action.setEnabled(enabled)

    # ------------------------------------------------------------------ public API

    def menu(self, name: str) -> QMenu:
        """The "file", "edit", "view" or "help" menu, to add actions to."""
        return self._menus[name]

    def add_action(self, menu_name: str, action: QAction) -> None:
        if action.parent() is None:
            action.setParent(self)
        self._menus[menu_name].addAction(action)

    def area(self, key: str) -> Area:
        return self.areas[key]

    def current_area(self) -> Area | None:
        return self.areas.get(self._current_key)

    def set_area(self, key: str) -> bool:
        """Show an area (saving the pending edits of the one left first)."""
        if key not in self.areas:
            return False
        current = self.current_area()
        if current is not None and key != self._current_key and not current.flush():
            self._sync_navigator()
            return False
        self._current_key = key
        area = self.areas[key]
        self.area_stack.setCurrentWidget(area)
        self._sync_navigator()
        self.new_action.setEnabled(area.can_create())
        self.delete_action.setEnabled(area.delete_record is not None)
        self._sync_undo_text()
        if hasattr(self, "history"):
            self._follow_with_history(key, area.current_id())
        return True

    def offer_recovery(self) -> int:
        """Offer back the drafts kept on disk when the app last stopped before they could be
        stored (a crash, or an incomplete draft). Returns how many reached the database."""
        from sistercity_desk import recovery

        unsaved = recovery.pending()
        if not unsaved:
            return 0
        lines = "\n".join(
            f"• {u.title} ({u.kind}, {u.saved_at.astimezone():%d %B %H:%M})" for u in unsaved
        )
        if not dialogs.confirm(
            self,
            "Unsaved drafts",
            f"These drafts had not been saved when the app last stopped:\n\n{lines}\n\n"
            "Bring them back now? (Discarding them deletes these unsaved edits.)",
            action="Bring them back",
        ):
            for u in unsaved:
                recovery.discard(u.kind, u.record_id)
            return 0
        stored = 0
        for u in unsaved:
            key = f"{u.kind}s"
            if not self.set_area(key):
                break
            if not self.area(key).editor.restore_unsaved(u):
                # Shown in its editor with the reason; the rest wait for the next start.
                break
            stored += 1
        return stored

    def flush_all(self) -> bool:
        """Save every pending edit; False when the person chose to stay and fix one."""
        for key, area in self.areas.items():
            if not area.flush():
                self.set_area(key)
                return False
        return True

    # ------------------------------------------------------------------ state

    def _restore_geometry(self) -> None:
        geometry = window_settings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def _restore_window(self) -> None:
        # Again now that the areas are in: Qt fits the saved geometry to the screen against
        # the window's new minimum size.
        self._restore_geometry()
        settings = window_settings()
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if self.workspace is not None and self.areas:
            splitter = settings.value("window/workspace")
            if isinstance(splitter, QByteArray):
                self.workspace.restoreState(splitter)
            # The preview as the person left it (on unless turned off), before the areas
            # lay out their panes.
            preview = settings.value("window/preview")
            if hasattr(self, "documents") and preview is not None:
                self.documents.preview_toggle.setChecked(str(preview).lower() != "false")
            for area in self.areas.values():
                area.restore_state(settings)
            last = settings.value("window/area")
            if isinstance(last, str) and last in self.areas:
                self.set_area(last)

    def save_window_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.workspace is not None and self.areas:
            settings.setValue("window/workspace", self.workspace.saveState())
            settings.setValue("window/area", self._current_key)
            if hasattr(self, "documents"):
                settings.setValue("window/preview", self.documents.preview_toggle.isChecked())
            for area in self.areas.values():
                area.save_state(settings)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_done:
            event.accept()
            return
        if not self.flush_all():
            event.ignore()
            return
        self.save_window_state()
        self.tasks.shutdown()
        self._closing_done = True
        event.accept()

    # ------------------------------------------------------------------ handlers

    def _sync_navigator(self) -> None:
        keys = list(self.areas)
        if self._current_key in keys:
            self.navigator.blockSignals(True)
            self.navigator.setCurrentRow(keys.index(self._current_key))
            self.navigator.blockSignals(False)
        for action in self.area_actions.actions():
            action.setChecked(action.data() == self._current_key)

    def _on_navigator_changed(self, row: int) -> None:
        keys = list(self.areas)
        if 0 <= row < len(keys):
            self.set_area(keys[row])

    def _on_first_run_completed(self) -> None:
        self._show_workspace()
        if self.first_run is not None:
            self._pages.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.statusBar().showMessage("The office is ready.", 5000)

    def _on_new(self) -> None:
        area = self.current_area()
        if area is not None:
            area.new_record()

    def _on_save(self) -> None:
        """Save now; a motion or agreement is also frozen as a numbered revision."""
        area = self.current_area()
        if area is None or not _is_record_editor(area.editor):
            return
        if not area.editor.flush():
            return
        record_id = area.editor.record_id()
        if self._current_key in HISTORY_AREAS and record_id is not None:
            self._follow_with_history(self._current_key, record_id)
            self.history.save_version()

    def _on_find(self) -> None:
        area = self.current_area()
        if area is not None:
            area.focus_search()

    def _on_delete(self) -> None:
        area = self.current_area()
        if area is not None:
            area.delete_current()

    def _on_refresh(self) -> None:
        area = self.current_area()
        if area is None or not area.flush():
            return
        area.refresh()
        if _is_record_editor(area.editor) and not area.editor.is_dirty():
            area.editor.reload()

    def _on_edit(self, operation: str) -> None:
        editor = self._undo_editor()
        if operation in ("undo", "redo") and editor is not None:
            # One undo history per open record, across its fields.
            getattr(editor, operation)()
            return
        widget = QApplication.focusWidget()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            getattr(widget, operation)()

    def _undo_editor(self) -> Any:
        """The record editor shown, when it keeps a record-wide undo history."""
        area = self.current_area()
        editor = area.editor if area is not None else None
        if _is_record_editor(editor) and editor.keeps_undo():
            return editor
        return None

    def _sync_undo_text(self, *_args: object) -> None:
        """The Edit menu names the step: "Undo typing in Title"."""
        editor = self._undo_editor()
        stack = editor.undo_stack if editor is not None else None
        undo = stack.undoText() if stack is not None else ""
        redo = stack.redoText() if stack is not None else ""
        self.undo_action.setText(f"&Undo {undo}".strip())
        self.redo_action.setText(f"&Redo {redo}".strip())

    def _on_saving(self) -> None:
        self.save_label.setText("Saving…")

    def _on_saved(self, _record_id: int, when: object) -> None:
        stamp = when.strftime("%H:%M:%S") if hasattr(when, "strftime") else ""
        self.save_label.setText(f"Saved at {stamp}")

    def _on_save_failed(self, message: str) -> None:
        self.save_label.setText(f"Not saved: {message}")
        self.save_label.setToolTip(message)

    def _on_about(self) -> None:
        from PySide6 import __version__ as pyside_version

        dialogs.about(
            self,
            f"About {APP_TITLE}",
            f"<h3>{APP_TITLE} {sistercity_desk.__version__}</h3>"
            "<p>Draft, track and print council motions, resolutions and sister-city "
            "agreements.</p>"
            f"<p>Database: {_safe_url(str(self.engine.url)) if self._engine else ''}<br>"
            f"Data folder: {paths.data_dir()}<br>"
            f"Qt for Python {pyside_version}</p>",
        )
