"""Fixtures of the desktop-app tests: databases, a window, recorded dialogs, typing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from sqlalchemy.engine import Engine
from uihelpers import DialogLog, type_text

from sistercity_desk import db, demo, opening
from ui import dialogs


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Every modal dialog is replaced: a real one would block the test forever."""
    log = DialogLog()

    def confirm(_parent: Any, title: str, text: str, *, action: str = "OK") -> bool:
        log.calls.append(("confirm", f"{title}: {text}"))
        return log.confirm_answer

    def show_error(_parent: Any, title: str, text: str) -> None:
        log.calls.append(("error", f"{title}: {text}"))

    def show_unexpected(_parent: Any, text: str, log_file: str) -> None:
        log.calls.append(("unexpected", f"{text} [{log_file}]"))

    def ask_conflict(
        _parent: Any, text: str, compare_html: Callable[[], str] | None = None
    ) -> dialogs.ConflictChoice:
        log.calls.append(("conflict", text))
        if compare_html is not None:
            log.calls.append(("conflict-compare", compare_html()))
        return log.conflict_answer

    def about(_parent: Any, title: str, html: str) -> None:
        log.calls.append(("about", f"{title}: {html}"))

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error", show_error)
    monkeypatch.setattr(dialogs, "show_unexpected", show_unexpected)
    monkeypatch.setattr(dialogs, "ask_conflict", ask_conflict)
    monkeypatch.setattr(dialogs, "about", about)
    return log


@pytest.fixture(autouse=True)
def no_threads_left() -> Iterator[None]:
    """No background work may outlive a test."""
    yield
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000)
    assert pool.activeThreadCount() == 0


@pytest.fixture
def empty_engine(db_path: Path) -> Iterator[Engine]:
    engine = opening.open_database(str(db_path))
    yield engine
    engine.dispose()


@pytest.fixture
def demo_engine(db_path: Path) -> Iterator[Engine]:
    engine = opening.open_database(str(db_path))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    yield engine
    engine.dispose()


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Callable[[Engine], Any]]:
    """Opens main windows on an engine; closes them (flushing, joining tasks) at the end."""
    from ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(engine: Engine) -> MainWindow:
        window = MainWindow(engine)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.tasks.shutdown(10_000)


@pytest.fixture
def window(make_window: Callable[[Engine], Any], demo_engine: Engine) -> Any:
    return make_window(demo_engine)


@pytest.fixture
def typist() -> Callable[[QWidget, str], None]:
    return type_text
