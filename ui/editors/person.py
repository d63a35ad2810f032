"""A person: a councilmember, a partner city's official, or staff."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import db, people
from sistercity_desk import models as m
from sistercity_desk.text import district_label, district_short, guess_surname

from ..council.forms import FormDialog, date_edit, date_of, long_date
from ..icons import icon
from ..widgets.ordered_list import OrderedWidgetList
from ..widgets.paragraphs import LanguageTextItem
from ..widgets.text_fields import GrowingTextEdit
from .base import RecordEditor

ROLES = (
    (m.PersonRole.MEMBER.value, "Councilmember"),
    (m.PersonRole.OFFICIAL.value, "Partner official"),
    (m.PersonRole.STAFF.value, "Staff"),
)


class PersonEditor(RecordEditor):
    KIND = "person"
    NOUN = "person"

    def _build(self, body: QWidget) -> None:
        self._data: people.PersonData | None = None
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit(body)
        self.name_edit.setPlaceholderText("As the person writes it: Kevin de León")
        self.add_row(form, "Full name", self.name_edit, "full_name")
        self.surname_edit = QLineEdit(body)
        self.surname_edit.setToolTip("Cited in sponsor lists and used for sorting.")
        self.add_row(form, "Surname", self.surname_edit, "surname")
        self.native_edit = QLineEdit(body)
        self.native_edit.setPlaceholderText("In another script: Віталій Кличко")
        self.add_row(form, "Native name", self.native_edit, "native_name")
        self.role_combo = QComboBox(body)
        for value, text in ROLES:
            self.role_combo.addItem(text, value)
        self.add_row(form, "Role", self.role_combo, "role")
        self.district_label = QLabel(body)
        form.addRow("Seat", self.district_label)
        # Every term the person held, past ones included: historic votes find them by date.
        self.terms_label = QLabel(body)
        self.terms_label.setWordWrap(True)
        self.terms_label.setAccessibleName("Council seat terms")
        self.add_seat_button = QPushButton("Add a seat term…", body)
        self.add_seat_button.setToolTip(
            "Record a council seat this person held or holds, with its term dates."
        )
        terms_row = QWidget(body)
        terms_layout = QVBoxLayout(terms_row)
        terms_layout.setContentsMargins(0, 0, 0, 0)
        terms_layout.addWidget(self.terms_label)
        terms_layout.addWidget(self.add_seat_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Seat terms", terms_row)
        self.email_edit = QLineEdit(body)
        self.add_row(form, "Email", self.email_edit, "email")
        column.addLayout(form)
        titles_heading = QLabel("Titles per language", body)
        titles_heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
        column.addWidget(titles_heading)
        self.titles = OrderedWidgetList(body, heading=lambda i, _w: f"Title {i + 1}")
        column.addWidget(self.titles)
        add = QHBoxLayout()
        self.add_title_button = QPushButton(icon("new"), "Add title", body)
        add.addWidget(self.add_title_button)
        add.addStretch(1)
        column.addLayout(add)
        notes_form = QFormLayout()
        self.notes_edit = GrowingTextEdit(body, min_lines=2, max_lines=8)
        self.add_row(notes_form, "Notes", self.notes_edit, "notes")
        column.addLayout(notes_form)
        column.addStretch(1)

        for edit in (self.name_edit, self.surname_edit, self.native_edit, self.email_edit):
            edit.textChanged.connect(self.mark_edited)
        self.role_combo.currentIndexChanged.connect(self.mark_edited)
        self.titles.changed.connect(self.mark_edited)
        self.notes_edit.textChanged.connect(self.mark_edited)
        self.add_title_button.clicked.connect(self._on_add_title)
        self.add_seat_button.clicked.connect(self._on_add_seat)
        self.name_edit.editingFinished.connect(self._on_name_finished)

    def _show(self, data: people.PersonData, district: int | None) -> None:
        self._data = data
        self.name_edit.setText(data.full_name)
        self.surname_edit.setText(data.surname)
        self.native_edit.setText(data.native_name)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(data.role)))
        self.district_label.setText(district_label(district) if district else "No council seat")
        self.email_edit.setText(data.email)
        self.titles.clear()
        for language, title in data.titles.items():
            self.titles.append(LanguageTextItem(language, title, multiline=False))
        self.notes_edit.setPlainText(data.notes)

    def _read(
        self, session: Session, record_id: int
    ) -> tuple[people.PersonData, int | None, list[m.CouncilSeat], int]:
        person = people.get_person(session=session, person_id=record_id)
        data = people.PersonData(
            full_name=person.full_name,
            surname=person.surname,
            native_name=person.native_name,
            honorific=person.honorific,
            role=person.role,
            titles=dict(person.titles),
            city_id=person.city_id,
            email=person.email,
            notes=person.notes,
        )
        district = people.district_of(session=session, person_id=record_id)
        seats = people.seats_of(session=session, person_id=record_id)
        return data, district, seats, person.version

    def _fill(self, loaded: tuple[people.PersonData, int | None, list[m.CouncilSeat], int]) -> int:
        # The seats are detached once the session closes; their columns stay readable.
        data, district, seats, version = loaded
        self._show(data, district)
        self._show_terms(seats)
        return version

    def _start_new(self, session: Session) -> None:
        self._show(people.PersonData(full_name="", role=m.PersonRole.OFFICIAL.value), None)
        self._show_terms([])
        self.name_edit.setFocus()

    def _heading_text(self) -> str:
        return self.name_edit.text() or "Person"

    def _set_read_only(self, read_only: bool) -> None:
        for edit in (self.name_edit, self.surname_edit, self.native_edit, self.email_edit):
            edit.setReadOnly(read_only)
        self.role_combo.setEnabled(not read_only)
        self.add_seat_button.setEnabled(not read_only)
        self.titles.set_read_only(read_only)
        self.notes_edit.setReadOnly(read_only)

    def _collect(self) -> people.PersonData:
        base = self._data or people.PersonData(full_name="")
        titles = {
            w.language(): w.text()
            for w in self.titles.widgets()
            if isinstance(w, LanguageTextItem) and w.language() and w.text().strip()
        }
        return people.PersonData(
            full_name=self.name_edit.text(),
            surname=self.surname_edit.text(),
            native_name=self.native_edit.text(),
            honorific=base.honorific,
            role=str(self.role_combo.currentData()),
            titles=titles,
            city_id=base.city_id,
            email=self.email_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def _save(
        self,
        session: Session,
        record_id: int,
        data: people.PersonData,
        expected_version: int | None,
    ) -> int:
        person = people.update_person(
            session=session, person_id=record_id, data=data, expected_version=expected_version
        )
        return person.version

    def _create(self, session: Session, data: people.PersonData) -> tuple[int, int]:
        person = people.create_person(session=session, data=data)
        return person.id or 0, person.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return people.get_person(session=session, person_id=record_id).version

    def _show_terms(self, seats: list[m.CouncilSeat]) -> None:
        lines = [
            f"{district_short(s.district)}, from {long_date(s.term_start) or 'the start'} to "
            f"{long_date(s.term_end) or 'no end date'}" + (f" ({s.office})" if s.office else "")
            for s in seats
        ]
        self.terms_label.setText("\n".join(lines) if lines else "None recorded")

    def _on_add_seat(self) -> None:
        record_id = self.record_id()
        if record_id is None:
            self.general_message.show_message(
                "Save the person first (give a name), then add a seat."
            )
            return
        self.seat_dialog = SeatTermDialog(self, record_id)
        self.seat_dialog.accepted.connect(self._on_seat_added)
        self.seat_dialog.open()

    def _on_seat_added(self) -> None:
        record_id = self.record_id()
        if record_id is None:
            return
        with db.session_scope(self.engine) as session:
            district = people.district_of(session=session, person_id=record_id)
            self._show_terms(people.seats_of(session=session, person_id=record_id))
        self.district_label.setText(district_label(district) if district else "No council seat")
        # The list shows seats: let it read them again.
        self.saved.emit(record_id, dt.datetime.now())

    def _on_add_title(self) -> None:
        item = LanguageTextItem("", "", multiline=False)
        self.titles.append(item)
        item.language_edit.setFocus()

    def _on_name_finished(self) -> None:
        # Propose a surname once; the person corrects it when the guess is wrong.
        if not self.surname_edit.text().strip() and self.name_edit.text().strip():
            self.surname_edit.setText(guess_surname(self.name_edit.text()))


class SeatTermDialog(FormDialog):
    """Records a council seat a person held for a term (a past member's, or a new one's)."""

    def __init__(self, editor: PersonEditor, person_id: int) -> None:
        super().__init__("Add a seat term", editor, ok_text="Add term")
        self._engine = editor.engine
        self._person_id = person_id
        self.district_spin = QSpinBox(self)
        self.district_spin.setRange(1, 200)
        self.district_spin.setPrefix("CD ")
        self.district_spin.setAccessibleName("District")
        self.form.addRow("&District", self.district_spin)
        self.start_edit = date_edit(self)
        self.start_edit.setAccessibleName("Term from")
        self.form.addRow("Term &from", self.start_edit)
        self.open_box = QCheckBox("No end date yet (sitting member)", self)
        self.open_box.setChecked(True)
        self.form.addRow("", self.open_box)
        self.end_edit = date_edit(self)
        self.end_edit.setAccessibleName("Term to")
        self.end_edit.setEnabled(False)
        self.form.addRow("Term &to (last day)", self.end_edit)
        self.office_edit = QLineEdit(self)
        self.office_edit.setPlaceholderText("Empty, or President, President Pro Tempore …")
        self.form.addRow("&Office held", self.office_edit)
        self.set_intro(
            "A vote or a motion on a date finds the members seated that day, so record past "
            "members with the dates of their terms."
        )
        self.open_box.toggled.connect(lambda checked: self.end_edit.setEnabled(not checked))

    def submit(self) -> None:
        with db.session_scope(self._engine) as session:
            people.assign_seat(
                session=session,
                district=self.district_spin.value(),
                person_id=self._person_id,
                term_start=date_of(self.start_edit),
                term_end=None if self.open_box.isChecked() else date_of(self.end_edit),
                office=self.office_edit.text().strip(),
            )
