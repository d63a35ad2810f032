"""A partnership's timeline: its dated steps from proposal to signing, and adding the next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine
from sqlmodel import select

from sistercity_desk import councilfile, db, process, votes
from sistercity_desk import models as m
from sistercity_desk.errors import DeskError, NotFound

from ..look import css
from ..models.base import label
from ..widgets.messages import FieldMessage
from .forms import FormDialog, chip_style, date_edit, date_of, long_date

#: Tones of the partnership's status chip.
STATUS_TONE = {
    m.PartnershipStatus.SIGNED: "good",
    m.PartnershipStatus.ACTIVE: "good",
    m.PartnershipStatus.APPROVED: "good",
    m.PartnershipStatus.SUSPENDED: "warn",
    m.PartnershipStatus.ENDED: "bad",
}


def motion_text(motion: dict[str, Any]) -> str:
    """ "Motion (Buscaino - Raman) · C.F. 22-9999 · Sister City / Kyiv ..."."""
    parts = [f"Motion {motion['citation']}".strip()]
    if motion.get("council_file"):
        parts.append(f"C.F. {motion['council_file']}")
    if motion.get("title"):
        parts.append(motion["title"])
    return "  ·  ".join(parts)


def vote_text(vote: dict[str, Any]) -> str:
    """ "Vote of 25 March 2022 (Regular): Adopted, Unanimous Vote (14)  (14 - 0 - 0)"."""
    return (
        f"Vote of {long_date(vote['meeting_date'])} ({vote['meeting_type']}): "
        f"{vote['journal_line']}  {vote['tally_text']}"
    )


class StepCard(QFrame):
    """One dated step: a marker on the line, the date and step, the note, motion and vote."""

    def __init__(self, step: dict[str, Any], *, last: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setObjectName("stepCard")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        rail = QVBoxLayout()
        rail.setContentsMargins(0, 4, 0, 0)
        rail.setSpacing(0)
        self.marker = QLabel(str(step["position"] + 1), self)
        self.marker.setObjectName("stepMarker")
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marker.setFixedSize(22, 22)
        rail.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignHCenter)
        line = QFrame(self)
        line.setObjectName("stepLine" if not last else "stepLineEnd")
        line.setFixedWidth(2)
        rail.addWidget(line, 1, Qt.AlignmentFlag.AlignHCenter)
        row.addLayout(rail)

        text = QVBoxLayout()
        text.setContentsMargins(0, 2, 0, 10)
        text.setSpacing(2)
        head = QHBoxLayout()
        self.date_label = QLabel(long_date(step["on_date"]) or "Undated", self)
        self.date_label.setObjectName("stepDate")
        self.label_label = QLabel(step["label"], self)
        self.label_label.setObjectName("stepLabel")
        self.label_label.setWordWrap(True)
        head.addWidget(self.date_label)
        head.addSpacing(6)
        head.addWidget(self.label_label, 1)
        text.addLayout(head)
        self.lines: list[QLabel] = []
        for value, name in (
            (step.get("note") or "", "stepNote"),
            (motion_text(step["motion"]) if step.get("motion") else "", "stepLink"),
            (vote_text(step["vote"]) if step.get("vote") else "", "stepLink"),
        ):
            if value:
                line_label = QLabel(value, self)
                line_label.setObjectName(name)
                line_label.setWordWrap(True)
                line_label.setTextFormat(Qt.TextFormat.PlainText)
                line_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                text.addWidget(line_label)
                self.lines.append(line_label)
        row.addLayout(text, 1)

    def text(self) -> str:
        """Everything the card says, one line each (for tests and copying)."""
        head = f"{self.date_label.text()} — {self.label_label.text()}"
        return "\n".join([head, *(line.text() for line in self.lines)])


class StepDialog(FormDialog):
    """Records the next step of a partnership, dated, with the motion or vote behind it."""

    def __init__(self, panel: TimelinePanel, step: str) -> None:
        super().__init__(f"Add step: {process.step_label(step)}", panel, ok_text="Add step")
        self._panel = panel
        self.step = step
        self.date_edit = date_edit(self, panel.default_date())
        self.form.addRow("&Date", self.date_edit)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_edit.setPlaceholderText("What happened, as the record says it (optional)")
        self.form.addRow("&Note", self.note_edit)
        self.motion_combo = QComboBox(self)
        self.motion_combo.addItem("No motion", None)
        for motion_id, text in panel.motion_choices():
            self.motion_combo.addItem(text, motion_id)
        self.form.addRow("&Motion", self.motion_combo)
        self.council_file_edit = QLineEdit(self)
        self.council_file_edit.setPlaceholderText("or another motion's Council File, e.g. 22-0022")
        self.form.addRow("Council &File", self.council_file_edit)
        self.vote_combo = QComboBox(self)
        self.form.addRow("&Vote", self.vote_combo)
        self.set_intro(
            "A Council decision can name the vote behind it; the vote must have carried."
            if step
            in (
                process.Step.STEERING_COMMITTEE_AUTHORISED,
                process.Step.PANEL_APPROVED,
                process.Step.COUNCIL_APPROVAL,
            )
            else ""
        )
        self.motion_combo.currentIndexChanged.connect(self._fill_votes)
        self.council_file_edit.editingFinished.connect(self._fill_votes)
        self._fill_votes()

    def chosen_motion(self) -> int | None:
        """The motion named by Council File, else the one chosen (DeskError: no such file)."""
        number = self.council_file_edit.text().strip()
        if number:
            with db.session_scope(self._panel.engine) as session:
                holder = councilfile.holder_of(session, councilfile.normalise(number))
                if holder is None:
                    raise NotFound(f"No motion has Council File {number}.", field="council_file")
                return holder.id
        data = self.motion_combo.currentData()
        return None if data is None else int(data)

    def _fill_votes(self, *_args: object) -> None:
        self.vote_combo.clear()
        self.vote_combo.addItem("No vote", None)
        try:
            motion_id = self.chosen_motion()
        except DeskError as exc:
            self.message.show_message(exc.message)
            return
        self.message.clear_message()
        if motion_id is None:
            return
        with db.session_scope(self._panel.engine) as session:
            for vote in votes.votes_of(session, motion_id):
                counted = votes.tally(session, vote)
                self.vote_combo.addItem(
                    f"{long_date(vote.meeting_date)}: {counted.result} {counted.tally_text}",
                    vote.id,
                )
        # The last vote taken is the one a step usually rests on.
        self.vote_combo.setCurrentIndex(self.vote_combo.count() - 1)

    def submit(self) -> None:
        vote = self.vote_combo.currentData()
        self._panel.add_step(
            self.step,
            date_of(self.date_edit),
            note=self.note_edit.toPlainText(),
            motion_id=self.chosen_motion(),
            vote_id=None if vote is None else int(vote),
        )


STYLE = """
#timelinePanel { border: 1px solid #dde3ea; border-radius: 6px; background: #fafbfc; }
#timelineTitle { font-weight: 600; color: #1d2b3a; }
#timelineNext { color: #5f6b7a; }
#stepMarker {
    background: #2f5d93; color: white; border-radius: 11px; font-size: 11px;
    font-weight: 600;
}
#stepLine { background: #b8c7da; }
#stepLineEnd { background: transparent; }
#stepDate { color: #4a5866; }
#stepLabel { font-weight: 600; color: #1d2b3a; }
#stepNote { color: #33414f; }
#stepLink { color: #4a5866; }
"""


class TimelinePanel(QFrame):
    """The partnership's steps as a vertical timeline, with "Add step" offering only the
    steps that may come next (``process.allowed_steps``).

    Hooks as in the motion's council panel: ``flush`` saves the editor's edits first,
    ``version`` is the version it holds; ``changed`` says the partnership changed (reload).
    """

    changed = Signal()

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.partnership_id: int | None = None
        self._last_date: dt.date | None = None
        self._next: list[str] = []
        self._flush: Callable[[], bool] = lambda: True
        self._version: Callable[[], int | None] = lambda: None
        self.setObjectName("timelinePanel")
        self.setStyleSheet(css(STYLE))
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 10)
        column.setSpacing(8)
        top = QHBoxLayout()
        title = QLabel("Timeline", self)
        title.setObjectName("timelineTitle")
        self.status_chip = QLabel(self)
        self.status_chip.setAccessibleName("Partnership status")
        self.ordinal_chip = QLabel(self)
        self.ordinal_chip.setAccessibleName("Sister city number")
        self.add_button = QPushButton("&Add step", self)
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        top.addWidget(title)
        top.addSpacing(6)
        top.addWidget(self.status_chip)
        top.addWidget(self.ordinal_chip)
        top.addStretch(1)
        top.addWidget(self.add_button)
        column.addLayout(top)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(0)
        column.addLayout(self.cards_box)
        self.next_label = QLabel(self)
        self.next_label.setObjectName("timelineNext")
        self.next_label.setWordWrap(True)
        column.addWidget(self.next_label)
        self.message = FieldMessage(self)
        column.addWidget(self.message)
        self._cards: list[StepCard] = []
        self.add_menu.aboutToShow.connect(self._fill_menu)

    def set_hooks(self, *, flush: Callable[[], bool], version: Callable[[], int | None]) -> None:
        self._flush = flush
        self._version = version

    # ------------------------------------------------------------------ loading

    def set_partnership(
        self, partnership_id: int | None, summary: dict[str, Any] | None = None
    ) -> None:
        """Show a partnership's steps. ``summary``: ``process.partnership_summary`` read
        already (on a worker thread), so nothing is read here."""
        self.partnership_id = partnership_id
        self.message.clear_message()
        if summary is None or partnership_id is None:
            self.refresh()
        else:
            self.show_summary(summary)

    def refresh(self) -> None:
        if self.partnership_id is None:
            self._clear_cards()
            self._next = []
            self.add_button.setEnabled(False)
            return
        try:
            with db.session_scope(self.engine) as session:
                summary = process.partnership_summary(session, self.partnership_id)
        except DeskError as exc:
            self._clear_cards()
            self.message.show_message(exc.message)
            return
        self.show_summary(summary)

    def _clear_cards(self) -> None:
        for card in self._cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        self._cards = []

    def show_summary(self, summary: dict[str, Any]) -> None:
        """Show a ``process.partnership_summary`` (GUI thread, no database)."""
        self._clear_cards()
        steps = summary["timeline"]
        for index, step in enumerate(steps):
            card = StepCard(step, last=index == len(steps) - 1, parent=self)
            self.cards_box.addWidget(card)
            self._cards.append(card)
        dates = [dt.date.fromisoformat(s["on_date"]) for s in steps if s["on_date"]]
        self._last_date = max(dates, default=None)
        status = summary["status"]
        self.status_chip.setText(label(status))
        self.status_chip.setStyleSheet(chip_style(STATUS_TONE.get(status, "neutral")))
        ordinal = summary["ordinal_text"]
        self.ordinal_chip.setText(f"{ordinal} sister city" if ordinal else "")
        self.ordinal_chip.setStyleSheet(chip_style("neutral"))
        self.ordinal_chip.setVisible(bool(ordinal))
        self._next = list(summary["next_steps"])
        self.add_button.setEnabled(bool(self._next))
        self.add_button.setToolTip("" if self._next else "The partnership has ended.")
        if not steps:
            self.next_label.setText("No steps recorded yet. The first is the proposal.")
        elif self._next:
            names = " or ".join(process.step_label(s).lower() for s in self._next)
            self.next_label.setText(f"Next: {names}.")
        else:
            self.next_label.setText("The partnership has ended: no step can follow.")

    # ------------------------------------------------------------------ questions

    def cards(self) -> list[StepCard]:
        return list(self._cards)

    def allowed_steps(self) -> list[str]:
        return list(self._next)

    def step_actions(self) -> list[Any]:
        self._fill_menu()
        return [a for a in self.add_menu.actions() if a.data()]

    def default_date(self) -> dt.date:
        today = dt.date.today()
        return max(today, self._last_date) if self._last_date else today

    def motion_choices(self) -> list[tuple[int, str]]:
        """The motions about this partnership and those already on its timeline."""
        if self.partnership_id is None:
            return []
        with db.session_scope(self.engine) as session:
            linked = session.exec(
                select(m.Motion).where(m.Motion.partnership_id == self.partnership_id)
            ).all()
            on_timeline = {c.step["motion"]["id"] for c in self._cards if c.step.get("motion")}
            found = {mo.id or 0: mo for mo in linked}
            for motion_id in on_timeline - set(found):
                motion = session.get(m.Motion, motion_id)
                if motion is not None:
                    found[motion_id] = motion
            return [
                (
                    motion_id,
                    f"{motion.council_file or 'No Council File'} — {motion.title or 'Untitled'}",
                )
                for motion_id, motion in sorted(found.items())
            ]

    # ------------------------------------------------------------------ actions

    def _fill_menu(self) -> None:
        self.add_menu.clear()
        for step in self.allowed_steps():
            action = self.add_menu.addAction(f"{process.step_label(step)}…")
            action.setData(step)
            action.triggered.connect(lambda _checked=False, s=step: self.start_step(s))

    def start_step(self, step: str) -> StepDialog | None:
        if self.partnership_id is None:
            return None
        if not self._flush():
            self.message.show_message(
                "Fix the problem shown above first: the pending edits are not saved."
            )
            return None
        dialog = StepDialog(self, step)
        dialog.open()
        return dialog

    def add_step(
        self,
        step: str,
        on_date: dt.date,
        *,
        note: str = "",
        motion_id: int | None = None,
        vote_id: int | None = None,
    ) -> None:
        """Record a step (raises DeskError when the process refuses it)."""
        assert self.partnership_id is not None
        with db.session_scope(self.engine) as session:
            process.add_step(
                session=session,
                partnership_id=self.partnership_id,
                step=step,
                on_date=on_date,
                note=note,
                motion_id=motion_id,
                vote_id=vote_id,
                expected_version=self._version(),
            )
        self.refresh()
        self.changed.emit()
