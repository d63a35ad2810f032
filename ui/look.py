"""How the editors look, from the system's palette and font (light or dark, any size)
rather than fixed colours and pixel sizes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


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
