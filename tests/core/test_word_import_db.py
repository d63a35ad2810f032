"""An imported Word file is stored whole and travels in exports, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from sistercity_desk import exchange
from sistercity_desk import models as m
from sistercity_desk.demo import load_demo
from sistercity_desk.documents import word_store

WORDFILES = Path(__file__).resolve().parents[1] / "documents" / "wordfiles"


def test_imported_file_is_kept_whole_and_exported(session: Session) -> None:
    load_demo(session)
    session.commit()
    path = WORDFILES / "m11_adopted_stamp.docx"
    [result] = word_store.review(session, [path])
    done = word_store.import_reviewed(session, result)
    session.commit()
    session.expire_all()
    row = session.exec(select(m.SourceDocument)).one()
    assert row.motion_id == done.motion_id
    assert row.content == path.read_bytes() and row.size == len(row.content)
    assert row.sha256 == result.sha256
    data = exchange.export_data(session)
    [exported] = data["tables"]["source_document"]
    assert exported["file_name"] == "m11_adopted_stamp.docx"
    import base64

    assert base64.b64decode(exported["content"]) == path.read_bytes()
    # The same file again is known by its hash, before and at import.
    [again] = word_store.review(session, [path])
    assert again.duplicate_of == done.motion_id
    assert word_store.skip_reason(again).startswith("already imported")
