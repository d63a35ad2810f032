"""The office's settings for this desktop: a small JSON file in the user's config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from . import paths
from .errors import Invalid


@dataclass
class Settings:
    #: SQLAlchemy URL of the database; empty means the SQLite file in the data folder.
    database_url: str = ""
    #: Path to LibreOffice's ``soffice``; empty means look on PATH and at the usual places.
    libreoffice_path: str = ""
    #: How many automatic backups to keep.
    backup_keep: int = 10
    #: Name recorded as the author of revisions; empty means the operating-system user.
    user_name: str = ""


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> Settings:
    path = settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Invalid(
            f"The settings file {path} cannot be read ({exc}). Fix or delete it to use defaults."
        ) from exc
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known})


def save(settings: Settings) -> None:
    """Write the settings; a password in the database address goes to the system keyring
    first, never into the file."""
    if settings.database_url and "://" in settings.database_url:
        from . import secrets

        settings.database_url = secrets.remember(settings.database_url)
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
