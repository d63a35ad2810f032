"""Export and import of a whole database as one JSON document (format in docs/export-format.md).

The export is canonical: tables in dependency order, rows by id, keys sorted, so the same data
always gives the same bytes, and importing an export into an empty database and exporting
again reproduces the file exactly.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Numeric,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlmodel import Session, SQLModel

from . import db, search
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
    if isinstance(value, bytes):
        # Binary columns (source_document.content, the imported Word files) as base64 text.
        return base64.b64encode(value).decode("ascii")
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


def export_file(session: Session, path: Path) -> int:
    """Write the export atomically; returns the number of records."""
    data = export_data(session)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(dumps(data), encoding="utf-8")
    os.replace(tmp, path)
    return sum(len(rows) for rows in data["tables"].values())


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key not in table.c:
            raise Invalid(f"The file has a column {table.name}.{key} this version does not know.")
        column_type = table.c[key].type
        # SQLModel wraps some types (TypeDecorator); look at the type underneath.
        column_type = getattr(column_type, "impl", column_type)
        if value is not None:
            try:
                if isinstance(column_type, DateTime):
                    value = dt.datetime.fromisoformat(value)
                elif isinstance(column_type, Date):
                    value = dt.date.fromisoformat(value)
                elif isinstance(column_type, Numeric):
                    value = Decimal(value)
                elif isinstance(column_type, LargeBinary):
                    value = base64.b64decode(value, validate=True)
            except (TypeError, ValueError, ArithmeticError) as exc:
                raise Invalid(
                    f"The file holds '{value}' in {table.name}.{key}, which is not a valid "
                    f"{column_type.__class__.__name__.lower()}."
                ) from exc
        out[key] = value
    return out


def load_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise Invalid(f"There is no file {path}.") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Invalid(f"{path} is not a SisterCity Desk export ({exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid(f"{path} is not a SisterCity Desk export (no '{FORMAT}' marker).")
    if data.get("format_version") != FORMAT_VERSION:
        raise Invalid(
            f"{path} is in export format {data.get('format_version')}; this version reads "
            f"format {FORMAT_VERSION}. Export it again with a matching version of the app."
        )
    return data


def is_empty(session: Session) -> bool:
    for table in _tables():
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


def import_data(session: Session, data: dict[str, Any], *, replace: bool = False) -> int:
    """Load an export. Into a non-empty database only with ``replace`` (everything there is
    deleted first; the caller backs it up). Returns the number of records."""
    if not is_empty(session):
        if not replace:
            raise Invalid(
                "The database already holds records. Import into an empty database, or use "
                "--replace to delete what is there first (a backup is made)."
            )
        for table in reversed(_tables()):
            session.execute(delete(table))
    known = {t.name: t for t in _tables()}
    unknown = set(data["tables"]) - set(known)
    if unknown:
        raise Invalid(
            f"The file has tables this version does not know: {', '.join(sorted(unknown))}."
        )
    count = 0
    for table in _tables():
        rows = [_typed(table, row) for row in data["tables"].get(table.name, [])]
        if rows:
            session.execute(insert(table), rows)
            count += len(rows)
    if session.get_bind().dialect.name == "postgresql":
        for table in _tables():
            if "id" in table.c:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    search.rebuild(session)
    session.flush()
    return count
