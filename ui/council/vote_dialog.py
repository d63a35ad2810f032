"""The roll-call dialog: meeting, threshold, every seat's vote, the live tally and result."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from sistercity_desk import db, votes, workflow
from sistercity_desk import models as m
from sistercity_desk.errors import DeskError
from sistercity_desk.office import get_office
from sistercity_desk.text import district_short

from ..look import css
from ..models.base import label
from ..widgets.messages import FieldMessage
from .forms import chip_style, date_edit, date_of, long_date

C = m.VoteChoice
T = m.Threshold

#: The votes a seated member can be given, each with its key (aBstain: A is Absent).
CHOICE_KEYS: tuple[tuple[m.VoteChoice, Qt.Key], ...] = (
    (C.YES, Qt.Key.Key_Y),
    (C.NO, Qt.Key.Key_N),
    (C.ABSENT, Qt.Key.Key_A),
    (C.ABSTAIN, Qt.Key.Key_B),
    (C.RECUSED, Qt.Key.Key_R),
)

#: The colour of a chosen vote button.
CHOICE_COLOURS: dict[m.VoteChoice, str] = {
    C.YES: "#1e7b34",
    C.NO: "#b3261e",
    C.ABSENT: "#5f6b7a",
    C.ABSTAIN: "#8a6a10",
    C.RECUSED: "#5b4a8a",
}


def threshold_text(office: m.OfficeProfile, threshold: m.Threshold) -> str:
    """How the threshold combo names a threshold, with the votes the office needs for it."""
    needed = votes.threshold_votes(office, threshold)
    return {
        T.MAJORITY: f"Majority of the full council ({needed})",
        T.TWO_THIRDS: f"Two thirds of the council ({needed})",
        T.URGENCY: f"Urgency clause ({needed})",
        T.UNANIMOUS: f"Unanimous: every member present votes yes (at least {needed})",
    }[threshold]


#: Shared by the rows and the header above them, so the columns line up.
ROW_MARGINS = (8, 2, 6, 2)
ROW_SPACING = 4
DISTRICT_WIDTH = 52
BUTTON_WIDTH = 76
#: Past this height the seats scroll (about twenty rows).
MAX_GRID_HEIGHT = 580


class SeatHeader(QFrame):
    """The column heads above the seats: CD, Member, Vote."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatHeader")
        row = QHBoxLayout(self)
        row.setContentsMargins(*ROW_MARGINS)
        row.setSpacing(ROW_SPACING)
        district = QLabel("CD", self)
        district.setFixedWidth(DISTRICT_WIDTH)
        row.addWidget(district)
        row.addWidget(QLabel("Member", self), 1)
        votes_head = QLabel("Vote", self)
        votes_head.setFixedWidth(len(CHOICE_KEYS) * (BUTTON_WIDTH + ROW_SPACING) - ROW_SPACING)
        row.addWidget(votes_head)


class SeatRow(QFrame):
    """One seat of the roll call: district, member and five vote buttons.

    The row takes the keyboard focus (the buttons do not): Up/Down move between rows,
    Y/N/A/B/R set the vote and go on to the next row, Left/Right step through the votes,
    Delete clears it. A vacant seat is shown, disabled, and skipped.
    """

    #: The vote of the row changed (its district).
    choice_changed = Signal(int)
    #: Move the focus this many rows (negative: up); 0: this row became the current one.
    move_requested = Signal(object, int)

    def __init__(self, seat: votes.Seat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seat = seat
        self.setObjectName("seatRow")
        self.setProperty("current", False)
        row = QHBoxLayout(self)
        row.setContentsMargins(*ROW_MARGINS)
        row.setSpacing(ROW_SPACING)
        self.district_label = QLabel(self)
        self.district_label.setFixedWidth(DISTRICT_WIDTH)
        self.district_label.setObjectName("seatDistrict")
        self.name_label = QLabel(self)
        self.name_label.setMinimumWidth(190)
        row.addWidget(self.district_label)
        row.addWidget(self.name_label, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[m.VoteChoice, QToolButton] = {}
        for choice, _key in CHOICE_KEYS:
            button = QToolButton(self)
            button.setText(choice.value)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"vote{choice.value.capitalize()}")
            button.setFixedWidth(BUTTON_WIDTH)
            self.group.addButton(button)
            self.buttons[choice] = button
            row.addWidget(button)
            button.clicked.connect(lambda _checked=False, c=choice: self._on_clicked(c))
        self.set_seat(seat)

    def set_seat(self, seat: votes.Seat) -> None:
        """Show who holds the seat (on a new meeting date); the vote stays only when the
        same member holds it."""
        if seat.person_id != self.seat.person_id or seat.vacant:
            self._clear()
        self.seat = seat
        self.district_label.setText(district_short(seat.district))
        self.name_label.setText("Vacant" if seat.vacant else seat.name)
        self.name_label.setObjectName("seatVacant" if seat.vacant else "seatName")
        self.name_label.style().unpolish(self.name_label)
        self.name_label.style().polish(self.name_label)
        for button in self.buttons.values():
            button.setEnabled(not seat.vacant)
        if seat.vacant:
            self.setProperty("current", False)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        else:
            current = bool(self.property("current"))
            self.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if current else Qt.FocusPolicy.ClickFocus
            )
        self._update_accessible()

    # ------------------------------------------------------------------ state

    @property
    def district(self) -> int:
        return self.seat.district

    def choice(self) -> m.VoteChoice | None:
        for choice, button in self.buttons.items():
            if button.isChecked():
                return choice
        return None

    def set_choice(self, choice: m.VoteChoice | None, *, notify: bool = True) -> None:
        if self.seat.vacant or choice == self.choice():
            return
        if choice is None:
            self._clear()
        else:
            self.buttons[choice].setChecked(True)
        self._update_accessible()
        if notify:
            self.choice_changed.emit(self.district)

    def _clear(self) -> None:
        # An exclusive group keeps one button checked: lift the rule to clear it.
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def set_current(self, current: bool) -> None:
        """The row the keyboard works on: highlighted, and the grid's one tab stop."""
        if self.seat.vacant:
            return
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if current else Qt.FocusPolicy.ClickFocus)
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)

    def _update_accessible(self) -> None:
        name = "vacant" if self.seat.vacant else self.seat.name
        vote = self.choice()
        self.setAccessibleName(
            f"{district_short(self.district)}, {name}: {vote.value if vote else 'no vote yet'}"
        )

    # ------------------------------------------------------------------ events

    def _on_clicked(self, choice: m.VoteChoice) -> None:
        self._update_accessible()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.choice_changed.emit(self.district)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.move_requested.emit(self, 0)  # the grid makes this row the current one

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        keys = {k: c for c, k in CHOICE_KEYS}
        order = [c for c, _ in CHOICE_KEYS]
        if key in keys:
            self.set_choice(keys[Qt.Key(key)])
            self.move_requested.emit(self, 1)
        elif key == Qt.Key.Key_Up:
            self.move_requested.emit(self, -1)
        elif key == Qt.Key.Key_Down:
            self.move_requested.emit(self, 1)
        elif key == Qt.Key.Key_Home:
            self.move_requested.emit(self, -10_000)
        elif key == Qt.Key.Key_End:
            self.move_requested.emit(self, 10_000)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            current = self.choice()
            step = 1 if key == Qt.Key.Key_Right else -1
            index = order.index(current) + step if current else 0
            self.set_choice(order[index % len(order)])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_choice(None)
        else:
            super().keyPressEvent(event)


class SeatGrid(QFrame):
    """The seats of the council, one row each, as one stop in the tab order."""

    changed = Signal()
    #: The row the keyboard works on changed (the row).
    current_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatGrid")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(1, 1, 1, 1)
        self._column.setSpacing(0)
        self.header = SeatHeader(self)
        self._column.addWidget(self.header)
        self.rows: list[SeatRow] = []
        self._current: SeatRow | None = None

    def set_seats(self, seats: list[votes.Seat]) -> None:
        """Show these seats; a vote already given stays when the same member holds the seat.

        The rows are made once and then updated, so they keep their place in the focus
        chain (between the meeting fields and the buttons below)."""
        if [r.district for r in self.rows] != [s.district for s in seats]:
            for row in self.rows:
                self._column.removeWidget(row)
                row.deleteLater()
            self.rows = []
            self._current = None
            for index, seat in enumerate(seats):
                row = SeatRow(seat, self)
                row.setProperty("odd", index % 2 == 1)
                row.choice_changed.connect(self._on_choice_changed)
                row.move_requested.connect(self._on_move)
                self._column.addWidget(row)
                self.rows.append(row)
        else:
            for row, seat in zip(self.rows, seats, strict=True):
                row.set_seat(seat)
        if self._current is None or self._current.seat.vacant:
            first = self.seated_rows()[:1]
            if first:
                self._current = None
                self._make_current(first[0])

    def seated_rows(self) -> list[SeatRow]:
        return [row for row in self.rows if not row.seat.vacant]

    def row_of(self, district: int) -> SeatRow:
        return next(row for row in self.rows if row.district == district)

    def choices(self) -> dict[int, m.VoteChoice]:
        """The votes given so far, by district (vacant seats and seats without a vote left out)."""
        result = {}
        for row in self.seated_rows():
            choice = row.choice()
            if choice is not None:
                result[row.district] = choice
        return result

    def current_row(self) -> SeatRow | None:
        return self._current

    def _make_current(self, row: SeatRow) -> None:
        if self._current is row:
            return
        for other in self.rows:
            other.set_current(other is row)
        self._current = row
        self.current_changed.emit(row)

    def _on_choice_changed(self, _district: int) -> None:
        self.changed.emit()

    def _on_move(self, row: SeatRow, delta: int) -> None:
        seated = self.seated_rows()
        if row not in seated:
            return
        if delta == 0:
            self._make_current(row)
            return
        index = max(0, min(len(seated) - 1, seated.index(row) + delta))
        target = seated[index]
        self._make_current(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)


STYLE = (
    """
#voteHeading { font-size: 15px; font-weight: 600; color: #1d2b3a; }
#voteSubheading { color: #4a5866; }
#seatGrid { border: 1px solid #c9d1db; border-radius: 4px; background: #ffffff; }
#seatHeader { border: 1px solid transparent; border-bottom: 1px solid #dde3ea; }
#seatHeader QLabel { color: #5f6b7a; font-size: 11px; font-weight: 600; }
#seatRow { background: #ffffff; border: 1px solid transparent; }
#seatRow[odd="true"] { background: #f6f8fa; }
#seatRow[current="true"] { background: #e3edfa; border: 1px solid #6d9ad6; }
#seatDistrict { color: #5f6b7a; }
#seatVacant { color: #8a96a3; font-style: italic; }
#seatRow QToolButton {
    border: 1px solid #c9d1db; border-radius: 3px; padding: 2px 6px;
    background: #ffffff; color: #33414f; font-size: 11px;
}
#seatRow QToolButton:disabled { color: #c0c7cf; border-color: #e2e6eb; background: transparent; }
#seatRow QToolButton:hover:!checked:enabled { background: #eef3f9; }
"""
    + "".join(
        f"#seatRow QToolButton#vote{c.value.capitalize()}:checked "
        f"{{ background: {colour}; border-color: {colour}; color: white; font-weight: 600; }}\n"
        for c, colour in CHOICE_COLOURS.items()
    )
    + """
#tallyBox { background: #f3f5f8; border: 1px solid #dde3ea; border-radius: 6px; }
#tallyText { font-size: 22px; font-weight: 600; color: #1d2b3a; }
#tallyDetail { color: #33414f; }
#journalLine { color: #4a5866; font-style: italic; }
#quorumWarning {
    background: #fff4ce; border: 1px solid #e6c86e; border-radius: 4px; padding: 6px 8px;
    color: #5a4500;
}
#keyHint { color: #6b7785; font-size: 11px; }
"""
)


class VoteDialog(QDialog):
    """Records a roll call on a motion through ``votes.record_vote``.

    The tally, the threshold and the result follow every change, counted by
    ``votes.count_choices`` (the rules a stored vote is counted by). Open it with ``open()``;
    after ``accepted``, ``vote_id`` holds the stored vote.
    """

    def __init__(
        self,
        engine: Engine,
        motion_id: int,
        parent: QWidget | None = None,
        *,
        meeting_date: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._motion_id = motion_id
        self.vote_id: int | None = None
        self._tally: votes.Tally | None = None
        self._seats: list[votes.Seat] = []
        self._apply_wanted = True
        self.setWindowTitle("Record the vote")
        self.setStyleSheet(css(STYLE))

        with db.session_scope(engine) as session:
            motion = workflow.get_motion(session, motion_id)
            self._status = motion.status
            self._office = get_office(session=session) or m.OfficeProfile()
            session.expunge(self._office)
            named = f"Council File {motion.council_file}" if motion.council_file else "the motion"
            heading = f"Roll call on {named}"
            subheading = f"{motion.title or 'Untitled'} — {label(motion.status)}"

        column = QVBoxLayout(self)
        column.setContentsMargins(18, 16, 18, 14)
        column.setSpacing(10)
        title = QLabel(heading, self)
        title.setObjectName("voteHeading")
        sub = QLabel(subheading, self)
        sub.setObjectName("voteSubheading")
        sub.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(sub)

        meeting = QGridLayout()
        meeting.setHorizontalSpacing(10)
        meeting.setVerticalSpacing(6)
        self.date_edit = date_edit(self, meeting_date)
        self.type_combo = QComboBox(self)
        for meeting_type in votes.MEETING_TYPES:
            self.type_combo.addItem(meeting_type, meeting_type)
        self.threshold_combo = QComboBox(self)
        for threshold in T:
            self.threshold_combo.addItem(threshold_text(self._office, threshold), threshold.value)
        self.threshold_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        date_label = QLabel("Meeting &date", self)
        date_label.setBuddy(self.date_edit)
        type_label = QLabel("Meeting &type", self)
        type_label.setBuddy(self.type_combo)
        threshold_label = QLabel("T&hreshold", self)
        threshold_label.setBuddy(self.threshold_combo)
        meeting.addWidget(date_label, 0, 0)
        meeting.addWidget(self.date_edit, 0, 1)
        meeting.addWidget(type_label, 0, 2)
        meeting.addWidget(self.type_combo, 0, 3)
        meeting.addWidget(threshold_label, 1, 0)
        meeting.addWidget(self.threshold_combo, 1, 1, 1, 3)
        meeting.setColumnStretch(4, 1)
        column.addLayout(meeting)

        self.error_label = FieldMessage(self)
        # Fifteen seats fit; a larger council (the seat count is a setting) scrolls.
        self.grid_scroll = QScrollArea(self)
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid = SeatGrid(self.grid_scroll)
        self.grid_scroll.setWidget(self.grid)
        self.grid.current_changed.connect(self._on_current_row)
        column.addWidget(self.grid_scroll, 1)
        # The rows are made here, so the focus chain runs threshold, grid, buttons.
        self._load_seats(update=False)

        tools = QHBoxLayout()
        self.all_yes_button = QPushButton("All present vote &yes", self)
        self.all_yes_button.setToolTip(
            "Every seated member not marked absent votes YES (vacant seats stay vacant)."
        )
        self.all_yes_button.setAutoDefault(False)
        self.clear_button = QPushButton("C&lear", self)
        self.clear_button.setAutoDefault(False)
        hint = QLabel("↑ ↓ move  ·  Y yes  ·  N no  ·  A absent  ·  B abstain  ·  R recused", self)
        hint.setObjectName("keyHint")
        tools.addWidget(self.all_yes_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        tools.addWidget(hint)
        column.addLayout(tools)

        box = QFrame(self)
        box.setObjectName("tallyBox")
        box_column = QVBoxLayout(box)
        box_column.setContentsMargins(12, 10, 12, 10)
        box_column.setSpacing(4)
        top = QHBoxLayout()
        self.tally_label = QLabel(box)
        self.tally_label.setObjectName("tallyText")
        self.result_label = QLabel(box)
        self.result_label.setObjectName("resultChip")
        self.result_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        top.addWidget(self.tally_label)
        top.addSpacing(10)
        top.addWidget(self.result_label)
        top.addStretch(1)
        box_column.addLayout(top)
        self.detail_label = QLabel(box)
        self.detail_label.setObjectName("tallyDetail")
        self.detail_label.setWordWrap(True)
        self.journal_label = QLabel(box)
        self.journal_label.setObjectName("journalLine")
        self.journal_label.setWordWrap(True)
        self.missing_label = QLabel(box)
        self.missing_label.setObjectName("tallyDetail")
        self.missing_label.setWordWrap(True)
        self.quorum_label = QLabel(box)
        self.quorum_label.setObjectName("quorumWarning")
        self.quorum_label.setWordWrap(True)
        box_column.addWidget(self.detail_label)
        box_column.addWidget(self.journal_label)
        box_column.addWidget(self.missing_label)
        box_column.addWidget(self.quorum_label)
        column.addWidget(box)

        # The Clerk's choice for this item only; the default journal line never says it.
        self.unanimous_box = QCheckBox('Write "Unanimous Vote" in the journal line', self)
        self.unanimous_box.setToolTip(
            "Only when every member present voted yes, and only if the Clerk wants the words "
            "for this item."
        )
        column.addWidget(self.unanimous_box)
        self.apply_box = QCheckBox(self)
        column.addWidget(self.apply_box)
        column.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = self.buttons.addButton(
            "Record vote", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        column.addWidget(self.buttons)

        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.threshold_combo.currentIndexChanged.connect(self._update_tally)
        self.grid.changed.connect(self._update_tally)
        self.all_yes_button.clicked.connect(self.all_present_vote_yes)
        self.clear_button.clicked.connect(self.clear_votes)
        self.apply_box.toggled.connect(self._on_apply_toggled)
        self.unanimous_box.toggled.connect(self._update_tally)
        self.buttons.accepted.connect(self._on_record)
        self.buttons.rejected.connect(self.reject)

        self.setTabOrder(self.date_edit, self.type_combo)
        self.setTabOrder(self.type_combo, self.threshold_combo)
        self.setTabOrder(self.all_yes_button, self.clear_button)
        self.setTabOrder(self.clear_button, self.unanimous_box)
        self.setTabOrder(self.unanimous_box, self.apply_box)
        self._update_tally()
        self.date_edit.setFocus()

    # ------------------------------------------------------------------ public API

    def meeting_date(self) -> dt.date:
        return date_of(self.date_edit)

    def set_meeting_date(self, day: dt.date) -> None:
        self.date_edit.setDate(QDate(day))

    def set_threshold(self, threshold: str) -> None:
        index = self.threshold_combo.findData(votes.parse_threshold(threshold).value)
        self.threshold_combo.setCurrentIndex(index)

    def set_vote(self, district: int, choice: m.VoteChoice | str | None) -> None:
        row = self.grid.row_of(district)
        row.set_choice(None if choice is None else votes.parse_choice(str(choice)))

    def choices(self) -> dict[int, m.VoteChoice]:
        return self.grid.choices()

    def tally(self) -> votes.Tally | None:
        """The count of the votes given so far (None before the seats are read)."""
        return self._tally

    def missing(self) -> list[votes.Seat]:
        """Seated members with no vote yet."""
        return [row.seat for row in self.grid.seated_rows() if row.choice() is None]

    def all_present_vote_yes(self) -> None:
        """Every seated member not marked absent votes YES."""
        for row in self.grid.seated_rows():
            if row.choice() is not C.ABSENT:
                row.set_choice(C.YES, notify=False)
        self._update_tally()

    def clear_votes(self) -> None:
        for row in self.grid.seated_rows():
            row.set_choice(None, notify=False)
        self._update_tally()

    # ------------------------------------------------------------------ loading

    def _load_seats(self, *, update: bool = True) -> None:
        try:
            with db.session_scope(self._engine) as session:
                seats = votes.seats_for_meeting(session, self.meeting_date())
        except DeskError as exc:
            self.error_label.show_message(exc.message)
            return
        self.grid.set_seats(seats)
        self._seats = seats
        self.grid_scroll.setMinimumHeight(min(self.grid.sizeHint().height(), MAX_GRID_HEIGHT))
        width = self.grid.sizeHint().width()
        if self.grid.sizeHint().height() > MAX_GRID_HEIGHT:
            width += self.grid_scroll.verticalScrollBar().sizeHint().width()
        self.grid_scroll.setMinimumWidth(width)
        if update:
            self._update_tally()

    # ------------------------------------------------------------------ the count

    def _update_tally(self, *_args: object) -> None:
        threshold = str(self.threshold_combo.currentData())
        missing = self.missing()
        complete = not missing
        plain = votes.count_choices(self._office, self._seats, self.grid.choices(), threshold)
        can_say_unanimous = complete and plain.unanimous and plain.quorum_ok
        self.unanimous_box.setEnabled(can_say_unanimous)
        counted = votes.count_choices(
            self._office,
            self._seats,
            self.grid.choices(),
            threshold,
            unanimous_wording=can_say_unanimous and self.unanimous_box.isChecked(),
        )
        self._tally = counted
        self.tally_label.setText(counted.tally_text)
        if complete:
            self.result_label.setText(counted.result)
            self.result_label.setStyleSheet(chip_style("good" if counted.passes else "bad"))
        else:
            self.result_label.setText("Roll call incomplete")
            self.result_label.setStyleSheet(chip_style("neutral"))
        needed_words = self.threshold_combo.currentText().split(" (")[0].lower()
        self.detail_label.setText(
            f"{counted.yes} yes, {counted.threshold_votes} needed ({needed_words}). "
            f"{counted.present} present; the quorum is {counted.quorum}."
            + (f" {counted.vacant} seat vacant." if counted.vacant == 1 else "")
            + (f" {counted.vacant} seats vacant." if counted.vacant > 1 else "")
        )
        self.journal_label.setText(f"Journal: {counted.journal_line}" if complete else "")
        self.journal_label.setVisible(complete)
        if missing:
            names = [f"{district_short(s.district)} {s.surname}" for s in missing]
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            self.missing_label.setText(f"No vote yet: {shown}.")
        self.missing_label.setVisible(bool(missing))
        # With votes still missing the quorum is flagged only once it cannot be reached.
        short = counted.warnings and (complete or counted.present + len(missing) < counted.quorum)
        self.quorum_label.setText(" ".join(counted.warnings) if short else "")
        self.quorum_label.setVisible(bool(short))
        self._update_apply(counted, complete)

    def _update_apply(self, counted: votes.Tally, complete: bool) -> None:
        moves = workflow.allowed_moves(self._status)
        target = m.MotionStatus.ADOPTED if counted.passes else m.MotionStatus.FAILED
        self.apply_box.blockSignals(True)
        if not complete:
            self.apply_box.setText("Apply the result to the motion's status")
            self.apply_box.setEnabled(
                m.MotionStatus.ADOPTED in moves or m.MotionStatus.FAILED in moves
            )
        elif not counted.quorum_ok:
            self.apply_box.setText(
                "Apply the result: not possible without a quorum; only the vote is recorded"
            )
            self.apply_box.setEnabled(False)
        elif target in moves:
            self.apply_box.setText(
                f"Apply the result: the motion is marked {target.value} on the meeting date"
            )
            self.apply_box.setEnabled(True)
        else:
            self.apply_box.setText(
                f"Apply the result: not possible, the motion is {label(self._status).lower()} "
                f"and cannot become {target.value}; only the vote is recorded"
            )
            self.apply_box.setEnabled(False)
        self.apply_box.setChecked(self.apply_box.isEnabled() and self._apply_wanted)
        self.apply_box.blockSignals(False)

    def _on_apply_toggled(self, checked: bool) -> None:
        self._apply_wanted = checked

    def _on_current_row(self, row: SeatRow) -> None:
        self.grid_scroll.ensureWidgetVisible(row, 0, 4)

    def _on_date_changed(self, *_args: object) -> None:
        self._load_seats()

    # ------------------------------------------------------------------ recording

    def _on_record(self) -> None:
        self.error_label.clear_message()
        try:
            with db.session_scope(self._engine) as session:
                vote = votes.record_vote(
                    session=session,
                    motion_id=self._motion_id,
                    meeting_date=self.meeting_date(),
                    meeting_type=str(self.type_combo.currentData()),
                    threshold=str(self.threshold_combo.currentData()),
                    choices=dict(self.grid.choices()),
                    apply_result=self.apply_box.isEnabled() and self.apply_box.isChecked(),
                    unanimous_wording=(
                        self.unanimous_box.isEnabled() and self.unanimous_box.isChecked()
                    ),
                )
                self.vote_id = vote.id
        except DeskError as exc:
            self.vote_id = None
            self.error_label.show_message(exc.message)
            return
        self.accept()

    def summary(self) -> str:
        """One line saying what was recorded (for a status bar)."""
        counted = self._tally
        if counted is None:
            return ""
        return f"Vote of {long_date(self.meeting_date())} recorded: {counted.journal_line}"
