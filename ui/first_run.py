"""The first-run screen of an empty database: load the demo office, or set up your own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from sistercity_desk import cities, db, demo, office
from sistercity_desk.errors import DeskError

from .icons import app_icon
from .look import css
from .tasks import TaskContext, TaskRunner
from .widgets.messages import FieldMessage


def _load_demo(ctx: TaskContext) -> bool:
    """Worker: fill the database with the demo office (runs off the GUI thread)."""
    ctx.progress(0, 0, "Loading the demo office…")
    assert ctx.session is not None
    return demo.load_demo(ctx.session).created


class FirstRunPage(QWidget):
    """Shown instead of the workspace while the office is not set up. Emits ``completed``
    once the database holds an office (demo or the person's own)."""

    completed = Signal()

    def __init__(self, engine: Engine, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tasks = tasks

        page = QVBoxLayout(self)
        page.setContentsMargins(40, 30, 40, 30)
        content = QWidget(self)
        content.setMaximumWidth(1000)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(content, 20)
        centred.addStretch(1)
        page.addStretch(1)
        page.addLayout(centred)
        page.addStretch(2)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        title = QLabel("Welcome to SisterCity Desk", self)
        title.setStyleSheet(css("font-size: 22px; font-weight: 600; color: #1d2b3a;"))
        intro = QLabel(
            "Draft council motions and resolutions, follow them through the council, keep the "
            "sister-city registry and write bilingual sister-city agreements. This database is "
            "empty: try the app with the demo office, or set up your own.",
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(css("color: #34495e; font-size: 13px;"))
        titles.addWidget(title)
        titles.addWidget(intro)
        head.addLayout(titles, 1)
        outer.addLayout(head)
        outer.addSpacing(18)

        cards = QGridLayout()
        cards.setHorizontalSpacing(18)
        cards.addWidget(self._demo_card(), 0, 0)
        cards.addWidget(self._office_card(), 0, 1)
        cards.setColumnStretch(0, 1)
        cards.setColumnStretch(1, 1)
        outer.addLayout(cards)

    def _card(self, heading: str) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame(self)
        card.setObjectName("card")
        card.setStyleSheet(
            css("#card { background: #ffffff; border: 1px solid #d5dbe3; border-radius: 8px; }")
        )
        column = QVBoxLayout(card)
        column.setContentsMargins(18, 16, 18, 16)
        label = QLabel(heading, card)
        label.setStyleSheet(css("font-size: 15px; font-weight: 600; color: #1d2b3a;"))
        column.addWidget(label)
        return card, column

    def _demo_card(self) -> QFrame:
        card, column = self._card("Try it with the demo office")
        text = QLabel(
            "The Los Angeles City Council in March 2022: 15 districts (one vacant), 25 sister "
            "cities, the motion to make Kyiv the 26th with its 14 - 0 vote, and a draft "
            "English / Ukrainian sister-city agreement with an annex of donated fire trucks.",
            card,
        )
        text.setWordWrap(True)
        column.addWidget(text)
        column.addStretch(1)
        self.demo_button = QPushButton("Load the demo data", card)
        self.demo_button.setDefault(True)
        self.progress = QProgressBar(card)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.demo_message = FieldMessage(card)
        column.addWidget(self.progress)
        column.addWidget(self.demo_message)
        column.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.demo_button.clicked.connect(self._on_load_demo)
        return card

    def _office_card(self) -> QFrame:
        card, column = self._card("Set up your office")
        text = QLabel("Start with an empty database for your own council.", card)
        text.setWordWrap(True)
        column.addWidget(text)
        form = QFormLayout()
        self.city_edit = QLineEdit(card)
        self.city_edit.setPlaceholderText("Los Angeles")
        self.council_edit = QLineEdit("City Council", card)
        self.seats_spin = QSpinBox(card)
        self.seats_spin.setRange(1, 200)
        self.seats_spin.setValue(15)
        self.seats_spin.setMaximumWidth(100)
        form.addRow("City", self.city_edit)
        form.addRow("Council", self.council_edit)
        form.addRow("Seats", self.seats_spin)
        column.addLayout(form)
        self.office_message = FieldMessage(card)
        column.addWidget(self.office_message)
        column.addStretch(1)
        self.start_button = QPushButton("Start with an empty office", card)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.start_button.clicked.connect(self._on_start_empty)
        return card

    # ------------------------------------------------------------------ handlers

    def _on_load_demo(self) -> None:
        self.demo_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self.progress.show()
        self.demo_message.clear_message()
        self._tasks.submit(
            _load_demo,
            on_success=self._on_demo_loaded,
            on_failure=self._on_demo_failed,
            description="Load the demo office",
        )

    def _on_demo_loaded(self, _created: object) -> None:
        self.progress.hide()
        self.completed.emit()

    def _on_demo_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.demo_button.setEnabled(True)
        self.start_button.setEnabled(True)
        text = exc.message if isinstance(exc, DeskError) else f"The demo could not be loaded: {exc}"
        self.demo_message.show_message(text)

    def _on_start_empty(self) -> None:
        self.office_message.clear_message()
        data = office.OfficeData(
            city_name=self.city_edit.text(),
            council_name=self.council_edit.text(),
            seats=self.seats_spin.value(),
        )
        try:
            with db.session_scope(self._engine) as session:
                profile = office.save_office(session=session, data=data)
                home = cities.home_city(session=session) or cities.create_city(
                    session=session,
                    data=cities.CityData(name=profile.city_name, is_home=True),
                )
                profile.home_city_id = home.id
        except DeskError as exc:
            self.office_message.show_message(exc.message)
            return
        self.completed.emit()
