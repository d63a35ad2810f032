"""A sister city: the city's names and the partnership's status, year, ordinal and steps;
new sister cities are added here (city and partnership at once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import cities, process
from sistercity_desk import models as m

from ..council.timeline import TimelinePanel
from ..models.base import label
from ..widgets.text_fields import GrowingTextEdit
from .base import RecordEditor


@dataclass
class SisterCityData:
    """What the editor holds: the city's names and its partnership."""

    city: cities.CityData
    partnership: cities.PartnershipData


@dataclass(frozen=True)
class _Loaded:
    """A stored partnership as the editor shows it, read in one go (on a worker thread)."""

    record_id: int
    data: cities.PartnershipData
    city: m.City
    version: int
    timeline: dict[str, Any]


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
        self._city_id: int | None = None
        self._city_version: int | None = None
        self.name_edit = QLineEdit(body)
        self.name_edit.setPlaceholderText("The city's name in English, e.g. Kyiv")
        self.add_row(form, "&City", self.name_edit, "name")
        self.native_edit = QLineEdit(body)
        self.native_edit.setPlaceholderText("In its own language and script, e.g. Київ")
        self.add_row(form, "Native name", self.native_edit, "native_name")
        self.aliases_label = QLabel(body)
        self.aliases_label.setWordWrap(True)
        form.addRow("Also known as", self.aliases_label)
        self.country_edit = QLineEdit(body)
        self.add_row(form, "Country", self.country_edit, "country")
        self.language_edit = QLineEdit(body)
        self.language_edit.setPlaceholderText("uk, ja, hi-IN …")
        self.language_edit.setMaximumWidth(160)
        self.add_row(form, "Language", self.language_edit, "language")
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

        for edit in (self.name_edit, self.native_edit, self.country_edit, self.language_edit):
            edit.textChanged.connect(self.mark_edited)
        self.status_combo.currentIndexChanged.connect(self.mark_edited)
        self.year_spin.valueChanged.connect(self.mark_edited)
        self.ordinal_spin.valueChanged.connect(self.mark_edited)
        self.notes_edit.textChanged.connect(self.mark_edited)
        self.timeline.changed.connect(self._on_timeline_changed)

    def _show_city(self, city: m.City | None) -> None:
        self._city_id = city.id if city else None
        self._city_version = city.version if city else None
        self._city = city
        self._city_name = city.name if city else ""
        self.name_edit.setText(city.name if city else "")
        self.native_edit.setText(city.native_name if city else "")
        self.aliases_label.setText(", ".join(city.aliases) if city and city.aliases else "—")
        self.country_edit.setText((city.country_label or city.country) if city else "")
        self.language_edit.setText(city.language if city else "")

    def _read(self, session: Session, record_id: int) -> _Loaded:
        partnership = cities.get_partnership(session=session, partnership_id=record_id)
        return _Loaded(
            record_id=record_id,
            data=cities.PartnershipData(
                city_id=partnership.city_id,
                status=partnership.status,
                established_year=partnership.established_year,
                established_on=partnership.established_on,
                ordinal=partnership.ordinal,
                notes=partnership.notes,
            ),
            # Detached once the session closes, its columns kept (expire_on_commit off).
            city=cities.get_city(session=session, city_id=partnership.city_id),
            version=partnership.version,
            timeline=process.partnership_summary(session, record_id),
        )

    def _fill(self, loaded: _Loaded) -> int:
        data = loaded.data
        self._data = data
        self._show_city(loaded.city)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(data.status)))
        self.year_spin.setValue(data.established_year or self.year_spin.minimum())
        self.ordinal_spin.setValue(data.ordinal or 0)
        self.notes_edit.setPlainText(data.notes)
        self.timeline.set_partnership(loaded.record_id, loaded.timeline)
        return loaded.version

    def _start_new(self, session: Session) -> None:
        self._data = cities.PartnershipData(city_id=0)
        self._show_city(None)
        self.status_combo.setCurrentIndex(
            max(0, self.status_combo.findData(m.PartnershipStatus.PROPOSED.value))
        )
        self.year_spin.setValue(self.year_spin.minimum())
        self.ordinal_spin.setValue(0)
        self.notes_edit.setPlainText("")
        self.timeline.set_partnership(None)
        self.name_edit.setFocus()

    def _heading_text(self) -> str:
        return self._city_name

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.status_combo, self.year_spin, self.ordinal_spin):
            widget.setEnabled(not read_only)
        for edit in (self.name_edit, self.native_edit, self.country_edit, self.language_edit):
            edit.setReadOnly(read_only)
        self.notes_edit.setReadOnly(read_only)

    def _collect(self) -> SisterCityData:  # type: ignore[override]
        city = getattr(self, "_city", None)
        country = self.country_edit.text()
        return SisterCityData(
            city=cities.CityData(
                name=self.name_edit.text(),
                native_name=self.native_edit.text(),
                aliases=list(city.aliases) if city else [],
                # The printed label stays the country's when the person did not change it.
                country=city.country
                if city and country == (city.country_label or city.country)
                else country,
                country_label=city.country_label
                if city and country == (city.country_label or city.country)
                else "",
                language=self.language_edit.text() or "en",
            ),
            partnership=self._collect_partnership(),
        )

    def _collect_partnership(self) -> cities.PartnershipData:
        base = self._data
        assert base is not None
        year = self.year_spin.value()
        year_value = None if year == self.year_spin.minimum() else year
        established_on = base.established_on
        if established_on is not None and established_on.year != year_value:
            established_on = None  # the person changed the year: the old date no longer holds
        return cities.PartnershipData(
            city_id=self._city_id or base.city_id,
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
        data: SisterCityData,
        expected_version: int | None,
    ) -> int:
        if self._city_id is not None:
            city = cities.update_city(
                session=session,
                city_id=self._city_id,
                data=data.city,
                expected_version=self._city_version,
            )
            self._city_version = city.version
            self._city = city
            self._city_name = city.name
        partnership = cities.update_partnership(
            session=session,
            partnership_id=record_id,
            data=data.partnership,
            expected_version=expected_version,
        )
        return partnership.version

    def _create(self, session: Session, data: SisterCityData) -> tuple[int, int]:
        """A new sister city: the city (checked against the registry) and its partnership."""
        city = cities.create_city(session=session, data=data.city)
        data.partnership.city_id = city.id or 0
        partnership = cities.create_partnership(session=session, data=data.partnership)
        self._city_id, self._city_version, self._city = city.id, city.version, city
        self._city_name = city.name
        return partnership.id or 0, partnership.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return cities.get_partnership(session=session, partnership_id=record_id).version

    def _on_timeline_changed(self) -> None:
        # A step changed the partnership's status (and maybe its ordinal): show it.
        record_id = self.record_id()
        if record_id is not None and self.load(record_id):
            self.saved.emit(record_id, dt.datetime.now())
