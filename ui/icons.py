"""The app's line icons (SVG files in resources/icons) as QIcons, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from sistercity_desk import paths

#: resources/ sits beside ui/ in a checkout; an installed copy keeps it in shared data.
ICON_DIR = paths.shipped_dir("resources") / "icons"


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon when the file is missing, so a
    missing picture never stops the app."""
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return icon("app")
