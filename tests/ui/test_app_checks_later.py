"""The app opens a database with the quick checks only and runs the thorough one (and the
hourly backup) once its window is up: damage found then is shown in words."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from uihelpers import DialogLog

import ui.app as desk_app
from sistercity_desk import db, opening, paths


def _damage_tables(path: Path) -> None:
    """Scribble over two tables' root pages; the header, size and schema stay right."""
    with sqlite3.connect(path) as conn:
        roots = [
            r
            for (r,) in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name IN ('motion_clause', 'vote_cast')"
            )
        ]
    conn.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for root in roots:
        data[(root - 1) * page : root * page] = os.urandom(page)
    path.write_bytes(bytes(data))


def test_damage_found_after_the_window_is_up_is_shown_in_words(
    qtbot: Any,
    make_window: Callable[[Engine], Any],
    demo_engine: Engine,
    db_path: Path,
    dialog_log: DialogLog,
) -> None:
    demo_engine.dispose()
    _damage_tables(db_path)
    url = db.resolve_url(str(db_path))
    engine = opening.open_database(url, checks_later=True)  # the quick checks pass
    try:
        window = make_window(engine)
        check = desk_app._check_in_background(window, url)
        qtbot.waitUntil(
            lambda: not check.is_alive() and bool(dialog_log.texts("error")), timeout=20_000
        )
        (message,) = dialog_log.texts("error")
        assert message.startswith("The database needs attention: The database file")
        assert "damaged" in message
    finally:
        engine.dispose()


def test_the_hourly_backup_is_made_in_the_background(
    qtbot: Any, make_window: Callable[[Engine], Any], demo_engine: Engine, db_path: Path
) -> None:
    demo_engine.dispose()
    for old in paths.backups_dir().iterdir():
        old.unlink()
    url = db.resolve_url(str(db_path))
    engine = opening.open_database(url, checks_later=True)
    try:
        assert list(paths.backups_dir().iterdir()) == []
        window = make_window(engine)
        check = desk_app._check_in_background(window, url)
        qtbot.waitUntil(lambda: not check.is_alive(), timeout=20_000)
        assert [p.suffix for p in paths.backups_dir().iterdir()] == [".db"]
    finally:
        engine.dispose()
