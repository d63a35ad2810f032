"""A Word template's details (read-only): where it is, whether the office's copy replaces it."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sistercity_desk import paths

from ..models.base import local_time
from ..models.records import TemplateRow


class TemplateView(QWidget):
    """Shows one template; templates are edited in Word, not here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 12)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600; color: #1d2b3a;")
        column.addWidget(self.heading)
        form = QFormLayout()
        self.source_label = QLabel(self)
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.modified_label = QLabel(self)
        self.use_label = QLabel(self)
        self.use_label.setWordWrap(True)
        form.addRow("Source", self.source_label)
        form.addRow("File", self.path_label)
        form.addRow("Modified", self.modified_label)
        form.addRow("In use", self.use_label)
        column.addLayout(form)
        self.help_label = QLabel(self)
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet("color: #5f6b7a; margin-top: 10px;")
        self.help_label.setText(
            "Templates are ordinary Word files. To restyle one, copy it into the office "
            f"templates folder ({paths.office_templates_dir()}) and edit it in Word: the "
            "office copy replaces the shipped one of the same name."
        )
        column.addWidget(self.help_label)
        self.open_folder_button = QPushButton("Open the office templates folder", self)
        self.open_folder_button.clicked.connect(self._on_open_folder)
        column.addWidget(self.open_folder_button)
        column.addStretch(1)
        self.show_row(None)

    def show_row(self, row: TemplateRow | None) -> None:
        if row is None:
            self.heading.setText("Select a template in the list.")
            for label in (self.source_label, self.path_label, self.modified_label, self.use_label):
                label.setText("")
            return
        self.heading.setText(row.name)
        self.source_label.setText(
            "The office's own" if row.source == "office" else "Shipped with the app"
        )
        self.path_label.setText(str(row.path))
        self.modified_label.setText(local_time(row.modified))
        self.use_label.setText(
            "Yes" if row.in_use else "No: the office copy of the same name is used instead."
        )

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.office_templates_dir())))
