"""Takes docs/img/word-import-review*.png: the review of the Word import corpus on the demo
office, sorted by confidence (not a test).

Run from the repository root (offscreen is enough: the dialog is grabbed as a widget):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/word_import_screenshot.py docs/img
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer

from sistercity_desk import opening

ROOT = Path(__file__).resolve().parents[2]
WORDFILES = ROOT / "tests" / "documents" / "wordfiles"


def wait(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="sistercity-shots-"))
    os.environ["SISTERCITY_HOME"] = str(home / "app")

    sys.path.insert(0, str(WORDFILES))
    from members import add_later_members

    from sistercity_desk import db, demo
    from ui.app import application
    from ui.main_window import MainWindow

    app = application()
    engine = opening.open_database(str(home / "demo.db"))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
        add_later_members(session)
    window = MainWindow(engine)
    window.show()
    wait(300)
    dialog = window.word_import.open([WORDFILES])
    deadline = time.monotonic() + 120
    while (
        dialog._task is not None or dialog.table.rowCount() == 0
    ) and time.monotonic() < deadline:
        wait(100)
    dialog.resize(1280, 800)
    dialog.table.sortByColumn(dialog.COL_CONFIDENCE, Qt.SortOrder.AscendingOrder)
    dialog.table.selectRow(dialog.row_of("m15_ambiguous_initial.docx"))
    wait(300)
    dialog.grab().save(str(out / "word-import-review.png"))
    dialog.table.sortByColumn(dialog.COL_CONFIDENCE, Qt.SortOrder.DescendingOrder)
    dialog.table.selectRow(dialog.row_of("m11_adopted_stamp.docx"))
    wait(300)
    dialog.grab().save(str(out / "word-import-adopted.png"))
    dialog.close()
    window.close()
    window.tasks.shutdown(10_000)
    engine.dispose()
    app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img")
