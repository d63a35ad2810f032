"""Backups of the database: rotating automatic copies, checking a copy, restoring one.

A SQLite database is copied with SQLite's backup API (a consistent copy even while the app
writes). A PostgreSQL database is written as the JSON export (``exchange``), which holds
every record; the server itself is backed up by its administrator with pg_dump (see
docs/shared-office.md). Automatic backups go to ``paths.backups_dir()``, named
``<database>-<YYYYmmdd-HHMMSS>.db`` (or ``.json``); the newest ``settings.backup_keep`` are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from . import db, exchange, filenames, paths, search, settings
from . import models as m
from .errors import DeskError, Invalid, NotFound, Unavailable

log = logging.getLogger(__name__)

STAMP_FORMAT = "%Y%m%d-%H%M%S"
#: An automatic backup is made when the database is opened and the newest is older than this.
AUTO_INTERVAL = dt.timedelta(hours=1)
_STAMP = r"(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"


@dataclass(frozen=True)
class Backup:
    path: Path
    created: dt.datetime
    size: int

    @property
    def kind(self) -> str:
        """ "sqlite" for a database file, "json" for an export."""
        return "json" if self.path.suffix == ".json" else "sqlite"


# --------------------------------------------------------------------------- naming


def _database_label(url: str) -> str:
    """The name backups of this database start with: the file's stem or the server db's name."""
    path = db.sqlite_path(url)
    name = path.stem if path is not None else (make_url(url).database or "database")
    return re.sub(r"[^\w.-]+", "_", name) or "database"


def _automatic_name(label: str, suffix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}-{_STAMP}{re.escape(suffix)}$")


def _new_path(folder: Path, label: str, suffix: str) -> Path:
    stamp = dt.datetime.now().strftime(STAMP_FORMAT)
    target = folder / f"{label}-{stamp}{suffix}"
    n = 2
    while target.exists():
        target = folder / f"{label}-{stamp}-{n}{suffix}"
        n += 1
    return target


def _created(path: Path) -> dt.datetime:
    """When the backup was made: the stamp in its name, else the file's time."""
    match = re.search(_STAMP, path.name)
    stamp = None
    if match:
        try:
            stamp = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
        except ValueError:
            stamp = None  # eight digits that are no date: use the file's time
    return stamp or dt.datetime.fromtimestamp(path.stat().st_mtime)


def _sort_key(path: Path) -> tuple[dt.datetime, float, str]:
    match = re.search(_STAMP, path.name)
    n = int(match["n"]) if match and match["n"] else 1
    return (_created(path), path.stat().st_mtime + n / 1000, path.name)


# --------------------------------------------------------------------------- making


def make_backup(url: str | None = None, target: str | Path | None = None) -> Path:
    """Back the database up and return the file written. Without ``target`` the copy goes to
    the backups folder with a timestamped name, and old automatic copies are pruned."""
    url = db.resolve_url(url)
    path = db.sqlite_path(url)
    automatic = target is None
    if path is None:
        suffix = ".json"
    else:
        suffix = ".db"
        if not path.exists():
            raise NotFound(f"There is no database file at {path} to back up.")
    label = _database_label(url)
    if target is None:
        out = _new_path(paths.backups_dir(), label, suffix)
    else:
        out = Path(target).expanduser()
        if out.is_dir():
            out = _new_path(out, label, suffix)
        filenames.check_output_path(out, field="file")
        refuse_target(out, path)
        out = out.resolve()
    if path is None:
        _export(url, out)
    else:
        try:
            db.check_openable(url, emptied=held_records)
            try:
                db.backup_sqlite(path, out)
            except sqlite3.DatabaseError as exc:
                raise db.DamagedDatabase(path, str(exc)) from exc
        except db.DamagedDatabase as exc:
            raise exc.with_advice(restore_advice(exc.path)) from exc
        except OSError as exc:
            raise Unavailable(f"Cannot write the backup {out}: {exc.strerror or exc}.") from exc
    if automatic:
        prune(label, suffix)
    return out


def refuse_target(out: Path, database: Path | None) -> None:
    """Refuse a backup written by hand over the database, over one of its side files (the
    write-ahead log, its index, the rollback journal) or inside the backups folder (its
    automatic copies are rotated; a hand copy there could replace one, or be pruned), however
    the path is spelt: relative, through symbolic links, or as a hard link."""
    resolved = out.resolve()
    if database is not None:
        live = database.resolve()
        protected = [live] + [Path(f"{live}{side}") for side in ("-wal", "-shm", "-journal")]
        for name in protected:
            if resolved == name or _same_file(out, name):
                what = "the database itself" if name == live else f"the database's {name.name}"
                raise Invalid(
                    f"A backup cannot be written over {what} ({out}): it would destroy the "
                    "database. Choose another file."
                )
    folder = paths.backups_dir()
    inside = resolved.parent == folder.resolve() or _same_file(resolved.parent, folder)
    if inside or any(_same_file(out, kept) for kept in folder.iterdir()):
        raise Invalid(
            f"{out} is in the automatic backups folder {folder}, whose copies are rotated. "
            "Write a backup by hand to another folder (or run 'sistercity backup' without a "
            "file to add one to the rotation)."
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _export(url: str, out: Path) -> None:
    engine = db.connect(url)
    try:
        with Session(engine) as session:
            out.parent.mkdir(parents=True, exist_ok=True)
            exchange.export_file(session, out)
    except OSError as exc:
        raise Unavailable(f"Cannot write the backup {out}: {exc.strerror or exc}.") from exc
    finally:
        engine.dispose()


def prune(label: str, suffix: str = ".db", keep: int | None = None) -> list[Path]:
    """Delete the oldest automatic backups of one database beyond ``keep`` (default: the
    settings); copies made by hand or before a restore are never touched."""
    if keep is None:
        keep = settings.load().backup_keep
    keep = max(1, int(keep))
    pattern = _automatic_name(label, suffix)
    mine = [p for p in paths.backups_dir().iterdir() if pattern.match(p.name)]
    mine.sort(key=_sort_key, reverse=True)
    # The newest ``keep`` copies that hold records always stay, however many copies of an
    # empty or damaged database came after them: those can never push the last good ones out.
    good = [p for p in mine if holds_data(p)]
    kept = set(good[:keep]) | set(mine[:keep])
    removed = []
    for old in mine:
        if old not in kept:
            old.unlink(missing_ok=True)
            removed.append(old)
    return removed


def holds_data(path: Path) -> bool:
    """True for a backup that is a whole database (or export) with at least one record."""
    if path.suffix == ".json":
        return path.stat().st_size > 0
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            for table in sorted(names & RECORD_TABLES):
                if conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
                    return True
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return False


#: Tables whose rows are the office's records (any one row means the copy holds data).
RECORD_TABLES = frozenset(
    {"motion", "person", "city", "agreement", "standard_clause", "office_profile"}
)


def held_records(path: Path) -> bool:
    """True when the database file at ``path`` held records before: there are backups of
    it. An empty file with backups was emptied (a failed copy, a full disk, a sync tool);
    taking it for a new database would show no records and rotate the good copies out."""
    try:
        return bool(backups_of("sqlite:///" + path.resolve().as_posix()))
    except OSError:
        return False


def backups_of(url: str) -> list[Path]:
    """Every backup of the database ``url``, newest first (the rotation's and the copies
    made before upgrades)."""
    return _candidates(url)


def auto_backup(url: str, *, interval: dt.timedelta = AUTO_INTERVAL) -> Path | None:
    """The automatic backup made when the app opens a SQLite database: at most one per
    ``interval``, only of a file that holds data. Never stops the app from opening: a failure
    is logged and None returned."""
    path = db.sqlite_path(url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    if path.resolve().parent == paths.backups_dir().resolve():
        return None  # a backup opened to look at it is not backed up again
    label = _database_label(url)
    pattern = _automatic_name(label, ".db")
    newest = max(
        (_created(p) for p in paths.backups_dir().iterdir() if pattern.match(p.name)),
        default=None,
    )
    if newest is not None and dt.datetime.now() - newest < interval:
        return None
    try:
        return make_backup(url)
    except (DeskError, OSError) as exc:
        log.warning("Automatic backup of %s failed: %s", path, exc)
        return None


# --------------------------------------------------------------------------- looking


def list_backups() -> list[Backup]:
    """Every backup in the backups folder, newest first."""
    found = [
        p
        for p in paths.backups_dir().iterdir()
        if p.is_file() and p.suffix in (".db", ".json") and not p.name.endswith(".part")
    ]
    found.sort(key=_sort_key, reverse=True)
    return [Backup(p, _created(p), p.stat().st_size) for p in found]


def _known_revisions() -> list[str]:
    # Imported here: the app makes its hourly backup at start-up, and Alembic costs a tenth
    # of a second there when nothing needs it.
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    # walk_revisions goes from head down to the first revision.
    return [s.revision for s in script.walk_revisions()]


def check_backup(path: str | Path) -> str:
    """Check that ``path`` is a whole SisterCity Desk backup this version can open; return its
    schema revision. Raises a DeskError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(
            f"There is no backup file {path}. List the backups with 'sistercity backups'."
        )
    if path.suffix == ".json":
        revision = exchange.load_file(path).schema_revision
    else:
        revision = _check_sqlite_file(path)
    known = _known_revisions()
    if revision not in known:
        raise Invalid(
            f"{path} is at schema revision '{revision}', which this version of SisterCity "
            "Desk does not know (it was made by a newer version?). Use a newer version to "
            "restore it."
        )
    return revision


def _check_sqlite_file(path: Path) -> str:
    try:
        # immutable: a backup is never written to, and no -wal/-shm file is made beside it.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if result != ["ok"]:
                raise Invalid(f"{path} is damaged ({'; '.join(result)}); it cannot be restored.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = sorted(CORE_TABLES - names)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise Invalid(
            f"{path} is not a SisterCity Desk database backup ({exc}); it cannot be restored."
        ) from exc
    if row is None:
        raise Invalid(f"{path} has no schema revision; it cannot be restored.")
    if missing:
        raise Invalid(
            f"{path} lacks tables every SisterCity Desk database has ({', '.join(missing)}); "
            "it is not a backup of this app and cannot be restored."
        )
    return str(row[0])


#: Tables of the first schema: a file without them is no database of this app, whatever its
#: alembic_version says.
CORE_TABLES = frozenset(
    {
        "motion",
        "motion_clause",
        "person",
        "city",
        "partnership",
        "agreement",
        "office_profile",
        "standard_clause",
    }
)


def _candidates(url: str | None) -> list[Path]:
    files = [b.path for b in list_backups()]
    if url is not None:
        label = _database_label(url)
        files = [p for p in files if p.name.startswith(f"{label}-")]
        path = db.sqlite_path(url)
        if path is not None and path.parent.is_dir():
            # The copies db.upgrade leaves beside the file before a migration.
            files += list(path.parent.glob(f"{glob_escape(path.name)}.before-*.bak"))
    return sorted(files, key=_sort_key, reverse=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def newest_good_backup(url: str | None = None) -> Path | None:
    """The newest backup that passes ``check_backup``: of the database ``url`` when given
    (including the copies made before migrations), else of any database."""
    usable = []
    for candidate in _candidates(url):
        try:
            check_backup(candidate)
        except DeskError:
            continue
        # A copy with records beats a newer copy of an empty database.
        if holds_data(candidate):
            return candidate
        usable.append(candidate)
    return usable[0] if usable else None


def restore_advice(path: Path) -> str:
    """What to tell someone whose database file is damaged: the newest good backup, if any."""
    try:
        good = newest_good_backup("sqlite:///" + path.resolve().as_posix())
    except OSError:
        good = None
    if good is None:
        return (
            "No good backup of it was found. Choose another database file, or move this one "
            "away and start with a new database."
        )
    return (
        f"The newest good backup is {good}: restore it with 'sistercity restore \"{good}\"' "
        "(the damaged file is kept), or choose another database file."
    )


# --------------------------------------------------------------------------- restoring


def restore(backup: str | Path, url: str | None = None) -> Path | None:
    """Replace the database with ``backup`` after checking it. The current database is kept
    first (in the backups folder, named ``...-before-restore-...``) and that copy is returned
    (None when there was no database). A .db backup replaces a SQLite file atomically; a .json
    export is imported into the database (any backend) in one transaction."""
    url = db.resolve_url(url)
    backup = Path(backup).expanduser()
    check_backup(backup)
    if backup.suffix == ".json":
        return _restore_export(backup, url)
    path = db.sqlite_path(url)
    if path is None:
        raise Invalid(
            f"{backup} is a SQLite database file, but the database is {db.safe_url(url)}. "
            "Restore a JSON export (sistercity backup writes one for a server database), "
            "or restore the server from its pg_dump file with pg_restore."
        )
    if backup.resolve() == path.resolve():
        raise Invalid("That file is the database itself; choose a backup to restore.")
    kept = _keep_current(path) if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".restore-part")
    part.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(part)
        # The old file's -wal/-shm belong to it, not to the restored copy (already kept).
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(path) + extra).unlink(missing_ok=True)
        os.replace(part, path)
        _fsync_dir(path.parent)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise Unavailable(f"Could not restore {backup} to {path}: {exc}.") from exc
    return kept


def _keep_current(path: Path) -> Path:
    """Copy the database about to be replaced; refuse when another program has it open."""
    label = _database_label("sqlite:///" + path.resolve().as_posix())
    kept = _new_path(paths.backups_dir(), f"{label}-before-restore", ".db")
    try:
        conn = sqlite3.connect(path, timeout=0)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # Leaving WAL mode needs the only connection: proof that nobody else has it open.
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _in_use(path) from exc
        mode = None
    except sqlite3.DatabaseError:
        mode = None  # damaged: copied as it is, below
    if mode is not None and str(mode[0]).lower() != "delete":
        raise _in_use(path)
    try:
        db.backup_sqlite(path, kept)
    except sqlite3.DatabaseError:
        # A damaged file cannot go through the backup API: keep its bytes as they are.
        shutil.copy2(path, kept)
        for extra in ("-wal", "-shm"):
            side = Path(str(path) + extra)
            if side.exists():
                shutil.copy2(side, Path(str(kept) + extra))
    return kept


def _in_use(path: Path) -> DeskError:
    return Unavailable(
        f"The database {path} is open in another program (SisterCity Desk on this or another "
        "computer?). Close it there, then restore again."
    )


def _restore_export(backup: Path, url: str) -> Path | None:
    exchange.load_file(backup)
    engine = db.connect(url)
    try:
        with Session(engine) as session:
            empty = exchange.is_empty(session)
        kept = None if empty else make_backup(url)
        with db.session_scope(engine) as session:
            exchange.import_file(session, backup, replace=True)
    finally:
        engine.dispose()
    return kept


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- checking


@dataclass
class Report:
    """What ``check`` found: facts in ``lines``, problems in ``problems`` (empty: healthy)."""

    lines: list[str]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(url: str | None = None) -> Report:
    """Check the database without changing it: the file's integrity (SQLite), the schema
    revision against this version's head, and that the search index covers every record."""
    url = db.resolve_url(url)
    lines = [f"Database: {db.safe_url(url)}"]
    problems: list[str] = []
    path = db.sqlite_path(url)
    if path is not None:
        if not path.exists():
            return Report(lines, [f"There is no database file at {path}."])
        try:
            # "Damaged" only when SQLite's integrity check (or the header) says so; a busy,
            # locked or read-only file is reported as what it is.
            db.check_openable(url, emptied=held_records)
        except db.DamagedDatabase as exc:
            problems.append(str(exc.with_advice(restore_advice(exc.path))))
            return Report(lines, problems)
        except DeskError as exc:
            problems.append(str(exc))
            return Report(lines, problems)
        lines.append("Integrity check: ok")
        if path.stat().st_size == 0:
            problems.append("The database is empty: run 'sistercity init' to create it.")
            return Report(lines, problems)
    engine = db.make_engine(url)
    try:
        current = db.current_revision(engine)
        head = db.head_revision()
        lines.append(f"Schema revision: {current or 'none'} (this version: {head})")
        if current is None:
            problems.append("The database has no schema yet: run 'sistercity init' to create it.")
            return Report(lines, problems)
        if current != head:
            if current in _known_revisions():
                problems.append(
                    f"The schema is at {current}, older than {head}: opening the database "
                    "with the app or 'sistercity init' upgrades it (a backup is made first)."
                )
            else:
                problems.append(
                    f"The schema is at {current}, which this version does not know: the "
                    "database was used by a newer version of SisterCity Desk."
                )
            return Report(lines, problems)
        with Session(engine) as session:
            indexed = search.count_entries(session)
            expected = _searchable_count(session)
        lines.append(f"Search index: {indexed} entries for {expected} records")
        if indexed != expected:
            problems.append(
                f"The search index has {indexed} entries for {expected} records: rebuild it "
                "with 'sistercity check --repair'."
            )
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                fts = _fts_problem(connection)
            if fts:
                problems.append(fts)
    except DeskError as exc:
        problems.append(str(exc))
    except SQLAlchemyError as exc:
        problems.append(f"The database could not be read: {getattr(exc, 'orig', None) or exc}")
    finally:
        engine.dispose()
    return Report(lines, problems)


def _searchable_count(session: Session) -> int:
    total = 0
    for model in (m.Motion, m.Agreement, m.City, m.Partnership, m.Person, m.StandardClause):
        name = str(model.__tablename__)
        total += int(session.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
    return total


def _fts_problem(conn: Any) -> str | None:
    try:
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
        conn.rollback()
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        if "readonly" in str(orig).lower() or "locked" in str(orig).lower():
            return None  # SQLite's index check writes; unchecked is not damaged
        return (
            f"The full-text index is damaged ({exc}): rebuild it with 'sistercity check --repair'."
        )
    return None


def repair_search_index(url: str | None = None) -> int:
    """Rebuild the search index from the records; returns the number of entries."""
    engine = db.connect(url)
    try:
        with db.session_scope(engine) as session:
            count = search.rebuild(session)
            if engine.dialect.name == "sqlite":
                session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
        return count
    finally:
        engine.dispose()


def describe(backup: Backup) -> dict[str, Any]:
    """A backup as plain data (for listing on the command line or in the GUI)."""
    return {
        "path": str(backup.path),
        "created": backup.created.isoformat(timespec="seconds"),
        "size": backup.size,
        "kind": backup.kind,
    }
