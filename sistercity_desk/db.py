"""The database: choosing it, connecting with the right settings, migrating, sessions."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    choice = libpq_to_url(choice) or choice
    if "://" in choice:
        try:
            make_url(choice)
        except ArgumentError as exc:
            raise DeskError(
                f"'{safe_url(choice)}' is not a database URL the app understands."
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
    """The URL with any password hidden (after the user name or as ``?password=``), for
    messages, output and logs."""
    from . import secrets

    try:
        return secrets.masked(url)
    except ArgumentError:
        return "<invalid database URL>"


_LIBPQ_KEY = re.compile(r"""\s*(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)""")


def libpq_to_url(conninfo: str) -> str | None:
    """A libpq connection string (``host=db user=aide password=... dbname=desk``) as a
    SQLAlchemy URL, or None when ``conninfo`` is not one."""
    if not re.match(r"\s*(host|hostaddr|dbname|user|port|password)\s*=", conninfo):
        return None
    values: dict[str, str] = {}
    pos = 0
    while pos < len(conninfo.rstrip()):
        match = _LIBPQ_KEY.match(conninfo, pos)
        if match is None:
            return None
        raw = match[2]
        if raw.startswith("'"):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        values[match[1]] = raw
        pos = match.end()
    from sqlalchemy.engine import URL

    port = values.pop("port", None)
    return URL.create(
        "postgresql+psycopg",
        username=values.pop("user", None),
        password=values.pop("password", None),
        host=values.pop("host", None) or values.pop("hostaddr", None),
        port=int(port) if port and port.isdigit() else None,
        database=values.pop("dbname", None),
        query=values,
    ).render_as_string(hide_password=False)


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


#: What a long-running step reports: one line of text for the person waiting.
Progress = Callable[[str], None]


def upgrade(
    engine: Engine, revision: str = "head", *, progress: Progress | None = None
) -> Path | None:
    """Bring the schema to ``revision``. A SQLite file that holds data is copied first, beside
    itself, and the copy's path is returned.

    The whole upgrade is one transaction (SQLite's DDL is transactional; ``migrations/env.py``
    begins it before the first statement): a kill or a failure at any moment leaves the file
    at the old revision, never between, and the next start simply upgrades again. The copy
    has one name per target revision, so retries replace it instead of adding another.
    ``progress`` hears a line before the copy, before each step and at the end."""
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
    say = progress or (lambda _line: None)
    backup: Path | None = None
    path = sqlite_path(str(engine.url))
    if path is not None and path.exists() and inspect(engine).get_table_names():
        backup = path.with_name(f"{path.name}.before-{target}.bak")
        say(
            f"Upgrading the database from schema {current} to {target}: "
            f"copying it first to {backup}"
        )
        backup_sqlite(path, backup)
    steps = list(script.iterate_revisions(target, current or "base"))
    cfg = alembic_config(engine)
    done = [0]

    def step_done(**kwargs: Any) -> None:
        done[0] += 1
        say(f"Upgrade step {done[0]} of {len(steps)} done ({kwargs['step'].up_revision_id})")

    cfg.attributes["on_version_apply"] = step_done
    if current is not None:
        say(f"Upgrading the database to schema {target} ({len(steps)} steps)")
    command.upgrade(cfg, revision)
    if current is not None:
        say(f"The database is at schema {target}")
    return backup


#: A SQLite file shorter than this cannot hold even the file header.
HEADER_SIZE = 100


def check_openable(
    url: str, *, thorough: bool = True, emptied: Callable[[Path], bool] | None = None
) -> None:
    """Raise a DeskError in words when a SQLite file cannot be used: damaged (only when the
    header or SQLite's own integrity check says so), empty after it held data, busy, or
    read-only. ``emptied`` tells whether an empty file held records before by what the layer
    above knows (``backup.held_records``: it has backups); a write-ahead log beside it is
    known here.

    ``thorough`` runs SQLite's ``quick_check``, which reads the whole file (a third of a second
    for 50,000 motions, growing with the file). Without it only the header, the size the
    header promises and the schema are checked: that finds a file that is not a database or
    was cut short, in a millisecond; the app runs the thorough check in the background.
    """
    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    size = path.stat().st_size
    if size < HEADER_SIZE:
        # SQLite takes an empty file for a new database. A file that held records and is now
        # empty or cut inside its header (a failed copy, a full disk, a sync tool) is not new:
        # taking it for one would show no records and rotate the good backups out.
        if size == 0 and not _wal_holds_data(path) and not (emptied and emptied(path)):
            return
        detail = "the file is empty" if size == 0 else f"the file is only {size} bytes long"
        raise DamagedDatabase(path, f"{detail}, but this database held records before")
    if not thorough:
        problem = _header_problem(path)
        if problem is not None:
            raise DamagedDatabase(path, problem)
    try:
        conn = _check_connection(path)
        try:
            if thorough:
                row = conn.execute("PRAGMA quick_check").fetchone()
            else:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                row = ("ok",)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise sqlite_problem(path, exc) from exc
    if row is None or row[0] != "ok":
        raise DamagedDatabase(path, row[0] if row else "no answer to the integrity check")


def _check_connection(path: Path) -> sqlite3.Connection:
    """A connection for checking: read-write when the file and folder may be written (a
    read-only connection to a WAL file can fail to set up its shared memory while another
    process opens it, which SQLite reports as an I/O error), else read-only."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return sqlite3.connect(path, timeout=5)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def _wal_holds_data(path: Path) -> bool:
    """True when an empty file at ``path`` has a write-ahead log with pages beside it."""
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


# SQLite's primary result codes (sqlite.org/rescode.html).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 14, 26


def sqlite_problem(path: Path, exc: sqlite3.Error) -> DeskError:
    """What a SQLite error while opening ``path`` means for the person: "damaged" only when
    SQLite says the file is corrupt or not a database; busy, locked, read-only and I/O
    errors say so and what to do, and never advise moving the file away."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text_ = str(exc).lower()
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DamagedDatabase(path, str(exc))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text_ or "busy" in text_:
        return DatabaseBusy(
            f"The database {path} is busy: another program (another copy of SisterCity Desk?) "
            "is writing to it or holds it locked. The file is not damaged. Try again in a "
            "moment; if it keeps happening, close the other program."
        )
    if (
        primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM)
        or "readonly" in text_
        or "read-only" in text_
    ):
        return ReadOnlyDatabase(path, str(exc))
    if primary == _SQLITE_IOERR:
        return Unavailable(
            f"The database {path} could not be read just now ({exc}). That alone is no sign of "
            "damage: try again. If it keeps happening, check the disk (or network share), "
            "then run 'sistercity check'."
        )
    return Unavailable(f"Cannot open the database {path}: {exc}.")


class DatabaseBusy(Unavailable):
    """Another program holds the database; nothing is wrong with it."""


class ReadOnlyDatabase(Unavailable):
    """The database file, or the folder it is in, cannot be written."""

    def __init__(self, path: Path, detail: str) -> None:
        folder_ok = os.access(path.parent, os.W_OK)
        file_ok = os.access(path, os.W_OK)
        if not file_ok:
            what = f"The database file {path} is read-only"
        elif not folder_ok:
            what = f"The folder {path.parent} that holds the database is read-only"
        else:
            what = f"The database {path} cannot be written ({detail})"
        super().__init__(
            f"{what}: SisterCity Desk needs to write the file and, beside it, its -wal and "
            "-shm files. The file is not damaged. Make the file and its folder writable, or "
            "copy the file to a folder you can write to and open the copy."
        )
        self.path = path


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
    """The database file cannot be read as a database. ``advice`` says what to do about it
    (the newest good backup): the layer that knows the backups adds it
    (``opening.open_database``, ``backup.make_backup``), since this one does not."""

    def __init__(self, path: Path, detail: str, advice: str = "") -> None:
        super().__init__(
            f"The database file {path} is damaged or is not a SisterCity Desk database "
            f"({detail}). {advice}".rstrip()
        )
        self.path = path
        self.detail = detail

    def with_advice(self, advice: str) -> DamagedDatabase:
        """The same problem, with what to do about it."""
        return DamagedDatabase(self.path, self.detail, advice)


def connect(
    db: str | None = None,
    *,
    migrate: bool = True,
    checks_later: bool = False,
    progress: Progress | None = None,
    emptied: Callable[[Path], bool] | None = None,
) -> Engine:
    """Resolve, check, connect and migrate: ``opening.open_database`` without the automatic
    backup and the restore advice, which belong to the backups above this layer.
    ``progress`` hears what a schema upgrade is doing (see ``upgrade``); ``emptied`` is
    ``check_openable``'s.

    ``checks_later`` (the desktop app): only the quick checks of the file here; the caller
    runs the thorough one off the GUI thread once its window is up (``opening.after_open``).
    """
    url = resolve_url(db)
    check_openable(url, thorough=not checks_later, emptied=emptied)
    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine, progress=progress)
    except DatabaseError as exc:
        engine.dispose()
        path = sqlite_path(url)
        if path is not None and isinstance(exc.orig, sqlite3.Error):
            problem = sqlite_problem(path, exc.orig)
            if isinstance(problem, DamagedDatabase):
                # "Damaged" only when SQLite's own check of the whole file agrees.
                check_openable(url)
                raise Unavailable(
                    f"The database {path} could not be opened ({exc.orig}); SQLite's check "
                    "of the file found no damage. Try again; if it keeps happening, run "
                    "'sistercity check'."
                ) from exc
            raise problem from exc
        if not isinstance(exc, OperationalError):
            raise Unavailable(
                f"Cannot open the database {safe_url(url)}: {exc.orig}. Check that its user "
                "may create and change tables, or ask whoever runs the server."
            ) from exc
        raise Unavailable(
            f"Cannot open the database {safe_url(url)}: {exc.orig}. "
            "Check that the server is running and the address and password are right."
        ) from exc
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
        path = sqlite_path(str(engine.url))
        if path is not None and "readonly" in str(exc.orig).lower():
            raise ReadOnlyDatabase(path, str(exc.orig)) from exc
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
