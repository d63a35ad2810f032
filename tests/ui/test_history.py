"""The history panel: revisions listed, compared word by word, opened and restored."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import db, demo, motions, revisions
from sistercity_desk import models as m
from ui import dialogs
from ui.history import HistoryPanel


@pytest.fixture
def draft_id(engine: Engine) -> int:
    """A draft with the Kyiv motion's content, saved as revision 1, then two words changed
    and saved as revision 2."""
    with db.session_scope(engine) as session:
        demo.load_demo(session)
        kyiv = demo.find_kyiv_motion(session)
        assert kyiv is not None
        data = motions.MotionData.of(kyiv)
        data.council_file = None
        motion = motions.create_motion(session=session, data=data)
        motion_id = motion.id or 0
        revisions.save_version(session=session, kind="motion", record_id=motion_id)
    _change_words(engine, motion_id, [("symbolic", "powerful"), ("surplus", "spare")])
    with db.session_scope(engine) as session:
        revisions.save_version(session=session, kind="motion", record_id=motion_id)
    return motion_id


def _change_words(engine: Engine, motion_id: int, pairs: list[tuple[str, str]]) -> None:
    with db.session_scope(engine) as session:
        motion = motions.get_motion(session=session, motion_id=motion_id)
        data = motions.MotionData.of(motion)
        clauses = []
        for clause in data.clauses:
            text = clause.text
            for old, new in pairs:
                text = text.replace(f" {old} ", f" {new} ")
            clauses.append(motions.ClauseData(clause.kind, text))
        motions.update_motion(
            session=session,
            motion_id=motion_id,
            data=dataclasses.replace(data, clauses=clauses),
            expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
        )


def _spans(html: str, kind: str) -> list[str]:
    return re.findall(rf'<span class="{kind}"[^>]*>([^<]*)</span>', html)


def test_lists_the_revisions_newest_first(qtbot: QtBot, engine: Engine, draft_id: int) -> None:
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    assert [r.number for r in panel.rows()] == [2, 1]
    assert panel.table.rowCount() == 2
    assert panel.table.item(0, 0).text() == "2"
    assert len(panel.table.item(0, 4).text()) == 8
    assert panel.table.item(0, 3).text() == "saved"
    assert "working draft is revision 2" in panel.status.text()


def test_the_revisions_of_a_deleted_draft_say_the_draft_is_gone(
    qtbot: QtBot, engine: Engine, draft_id: int
) -> None:
    with db.session_scope(engine) as session:
        draft = motions.get_motion(session=session, motion_id=draft_id)
        motions.delete_motion(session=session, motion_id=draft_id, expected_version=draft.version)
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    assert [r.number for r in panel.rows()] == [2, 1]
    assert panel.status.text() == f"There is no motion number {draft_id}."


def test_compare_two_revisions_marks_the_changed_words(
    qtbot: QtBot, engine: Engine, draft_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import history

    shown: list[str] = []
    monkeypatch.setattr(history, "comparison_html", _spy(history.comparison_html, shown))
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    panel.select_numbers(1, 2)
    assert panel.selected_numbers() == [1, 2]
    assert panel.compare_button.isEnabled()
    panel.compare_button.click()

    html = shown[-1]
    # "surplus" is in two clauses (the background and the second operative clause).
    assert _spans(html, "del") == ["symbolic", "surplus", "surplus"]
    assert _spans(html, "ins") == ["powerful", "spare", "spare"]
    assert "text-decoration: underline" in html and "line-through" in html
    # What the widget shows: both words of each change, the old one struck, the new underlined.
    shown_html = panel.browser.toHtml()
    assert "line-through" in shown_html and "underline" in shown_html
    text = panel.browser.toPlainText()
    assert "Revision 1 → Revision 2" in text
    assert "a powerfulsymbolic" not in text
    assert "symbolicpowerful gesture" in text
    assert "surplusspare fire trucks" in text


def test_one_revision_compares_with_the_working_draft(
    qtbot: QtBot, engine: Engine, draft_id: int
) -> None:
    _change_words(engine, draft_id, [("courage", "bravery")])
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    assert "not saved" in panel.status.text()
    panel.select_numbers(2)
    panel.compare_selected()
    text = panel.browser.toPlainText()
    assert "Revision 2 → Working draft" in text
    assert "couragebravery" in text


def test_open_shows_a_revision_read_only(qtbot: QtBot, engine: Engine, draft_id: int) -> None:
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    panel.select_numbers(1)
    panel.open_button.click()
    assert panel.browser.isReadOnly()
    text = panel.browser.toPlainText()
    assert "a symbolic gesture" in text and "powerful" not in text
    assert "I THEREFORE MOVE that the Council begin the process" in text
    assert 'class="ins"' not in panel.browser.toHtml()


def test_restore_from_the_panel(
    qtbot: QtBot, engine: Engine, draft_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    panel.select_numbers(1)
    with qtbot.waitSignal(panel.restored) as signal:
        panel.restore_button.click()
    assert signal.args == ["motion", draft_id]
    assert asked and "nothing is lost" in asked[0]
    assert [r.number for r in panel.rows()] == [3, 2, 1]
    assert panel.rows()[0].reason == "restored revision 1"
    with Session(engine) as session:
        motion = session.get(m.Motion, draft_id)
        assert motion is not None
        assert any(" symbolic " in c.text for c in motion.clauses)


def test_save_version_button(qtbot: QtBot, engine: Engine, draft_id: int) -> None:
    panel = HistoryPanel(engine, "motion", draft_id)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.saved) as signal:
        panel.save_button.click()
    assert signal.args == [2]
    assert "no new revision" in panel.status.text()
    _change_words(engine, draft_id, [("courage", "bravery")])
    panel.save_action.trigger()
    assert [r.number for r in panel.rows()] == [3, 2, 1]


def _spy(fn: Any, shown: list[str]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> str:
        result = fn(*args, **kwargs)
        shown.append(result)
        return str(result)

    return wrapper
