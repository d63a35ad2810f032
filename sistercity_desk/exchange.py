"""Export and import of a whole database as one JSON document (format in docs/export-format.md).

The export is canonical: tables in dependency order, rows by id, keys sorted, so the same data
always gives the same bytes, and importing an export into an empty database and exporting
again reproduces the file exactly.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlmodel import Session, SQLModel

from . import db, invisible, models, search
from . import text as text_mod
from .db import Progress
from .errors import Invalid

FORMAT = "sistercity-desk-export"
FORMAT_VERSION = 1

#: Derived data, rebuilt after an import rather than carried in the file.
DERIVED_TABLES = frozenset({"search_entry", "alembic_version"})


def _tables() -> list[Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes | memoryview):
        # Binary columns (source_document.content, imported Word files) as base64 text.
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def export_data(session: Session) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": db.head_revision(),
        "tables": tables,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


#: Rows fetched from the database at a time while exporting.
BATCH = 2_000


def write_export(session: Session, out: TextIO, *, progress: Progress | None = None) -> int:
    """Write the export to ``out`` one row at a time, in exactly the bytes ``dumps`` gives
    for ``export_data`` (so the round trip stays byte-identical) but with memory flat in the
    number of records. Returns the number of records."""
    out.write(
        "{\n"
        f' "format": {json.dumps(FORMAT)},\n'
        f' "format_version": {FORMAT_VERSION},\n'
        f' "schema_revision": {json.dumps(db.head_revision(), ensure_ascii=False)},\n'
        ' "tables": {'
    )
    tables = sorted(_tables(), key=lambda t: t.name)  # sort_keys orders the tables by name
    total = 0
    for n, table in enumerate(tables):
        out.write("\n" if n == 0 else ",\n")
        out.write(f"  {json.dumps(table.name)}: [")
        query = select(table).order_by(*table.primary_key.columns)
        rows = session.execute(query.execution_options(yield_per=BATCH)).mappings()
        count = 0
        for row in rows:
            text_ = json.dumps(
                {k: _plain(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True, indent=1
            )
            out.write("\n   " if count == 0 else ",\n   ")
            out.write(text_.replace("\n", "\n   "))
            count += 1
            if progress is not None and count % 20_000 == 0:
                progress(f"Exported {total + count:,} records ({table.name})")
        out.write("\n  ]" if count else "]")
        total += count
    out.write("\n }\n}\n" if tables else "}\n}\n")
    return total


def export_file(session: Session, path: Path, *, progress: Progress | None = None) -> int:
    """Write the export atomically (a ``.part`` file beside it, renamed when complete; never
    left behind); returns the number of records."""
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            count = write_export(session, out, progress=progress)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Header:
    """What an export says about itself (read before any record)."""

    path: Path | None
    format_version: int
    schema_revision: str

    def get(self, key: str, default: Any = None) -> Any:
        """Dict-style access, as callers of the whole-file reader used it."""
        return getattr(self, key, default)


#: Characters read from the file at a time.
CHUNK = 1 << 20


class _Scanner:
    """Reads an export one record at a time: the top-level values whole, each row of each
    table whole (with the C JSON decoder), never the whole ``tables`` object."""

    def __init__(self, handle: TextIO, where: str) -> None:
        self.handle = handle
        self.where = where
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder(
            object_pairs_hook=_no_duplicate_keys,
            parse_float=Decimal,
            parse_constant=_no_constant,
        )

    def _fill(self, need: int = CHUNK // 2) -> None:
        if self.eof or len(self.buf) - self.pos >= need:
            return
        self.buf = self.buf[self.pos :]
        self.pos = 0
        while not self.eof and len(self.buf) < need:
            chunk = self.handle.read(CHUNK)
            if not chunk:
                self.eof = True
            self.buf += chunk

    def _skip_space(self) -> None:
        while True:
            self._fill(1)
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return

    def peek(self) -> str:
        self._skip_space()
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            found = self.peek() or "the end of the file"
            raise Invalid(
                f"{self.where} is not a SisterCity Desk export: {what} (found {found!r})."
            )
        self.pos += 1

    def value(self) -> Any:
        self._skip_space()
        need = CHUNK // 2
        while True:
            self._fill(need)
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise Invalid(
                        f"{self.where} is not a SisterCity Desk export ({exc.msg} near "
                        f"character {exc.pos}). Export it again."
                    ) from exc
                need = max(need * 2, len(self.buf) - self.pos + CHUNK)
                continue
            except RecursionError as exc:
                raise Invalid(f"{self.where} nests values too deeply to be an export.") from exc
            self.pos = end
            return value

    def key(self) -> str:
        key = self.value()
        if not isinstance(key, str):
            raise Invalid(f"{self.where} is not a SisterCity Desk export: a key is not text.")
        self.expect(":", "a ':' after a key")
        return key

    def more(self, close: str) -> bool:
        """After an item: True when another follows (a comma), False at ``close``."""
        char = self.peek()
        if char == ",":
            self.pos += 1
            return True
        self.expect(close, f"a ',' or '{close}'")
        return False


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Invalid(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise Invalid(f"{name} is not a number an export may hold")


Event = tuple[str, str, Any]  # ("header", key, value) | ("table", name, None) | ("row", name, row)


def _scan(handle: TextIO, where: str) -> Iterator[Event]:
    scanner = _Scanner(handle, where)
    scanner.expect("{", "it does not start with '{'")
    seen_tables = False
    if scanner.peek() == "}":
        scanner.pos += 1
        return
    while True:
        key = scanner.key()
        if key == "tables":
            if seen_tables:
                raise Invalid(f"{where} has two 'tables' objects.")
            seen_tables = True
            yield ("tables", "", None)
            scanner.expect("{", "'tables' must be an object of tables")
            if scanner.peek() != "}":
                while True:
                    name = scanner.key()
                    yield ("table", name, None)
                    scanner.expect("[", f"the table {name!r} must be a list of records")
                    if scanner.peek() != "]":
                        while True:
                            yield ("row", name, scanner.value())
                            if not scanner.more("]"):
                                break
                    else:
                        scanner.pos += 1
                    if not scanner.more("}"):
                        break
            else:
                scanner.pos += 1
        else:
            yield ("header", key, scanner.value())
        if not scanner.more("}"):
            break
    if scanner.peek():
        raise Invalid(f"{where} has more after the end of the export.")


def _events_of(data: dict[str, Any]) -> Iterator[Event]:
    """The same events for an export already in memory (a parsed dict)."""
    if not isinstance(data, dict):
        raise Invalid("The export is not a JSON object.")
    for key, value in data.items():
        if key != "tables":
            yield ("header", key, value)
    if "tables" not in data:
        return
    yield ("tables", "", None)
    tables = data["tables"]
    if not isinstance(tables, dict):
        raise Invalid("The export is not a SisterCity Desk export: 'tables' must be an object.")
    for name, rows in tables.items():
        yield ("table", name, None)
        if not isinstance(rows, list):
            raise Invalid(f"The table {name!r} of the export must be a list of records.")
        for row in rows:
            yield ("row", name, row)


def _check_header(values: dict[str, Any], where: str) -> Header:
    if values.get("format") != FORMAT:
        raise Invalid(f"{where} is not a SisterCity Desk export (no '{FORMAT}' marker).")
    version = values.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise Invalid(
            f"{where} is in export format {version}; this version reads "
            f"format {FORMAT_VERSION}. Export it again with a matching version of the app."
        )
    revision = values.get("schema_revision")
    if not isinstance(revision, str) or not revision:
        raise Invalid(f"{where} does not say which schema it was exported from (schema_revision).")
    if revision not in _known_revisions():
        raise Invalid(
            f"{where} was exported from schema {revision!r}, which this version of SisterCity "
            "Desk does not know (a newer version made it). Import it with that newer version."
        )
    return Header(None, FORMAT_VERSION, revision)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    return {s.revision for s in script.walk_revisions()}


def _open(path: Path) -> TextIO:
    try:
        if not path.is_file():
            raise Invalid(f"There is no file {path}.")
        return path.open(encoding="utf-8", errors="strict", newline="")
    except OSError as exc:
        raise Invalid(f"{path} cannot be read ({exc.strerror or exc}).") from exc


def load_file(path: Path) -> Header:
    """Check an export's header (marker, format version, a schema revision this version
    knows) and that ``tables`` follows; reads only as far as that."""
    path = Path(path)
    values: dict[str, Any] = {}
    with _open(path) as handle:
        try:
            for kind, key, value in _scan(handle, str(path)):
                if kind == "header":
                    values[key] = value
                elif kind == "tables":
                    break
            else:
                raise Invalid(f"{path} is not a SisterCity Desk export: it has no 'tables'.")
        except UnicodeDecodeError as exc:
            raise Invalid(f"{path} is not a SisterCity Desk export (not UTF-8 text).") from exc
        except Invalid as exc:
            if "SisterCity Desk export" in str(exc) or str(path) in str(exc):
                raise
            raise Invalid(f"{path} is not a SisterCity Desk export ({exc}).") from exc
    header = _check_header(values, str(path))
    return Header(path, header.format_version, header.schema_revision)


def is_empty(session: Session) -> bool:
    for table in _tables():
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


# --------------------------------------------------------------------------- validating


#: The largest value an INTEGER column holds on every backend (PostgreSQL's integer).
MAX_INT = 2**31 - 1


class _IdSet:
    """Ids seen in one table: a bitmap for the usual dense ids, a set beyond it (memory stays
    a bit per id however many records)."""

    DENSE = 1 << 24

    def __init__(self) -> None:
        self.bits = bytearray()
        self.sparse: set[int] = set()

    def add(self, value: int) -> bool:
        """Add; False when it was there already."""
        if 0 <= value < self.DENSE:
            byte, bit = divmod(value, 8)
            if byte >= len(self.bits):
                self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
            if self.bits[byte] & (1 << bit):
                return False
            self.bits[byte] |= 1 << bit
            return True
        if value in self.sparse:
            return False
        self.sparse.add(value)
        return True

    def __contains__(self, value: int) -> bool:
        if 0 <= value < self.DENSE:
            byte, bit = divmod(value, 8)
            return byte < len(self.bits) and bool(self.bits[byte] & (1 << bit))
        return value in self.sparse


class _SeenValues:
    """The values of the file's unique columns seen so far, kept on disk (a SQLite file in the
    import's scratch folder): 350,000 Council File numbers held in a Python set cost about
    35 MB, and the import's memory must not grow with the file."""

    def __init__(self, folder: Path) -> None:
        self._db = sqlite3.connect(folder / "unique-values.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE seen (tbl TEXT, col TEXT, value TEXT, PRIMARY KEY (tbl, col, value))"
            " WITHOUT ROWID"
        )
        self._db.execute("BEGIN")

    def add(self, table: str, column: str, value: Any) -> bool:
        """Note a value; False when the column already had it."""
        key = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
        try:
            self._db.execute("INSERT INTO seen VALUES (?, ?, ?)", (table, column, key))
        except sqlite3.IntegrityError:
            return False
        return True

    def close(self) -> None:
        self._db.close()


def _model_of(table: Table) -> Any:
    for mapper in SQLModel._sa_registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def text_problem(value: str) -> str | None:
    """What makes a text unfit to store, as the services would refuse or clean it (control
    characters such as NUL and ESC, lone surrogates, non-characters), or None. The one
    place to add a rule for text (hidden format characters, say)."""
    # Lone surrogates and invisible (bidirectional, zero-width ...) characters first: they
    # are named for what they are (invisible.py).
    hidden = invisible.problem(value)
    if hidden is not None:
        return hidden
    if text_mod.clean(value) != value.replace("\r\n", "\n").replace("\r", "\n").replace(
        "\x0b", "\n"
    ):
        bad = next((ch for ch in value if text_mod.clean(ch) == "" and ch not in "\r\x0b"), "?")
        return f"holds the character U+{ord(bad):04X}, which a record cannot hold"
    return None


def _texts_problem(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, list):
        return next((p for p in map(_texts_problem, value) if p), None)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key) or _texts_problem(item)
            if problem:
                return problem
    return None


class _TableRules:
    """The rules one table's records must keep (the column types, the model's enums and
    JSON shapes, the app's text rules), and what the file's records of it used so far."""

    def __init__(self, table: Table, seen: _SeenValues) -> None:
        from pydantic import TypeAdapter

        self.table = table
        self.model = _model_of(table)
        self.ids = _IdSet()
        self.count = 0
        self.seen = seen
        self.unique = [c.name for c in table.columns if c.unique and not c.primary_key]
        self.fields: dict[str, Any] = dict(getattr(self.model, "model_fields", {}) or {})
        self.adapters: dict[str, Any] = {}
        for column in table.columns:
            kind = getattr(column.type, "impl", column.type)
            if isinstance(kind, JSON) and column.name in self.fields:
                self.adapters[column.name] = TypeAdapter(self.fields[column.name].annotation)

    def problem(self, record: str, field: str, what: str) -> Invalid:
        return Invalid(f"The file's {self.table.name} record {record}, field {field}: {what}.")

    def check(self, row: Any, index: int) -> dict[str, Any]:
        name = self.table.name
        if not isinstance(row, dict):
            raise Invalid(f"The file's {name} record number {index + 1} is not an object.")
        raw_id = row.get("id")
        record = str(raw_id) if isinstance(raw_id, int) else f"number {index + 1}"
        out: dict[str, Any] = {}
        for key in row:
            if key not in self.table.c:
                raise self.problem(record, key, "this version has no such field")
        for column in self.table.columns:
            if column.name not in row:
                # An export from an older schema lacks the columns added since: they take
                # their defaults, as a migration would give them.
                field = self.fields.get(column.name)
                default = (
                    field.get_default(call_default_factory=True)
                    if field is not None and not field.is_required()
                    else None
                )
                if default is not None or (column.nullable and not column.primary_key):
                    out[column.name] = default
                    continue
                raise self.problem(record, column.name, "missing")
            out[column.name] = self._value(column, row[column.name], record)
        key = out.get("id")
        if isinstance(key, int) and not self.ids.add(key):
            raise self.problem(record, "id", "another record of the file has the same id")
        for column_name in self.unique:
            value = out.get(column_name)
            if value is not None and not self.seen.add(self.table.name, column_name, value):
                raise self.problem(
                    record, column_name, f"{value!r} is already used by another record"
                )
        self.count += 1
        return out

    def _value(self, column: Any, value: Any, record: str) -> Any:
        name = column.name
        kind = getattr(column.type, "impl", column.type)
        if value is None:
            if column.nullable and not column.primary_key:
                return None
            raise self.problem(record, name, "must have a value")
        annotation = self.fields[name].annotation if name in self.fields else None
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise self.problem(record, name, f"{value!r} is not true or false")
        elif isinstance(kind, Integer):
            if not isinstance(value, int) or isinstance(value, bool):
                raise self.problem(record, name, f"{value!r} is not a whole number")
            low = 1 if (column.primary_key or name == "version") else -MAX_INT - 1
            if not low <= value <= MAX_INT:
                raise self.problem(record, name, f"{value} is outside {low} to {MAX_INT}")
        elif isinstance(kind, Numeric):
            try:
                number = Decimal(value) if isinstance(value, str | Decimal | int) else None
            except ArithmeticError:
                number = None
            if number is None or isinstance(value, bool) or not number.is_finite():
                raise self.problem(record, name, f"{value!r} is not an amount")
            digits = (kind.precision or 14) - (kind.scale or 2)
            if number.as_tuple().exponent < -(kind.scale or 2) or abs(number) >= 10**digits:  # type: ignore[operator]
                raise self.problem(record, name, f"{value} does not fit the amounts the app keeps")
            if number < 0:
                raise self.problem(record, name, f"{value} is negative")
            return number
        elif isinstance(kind, DateTime | Date):
            try:
                if not isinstance(value, str):
                    raise TypeError
                parsed: Any = (
                    dt.datetime.fromisoformat(value)
                    if isinstance(kind, DateTime)
                    else dt.date.fromisoformat(value)
                )
            except (TypeError, ValueError) as exc:
                what = "a date and time" if isinstance(kind, DateTime) else "a date (YYYY-MM-DD)"
                raise self.problem(record, name, f"{value!r} is not {what}") from exc
            return parsed
        elif isinstance(kind, LargeBinary):
            try:
                if not isinstance(value, str):
                    raise TypeError
                base64.b64decode(value, validate=True)
            except (TypeError, binascii.Error) as exc:
                raise self.problem(record, name, "is not base64 text") from exc
        elif isinstance(kind, JSON):
            adapter = self.adapters.get(name)
            if adapter is not None:
                try:
                    adapter.validate_python(value, strict=True)
                except ValueError as exc:
                    raise self.problem(
                        record, name, "does not have the shape this field takes"
                    ) from exc
            problem = _texts_problem(value)
            if problem:
                raise self.problem(record, name, problem)
        elif isinstance(kind, String):
            if not isinstance(value, str):
                raise self.problem(record, name, f"{value!r} is not text")
            problem = text_problem(value)
            if problem:
                raise self.problem(record, name, problem)
            choices = _enum_values(ENUM_COLUMNS.get((self.table.name, name), annotation))
            if choices is not None and value not in choices:
                raise self.problem(
                    record, name, f"{value!r} is not one of {', '.join(sorted(choices))}"
                )
        return value


#: Text columns that hold one of a fixed set of values (stored as text, typed as str).
ENUM_COLUMNS: dict[tuple[str, str], type[Enum]] = {
    ("person", "role"): models.PersonRole,
    ("partnership", "status"): models.PartnershipStatus,
    ("motion", "kind"): models.MotionKind,
    ("motion", "status"): models.MotionStatus,
    ("motion_clause", "kind"): models.ClauseKind,
    ("vote", "threshold"): models.Threshold,
    ("vote_cast", "choice"): models.VoteChoice,
    ("agreement", "status"): models.AgreementStatus,
    ("standard_clause", "kind"): models.ClauseKind,
}


def _enum_values(annotation: Any) -> set[str] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return {str(e.value) for e in candidate}
    return None


# --------------------------------------------------------------------------- importing


def _validate(events: Iterator[Event], where: str, spool: Path, progress: Progress | None) -> int:
    """Check every record (nothing is written to the database); keep the checked rows in one
    file per table under ``spool``. Returns the number of records."""
    known = {t.name: t for t in _tables()}
    header: dict[str, Any] = {}
    rules: dict[str, _TableRules] = {}
    seen_tables = False
    current: _TableRules | None = None
    out: TextIO | None = None
    total = 0
    seen = _SeenValues(spool)
    try:
        for kind, name, value in events:
            if kind == "header":
                if seen_tables:
                    raise Invalid(f"{where}: {name!r} must come before the tables.")
                header[name] = value
            elif kind == "tables":
                _check_header(header, where)
                seen_tables = True
            elif kind == "table":
                if name in DERIVED_TABLES:
                    raise Invalid(f"{where} holds {name}, which is derived and never exported.")
                if name not in known:
                    raise Invalid(f"{where} has a table this version does not know: {name}.")
                if name in rules:
                    raise Invalid(f"{where} has the table {name} twice.")
                current = rules[name] = _TableRules(known[name], seen)
                if out is not None:
                    out.close()
                out = (spool / name).open("w", encoding="utf-8", errors="surrogatepass")
            else:
                assert current is not None and out is not None
                checked = current.check(value, current.count)
                out.write(json.dumps({k: _plain(v) for k, v in checked.items()}, ensure_ascii=True))
                out.write("\n")
                total += 1
                if progress is not None and total % 20_000 == 0:
                    progress(f"Checked {total:,} records")
    finally:
        seen.close()
        if out is not None:
            out.close()
    if not seen_tables:
        _check_header(header, where)
        raise Invalid(f"{where} is not a SisterCity Desk export: it has no 'tables'.")
    _check_references(spool, rules)
    return total


def _spooled(spool: Path, name: str) -> Iterator[dict[str, Any]]:
    path = spool / name
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="surrogatepass") as handle:
        for line in handle:
            yield json.loads(line)


def _check_references(spool: Path, rules: dict[str, _TableRules]) -> None:
    """Every reference of every record points at a record of the file."""
    for table in _tables():
        links = [
            (fk.parent.name, fk.column.table.name, fk.parent.name)
            for fk in table.foreign_keys
            if fk.column.name == "id"
        ]
        if not links or table.name not in rules:
            continue
        for row in _spooled(spool, table.name):
            for column, parent, field in links:
                target = row.get(column)
                if target is None:
                    continue
                ids = rules[parent].ids if parent in rules else _IdSet()
                if target not in ids:
                    raise Invalid(
                        f"The file's {table.name} record {row.get('id')}, field {field}: it "
                        f"points at {parent} {target}, which the file does not hold."
                    )


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        kind = getattr(table.c[key].type, "impl", table.c[key].type)
        if value is not None:
            if isinstance(kind, DateTime):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                value = dt.date.fromisoformat(value)
            elif isinstance(kind, Numeric):
                value = Decimal(value)
            elif isinstance(kind, LargeBinary):
                value = base64.b64decode(value, validate=True)
        out[key] = value
    return out


def _load(
    session: Session,
    events: Iterator[Event],
    where: str,
    *,
    replace: bool,
    progress: Progress | None,
) -> int:
    with tempfile.TemporaryDirectory(prefix="sistercity-import-") as folder:
        spool = Path(folder)
        total = _validate(events, where, spool, progress)
        # Only now, every record checked, is anything written (in the caller's transaction).
        if not is_empty(session):
            if not replace:
                raise Invalid(
                    "The database already holds records. Import into an empty database, or "
                    "use --replace to delete what is there first (a backup is made)."
                )
            for table in reversed(_tables()):
                session.execute(delete(table))
        count = 0
        for table in _tables():
            batch: list[dict[str, Any]] = []
            for row in _spooled(spool, table.name):
                batch.append(_typed(table, row))
                if len(batch) >= BATCH:
                    session.execute(insert(table), batch)
                    count += len(batch)
                    batch = []
                    if progress is not None and count % 20_000 < BATCH:
                        progress(f"Imported {count:,} of {total:,} records")
            if batch:
                session.execute(insert(table), batch)
                count += len(batch)
    if session.get_bind().dialect.name == "postgresql":
        for table in _tables():
            if "id" in table.c:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    if progress is not None:
        progress("Rebuilding the search index")
    search.rebuild(session)
    session.flush()
    return count


def import_file(
    session: Session, path: Path, *, replace: bool = False, progress: Progress | None = None
) -> int:
    """Load an export file, one record at a time. Every record is checked against the
    export format and the app's rules first (the error names the table, the record's id and
    the field); only then is anything written. Into a non-empty database only with
    ``replace`` (everything there is deleted first; the caller backs it up). Returns the
    number of records."""
    path = Path(path)
    load_file(path)
    with _open(path) as handle:
        try:
            return _load(
                session, _scan(handle, str(path)), str(path), replace=replace, progress=progress
            )
        except UnicodeDecodeError as exc:
            raise Invalid(f"{path} is not a SisterCity Desk export (not UTF-8 text).") from exc


def import_data(session: Session, data: dict[str, Any], *, replace: bool = False) -> int:
    """``import_file`` for an export already parsed into a dict."""
    return _load(session, _events_of(data), "The export", replace=replace, progress=None)
