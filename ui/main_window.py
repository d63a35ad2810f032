"""The main window: the navigator of areas, each a list beside an editor; menus, status bar,
saved window state, and the first-run screen of an empty database.

Hooks for other screens:
- ``window.menu("file" | "edit" | "view" | "help")`` gives a menu to add actions to, or
  ``window.add_action("file", action)``;
- ``window.area("motions")`` gives an area; ``area.add_pane(widget)`` puts a pane (a preview)
  beside its editor, ``area.record_selected`` says which record is shown,
  ``area.editor.saved`` fires after each save;
- ``window.tasks`` runs slow work off the GUI thread (see ``ui.tasks``).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
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
from sqlalchemy.engine import Engine

import sistercity_desk
from sistercity_desk import db, office, paths, recovery

from . import dialogs
from .areas import AREAS, Area
from .editors.base import RecordEditor
from .first_run import FirstRunPage
from .history import HistoryPanel
from .icons import app_icon, icon
from .printing import DocumentTools
from .tasks import TaskRunner
from .window_state import window_settings

APP_TITLE = "SisterCity Desk"

#: Areas whose records keep numbered revisions, and the record kind of each.
HISTORY_AREAS = {"motions": "motion", "agreements": "agreement"}


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self.tasks = TaskRunner(engine, self)
        self.areas: dict[str, Area] = {}
        self._current_key = ""
        self._closing_done = False
        self.setWindowTitle(f"{APP_TITLE} — {self._database_name()}")
        self.setWindowIcon(app_icon())
        available = self.screen().availableGeometry()
        self.resize(min(1240, available.width()), min(780, available.height()))

        self._pages = QStackedWidget(self)
        self.setCentralWidget(self._pages)
        self.first_run: FirstRunPage | None = None
        self.workspace: QSplitter | None = None
        # Parentless until the workspace splitter takes them: a child of the window without a
        # layout would float over the first-run screen.
        self.navigator = QListWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setIconSize(QSize(22, 22))
        self.navigator.setSpacing(2)
        self.navigator.setStyleSheet(
            "#navigator { background: #f3f5f8; border: none; padding-top: 6px; font-size: 13px; }"
            "#navigator::item { padding: 6px 8px; border-radius: 4px; color: #1d2b3a; }"
            "#navigator::item:selected { background: #dde7f5; color: #10335e; }"
        )
        self.area_stack = QStackedWidget()

        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveStatus")
        self.statusBar().addPermanentWidget(self.save_label)

        self._menus: dict[str, QMenu] = {}
        self._build_actions()
        self._build_menus()

        with db.session_scope(engine) as session:
            set_up = office.is_set_up(session=session)
        if set_up:
            self._show_workspace()
        else:
            self._show_first_run()
        self._restore_window()

    # ------------------------------------------------------------------ building

    def _database_name(self) -> str:
        path = db.sqlite_path(str(self._engine.url))
        return path.name if path is not None else db.safe_url(str(self._engine.url))

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
        for number, area_class in enumerate(AREAS, start=1):
            action = self._action(
                area_class.TITLE,
                lambda _checked=False, k=area_class.KEY: self.set_area(k),
                f"Ctrl+{number}",
                area_class.ICON,
            )
            action.setCheckable(True)
            action.setData(area_class.KEY)
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
        self.first_run = FirstRunPage(self._engine, self.tasks, self)
        self.first_run.completed.connect(self._on_first_run_completed)
        self._pages.addWidget(self.first_run)
        self._pages.setCurrentWidget(self.first_run)
        self._set_workspace_actions(False)

    def _show_workspace(self) -> None:
        if self.workspace is not None:
            return
        for area_class in AREAS:
            area = area_class(self._engine, self, tasks=self.tasks)
            self.areas[area.KEY] = area
            self.area_stack.addWidget(area)
            item = QListWidgetItem(icon(area.ICON), area.TITLE)
            item.setData(Qt.ItemDataRole.UserRole, area.KEY)
            item.setSizeHint(QSize(160, 36))
            self.navigator.addItem(item)
            editor = area.editor
            if isinstance(editor, RecordEditor):
                editor.saving.connect(self._on_saving)
                editor.saved.connect(self._on_saved)
                editor.save_failed.connect(self._on_save_failed)
        self.workspace = QSplitter(Qt.Orientation.Horizontal, self)
        self.workspace.setObjectName("workspace")
        self.workspace.setChildrenCollapsible(False)
        self.workspace.addWidget(self.navigator)
        self.workspace.addWidget(self.area_stack)
        self.workspace.setStretchFactor(0, 0)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([180, 1060])
        self.navigator.setMinimumWidth(150)
        self._pages.addWidget(self.workspace)
        self._pages.setCurrentWidget(self.workspace)
        self.navigator.currentRowChanged.connect(self._on_navigator_changed)
        # Preview panes beside the editors; print, save as, packets in the File menu.
        self.documents = DocumentTools(self)
        self._build_history()
        self._build_toolbar()
        self._set_workspace_actions(True)
        self.set_area(AREAS[0].KEY)

    def _build_history(self) -> None:
        """The revisions of the motion or agreement shown, in a dock (View > History)."""
        self.history = HistoryPanel(self._engine, parent=self)
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
        self.history_action = self.history_dock.toggleViewAction()
        self.history_action.setText("&History")
        self.history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.history_action.setIcon(icon("history"))
        self.menu("view").insertAction(self.refresh_action, self.history_action)
        for key in HISTORY_AREAS:
            area = self.areas[key]
            area.record_selected.connect(lambda rid, k=key: self._on_record_shown(k, rid))
            editor = area.editor
            if isinstance(editor, RecordEditor):
                editor.saved.connect(lambda *_args: self._refresh_history())

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
        if key in HISTORY_AREAS and record_id is not None:
            self.history.set_record(HISTORY_AREAS[key], record_id)
        else:
            self.history.set_record(None, None)

    def _refresh_history(self) -> None:
        if self.history_dock.isVisible():
            self.history.refresh()

    def _on_restored(self, kind: str, record_id: int) -> None:
        """The history restored a revision into this record (or into a new draft copy)."""
        key = f"{kind}s"
        if key not in self.areas or not self.set_area(key):
            return
        area = self.areas[key]
        area.refresh()
        if not area.select_record(record_id) and isinstance(area.editor, RecordEditor):
            area.editor.load(record_id)
        if isinstance(area.editor, RecordEditor) and area.editor.record_id() == record_id:
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
        if hasattr(self, "history"):
            self._follow_with_history(key, area.current_id())
        return True

    def offer_recovery(self) -> int:
        """Offer back the drafts kept on disk when the app last stopped before they could be
        stored (a crash, or an incomplete draft). Returns how many reached the database."""
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

    def _restore_window(self) -> None:
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if self.workspace is not None:
            splitter = settings.value("window/workspace")
            if isinstance(splitter, QByteArray):
                self.workspace.restoreState(splitter)
            for area in self.areas.values():
                area.restore_state(settings)
            last = settings.value("window/area")
            if isinstance(last, str) and last in self.areas:
                self.set_area(last)

    def save_window_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.workspace is not None:
            settings.setValue("window/workspace", self.workspace.saveState())
            settings.setValue("window/area", self._current_key)
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
        if area is None or not isinstance(area.editor, RecordEditor):
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
        if isinstance(area.editor, RecordEditor) and not area.editor.is_dirty():
            area.editor.reload()

    def _on_edit(self, operation: str) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            getattr(widget, operation)()

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
            f"<p>Database: {db.safe_url(str(self._engine.url))}<br>"
            f"Data folder: {paths.data_dir()}<br>"
            f"Qt for Python {pyside_version}</p>",
        )
