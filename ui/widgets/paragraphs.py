"""Item widgets for the ordered lists: a motion paragraph, an agreement article, a text in
one language."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk import models as m

from ..look import muted, signal
from .text_fields import GrowingTextEdit

CLAUSE_KINDS = (
    (m.ClauseKind.RECITAL.value, "Recital (background)"),
    (m.ClauseKind.OPERATIVE.value, "Operative (what is moved)"),
)


class ParagraphItem(QWidget):
    """One recital or operative clause of a motion."""

    changed = Signal()

    def __init__(self, kind: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Paragraph kind")
        for value, name in CLAUSE_KINDS:
            self.kind_combo.addItem(name, value)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        #: Shown in the list entry's heading row, beside the move buttons.
        self.header_widget = self.kind_combo
        self.text_edit = GrowingTextEdit(self)
        self.text_edit.setAccessibleName("Paragraph text")
        self.text_edit.setPlainText(text)
        #: Where the cursor goes when the paragraph is added or moved to.
        self.focus_target = self.text_edit
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.text_edit)
        self.kind_combo.currentIndexChanged.connect(self.changed)
        self.text_edit.textChanged.connect(self.changed)

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_read_only(self, read_only: bool) -> None:
        self.kind_combo.setEnabled(not read_only)
        self.text_edit.setReadOnly(read_only)


class ArticleItem(QWidget):
    """One article of an agreement: heading and text in both languages, side by side."""

    changed = Signal()

    def __init__(
        self,
        languages: tuple[str, str],
        headings: dict[str, str],
        texts: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._languages = languages
        self.headings: list[QLineEdit] = []
        self.texts: list[GrowingTextEdit] = []
        self.language_labels: list[QLabel] = []
        #: Under each text: "may be out of date" when only the other language was edited.
        self.stale_labels: list[QLabel] = []
        self._baseline = [texts.get(language, "") for language in languages]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for column, language in enumerate(languages):
            caption = QLabel(self)
            muted(caption)
            heading = QLineEdit(headings.get(language, ""), self)
            heading.setPlaceholderText("Heading")
            heading.setAccessibleName(f"Article heading ({language})")
            text = GrowingTextEdit(self, min_lines=4)
            text.setPlainText(texts.get(language, ""))
            text.setAccessibleName(f"Article text ({language})")
            stale = QLabel(self)
            stale.setWordWrap(True)
            stale.setStyleSheet(f"color: {signal('warn')};")
            stale.hide()
            grid.addWidget(caption, 0, column)
            grid.addWidget(heading, 1, column)
            grid.addWidget(text, 2, column)
            grid.addWidget(stale, 3, column)
            self.stale_labels.append(stale)
            heading.textChanged.connect(self.changed)
            text.textChanged.connect(self.changed)
            self.language_labels.append(caption)
            self.headings.append(heading)
            self.texts.append(text)
        self.texts[0].pair_with(self.texts[1])
        for text in self.texts:
            text.textChanged.connect(self._mark_stale)
        self.focus_target = self.headings[0]
        self.set_languages(languages)

    def set_languages(self, languages: tuple[str, str]) -> None:
        """The two language codes changed: the texts stay, keyed by the new codes."""
        self._languages = languages
        for label, language in zip(self.language_labels, languages, strict=True):
            label.setText(language or "?")

    def _mark_stale(self) -> None:
        """One language's text changed since the article was opened and the other's did not:
        the other may need the same change (a translator's reminder, not an error)."""
        changed = [t.toPlainText() != b for t, b in zip(self.texts, self._baseline, strict=True)]
        for i, label in enumerate(self.stale_labels):
            other = 1 - i
            out_of_date = changed[other] and not changed[i] and bool(self._baseline[i])
            label.setText(
                f"Translation may be out of date: the {self._languages[other] or 'other'} "
                "text changed."
                if out_of_date
                else ""
            )
            label.setVisible(out_of_date)

    def stale_languages(self) -> list[str]:
        """The languages marked out of date."""
        return [
            lang
            for lang, label in zip(self._languages, self.stale_labels, strict=True)
            if not label.isHidden()
        ]

    def headings_by_language(self) -> dict[str, str]:
        return {lang: w.text() for lang, w in zip(self._languages, self.headings, strict=True)}

    def texts_by_language(self) -> dict[str, str]:
        return {lang: w.toPlainText() for lang, w in zip(self._languages, self.texts, strict=True)}

    def set_read_only(self, read_only: bool) -> None:
        for heading in self.headings:
            heading.setReadOnly(read_only)
        for text in self.texts:
            text.setReadOnly(read_only)


class LanguageTextItem(QWidget):
    """A text in one language (a standard clause's wording, an official's title)."""

    changed = Signal()

    def __init__(
        self, language: str, text: str, parent: QWidget | None = None, *, multiline: bool = True
    ) -> None:
        super().__init__(parent)
        self.language_edit = QLineEdit(language, self)
        self.language_edit.setPlaceholderText("en")
        self.language_edit.setMaximumWidth(70)
        self.language_edit.setAccessibleName("Language code")
        self.text_edit: QLineEdit | GrowingTextEdit
        if multiline:
            self.text_edit = GrowingTextEdit(self, min_lines=3)
            self.text_edit.setPlainText(text)
            self.text_edit.textChanged.connect(self.changed)
        else:
            self.text_edit = QLineEdit(text, self)
            self.text_edit.textChanged.connect(self.changed)
        self.text_edit.setAccessibleName("Text")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.language_edit)
        row.addWidget(self.text_edit, 1)
        self.language_edit.textChanged.connect(self.changed)

    def language(self) -> str:
        return self.language_edit.text().strip()

    def text(self) -> str:
        widget = self.text_edit
        return widget.toPlainText() if isinstance(widget, GrowingTextEdit) else widget.text()

    def set_read_only(self, read_only: bool) -> None:
        self.language_edit.setReadOnly(read_only)
        self.text_edit.setReadOnly(read_only)
