"""The motion list: loaded a page at a time, sorted and filtered by the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from sqlalchemy.engine import Engine

from sistercity_desk import db, motions

from .base import (
    RECORD_ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    STATUS_ROLE,
    AnyIndex,
    label,
    local_time,
)


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

    def __init__(self, engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._rows: list[motions.MotionRow] = []
        self._total = 0
        self._status: str | None = None
        self._ids: list[int] | None = None
        self._sort = "updated_at"
        self._descending = True

    # -- loading
    def refresh(self) -> None:
        """Count again and load the first page (after a filter change or someone's save)."""
        self.beginResetModel()
        with db.session_scope(self._engine) as session:
            self._total = motions.count_motions(session=session, status=self._status, ids=self._ids)
            self._rows = self._page(session, 0)
        self.endResetModel()

    def _page(self, session: Any, offset: int) -> list[motions.MotionRow]:
        if self._ids is not None and not self._ids:
            return []
        return motions.list_motions(
            session=session,
            status=self._status,
            ids=self._ids,
            offset=offset,
            limit=self.PAGE_SIZE,
            sort=self._sort,
            descending=self._descending,
        )

    def total(self) -> int:
        """How many motions match the filter (loaded or not)."""
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        with db.session_scope(self._engine) as session:
            page = self._page(session, len(self._rows))
        if not page:
            # The table shrank since it was counted: stop asking for more.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def fetch_until(self, record_id: int) -> int:
        """Load pages until ``record_id`` is loaded; its row, or -1 when it is not listed."""
        while True:
            row = self.row_of(record_id)
            if row >= 0 or not self.canFetchMore():
                return row
            self.fetchMore()

    # -- filters and order
    def set_status(self, status: str | None) -> None:
        self._status = status or None
        self.refresh()

    def set_ids(self, ids: list[int] | None) -> None:
        """Show only these motions (search results); None shows all."""
        self._ids = None if ids is None else list(ids)
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
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
        row = self.row_of(record_id)
        if row < 0:
            return
        with db.session_scope(self._engine) as session:
            fresh = motions.list_motions(session=session, ids=[record_id])
        if fresh:
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
