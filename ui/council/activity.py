"""A motion's life in council, under its editor: status moves, the dated activity log, votes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import db, motions, votes, workflow
from sistercity_desk import models as m
from sistercity_desk.errors import DeskError

from ..look import css
from ..models.base import Column, RowsModel, label
from ..widgets.messages import FieldMessage
from .forms import FormDialog, chip_style, date_edit, date_of, long_date, short_date
from .vote_dialog import VoteDialog

S = m.MotionStatus
K = workflow.ActivityKind

#: The status menu's entry for each move.
MOVE_TEXT: dict[str, str] = {
    S.DRAFT: "Return to draft…",
    S.READY: "Mark ready to introduce…",
    S.INTRODUCED: "Introduce…",
    S.REFERRED: "Refer to a committee…",
    S.REPORTED: "Committee reported…",
    S.ADOPTED: "Adopted by the Council…",
    S.FAILED: "Failed in Council…",
    S.CONTINUED: "Continued…",
    S.WITHDRAWN: "Withdraw…",
}

#: How the log names each kind of entry.
KIND_TEXT: dict[str, str] = {
    K.NOTE: "Note",
    K.READY: "Ready",
    K.DRAFT: "Back to draft",
    K.INTRODUCED: "Introduced",
    K.REFERRED: "Referred",
    K.REPORTED: "Reported",
    K.ADOPTED: "Adopted",
    K.FAILED: "Failed",
    K.CONTINUED: "Continued",
    K.WITHDRAWN: "Withdrawn",
    K.FINAL: "Action final",
}

#: Statuses whose move names a committee.
COMMITTEE_MOVES = (S.REFERRED.value, S.REPORTED.value)

#: Tones of the status chip.
STATUS_TONE = {S.ADOPTED: "good", S.FAILED: "bad", S.WITHDRAWN: "bad"}


def kind_text(kind: str) -> str:
    return KIND_TEXT.get(kind, label(kind))


@dataclass(frozen=True)
class ActivityRow:
    id: int
    on_date: dt.date
    kind: str
    text: str


class ActivityModel(RowsModel):
    """The dated lines of a Council File's activity log, oldest first."""

    COL_DATE = 0
    COL_KIND = 1
    COL_TEXT = 2
    COLUMNS = (
        Column("Date", lambda r: short_date(r.on_date), sort=lambda r: r.on_date),
        Column("Kind", lambda r: kind_text(r.kind)),
        Column("Text", lambda r: r.text),
    )

    @staticmethod
    def rows_of(log: list[dict[str, Any]]) -> list[ActivityRow]:
        return [
            ActivityRow(e["id"], dt.date.fromisoformat(e["on_date"]), e["kind"], e["text"])
            for e in log
        ]


@dataclass(frozen=True)
class CouncilState:
    """What the council panel shows of a stored motion, as plain data."""

    status: str
    committee_id: int | None
    citation: str
    rows: list[ActivityRow]
    vote_lines: list[str]


def read_council_state(session: Session, motion_id: int) -> CouncilState:
    """Read a motion's council action (safe on a worker thread: no widget is touched)."""
    motion = workflow.get_motion(session, motion_id)
    lines = []
    for vote in votes.votes_of(session, motion_id):
        counted = votes.tally(session, vote)
        lines.append(
            f"{long_date(vote.meeting_date)} ({vote.meeting_type}): "
            f"{counted.journal_line}  {counted.tally_text}"
        )
    return CouncilState(
        status=motion.status,
        committee_id=motion.committee_id,
        citation=workflow.motion_citation(session, motion),
        rows=ActivityModel.rows_of(workflow.activity_log(session, motion_id)),
        vote_lines=lines,
    )


def _committees(session: Session) -> list[tuple[int, str]]:
    return [(c.id or 0, c.name) for c in motions.committees(session=session)]


def _fill_committees(combo: QComboBox, choices: list[tuple[int, str]], current: int | None) -> None:
    combo.clear()
    combo.addItem("Choose the committee…", None)
    for committee_id, name in choices:
        combo.addItem(name, committee_id)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class TransitionDialog(FormDialog):
    """Moves a motion to one status on a date, writing the standard log entry."""

    def __init__(self, panel: CouncilPanel, to: str) -> None:
        super().__init__(MOVE_TEXT.get(to, label(to)).rstrip("…"), panel, ok_text="Record")
        self._panel = panel
        self.to = to
        self.date_edit = date_edit(self, panel.default_date())
        self.form.addRow("&Date", self.date_edit)
        self.committee_combo = QComboBox(self)
        if to in COMMITTEE_MOVES:
            with db.session_scope(panel.engine) as session:
                _fill_committees(self.committee_combo, _committees(session), panel.committee_id)
            self.form.addRow("&Committee", self.committee_combo)
        else:
            self.committee_combo.hide()
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("Optional: added after the standard wording")
        self.form.addRow("&Note", self.note_edit)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(css("color: #4a5866; font-style: italic;"))
        self.form.addRow("Log entry", self.preview)
        hints = {
            S.INTRODUCED.value: "Introducing gives the motion the next Council File number of the "
            "year if it has none.",
            S.ADOPTED.value: "Recording the roll call? Use Record vote…: it sets the status "
            "from the count.",
            S.FAILED.value: "Recording the roll call? Use Record vote…: it sets the status "
            "from the count.",
        }
        self.set_intro(hints.get(to, ""))
        self.committee_combo.currentIndexChanged.connect(self._update_preview)
        self.note_edit.textChanged.connect(self._update_preview)
        self._update_preview()

    def _update_preview(self, *_args: object) -> None:
        committee = self.committee_combo.currentText() if self.committee_combo.currentData() else ""
        kind = workflow.ActivityKind(self.to)
        name = m.Committee(name=committee) if committee else None
        wording = workflow.STANDARD_TEXT[kind].replace(
            "{committee}", workflow.committee_name(name) if name else "(the committee)"
        )
        citation = self._panel.citation
        wording = wording.replace(" {citation}", f" {citation}" if citation else "")
        note = self.note_edit.text().strip()
        self.preview.setText(f"{wording} {note}".strip())

    def submit(self) -> None:
        committee = self.committee_combo.currentData() if self.to in COMMITTEE_MOVES else None
        self._panel.transition(
            self.to,
            date_of(self.date_edit),
            committee_id=None if committee is None else int(committee),
            note=self.note_edit.text(),
        )


class EntryDialog(FormDialog):
    """Adds a line to the activity log: a standard kind with its wording, or a free note."""

    def __init__(self, panel: CouncilPanel) -> None:
        super().__init__("Add a log entry", panel, ok_text="Add entry")
        self._panel = panel
        self.date_edit = date_edit(self, panel.default_date())
        self.form.addRow("&Date", self.date_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("Note (your own words)", K.NOTE.value)
        for kind in (K.INTRODUCED, K.REFERRED, K.REPORTED, K.CONTINUED, K.ADOPTED, K.FAILED):
            self.kind_combo.addItem(kind_text(kind), kind.value)
        self.kind_combo.addItem("Council action final", K.FINAL.value)
        self.kind_combo.addItem(kind_text(K.WITHDRAWN), K.WITHDRAWN.value)
        self.form.addRow("&Kind", self.kind_combo)
        self.committee_combo = QComboBox(self)
        with db.session_scope(panel.engine) as session:
            self._committees = {cid: name for cid, name in _committees(session)}
            _fill_committees(
                self.committee_combo, list(self._committees.items()), panel.committee_id
            )
        self.committee_label = QLabel("&Committee", self)
        self.committee_label.setBuddy(self.committee_combo)
        self.form.addRow(self.committee_label, self.committee_combo)
        self.text_edit = QLineEdit(self)
        self.text_edit.setMinimumWidth(420)
        self.form.addRow("&Text", self.text_edit)
        self.set_intro(
            "Standard kinds fill in the Council File's usual wording; change it if the record "
            "reads otherwise. A note is written in your own words."
        )
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.committee_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _on_kind_changed(self, *_args: object) -> None:
        kind = str(self.kind_combo.currentData())
        needs_committee = "{committee}" in workflow.STANDARD_TEXT.get(
            workflow.ActivityKind(kind), ""
        )
        self.committee_combo.setVisible(needs_committee)
        self.committee_label.setVisible(needs_committee)
        if kind == K.NOTE:
            self.text_edit.clear()
            self.text_edit.setPlaceholderText("What happened, in a sentence")
            return
        committee_id = self.committee_combo.currentData()
        committee = m.Committee(name=self._committees[int(committee_id)]) if committee_id else None
        try:
            self.text_edit.setText(workflow.standard_text(kind, committee, self._panel.citation))
        except DeskError as exc:
            self.text_edit.clear()
            self.text_edit.setPlaceholderText(exc.message)

    def submit(self) -> None:
        committee = self.committee_combo.currentData() if self.committee_combo.isVisible() else None
        self._panel.add_entry(
            date_of(self.date_edit),
            str(self.kind_combo.currentData()),
            self.text_edit.text(),
            committee_id=None if committee is None else int(committee),
        )


class CouncilPanel(QFrame):
    """The motion's status with the moves it allows, its votes and its activity log.

    The editor gives two hooks: ``flush`` (save pending edits before the motion changes
    under it; False stops the action) and ``version`` (the version the editor holds, so a
    move over someone else's newer save is refused). ``changed`` says the motion's status or
    number changed in the database: the editor reloads.
    """

    changed = Signal()
    #: A vote was recorded (its id).
    vote_recorded = Signal(int)

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.motion_id: int | None = None
        #: The motion's sponsor citation, as the activity log writes it.
        self.citation = ""
        self.status = S.DRAFT.value
        self.committee_id: int | None = None
        self._last_date: dt.date | None = None
        self._flush: Callable[[], bool] = lambda: True
        self._version: Callable[[], int | None] = lambda: None
        self.setObjectName("councilPanel")
        self.setStyleSheet(
            css(
                "#councilPanel { border: 1px solid #dde3ea; border-radius: 6px; "
                "background: #fafbfc; }"
                "#councilPanel QLabel#councilTitle { font-weight: 600; color: #1d2b3a; }"
                "#councilPanel QLabel#councilSummary { color: #5f6b7a; }"
                "#councilPanel QLabel#voteLine { color: #33414f; }"
            )
        )

        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 8)
        column.setSpacing(6)
        top = QHBoxLayout()
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolTip("Show or hide the council action")
        self.toggle.setAccessibleName("Show council action")
        title = QLabel("Council action", self)
        title.setObjectName("councilTitle")
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("councilSummary")
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.toggle)
        top.addWidget(title)
        top.addSpacing(8)
        top.addWidget(self.summary_label, 1)
        column.addLayout(top)

        self.content = QWidget(self)
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(6)
        # Two short rows, so the panel fits an editor squeezed beside a preview.
        actions = QHBoxLayout()
        self.status_chip = QLabel(self.content)
        self.status_chip.setAccessibleName("Status")
        self.status_button = QPushButton("Change &status", self.content)
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.vote_button = QPushButton("Record &vote…", self.content)
        self.entry_button = QPushButton("Add log &entry…", self.content)
        status_caption = QLabel("Status", self.content)
        actions.addWidget(status_caption)
        actions.addWidget(self.status_chip)
        actions.addStretch(1)
        actions.addWidget(self.status_button)
        inner.addLayout(actions)
        more = QHBoxLayout()
        more.addWidget(self.vote_button)
        more.addWidget(self.entry_button)
        more.addStretch(1)
        inner.addLayout(more)
        self.votes_label = QLabel(self.content)
        self.votes_label.setObjectName("voteLine")
        self.votes_label.setWordWrap(True)
        self.votes_label.setTextFormat(Qt.TextFormat.PlainText)
        inner.addWidget(self.votes_label)
        self.model = ActivityModel(self)
        self.table = QTableView(self.content)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Activity log")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.table.horizontalHeader()
        resize = QHeaderView.ResizeMode
        header.setSectionResizeMode(ActivityModel.COL_DATE, resize.ResizeToContents)
        header.setSectionResizeMode(ActivityModel.COL_KIND, resize.ResizeToContents)
        header.setSectionResizeMode(ActivityModel.COL_TEXT, resize.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Row heights follow the wrapped text once the stretched column has its width.
        header.sectionResized.connect(lambda *_: QTimer.singleShot(0, self, self._fit_table))
        inner.addWidget(self.table)
        self.empty_label = QLabel(
            "No activity yet: the log starts when the motion is introduced.", self.content
        )
        self.empty_label.setStyleSheet(css("color: #5f6b7a;"))
        inner.addWidget(self.empty_label)
        self.message = FieldMessage(self.content)
        inner.addWidget(self.message)
        column.addWidget(self.content)

        self.toggle.toggled.connect(self._on_toggled)
        self.status_menu.aboutToShow.connect(self._fill_status_menu)
        self.vote_button.clicked.connect(self.start_vote)
        self.entry_button.clicked.connect(self.start_entry)
        self.set_motion(None)

    # ------------------------------------------------------------------ hooks

    def set_hooks(self, *, flush: Callable[[], bool], version: Callable[[], int | None]) -> None:
        self._flush = flush
        self._version = version

    # ------------------------------------------------------------------ loading

    def set_motion(self, motion_id: int | None, state: CouncilState | None = None) -> None:
        """Show the council action of a stored motion (None: a motion not stored yet).
        ``state``: read already (``read_council_state``, on a worker thread), so nothing
        is read here."""
        self.motion_id = motion_id
        self.message.clear_message()
        if state is None or motion_id is None:
            self.refresh()
        else:
            self.show_state(state)

    def refresh(self) -> None:
        if self.motion_id is None:
            self.status = S.DRAFT.value
            self.model.set_rows([])
            self.votes_label.hide()
            self._show_state(0, "Stored once the motion has a title; then it can be introduced.")
            return
        try:
            with db.session_scope(self.engine) as session:
                state = read_council_state(session, self.motion_id)
        except DeskError as exc:
            self.message.show_message(exc.message)
            return
        self.show_state(state)

    def show_state(self, state: CouncilState) -> None:
        """Show what ``read_council_state`` read (GUI thread, no database)."""
        self.status = state.status
        self.committee_id = state.committee_id
        self.citation = state.citation
        rows = state.rows
        lines = state.vote_lines
        self.model.set_rows(rows)
        self._last_date = max((r.on_date for r in rows), default=None)
        self.votes_label.setText("\n".join(f"Vote of {line}" for line in lines))
        self.votes_label.setVisible(bool(lines))
        parts = [label(self.status)]
        parts.append(f"{len(rows)} log entr{'y' if len(rows) == 1 else 'ies'}")
        if lines:
            parts.append(f"{len(lines)} vote{'' if len(lines) == 1 else 's'}")
        self._show_state(len(rows), "  ·  ".join(parts))

    def _show_state(self, entries: int, summary: str) -> None:
        stored = self.motion_id is not None
        self.status_chip.setText(label(self.status))
        self.status_chip.setStyleSheet(chip_style(STATUS_TONE.get(S(self.status), "neutral")))
        self.summary_label.setText(summary)
        self.summary_label.setVisible(not self.toggle.isChecked() or not stored)
        moves = workflow.allowed_moves(self.status) if stored else ()
        self.status_button.setEnabled(bool(moves))
        self.status_button.setToolTip(
            ""
            if moves
            else (
                "Store the motion first."
                if not stored
                else f"The motion is {label(self.status).lower()}: the Council's action is on "
                "record and its status does not change."
            )
        )
        votable = stored and S(self.status) in workflow.BEFORE_COUNCIL
        self.vote_button.setEnabled(votable)
        self.vote_button.setToolTip(
            "" if votable else "Only an item before the Council is voted on: introduce it first."
        )
        self.entry_button.setEnabled(stored)
        self.table.setVisible(entries > 0)
        self.empty_label.setVisible(stored and entries == 0)
        self._fit_table()

    def _fit_table(self) -> None:
        """The table as tall as its rows (up to ten), so the editor scrolls, not the table."""
        self.table.resizeRowsToContents()
        rows = self.model.rowCount()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(min(rows, 10)))
        self.table.setFixedHeight(max(height, 40))

    # ------------------------------------------------------------------ questions

    def allowed_moves(self) -> list[str]:
        if self.motion_id is None:
            return []
        return [s.value for s in workflow.allowed_moves(self.status)]

    def default_date(self) -> dt.date:
        """Today, or the last log date when that is later (a step cannot go back in time)."""
        today = dt.date.today()
        return max(today, self._last_date) if self._last_date else today

    def status_actions(self) -> list[Any]:
        """The status menu's entries as they are shown now (filled when it opens)."""
        self._fill_status_menu()
        return [a for a in self.status_menu.actions() if a.data()]

    # ------------------------------------------------------------------ actions

    def _fill_status_menu(self) -> None:
        self.status_menu.clear()
        for status in self.allowed_moves():
            action = self.status_menu.addAction(MOVE_TEXT.get(status, label(status)))
            action.setData(status)
            action.triggered.connect(lambda _checked=False, s=status: self.start_transition(s))

    def _ready(self) -> bool:
        """Save the editor's pending edits before the motion changes under it."""
        if self.motion_id is None:
            return False
        if not self._flush():
            self.message.show_message(
                "Fix the problem shown above first: the motion's pending edits are not saved."
            )
            return False
        self.message.clear_message()
        return True

    def start_transition(self, to: str) -> TransitionDialog | None:
        if not self._ready():
            return None
        dialog = TransitionDialog(self, to)
        dialog.open()
        return dialog

    def start_entry(self) -> EntryDialog | None:
        if not self._ready():
            return None
        dialog = EntryDialog(self)
        dialog.open()
        return dialog

    def start_vote(self) -> VoteDialog | None:
        if not self._ready():
            return None
        assert self.motion_id is not None
        try:
            dialog = VoteDialog(self.engine, self.motion_id, self)
        except DeskError as exc:
            self.message.show_message(exc.message)
            return None
        dialog.accepted.connect(lambda: self._on_vote_recorded(dialog))
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ the core calls

    def transition(
        self, to: str, on_date: dt.date, *, committee_id: int | None = None, note: str = ""
    ) -> None:
        """Move the motion (raises DeskError when the move is refused)."""
        assert self.motion_id is not None
        with db.session_scope(self.engine) as session:
            workflow.transition(
                session=session,
                motion_id=self.motion_id,
                to=to,
                on_date=on_date,
                committee_id=committee_id,
                note=note,
                expected_version=self._version(),
            )
        self.refresh()
        self.changed.emit()

    def add_entry(
        self, on_date: dt.date, kind: str, text: str, *, committee_id: int | None = None
    ) -> None:
        """Add a log line (raises DeskError when it cannot be added)."""
        assert self.motion_id is not None
        with db.session_scope(self.engine) as session:
            workflow.add_activity(
                session=session,
                motion_id=self.motion_id,
                on_date=on_date,
                kind=kind,
                text=text.strip() or None,
                committee_id=committee_id,
            )
        self.refresh()

    def _on_vote_recorded(self, dialog: VoteDialog) -> None:
        status = self.status
        self.refresh()
        if dialog.vote_id is not None:
            self.vote_recorded.emit(dialog.vote_id)
        if self.status != status:
            self.changed.emit()

    def _on_toggled(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.content.setVisible(expanded)
        self.summary_label.setVisible(not expanded or self.motion_id is None)
