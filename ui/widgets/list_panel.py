"""The list side of an area: a status filter, a search box with results as you type, and
the table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..icons import icon
from ..look import muted


class ListPanel(QWidget):
    """Emits ``filter_changed(value)`` when the combo changes and ``search_changed(text)``
    ``SEARCH_DELAY_MS`` after the last keystroke in the search box."""

    SEARCH_DELAY_MS = 200

    filter_changed = Signal(object)
    search_changed = Signal(str)

    def __init__(
        self,
        filters: Sequence[tuple[str, str | None]],
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filter_combo = QComboBox(self)
        self.filter_combo.setAccessibleName("Show")
        for text, value in filters:
            self.filter_combo.addItem(text, value)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(placeholder)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.view = QTableView(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the editor; moving cell by cell wrapped to the next row and
        # silently opened another record.
        self.view.setTabKeyNavigation(False)
        # Long titles keep their start and end ("Sister City / … / Nomination Review").
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.count_label = QLabel(self)
        muted(self.count_label)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_combo)
        top.addWidget(self.search_box, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 4)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        column.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timeout)
        self.search_box.textChanged.connect(self._on_search_edited)
        self.filter_combo.currentIndexChanged.connect(self._on_filter_changed)

    def filter_value(self) -> str | None:
        value = self.filter_combo.currentData()
        return None if value is None else str(value)

    def set_count(self, shown: int, total: int | None = None) -> None:
        if total is None or total == shown:
            self.count_label.setText(f"{shown:,} shown")
        else:
            self.count_label.setText(f"{shown:,} loaded of {total:,}")

    def _on_search_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timeout(self) -> None:
        self.search_changed.emit(self.search_box.text())

    def _on_filter_changed(self, _index: int) -> None:
        self.filter_changed.emit(self.filter_value())
