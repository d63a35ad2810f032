"""A Word template's details (read-only) and a check of its fields against the schema."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sistercity_desk import paths
from sistercity_desk.errors import DeskError

from ..look import css, signal
from ..models.base import label, local_time
from ..models.records import TemplateRow
from ..tasks import TaskContext, TaskRunner


def _check(row: TemplateRow) -> object:
    """Worker: the template's problems as text (reading a .docx is slow enough to keep it
    off the GUI thread)."""

    def work(_ctx: TaskContext) -> list[str]:
        from sistercity_desk.documents import templates

        return [str(problem) for problem in templates.check_template(row.path, row.kind or None)]

    return work


class TemplateView(QWidget):
    """Shows one template; templates are edited in Word, not here."""

    def __init__(self, tasks: TaskRunner | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._row: TemplateRow | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 12)
        self.heading = QLabel(self)
        self.heading.setStyleSheet(css("font-size: 15px; font-weight: 600; color: #1d2b3a;"))
        column.addWidget(self.heading)
        form = QFormLayout()
        self.kind_label = QLabel(self)
        self.source_label = QLabel(self)
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.modified_label = QLabel(self)
        form.addRow("For", self.kind_label)
        form.addRow("Source", self.source_label)
        form.addRow("File", self.path_label)
        form.addRow("Modified", self.modified_label)
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.check_button = QPushButton("Check the fields", self)
        self.open_folder_button = QPushButton("Open the office templates folder", self)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.check_result = QLabel(self)
        self.check_result.setWordWrap(True)
        column.addWidget(self.check_result)
        self.help_label = QLabel(self)
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet(css("color: #5f6b7a; margin-top: 10px;"))
        self.help_label.setText(
            "Templates are ordinary Word files. To restyle one, copy it into the office "
            f"templates folder ({paths.office_templates_dir()}) and edit it in Word: the "
            "office copy replaces the shipped one of the same name."
        )
        column.addWidget(self.help_label)
        column.addStretch(1)
        self.check_button.clicked.connect(self._on_check)
        self.open_folder_button.clicked.connect(self._on_open_folder)
        self.show_row(None)

    def show_row(self, row: TemplateRow | None) -> None:
        self._row = row
        self.check_result.clear()
        self.check_button.setEnabled(row is not None and self._tasks is not None)
        if row is None:
            self.heading.setText("Select a template in the list.")
            for field in (self.kind_label, self.source_label, self.path_label, self.modified_label):
                field.setText("")
            return
        self.heading.setText(row.name)
        self.kind_label.setText(label(row.kind) if row.kind else "Other documents")
        if row.source == "office":
            source = "The office's own" + (
                ", replacing the shipped one of the same name" if row.overrides else ""
            )
        else:
            source = "Shipped with the app"
        self.source_label.setText(source)
        self.path_label.setText(str(row.path))
        self.modified_label.setText(local_time(row.modified))

    def _on_check(self) -> None:
        row = self._row
        if row is None or self._tasks is None:
            return
        self.check_button.setEnabled(False)
        self.check_result.setStyleSheet(css("color: #5f6b7a;"))
        self.check_result.setText("Checking…")
        self._tasks.submit(
            _check(row),  # type: ignore[arg-type]
            with_session=False,
            on_success=partial(self._on_checked, row),
            on_failure=partial(self._on_check_failed, row),
            description=f"Check template {row.name}",
        )

    def _on_checked(self, row: TemplateRow, problems: object) -> None:
        if row is not self._row:
            return  # another template is shown now
        self.check_button.setEnabled(True)
        found = list(problems) if isinstance(problems, list) else []
        if not found:
            self.check_result.setStyleSheet(f"color: {signal('good')};")
            self.check_result.setText("Every field of this template is known to the app.")
        else:
            self.check_result.setStyleSheet(f"color: {signal('error')};")
            self.check_result.setText("Problems:\n" + "\n".join(f"• {p}" for p in found))

    def _on_check_failed(self, row: TemplateRow, exc: BaseException) -> None:
        if row is not self._row:
            return
        self.check_button.setEnabled(True)
        self.check_result.setStyleSheet(f"color: {signal('error')};")
        text = exc.message if isinstance(exc, DeskError) else f"The check failed: {exc}"
        self.check_result.setText(text)

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.office_templates_dir())))
