"""The command line end to end on a real SQLite file: demo, list, search, export/import, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sistercity_desk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_twice_gives_one_kyiv_motion_with_ordered_seconders(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "demo")
    assert code == 0 and "nothing changed" in out
    code, out, _ = run(capsys, "--db", str(db_path), "list", "motions", "--json")
    assert code == 0
    rows = json.loads(out)
    kyiv = [r for r in rows if "Kyiv" in r["title"]]
    assert len(kyiv) == 1 and len(rows) == 1
    assert kyiv[0]["mover"] == "Joe Buscaino"
    assert kyiv[0]["seconders"] == ["Nithya Raman", "Paul Koretz", "Mitch O'Farrell"]


def test_demo_registry_has_25_active_and_kyiv_proposed(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "list", "partnerships", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 26
    assert sum(r["status"] == "active" for r in rows) == 25
    assert [r["city"] for r in rows if r["status"] == "proposed"] == ["Kyiv"]
    code, out, _ = run(capsys, "--db", str(db_path), "list", "partnerships")
    assert "Kyiv" in out and "(26 partnerships)" in out


def test_export_import_export_is_identical(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "--db", str(db_path), "export", str(first))[0] == 0
    other = tmp_path / "other.db"
    assert run(capsys, "--db", str(other), "import", str(first))[0] == 0
    assert run(capsys, "--db", str(other), "export", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["format"] == "sistercity-desk-export" and data["format_version"] == 1
    # The imported database is searchable: the index was rebuilt, not copied.
    code, out, _ = run(capsys, "--db", str(other), "search", "kiev", "--json")
    assert code == 0 and any(h["kind"] == "motion" for h in json.loads(out))


def test_import_into_non_empty_database_refuses_unless_replace(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    export = tmp_path / "a.json"
    run(capsys, "--db", str(db_path), "export", str(export))
    code, _, err = run(capsys, "--db", str(db_path), "import", str(export))
    assert code == 1 and "--replace" in err
    code, _, _ = run(capsys, "--db", str(db_path), "import", str(export), "--replace")
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db_path), "list", "motions", "--json")
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize("query", ["leon", "київ", "kiev", "AT&T", '"unbalanced', "*", "NEAR", "-"])
def test_search_accepts_any_input(
    db_path: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, err = run(capsys, "--db", str(db_path), "search", query, "--json")
    assert code == 0, err
    hits = json.loads(out)
    if query == "leon":
        assert any(h["title"] == "Kevin de León" for h in hits)
    if query in ("київ", "kiev"):
        kinds = {h["kind"] for h in hits}
        assert {"city", "motion", "agreement"} <= kinds


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["motion", "create", "--title", "T", "--mover", "Buscaino", "--council-file", "2022-1"],
            "not a Council File number",
        ),
        (["motion", "create", "--title", "T"], "needs a mover"),
        (["show", "motion", "9999"], "no motion with id 9999"),
        (["show", "agreement", "9999"], "no agreement with id 9999"),
        (
            ["motion", "create", "--title", "T", "--mover", "Buscaino", "--seconder", "Buscaino"],
            "mover cannot also second",
        ),
    ],
)
def test_user_errors_exit_1_with_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, _, err = run(capsys, "--db", str(db_path), *args)
    assert code == 1
    assert words in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_usage_exits_2(db_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "show", "motion", "not-a-number"])
    assert exc.value.code == 2


def test_console_entry_point_runs_as_module(db_path: Path) -> None:
    """`python -m sistercity_desk` is the same command line, as a separate process."""
    result = subprocess.run(
        [sys.executable, "-m", "sistercity_desk", "--db", str(db_path), "show", "motion", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no motion with id 1" in result.stderr and "Traceback" not in result.stderr


def test_motion_created_on_command_line_keeps_order(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "motion",
        "create",
        "--title",
        "Київ / de León",
        "--mover",
        "de leon",
        "--seconder",
        "O’Farrell",
        "--seconder",
        "Raman",
        "--council-file",
        "22 – 0022",
        "--recital",
        "First.",
        "--operative",
        "the Council act.",
        "--json",
    )
    assert code == 0, err
    motion = json.loads(out)
    assert motion["title"] == "Київ / de León"
    assert motion["council_file"] == "22-0022"
    assert [s["name"] for s in motion["seconders"]] == ["Mitch O'Farrell", "Nithya Raman"]
    assert motion["mover"]["district"] == 14


def test_a_closed_output_pipe_after_a_successful_command_is_silent(db_path: Path) -> None:
    """`sistercity show motion 1 | head -0`: the reader is gone before anything is printed
    (its end of the pipe is closed at once, so every write fails); exit 0 and no message."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    base = [sys.executable, "-m", "sistercity_desk", "--db", str(db_path)]
    subprocess.run([*base, "demo"], check=True, capture_output=True, env=env)
    saving = ["motion", "create", "--title", "Piped away", "--mover", "Raman", "--json"]
    for command in (["show", "motion", "1"], ["list", "people", "--json"], saving):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            proc = subprocess.run(
                [*base, *command], stdout=write_end, stderr=subprocess.PIPE, env=env
            )
        finally:
            os.close(write_end)
        err = proc.stderr.decode()
        assert proc.returncode == 0, err
        assert err == ""
    # The command whose output nobody read still saved what it was asked to.
    listed = subprocess.run([*base, "list", "motions"], capture_output=True, text=True, env=env)
    assert "Piped away" in listed.stdout
