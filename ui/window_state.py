"""Where the windows keep their size, layout and last folders between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from sistercity_desk import paths


def settings_file() -> Path:
    """Window geometry and view state live here (an ini file in the app's config folder, so
    SISTERCITY_HOME keeps tests and portable installs apart from the user's)."""
    return paths.config_dir() / "window-state.ini"


def window_settings() -> QSettings:
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)
