"""The Qt bindings this app pins survive a long session on this Python.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that
returns nothing; after some tens of thousands of calls the interpreter aborts
("none_dealloc"). A long working day easily makes that many calls. This test makes a few
hundred thousand in a child process, so an abort fails the test instead of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for _ in range(300_000):
    widget.setEnabled(True)
print("survived")
"""


def test_many_void_qt_calls_do_not_crash_python() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert "survived" in result.stdout


def test_the_preview_widgets_are_installed() -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    assert QPdfDocument is not None and QPdfView is not None
