"""A schema upgrade killed at any moment leaves the file at the old revision or the new one,
and the next start is a normal start."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from sqlmodel import Session, func, select

from sistercity_desk import db, opening, search
from sistercity_desk import models as m
from sistercity_desk.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIRST = "0001_first_schema"
MOTIONS = 60
KILLS = 20


@pytest.fixture(scope="module")
def old_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bench/make_data.py database taken back to the first schema (its data kept)."""
    folder = tmp_path_factory.mktemp("upgrade")
    path = folder / "old.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SISTERCITY_HOME": str(folder / "home")}
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_data.py"), str(MOTIONS), "--db", str(path)],
        check=True,
        capture_output=True,
        env=env,
    )
    engine = opening.open_database(str(path))
    try:
        command.downgrade(db.alembic_config(engine), FIRST)
        assert db.current_revision(engine) == FIRST
    finally:
        engine.dispose()
    return path


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def _start_upgrade(path: Path, command: str = "init") -> tuple[int, int]:
    """Fork a child that runs `sistercity init` (or ``command``) on ``path`` (everything is
    imported already, so the child is at work at once); its stderr comes back on a pipe.
    Returns (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_end)
            os.dup2(write_end, 2)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            # pytest's capture replaced sys.stderr: write to the pipe itself.
            sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
            code = main(["--db", str(path), command])
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 3
        os._exit(code)
    os.close(write_end)
    return pid, read_end


def _first_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            break
        data += chunk
    return data


def test_kills_at_random_moments_of_an_upgrade_leave_old_or_new_and_a_normal_start(
    old_database: Path, tmp_path: Path
) -> None:
    head = db.head_revision()
    work = tmp_path / "desk.db"
    # One uninterrupted upgrade: how long it takes from its first word to its end.
    shutil.copy(old_database, work)
    pid, fd = _start_upgrade(work)
    assert b"Upgrading the database" in _first_line(fd)
    started = time.monotonic()
    _, status = os.waitpid(pid, 0)
    whole = time.monotonic() - started
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _revision(work) == head
    rng = random.Random(16)
    seen = {FIRST: 0, head: 0}
    for _ in range(KILLS):
        for stale in tmp_path.iterdir():
            stale.unlink()
        shutil.copy(old_database, work)
        pid, fd = _start_upgrade(work)
        _first_line(fd)  # the child is upgrading now
        time.sleep(rng.uniform(0, whole))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        # Old or new, never between: the version stamp and the schema agree.
        conn = sqlite3.connect(work)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
        assert revision in seen
        assert ("search_entry" in tables) == (revision == head)
        seen[revision] += 1
        # A normal start: the upgrade runs again (or is done), every record is there.
        engine = opening.open_database(str(work))
        try:
            assert db.current_revision(engine) == head
            with Session(engine) as session:
                count = session.exec(select(func.count()).select_from(m.Motion)).one()
                assert count >= MOTIONS
                assert search.count_entries(session) > 0
        finally:
            engine.dispose()
        assert len(list(tmp_path.glob("desk.db.before-*.bak"))) <= 1
    print(f"kills before the commit: {seen[FIRST]}, after: {seen[head]}")


def test_kills_at_random_moments_of_demo_are_followed_by_a_normal_start(tmp_path: Path) -> None:
    """`sistercity demo` loads the office in one transaction: killed at any moment, the next
    start works and loading again gives one demo office."""
    work = tmp_path / "demo.db"
    started = time.monotonic()
    pid, fd = _start_upgrade(work, "demo")
    _, status = os.waitpid(pid, 0)
    whole = time.monotonic() - started
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    rng = random.Random(5)
    for _ in range(6):
        for stale in tmp_path.iterdir():
            stale.unlink()
        pid, fd = _start_upgrade(work, "demo")
        time.sleep(rng.uniform(0, whole))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        assert main(["--db", str(work), "demo"]) == 0
        engine = opening.open_database(str(work))
        try:
            with Session(engine) as session:
                kyiv = session.exec(
                    select(func.count())
                    .select_from(m.Motion)
                    .where(m.Motion.title.contains("Kyiv"))  # type: ignore[attr-defined]
                ).one()
        finally:
            engine.dispose()
        assert kyiv == 1
