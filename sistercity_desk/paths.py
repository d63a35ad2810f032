"""Where the app keeps its files: data, backups, logs, office templates, settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "SisterCityDesk"
APP_AUTHOR = "SisterCityDesk"

#: Set this to keep every file of the app under one folder (tests, portable installs).
HOME_ENV = "SISTERCITY_HOME"


def _root(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / kind
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    if kind == "log":
        return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    if kind == "run":
        return Path(platformdirs.user_runtime_dir(APP_NAME, APP_AUTHOR))
    raise ValueError(kind)


def data_dir() -> Path:
    """The folder of the default database, backups and office templates (created on use)."""
    path = _root("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = _root("config")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _root("log")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Files the app can make again (LibreOffice's profile for the persistent converter)."""
    path = _root("cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def runtime_dir() -> Path:
    """Files that live as long as a running app: locks, the converter's ports."""
    path = _root("run")
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "sistercity.db"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def office_templates_dir() -> Path:
    """Templates placed here override the shipped ones of the same file name."""
    path = data_dir() / "templates"
    path.mkdir(parents=True, exist_ok=True)
    return path


#: Where an installed (not editable) copy of the app keeps its shipped files, under the
#: Python environment's prefix (``data-files`` in pyproject.toml).
SHARED_DATA = Path("share") / "sistercity-desk"


def shipped_dir(name: str) -> Path:
    """A folder the app ships (``templates``, ``resources``): beside the package in a
    checkout or an editable install, else in the environment's shared data."""
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / SHARED_DATA / name


def shipped_templates_dir() -> Path:
    return shipped_dir("templates")
