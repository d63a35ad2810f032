"""Compare: word-level differences between revisions, or a revision and the working draft."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import Session

from sistercity_desk import compare, demo, motions, revisions
from sistercity_desk import models as m


@pytest.fixture
def draft(session: Session) -> m.Motion:
    """A draft with the Kyiv motion's content (the demo motion itself is adopted)."""
    demo.load_demo(session)
    kyiv = demo.find_kyiv_motion(session)
    assert kyiv is not None
    data = motions.MotionData.of(kyiv)
    data.council_file = None
    motion = motions.create_motion(session=session, data=data)
    session.commit()
    return motion


def _edit(session: Session, motion: m.Motion, **changes: object) -> m.Motion:
    data = dataclasses.replace(motions.MotionData.of(motion), **changes)  # type: ignore[arg-type]
    updated = motions.update_motion(
        session=session,
        motion_id=motion.id or 0,
        data=data,
        expected_version=motions.get_motion(session=session, motion_id=motion.id or 0).version,
    )
    session.commit()
    return updated


def test_compare_marks_changed_words_and_whole_clauses(session: Session, draft: m.Motion) -> None:
    mid = draft.id or 0
    revisions.save_version(session=session, kind="motion", record_id=mid)
    clauses = [motions.ClauseData(c.kind, c.text) for c in draft.clauses]
    clauses[1] = motions.ClauseData(
        clauses[1].kind, clauses[1].text.replace("symbolic gesture", "powerful gesture")
    )
    del clauses[0]
    clauses.append(motions.ClauseData("operative", "the Mayor be asked to sign the agreement"))
    _edit(session, draft, clauses=clauses)

    result = compare.compare(session=session, kind="motion", record_id=mid, old=1)
    assert result.new_label == "Working draft"
    changes = result.changes
    assert [b.op for b in changes] == ["delete", "changed", "insert"]
    deleted, changed, inserted = changes
    assert deleted.old_position == 1 and deleted.new_position is None
    assert deleted.old_text.startswith("On February 24, 2022, Russia invaded Ukraine.")
    ops = [(s.op, s.text) for s in changed.segments if s.op != "equal"]
    assert ops == [("delete", "symbolic"), ("insert", "powerful")]
    assert inserted.new_text == "I FURTHER MOVE that the Mayor be asked to sign the agreement."
    assert inserted.segments == (compare.Segment("insert", inserted.new_text),)
    as_data = result.to_dict()
    assert as_data["changed"] is True
    assert {s["op"] for b in as_data["blocks"] for s in b["segments"]} == {
        "equal",
        "insert",
        "delete",
    }


def test_diff_words_keeps_spaces_and_punctuation() -> None:
    segments = compare.diff_words("To help Kyiv, now.", "To help Kyiv rebuild; now.")
    assert "".join(s.text for s in segments if s.op != "insert") == "To help Kyiv, now."
    assert "".join(s.text for s in segments if s.op != "delete") == "To help Kyiv rebuild; now."
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [
        ("delete", ","),
        ("insert", " rebuild;"),
    ]
