"""Import checks every record against the export format and the app's rules before anything
is written; a refusal names the table, the record and the field, and changes nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import db, demo, exchange
from sistercity_desk.cli import main
from sistercity_desk.errors import Invalid

Data = dict[str, Any]


def _motion(data: Data) -> Data:
    return data["tables"]["motion"][0]


def _set(table: str, field: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["tables"][table][0][field] = value

    return change


def _drop(table: str, field: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        del data["tables"][table][0][field]

    return change


def _duplicate_id(data: Data) -> None:
    rows = data["tables"]["person"]
    rows[1]["id"] = rows[0]["id"]


def _duplicate_council_file(data: Data) -> None:
    rows = data["tables"]["motion"]
    twin = dict(rows[0], id=max(r["id"] for r in rows) + 1)
    rows.append(twin)


def _duplicate_committee_name(data: Data) -> None:
    rows = data["tables"]["committee"]
    rows[1]["name"] = rows[0]["name"]


#: name: (change, words the refusal must hold: table, record, field, what)
CASES: dict[str, tuple[Callable[[Data], None], tuple[str, ...]]] = {
    "version-text": (_set("motion", "version", "abc"), ("motion record 1", "field version")),
    "version-zero": (_set("motion", "version", 0), ("motion record 1", "field version")),
    "title-number": (_set("motion", "title", 42), ("motion record 1", "field title", "not text")),
    "kind-unknown": (_set("motion", "kind", "spaceship"), ("field kind", "spaceship")),
    "status-unknown": (_set("motion", "status", "bogus-status"), ("field status",)),
    "nul": (_set("motion", "title", "Kyiv\x00"), ("field title", "U+0000")),
    "esc": (_set("motion", "title", "Kyiv\x1b[31m"), ("field title", "U+001B")),
    "lone-surrogate": (_set("motion", "title", "Ky\ud800iv"), ("field title", "U+D800")),
    "id-huge": (_set("motion", "id", 2**70), ("motion record", "field id")),
    "id-text": (_set("person", "id", "one"), ("person record number 1", "field id")),
    "money-nan": (_set("annex_item", "estimated_value", "NaN"), ("annex_item", "estimated_value")),
    "money-float": (_set("annex_item", "estimated_value", 1e300), ("estimated_value",)),
    "date-bad": (_set("motion", "introduced_on", "yesterday"), ("field introduced_on",)),
    "missing-column": (
        _drop("motion_clause", "motion_id"),
        ("motion_clause record 1", "field motion_id", "missing"),
    ),
    "unknown-column": (_set("motion", "colour", "red"), ("field colour",)),
    "shape-json": (_set("city", "aliases", {"a": 1}), ("city record 1", "field aliases")),
    "nested-json": (_set("city", "aliases", [[["x"]]]), ("field aliases",)),
    "dangling": (_set("motion", "mover_id", 999), ("field mover_id", "person 999")),
    "duplicate-id": (_duplicate_id, ("person record", "same id")),
    "duplicate-council-file": (
        _duplicate_council_file,
        ("motion record 2", "field council_file", "already used by another record"),
    ),
    "duplicate-committee": (
        _duplicate_committee_name,
        ("committee record 2", "field name", "already used by another record"),
    ),
    "row-not-object": (lambda d: d["tables"]["person"].__setitem__(0, [1, 2]), ("person",)),
    "table-not-list": (lambda d: d["tables"].__setitem__("person", {"a": 1}), ("person",)),
    "tables-missing": (lambda d: d.pop("tables"), ("no 'tables'",)),
    "tables-list": (lambda d: d.__setitem__("tables", []), ("'tables'",)),
    "unknown-table": (lambda d: d["tables"].__setitem__("spaceship", []), ("spaceship",)),
    "newer-schema": (lambda d: d.__setitem__("schema_revision", "9999_future"), ("9999_future",)),
}


@pytest.fixture
def export(engine: Engine) -> Data:
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    with Session(engine) as session:
        return json.loads(exchange.dumps(exchange.export_data(session)))


def _write(path: Path, data: Data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_record_is_refused_by_name_and_nothing_changes(
    case: str, engine: Engine, export: Data, tmp_path: Path
) -> None:
    change, words = CASES[case]
    bad = copy.deepcopy(export)
    change(bad)
    path = _write(tmp_path / "bad.json", bad)
    with Session(engine) as session:
        before = exchange.dumps(exchange.export_data(session))
    with pytest.raises(Invalid) as refused, db.session_scope(engine) as session:
        exchange.import_file(session, path, replace=True)
    message = str(refused.value)
    for word in words:
        assert word in message, message
    assert message.endswith(".") and not message.endswith("..")
    with Session(engine) as session:
        assert exchange.dumps(exchange.export_data(session)) == before


def test_deep_nesting_and_broken_json_are_refused_in_words(engine: Engine, tmp_path: Path) -> None:
    head = f'{{"format": "{exchange.FORMAT}", "format_version": 1, "schema_revision": "{db.head_revision()}", '
    for body in (
        head + '"tables": {"city": [' + "[" * 100_000 + "]" * 100_000 + "]}}",
        head + '"tables": {"city": [{"id": 1, "id": 2}]}}',
        head + '"tables": {"city": [{"id": NaN}]}}',
        head + '"tables": {"city": [{"id": 1',
        "\ufeffnot json at all",
    ):
        path = tmp_path / "bad.json"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(Invalid), db.session_scope(engine) as session:
            exchange.import_file(session, path)


def test_the_command_line_refuses_and_leaves_the_file_byte_identical(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    assert main(["--db", str(db_path), "export", str(tmp_path / "good.json")]) == 0
    data = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    before = db_path.read_bytes()
    for case in ("kind-unknown", "dangling", "lone-surrogate", "id-huge", "newer-schema"):
        bad = copy.deepcopy(data)
        CASES[case][0](bad)
        path = _write(tmp_path / f"{case}.json", bad)
        assert main(["--db", str(db_path), "import", str(path), "--replace"]) == 1
        err = capsys.readouterr().err
        assert "unexpected" not in err and err.count("\n") == 1, err
        assert db_path.read_bytes() == before, case


def test_an_export_from_an_older_schema_is_read_with_todays_rules(
    engine: Engine, export: Data, tmp_path: Path
) -> None:
    older = copy.deepcopy(export)
    older["schema_revision"] = "0001_first_schema"
    path = _write(tmp_path / "old.json", older)
    with db.session_scope(engine) as session:
        assert exchange.import_file(session, path, replace=True) > 0
    with Session(engine) as session:
        again = json.loads(exchange.dumps(exchange.export_data(session)))
    assert again["tables"] == export["tables"]


def test_streamed_export_is_byte_identical_to_the_whole_document(
    engine: Engine, tmp_path: Path
) -> None:
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    out = tmp_path / "e.json"
    with Session(engine) as session:
        exchange.export_file(session, out)
        assert out.read_text(encoding="utf-8") == exchange.dumps(exchange.export_data(session))
    assert not list(tmp_path.glob("*.part"))
