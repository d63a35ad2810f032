"""An unexpected error in a running app is logged and shown, and the app keeps running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from ui import app as desk_app, dialogs

shown = []
dialogs.show_unexpected = lambda parent, text, log_file: shown.append((text, log_file))
qt_app = desk_app.application()
desk_app.install_excepthook()
after = []

def fail():
    raise ZeroDivisionError("division by zero in a slot")

def later():
    after.append("still running")
    qt_app.quit()

QTimer.singleShot(0, fail)
QTimer.singleShot(300, later)
qt_app.exec()
print("shown:", shown)
print("after:", after)
"""


def test_an_error_in_a_slot_is_logged_shown_and_survived(isolated_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ZeroDivisionError: division by zero in a slot" in result.stdout
    assert "after: ['still running']" in result.stdout
    log = isolated_home / "log" / "desktop.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "division by zero in a slot" in text
