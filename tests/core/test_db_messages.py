"""Database problems a person can meet are explained in words: a busy file, a missing driver."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from sistercity_desk import db, opening
from sistercity_desk import models as m
from sistercity_desk.errors import Unavailable


def test_locked_database_gives_a_message_not_a_traceback(db_path: Path) -> None:
    engine = opening.open_database(str(db_path))

    @event.listens_for(engine, "connect")
    def _short_timeout(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=100")

    engine.dispose()
    other = sqlite3.connect(db_path, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock, like another app mid-commit
    try:
        with pytest.raises(Unavailable, match="database is busy"), db.session_scope(engine) as s:
            s.add(m.Committee(name="Blocked"))
    finally:
        other.rollback()
        other.close()
        engine.dispose()
    with db.session_scope(opening.open_database(str(db_path))) as s:
        s.add(m.Committee(name="After"))


def test_a_missing_postgresql_driver_says_which_extra_to_install() -> None:
    # psycopg2 is not installed (the app uses psycopg 3): the same path a missing driver takes.
    with pytest.raises(Unavailable, match=r"driver is missing.*\[postgres\]"):
        db.make_engine("postgresql+psycopg2://aide@server/council")
