"""A sister city: the city's names and the partnership's status, year, ordinal and steps."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import cities
from sistercity_desk import models as m

from ..council.timeline import TimelinePanel
from ..models.base import label
from ..widgets.text_fields import GrowingTextEdit
from .base import RecordEditor


class PartnershipEditor(RecordEditor):
    KIND = "partnership"
    NOUN = "sister city"

    def _build(self, body: QWidget) -> None:
        self._data: cities.PartnershipData | None = None
        self._city_name = ""
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.native_label = QLabel(body)
        self.aliases_label = QLabel(body)
        self.aliases_label.setWordWrap(True)
        self.country_label = QLabel(body)
        self.language_label = QLabel(body)
        form.addRow("Native name", self.native_label)
        form.addRow("Also known as", self.aliases_label)
        form.addRow("Country", self.country_label)
        form.addRow("Language", self.language_label)
        self.status_combo = QComboBox(body)
        self.status_combo.setMaximumWidth(240)
        for status in m.PartnershipStatus:
            self.status_combo.addItem(label(status.value), status.value)
        self.add_row(form, "Status", self.status_combo, "status")
        self.year_spin = QSpinBox(body)
        self.year_spin.setRange(1899, 2200)
        self.year_spin.setSpecialValueText("Unknown")
        self.year_spin.setMaximumWidth(160)
        self.add_row(form, "Year established", self.year_spin, "established_year")
        self.ordinal_spin = QSpinBox(body)
        self.ordinal_spin.setRange(0, 999)
        self.ordinal_spin.setSpecialValueText("Not numbered")
        self.ordinal_spin.setMaximumWidth(160)
        self.add_row(form, "Sister city no.", self.ordinal_spin, "ordinal")
        self.notes_edit = GrowingTextEdit(body, min_lines=2, max_lines=8)
        self.add_row(form, "Notes", self.notes_edit, "notes")
        column.addLayout(form)
        column.addSpacing(10)
        self.timeline = TimelinePanel(self.engine, body)
        self.timeline.set_hooks(flush=self.flush, version=self.version)
        column.addWidget(self.timeline)
        column.addStretch(1)

        self.status_combo.currentIndexChanged.connect(self.mark_edited)
        self.year_spin.valueChanged.connect(self.mark_edited)
        self.ordinal_spin.valueChanged.connect(self.mark_edited)
        self.notes_edit.textChanged.connect(self.mark_edited)
        self.timeline.changed.connect(self._on_timeline_changed)

    def _load(self, session: Session, record_id: int) -> int:
        partnership = cities.get_partnership(session=session, partnership_id=record_id)
        city = cities.get_city(session=session, city_id=partnership.city_id)
        self._city_name = city.name
        self._data = cities.PartnershipData(
            city_id=partnership.city_id,
            status=partnership.status,
            established_year=partnership.established_year,
            established_on=partnership.established_on,
            ordinal=partnership.ordinal,
            notes=partnership.notes,
        )
        self.native_label.setText(city.native_name or "—")
        self.aliases_label.setText(", ".join(city.aliases) or "—")
        self.country_label.setText(city.country_label or city.country or "—")
        self.language_label.setText(city.language or "—")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(partnership.status)))
        self.year_spin.setValue(partnership.established_year or self.year_spin.minimum())
        self.ordinal_spin.setValue(partnership.ordinal or 0)
        self.notes_edit.setPlainText(partnership.notes)
        self.timeline.set_partnership(record_id)
        return partnership.version

    def _heading_text(self) -> str:
        return self._city_name

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.status_combo, self.year_spin, self.ordinal_spin):
            widget.setEnabled(not read_only)
        self.notes_edit.setReadOnly(read_only)

    def _collect(self) -> cities.PartnershipData:
        base = self._data
        assert base is not None
        year = self.year_spin.value()
        year_value = None if year == self.year_spin.minimum() else year
        established_on = base.established_on
        if established_on is not None and established_on.year != year_value:
            established_on = None  # the person changed the year: the old date no longer holds
        return cities.PartnershipData(
            city_id=base.city_id,
            status=str(self.status_combo.currentData()),
            established_year=year_value,
            established_on=established_on,
            ordinal=self.ordinal_spin.value() or None,
            notes=self.notes_edit.toPlainText(),
        )

    def _save(
        self,
        session: Session,
        record_id: int,
        data: cities.PartnershipData,
        expected_version: int | None,
    ) -> int:
        partnership = cities.update_partnership(
            session=session, partnership_id=record_id, data=data, expected_version=expected_version
        )
        return partnership.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return cities.get_partnership(session=session, partnership_id=record_id).version

    def _on_timeline_changed(self) -> None:
        # A step changed the partnership's status (and maybe its ordinal): show it.
        record_id = self.record_id()
        if record_id is not None and self.load(record_id):
            self.saved.emit(record_id, dt.datetime.now())
