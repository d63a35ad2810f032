"""Takes the screenshots in docs/img from a real window on the demo data (not a test).

Run under Xvfb from the repository root:

    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python tests/ui/screenshots.py docs/img

The first-run screen is taken from ``python main.py --db <fresh file>`` with
``import -window root`` (ImageMagick), as a person starting the app would see it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from sistercity_desk import opening

ROOT = Path(__file__).resolve().parents[2]


def wait(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def first_run_shot(out: Path, home: Path) -> None:
    fresh = home / "fresh.db"
    env = {**os.environ, "SISTERCITY_HOME": str(home / "first-run")}
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(fresh)], env=env, cwd=ROOT
    )
    try:
        time.sleep(6)
        # No window manager under Xvfb: the window sits at 0,0 with its default size.
        subprocess.run(
            [
                "import",
                "-window",
                "root",
                "-crop",
                "1240x780+0+0",
                "+repage",
                str(out / "first-run.png"),
            ],
            check=True,
        )
    finally:
        app.terminate()
        app.wait(20)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="sistercity-shots-"))
    os.environ["SISTERCITY_HOME"] = str(home / "app")
    first_run_shot(out, home)

    from sistercity_desk import db, demo
    from ui.app import application
    from ui.main_window import MainWindow

    app = application()
    engine = opening.open_database(str(home / "demo.db"))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    window = MainWindow(engine)
    window.move(0, 0)
    window.resize(1280, 800)
    window.show()
    wait(800)

    window.set_area("motions")
    window.area("motions").select_record(1)
    wait(400)
    window.grab().save(str(out / "motion-editor.png"))

    window.set_area("agreements")
    window.area("agreements").select_record(1)
    wait(400)
    window.grab().save(str(out / "agreement-editor.png"))

    window.set_area("cities")
    area = window.area("cities")
    kyiv = next(r.partnership_id for r in area.model.rows() if r.name == "Kyiv")
    area.select_record(kyiv)
    wait(400)
    window.grab().save(str(out / "registry.png"))

    window.close()
    engine.dispose()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
