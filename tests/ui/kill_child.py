"""Run by test_ui_kill.py in its own process: open the main window on a database, type into
a motion's title, wait 3 seconds, then die by SIGKILL (no close, no flush, no cleanup).

    python kill_child.py DB MOTION_ID TEXT

MOTION_ID 0 types into a new motion instead (one the database cannot store yet: no mover).
"""

from __future__ import annotations

import os
import signal
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from sistercity_desk import opening
from ui.app import application
from ui.main_window import MainWindow


def wait(msecs: int) -> None:
    # An event loop, not QTest.qWait: qWait keeps Python's GIL, so nothing else would run.
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main() -> None:
    database, motion_id, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = application()
    engine = opening.open_database(database)
    window = MainWindow(engine)
    window.show()
    app.processEvents()
    area = window.area("motions")
    if motion_id == 0:
        if not area.new_record():
            raise SystemExit("cannot start a new motion")
    elif not area.select_record(motion_id):
        raise SystemExit(f"motion {motion_id} is not listed")
    field = area.editor.title_edit
    field.setFocus()
    field.moveCursor(QTextCursor.MoveOperation.End)
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
        wait(20)
    print(f"typed: {field.text()}", flush=True)
    wait(3000)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
