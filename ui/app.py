"""Starts the desktop app: arguments, QApplication, the database, the error handler.

The window paints first (frame, menus, navigator: plain Qt); the database libraries, the
models, the migrations check and the office's first query load on a worker thread
meanwhile, and the areas are built when it is open (lists fill in as their rows arrive).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog

import sistercity_desk
from sistercity_desk import paths
from sistercity_desk.errors import DeskError

from . import dialogs
from .failures import LOG_FILE_NAME, log, log_file, setup_logging, show_unexpected_failure

__all__ = ["LOG_FILE_NAME", "log_file", "setup_logging", "show_unexpected_failure"]
from .icons import app_icon

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .main_window import MainWindow

#: Set to 1 by bench/startup.py: say "painted <seconds since the process started>" once the
#: window's frame is painted, "ready <seconds>" once it shows its first list page, then close.
BENCH_READY_ENV = "SISTERCITY_BENCH_READY"
_IMPORTED = time.perf_counter()

_in_handler = False


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """The app's ``sys.excepthook``: log the error, show it in words, keep running."""
    global _in_handler
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    path = setup_logging()
    log.error("Unexpected error", exc_info=(exc_type, exc, tb))
    if _in_handler or QApplication.instance() is None:
        # No window to show it in (or the dialog itself failed): standard error is left.
        traceback.print_exception(exc_type, exc, tb)
        return
    _in_handler = True
    try:
        parent = QApplication.activeWindow()
        if isinstance(exc, DeskError):
            dialogs.show_error(parent, "Cannot do that", exc.message)
        else:
            dialogs.show_unexpected(parent, f"{exc_type.__name__}: {exc}", str(path))
    finally:
        _in_handler = False


def install_excepthook() -> None:
    setup_logging()
    sys.excepthook = handle_exception


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="sistercity-desk", description="SisterCity Desk: the desktop app."
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database: a SQLAlchemy URL or a SQLite file (default: the settings, then the "
        "file in the data folder)",
    )
    parser.add_argument("--version", action="version", version=sistercity_desk.__version__)
    return parser.parse_args(argv)


def application() -> QApplication:
    """The QApplication (made once), named so Qt's own files go to the right places."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("SisterCity Desk")
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationVersion(sistercity_desk.__version__)
    app.setWindowIcon(app_icon())
    return app


def settle_heap() -> None:
    """Put what start-up made (the libraries, the models, the window) out of the garbage
    collector's sight. A full collection walks every object: over this heap it held the GUI
    thread 40-90 ms now and then while someone typed (tests/ui/test_slow_database.py prints
    the worst wait: about 90 ms without, 10-20 ms with). Objects made afterwards are
    collected as usual; nothing made at start-up was garbage worth keeping an eye on."""
    gc.freeze()


def _seconds_since_start() -> float:
    try:
        # Field 22 of /proc/self/stat: when the process started, in clock ticks since boot.
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


def _report(word: str, window: QMainWindow) -> None:
    window.repaint()
    print(f"{word} {_seconds_since_start():.3f}", flush=True)


def _report_ready(window: MainWindow) -> None:
    """Say "ready" once the motion list shows its first page (bench/startup.py), then close."""
    area = window.areas.get("motions")
    if area is not None and not area.model.is_loaded():
        area.model.modelReset.connect(lambda: _report_ready(window))
        return
    _report("ready", window)
    window.close()


class UpgradeProgress:
    """What a schema upgrade at start-up shows: a window with its steps (it runs before the
    main window exists and can take a minute on a big database); nothing when none is due."""

    def __init__(self) -> None:
        self.dialog: QProgressDialog | None = None

    def __call__(self, line: str) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(line, "", 0, 0)
            self.dialog.setWindowTitle("Upgrading the database")
            self.dialog.setCancelButton(None)  # an upgrade stops at its end, never halfway
            self.dialog.setMinimumDuration(0)
            self.dialog.show()
        self.dialog.setLabelText(line)
        log.info("%s", line)
        QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None


def start_converter() -> None:
    """Start the app's LibreOffice in the background: previews, prints and packets convert
    through it (documents/converter.py); until it answers they run one soffice each."""
    from sistercity_desk.documents import converter

    converter.enable(start=True)


def stop_converter() -> None:
    from sistercity_desk.documents import converter

    converter.shutdown()


class _Bridge(QObject):
    """Hands a worker thread's outcome to the GUI thread (queued signals)."""

    opened = Signal(object, str, bool)
    failed = Signal(object)
    #: A step of a schema upgrade (shown in a progress window on the GUI thread).
    progress = Signal(str)


def _check_in_background(window: MainWindow, url: str) -> threading.Thread:
    """The thorough check of the database file and the hourly backup, on a thread of its
    own that closing the window does not wait for: the backup is written to a side file and
    renamed into place at the end, so one cut short leaves no half backup, and the next
    start makes it (an automatic backup counts only once it is complete). Damage found is
    shown in words."""
    bridge = _Bridge(window)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DeskError):
            log.warning("Database check: %s", exc.message)
            dialogs.show_error(window, "The database needs attention", exc.message)
        else:
            handle_exception(type(exc), exc, exc.__traceback__)

    bridge.failed.connect(failed)

    def run() -> None:
        # Imported on this thread: the window paints before the database code loads.
        from sistercity_desk import opening

        try:
            opening.after_open(url)
        except BaseException as exc:  # reported on the GUI thread
            try:
                bridge.failed.emit(exc)
            except RuntimeError:  # the window is gone: nobody to tell
                log.warning("Database check after closing: %s", exc)

    thread = threading.Thread(target=run, name="database-check", daemon=True)
    thread.start()
    return thread


def _open_in_background(db_arg: str | None, bridge: _Bridge) -> threading.Thread:
    """Import the database libraries, open (and migrate) the database and ask whether the
    office is set up, off the GUI thread."""

    def run() -> None:
        try:
            from sistercity_desk import db, office, opening

            url = db.resolve_url(db_arg)
            # The whole-file check and the hourly backup take seconds on a big database:
            # they run once the window is up (_check_in_background).
            engine = opening.open_database(
                url, checks_later=True, progress=lambda line: bridge.progress.emit(line)
            )
            try:
                with db.session_scope(engine) as session:
                    set_up = office.is_set_up(session=session)
            except BaseException:
                engine.dispose()
                raise
        except BaseException as exc:
            bridge.failed.emit(exc)
        else:
            bridge.opened.emit(engine, url, set_up)

    thread = threading.Thread(target=run, name="database-open", daemon=True)
    thread.start()
    return thread


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = application()
    install_excepthook()
    from .main_window import MainWindow

    bench = os.environ.get(BENCH_READY_ENV) == "1"
    window = MainWindow(background_lists=True)
    window.show()
    if bench:
        QTimer.singleShot(0, lambda: _report("painted", window))
    state: dict[str, Any] = {"engine": None, "code": 0}
    bridge = _Bridge()

    def opened(engine: Engine, url: str, set_up: bool) -> None:
        state["engine"] = engine
        if state.get("closed"):
            return  # the window was closed before the database was open
        try:
            window.attach(engine, set_up=set_up)
        except DeskError as exc:
            log.warning("Cannot show the database: %s", exc.message)
            dialogs.show_error(window, "Cannot open the database", exc.message)
            state["code"] = 1
            window.close()
            return
        QTimer.singleShot(0, start_converter)
        QTimer.singleShot(0, window.offer_recovery)
        QTimer.singleShot(0, settle_heap)
        _check_in_background(window, url)
        if bench:
            QTimer.singleShot(0, lambda: _report_ready(window))

    def failed(exc: BaseException) -> None:
        if state.get("closed"):
            return
        if not isinstance(exc, DeskError):
            handle_exception(type(exc), exc, exc.__traceback__)
            state["code"] = 1
            window.close()
            return
        log.warning("Cannot open the database: %s", exc.message)
        dialogs.show_error(window, "Cannot open the database", exc.message)
        state["code"] = 1
        window.close()

    upgrade = UpgradeProgress()
    bridge.progress.connect(upgrade)
    bridge.opened.connect(lambda *_args: upgrade.close())
    bridge.failed.connect(lambda *_args: upgrade.close())
    bridge.opened.connect(opened)
    bridge.failed.connect(failed)
    opener = _open_in_background(args.db, bridge)
    try:
        code = app.exec() if window.isVisible() else 0
        return state["code"] or code
    finally:
        state["closed"] = True
        opener.join()
        stop_converter()
        engine = state["engine"]
        if engine is None and not opener.is_alive():
            # Opened after the window closed: the result is still queued, never delivered.
            QApplication.processEvents()
            engine = state["engine"]
        if engine is not None:
            engine.dispose()
