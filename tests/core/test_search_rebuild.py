"""Rebuilding the whole search index (after an import) reads motions a chunk at a time; the
rows it writes must be the ones the session writes record by record."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session

from sistercity_desk import cities, demo, motions, people, search
from sistercity_desk import models as m


def _rows(session: Session) -> list[tuple[object, ...]]:
    table = m.SearchEntry.__table__  # type: ignore[attr-defined]
    return sorted(
        tuple(r)
        for r in session.execute(
            select(
                table.c.kind,
                table.c.record_id,
                table.c.title,
                table.c.title_folded,
                table.c.body_folded,
            )
        )
    )


@pytest.mark.parametrize("chunk", [1, 3, search.REBUILD_CHUNK])
def test_a_rebuilt_index_is_the_index_kept_record_by_record(
    session: Session, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    demo.load_demo(session)
    members = people.current_members(session=session)
    kyiv = next(r for r in cities.registry(session=session) if r.name == "Kyiv")
    for n in range(7):
        motions.create_motion(
            session=session,
            data=motions.MotionData(
                title=f"Ciudad de México / Item {n}",
                mover_id=members[n].id,
                seconder_ids=[p.id or 0 for p in members[n + 1 : n + 1 + n % 4]],
                council_file=f"22-07{n:02d}" if n % 2 else None,
                resolution_number=f"R-{n}" if n % 3 == 0 else "",
                partnership_id=kyiv.partnership_id if n % 2 == 0 else None,
                clauses=[
                    motions.ClauseData(m.ClauseKind.RECITAL.value, f"Київ, paragraph {k}.")
                    for k in range(n % 3)
                ],
            ),
        )
    session.commit()
    kept = _rows(session)
    assert sum(1 for r in kept if r[0] == "motion") >= 8

    monkeypatch.setattr(search, "REBUILD_CHUNK", chunk)
    count = search.rebuild(session)
    session.commit()

    assert _rows(session) == kept
    assert count == len(kept)
