"""Council rules in the desktop app: presenting for another member in the motion editor,
and past members' seat terms in the people editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from sqlalchemy.engine import Engine
from test_ui_motion_editor import member_id, new_draft, pick, stored

from sistercity_desk import db, people, votes
from ui.editors.motion import MotionEditor
from ui.editors.person import PersonEditor


def test_presented_for_is_set_in_the_motion_editor(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    motion_id = new_draft(demo_engine)
    area = window.area("motions")
    area.refresh()
    assert area.select_record(motion_id)
    editor: MotionEditor = area.editor
    combo = editor.presented_for_combo
    assert combo.accessibleName() == "Presented for"
    assert combo.currentData() is None and "own motion" in combo.currentText()
    # Only members are offered: the mayors of Los Angeles and Kyiv are not.
    offered = {combo.itemText(i) for i in range(combo.count())}
    assert "Nury Martinez" in offered
    assert not offered & {"Eric Garcetti", "Vitali Klitschko"}
    pick(combo, member_id(demo_engine, "Martinez"))
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    assert stored(demo_engine, motion_id).presented_for_id == member_id(demo_engine, "Martinez")
    pick(combo, None)
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    assert stored(demo_engine, motion_id).presented_for_id is None


def test_a_past_member_gets_a_seat_term_in_the_people_editor(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    with db.session_scope(demo_engine) as session:
        ryu = people.create_person(
            session=session, data=people.PersonData(full_name="David Ryu", surname="Ryu")
        )
        ryu_id = ryu.id or 0
    area = window.area("people")
    area.refresh()
    assert area.select_record(ryu_id)
    editor: PersonEditor = area.editor
    assert editor.terms_label.text() == "None recorded"
    editor.add_seat_button.click()
    dialog = editor.seat_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.district_spin.setValue(4)
    dialog.start_edit.setDate(QDate(2015, 7, 1))
    dialog.open_box.setChecked(False)
    assert dialog.end_edit.isEnabled()
    # An overlap with the sitting member is refused in words; the dialog stays open.
    dialog.end_edit.setDate(QDate(2021, 1, 31))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "CD 4 is held by Nithya Raman" in dialog.message.text()
    dialog.end_edit.setDate(QDate(2020, 12, 13))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    assert editor.terms_label.text() == "CD 4, from 1 July 2015 to 13 December 2020"
    with db.session_scope(demo_engine) as session:
        seats = {s.district: s.name for s in votes.seats_for_meeting(session, dt.date(2019, 6, 4))}
    assert seats[4] == "David Ryu"
