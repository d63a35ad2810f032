"""Two aides edit one motion: the second save is refused, and keeping it loses nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from sistercity_desk import conflicts, demo, motions, revisions
from sistercity_desk import models as m
from sistercity_desk.errors import Conflict


@pytest.fixture
def draft(engine: Engine) -> int:
    with Session(engine) as session:
        demo.load_demo(session)
        buscaino = session.exec(select(m.Person).where(m.Person.surname == "Buscaino")).one()
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="Street lights",
                mover_id=buscaino.id,
                clauses=[motions.ClauseData("operative", "the Council fix the street lights")],
            ),
        )
        session.commit()
        return motion.id or 0


def test_keep_mine_keeps_theirs_in_the_history(engine: Engine, draft: int) -> None:
    with Session(engine) as aide_a, Session(engine) as aide_b:
        mine_a = motions.MotionData.of(motions.get_motion(session=aide_a, motion_id=draft))
        version_a = motions.get_motion(session=aide_a, motion_id=draft).version
        mine_b = motions.MotionData.of(motions.get_motion(session=aide_b, motion_id=draft))
        version_b = motions.get_motion(session=aide_b, motion_id=draft).version

        mine_a.clauses[0].text = "the Council fix the street lights on Main Street"
        motions.update_motion(
            session=aide_a, motion_id=draft, data=mine_a, expected_version=version_a
        )
        aide_a.commit()

        mine_b.clauses[0].text = "the Council replace the street lights with LEDs"
        with pytest.raises(Conflict):
            motions.update_motion(
                session=aide_b, motion_id=draft, data=mine_b, expected_version=version_b
            )
        aide_b.rollback()

    comparison = conflicts.compare_with_unsaved(
        engine=engine, kind="motion", record_id=draft, data=mine_b
    )
    changed = [b for b in comparison.blocks if b.op != "equal"]
    assert changed, "the comparison shows the two versions differ"
    inserted = " ".join(s.text for b in changed for s in b.segments if s.op == "insert")
    deleted = " ".join(s.text for b in changed for s in b.segments if s.op == "delete")
    assert "LEDs" in inserted and "Main Street" in deleted
    # Comparing wrote nothing.
    with Session(engine) as session:
        stored = motions.get_motion(session=session, motion_id=draft)
        assert "Main Street" in stored.clauses[0].text

    with Session(engine) as session:
        conflicts.keep_mine(session=session, kind="motion", record_id=draft, data=mine_b)
        session.commit()
    with Session(engine) as session:
        stored = motions.get_motion(session=session, motion_id=draft)
        assert "LEDs" in stored.clauses[0].text
        history = revisions.list_revisions(session=session, kind="motion", record_id=draft)
        texts = [" ".join(c["text"] for c in r.content["clauses"]) for r in history]
        assert any("Main Street" in t for t in texts), "their version is kept as a revision"
        assert "LEDs" in texts[-1]
