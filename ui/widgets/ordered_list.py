"""Ordered lists people edit: a list of names (seconders) and a list of item widgets
(paragraphs, articles), each with add, remove, move up and move down."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..icons import icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def tool_button(name: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(icon(name))
    button.setIconSize(QSize(16, 16))
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button


class OrderedListEditor(QWidget):
    """An ordered list of people (or any records) picked from a list of choices.

    ``set_choices`` gives the ids and names that can be picked, ``set_excluded`` the ids
    that may not (the mover cannot second), ``set_values``/``values`` the chosen ids in order.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, noun: str = "seconder") -> None:
        super().__init__(parent)
        self._names: dict[int, str] = {}
        self._order: list[int] = []
        self._excluded: set[int] = set()
        self._read_only = False

        self.list = QListWidget(self)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName(f"Pick a {noun}")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_button = tool_button("new", f"Add the picked {noun}", self)
        self.remove_button = tool_button("remove", f"Remove the selected {noun}", self)
        self.up_button = tool_button("up", "Move up", self)
        self.down_button = tool_button("down", "Move down", self)

        self._buttons = QWidget(self)
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.picker, 1)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addWidget(self._buttons)

        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)
        self.up_button.clicked.connect(lambda: self._on_move(-1))
        self.down_button.clicked.connect(lambda: self._on_move(1))
        self.list.currentRowChanged.connect(self._update_buttons)
        self._refresh()

    # -- API
    def set_choices(self, choices: Sequence[tuple[int, str]]) -> None:
        self._names.update(dict(choices))
        self._choice_order = [cid for cid, _ in choices]
        self._refresh()

    def set_excluded(self, ids: set[int]) -> None:
        self._excluded = set(ids)
        self._refresh()

    def set_values(self, ids: Sequence[int], names: dict[int, str] | None = None) -> None:
        if names:
            self._names.update(names)
        self._order = list(ids)
        self._refresh()

    def values(self) -> list[int]:
        return list(self._order)

    def names(self) -> list[str]:
        return [self._names.get(i, f"#{i}") for i in self._order]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._buttons.setVisible(not read_only)
        self._refresh()

    def add(self, record_id: int) -> bool:
        """Append a pick; False when it is excluded or already listed."""
        if record_id in self._order or record_id in self._excluded or self._read_only:
            return False
        self._order.append(record_id)
        self._refresh(select=len(self._order) - 1)
        self.changed.emit()
        return True

    def remove_at(self, row: int) -> None:
        if 0 <= row < len(self._order) and not self._read_only:
            del self._order[row]
            self._refresh(select=min(row, len(self._order) - 1))
            self.changed.emit()

    def move_item(self, row: int, delta: int) -> None:
        target = row + delta
        if self._read_only or not (0 <= row < len(self._order) and 0 <= target < len(self._order)):
            return
        self._order[row], self._order[target] = self._order[target], self._order[row]
        self._refresh(select=target)
        self.changed.emit()

    # -- handlers
    def _on_add(self) -> None:
        record_id = self.picker.currentData()
        if record_id is not None:
            self.add(int(record_id))

    def _on_remove(self) -> None:
        self.remove_at(self.list.currentRow())

    def _on_move(self, delta: int) -> None:
        self.move_item(self.list.currentRow(), delta)

    def _update_buttons(self, *_args: object) -> None:
        row = self.list.currentRow()
        editable = not self._read_only
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(self._order) - 1)
        self.add_button.setEnabled(editable and self.picker.count() > 0)

    def _refresh(self, select: int | None = None) -> None:
        self.list.clear()
        for position, record_id in enumerate(self._order, start=1):
            item = QListWidgetItem(f"{position}. {self._names.get(record_id, f'#{record_id}')}")
            item.setData(ID_ROLE, record_id)
            self.list.addItem(item)
        rows = max(2, len(self._order))
        self.list.setFixedHeight(rows * (self.list.fontMetrics().lineSpacing() + 6) + 8)
        self.picker.clear()
        for record_id in getattr(self, "_choice_order", []):
            if record_id not in self._order and record_id not in self._excluded:
                self.picker.addItem(self._names[record_id], record_id)
        if select is not None and select >= 0:
            self.list.setCurrentRow(select)
        self._update_buttons()


class _ItemFrame(QFrame):
    """One entry of an OrderedWidgetList: a heading with the move/remove buttons above the
    item's own widget."""

    def __init__(self, owner: OrderedWidgetList, widget: QWidget) -> None:
        super().__init__(owner)
        self.widget = widget
        self.setObjectName("orderedItem")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: 600; color: #34495e;")
        self.up_button = tool_button("up", "Move up", self)
        self.down_button = tool_button("down", "Move down", self)
        self.remove_button = tool_button("remove", "Remove", self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        header_widget = getattr(widget, "header_widget", None)
        if isinstance(header_widget, QWidget):
            top.addWidget(header_widget)
        top.addWidget(self.up_button)
        top.addWidget(self.down_button)
        top.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 8)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(widget)
        self.up_button.clicked.connect(lambda: owner.move_item(owner.index_of(self), -1))
        self.down_button.clicked.connect(lambda: owner.move_item(owner.index_of(self), 1))
        self.remove_button.clicked.connect(lambda: owner.remove(owner.index_of(self)))


class OrderedWidgetList(QWidget):
    """An ordered list of item widgets (paragraphs, articles, language texts).

    Each item widget should have a ``changed`` signal; ``heading(index, widget)`` names
    each entry ("1. Recital", "Article 3").
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        heading: Callable[[int, QWidget], str] = lambda i, _w: f"{i + 1}.",
    ) -> None:
        super().__init__(parent)
        self._heading = heading
        self._frames: list[_ItemFrame] = []
        self._read_only = False
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)

    def widgets(self) -> list[QWidget]:
        return [f.widget for f in self._frames]

    def frames(self) -> list[_ItemFrame]:
        return list(self._frames)

    def count(self) -> int:
        return len(self._frames)

    def index_of(self, frame: _ItemFrame) -> int:
        return self._frames.index(frame)

    def insert(self, index: int, widget: QWidget) -> None:
        index = max(0, min(index, len(self._frames)))
        frame = _ItemFrame(self, widget)
        signal = getattr(widget, "changed", None)
        if signal is not None:
            signal.connect(self.changed)
            signal.connect(self._relabel)
        if hasattr(widget, "set_read_only"):
            widget.set_read_only(self._read_only)
        self._frames.insert(index, frame)
        self._column.insertWidget(index, frame)
        self._relabel()
        self.changed.emit()

    def append(self, widget: QWidget) -> None:
        self.insert(len(self._frames), widget)

    def remove(self, index: int) -> None:
        if self._read_only or not 0 <= index < len(self._frames):
            return
        frame = self._frames.pop(index)
        self._column.removeWidget(frame)
        frame.deleteLater()
        self._relabel()
        self.changed.emit()

    def move_item(self, index: int, delta: int) -> None:
        target = index + delta
        if self._read_only or not (
            0 <= index < len(self._frames) and 0 <= target < len(self._frames)
        ):
            return
        frame = self._frames.pop(index)
        self._frames.insert(target, frame)
        self._column.removeWidget(frame)
        self._column.insertWidget(target, frame)
        self._relabel()
        self.changed.emit()

    def clear(self) -> None:
        """Remove every item without announcing a change (used when loading a record)."""
        for frame in self._frames:
            self._column.removeWidget(frame)
            frame.deleteLater()
        self._frames.clear()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for frame in self._frames:
            if hasattr(frame.widget, "set_read_only"):
                frame.widget.set_read_only(read_only)
        self._relabel()

    def _relabel(self, *_args: object) -> None:
        last = len(self._frames) - 1
        for i, frame in enumerate(self._frames):
            frame.heading.setText(self._heading(i, frame.widget))
            frame.up_button.setEnabled(not self._read_only and i > 0)
            frame.down_button.setEnabled(not self._read_only and i < last)
            for button in (frame.up_button, frame.down_button, frame.remove_button):
                button.setVisible(not self._read_only)
