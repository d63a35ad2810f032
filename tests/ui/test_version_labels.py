"""Labels on saved versions ("sent to the Clerk"): set from the History dock, kept in the
database, shown in the list; the frozen content does not change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from test_ui_motion_editor import new_draft
from uihelpers import type_text

from sistercity_desk import db, revisions, version_labels
from sistercity_desk.errors import Invalid, NotFound


def test_label_a_saved_version_from_the_history(
    window: Any, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    area.select_record(motion_id)
    window.history_action.trigger()
    type_text(area.editor.title_edit, " one")
    window.save_action.trigger()
    history = window.history
    with db.session_scope(demo_engine) as session:
        before = revisions.list_revisions(session=session, kind="motion", record_id=motion_id)
        fingerprint = before[-1].fingerprint
    history.select_numbers(1)
    monkeypatch.setattr(history, "ask_label", lambda number, current: "sent to the Clerk")
    history.label_button.click()
    assert history.rows()[0].label == "sent to the Clerk"
    label_column = history.table.columnCount() - 1
    assert history.table.item(0, label_column).text() == "sent to the Clerk"
    with db.session_scope(demo_engine) as session:
        after = revisions.list_revisions(session=session, kind="motion", record_id=motion_id)
        assert after[-1].label == "sent to the Clerk"
        assert after[-1].fingerprint == fingerprint


def test_labels_are_checked(demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        with pytest.raises(NotFound):
            version_labels.set_label(
                session=session, kind="motion", record_id=999, number=1, label="x"
            )
        with pytest.raises(Invalid, match="at most"):
            version_labels.set_label(
                session=session, kind="motion", record_id=1, number=1, label="x" * 81
            )
