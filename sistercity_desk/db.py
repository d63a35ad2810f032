"""The database: choosing it, connecting with the right settings, migrating, sessions."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session, create_engine

from . import paths
from . import search as _search  # noqa: F401  (registers the index's session events)
from .errors import DeskError, Unavailable

if TYPE_CHECKING:
    # Alembic is imported only when a migration is due: it costs a tenth of a second at every
    # start of the app otherwise.
    from alembic.config import Config

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
    except ImportError as exc:
        hint = (
            ' Install the PostgreSQL driver: python -m pip install -e ".[postgres]".'
            if url.startswith("postgresql")
            else ""
        )
        raise Unavailable(
            f"Cannot use the database {safe_url(url)}: its driver is missing ({exc}).{hint}"
        ) from exc
    except ArgumentError as exc:
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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"""^revision\s*(?::[^=\n]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(
    r"""^down_revision\s*(?::[^=\n]*)?=\s*(?:None|["']([^"']+)["'])\s*$""", re.MULTILINE
)


def _head_from_files() -> str | None:
    """The head read from the migration files' ``revision``/``down_revision`` lines, or None
    when they are not all of that plain form (a merge, say): then Alembic decides."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def head_revision() -> str:
    head = _head_from_files()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = [r for (r,) in conn.execute(text("SELECT version_num FROM alembic_version"))]
        if len(rows) <= 1:
            return rows[0] if rows else None
        from alembic.runtime.migration import MigrationContext

        # Several heads: Alembic's own answer (an error naming them).
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
    from alembic import command
    from alembic.script import ScriptDirectory

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


def check_openable(url: str, *, thorough: bool = True) -> None:
    """Raise a DeskError in words when a SQLite file is not a database or is damaged.

    ``thorough`` runs SQLite's ``quick_check``, which reads the whole file (a third of a second
    for 50,000 motions, growing with the file). Without it only the header, the size the
    header promises and the schema are checked: that finds a file that is not a database or
    was cut short, in a millisecond; the app runs the thorough check in the background.
    """
    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    if not thorough:
        problem = _header_problem(path)
        if problem is not None:
            raise DamagedDatabase(path, problem)
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if thorough:
                row = conn.execute("PRAGMA quick_check").fetchone()
            else:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                row = ("ok",)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(path, str(exc)) from exc
    if row is None or row[0] != "ok":
        raise DamagedDatabase(path, row[0] if row else "no answer to the integrity check")


def _header_problem(path: Path) -> str | None:
    """What is wrong with a SQLite file's 100-byte header, or None (see sqlite.org/fileformat)."""
    size = path.stat().st_size
    if size == 0:
        return None  # SQLite makes an empty file a new database
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "file is not a database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "file is not a database"
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid when the change counter matches the version-valid-for number.
    # A WAL file left by a crash may still hold pages the file lacks: SQLite replays them,
    # so the size is only compared when there is none.
    wal = Path(f"{path}-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if header[24:28] == header[92:96] and pages and not has_wal and size < pages * page_size:
        return f"the file is {size:,} bytes, shorter than the {pages * page_size:,} it should be"
    return None


class DamagedDatabase(DeskError):
    """The database file cannot be read as a database."""

    def __init__(self, path: Path, detail: str) -> None:
        from .backup import restore_advice

        super().__init__(
            f"The database file {path} is damaged or is not a SisterCity Desk database "
            f"({detail}). {restore_advice(path)}"
        )
        self.path = path


def open_database(
    db: str | None = None, *, migrate: bool = True, checks_later: bool = False
) -> Engine:
    """Resolve, connect and migrate: the one way the app and the command line open data.

    ``checks_later`` (the desktop app): only the quick checks of the file here, and no
    automatic backup; the caller runs ``after_open(url)`` off the GUI thread once its window
    is up.
    """
    url = resolve_url(db)
    check_openable(url, thorough=not checks_later)
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
        raise Unavailable(
            f"Cannot open the database {safe_url(url)}: {exc.orig}. Check that its user may "
            "create and change tables, or ask whoever runs the server."
        ) from exc
    if migrate and not checks_later:
        from . import backup

        backup.auto_backup(url)
    return engine


def after_open(url: str) -> None:
    """What ``open_database(checks_later=True)`` left out: the thorough check of a SQLite
    file (DamagedDatabase when it fails) and the hourly automatic backup."""
    from . import backup

    check_openable(url)
    backup.auto_backup(url)


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
