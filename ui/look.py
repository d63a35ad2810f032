"""How the editors look, from the system's palette and font (light or dark, any size)
rather than fixed colours and pixel sizes."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    return QColor(
        round(a.red() * (1 - share) + b.red() * share),
        round(a.green() * (1 - share) + b.green() * share),
        round(a.blue() * (1 - share) + b.blue() * share),
    )


def muted(widget: QWidget) -> QWidget:
    """Secondary text (captions, counts): the text colour moved a third towards the
    background, so it reads on a light and on a dark palette."""
    palette = widget.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Window)
    palette.setColor(QPalette.ColorRole.WindowText, _mix(text, background, 0.35))
    widget.setPalette(palette)
    return widget


def heading(widget: QWidget, scale: float = 1.0) -> QWidget:
    """Bold, and ``scale`` times the system font size."""
    font = widget.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


# --------------------------------------------------------------------------- style sheets

#: The light design's colours in the app's style sheets, by what each one paints. On a dark
#: palette ``css`` puts the palette's own colour for that part in their place; pairs that
#: carry their own background and text (status chips, the yellow banners, the vote buttons)
#: keep their colours on any palette and use none of these.
_TEXT = ("#1d2b3a", "#10335e", "#33414f", "#34495e", "#3c4857")
_MUTED = ("#4a5866", "#5f6b7a", "#6b7785", "#8a96a3", "#c0c7cf")
_SURFACE = ("#ffffff",)
_PANEL = ("#fafbfc", "#f3f5f8", "#f6f8fa", "#eef3f9")
_LINE = ("#dde3ea", "#d5dbe3", "#c9d1db", "#b8c7da", "#e2e6eb")
_SELECTED = ("#dde7f5", "#e3edfa")
_TOKEN = re.compile(r"#[0-9a-fA-F]{6}\b")

#: Text that carries a meaning by its colour (a problem, a success, a warning): the light
#: design's shade and the one that reads on a dark background.
SIGNALS = {
    "error": ("#b3261e", "#f28b82"),
    "good": ("#1e6b34", "#81c995"),
    "warn": ("#9a5b00", "#fdd663"),
}


def _app_palette() -> QPalette:
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    """The palette paints light text on a dark window (a dark system theme)."""
    palette = palette or _app_palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def css(style: str, palette: QPalette | None = None) -> str:
    """A style sheet written for the light design, fitted to the palette: unchanged on a
    light one; on a dark one its text, muted text, surfaces, panels, lines and selections
    take the palette's colours, so nothing is dark on dark or light on light."""
    palette = palette or _app_palette()
    if not is_dark(palette):
        return style
    role = QPalette.ColorRole
    text = palette.color(role.WindowText)
    window = palette.color(role.Window)
    base = palette.color(role.Base)
    wanted = {}
    for colour in _TEXT:
        wanted[colour] = text
    for colour in _MUTED:
        wanted[colour] = _mix(text, window, 0.35)
    for colour in _SURFACE:
        wanted[colour] = base
    for colour in _PANEL:
        wanted[colour] = _mix(window, text, 0.06)
    for colour in _LINE:
        wanted[colour] = _mix(window, text, 0.25)
    for colour in _SELECTED:
        wanted[colour] = _mix(window, palette.color(role.Highlight), 0.45)

    def swap(found: re.Match[str]) -> str:
        colour = wanted.get(found.group(0).lower())
        return colour.name() if colour is not None else found.group(0)

    return _TOKEN.sub(swap, style)


def signal(kind: str, palette: QPalette | None = None) -> str:
    """The colour of text that means something ("error", "good", "warn") on this palette."""
    light, dark = SIGNALS[kind]
    return dark if is_dark(palette) else light
