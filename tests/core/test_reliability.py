"""Backups, restore, damaged files and the maintenance commands, on real database files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from sistercity_desk import backup, db, opening, paths, search, settings
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import DeskError


def _url(path: Path) -> str:
    return "sqlite:///" + path.as_posix()


def _add_person(url: str, name: str) -> int:
    engine = opening.open_database(url)
    try:
        with db.session_scope(engine) as session:
            person = m.Person(full_name=name, surname=name.split()[-1])
            session.add(person)
            session.flush()
            assert person.id is not None
            return person.id
    finally:
        engine.dispose()


def _names(url: str) -> set[str]:
    engine = opening.open_database(url)
    try:
        with Session(engine) as session:
            return {p.full_name for p in session.exec(select(m.Person)).all()}
    finally:
        engine.dispose()


@pytest.fixture
def desk(db_path: Path) -> str:
    """A SQLite database file holding one person."""
    _add_person(str(db_path), "Kevin de León")
    return _url(db_path)


# --------------------------------------------------------------------------- making backups


def test_backup_is_a_checked_copy_in_the_backups_folder(desk: str, db_path: Path) -> None:
    made = backup.make_backup(desk)
    assert made.parent == paths.backups_dir()
    assert made.name.startswith(f"{db_path.stem}-") and made.suffix == ".db"
    assert backup.check_backup(made) == db.head_revision()
    assert _names(str(made)) == {"Kevin de León"}
    assert next(b.path for b in backup.list_backups()) == made


def test_automatic_backups_rotate_but_copies_by_hand_stay(desk: str, tmp_path: Path) -> None:
    config = settings.load()
    config.backup_keep = 3
    settings.save(config)
    by_hand = backup.make_backup(desk, tmp_path / "mine.db")
    before_restore = paths.backups_dir() / "desk-before-restore-20200101-000000.db"
    before_restore.write_bytes(by_hand.read_bytes())
    made = [backup.make_backup(desk) for _ in range(5)]
    left = sorted(p for p in paths.backups_dir().iterdir() if p != before_restore)
    assert left == sorted(made[-3:])
    assert by_hand.exists() and before_restore.exists()


def test_opening_the_database_makes_an_automatic_backup_at_most_hourly(db_path: Path) -> None:
    _add_person(str(db_path), "Paul Krekorian")  # the first open made the file
    first = [b.path for b in backup.list_backups()]
    assert len(first) == 1 and backup.check_backup(first[0])
    opening.open_database(str(db_path)).dispose()
    assert [b.path for b in backup.list_backups()] == first
    # An older newest backup means the next open makes another.
    old = first[0].with_name(f"{db_path.stem}-20000101-000000.db")
    first[0].rename(old)
    opening.open_database(str(db_path)).dispose()
    assert len(backup.list_backups()) == 2


def test_backup_refuses_to_overwrite_the_database(desk: str, db_path: Path) -> None:
    with pytest.raises(DeskError, match="over the database itself"):
        backup.make_backup(desk, db_path)


# --------------------------------------------------------------------------- restoring


def test_restore_brings_back_the_backup_and_keeps_the_current_database(
    desk: str, db_path: Path
) -> None:
    saved = backup.make_backup(desk)
    _add_person(desk, "Bob Blumenfield")
    assert _names(desk) == {"Kevin de León", "Bob Blumenfield"}

    kept = backup.restore(saved, desk)

    assert _names(desk) == {"Kevin de León"}
    assert kept is not None and "before-restore" in kept.name
    assert _names(str(kept)) == {"Kevin de León", "Bob Blumenfield"}
    # The restored database is healthy, searchable and takes new writes.
    assert backup.check(desk).ok
    _add_person(desk, "Nithya Raman")
    engine = opening.open_database(desk)
    with Session(engine) as session:
        assert search.search(session, "raman", kinds=["person"])
        assert not search.search(session, "blumenfield", kinds=["person"])
    engine.dispose()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    desk: str, db_path: Path, tmp_path: Path
) -> None:
    good = backup.make_backup(desk)
    broken = tmp_path / "broken.db"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    before = db_path.read_bytes()
    with pytest.raises(DeskError, match=r"broken\.db"):
        backup.restore(broken, desk)
    assert db_path.read_bytes() == before
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    with pytest.raises(DeskError, match="not a SisterCity Desk database"):
        backup.restore(garbage, desk)
    assert _names(desk) == {"Kevin de León"}


def test_restore_refuses_a_backup_from_a_newer_version(desk: str, tmp_path: Path) -> None:
    future = backup.make_backup(desk, tmp_path / "future.db")
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DeskError, match="newer version"):
        backup.restore(future, desk)


def test_restore_refuses_while_another_program_has_the_database_open(
    desk: str, db_path: Path
) -> None:
    saved = backup.make_backup(desk)
    _add_person(desk, "Bob Blumenfield")
    engine = opening.open_database(desk)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM person")).scalar_one()
            with pytest.raises(DeskError, match="open in another program"):
                backup.restore(saved, desk)
    finally:
        engine.dispose()
    assert "Bob Blumenfield" in _names(desk)


def test_restore_over_a_damaged_file_keeps_its_bytes(desk: str, db_path: Path) -> None:
    saved = backup.make_backup(desk)
    db_path.write_bytes(b"this is not a database" * 100)
    kept = backup.restore(saved, desk)
    assert kept is not None and kept.read_bytes() == b"this is not a database" * 100
    assert _names(desk) == {"Kevin de León"}


# --------------------------------------------------------------------------- damaged files


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(os.urandom(len(data)))
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_a_damaged_file_names_the_newest_good_backup(desk: str, db_path: Path, how: str) -> None:
    older = backup.make_backup(desk)
    older.rename(older.with_name(f"{db_path.stem}-20200101-000000.db"))
    newest = backup.make_backup(desk)
    # A damaged newer backup is passed over.
    junk = paths.backups_dir() / f"{db_path.stem}-29991231-235959.db"
    junk.write_bytes(b"junk")
    _damage(db_path, how)

    with pytest.raises(db.DamagedDatabase) as caught:
        opening.open_database(desk)
    message = str(caught.value)
    assert str(db_path) in message
    assert f"The newest good backup is {newest}" in message
    assert backup.newest_good_backup(desk) == newest


def test_a_damaged_file_without_backups_says_so(db_path: Path) -> None:
    db_path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(db.DamagedDatabase, match="No good backup of it was found"):
        opening.open_database(str(db_path))


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_the_command_line_reports_a_damaged_file_in_words(
    desk: str, db_path: Path, how: str, isolated_home: Path
) -> None:
    newest = backup.make_backup(desk)
    _damage(db_path, how)
    for command in (["check"], ["list", "motions"], ["backup"]):
        result = subprocess.run(
            [sys.executable, "-m", "sistercity_desk", "--db", str(db_path), *command],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "SISTERCITY_HOME": str(isolated_home)},
            check=False,
        )
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        assert str(newest) in result.stderr, (command, result.stderr)
    # ... and restoring that backup from the command line repairs it.
    result = subprocess.run(
        [sys.executable, "-m", "sistercity_desk", "--db", str(db_path), "restore", str(newest)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SISTERCITY_HOME": str(isolated_home)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _names(desk) == {"Kevin de León"}


# --------------------------------------------------------------------------- commands


def test_backup_and_restore_commands(
    desk: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "backup", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert main(["--db", str(db_path), "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    _add_person(desk, "Bob Blumenfield")
    assert main(["--db", str(db_path), "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "kept at" in out
    assert _names(desk) == {"Kevin de León"}
    assert main(["--db", str(db_path), "restore", str(tmp_path / "missing.db")]) == 1
    assert "no backup file" in capsys.readouterr().err.lower()
    assert main(["backups", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any("before-restore" in item["path"] for item in listed)


def test_check_command_finds_problems_and_repairs_the_index(
    desk: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "Integrity check: ok" in out and "No problems found." in out
    assert "Search index: 1 entries for 1 records" in out

    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM search_entry")
    conn.commit()
    conn.close()
    assert main(["--db", str(db_path), "check"]) == 1
    assert "0 entries for 1 records" in capsys.readouterr().err
    assert main(["--db", str(db_path), "check", "--repair"]) == 0
    assert "No problems found." in capsys.readouterr().out

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0001_first_schema'")
    conn.commit()
    conn.close()
    assert main(["--db", str(db_path), "check"]) == 1
    assert "older than" in capsys.readouterr().err

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    assert main(["--db", str(db_path), "check"]) == 1
    assert "newer version" in capsys.readouterr().err


def test_check_command_on_a_damaged_file(
    desk: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = backup.make_backup(desk)
    _damage(db_path, "truncated")
    assert main(["--db", str(db_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(good) in err


# --------------------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_postgres_backup_is_a_json_export_that_restores(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_person(pg_url, "Kevin de León")
    target = tmp_path / "office.json"
    assert main(["--db", pg_url, "backup", str(target)]) == 0
    capsys.readouterr()
    assert backup.check_backup(target) == db.head_revision()
    assert json.loads(target.read_text(encoding="utf-8"))["tables"]["person"]
    automatic = backup.make_backup(pg_url)
    assert automatic.suffix == ".json" and automatic.parent == paths.backups_dir()

    _add_person(pg_url, "Bob Blumenfield")
    assert main(["--db", pg_url, "restore", str(target)]) == 0
    assert "kept at" in capsys.readouterr().out
    assert _names(pg_url) == {"Kevin de León"}
    # New records after the restore do not collide with restored ids.
    _add_person(pg_url, "Nithya Raman")
    assert _names(pg_url) == {"Kevin de León", "Nithya Raman"}
    assert backup.check(pg_url).ok
    engine = opening.open_database(pg_url)
    with Session(engine) as session:
        assert search.search(session, "leon", kinds=["person"])
    engine.dispose()


@pytest.mark.postgres
def test_a_sqlite_backup_cannot_be_restored_into_postgres(
    pg_url: str, desk: str, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = backup.make_backup(desk)
    assert main(["--db", pg_url, "restore", str(saved)]) == 1
    assert "pg_restore" in capsys.readouterr().err


def test_a_database_from_a_newer_version_is_refused_in_words(
    desk: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DeskError, match="newer version of SisterCity Desk"):
        opening.open_database(desk)
    assert main(["--db", str(db_path), "list", "motions"]) == 1
    assert "newer version" in capsys.readouterr().err
