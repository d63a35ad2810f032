"""Takes docs/img/preview.png: the main window on the demo data with the Kyiv motion in the
preview beside its editor (not a test).

Run under Xvfb from the repository root:

    Xvfb :98 -screen 0 1400x900x24 -nolisten tcp &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python tests/ui/preview_screenshot.py docs/img
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from sistercity_desk import opening


def wait(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="sistercity-shots-"))
    os.environ["SISTERCITY_HOME"] = str(home / "app")

    from sistercity_desk import db, demo
    from ui.app import application
    from ui.main_window import MainWindow

    app = application()
    engine = opening.open_database(str(home / "demo.db"))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    window = MainWindow(engine)
    window.move(0, 0)
    window.resize(1400, 900)
    window.show()
    wait(500)
    window.set_area("motions")
    area = window.area("motions")
    area.splitter.setSizes([300, 480, 440])
    area.select_record(1)
    pane = window.documents.pane("motions")
    deadline = time.monotonic() + 60
    while pane.page_count() < 1 and time.monotonic() < deadline:
        wait(200)
    if pane.page_count() < 1:
        sys.exit(f"The preview did not appear: {pane.message_text()}")
    wait(800)  # the page images are drawn a moment after the document loads
    window.grab().save(str(out / "preview.png"))
    window.close()
    engine.dispose()
    QApplication.processEvents()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
