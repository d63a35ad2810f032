"""The areas of the main window (Motions, Agreements, ...): a list beside an editor.

Each area is a QWidget holding ``panel`` (filter, search box, table) and ``editor`` in
``splitter``. Other screens hook in through ``add_pane`` (a preview beside the editor),
``record_selected`` (the record shown changed) and the editor's ``saved`` signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import agreements, clauses, db, motions, people, search
from sistercity_desk import models as m
from sistercity_desk.errors import DeskError

from . import dialogs
from .editors.agreement import AgreementEditor
from .editors.base import RecordEditor
from .editors.clause import ClauseEditor
from .editors.motion import MotionEditor
from .editors.partnership import PartnershipEditor
from .editors.person import PersonEditor
from .editors.template import TemplateView
from .models.base import RECORD_ID_ROLE, ROW_ROLE, RecordFilterProxy, RowsModel, label
from .models.motions import MotionListModel
from .models.records import (
    AgreementListModel,
    ClauseListModel,
    PeopleModel,
    RegistryModel,
    TemplateListModel,
)
from .tasks import TaskRunner
from .widgets.list_panel import ListPanel

ALL = ("All", None)
#: At most this many search hits are listed (best first).
SEARCH_LIMIT = 1000


def fit_columns_to_headers(view: Any, widest: int = 320) -> None:
    """Column widths from the header texts, never from the data: measuring every row
    (resizeColumnsToContents) costs time proportional to the list, before the first paint."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    model = view.model()
    for column in range(header.count() - 1):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.resizeSection(column, min(widest, max(90, metrics.horizontalAdvance(text) + 36)))


def _status_filters(values: Sequence[str]) -> list[tuple[str, str | None]]:
    return [ALL, *((label(v), v) for v in values)]


class Area(QWidget):
    """A list and the editor of its selected record, side by side in a splitter."""

    KEY = ""
    TITLE = ""
    ICON = ""
    NOUN = "record"
    #: Full-text search kinds for the search box (empty: filter the list's text instead).
    SEARCH_KINDS: tuple[str, ...] = ()
    FILTERS: Sequence[tuple[str, str | None]] = (ALL,)
    #: The list's share of the area's width when no saved layout exists.
    LIST_SHARE = 0.4

    #: The record shown in the editor changed: its id, or None.
    record_selected = Signal(object)

    def __init__(
        self,
        engine: Engine,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        #: Runs slow work of this area off the GUI thread (the window's runner).
        self.tasks = tasks
        #: Lists, search and autosave run on ``tasks``' threads (the app); without it they
        #: run at once on the GUI thread (tests that read a list right after opening).
        self.background = background and tasks is not None
        self.panel = ListPanel(self.FILTERS, f"Search {self.TITLE.lower()}…", self)
        self.editor = self._make_editor()
        if self.background and isinstance(self.editor, RecordEditor):
            self.editor.tasks = tasks
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(f"splitter-{self.KEY}")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.editor)
        # The list grows with the window too (a quarter of the extra width), so wider
        # windows show whole titles.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        share = int(self.LIST_SHARE * 1000)
        self.splitter.setSizes([share, 1000 - share])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.splitter)
        self._setup_model()
        self.panel.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.panel.filter_changed.connect(self._on_filter_changed)
        self.panel.search_changed.connect(self._on_search_changed)
        if isinstance(self.editor, RecordEditor):
            self.editor.saved.connect(self._on_saved)
            self.editor.created.connect(self._on_created)

    # ------------------------------------------------------------------ subclass hooks

    def _make_editor(self) -> QWidget:
        raise NotImplementedError

    def _setup_model(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the list again (someone else may have changed it); keeps the selection."""
        raise NotImplementedError

    def _apply_search(self, ids: list[int] | None, text: str) -> None:
        raise NotImplementedError

    def _apply_filter(self, value: str | None) -> None:
        raise NotImplementedError

    def _row_of(self, record_id: int) -> QModelIndex:
        """The view's index of a record's row (invalid when it is not listed)."""
        raise NotImplementedError

    def _show_record(self, record_id: int | None, index: QModelIndex) -> None:
        if not isinstance(self.editor, RecordEditor):
            return
        if record_id is None:
            self.editor.show_placeholder(self._no_record_text(index))
        elif self.background:
            # Read on a worker thread: a slow database never holds the window.
            self.editor.load_in_background(record_id)
        else:
            self.editor.load(record_id)

    def _no_record_text(self, index: QModelIndex) -> str:
        return f"Select a {self.NOUN} in the list."

    #: Deletes one record in a session (None: records cannot be deleted here).
    delete_record: Callable[[Session, int, int | None], None] | None = None

    def can_create(self) -> bool:
        editor = self.editor
        return isinstance(editor, RecordEditor) and editor.can_create()

    # ------------------------------------------------------------------ public API

    @property
    def view(self) -> Any:
        return self.panel.view

    def add_pane(self, widget: QWidget, stretch: int = 2) -> None:
        """Put a pane (a document preview ...) to the right of the editor."""
        self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)

    def current_id(self) -> int | None:
        if isinstance(self.editor, RecordEditor):
            if self.editor.pending_id() is not None:
                return None  # another record is opening: nothing to print or delete yet
            return self.editor.record_id()
        index = self.view.currentIndex()
        return index.data(RECORD_ID_ROLE) if index.isValid() else None

    def select_record(self, record_id: int) -> bool:
        """Select a record's row (loading its editor); False when it is not listed."""
        index = self._row_of(record_id)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def flush(self) -> bool:
        """Save the editor's pending edits; when they cannot be saved, ask whether to drop
        them. False: the person wants to stay and fix them."""
        if not isinstance(self.editor, RecordEditor):
            return True
        if self.editor.flush():
            return True
        problem = self.editor.current_problem() or "The edits could not be saved."
        if dialogs.confirm(
            self,
            "Unsaved changes",
            f"Your changes to this {self.NOUN} could not be saved:\n\n{problem}\n\n"
            "Drop them, or stay and fix them?",
            action="Drop my changes",
        ):
            self.editor.discard()
            return True
        return False

    def new_record(self) -> bool:
        if not self.can_create() or not self.flush():
            return False
        assert isinstance(self.editor, RecordEditor)
        self.view.selectionModel().clearCurrentIndex()
        try:
            self.editor.start_new()
        except DeskError as exc:
            dialogs.show_error(self, f"New {self.NOUN}", exc.message)
            return False
        self.record_selected.emit(None)
        return True

    def delete_current(self) -> bool:
        record_id = self.current_id()
        if self.delete_record is None or record_id is None:
            return False
        name = self.view.currentIndex().siblingAtColumn(self._name_column()).data() or self.NOUN
        if not dialogs.confirm(
            self,
            f"Delete {self.NOUN}",
            f"Delete the {self.NOUN} “{name}”? This cannot be undone.",
            action="Delete",
        ):
            return False
        version = self.editor.version() if isinstance(self.editor, RecordEditor) else None
        try:
            with db.session_scope(self._engine) as session:
                self.delete_record(session, record_id, version)
        except DeskError as exc:
            dialogs.show_error(self, f"Cannot delete this {self.NOUN}", exc.message)
            return False
        if isinstance(self.editor, RecordEditor):
            self.editor.discard()
            self.editor.show_placeholder(f"The {self.NOUN} was deleted.")
        self.refresh()
        self.record_selected.emit(None)
        return True

    def _name_column(self) -> int:
        return 0

    def focus_search(self) -> None:
        self.panel.search_box.setFocus()
        self.panel.search_box.selectAll()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"areas/{self.KEY}/splitter", self.splitter.saveState())
        settings.setValue(f"areas/{self.KEY}/header", self.view.horizontalHeader().saveState())
        shown = isinstance(self.editor, RecordEditor) and self.editor.is_showing_record()
        settings.setValue(f"areas/{self.KEY}/record", (self.current_id() or 0) if shown else 0)
        if isinstance(self.editor, RecordEditor):
            settings.setValue(f"areas/{self.KEY}/zoom", self.editor.zoom_level())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value(f"areas/{self.KEY}/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value(f"areas/{self.KEY}/header")
        if isinstance(header, QByteArray):
            self.view.horizontalHeader().restoreState(header)
        try:
            record = int(settings.value(f"areas/{self.KEY}/record") or 0)
        except (TypeError, ValueError):
            record = 0
        try:
            zoom = int(settings.value(f"areas/{self.KEY}/zoom") or 0)
        except (TypeError, ValueError):
            zoom = 0  # a settings file edited by hand: the system's size
        if isinstance(self.editor, RecordEditor) and zoom:
            self.editor.set_zoom(zoom)
        #: The record open when the app last closed: opened again when the area first shows.
        self.reopen_id = record or None
        if self.isVisible():
            self._reopen_last()

    def _reopen_last(self) -> None:
        record, self.reopen_id = getattr(self, "reopen_id", None), None
        if record is not None and self.current_id() is None:
            self.select_record(record)  # gone since: the list just shows no selection

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reopen_last()

    # ------------------------------------------------------------------ handlers

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        record_id = current.data(RECORD_ID_ROLE)
        editor = self.editor
        if (
            isinstance(editor, RecordEditor)
            and record_id is not None
            and record_id == editor.wanted_id()
        ):
            return
        if not self.flush():
            # Stay on the record whose edits need fixing.
            model = self.view.selectionModel()
            model.blockSignals(True)
            model.setCurrentIndex(
                previous,
                model.SelectionFlag.ClearAndSelect | model.SelectionFlag.Rows,
            )
            model.blockSignals(False)
            return
        self._show_record(record_id, current)
        self.record_selected.emit(record_id)

    def _on_filter_changed(self, value: str | None) -> None:
        self._apply_filter(value)
        self._update_count()

    #: Bumped by each change of the search text: an older search's hits are dropped.
    _search_generation = 0

    def _on_search_changed(self, text: str) -> None:
        self._search_generation += 1
        if not text.strip() or not self.SEARCH_KINDS:
            self._apply_search(None, text)
            self._update_count()
            return
        kinds = list(self.SEARCH_KINDS)
        if not self.background:
            with db.session_scope(self._engine) as session:
                hits = search.search(session, text, kinds=kinds, limit=SEARCH_LIMIT)
            self._apply_search(self._ids_of(hits), text)
            self._update_count()
            return
        assert self.tasks is not None
        generation = self._search_generation

        def found(hits: list[search.Hit]) -> None:
            if generation == self._search_generation:
                self._apply_search(self._ids_of(hits), text)
                self._update_count()

        self.tasks.submit(
            lambda ctx: search.search(ctx.session, text, kinds=kinds, limit=SEARCH_LIMIT),
            on_success=found,
            description=f"Searching {self.TITLE.lower()}",
        )

    def _ids_of(self, hits: list[search.Hit]) -> list[int]:
        return [h.record_id for h in hits]

    def _select_quietly(self, index: QModelIndex) -> None:
        """Select a row again after the list was read anew, without loading its record."""
        model = self.view.selectionModel()
        model.blockSignals(True)
        self.view.setCurrentIndex(index)
        model.blockSignals(False)

    def _on_saved(self, record_id: int, _when: object) -> None:
        self.refresh()

    def _on_created(self, record_id: int) -> None:
        self.refresh()
        self.select_record(record_id)
        self.record_selected.emit(record_id)

    def _update_count(self) -> None:
        self.panel.set_count(self.view.model().rowCount())


class TableArea(Area):
    """An area whose whole list is loaded at once (a few hundred rows at most)."""

    def _make_model(self) -> RowsModel:
        raise NotImplementedError

    def _setup_model(self) -> None:
        self.model = self._make_model()
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.refresh()

    _refresh_generation = 0

    def refresh(self) -> None:
        keep = self.current_id()
        self._refresh_generation += 1
        if self.background and self.model.READS_DATABASE:
            assert self.tasks is not None
            generation = self._refresh_generation
            model = self.model
            self.tasks.submit(
                lambda ctx: model.read(ctx.session),
                on_success=lambda rows: self._show_rows(generation, rows, keep),
                description=f"Reading {self.TITLE.lower()}",
            )
            return
        self.model.refresh()  # type: ignore[attr-defined]
        self._after_rows(keep)

    def _show_rows(self, generation: int, rows: list[Any], keep: int | None) -> None:
        if generation != self._refresh_generation:
            return
        keep = self.current_id() if self.current_id() is not None else keep
        self.model.set_rows(rows)
        self._after_rows(keep)

    def _after_rows(self, keep: int | None) -> None:
        if keep is not None:
            index = self._row_of(keep)
            if index.isValid():
                self._select_quietly(index)
        self._update_count()
        if not self._columns_fitted:
            # Once: later reloads (after each autosave) keep the widths the person chose.
            self._columns_fitted = True
            fit_columns_to_headers(self.view)

    _columns_fitted = False

    def _row_of(self, record_id: int) -> QModelIndex:
        row = self.model.row_of(record_id)
        if row < 0:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, 0))

    def _apply_filter(self, value: str | None) -> None:
        self.proxy.set_status(value)

    def _apply_search(self, ids: list[int] | None, text: str) -> None:
        if self.SEARCH_KINDS:
            self.proxy.set_ids(ids)
        else:
            self.proxy.set_text(text)


# --------------------------------------------------------------------------- the areas


class MotionsArea(Area):
    KEY = "motions"
    TITLE = "Motions"
    ICON = "motions"
    NOUN = "motion"
    SEARCH_KINDS = ("motion",)
    FILTERS = _status_filters([s.value for s in m.MotionStatus])

    def _make_editor(self) -> QWidget:
        return MotionEditor(self._engine, self)

    def _setup_model(self) -> None:
        self.model = MotionListModel(
            self._engine, self, tasks=self.tasks if self.background else None
        )
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSortIndicator(MotionListModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        header.setSectionResizeMode(MotionListModel.COL_TITLE, QHeaderView.ResizeMode.Interactive)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        fit_columns_to_headers(self.view)
        header.resizeSection(MotionListModel.COL_TITLE, 280)
        self.model.refresh()
        self._update_count()

    def refresh(self) -> None:
        keep = self.current_id()
        if keep is None:
            self.model.refresh()
        else:
            self.model.refresh(then=lambda: self._reselect(keep, max_pages=5))

    def _reselect(self, record_id: int, max_pages: int) -> None:
        for _ in range(max_pages):
            row = self.model.row_of(record_id)
            if row >= 0 or not self.model.canFetchMore():
                break
            self.model.fetchMore()
        row = self.model.row_of(record_id)
        if row >= 0:
            self._select_quietly(self.model.index(row, 0))

    def _row_of(self, record_id: int) -> QModelIndex:
        row = self.model.fetch_until(record_id)
        return self.model.index(row, 0) if row >= 0 else QModelIndex()

    def _apply_filter(self, value: str | None) -> None:
        self.model.set_status(value)

    def _apply_search(self, ids: list[int] | None, text: str) -> None:
        self.model.set_ids(ids)

    def _on_search_changed(self, text: str) -> None:
        # One query: the best matches read ranked with their list columns (on a worker
        # thread in the app), not a search for ids and then the list over those ids.
        self.model.set_search(text)
        self._update_count()

    def _on_saved(self, record_id: int, _when: object) -> None:
        # One row changes; the list is not read again (it may be 50,000 long).
        self.model.update_record(record_id)

    def _on_created(self, record_id: int) -> None:
        self.model.refresh(then=lambda: self._reselect(record_id, max_pages=5))
        self.record_selected.emit(record_id)

    def _update_count(self, *_args: object) -> None:
        self.panel.set_count(self.model.rowCount(), self.model.total())

    def _name_column(self) -> int:
        return MotionListModel.COL_TITLE

    @staticmethod
    def delete_record(session: Session, record_id: int, version: int | None) -> None:
        motions.delete_motion(session=session, motion_id=record_id, expected_version=version)


class AgreementsArea(TableArea):
    KEY = "agreements"
    TITLE = "Agreements"
    ICON = "agreements"
    NOUN = "agreement"
    LIST_SHARE = 0.3
    SEARCH_KINDS = ("agreement",)
    FILTERS = _status_filters([s.value for s in m.AgreementStatus])

    def _make_editor(self) -> QWidget:
        return AgreementEditor(self._engine, self)

    def _make_model(self) -> RowsModel:
        return AgreementListModel(self._engine, self)

    def _name_column(self) -> int:
        return AgreementListModel.COL_TITLE

    @staticmethod
    def delete_record(session: Session, record_id: int, version: int | None) -> None:
        agreements.delete_agreement(session=session, agreement_id=record_id)


class CitiesArea(TableArea):
    KEY = "cities"
    TITLE = "Sister Cities"
    ICON = "sister-cities"
    NOUN = "sister city"
    LIST_SHARE = 0.55
    SEARCH_KINDS = ("city", "partnership")
    FILTERS = _status_filters([s.value for s in m.PartnershipStatus])

    def _make_editor(self) -> QWidget:
        return PartnershipEditor(self._engine, self)

    def _make_model(self) -> RowsModel:
        return RegistryModel(self._engine, self)

    def _ids_of(self, hits: list[search.Hit]) -> list[int]:
        ids: list[int] = []
        for hit in hits:
            if hit.kind == "partnership":
                ids.append(hit.record_id)
            else:
                partnership = self.model.partnership_for_city(hit.record_id)  # type: ignore[attr-defined]
                if partnership is not None:
                    ids.append(partnership)
        return ids

    def _name_column(self) -> int:
        return RegistryModel.COL_NAME


class PeopleArea(TableArea):
    KEY = "people"
    TITLE = "People"
    ICON = "people"
    NOUN = "person"
    LIST_SHARE = 0.5
    SEARCH_KINDS = ("person",)
    FILTERS = [ALL, *((text, value) for value, text in PeopleModel.GROUPS.items())]

    def _make_editor(self) -> QWidget:
        return PersonEditor(self._engine, self)

    def _make_model(self) -> RowsModel:
        return PeopleModel(self._engine, self)

    def _no_record_text(self, index: QModelIndex) -> str:
        row = index.data(ROW_ROLE)
        if row is not None and row.group == "vacant":
            return f"Council District {row.district} is vacant."
        return super()._no_record_text(index)

    def _name_column(self) -> int:
        return PeopleModel.COL_NAME

    @staticmethod
    def delete_record(session: Session, record_id: int, version: int | None) -> None:
        people.delete_person(session=session, person_id=record_id)


class ClausesArea(TableArea):
    KEY = "clauses"
    TITLE = "Standard Clauses"
    ICON = "clauses"
    NOUN = "standard clause"
    SEARCH_KINDS = ("clause",)
    FILTERS = _status_filters([k.value for k in m.ClauseKind])

    def _make_editor(self) -> QWidget:
        return ClauseEditor(self._engine, self)

    def _make_model(self) -> RowsModel:
        return ClauseListModel(self._engine, self)

    @staticmethod
    def delete_record(session: Session, record_id: int, version: int | None) -> None:
        clauses.delete_clause(session=session, clause_id=record_id)


class TemplatesArea(TableArea):
    KEY = "templates"
    TITLE = "Templates"
    ICON = "templates"
    NOUN = "template"
    FILTERS = [ALL, ("Shipped", "shipped"), ("Office", "office")]

    def _make_editor(self) -> QWidget:
        return TemplateView(self.tasks, self)

    def _make_model(self) -> RowsModel:
        return TemplateListModel(self)

    #: The template list is read when the area is first shown: finding templates loads the
    #: document libraries, which the start of the app does not need.
    _shown = False

    def refresh(self) -> None:
        if self._shown:
            super().refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown:
            self._shown = True
            self.refresh()
        super().showEvent(event)

    def _show_record(self, record_id: int | None, index: QModelIndex) -> None:
        assert isinstance(self.editor, TemplateView)
        self.editor.show_row(index.data(ROW_ROLE) if index.isValid() else None)


AREAS: tuple[type[Area], ...] = (
    MotionsArea,
    AgreementsArea,
    CitiesArea,
    PeopleArea,
    ClausesArea,
    TemplatesArea,
)
