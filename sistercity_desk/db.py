"""The database: choosing it, connecting with the right settings, migrating, sessions."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session, create_engine

from . import paths
from . import search as _search  # noqa: F401  (registers the index's session events)
from .errors import DeskError, Unavailable

#: Environment variable naming the database (a SQLAlchemy URL or a file path).
DB_ENV = "SISTERCITY_DB"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def resolve_url(db: str | None = None) -> str:
    """The database to use: ``db`` if given, else $SISTERCITY_DB, else the settings, else
    the SQLite file in the user's data folder. A plain file path becomes a SQLite URL."""
    choice = db or os.environ.get(DB_ENV)
    if not choice:
        from . import settings

        choice = settings.load().database_url
    if not choice:
        return "sqlite:///" + paths.default_database_path().as_posix()
    if "://" in choice:
        try:
            make_url(choice)
        except ArgumentError as exc:
            raise DeskError(
                f"'{choice}' is not a database URL the app understands ({exc})."
            ) from exc
        return choice
    return "sqlite:///" + Path(choice).expanduser().resolve().as_posix()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file::memory:"):
        return None
    return Path(parsed.database)


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit that returned survives a power cut, not only a crash of the app.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the pragmas and pool the app relies on. Does not migrate."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, object] = {}
    if url.startswith("postgresql"):
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise Unavailable(f"Cannot use the database {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    else:
        from . import secrets

        # The password, when kept in the system keyring, is fetched at connect time.
        secrets.attach(engine)
    return engine


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


# --------------------------------------------------------------------------- migrations


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (SQLite's backup API), atomically placed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)
    return target


def upgrade(engine: Engine, revision: str = "head") -> Path | None:
    """Bring the schema to ``revision``. A SQLite file that holds data is copied first, beside
    itself, and the copy's path is returned."""
    current = current_revision(engine)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise Unavailable(
            f"The database {safe_url(str(engine.url))} was upgraded by a newer version of "
            f"SisterCity Desk (schema {current}); this version cannot use it. Install the "
            "newer version, or open another database."
        )
    backup: Path | None = None
    path = sqlite_path(str(engine.url))
    if path is not None and path.exists() and inspect(engine).get_table_names():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.before-{target}-{stamp}.bak")
        backup_sqlite(path, backup)
    command.upgrade(alembic_config(engine), revision)
    return backup


def check_openable(url: str) -> None:
    """Raise a DeskError in words when a SQLite file is not a database or is damaged."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(path, str(exc)) from exc
    if row is None or row[0] != "ok":
        raise DamagedDatabase(path, row[0] if row else "no answer to the integrity check")


class DamagedDatabase(DeskError):
    """The database file cannot be read as a database."""

    def __init__(self, path: Path, detail: str) -> None:
        from .backup import restore_advice

        super().__init__(
            f"The database file {path} is damaged or is not a SisterCity Desk database "
            f"({detail}). {restore_advice(path)}"
        )
        self.path = path


def open_database(db: str | None = None, *, migrate: bool = True) -> Engine:
    """Resolve, connect and migrate: the one way the app and the command line open data."""
    url = resolve_url(db)
    check_openable(url)
    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        raise Unavailable(
            f"Cannot open the database {safe_url(url)}: {exc.orig}. "
            "Check that the server is running and the address and password are right."
        ) from exc
    except DatabaseError as exc:
        engine.dispose()
        path = sqlite_path(url)
        if path is not None:
            raise DamagedDatabase(path, str(exc.orig)) from exc
        raise Unavailable(f"Cannot open the database {safe_url(url)}: {exc.orig}") from exc
    if migrate:
        from . import backup

        backup.auto_backup(url)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            raise Unavailable(
                "The database is busy: another program has been writing to it for more than "
                "5 seconds. Nothing was saved yet; try again in a moment, and if it keeps "
                "happening close the other copy of the app."
            ) from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
