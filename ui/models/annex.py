"""The agreement's annex (donated equipment) as an editable table model."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from sistercity_desk.agreements import AnnexItemData, annex_total

from .base import AnyIndex


@dataclass
class AnnexLine:
    """One line as the person edits it; the value stays text until the core checks it."""

    description: str = ""
    quantity: int = 1
    condition: str = ""
    estimated_value: str = ""
    currency: str = "USD"
    description_partner: str = ""
    condition_partner: str = ""

    @classmethod
    def of(cls, item: AnnexItemData) -> AnnexLine:
        value = item.estimated_value
        text = (
            ""
            if value is None
            else (format(value, "f") if isinstance(value, Decimal) else str(value))
        )
        return cls(
            item.description,
            item.quantity,
            item.condition,
            text,
            item.currency,
            item.description_partner,
            item.condition_partner,
        )

    def data(self) -> AnnexItemData:
        return AnnexItemData(
            self.description,
            self.quantity,
            self.condition,
            self.estimated_value or None,
            self.currency,
            self.description_partner,
            self.condition_partner,
        )


class AnnexModel(QAbstractTableModel):
    COL_DESCRIPTION = 0
    COL_QUANTITY = 1
    COL_CONDITION = 2
    COL_VALUE = 3
    COL_DESCRIPTION_PARTNER = 4
    COL_CONDITION_PARTNER = 5
    HEADERS = (
        "Description",
        "Quantity",
        "Condition",
        "Unit value",
        "Description (partner language)",
        "Condition (partner language)",
    )

    #: Any change made through the model (cell edit, row added or removed).
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[AnnexLine] = []
        self._read_only = False

    def set_items(self, items: list[AnnexItemData]) -> None:
        self.beginResetModel()
        self._lines = [AnnexLine.of(i) for i in items]
        self.endResetModel()

    def items(self) -> list[AnnexItemData]:
        return [line.data() for line in self._lines]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def add_line(self, line: AnnexLine | None = None) -> int:
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(line or AnnexLine())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        self.endRemoveRows()
        self.edited.emit()

    def total(self) -> Decimal:
        """The annex total by the core's one rule (agreements.annex_total), so the editor
        shows the figure the page prints."""
        lines = []
        for line in self._lines:
            try:
                value = Decimal(line.estimated_value.replace(",", "").replace("$", "").strip())
            except ArithmeticError:
                continue  # not a number yet: the core names it when the draft is saved
            if value.is_finite():
                lines.append((value, line.quantity, line.currency))
        total = annex_total(lines)
        return Decimal(0) if total is None else total[0]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.COL_DESCRIPTION:
                return line.description
            if column == self.COL_QUANTITY:
                return line.quantity if role == Qt.ItemDataRole.EditRole else str(line.quantity)
            if column == self.COL_CONDITION:
                return line.condition
            if column == self.COL_DESCRIPTION_PARTNER:
                return line.description_partner
            if column == self.COL_CONDITION_PARTNER:
                return line.condition_partner
            if column == self.COL_VALUE:
                if role == Qt.ItemDataRole.DisplayRole and line.estimated_value:
                    return f"{line.estimated_value} {line.currency}"
                return line.estimated_value
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_QUANTITY,
            self.COL_VALUE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._read_only:
            return False
        line = self._lines[index.row()]
        column = index.column()
        if column == self.COL_DESCRIPTION:
            line.description = str(value)
        elif column == self.COL_QUANTITY:
            try:
                quantity = int(value)
            except (TypeError, ValueError):
                return False
            if quantity < 1:
                return False
            line.quantity = quantity
        elif column == self.COL_CONDITION:
            line.condition = str(value)
        elif column == self.COL_DESCRIPTION_PARTNER:
            line.description_partner = str(value)
        elif column == self.COL_CONDITION_PARTNER:
            line.condition_partner = str(value)
        elif column == self.COL_VALUE:
            line.estimated_value = str(value).strip()
        else:
            return False
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
