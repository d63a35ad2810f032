"""The motion editor: kind, title, Council File, mover, seconders, paragraphs, committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import cities, clauses, councilfile, db, motions, people
from sistercity_desk import models as m
from sistercity_desk.errors import Invalid

from ..council.activity import CouncilPanel, CouncilState, read_council_state
from ..icons import icon
from ..look import heading as bold
from ..models.base import label
from ..spelling import KnownWords, read_known_words
from ..widgets.clause_picker import ClauseChoice, ClausePicker, clauses_for
from ..widgets.messages import FieldMessage
from ..widgets.ordered_list import OrderedListEditor, OrderedWidgetList, shortcut
from ..widgets.paragraphs import ParagraphItem
from ..widgets.text_fields import LineTextEdit
from .base import RecordEditor
from .invisible_text import InvisibleCheck, TextField


@dataclass(frozen=True)
class _Choices:
    """The people, committees and partnerships a motion's fields offer."""

    #: The members seated on the motion's date: (person id, name).
    members: list[tuple[int, str]]
    #: Every name the mover and seconder fields can show, past members included.
    names: dict[int, str]
    #: (committee id, name).
    committees: list[tuple[int, str]]
    #: (partnership id, city name, partnership status).
    partnerships: list[tuple[int | None, str, str]]


@dataclass(frozen=True)
class _Loaded:
    """A stored motion as the editor shows it, read in one go (on a worker thread)."""

    record_id: int
    data: motions.MotionData
    status: str
    closed_reason: str
    version: int
    choices: _Choices
    words: KnownWords | None
    council: CouncilState


def _read_choices(session: Session, data: motions.MotionData) -> _Choices:
    # The members seated on the item's date (a historic motion lists the council of then).
    members = people.current_members(session=session, on_date=data.introduced_on)
    names = {p.id or 0: p.full_name for p in members}
    # People who moved or seconded while they held a seat stay shown after it ends.
    for pid in [data.mover_id, data.presented_for_id, *data.seconder_ids]:
        if pid and pid not in names:
            person = session.get(m.Person, pid)
            names[pid] = person.full_name if person else f"Person {pid}"
    return _Choices(
        members=[(p.id or 0, p.full_name) for p in members],
        names=names,
        committees=[(c.id or 0, c.name) for c in motions.committees(session=session)],
        partnerships=[
            (row.partnership_id, row.name, row.status) for row in cities.registry(session=session)
        ],
    )


def _paragraph_heading(index: int, widget: QWidget) -> str:
    kind = widget.kind() if isinstance(widget, ParagraphItem) else ""
    if kind != m.ClauseKind.OPERATIVE.value:
        return f"{index + 1}. Recital"
    # How the printed motion introduces it: the first operative clause follows
    # "I THEREFORE MOVE that", the others "I FURTHER MOVE that".
    owner = widget.parentWidget()
    while owner is not None and not isinstance(owner, OrderedWidgetList):
        owner = owner.parentWidget()
    before = owner.widgets()[:index] if isinstance(owner, OrderedWidgetList) else []
    first = not any(isinstance(w, ParagraphItem) and w.kind() == kind for w in before)
    editor = owner.parentWidget() if owner is not None else None
    while editor is not None and not isinstance(editor, MotionEditor):
        editor = editor.parentWidget()
    resolution = isinstance(editor, MotionEditor) and editor.is_resolution()
    lead = {
        (False, True): "I THEREFORE MOVE that…",
        (False, False): "I FURTHER MOVE that…",
        (True, True): "NOW, THEREFORE, BE IT RESOLVED that…",
        (True, False): "BE IT FURTHER RESOLVED that…",
    }[(resolution, first)]
    return f"{index + 1}. {lead}"


class MotionEditor(RecordEditor):
    KIND = "motion"
    NOUN = "motion"

    def _build(self, body: QWidget) -> None:
        self._data: motions.MotionData | None = None
        self._status = m.MotionStatus.DRAFT.value
        self._members: list[tuple[int, str]] = []
        self._title_checked = False
        self._closed_reason = ""

        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.kind_combo = QComboBox(body)
        self.kind_combo.addItem("Motion", m.MotionKind.MOTION.value)
        self.kind_combo.addItem("Resolution", m.MotionKind.RESOLUTION.value)
        self.add_row(form, "&Kind", self.kind_combo, "kind")

        self.title_edit = LineTextEdit(body)
        self.title_edit.setPlaceholderText("Sister City / Kyiv, Ukraine / Nomination Review")
        self.add_row(form, "&Title", self.title_edit, "title")

        self.council_file_edit = QLineEdit(body)
        self.council_file_edit.setPlaceholderText(
            "YY-NNNN, e.g. 22-0022 (empty until the clerk gives one)"
        )
        # The clerk's next free number of the motion's year, or the next supplemental file.
        self.next_number_button = QToolButton(body)
        self.next_number_button.setText("Next number")
        self.next_number_button.setToolTip("Take the next free Council File number of the year")
        self.next_number_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        number_menu = QMenu(self.next_number_button)
        self.next_supplemental_action = number_menu.addAction("Next supplemental file of this file")
        self.next_number_button.setMenu(number_menu)
        number_row = QWidget(body)
        number_layout = QHBoxLayout(number_row)
        number_layout.setContentsMargins(0, 0, 0, 0)
        number_layout.addWidget(self.council_file_edit, 1)
        number_layout.addWidget(self.next_number_button)
        number_row.setFocusProxy(self.council_file_edit)
        self.add_row(form, "Council Fi&le", number_row, "council_file")

        # A resolution's number, as the Clerk assigns it once adopted.
        self.resolution_number_edit = QLineEdit(body)
        self.resolution_number_edit.setPlaceholderText("assigned by the Clerk (resolutions)")
        self.add_row(form, "Resolution No.", self.resolution_number_edit, "resolution_number")
        # The row's holder (the field and its message) shows or hides as one.
        self._resolution_row = self.resolution_number_edit.parentWidget()
        self._form = form

        self.mover_combo = QComboBox(body)
        self.mover_combo.setAccessibleName("Mover")
        self.add_row(form, "&Mover", self.mover_combo, "mover_id")

        # "Padilla for McOsker": the mover presents the motion for a member who is away.
        self.presented_for_combo = QComboBox(body)
        self.presented_for_combo.setAccessibleName("Presented for")
        self.presented_for_combo.setToolTip(
            "When the mover presents the motion for another member, choose that member: the "
            'citation reads "Padilla for McOsker".'
        )
        self.add_row(form, "P&resented for", self.presented_for_combo, "presented_for_id")

        self.seconders = OrderedListEditor(body, noun="seconder")
        self.add_row(form, "Seconded &by", self.seconders, "seconder_ids")

        self.committee_combo = QComboBox(body)
        self.add_row(form, "C&ommittee", self.committee_combo, "committee_id")

        # The sister city the motion is about: its partnership's timeline lists the motion.
        self.partnership_combo = QComboBox(body)
        self.partnership_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_row(form, "Sister cit&y", self.partnership_combo, "partnership_id")

        self.status_label = QLabel(body)
        self.status_label.setToolTip("Status changes come from the council's actions.")
        form.addRow("Status", self.status_label)
        # The council panel below shows the status beside the moves it allows.
        form.setRowVisible(self.status_label, False)
        column.addLayout(form)

        self.council = CouncilPanel(self.engine, body)
        self.council.set_hooks(flush=self.flush, version=self.version)
        column.addWidget(self.council)

        heading = QLabel("Recitals and clauses", body)
        heading.setContentsMargins(0, 8, 0, 0)
        bold(heading)
        column.addWidget(heading)
        # The buttons sit above the paragraphs, so they stay where they are as the list grows.
        buttons = QHBoxLayout()
        self.add_paragraph_button = QPushButton(icon("new"), "Add &paragraph", body)
        self.add_paragraph_button.setToolTip(
            "Add a paragraph after the one being edited (Ctrl+Enter); "
            "Ctrl+Shift+Enter adds an operative clause"
        )
        self.insert_clause_button = QPushButton(
            icon("insert-clause"), "Insert standard &clause…", body
        )
        self.insert_clause_button.setToolTip(
            "Pick a standard clause and insert it after the paragraph being edited (Ctrl+Shift+L)"
        )
        self.insert_clause_button.setIconSize(QSize(16, 16))
        buttons.addWidget(self.add_paragraph_button)
        buttons.addWidget(self.insert_clause_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.paragraphs = OrderedWidgetList(body, heading=_paragraph_heading)
        self.paragraphs.tab_anchor = self.insert_clause_button
        self.paragraphs.on_insert = self._check_spelling
        column.addWidget(self.paragraphs)
        self.paragraphs_message = FieldMessage(body)
        self.register_message("clauses", self.paragraphs_message)
        column.addWidget(self.paragraphs_message)
        # Bidirectional controls and other invisible characters, named where they are.
        self.hidden_message = FieldMessage(body)
        column.addWidget(self.hidden_message)
        self.invisible = InvisibleCheck(self, self.hidden_message, self._text_fields)
        column.addStretch(1)
        self.clause_picker: ClausePicker | None = None
        for keys, slot in (
            ("Ctrl+Shift+Return", self._on_add_operative),
            ("Ctrl+Shift+Enter", self._on_add_operative),
            ("Ctrl+Shift+L", self.open_clause_picker),
        ):
            shortcut(keys, self, slot)

        self.kind_combo.currentIndexChanged.connect(self.mark_edited)
        self.kind_combo.currentIndexChanged.connect(self._update_kind_rows)
        # Operative clauses open with other words in a resolution.
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.paragraphs.relabel())
        self.title_edit.textChanged.connect(self.mark_edited)
        self.title_edit.textChanged.connect(self.invisible.update)
        self.paragraphs.changed.connect(self.invisible.update)
        self.resolution_number_edit.textChanged.connect(self.mark_edited)
        self.council_file_edit.textChanged.connect(self._on_council_file_edited)
        self.mover_combo.currentIndexChanged.connect(self._on_mover_changed)
        self.presented_for_combo.currentIndexChanged.connect(self.mark_edited)
        self.seconders.changed.connect(self.mark_edited)
        self.committee_combo.currentIndexChanged.connect(self.mark_edited)
        self.partnership_combo.currentIndexChanged.connect(self.mark_edited)
        self.paragraphs.changed.connect(self.mark_edited)
        self.add_paragraph_button.clicked.connect(self._on_add_paragraph)
        self.paragraphs.add_requested.connect(self.add_paragraph)
        self.insert_clause_button.clicked.connect(self.open_clause_picker)
        self.next_number_button.clicked.connect(self._on_next_number)
        self.next_supplemental_action.triggered.connect(self._on_next_supplemental)
        self.council.changed.connect(self._on_council_changed)
        self.created.connect(self.council.set_motion)

    # ------------------------------------------------------------------ loading

    def _fill_choices(self, choices: _Choices, data: motions.MotionData) -> None:
        names = choices.names
        self._members = list(choices.members)
        self.mover_combo.clear()
        self.mover_combo.addItem("Choose the councilmember who presents it…", None)
        for pid, name in names.items():
            self.mover_combo.addItem(name, pid)
        self.seconders.set_choices(self._members)
        self.seconders.set_values(data.seconder_ids, names)
        self.seconders.set_excluded({data.mover_id} if data.mover_id else set())
        self.mover_combo.setCurrentIndex(max(0, self.mover_combo.findData(data.mover_id)))
        self.presented_for_combo.clear()
        self.presented_for_combo.addItem("Nobody: the mover's own motion", None)
        for pid, name in names.items():
            self.presented_for_combo.addItem(name, pid)
        self.presented_for_combo.setCurrentIndex(
            max(0, self.presented_for_combo.findData(data.presented_for_id))
        )
        self.committee_combo.clear()
        self.committee_combo.addItem("Not referred", None)
        for committee_id, committee_name in choices.committees:
            self.committee_combo.addItem(committee_name, committee_id)
        self.committee_combo.setCurrentIndex(
            max(0, self.committee_combo.findData(data.committee_id))
        )
        self.partnership_combo.clear()
        self.partnership_combo.addItem("Not about one sister city", None)
        for partnership_id, city_name, status in choices.partnerships:
            self.partnership_combo.addItem(f"{city_name} ({label(status).lower()})", partnership_id)
        self.partnership_combo.setCurrentIndex(
            max(0, self.partnership_combo.findData(data.partnership_id))
        )

    def _show_data(self, session: Session, data: Any) -> None:
        self._show(data, _read_choices(session, data))

    def _show(self, data: motions.MotionData, choices: _Choices) -> None:
        self._data = data
        if not self._title_checked:
            # Here rather than when built: the spell check reads the database.
            self._title_checked = True
            self.speller().attach(self.title_edit, "en")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(data.kind)))
        self.title_edit.setText(data.title)
        self.council_file_edit.setText(data.council_file or "")
        self.resolution_number_edit.setText(data.resolution_number)
        self._update_kind_rows()
        self._fill_choices(choices, data)
        self.paragraphs.clear()
        for clause in data.clauses:
            self.paragraphs.append(ParagraphItem(clause.kind, clause.text))
        self.status_label.setText(label(self._status))
        self.invisible.update()

    def _read(self, session: Session, record_id: int) -> _Loaded:
        motion = motions.get_motion(session=session, motion_id=record_id)
        try:
            motions.ensure_editable(motion)
            closed_reason = ""
        except Invalid as exc:
            closed_reason = exc.message
        data = motions.MotionData.of(motion)
        return _Loaded(
            record_id=record_id,
            data=data,
            status=motion.status,
            closed_reason=closed_reason,
            version=motion.version,
            choices=_read_choices(session, data),
            words=read_known_words(session),
            council=read_council_state(session, record_id),
        )

    def _fill(self, loaded: _Loaded) -> int:
        self.speller().set_known_words(loaded.words)
        self._status = loaded.status
        self._closed_reason = loaded.closed_reason
        self._show(loaded.data, loaded.choices)
        self.council.set_motion(loaded.record_id, loaded.council)
        return loaded.version

    def _start_new(self, session: Session) -> None:
        self._status = m.MotionStatus.DRAFT.value
        self._closed_reason = ""
        data = motions.MotionData(title="", mover_id=None)
        self._show(data, _read_choices(session, data))
        self.council.set_motion(None)
        self.title_edit.setFocus()

    def read_only_reason(self) -> str:
        return self._closed_reason

    def is_resolution(self) -> bool:
        return self.kind_combo.currentData() == m.MotionKind.RESOLUTION.value

    def _heading_text(self) -> str:
        kind = "Resolution" if self.kind_combo.currentData() == "resolution" else "Motion"
        number = self.council_file_edit.text().strip()
        return f"{kind} {number}".strip() if number else f"{kind} (no Council File yet)"

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.kind_combo,
            self.mover_combo,
            self.presented_for_combo,
            self.committee_combo,
            self.partnership_combo,
        ):
            widget.setEnabled(not read_only)
        self.title_edit.setReadOnly(read_only)
        self.council_file_edit.setReadOnly(read_only)
        self.resolution_number_edit.setReadOnly(read_only)
        self.next_number_button.setVisible(not read_only)
        self.seconders.set_read_only(read_only)
        self.paragraphs.set_read_only(read_only)
        self.add_paragraph_button.setVisible(not read_only)
        self.insert_clause_button.setVisible(not read_only)

    # ------------------------------------------------------------------ saving

    def _undo_state(self) -> motions.MotionData:
        # Empty paragraphs too: undoing the typing in a new paragraph leaves it empty.
        return self._collect(keep_empty=True)

    def _collect(self, *, keep_empty: bool = False) -> motions.MotionData:
        base = self._data or motions.MotionData(title="", mover_id=None)
        mover = self.mover_combo.currentData()
        presented_for = self.presented_for_combo.currentData()
        committee = self.committee_combo.currentData()
        partnership = self.partnership_combo.currentData()
        paragraphs = [
            motions.ClauseData(w.kind(), w.text())
            for w in self.paragraphs.widgets()
            if isinstance(w, ParagraphItem) and (keep_empty or w.text().strip())
        ]
        return motions.MotionData(
            title=self.title_edit.text(),
            mover_id=None if mover is None else int(mover),
            kind=str(self.kind_combo.currentData()),
            council_file=self.council_file_edit.text().strip() or None,
            seconder_ids=self.seconders.values(),
            clauses=paragraphs,
            committee_id=None if committee is None else int(committee),
            partnership_id=None if partnership is None else int(partnership),
            introduced_on=base.introduced_on,
            resolution_number=self.resolution_number_edit.text().strip(),
            presented_for_id=None if presented_for is None else int(presented_for),
        )

    def _update_kind_rows(self, *_args: object) -> None:
        # Only a resolution has a resolution number (a number already given stays shown).
        resolution = self.kind_combo.currentData() == m.MotionKind.RESOLUTION.value
        shown = resolution or bool(self.resolution_number_edit.text().strip())
        self._form.setRowVisible(self._resolution_row, shown)

    # ------------------------------------------------------------------ invisible characters

    def _text_fields(self) -> list[TextField]:
        fields: list[TextField] = [("title", self.title_edit)]
        for n, w in enumerate(self.paragraphs.widgets(), start=1):
            if isinstance(w, ParagraphItem):
                fields.append((f"paragraph {n}", w.text_edit))
        return fields

    def save_now(self, *, _retry: bool = True) -> bool:
        # Invisible characters never reach legal text without the person's say.
        if self.is_dirty() and not self.is_read_only():
            self.invisible.before_save()
        return super().save_now(_retry=_retry)

    def _save(
        self,
        session: Session,
        record_id: int,
        data: motions.MotionData,
        expected_version: int | None,
    ) -> int:
        motion = motions.update_motion(
            session=session, motion_id=record_id, data=data, expected_version=expected_version
        )
        return motion.version

    def _create(self, session: Session, data: motions.MotionData) -> tuple[int, int]:
        motion = motions.create_motion(session=session, data=data)
        return motion.id or 0, motion.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return motions.get_motion(session=session, motion_id=record_id).version

    # ------------------------------------------------------------------ handlers

    def _on_council_file_edited(self, text: str) -> None:
        message = self.message_for("council_file")
        if not text.strip():
            message.clear_message()
        else:
            try:
                councilfile.validate_format(text)
            except Invalid as exc:
                message.show_message(exc.message)
            else:
                message.clear_message()
        self.mark_edited()

    def _number_year(self) -> int:
        introduced = self._data.introduced_on if self._data else None
        return (introduced or dt.date.today()).year

    def _on_next_number(self) -> None:
        try:
            with db.session_scope(self.engine) as session:
                number = councilfile.next_number(session, self._number_year())
        except Invalid as exc:
            self.message_for("council_file").show_message(exc.message)
            return
        self.council_file_edit.setText(number)

    def _on_next_supplemental(self) -> None:
        try:
            with db.session_scope(self.engine) as session:
                number = councilfile.next_supplemental(session, self.council_file_edit.text())
        except Invalid as exc:
            self.message_for("council_file").show_message(exc.message)
            return
        self.council_file_edit.setText(number)

    def _on_council_changed(self) -> None:
        # The status (and maybe the Council File) changed in the database: show it, and
        # let the list update its row.
        record_id = self.record_id()
        if record_id is not None and self.load(record_id):
            self.saved.emit(record_id, dt.datetime.now())

    def _on_mover_changed(self, _index: int) -> None:
        mover = self.mover_combo.currentData()
        excluded = set() if mover is None else {int(mover)}
        if mover is not None and int(mover) in self.seconders.values():
            # The mover cannot second their own motion: they leave the seconders.
            self.seconders.set_values([s for s in self.seconders.values() if s != int(mover)])
        self.seconders.set_excluded(excluded)
        self.mark_edited()

    def _check_spelling(self, widget: QWidget) -> None:
        self.hook_undo(widget)
        if isinstance(widget, ParagraphItem):
            self.speller().attach(widget.text_edit, "en")

    def _kind_after(self, index: int) -> str:
        """The kind of a paragraph added at ``index``: that of the paragraph before it (a
        paragraph after a recital is a recital, after an operative clause an operative
        clause); the first one is a recital."""
        widgets = self.paragraphs.widgets()
        before = widgets[index - 1] if 0 < index <= len(widgets) else None
        if isinstance(before, ParagraphItem):
            return before.kind()
        return m.ClauseKind.RECITAL.value

    def add_paragraph(self, index: int | None = None, kind: str | None = None) -> ParagraphItem:
        """A new empty paragraph at ``index`` (default: after the one being edited, else at
        the end), scrolled into view with the cursor in it."""
        if index is None or index < 0:
            current = self.paragraphs.current_index()
            index = current + 1 if current >= 0 else self.paragraphs.count()
        item = ParagraphItem(kind or self._kind_after(index), "")
        self.paragraphs.insert(index, item)
        self.paragraphs.focus_item(index)
        return item

    def _on_add_paragraph(self) -> None:
        self.add_paragraph()

    def _on_add_operative(self) -> None:
        """The first clause after the recitals is what "I THEREFORE MOVE" introduces."""
        if not self.is_read_only():
            self.add_paragraph(kind=m.ClauseKind.OPERATIVE.value)

    def _clause_choices(self) -> list[ClauseChoice]:
        with db.session_scope(self.engine) as session:
            return [
                ClauseChoice(c.id or 0, c.title, c.kind, dict(c.texts), tuple(c.tags))
                for c in clauses.list_clauses(session=session)
            ]

    def open_clause_picker(self) -> ClausePicker | None:
        """Show the picker of the motion clauses, filtered by the kind of the paragraph
        being edited; the chosen one goes in after that paragraph."""
        if self.is_read_only() or not self.is_showing_record():
            return None
        try:
            choices = clauses_for("motion", self._clause_choices())
        except Invalid as exc:
            self.general_message.show_message(exc.message)
            return None
        current = self.paragraphs.current_index()
        widgets = self.paragraphs.widgets()
        kind = None
        if 0 <= current < len(widgets) and isinstance(widgets[current], ParagraphItem):
            kind = widgets[current].kind()  # type: ignore[attr-defined]
        picker = ClausePicker(choices, self, paragraph_kind=kind)
        picker.chosen.connect(lambda clause_id: self.insert_standard_clause(clause_id, current))
        picker.finished.connect(self._on_picker_closed)
        picker.finished.connect(picker.deleteLater)
        self.clause_picker = picker
        picker.show()
        picker.place_over(self)
        picker.search_box.setFocus()
        return picker

    def _on_picker_closed(self, _result: int) -> None:
        # Back to the editor, the cursor in the paragraph that was (or now is) current.
        self.window().activateWindow()
        self.paragraphs.focus_item(self.paragraphs.current_index())

    def insert_standard_clause(self, clause_id: int, after: int | None = None) -> ParagraphItem:
        """Insert a standard clause's English wording (or its first language) after the
        paragraph ``after`` (default: the one being edited, else at the end). An empty
        paragraph there takes the clause instead, so nothing is typed into nowhere."""
        with db.session_scope(self.engine) as session:
            clause = clauses.get_clause(session=session, clause_id=clause_id)
            text = clause.texts.get("en") or next(iter(clause.texts.values()), "")
            kind = clause.kind
        if after is None:
            after = self.paragraphs.current_index()
        widgets = self.paragraphs.widgets()
        if 0 <= after < len(widgets):
            current = widgets[after]
            if isinstance(current, ParagraphItem) and not current.text().strip():
                current.kind_combo.setCurrentIndex(max(0, current.kind_combo.findData(kind)))
                current.text_edit.setPlainText(text)
                self.paragraphs.focus_item(after)
                current.text_edit.moveCursor(QTextCursor.MoveOperation.End)
                return current
            index = after + 1
        else:
            index = len(widgets)
        item = ParagraphItem(kind, text)
        self.paragraphs.insert(index, item)
        self.paragraphs.focus_item(index)
        item.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        return item
