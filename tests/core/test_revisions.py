"""Revisions: numbered read-only snapshots, save, restore, automatic revisions, compare."""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass

import pytest
from sqlmodel import Session, select

from sistercity_desk import demo, motions, office, revisions, settings, workflow
from sistercity_desk import models as m
from sistercity_desk.errors import NotFound


@pytest.fixture
def kyiv(session: Session) -> m.Motion:
    demo.load_demo(session)
    session.commit()
    motion = demo.find_kyiv_motion(session)
    assert motion is not None and motion.status == m.MotionStatus.ADOPTED
    return motion


@pytest.fixture
def draft(session: Session, kyiv: m.Motion) -> m.Motion:
    """A draft with the Kyiv motion's content (the demo motion itself is adopted)."""
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


def _count(session: Session, kind: str = "motion") -> int:
    return len(session.exec(select(m.Revision).where(m.Revision.record_kind == kind)).all())


def test_numbering_and_no_row_for_unchanged_content(session: Session, draft: m.Motion) -> None:
    first = revisions.save_version(session=session, kind="motion", record_id=draft.id or 0)
    again = revisions.save_version(session=session, kind="motion", record_id=draft.id or 0)
    assert (first.number, again.number, again.id) == (1, 1, first.id)
    _edit(session, draft, title="Sister City / Kyiv, Ukraine / Nomination")
    second = revisions.save_version(
        session=session, kind="motion", record_id=draft.id or 0, reason="title shortened"
    )
    session.commit()
    rows = revisions.list_revisions(session=session, kind="motion", record_id=draft.id or 0)
    assert [r.number for r in rows] == [1, 2]
    assert second.reason == "title shortened"
    assert rows[0].fingerprint != rows[1].fingerprint
    assert rows[0].fingerprint == revisions.fingerprint(rows[0].content)
    assert rows[0].content["title"] == demo.KYIV_MOTION_TITLE
    assert rows[1].content["title"] == "Sister City / Kyiv, Ukraine / Nomination"
    assert (
        revisions.get_revision(session=session, kind="motion", record_id=draft.id or 0, number=2).id
        == second.id
    )
    with pytest.raises(NotFound, match="has no revision 3: it has revisions 1 to 2"):
        revisions.get_revision(session=session, kind="motion", record_id=draft.id or 0, number=3)


def test_autosave_updates_the_draft_only(session: Session, draft: m.Motion) -> None:
    revisions.save_version(session=session, kind="motion", record_id=draft.id or 0)
    session.commit()
    before = _count(session)
    for word in ("one", "two", "three"):
        _edit(session, draft, title=f"Kyiv {word}")
    assert _count(session) == before
    assert revisions.is_unsaved(session=session, kind="motion", record_id=draft.id or 0)


def test_author_comes_from_office_then_settings_then_os_user(
    session: Session, draft: m.Motion
) -> None:
    profile = office.get_office(session=session)
    assert profile is not None
    profile.user_name = ""
    session.commit()
    assert revisions.author_name(session) == getpass.getuser()
    settings.save(settings.Settings(user_name="Desk Aide"))
    assert revisions.author_name(session) == "Desk Aide"
    profile.user_name = "Office Aide"
    session.commit()
    revision = revisions.save_version(session=session, kind="motion", record_id=draft.id or 0)
    assert revision.author == "Office Aide"


def test_restore_makes_a_new_revision_and_loses_nothing(session: Session, draft: m.Motion) -> None:
    mid = draft.id or 0
    original_clauses = [(c.kind, c.text) for c in draft.clauses]
    revisions.save_version(session=session, kind="motion", record_id=mid)  # 1
    _edit(session, draft, title="Second title")
    revisions.save_version(session=session, kind="motion", record_id=mid)  # 2
    session.commit()
    # Unsaved words in the working draft when the user restores.
    clauses = [motions.ClauseData(k, t) for k, t in original_clauses[:-1]]
    _edit(session, draft, title="Unsaved title", clauses=clauses)

    restored = revisions.restore(session=session, kind="motion", record_id=mid, number=1)
    session.commit()

    rows = revisions.list_revisions(session=session, kind="motion", record_id=mid)
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert rows[2].reason == "before restoring revision 1"
    assert rows[2].content["title"] == "Unsaved title"
    assert len(rows[2].content["clauses"]) == len(original_clauses) - 1
    assert restored.number == 4 and restored.record_id == mid
    assert restored.reason == "restored revision 1"
    assert restored.fingerprint == rows[0].fingerprint
    session.refresh(draft)
    assert draft.title == demo.KYIV_MOTION_TITLE
    assert [(c.kind, c.text) for c in draft.clauses] == original_clauses
    assert rows[1].content["title"] == "Second title"


def test_restore_of_an_adopted_motion_makes_a_new_draft(session: Session, kyiv: m.Motion) -> None:
    first = revisions.save_version(session=session, kind="motion", record_id=kyiv.id or 0)
    result = revisions.restore_version(
        session=session, kind="motion", record_id=kyiv.id or 0, number=first.number
    )
    session.commit()
    assert result.copy
    assert "new draft" in result.message
    copy = session.get(m.Motion, result.revision.record_id)
    assert copy is not None and copy.id != kyiv.id
    assert copy.status == m.MotionStatus.DRAFT
    assert copy.council_file is None
    assert [c.text for c in copy.clauses] == [c.text for c in kyiv.clauses]
    assert result.revision.reason == (
        f"restored from motion {kyiv.id} revision {first.number} as a new draft"
    )
    session.refresh(kyiv)
    assert kyiv.status == m.MotionStatus.ADOPTED
    assert kyiv.council_file == demo.SAMPLE_COUNCIL_FILE
    assert [
        r.number
        for r in revisions.list_revisions(session=session, kind="motion", record_id=kyiv.id or 0)
    ] == [1]


def test_status_change_keeps_the_text_as_a_revision(session: Session, draft: m.Motion) -> None:
    mid = draft.id or 0
    workflow.transition(session=session, motion_id=mid, to="ready", on_date=dt.date(2024, 5, 2))
    session.commit()
    rows = revisions.list_revisions(session=session, kind="motion", record_id=mid)
    assert [(r.number, r.reason) for r in rows] == [(1, "status: ready")]
    _edit(session, draft, title="Ready, then amended")
    workflow.transition(session=session, motion_id=mid, to="draft", on_date=dt.date(2024, 5, 3))
    session.commit()
    rows = revisions.list_revisions(session=session, kind="motion", record_id=mid)
    assert [(r.number, r.reason) for r in rows] == [(1, "status: ready"), (2, "status: draft")]
    assert rows[1].content["title"] == "Ready, then amended"
