"""A standard clause: reusable wording, per language, that drafters insert."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import clauses
from sistercity_desk import models as m

from ..icons import icon
from ..widgets.messages import FieldMessage
from ..widgets.ordered_list import OrderedWidgetList
from ..widgets.paragraphs import CLAUSE_KINDS, LanguageTextItem
from .base import RecordEditor


class ClauseEditor(RecordEditor):
    KIND = "clause"
    NOUN = "standard clause"

    def _build(self, body: QWidget) -> None:
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit(body)
        self.add_row(form, "Title", self.title_edit, "title")
        self.kind_combo = QComboBox(body)
        for value, text in CLAUSE_KINDS:
            self.kind_combo.addItem(text, value)
        self.add_row(form, "Kind", self.kind_combo, "kind")
        self.tags_edit = QLineEdit(body)
        self.tags_edit.setPlaceholderText("Comma-separated: sister city, referral")
        self.add_row(form, "Tags", self.tags_edit, "tags")
        column.addLayout(form)
        heading = QLabel("Wording per language", body)
        heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
        column.addWidget(heading)
        self.texts = OrderedWidgetList(body, heading=lambda i, w: self._text_heading(w))
        column.addWidget(self.texts)
        self.texts_message = FieldMessage(body)
        self.register_message("texts", self.texts_message)
        column.addWidget(self.texts_message)
        add = QHBoxLayout()
        self.add_language_button = QPushButton(icon("new"), "Add language", body)
        add.addWidget(self.add_language_button)
        add.addStretch(1)
        column.addLayout(add)
        column.addStretch(1)

        self.title_edit.textChanged.connect(self.mark_edited)
        self.kind_combo.currentIndexChanged.connect(self.mark_edited)
        self.tags_edit.textChanged.connect(self.mark_edited)
        self.texts.changed.connect(self.mark_edited)
        self.add_language_button.clicked.connect(self._on_add_language)

    @staticmethod
    def _text_heading(widget: QWidget) -> str:
        language = widget.language() if isinstance(widget, LanguageTextItem) else ""
        return f"Language: {language}" if language else "Language: (enter a code, e.g. uk)"

    def _show(self, data: clauses.StandardClauseData) -> None:
        self.title_edit.setText(data.title)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(data.kind)))
        self.tags_edit.setText(", ".join(data.tags))
        self.texts.clear()
        for language, text in data.texts.items():
            self.texts.append(LanguageTextItem(language, text))

    def _read(self, session: Session, record_id: int) -> tuple[clauses.StandardClauseData, int]:
        clause = clauses.get_clause(session=session, clause_id=record_id)
        data = clauses.StandardClauseData(
            clause.title, dict(clause.texts), clause.kind, list(clause.tags)
        )
        return data, clause.version

    def _fill(self, loaded: tuple[clauses.StandardClauseData, int]) -> int:
        data, version = loaded
        self._show(data)
        return version

    def _start_new(self, session: Session) -> None:
        self._show(clauses.StandardClauseData("", {"en": ""}, m.ClauseKind.OPERATIVE.value))
        self.title_edit.setFocus()

    def _heading_text(self) -> str:
        return self.title_edit.text() or "Standard clause"

    def _set_read_only(self, read_only: bool) -> None:
        self.title_edit.setReadOnly(read_only)
        self.tags_edit.setReadOnly(read_only)
        self.kind_combo.setEnabled(not read_only)
        self.texts.set_read_only(read_only)

    def _collect(self) -> clauses.StandardClauseData:
        texts = {
            w.language(): w.text()
            for w in self.texts.widgets()
            if isinstance(w, LanguageTextItem) and w.language()
        }
        return clauses.StandardClauseData(
            title=self.title_edit.text(),
            texts=texts,
            kind=str(self.kind_combo.currentData()),
            tags=[t for t in self.tags_edit.text().split(",") if t.strip()],
        )

    def _save(
        self,
        session: Session,
        record_id: int,
        data: clauses.StandardClauseData,
        expected_version: int | None,
    ) -> int:
        clause = clauses.update_clause(
            session=session, clause_id=record_id, data=data, expected_version=expected_version
        )
        return clause.version

    def _create(self, session: Session, data: clauses.StandardClauseData) -> tuple[int, int]:
        clause = clauses.create_clause(session=session, data=data)
        return clause.id or 0, clause.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return clauses.get_clause(session=session, clause_id=record_id).version

    def _on_add_language(self) -> None:
        item = LanguageTextItem("", "")
        self.texts.append(item)
        item.language_edit.setFocus()
