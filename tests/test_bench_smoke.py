"""The benchmarks still run: each one, small (--quick), prints its table and writes its JSON.

Nothing here looks at the figures themselves; timing goals live in bench/ and
docs/performance.md, never in tests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tools import require_tool

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated databases shared by the benchmarks of this module (built once)."""
    return tmp_path_factory.mktemp("bench-data")


def _run(script: str, *args: str, results: Path, data: Path) -> tuple[str, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH / script),
            "--quick",
            "--results",
            str(results),
            "--data",
            str(data),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    name = script.removesuffix(".py")
    written = results / f"{name}-quick.json"
    assert f"wrote {written}" in out.stdout
    return out.stdout, json.loads(written.read_text(encoding="utf-8"))


def _check_table(stdout: str, payload: dict, first_row: str) -> None:
    header = next(line for line in stdout.splitlines() if line.startswith("measure"))
    assert header.split() == ["measure", "ours", "floor", "ratio", "goal", "met"]
    assert first_row in stdout
    assert payload["quick"] is True
    assert payload["machine"]["nproc"] >= 1 and payload["machine"]["python"]
    rows = payload["rows"]
    assert rows and rows[0]["name"].startswith(first_row)
    assert all(isinstance(r["ours"], float) and r["ours"] >= 0 for r in rows)


def test_make_data_fills_a_searchable_database(tmp_path: Path) -> None:
    path = tmp_path / "fifty.db"
    out = subprocess.run(
        [sys.executable, str(BENCH / "make_data.py"), "50", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "50 motions" in out.stdout
    with sqlite3.connect(path) as conn:
        # The demo's Kyiv motion and the fifty.
        assert conn.execute("SELECT count(*) FROM motion").fetchone() == (51,)
        clauses = conn.execute(
            "SELECT min(n), max(n) FROM (SELECT count(*) n FROM motion_clause GROUP BY motion_id)"
        ).fetchone()
        assert clauses[0] >= 2 and clauses[1] <= 8
        title = conn.execute("SELECT title FROM motion ORDER BY id DESC LIMIT 1").fetchone()[0]
        word = title.split(" / ")[1].split()[0].lower()
        found = conn.execute(
            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (f'"{word}"',)
        ).fetchone()[0]
    conn.close()
    assert found >= 1
    again = subprocess.run(
        [sys.executable, str(BENCH / "make_data.py"), "50", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert again.returncode == 2 and "--replace" in again.stderr


def test_startup(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("startup.py", "--runs", "1", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "first paint, 0 motions")
    assert "ready (first list page), 0 motions" in stdout


def test_render(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("render.py", "--runs", "1", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "demo motion to .docx")


def test_batch_pdf(tmp_path: Path, data_dir: Path) -> None:
    require_tool("soffice")
    stdout, payload = _run(
        "batch_pdf.py", "--runs", "1", "--count", "2", results=tmp_path, data=data_dir
    )
    _check_table(stdout, payload, "2 motions to PDF")


def test_search(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("search.py", "--runs", "1", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "query, median of")
    assert len(payload["rows"][0]["detail"]["queries"]) >= 10


def test_memory(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("memory.py", "--runs", "1", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "peak RSS")
    run = payload["rows"][0]["detail"]["runs"][0]
    assert run["rows"] == run["total"]


def test_typing(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("typing.py", "--keys", "20", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "longest key-to-paint")
    run = payload["rows"][0]["detail"]["runs"][0]
    assert run["painted"] == run["keys"] == 20
    assert run["saved_matches"]


def test_preview(tmp_path: Path, data_dir: Path) -> None:
    require_tool("soffice")
    stdout, payload = _run("preview.py", "--edits", "2", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "pause to PDF shown, median of 2 edits")
    detail = payload["rows"][0]["detail"]
    assert len(detail["ours"]) == len(detail["floor"]) == 2


def test_import_docx(tmp_path: Path, data_dir: Path) -> None:
    stdout, payload = _run("import_docx.py", "--count", "6", results=tmp_path, data=data_dir)
    _check_table(stdout, payload, "review of 6 files")
    # Every generated file is recognised and imported.
    assert payload["rows"][1]["detail"]["imported"] == 6
