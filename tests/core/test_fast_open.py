"""Opening a database quickly: the header check, the thorough check and backup left for later,
no Alembic when the schema is current, and the same answers as Alembic's."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sistercity_desk import db, demo, opening, paths

ROOT = Path(__file__).resolve().parents[2]


def _made(db_path: Path) -> str:
    engine = opening.open_database(str(db_path))
    try:
        with db.session_scope(engine) as session:
            demo.load_demo(session)
    finally:
        engine.dispose()
    return f"sqlite:///{db_path}"


def _backups() -> list[Path]:
    return sorted(p for p in paths.backups_dir().iterdir() if p.suffix == ".db")


def test_the_quick_check_accepts_a_good_file_and_refuses_a_cut_or_foreign_one(
    db_path: Path,
) -> None:
    url = _made(db_path)
    db.check_openable(url, thorough=False)
    data = db_path.read_bytes()

    db_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(db.DamagedDatabase, match="shorter than"):
        db.check_openable(url, thorough=False)

    db_path.write_bytes(b"this is not a database" * 500)
    with pytest.raises(db.DamagedDatabase, match="not a database"):
        db.check_openable(url, thorough=False)


def test_damage_inside_the_file_is_found_by_the_check_done_after_opening(db_path: Path) -> None:
    url = _made(db_path)
    with sqlite3.connect(db_path) as conn:
        roots = [
            r
            for (r,) in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name IN ('motion_clause', 'vote_cast')"
            )
        ]
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over two tables' root pages: the header, the size and the schema stay right.
    for root in roots:
        start = (root - 1) * page
        data[start : start + page] = os.urandom(page)
    db_path.write_bytes(bytes(data))

    db.check_openable(url, thorough=False)  # what the app waits for: still fine
    with pytest.raises(db.DamagedDatabase):
        opening.after_open(url)  # what it runs in the background: finds it


def test_checks_later_leaves_the_backup_to_after_open(db_path: Path) -> None:
    url = _made(db_path)
    for old in _backups():
        old.unlink()

    opening.open_database(url, checks_later=True).dispose()
    assert _backups() == []

    opening.after_open(url)
    assert len(_backups()) == 1


def test_a_current_database_opens_without_importing_alembic(db_path: Path) -> None:
    url = _made(db_path)
    code = (
        "import json, sys\n"
        "from sistercity_desk import opening\n"
        f"opening.open_database({url!r}, checks_later=True).dispose()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('alembic'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=dict(os.environ),
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_head_and_current_revision_agree_with_alembic(db_path: Path) -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert db.head_revision() == script.get_current_head()

    engine = db.make_engine(f"sqlite:///{db_path}")
    try:
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        with engine.connect() as conn:
            assert (
                db.current_revision(engine)
                == MigrationContext.configure(conn).get_current_revision()
            )
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
