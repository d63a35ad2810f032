"""Revisions stored before the content model (schema 1: ids and a few names) still open:
an export written then imports, and a copy printed then still verifies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session

from sistercity_desk import compare, db, exchange, opening, revisions
from sistercity_desk import content as content_mod
from sistercity_desk import models as m
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render
from sistercity_desk.documents.templates import template_for
from sistercity_desk.documents.verify import verify


def _schema_1(content: dict[str, Any]) -> dict[str, Any]:
    """The snapshot the app stored before the content model, from today's content."""

    def person(p: dict[str, Any] | None) -> dict[str, Any] | None:
        if p is None:
            return None
        keys = ("id", "name", "native_name", "surname", "titles")
        return {k: p[k] for k in keys}

    keep = ("kind", "id", "motion_kind", "title", "council_file", "resolution_number",
            "clauses", "committee_id", "introduced_on")  # fmt: skip
    old = {k: content[k] for k in keep}
    old["mover"] = person(content["mover"])
    old["presented_for"] = person(content["presented_for"])
    old["seconders"] = [person(s) for s in content["seconders"]]
    old["votes"] = [
        {
            **{k: v[k] for k in ("meeting_date", "meeting_type", "action", "threshold")},
            "casts": [{k: c[k] for k in ("district", "person_id", "choice")} for c in v["casts"]],
        }
        for v in content["votes"]
    ]
    return old


def test_an_old_export_imports_and_its_old_prints_verify(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    today = revisions.snapshot(session, "motion", demo.motion_id)
    old = _schema_1(today)
    stored = m.Revision(
        record_kind="motion",
        record_id=demo.motion_id,
        number=1,
        author="clerk",
        reason="saved",
        fingerprint=revisions.fingerprint(old),
        content=old,
    )
    session.add(stored)
    session.commit()
    data = exchange.export_data(session)

    engine = opening.open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with db.session_scope(engine) as fresh:
        exchange.import_data(fresh, data)
    with db.session_scope(engine) as fresh:
        revision = revisions.get_revision(
            session=fresh, kind="motion", record_id=demo.motion_id, number=1
        )
        assert revision.content == old and revision.fingerprint == stored.fingerprint
        content = revisions.revision_content(fresh, revision)
        assert isinstance(content, content_mod.MotionContent) and content.schema == 1
        assert content.seats and content.office.city_name  # filled in as printed then
        # A copy printed from it (made as the app made it then) still verifies.
        printed = tmp_path / "old-print.docx"
        render.render_docx(
            template_for("motion"),
            context.revision_context(fresh, revision, "motion"),
            printed,
            kind="motion",
        )
        assert verify(fresh, printed).matches
        # And it compares with today's draft.
        result = compare.compare(session=fresh, kind="motion", record_id=demo.motion_id, old=1)
        assert result.record_id == demo.motion_id
    engine.dispose()
