"""Opening a database the way the app and the command line do: checked, migrated, backed up.

This sits above ``db`` (engine, checks, migrations) and ``backup`` (the copies), so neither
needs the other to open a file: a damaged file is named with its newest good backup here,
and the hourly automatic backup is made here.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from . import backup, db
from .db import DamagedDatabase, Progress


def open_database(
    url: str | None = None,
    *,
    migrate: bool = True,
    checks_later: bool = False,
    progress: Progress | None = None,
) -> Engine:
    """Resolve, check, connect and migrate: the one way the app and the command line open
    data. ``progress`` hears what a schema upgrade is doing (see ``db.upgrade``).

    ``checks_later`` (the desktop app): only the quick checks of the file here, and no
    automatic backup; the caller runs ``after_open(url)`` off the GUI thread once its window
    is up.
    """
    try:
        engine = db.connect(
            url,
            migrate=migrate,
            checks_later=checks_later,
            progress=progress,
            emptied=backup.held_records,
        )
    except DamagedDatabase as exc:
        raise exc.with_advice(backup.restore_advice(exc.path)) from exc
    if migrate and not checks_later:
        backup.auto_backup(db.resolve_url(url))
    return engine


def after_open(url: str) -> None:
    """What ``open_database(checks_later=True)`` left out: the thorough check of a SQLite
    file (DamagedDatabase, with the newest good backup, when it fails) and the hourly
    automatic backup."""
    try:
        db.check_openable(url, emptied=backup.held_records)
    except DamagedDatabase as exc:
        raise exc.with_advice(backup.restore_advice(exc.path)) from exc
    backup.auto_backup(url)
