"""A 1 MB clause: stored whole, exported whole, printed whole (the desktop side of the same
clause is tests/ui/test_hostile_ui.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hostile import Printed, read_docx
from sqlmodel import Session, select

from sistercity_desk import exchange, motions
from sistercity_desk import models as m
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import render

#: One paragraph of about a megabyte, with a mark at each end and in the middle.
MEGABYTE = (
    "BEGIN "
    + "The Council finds that the partnership serves both cities. " * 14000
    + "MIDDLE "
    + "Київ і Лос-Анджелес — міста-побратими. " * 3000
    + "END"
)


def _member(session: Session, surname: str) -> int:
    person = session.exec(select(m.Person).where(m.Person.surname == surname)).one()
    return person.id or 0


def test_a_megabyte_clause_is_stored_exported_and_printed_whole(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    assert len(MEGABYTE.encode()) > 1_000_000
    motion = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="A very long finding",
            mover_id=_member(session, "Buscaino"),
            seconder_ids=[_member(session, "Raman")],
            introduced_on=dt.date(2022, 3, 1),
            clauses=[
                motions.ClauseData("recital", MEGABYTE),
                motions.ClauseData("operative", "I THEREFORE MOVE that " + MEGABYTE),
            ],
        ),
    )
    session.commit()
    session.expire_all()

    stored = motions.get_motion(session=session, motion_id=motion.id or 0)
    assert [c.text for c in stored.clauses] == [MEGABYTE, "I THEREFORE MOVE that " + MEGABYTE]
    rows = exchange.export_data(session)["tables"]["motion_clause"]
    assert next(r["text"] for r in rows if r["motion_id"] == motion.id) == MEGABYTE

    for kind in ("motion", "vote-sheet"):
        out = tmp_path / f"{kind}.docx"
        render.produce(session, kind, motion.id or 0, out)
        if kind == "motion":
            doc = Printed(read_docx(out))
            doc.has(MEGABYTE, "the 1 MB narrative paragraph")
            doc.has(f"I THEREFORE MOVE that {MEGABYTE}.", "the 1 MB operative clause")
    session.commit()
