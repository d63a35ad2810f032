"""Shared pieces of the table models: the roles, a column description, a rows model and
the filter proxy the lists use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sistercity_desk.text import fold

#: The id of the record a row shows (int, or None for a row with no record: a vacant seat).
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's status, kind or group: what the list's filter combo compares with.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
#: A value that sorts right (numbers as numbers, no value last).
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
#: The whole row object (a frozen dataclass of plain values).
ROW_ROLE = Qt.ItemDataRole.UserRole + 4

AnyIndex = QModelIndex | QPersistentModelIndex


def label(value: str) -> str:
    """A stored code as people read it: "under_review" -> "Under review"."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def sort_value(value: Any) -> Any:
    """A key that compares across rows: None last, text folded, dates as ISO text."""
    if value is None or value == "":
        return "\uffff"
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    #: What the column sorts by; the shown value when None.
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel):
    """A read-only table of frozen rows; subclasses name their columns in ``COLUMNS``."""

    COLUMNS: ClassVar[Sequence[Column]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._loaded = False

    # -- reading (models over the database set ``_engine`` and implement ``read``)
    #: Whether ``read`` reads the database (then the area may run it on a worker thread).
    READS_DATABASE = True

    def read(self, session: Any) -> list[Any]:
        """The rows, read in ``session`` (plain frozen rows: safe to hand between threads)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the rows again, at once."""
        from sistercity_desk import db

        with db.session_scope(self._engine) as session:  # type: ignore[attr-defined]
            rows = self.read(session)
        self.set_rows(rows)

    def is_loaded(self) -> bool:
        """Rows have arrived at least once."""
        return self._loaded

    # -- what subclasses say about a row
    def record_id(self, row: Any) -> int | None:
        return getattr(row, "id", None)

    def status(self, row: Any) -> str:
        return str(getattr(row, "status", ""))

    # -- data
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._loaded = True
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int | None) -> int:
        """The row showing ``record_id``, or -1."""
        for i, row in enumerate(self._rows):
            if self.record_id(row) == record_id:
                return i
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            value = column.value(row)
            return None if value in (None, "") else str(value)
        if role == SORT_ROLE:
            return sort_value(column.sort(row) if column.sort else column.value(row))
        if role == RECORD_ID_ROLE:
            return self.record_id(row)
        if role == STATUS_ROLE:
            return self.status(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section].header
        return None


class RecordFilterProxy(QSortFilterProxyModel):
    """Filters a list by status (the combo), by a set of record ids (full-text search hits)
    and, for lists the search index does not hold, by text in any column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._ids: set[int] | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status or None
        self.endFilterChange()

    def set_ids(self, ids: Iterable[int] | None) -> None:
        self.beginFilterChange()
        self._ids = None if ids is None else set(ids)
        self.endFilterChange()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = fold(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        first = model.index(source_row, 0, source_parent)
        if self._status is not None and model.data(first, STATUS_ROLE) != self._status:
            return False
        if self._ids is not None and model.data(first, RECORD_ID_ROLE) not in self._ids:
            return False
        if self._text:
            cells = (
                str(model.data(model.index(source_row, c, source_parent)) or "")
                for c in range(model.columnCount())
            )
            return any(self._text in fold(cell) for cell in cells)
        return True
