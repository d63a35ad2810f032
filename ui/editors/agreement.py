"""The agreement editor: two cities, two languages side by side, signing, the annex."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from sistercity_desk import agreements, cities, clauses, db, people
from sistercity_desk import models as m
from sistercity_desk.errors import Invalid

from ..icons import icon
from ..look import heading as bold
from ..look import muted
from ..models.annex import AnnexModel
from ..models.base import label
from ..spelling import KnownWords, read_known_words
from ..widgets.clause_picker import ClauseChoice, ClausePicker, clauses_for
from ..widgets.messages import FieldMessage
from ..widgets.ordered_list import OrderedWidgetList
from ..widgets.paragraphs import ArticleItem
from ..widgets.text_fields import DateField, GrowingTextEdit
from .base import RecordEditor
from .invisible_text import InvisibleCheck, TextField


def _section(text: str, parent: QWidget) -> QLabel:
    heading = QLabel(text, parent)
    heading.setContentsMargins(0, 12, 0, 0)
    bold(heading)
    return heading


@dataclass(frozen=True)
class _Choices:
    """The cities and signatories an agreement's fields offer."""

    home_name: str
    #: (city id, name, native name, is the home city).
    cities: list[tuple[int, str, str, bool]]
    #: (person id, name as the combo shows it).
    signatories: list[tuple[int, str]]


@dataclass(frozen=True)
class _Loaded:
    """A stored agreement as the editor shows it, read in one go (on a worker thread)."""

    data: agreements.AgreementData
    status: str
    version: int
    choices: _Choices
    words: KnownWords | None


def _read_choices(session: Session, data: agreements.AgreementData) -> _Choices:
    home = session.get(m.City, data.home_city_id)
    return _Choices(
        home_name=home.name if home else "?",
        cities=[
            (city.id or 0, city.name, city.native_name or "", bool(city.is_home))
            for city in cities.list_cities(session=session)
        ],
        signatories=[
            (p.id or 0, p.full_name + (f" ({p.native_name})" if p.native_name else ""))
            for p in people.list_people(session=session)
        ],
    )


class AgreementEditor(RecordEditor):
    KIND = "agreement"
    NOUN = "agreement"

    def _build(self, body: QWidget) -> None:
        self._data: agreements.AgreementData | None = None
        self._status = m.AgreementStatus.DRAFT.value
        self._home_name = ""
        self._city_names: dict[int, str] = {}

        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.home_label = QLabel(body)
        form.addRow("Home city", self.home_label)
        self.partner_combo = QComboBox(body)
        self.partner_combo.setAccessibleName("Partner city")
        self.add_row(form, "Partner city", self.partner_combo, "partner_city_id")
        languages = QWidget(body)
        row = QHBoxLayout(languages)
        row.setContentsMargins(0, 0, 0, 0)
        self.home_language_edit = QLineEdit(languages)
        self.partner_language_edit = QLineEdit(languages)
        for edit, name in (
            (self.home_language_edit, "Home language code"),
            (self.partner_language_edit, "Partner language code"),
        ):
            edit.setMaximumWidth(80)
            edit.setPlaceholderText("en")
            edit.setAccessibleName(name)
        row.addWidget(self.home_language_edit)
        row.addWidget(QLabel("and", languages))
        row.addWidget(self.partner_language_edit)
        note = QLabel("(both texts equally authentic)", languages)
        # Wraps in a narrow pane rather than widening the editor past it.
        note.setWordWrap(True)
        row.addWidget(note, 1)
        self.add_row(form, "Languages", languages, "partner_language")
        self.status_label = QLabel(body)
        form.addRow("Status", self.status_label)
        column.addLayout(form)

        # Titles and preambles: one column per language, side by side.
        column.addWidget(_section("Title and preamble", body))
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.language_captions = [QLabel(body), QLabel(body)]
        self.title_edits = [GrowingTextEdit(body, min_lines=2, max_lines=4) for _ in range(2)]
        self.preamble_edits = [GrowingTextEdit(body, min_lines=4) for _ in range(2)]
        for i in range(2):
            muted(self.language_captions[i])
            self.title_edits[i].setAccessibleName("Title")
            self.preamble_edits[i].setAccessibleName("Preamble")
            grid.addWidget(self.language_captions[i], 0, i)
            grid.addWidget(self.title_edits[i], 1, i)
            grid.addWidget(self.preamble_edits[i], 2, i)
        self.title_edits[0].pair_with(self.title_edits[1])
        self.preamble_edits[0].pair_with(self.preamble_edits[1])
        column.addLayout(grid)

        column.addWidget(_section("Articles", body))
        self.articles = OrderedWidgetList(body, heading=lambda i, _w: f"Article {i + 1}")
        column.addWidget(self.articles)
        self.add_article_button = QPushButton(icon("new"), "Add &article", body)
        self.insert_article_button = QPushButton(
            icon("insert-clause"), "Insert standard a&rticle…", body
        )
        self.insert_article_button.setToolTip(
            "Insert a standard article in both languages after the article being edited"
        )
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_article_button)
        add_row.addWidget(self.insert_article_button)
        add_row.addStretch(1)
        column.addLayout(add_row)
        self.article_picker: ClausePicker | None = None
        self.articles.on_insert = self._check_spelling
        self._spelling_attached = False
        # Bidirectional controls and other invisible characters, named where they are.
        self.hidden_message = FieldMessage(body)
        column.addWidget(self.hidden_message)
        self.invisible = InvisibleCheck(self, self.hidden_message, self._text_fields)

        column.addWidget(_section("Signing", body))
        signing = QGridLayout()
        signing.setHorizontalSpacing(8)
        self.side_captions = [QLabel(body), QLabel(body)]
        self.place_edits = [QLineEdit(body), QLineEdit(body)]
        self.date_fields = [DateField(body), DateField(body)]
        self.signatory_combos = [QComboBox(body), QComboBox(body)]
        for i, caption in enumerate(("Place", "Date", "Signatory"), start=1):
            signing.addWidget(QLabel(caption, body), i, 0)
        for i in range(2):
            muted(self.side_captions[i])
            self.place_edits[i].setAccessibleName("Place of signing")
            self.signatory_combos[i].setAccessibleName("Signatory")
            self.date_fields[i].setAccessibleName("Date of signing")
            signing.addWidget(self.side_captions[i], 0, i + 1)
            signing.addWidget(self.place_edits[i], 1, i + 1)
            signing.addWidget(self.date_fields[i], 2, i + 1)
            signing.addWidget(self.signatory_combos[i], 3, i + 1)
        signing.setColumnStretch(1, 1)
        signing.setColumnStretch(2, 1)
        column.addLayout(signing)
        self.signing_message = FieldMessage(body)
        for field in ("home_signatory_id", "partner_signatory_id"):
            self.register_message(field, self.signing_message)
        column.addWidget(self.signing_message)

        column.addWidget(_section("Annex: donated equipment", body))
        self.annex_model = AnnexModel(self)
        self.annex_view = QTableView(body)
        self.annex_view.setModel(self.annex_model)
        self.annex_view.setAccessibleName("Annex: donated equipment")
        self.annex_view.verticalHeader().setVisible(True)
        self.annex_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.annex_view.horizontalHeader()
        header.setSectionResizeMode(AnnexModel.COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for col in (AnnexModel.COL_QUANTITY, AnnexModel.COL_CONDITION, AnnexModel.COL_VALUE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.annex_view.setMinimumHeight(150)
        column.addWidget(self.annex_view)
        self.annex_message = FieldMessage(body)
        self.register_message("annex_items", self.annex_message)
        column.addWidget(self.annex_message)
        annex_buttons = QHBoxLayout()
        self.add_line_button = QPushButton(icon("new"), "Add line", body)
        self.remove_line_button = QPushButton(icon("remove"), "Remove line", body)
        self.annex_total = QLabel(body)
        annex_buttons.addWidget(self.add_line_button)
        annex_buttons.addWidget(self.remove_line_button)
        annex_buttons.addStretch(1)
        annex_buttons.addWidget(self.annex_total)
        column.addLayout(annex_buttons)
        column.addStretch(1)

        self.partner_combo.currentIndexChanged.connect(self._on_partner_changed)
        self.home_language_edit.textChanged.connect(self._on_languages_edited)
        self.partner_language_edit.textChanged.connect(self._on_languages_edited)
        for widget in (*self.title_edits, *self.preamble_edits):
            widget.textChanged.connect(self.mark_edited)
        for edit in self.place_edits:
            edit.textChanged.connect(self.mark_edited)
        for date_field in self.date_fields:
            date_field.dateChanged.connect(self.mark_edited)
        for combo in self.signatory_combos:
            combo.currentIndexChanged.connect(self.mark_edited)
        self.articles.changed.connect(self.mark_edited)
        self.articles.changed.connect(self.invisible.update)
        for widget in (*self.title_edits, *self.preamble_edits):
            widget.textChanged.connect(self.invisible.update)
        self.annex_model.edited.connect(self._on_annex_edited)
        self.add_article_button.clicked.connect(self._on_add_article)
        self.insert_article_button.clicked.connect(self.open_article_picker)
        self.add_line_button.clicked.connect(self._on_add_line)
        self.remove_line_button.clicked.connect(self._on_remove_line)

    # ------------------------------------------------------------------ loading

    def languages(self) -> tuple[str, str]:
        return (
            self.home_language_edit.text().strip(),
            self.partner_language_edit.text().strip(),
        )

    def _show_data(self, session: Session, data: Any) -> None:
        self._show(data, _read_choices(session, data))

    def _show(self, data: agreements.AgreementData, choices: _Choices) -> None:
        self._data = data
        if not self._spelling_attached:
            # Here rather than when built: the spell check reads the database.
            self._spelling_attached = True
            for i in range(2):
                self.speller().attach(self.title_edits[i], self._language_of(i))
                self.speller().attach(self.preamble_edits[i], self._language_of(i))
        self._home_name = choices.home_name
        self.home_label.setText(self._home_name)
        self.partner_combo.clear()
        self.partner_combo.addItem("Choose the partner city…", None)
        for city_id, name, native_name, is_home in choices.cities:
            self._city_names[city_id] = name
            if not is_home:
                native = f" ({native_name})" if native_name and native_name != name else ""
                self.partner_combo.addItem(f"{name}{native}", city_id)
        self.partner_combo.setCurrentIndex(
            max(0, self.partner_combo.findData(data.partner_city_id))
        )
        self.home_language_edit.setText(data.home_language)
        self.partner_language_edit.setText(data.partner_language)
        languages = (data.home_language, data.partner_language)
        for i, language in enumerate(languages):
            self.title_edits[i].setPlainText(data.titles.get(language, ""))
            self.preamble_edits[i].setPlainText(data.preambles.get(language, ""))
        self.articles.clear()
        for article in data.articles:
            self.articles.append(ArticleItem(languages, article.headings, article.texts))
        self.place_edits[0].setText(data.home_signing_place)
        self.place_edits[1].setText(data.partner_signing_place)
        self.date_fields[0].set_value(data.home_signing_date)
        self.date_fields[1].set_value(data.partner_signing_date)
        for combo, chosen in zip(
            self.signatory_combos, (data.home_signatory_id, data.partner_signatory_id), strict=True
        ):
            combo.clear()
            combo.addItem("Not chosen yet", None)
            for pid, name in choices.signatories:
                combo.addItem(name, pid)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.annex_model.set_items(data.annex_items)
        self.status_label.setText(label(self._status))
        self._update_captions()
        self._update_total()
        self.invisible.update()

    def _read(self, session: Session, record_id: int) -> _Loaded:
        agreement = agreements.get_agreement(session=session, agreement_id=record_id)
        data = agreements.AgreementData.of(agreement)
        return _Loaded(
            data=data,
            status=agreement.status,
            version=agreement.version,
            choices=_read_choices(session, data),
            words=read_known_words(session),
        )

    def _fill(self, loaded: _Loaded) -> int:
        self.speller().set_known_words(loaded.words)
        self._status = loaded.status
        self._show(loaded.data, loaded.choices)
        return loaded.version

    def _start_new(self, session: Session) -> None:
        home = cities.home_city(session=session)
        if home is None:
            raise Invalid(
                "The office has no home city yet: set up the office first (File > New office)."
            )
        self._status = m.AgreementStatus.DRAFT.value
        data = agreements.AgreementData(
            home_city_id=home.id or 0,
            partner_city_id=0,
            home_language=(home.language or "en").split("-")[0],
            partner_language="",
            home_signing_place=home.name,
        )
        self._show(data, _read_choices(session, data))
        self.partner_combo.setFocus()

    def read_only_reason(self) -> str:
        if self._status == m.AgreementStatus.SIGNED:
            return (
                "This agreement is signed and no longer edited. Draft an amendment as a new "
                "agreement, or restore a version from its history as a new draft."
            )
        return ""

    def _heading_text(self) -> str:
        partner = self.partner_combo.currentData()
        name = self._city_names.get(int(partner), "…") if partner is not None else "…"
        return f"Agreement: {self._home_name} and {name}"

    def _set_read_only(self, read_only: bool) -> None:
        self.partner_combo.setEnabled(not read_only)
        for edit in (self.home_language_edit, self.partner_language_edit, *self.place_edits):
            edit.setReadOnly(read_only)
        for text in (*self.title_edits, *self.preamble_edits):
            text.setReadOnly(read_only)
        for widget in (*self.date_fields, *self.signatory_combos):
            widget.setEnabled(not read_only)
        self.articles.set_read_only(read_only)
        self.annex_model.set_read_only(read_only)
        for button in (
            self.add_article_button,
            self.insert_article_button,
            self.add_line_button,
            self.remove_line_button,
        ):
            button.setVisible(not read_only)

    # ------------------------------------------------------------------ saving

    def _text_fields(self) -> list[TextField]:
        fields: list[TextField] = []
        languages = self.languages()
        for i, lang in enumerate(languages):
            fields += [(f"title ({lang})", self.title_edits[i])]
            fields += [(f"preamble ({lang})", self.preamble_edits[i])]
        for n, w in enumerate(self.articles.widgets(), start=1):
            if isinstance(w, ArticleItem):
                for lang, heading, text in zip(languages, w.headings, w.texts, strict=True):
                    fields += [(f"article {n} heading ({lang})", heading)]
                    fields += [(f"article {n} ({lang})", text)]
        return fields

    def save_now(self, *, _retry: bool = True) -> bool:
        # Invisible characters never reach legal text without the person's say.
        if self.is_dirty() and not self.is_read_only():
            self.invisible.before_save()
        return super().save_now(_retry=_retry)

    def _collect(self) -> agreements.AgreementData:
        base = self._data
        assert base is not None
        home_language, partner_language = self.languages()
        languages = (home_language, partner_language)
        partner = self.partner_combo.currentData()
        return agreements.AgreementData(
            home_city_id=base.home_city_id,
            partner_city_id=0 if partner is None else int(partner),
            home_language=home_language,
            partner_language=partner_language,
            titles={lang: self.title_edits[i].toPlainText() for i, lang in enumerate(languages)},
            preambles={
                lang: self.preamble_edits[i].toPlainText() for i, lang in enumerate(languages)
            },
            articles=[
                agreements.ArticleData(w.texts_by_language(), w.headings_by_language())
                for w in self.articles.widgets()
                if isinstance(w, ArticleItem)
            ],
            annex_items=self.annex_model.items(),
            prevailing_language=base.prevailing_language
            if base.prevailing_language in languages
            else "",
            home_signing_place=self.place_edits[0].text(),
            home_signing_date=self.date_fields[0].value(),
            partner_signing_place=self.place_edits[1].text(),
            partner_signing_date=self.date_fields[1].value(),
            home_signatory_id=self.signatory_combos[0].currentData(),
            partner_signatory_id=self.signatory_combos[1].currentData(),
            partnership_id=base.partnership_id,
        )

    def _save(
        self,
        session: Session,
        record_id: int,
        data: agreements.AgreementData,
        expected_version: int | None,
    ) -> int:
        if not data.partner_city_id:
            raise Invalid("Choose the partner city.", field="partner_city_id")
        agreement = agreements.update_agreement(
            session=session, agreement_id=record_id, data=data, expected_version=expected_version
        )
        return agreement.version

    def _create(self, session: Session, data: agreements.AgreementData) -> tuple[int, int]:
        if not data.partner_city_id:
            raise Invalid("Choose the partner city.", field="partner_city_id")
        partner = cities.get_city(session=session, city_id=data.partner_city_id)
        if not data.partner_language:
            data.partner_language = (partner.language or "en").split("-")[0]
        agreement = agreements.create_agreement(session=session, data=data)
        return agreement.id or 0, agreement.version

    def _stored_version(self, session: Session, record_id: int) -> int:
        return agreements.get_agreement(session=session, agreement_id=record_id).version

    # ------------------------------------------------------------------ handlers

    def _update_captions(self) -> None:
        home, partner = self.languages()
        partner_id = self.partner_combo.currentData()
        partner_name = self._city_names.get(int(partner_id), "") if partner_id is not None else ""
        for i, (language, city) in enumerate(((home, self._home_name), (partner, partner_name))):
            self.language_captions[i].setText(
                f"In {language or '?'}" + (f" ({city})" if city else "")
            )
            self.side_captions[i].setText(city or "Partner city")
        for widget in self.articles.widgets():
            if isinstance(widget, ArticleItem):
                widget.set_languages((home, partner))

    def _on_partner_changed(self, _index: int) -> None:
        partner = self.partner_combo.currentData()
        if (
            partner is not None
            and not self.partner_language_edit.text().strip()
            and not self._loading
        ):
            with db.session_scope(self.engine) as session:
                city = cities.get_city(session=session, city_id=int(partner))
                self.partner_language_edit.setText((city.language or "").split("-")[0])
                if not self.place_edits[1].text():
                    self.place_edits[1].setText(city.name)
        self._update_captions()
        self.mark_edited()

    def _on_languages_edited(self, _text: str) -> None:
        self._update_captions()
        self.speller().rehighlight()
        self.mark_edited()

    def _language_of(self, column: int) -> Callable[[], str]:
        """The language of a text column, asked when the text is checked (it can change)."""
        return lambda: self.languages()[column]

    def _check_spelling(self, widget: QWidget) -> None:
        self.hook_undo(widget)
        if isinstance(widget, ArticleItem):
            for i, text in enumerate(widget.texts):
                self.speller().attach(text, self._language_of(i))

    def open_article_picker(self) -> ClausePicker | None:
        """Pick a standard article (tagged "agreement"); it goes in after the article being
        edited, in both languages."""
        if self.is_read_only() or not self.is_showing_record():
            return None
        with db.session_scope(self.engine) as session:
            choices = [
                ClauseChoice(c.id or 0, c.title, c.kind, dict(c.texts), tuple(c.tags))
                for c in clauses.list_clauses(session=session)
            ]
        current = self.articles.current_index()
        picker = ClausePicker(
            clauses_for("agreement", choices),
            self,
            language=self.languages()[0] or "en",
            show_kinds=False,
        )
        picker.setWindowTitle("Insert a standard article")
        picker.chosen.connect(lambda clause_id: self.insert_standard_article(clause_id, current))
        picker.finished.connect(lambda _r: self.window().activateWindow())
        picker.finished.connect(picker.deleteLater)
        self.article_picker = picker
        picker.show()
        picker.place_over(self)
        picker.search_box.setFocus()
        return picker

    def insert_standard_article(self, clause_id: int, after: int | None = None) -> ArticleItem:
        """A new article holding a standard clause's wording in both languages of the
        agreement (a language the clause lacks stays empty, to be translated)."""
        with db.session_scope(self.engine) as session:
            clause = clauses.get_clause(session=session, clause_id=clause_id)
            texts = dict(clause.texts)
        languages = self.languages()
        item = ArticleItem(languages, {}, {lang: texts.get(lang, "") for lang in languages})
        if after is None:
            after = self.articles.current_index()
        index = after + 1 if after >= 0 else self.articles.count()
        self.articles.insert(index, item)
        self.articles.focus_item(index)
        return item

    def _on_add_article(self) -> None:
        item = ArticleItem(self.languages(), {}, {})
        self.articles.append(item)
        item.headings[0].setFocus()

    def _on_add_line(self) -> None:
        row = self.annex_model.add_line()
        index = self.annex_model.index(row, AnnexModel.COL_DESCRIPTION)
        self.annex_view.setCurrentIndex(index)
        self.annex_view.edit(index)

    def _on_remove_line(self) -> None:
        self.annex_model.remove_line(self.annex_view.currentIndex().row())

    def _on_annex_edited(self) -> None:
        self._update_total()
        self.mark_edited()

    def _update_total(self) -> None:
        self.annex_total.setText(f"Estimated total: {self.annex_model.total():,.2f}")
