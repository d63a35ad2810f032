"""Starts the desktop app: arguments, QApplication, the database, the error handler."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

import sistercity_desk
from sistercity_desk import db, paths
from sistercity_desk.errors import DeskError

from . import dialogs
from .failures import LOG_FILE_NAME, log, log_file, setup_logging, show_unexpected_failure

__all__ = ["LOG_FILE_NAME", "log_file", "setup_logging", "show_unexpected_failure"]
from .icons import app_icon

if TYPE_CHECKING:
    from .main_window import MainWindow

#: Set to 1 by bench/startup.py: say "ready <seconds since the process started>" once the
#: window is painted with its first list page, then close.
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


def _seconds_since_start() -> float:
    try:
        # Field 22 of /proc/self/stat: when the process started, in clock ticks since boot.
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


def _report_ready(window: QMainWindow) -> None:
    window.repaint()
    print(f"ready {_seconds_since_start():.3f}", flush=True)
    window.close()


def _check_in_background(window: MainWindow, url: str) -> None:
    """The thorough check of the database file and the hourly backup, off the GUI thread; a
    damaged file is shown in words."""

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DeskError):
            log.warning("Database check: %s", exc.message)
            dialogs.show_error(window, "The database needs attention", exc.message)
        else:
            handle_exception(type(exc), exc, exc.__traceback__)

    window.tasks.submit(
        lambda _ctx: db.after_open(url),
        with_session=False,
        on_failure=failed,
        description="Checking and backing up the database",
    )


def start_converter() -> None:
    """Start the app's LibreOffice in the background: previews, prints and packets convert
    through it (documents/converter.py); until it answers they run one soffice each."""
    from sistercity_desk.documents import converter

    converter.enable(start=True)


def stop_converter() -> None:
    from sistercity_desk.documents import converter

    converter.shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = application()
    install_excepthook()
    try:
        url = db.resolve_url(args.db)
        # The whole-file check and the hourly backup take seconds on a big database: they
        # run once the window is up (_check_in_background).
        engine = db.open_database(url, checks_later=True)
    except DeskError as exc:
        log.warning("Cannot open the database: %s", exc.message)
        dialogs.show_error(None, "Cannot open the database", exc.message)
        return 1
    from .main_window import MainWindow

    try:
        try:
            window = MainWindow(engine)
        except DeskError as exc:
            log.warning("Cannot show the database: %s", exc.message)
            dialogs.show_error(None, "Cannot open the database", exc.message)
            return 1
        window.show()
        QTimer.singleShot(0, start_converter)
        QTimer.singleShot(0, window.offer_recovery)
        _check_in_background(window, url)
        if os.environ.get(BENCH_READY_ENV) == "1":
            QTimer.singleShot(0, lambda: _report_ready(window))
        return app.exec()
    finally:
        stop_converter()
        engine.dispose()
