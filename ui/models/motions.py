"""The motion list: loaded a page at a time, sorted and filtered by the database; with a task
runner the pages are read on worker threads and fill in as they arrive."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from sqlalchemy.engine import Engine

from sistercity_desk import db, motions

if TYPE_CHECKING:
    from ..tasks import TaskContext, TaskRunner

from .base import (
    RECORD_ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    STATUS_ROLE,
    AnyIndex,
    label,
    local_time,
)

#: What a read of the list depends on: status, ids, sort key, descending, search text.
Query = tuple[str | None, list[int] | None, str, bool, str | None]


class MotionListModel(QAbstractTableModel):
    """Rows come from ``motions.list_motions`` in pages of ``PAGE_SIZE`` as the view scrolls
    (canFetchMore/fetchMore), so a database of 50,000 motions opens at once. Sorting is done
    by the database (``sort``), filtering too (status, and the ids found by a search)."""

    COL_FILE = 0
    COL_TITLE = 1
    COL_MOVER = 2
    COL_STATUS = 3
    COL_INTRODUCED = 4
    COL_UPDATED = 5
    HEADERS = ("Council File", "Title", "Mover", "Status", "Introduced", "Updated")
    #: Which list_motions sort key each column uses (None: the column cannot be sorted).
    SORT_KEYS = {
        COL_FILE: "council_file",
        COL_TITLE: "title",
        COL_MOVER: None,
        COL_STATUS: "status",
        COL_INTRODUCED: "introduced_on",
        COL_UPDATED: "updated_at",
    }
    PAGE_SIZE = 200
    #: A search lists at most this many motions, the best matches (one page).
    SEARCH_LIMIT = 100
    _ranked = True

    #: A read of the list (a refresh) was shown.
    loaded = Signal()

    def __init__(self, engine: Engine, parent: Any = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        #: Reads run here when set (the GUI thread never waits on the database).
        self._tasks = tasks
        self._generation = 0  # bumped by each refresh: older reads are dropped
        self._refreshing = False
        self._fetching = False
        self._loaded = False
        self._then: list[Callable[[], None]] = []
        self._rows: list[motions.MotionRow] = []
        self._total = 0
        self._status: str | None = None
        self._ids: list[int] | None = None
        #: The search text: rows are then the best matches, ranked, read in one query.
        self._search: str | None = None
        self._sort = "updated_at"
        self._descending = True

    # -- loading
    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Count again and load the first page (after a filter change or someone's save);
        ``then`` runs once it is shown. With a task runner this returns at once."""
        self._generation += 1
        if then is not None:
            self._then.append(then)
        if self._tasks is None:
            self._refresh_now()
            return
        generation = self._generation
        query = self._query()
        self._refreshing = True
        self._tasks.submit(
            lambda ctx: self._read_first(ctx, query),
            on_success=lambda result: self._apply_first(generation, result),
            on_failure=lambda exc: self._read_failed(generation, exc),
            description="Reading the motion list",
        )

    def _query(self) -> Query:
        return self._status, self._ids, self._sort, self._descending, self._search

    def _read_first(self, ctx: TaskContext, query: Query) -> tuple[int, list[motions.MotionRow]]:
        assert ctx.session is not None
        return self._first(ctx.session, query)

    def _first(self, session: Any, query: Query) -> tuple[int, list[motions.MotionRow]]:
        status, ids, _sort, _descending, text = query
        if text is not None:
            rows = self._sorted(
                motions.search_motions(
                    session=session, query=text, status=status, limit=self.SEARCH_LIMIT
                )
            )
            return len(rows), rows
        total = motions.count_motions(session=session, status=status, ids=ids)
        return total, self._page(session, 0, query)

    def _sorted(self, rows: list[motions.MotionRow]) -> list[motions.MotionRow]:
        """Search results best first, or in the order of a column clicked meanwhile."""
        if self._ranked:
            return rows
        key = self._sort if self._sort in motions.MotionRow.__dataclass_fields__ else "id"
        present = [r for r in rows if getattr(r, key) is not None]
        missing = [r for r in rows if getattr(r, key) is None]
        present.sort(key=lambda r: getattr(r, key), reverse=self._descending)
        return present + missing

    def _apply_first(self, generation: int, result: tuple[int, list[motions.MotionRow]]) -> None:
        if generation != self._generation:
            return  # a newer filter or search is on its way
        self._refreshing = False
        self.beginResetModel()
        self._total, self._rows = result
        self._loaded = True
        self.endResetModel()
        self._after_load()

    def _read_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._refreshing = False
            self._then.clear()
        raise exc

    def _refresh_now(self) -> None:
        self._generation += 1
        self._refreshing = False
        self.beginResetModel()
        with db.session_scope(self._engine) as session:
            self._total, self._rows = self._first(session, self._query())
        self._loaded = True
        self.endResetModel()
        self._after_load()

    def _after_load(self) -> None:
        then, self._then = self._then, []
        self.loaded.emit()
        for callback in then:
            callback()

    def is_loaded(self) -> bool:
        """The first page of the current filter has been shown."""
        return self._loaded and not self._refreshing

    def _page(
        self, session: Any, offset: int, query: Query | None = None
    ) -> list[motions.MotionRow]:
        status, ids, sort, descending, text = query or self._query()
        if text is not None or (ids is not None and not ids):
            return []  # a search's rows come whole with the first read
        return motions.list_motions(
            session=session,
            status=status,
            ids=ids,
            offset=offset,
            limit=self.PAGE_SIZE,
            sort=sort,
            descending=descending,
        )

    def total(self) -> int:
        """How many motions match the filter (loaded or not)."""
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._refreshing
            and not self._fetching
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        if self._tasks is None:
            self._fetch_now()
            return
        if self._fetching or self._refreshing:
            return
        generation, offset, query = self._generation, len(self._rows), self._query()
        self._fetching = True

        def read(ctx: TaskContext) -> list[motions.MotionRow]:
            return self._page(ctx.session, offset, query)

        def failed(exc: BaseException) -> None:
            self._fetching = False
            raise exc

        self._tasks.submit(
            read,
            on_success=lambda page: self._apply_page(generation, offset, page),
            on_failure=failed,
            description="Reading more of the motion list",
        )

    def _apply_page(self, generation: int, offset: int, page: list[motions.MotionRow]) -> None:
        self._fetching = False
        if generation != self._generation or offset != len(self._rows):
            return
        self._insert_page(page)

    def _fetch_now(self) -> None:
        if self._refreshing:
            self._refresh_now()
        with db.session_scope(self._engine) as session:
            page = self._page(session, len(self._rows))
        self._insert_page(page)

    def _insert_page(self, page: list[motions.MotionRow]) -> None:
        if not page:
            # The table shrank since it was counted: stop asking for more.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def fetch_until(self, record_id: int) -> int:
        """Load pages until ``record_id`` is loaded; its row, or -1 when it is not listed.
        Reads at once (someone asked for this record by its id: a jump, not typing)."""
        if self._refreshing:
            self._refresh_now()
        self._fetching = False
        while True:
            row = self.row_of(record_id)
            if row >= 0 or len(self._rows) >= self._total:
                return row
            before = len(self._rows)
            self._fetch_now()
            if len(self._rows) == before:
                return -1

    # -- filters and order
    def set_status(self, status: str | None) -> None:
        self._status = status or None
        self.refresh()

    def set_ids(self, ids: list[int] | None) -> None:
        """Show only these motions; None shows all."""
        self._ids = None if ids is None else list(ids)
        self.refresh()

    def set_search(self, text: str | None) -> None:
        """Show the motions best matching ``text``, best first (None: the whole list)."""
        text = (text or "").strip() or None
        if text == self._search:
            return
        self._search = text
        self._ranked = True
        self.refresh()

    def search_text(self) -> str | None:
        return self._search

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._search is not None and self._loaded and not self._refreshing:
            # The found rows are all here: order them without asking the database again.
            self._ranked = False
            self.beginResetModel()
            self._rows = self._sorted(self._rows)
            self.endResetModel()
            return
        self.refresh()

    def sort_state(self) -> tuple[str, bool]:
        return self._sort, self._descending

    # -- rows
    def row_at(self, row: int) -> motions.MotionRow:
        return self._rows[row]

    def row_of(self, record_id: int | None) -> int:
        for i, row in enumerate(self._rows):
            if row.id == record_id:
                return i
        return -1

    def update_record(self, record_id: int) -> None:
        """Show the saved state of one loaded motion without reloading the list."""
        if self.row_of(record_id) < 0:
            return
        if self._tasks is None:
            with db.session_scope(self._engine) as session:
                self._replace_row(record_id, motions.list_motions(session=session, ids=[record_id]))
            return
        self._tasks.submit(
            lambda ctx: motions.list_motions(session=ctx.session, ids=[record_id]),
            on_success=lambda fresh: self._replace_row(record_id, fresh),
            description="Reading a motion's row",
        )

    def _replace_row(self, record_id: int, fresh: list[motions.MotionRow]) -> None:
        row = self.row_of(record_id)
        if fresh and row >= 0:
            self._rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- Qt model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def _display(self, row: motions.MotionRow, column: int) -> str:
        if column == self.COL_FILE:
            return row.council_file or ""
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_MOVER:
            return row.mover or ""
        if column == self.COL_STATUS:
            return label(row.status)
        if column == self.COL_INTRODUCED:
            return row.introduced_on.isoformat() if row.introduced_on else ""
        if column == self.COL_UPDATED:
            return local_time(row.updated_at)
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_TITLE:
            return row.title
        if role == RECORD_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None
