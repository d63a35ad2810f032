"""The preview beside the editor: the demo motion's pages, zoom and pages, a re-render after
an edit that records nothing, and words instead of a crash when LibreOffice is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from printhelpers import KYIV_MOTION_ID, count_rows, generated, make_motions
from sqlalchemy.engine import Engine
from tools import require_tool
from uihelpers import type_text

from sistercity_desk import models as m
from sistercity_desk import settings
from ui.preview import STALE_TEXT

RENDER_TIMEOUT = 90_000


@pytest.fixture
def soffice() -> Path:
    return require_tool("soffice")


def test_preview_of_the_demo_motion_shows_one_page(
    qtbot: Any, soffice: Path, window: Any, demo_engine: Engine
) -> None:
    revisions = count_rows(demo_engine, m.Revision)
    pane = window.documents.pane("motions")
    assert window.area("motions").select_record(KYIV_MOTION_ID)
    qtbot.waitUntil(lambda: pane.page_count() == 1, timeout=RENDER_TIMEOUT)
    assert pane.viewer.pages_label.text() == "of 1"
    assert pane.viewer.page_spin.value() == 1
    assert not pane.viewer.next_button.isEnabled()
    assert not pane.stale_label.isVisible()
    shown = pane.shown()
    assert shown.record_id == KYIV_MOTION_ID and shown.kind == "motion"

    # Zoom: fit width by default, then steps in and out, then back to the width.
    viewer = pane.viewer
    assert viewer.is_fit_width() and viewer.zoom_label.text() == "Fit width"
    before = viewer.zoom()
    viewer.zoom_in_button.click()
    assert not viewer.is_fit_width() and viewer.zoom() > before
    viewer.zoom_out_button.click()
    viewer.zoom_out_button.click()
    assert viewer.zoom() < before and viewer.zoom_label.text().endswith("%")
    viewer.fit_button.click()
    assert viewer.is_fit_width()

    # The vote sheet of the same motion.
    with qtbot.waitSignal(pane.rendered, timeout=RENDER_TIMEOUT) as signal:
        pane.set_document("vote-sheet")
    assert signal.args[0].kind == "vote_sheet"
    assert pane.page_count() == 1
    # Previews record nothing.
    assert count_rows(demo_engine, m.Revision) == revisions
    assert generated(demo_engine) == []


def test_agreement_preview_pages_can_be_turned(
    qtbot: Any, soffice: Path, window: Any, demo_engine: Engine
) -> None:
    window.set_area("agreements")
    pane = window.documents.pane("agreements")
    assert window.area("agreements").select_record(1)
    qtbot.waitUntil(lambda: pane.page_count() > 1, timeout=RENDER_TIMEOUT)
    count = pane.page_count()
    assert pane.viewer.pages_label.text() == f"of {count}"
    assert pane.viewer.current_page() == 0 and not pane.viewer.previous_button.isEnabled()
    pane.viewer.next_button.click()
    assert pane.viewer.current_page() == 1 and pane.viewer.page_spin.value() == 2
    pane.viewer.go_to_page(count - 1)
    assert not pane.viewer.next_button.isEnabled()


def test_preview_renders_again_after_an_edit_and_records_nothing(
    qtbot: Any, soffice: Path, make_window: Any, demo_engine: Engine
) -> None:
    (motion_id,) = make_motions(demo_engine, ["Street trees"])
    window = make_window(demo_engine)
    area = window.area("motions")
    pane = window.documents.pane("motions")
    assert area.select_record(motion_id)
    qtbot.waitUntil(lambda: pane.page_count() == 1, timeout=RENDER_TIMEOUT)
    first = pane.shown()
    revisions = count_rows(demo_engine, m.Revision)
    renders: list[Any] = []
    pane.rendered.connect(renders.append)

    type_text(area.editor.title_edit, " and shade")
    # The edit is not saved yet: what is shown is out of date, and says so.
    qtbot.waitUntil(pane.stale_label.isVisible, timeout=2_000)
    assert pane.stale_label.text() == STALE_TEXT
    assert pane.fresh() is None
    qtbot.waitUntil(lambda: bool(renders) and not pane.is_stale(), timeout=RENDER_TIMEOUT)
    assert not pane.stale_label.isVisible()
    # One burst of typing, one save, one render (debounced).
    assert len(renders) == 1
    shown = pane.shown()
    assert shown.fingerprint != first.fingerprint
    assert shown.name.endswith("Street trees and shade")
    assert pane.fresh() is shown
    # Neither a revision nor a generated document per edit.
    assert count_rows(demo_engine, m.Revision) == revisions
    assert generated(demo_engine) == []
    # Only the newest render is kept on disk.
    assert [p.name for p in Path(pane._folder.name).iterdir()] == [shown.pdf.parent.name]


def test_a_new_motion_has_no_preview_until_it_is_saved(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    pane = window.documents.pane("motions")
    window.area("motions").new_record()
    qtbot.waitUntil(lambda: "once the new motion is saved" in pane.message_text(), timeout=5_000)
    assert pane.target() is None


def test_without_libreoffice_the_preview_says_so_and_word_export_works(
    qtbot: Any, make_window: Any, demo_engine: Engine, tmp_path: Path, dialog_log: Any
) -> None:
    missing = tmp_path / "no-office" / "soffice"
    settings.save(settings.Settings(libreoffice_path=str(missing)))
    window = make_window(demo_engine)
    pane = window.documents.pane("motions")
    assert window.area("motions").select_record(KYIV_MOTION_ID)
    qtbot.waitUntil(lambda: "LibreOffice" in pane.message_text(), timeout=RENDER_TIMEOUT)
    text = pane.message_text()
    assert f"LibreOffice was not found at {missing}" in text
    assert "Install LibreOffice" in text and "Save as Word" in text
    assert pane.page_count() == 0 and pane.message.isVisible()
    assert dialog_log.calls == []  # said in the pane, not in a box

    out = tmp_path / "saved" / "kyiv.docx"
    out.parent.mkdir()
    asked: list[tuple[str, Path]] = []

    def ask_save_path(title: str, suggested: Path, fmt: str) -> Path:
        asked.append((title, suggested))
        return out

    window.documents.ask_save_path = ask_save_path
    with qtbot.waitSignal(window.documents.exported, timeout=RENDER_TIMEOUT):
        window.documents.save_docx_action.trigger()
    assert asked[0][0] == "Save the motion as Word"
    assert asked[0][1].name == "Motion 22-9999 Sister City - Kyiv, Ukraine - Nomination Review.docx"
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "I THEREFORE MOVE" in body
    (row,) = generated(demo_engine)
    assert (row.format, row.template, row.record_id) == ("docx", "motion.docx", KYIV_MOTION_ID)
    assert row.path == str(out.resolve()) and row.revision_id is not None

    # Printing needs the PDF: it says why in words, and nothing is recorded.
    window.documents.ask_print = lambda printer: pytest.fail("no print dialog without a PDF")
    window.documents.print_action.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.texts("error")), timeout=RENDER_TIMEOUT)
    assert "Install LibreOffice" in dialog_log.texts("error")[0]
    assert len(generated(demo_engine)) == 1


def test_paragraph_boxes_settle_at_every_width(qtbot: Any) -> None:
    """The preview narrows the editor; at some widths a paragraph box used to grow a line,
    show its scroll bar, shrink, hide it, and so on for ever (until Qt for Python crashed)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from ui.widgets.text_fields import GrowingTextEdit

    class Counter(QObject):
        resizes = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Resize:
                self.resizes += 1
            return False

    holder = QWidget()
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    edit = GrowingTextEdit(holder)
    edit.setPlainText(
        "On February 24, 2022, Russia invaded Ukraine. Kyiv, the capital of Ukraine, has been "
        "under attack since, and its people have defended their city with a courage the world "
        "has watched with admiration."
    )
    column.addWidget(edit)
    column.addStretch(1)
    counter = Counter(holder)
    edit.viewport().installEventFilter(counter)
    holder.show()
    worst = 0
    for width in range(250, 700):
        holder.resize(width, 400)
        before = counter.resizes
        for _ in range(6):
            QApplication.processEvents()
        worst = max(worst, counter.resizes - before)
    assert worst <= 3, worst
