"""The editors fit their pane: at 1240 x 780 with the preview on (and at 1920 x 1080) no
button lies outside the visible width and no sideways scroll bar shows, also after the first
save of a new motion; the list elides titles in the middle and Tab leaves it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from sqlalchemy.engine import Engine

from sistercity_desk import db, people


def clipped_buttons(editor: Any) -> list[str]:
    """Buttons of the editor that lie partly outside the visible width of its pane."""
    viewport = editor.scroll_area.viewport()
    found = []
    for button in editor.findChildren(QAbstractButton):
        if not button.isVisibleTo(editor) or button.window() is not editor.window():
            continue
        inside = viewport.isAncestorOf(button)
        frame = viewport if inside else editor
        left = button.mapTo(frame, QPoint(0, 0)).x()
        right = left + button.width()
        if left < 0 or right > frame.width():
            found.append(
                f"{button.text() or button.toolTip()} ({left}..{right} of {frame.width()})"
            )
    return found


def fill_new_motion(editor: Any, engine: Engine) -> None:
    with db.session_scope(engine) as session:
        members = [p.id for p in people.current_members(session=session)]
    editor.title_edit.setText(
        "Sister City / Kyiv, Ukraine / Donation of twelve retired fire engines and equipment"
    )
    editor.mover_combo.setCurrentIndex(editor.mover_combo.findData(members[1]))
    for member in members[2:5]:
        editor.seconders.add(member)
    editor.add_paragraph()
    editor.add_paragraph(kind="operative")


@pytest.mark.parametrize("size", [(1240, 780), (1920, 1080)])
def test_editors_fit_with_the_preview_on(
    qtbot: Any, window: Any, demo_engine: Engine, size: tuple[int, int]
) -> None:
    window.resize(*size)
    assert window.documents.preview_toggle.isChecked()

    motions_area = window.area("motions")
    window.set_area("motions")
    window.new_action.trigger()
    editor = motions_area.editor
    fill_new_motion(editor, demo_engine)
    assert editor.save_now() and editor.record_id() is not None

    def fits() -> bool:
        QApplication.processEvents()
        return not editor.scroll_area.horizontalScrollBar().isVisible() and not clipped_buttons(
            editor
        )

    qtbot.waitUntil(fits)
    assert editor.next_number_button.isVisible()
    assert editor.council.status_button.isVisible()

    agreements_area = window.area("agreements")
    window.set_area("agreements")
    agreements_area.view.setCurrentIndex(agreements_area.view.model().index(0, 0))
    agreement_editor = agreements_area.editor
    assert agreement_editor.is_showing_record()
    qtbot.waitUntil(
        lambda: (
            not agreement_editor.scroll_area.horizontalScrollBar().isVisible()
            and not clipped_buttons(agreement_editor)
        )
    )


def test_list_elides_titles_in_the_middle(window: Any) -> None:
    view = window.area("motions").view
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert not view.tabKeyNavigation()


def test_the_list_grows_with_the_window_to_show_titles(window: Any) -> None:
    area = window.area("motions")
    window.set_area("motions")
    window.resize(1240, 780)
    QApplication.processEvents()
    narrow = area.panel.width()
    window.resize(1920, 1080)
    QApplication.processEvents()
    assert area.panel.width() > narrow
    view = area.view
    from ui.models.motions import MotionListModel

    shown = view.columnWidth(MotionListModel.COL_FILE) + view.columnWidth(MotionListModel.COL_TITLE)
    assert view.viewport().width() >= shown
