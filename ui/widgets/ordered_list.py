"""Ordered lists people edit: a list of names (seconders) and a list of item widgets
(paragraphs, articles), each with add, remove, move up and move down."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..icons import icon
from ..look import heading

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def shortcut(keys: str, parent: QWidget, slot: Callable[[], object]) -> QShortcut:
    """A key that acts while the focus is anywhere inside ``parent``."""
    action = QShortcut(QKeySequence(keys), parent)
    action.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.activated.connect(slot)
    return action


def match_name(names: Sequence[str], typed: str) -> int:
    """The index of the name ``typed`` stands for: the same name, else the only one that
    starts with it, else the only one containing it (case ignored, spaces kept, so "Paul Kr"
    is Paul Krekorian and not Paul Koretz); -1 when none or several match."""
    key = " ".join(typed.split()).casefold()
    if not key:
        return -1
    folded = [" ".join(n.split()).casefold() for n in names]
    for test in (str.__eq__, str.startswith, str.__contains__):
        found = [i for i, name in enumerate(folded) if test(name, key)]
        if len(found) == 1:
            return found[0]
        if found and test is str.__eq__:
            return found[0]
    return -1


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
        self.list.setAccessibleName(f"{noun.capitalize()}s in order")
        # A visible focus ring: the frame takes the highlight colour while the list has the
        # keyboard (the style alone only outlined the current row, easy to miss).
        self.list.setStyleSheet(
            "QListWidget { border: 1px solid palette(mid); }"
            "QListWidget:focus { border: 2px solid palette(highlight); }"
        )
        self.picker = QComboBox(self)
        self.picker.setAccessibleName(f"Pick a {noun}")
        # Typed names are matched whole, spaces included ("Paul Kr" + Enter adds Paul
        # Krekorian); the box never grows wider than the pane because of a long name.
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(12)
        line = self.picker.lineEdit()
        line.setPlaceholderText(f"Type a name, Enter adds the {noun}")
        line.returnPressed.connect(self._on_add)
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
        #: Where a row label's mnemonic lands: where a name is typed. (Not a focus proxy: Qt
        #: then skips the list, which comes before it, when tabbing.)
        self.mnemonic_target = self.picker

        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)
        self.up_button.clicked.connect(lambda: self._on_move(-1))
        self.down_button.clicked.connect(lambda: self._on_move(1))
        self.list.currentRowChanged.connect(self._update_buttons)
        # Alt+Up/Down move the selected name, Delete removes it.
        for keys, slot in (
            ("Alt+Up", lambda: self._on_move(-1)),
            ("Alt+Down", lambda: self._on_move(1)),
            ("Delete", self._on_remove),
        ):
            shortcut(keys, self.list, slot)
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
        names = [self.picker.itemText(i) for i in range(self.picker.count())]
        typed = self.picker.currentText()
        index = match_name(names, typed) if typed.strip() else self.picker.currentIndex()
        if index < 0:
            return
        record_id = self.picker.itemData(index)
        if record_id is not None and self.add(int(record_id)):
            self.picker.setCurrentIndex(-1)
            self.picker.clearEditText()

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
        self.picker.blockSignals(True)
        self.picker.clear()
        for record_id in getattr(self, "_choice_order", []):
            if record_id not in self._order and record_id not in self._excluded:
                self.picker.addItem(self._names[record_id], record_id)
        self.picker.setCurrentIndex(-1)
        self.picker.blockSignals(False)
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
        heading(self.heading)
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
    #: Ctrl+Enter in an item: add a new one at this index (after the current item).
    add_requested = Signal(int)

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
        self._last_index = -1
        #: The widget Tab comes from before the first item (the buttons above the list).
        self.tab_anchor: QWidget | None = None
        #: Called with each item widget as it is added (the editor attaches spell check).
        self.on_insert: Callable[[QWidget], object] | None = None
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        for keys, slot in (
            ("Alt+Up", lambda: self._move_current(-1)),
            ("Alt+Down", lambda: self._move_current(1)),
            ("Ctrl+Return", self._request_add),
            ("Ctrl+Enter", self._request_add),
        ):
            shortcut(keys, self, slot)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)  # type: ignore[union-attr]

    def current_index(self) -> int:
        """The item holding the keyboard focus, or the one that held it last (the focus
        moves to a button when one is clicked); -1 when none did."""
        focus = QApplication.focusWidget()
        for i, frame in enumerate(self._frames):
            if focus is not None and (focus is frame or frame.isAncestorOf(focus)):
                return i
        return self._last_index if self._last_index < len(self._frames) else -1

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for i, frame in enumerate(self._frames):
            if new is frame or frame.isAncestorOf(new):
                self._last_index = i
                return

    def _request_add(self) -> None:
        if not self._read_only:
            self.add_requested.emit(self.current_index() + 1)

    def _move_current(self, delta: int) -> None:
        index = self.current_index()
        if index < 0 or self._read_only:
            return
        focus = QApplication.focusWidget()
        self.move_item(index, delta)
        if focus is not None:
            focus.setFocus()
        self.show_item(self.current_index())

    def focus_item(self, index: int) -> None:
        """Put the cursor in an item (its ``focus_target``, else the widget) and scroll it
        into view."""
        if not 0 <= index < len(self._frames):
            return
        widget = self._frames[index].widget
        target = getattr(widget, "focus_target", widget)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._last_index = index
        self.show_item(index)

    def show_item(self, index: int) -> None:
        """Scroll the enclosing scroll area so the item shows (once it is laid out)."""
        if not 0 <= index < len(self._frames):
            return
        frame = self._frames[index]
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            return
        area = parent

        def scroll() -> None:
            if frame in self._frames:
                area.ensureWidgetVisible(frame, 0, 20)

        # The new item has no place yet: scroll after the layout gave it one.
        QTimer.singleShot(0, scroll)

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
        if self.on_insert is not None:
            self.on_insert(widget)
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

    def tab_chain(self) -> list[QWidget]:
        """The items' fields and buttons in the order shown: in each item its text first,
        then its other fields and buttons."""
        chain: list[QWidget] = []
        for frame in self._frames:
            first = getattr(frame.widget, "focus_target", None)
            if isinstance(first, QWidget) and first.isEnabled():
                chain.append(first)
            chain.extend(
                w
                for w in frame.findChildren(QWidget)
                if w is not first
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w.window() is self.window()
                and w.isVisibleTo(frame)
                and w.isEnabled()
            )
        return chain

    def focusNextPrevChild(self, next: bool) -> bool:
        # Items added later were made later, so Qt's own Tab order reached them last
        # wherever they stood; Tab here follows the order shown.
        chain = self.tab_chain()
        focus = QApplication.focusWidget()
        while focus is not None and focus not in chain and focus.focusProxy() is not None:
            focus = focus.focusProxy()
        if focus is None or focus not in chain:
            return super().focusNextPrevChild(next)
        index = chain.index(focus) + (1 if next else -1)
        if 0 <= index < len(chain):
            chain[index].setFocus(
                Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
            )
            return True
        if not next and self.tab_anchor is not None:
            self.tab_anchor.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        if next:
            # Past the last item: the first field after the list that is not one of ours.
            widget = chain[-1].nextInFocusChain()
            while widget is not None and widget is not chain[-1]:
                if (
                    widget not in chain
                    and not self.isAncestorOf(widget)
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and widget.isVisible()
                    and widget.isEnabled()
                ):
                    widget.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                widget = widget.nextInFocusChain()
        return super().focusNextPrevChild(next)

    def relabel(self) -> None:
        """Name the entries again (something their headings depend on changed)."""
        self._relabel()

    def _relabel(self, *_args: object) -> None:
        last = len(self._frames) - 1
        for i, frame in enumerate(self._frames):
            frame.heading.setText(self._heading(i, frame.widget))
            frame.up_button.setEnabled(not self._read_only and i > 0)
            frame.down_button.setEnabled(not self._read_only and i < last)
            for button in (frame.up_button, frame.down_button, frame.remove_button):
                button.setVisible(not self._read_only)
