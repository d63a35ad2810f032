"""The app's line icons (SVG files in resources/icons) as QIcons, loaded once; drawn in the
palette's text colour on a dark theme (the files are drawn for a light one)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from sistercity_desk import paths

from .look import css, is_dark

#: resources/ sits beside ui/ in a checkout; an installed copy keeps it in shared data.
ICON_DIR = paths.shipped_dir("resources") / "icons"

#: The sizes a recoloured icon is drawn at (toolbars, menus, the navigator, buttons).
_SIZES = (16, 18, 20, 22, 24, 32, 48)


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"


def icon(name: str, *, on_light: bool = False) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon when the file is missing, so a
    missing picture never stops the app. ``on_light``: it sits on a light background of
    its own (the yellow banner), so it keeps its dark lines on any theme."""
    return _icon(name, is_dark() and not on_light)


@cache
def _icon(name: str, dark: bool) -> QIcon:
    path = icon_path(name)
    if not path.exists():
        return QIcon()
    if not dark:
        return QIcon(str(path))
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(css(path.read_text(encoding="utf-8")).encode("utf-8")))
    if not renderer.isValid():
        return QIcon(str(path))
    themed = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        themed.addPixmap(pixmap)
    return themed


def app_icon() -> QIcon:
    return icon("app", on_light=True)
