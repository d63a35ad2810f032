"""The window paints before the database: frame and navigator from plain Qt, the database
libraries and models loaded off the GUI thread, the areas built once it is open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from ui.areas import AREAS
from ui.main_window import NAVIGATION, MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_the_navigator_names_the_areas() -> None:
    assert tuple((a.KEY, a.TITLE, a.ICON) for a in AREAS) == NAVIGATION


def test_the_window_modules_load_without_the_database_libraries() -> None:
    code = (
        "import sys, ui.app, ui.main_window, ui.tasks\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'sistercity_desk.models',"
        " 'sistercity_desk.db', 'docxtpl') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_frame_first_then_the_areas(qtbot: Any, demo_engine: Engine) -> None:
    window = MainWindow(background_lists=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.navigator.count() == len(AREAS)
    assert window.area_stack.currentWidget() is window.opening_label
    assert window.areas == {} and not window.is_attached()
    assert not window.new_action.isEnabled()

    with qtbot.waitSignal(window.attached):
        window.attach(demo_engine, set_up=True)
    area = window.area("motions")
    # The list fills in as its rows arrive from a worker thread.
    qtbot.waitUntil(area.model.is_loaded, timeout=20_000)
    assert area.model.rowCount() >= 1
    people = window.area("people")
    qtbot.waitUntil(lambda: people.model.rowCount() > 0, timeout=20_000)
    window.close()
    assert window.tasks.shutdown(10_000)


def test_the_app_paints_before_it_is_ready(db_path: Path, demo_engine: Engine) -> None:
    demo_engine.dispose()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SISTERCITY_BENCH_READY": "1",
        "SISTERCITY_OFFICE_SERVER": "0",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    words = [line.split()[0] for line in out.stdout.splitlines() if line.strip()]
    assert words == ["painted", "ready"]
