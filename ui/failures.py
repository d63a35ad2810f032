"""What the app does with a failure nobody foresaw: log it with its traceback, say it in words."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtWidgets import QWidget

from sistercity_desk import paths

from . import dialogs

log = logging.getLogger("sistercity_desk.ui")
LOG_FILE_NAME = "desktop.log"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging() -> Path:
    """Log to a rotating file in the app's log folder (once per log file)."""
    path = log_file()
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def show_unexpected_failure(parent: QWidget | None, text: str, exc: BaseException) -> None:
    """Log a failure nobody foresaw, with its traceback, then show it in words naming the log
    file (a background task's failure, which never reaches ``sys.excepthook``)."""
    path = setup_logging()
    log.error("%s", text, exc_info=exc)
    dialogs.show_unexpected(parent, text, str(path))
