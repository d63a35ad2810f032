"""A killed app never damages the SQLite file nor loses a commit; two apps share one file."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sistercity_desk import opening

#: Commits records in a loop; prints each id only after its commit returned.
WRITER = textwrap.dedent(
    """
    import sys
    from sistercity_desk import db, models as m, opening

    engine = opening.open_database(sys.argv[1])
    n = 0
    while True:
        with db.session_scope(engine) as session:
            city = m.City(name=f"City {n}", aliases=[f"alias {n}"], country="Ukraine")
            session.add(city)
            session.flush()
            person = m.Person(full_name=f"Person {n}", surname=f"Surname{n}", city_id=city.id)
            session.add(person)
            session.flush()
            pid = person.id
        print(pid, flush=True)
        n += 1
    """
)

#: Writes ``count`` records, each in its own transaction, reading and updating as it goes.
SHARER = textwrap.dedent(
    """
    import sys
    from sqlmodel import select, func
    from sistercity_desk import db, models as m

    engine = db.make_engine(db.resolve_url(sys.argv[1]))
    tag, count = sys.argv[2], int(sys.argv[3])
    with db.session_scope(engine) as session:
        home = m.City(name=f"Home of {tag}")
        session.add(home)
        session.flush()
        home_id = home.id
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing at the same moment
    for n in range(count):
        with db.session_scope(engine) as session:
            session.add(m.Person(full_name=f"{tag} {n}", surname=tag))
        with db.session_scope(engine) as session:
            home = session.get(m.City, home_id)
            home.aliases = [*home.aliases, str(n)]
            session.exec(select(func.count()).select_from(m.Person)).one()
    print("done", flush=True)
    """
)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "SISTERCITY_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def _integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        # The full-text index agrees with the rows it indexes.
        conn.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
        conn.rollback()
        return result
    finally:
        conn.close()


@pytest.mark.slow
def test_killing_the_app_mid_write_loses_no_commit(db_path: Path, isolated_home: Path) -> None:
    opening.open_database(str(db_path)).dispose()
    rng = random.Random(20261126)
    printed: list[int] = []
    deadline = time.monotonic() + 240
    for run in range(20):
        assert time.monotonic() < deadline, "the crash test took too long"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(isolated_home),
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()  # the loop is running
            assert first.strip().isdigit(), proc.stderr.read() if proc.stderr else first
            time.sleep(rng.uniform(0.05, 0.7))
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, err
        # A line cut short by the kill was never a finished print: ignore it.
        lines = (first + out).split("\n")[:-1]
        ids = [int(line) for line in lines]
        assert ids, f"run {run}: nothing was committed"
        printed += ids

        assert _integrity(db_path) == ["ok"], f"run {run}"
        conn = sqlite3.connect(db_path)
        try:
            stored = {r[0] for r in conn.execute("SELECT id FROM person")}
            people, cities, entries = (
                conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("person", "city", "search_entry")
            )
        finally:
            conn.close()
        missing = set(printed) - stored
        assert not missing, f"run {run}: committed ids lost: {sorted(missing)[:10]}"
        # Each commit wrote a city, a person and their index rows together, or nothing.
        assert people == cities and entries == people + cities
    # The app opens the file normally after all that.
    engine = opening.open_database(str(db_path))
    engine.dispose()


def test_two_apps_write_to_one_file_without_lock_errors(db_path: Path, isolated_home: Path) -> None:
    opening.open_database(str(db_path)).dispose()
    count = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SHARER, str(db_path), tag, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(isolated_home),
        )
        for tag in ("first", "second")
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert "locked" not in err, err
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    conn = sqlite3.connect(db_path)
    try:
        for tag in ("first", "second"):
            people = conn.execute("SELECT count(*) FROM person WHERE surname = ?", (tag,))
            assert people.fetchone()[0] == count
        versions = [r[0] for r in conn.execute("SELECT version FROM city ORDER BY id")]
        assert versions == [count + 1, count + 1]
        # The two really wrote at the same time: their records interleave.
        order = [r[0] for r in conn.execute("SELECT surname FROM person ORDER BY id")]
        switches = sum(a != b for a, b in itertools.pairwise(order))
        assert switches >= 3, switches  # 1 would mean one ran after the other
    finally:
        conn.close()
    assert _integrity(db_path) == ["ok"]
