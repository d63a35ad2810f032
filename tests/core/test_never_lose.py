"""An office's data is never lost by the app's own hand: empty files, backups over side files,
healthy files called damaged, restores of foreign files, writes to devices and odd names."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from sistercity_desk import backup, db, opening, paths
from sistercity_desk import models as m
from sistercity_desk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _people(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo office in a SQLite file, with a backup in the rotation that holds it."""
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    assert run(capsys, "--db", str(db_path), "backup")[0] == 0
    return db_path


# --------------------------------------------------------------------------- 1. empty files


def test_an_emptied_database_is_damaged_and_names_the_newest_good_backup(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = backup.backups_of("sqlite:///" + demo_db.as_posix())
    assert backup.holds_data(good[0])
    demo_db.write_bytes(b"")
    for command in (["list", "motions"], ["check"]):
        code, out, err = run(capsys, "--db", str(demo_db), *command)
        assert code == 1, out
        assert "damaged" in err and "empty" in err and good[0].name in err, err
    # A file cut inside its header is the same.
    demo_db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    code, _, err = run(capsys, "--db", str(demo_db), "list", "motions")
    assert code == 1 and "36 bytes" in err and good[0].name in err
    # Nothing was backed up or rotated meanwhile: the good copy is still there.
    assert backup.backups_of("sqlite:///" + demo_db.as_posix()) == good
    assert code == 1 and run(capsys, "--db", str(demo_db), "restore", str(good[0]))[0] == 0
    assert _people(demo_db) > 0


def test_a_new_empty_file_without_history_is_still_a_new_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path.write_bytes(b"")
    assert run(capsys, "--db", str(db_path), "init")[0] == 0


def test_rotation_keeps_the_newest_good_backups_whatever_else_is_added(
    demo_db: Path, tmp_path: Path
) -> None:
    folder = paths.backups_dir()
    for old in folder.iterdir():
        old.unlink()
    empty = tmp_path / "empty.db"
    engine = opening.open_database(str(empty))
    engine.dispose()
    good = []
    for day in (1, 2):
        target = folder / f"desk-2026010{day}-120000.db"
        db.backup_sqlite(demo_db, target)
        good.append(target)
    for hour in range(10, 22):
        shutil.copy(empty, folder / f"desk-20260105-{hour}0000.db")
    (folder / "desk-20260106-100000.db").write_bytes(b"not a database at all")
    backup.prune("desk", ".db", keep=2)
    assert all(p.exists() for p in good)
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith("desk-"))
    # The two good copies, and the two newest of the others.
    assert left == [
        "desk-20260101-120000.db",
        "desk-20260102-120000.db",
        "desk-20260105-210000.db",
        "desk-20260106-100000.db",
    ]


# --------------------------------------------------------------------------- 3. side files


def test_backup_refuses_the_database_its_side_files_and_the_rotation_however_spelt(
    demo_db: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_arg = str(demo_db)
    wal = Path(f"{demo_db}-wal")
    conn = sqlite3.connect(demo_db)  # holds the WAL open with a commit in it
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "INSERT INTO person (full_name, native_name, surname, honorific, role, titles, email,"
        " notes, version) VALUES ('A B', '', 'B', '', '', '{}', '', '', 1)"
    )
    conn.commit()
    before = _people(demo_db)
    wal_bytes = wal.read_bytes()
    Path(f"{demo_db}-journal").write_bytes(b"")
    link_dir = tmp_path / "links"
    link_dir.mkdir()
    (link_dir / "to-wal").symlink_to(wal)
    (link_dir / "to-folder").symlink_to(demo_db.parent)
    os.link(demo_db, link_dir / "hard-link.db")
    automatic = backup.backups_of("sqlite:///" + demo_db.as_posix())[0]
    os.link(automatic, link_dir / "hard-link-to-backup.db")
    monkeypatch.chdir(demo_db.parent)
    targets = [
        str(demo_db),
        f"{demo_db}-wal",
        f"{demo_db}-shm",
        f"{demo_db}-journal",
        f"./{demo_db.name}-wal",
        f"../{demo_db.parent.name}/{demo_db.name}-shm",
        str(link_dir / "to-wal"),
        str(link_dir / "to-folder" / f"{demo_db.name}-wal"),
        str(link_dir / "hard-link.db"),
        str(link_dir / "hard-link-to-backup.db"),
        str(paths.backups_dir() / "mine.db"),
        str(automatic),
        str(paths.backups_dir()),
    ]
    for target in targets:
        code, _, err = run(capsys, "--db", db_arg, "backup", target, "--force")
        assert code == 1, target
        assert "cannot be written over" in err or "backups folder" in err, (target, err)
    assert wal.read_bytes() == wal_bytes
    conn.close()
    assert _people(demo_db) == before
    assert run(capsys, "--db", db_arg, "list", "people")[0] == 0


# --------------------------------------------------------------------------- 4. not damaged


def test_a_locked_database_is_busy_not_damaged(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = sqlite3.connect(demo_db)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE person SET version = version + 1 WHERE id = 1")
    try:
        code, _, err = run(capsys, "--db", str(demo_db), "list", "motions")
    finally:
        holder.rollback()
        holder.close()
    assert code == 1
    assert "busy" in err and "damaged" not in err.replace("not damaged", ""), err
    assert "move" not in err


def test_several_processes_opening_one_file_at_once_never_call_it_damaged(
    demo_db: Path,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "sistercity_desk", "--db", str(demo_db)]
    commands = []
    for n in range(4):
        commands.append([*base, "motion", "create", "--title", f"Lights {n}", "--mover", "Raman"])
        commands.append([*base, "list", "motions"])
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for c in commands
    ]
    results = [(p.wait(), *p.communicate()) for p in procs]
    saved = set()
    for command, (code, _out, err) in zip(commands, results, strict=True):
        # Every save succeeds, or (when the machine is so busy that one waits for another
        # more than 5 s) says the database is busy; none calls the file damaged.
        assert "damaged" not in err and "unexpected" not in err, err
        assert code == 0 or "busy" in err, err
        if code == 0 and "create" in command:
            saved.add(command[command.index("--title") + 1])
    engine = opening.open_database(str(demo_db))
    try:
        with Session(engine) as session:
            titles = {t for t in session.exec(select(m.Motion.title))}
    finally:
        engine.dispose()
    assert saved <= titles


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user may read (the test runs as that user when it is root)."""
    folder = Path(tempfile.mkdtemp(prefix="sistercity-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for sub in [folder, *folder.rglob("*")]:
            if sub.is_dir():
                sub.chmod(0o755)
            else:
                sub.chmod(0o644)
        shutil.rmtree(folder)


def _as_reader(folder: Path, db_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user who may not write ``db_file`` (root writes anything, so
    as root the command runs as 'nobody'; otherwise permissions do it)."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SISTERCITY_HOME": str(home)}
    command = [sys.executable, "-m", "sistercity_desk", "--db", str(db_file), *args]
    if os.geteuid() == 0:
        # Root writes anything: without these capabilities the file's permissions apply.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env)


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_database_says_read_only_not_damaged(
    demo_db: Path, shared_folder: Path, what: str
) -> None:
    data = shared_folder / "data"
    data.mkdir()
    target = data / "desk.db"
    db.backup_sqlite(demo_db, target)
    if what == "folder":
        data.chmod(0o555)
    else:
        target.chmod(0o444)
    # Reading may work (SQLite opens a read-only file read-only); nothing says "damaged".
    for command in (["list", "motions"], ["check"]):
        result = _as_reader(shared_folder, target, *command)
        assert result.returncode == 0 or "read-only" in result.stderr, result.stderr
        assert "damaged" not in result.stderr.replace("not damaged", ""), result.stderr
    result = _as_reader(shared_folder, target, "motion", "create", "--title", "X", "--mover", "1")
    assert result.returncode == 1
    assert "read-only" in result.stderr and "unexpected" not in result.stderr, result.stderr
    assert "damaged" not in result.stderr.replace("not damaged", ""), result.stderr


# --------------------------------------------------------------------------- 7. restore, names


def test_restore_refuses_a_file_without_the_apps_tables_even_at_the_current_revision(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (db.head_revision(),))
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = demo_db.read_bytes()
    code, _, err = run(capsys, "--db", str(demo_db), "restore", str(foreign))
    assert code == 1 and "lacks tables" in err, err
    assert demo_db.read_bytes() == before


BAD_NAMES = [
    "NUL.json",
    "AUX .docx",
    "con",
    "bell\x07.json",
    "invoice\u202egpj.json",
    "a\u2066b.db",
]


@pytest.mark.parametrize("command", ["export", "backup"])
def test_export_and_backup_refuse_devices_folders_dangling_links_and_bad_names(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    adir = out / "adir.json"
    adir.mkdir()
    (out / "dangling.json").symlink_to(out / "nowhere" / "x.json")
    targets = ["/dev/null", str(out / "dangling.json"), *(str(out / n) for n in BAD_NAMES)]
    if command == "export":
        targets.append(str(adir))
    for target in targets:
        code, _, err = run(capsys, "--db", str(demo_db), command, target, "--force")
        assert code == 1, (target, err)
        assert err.startswith("sistercity: ") and "unexpected" not in err, err
    assert sorted(p.name for p in out.iterdir()) == ["adir.json", "dangling.json"]
    assert list(adir.iterdir()) == []
    assert not Path("/dev/null").is_file()
