"""Meeting packets from the window: motions picked in the list or by meeting date, pages in
order, Cancel midway leaving no file while the window keeps running, problems per item."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from printhelpers import KYIV_MOTION_ID, generated, make_motions, pdf_pages
from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from sqlalchemy.engine import Engine
from tools import require_tool

from sistercity_desk import db
from sistercity_desk import models as m
from ui.packet import PacketChoice, PacketDialog, progress_text

RENDER_TIMEOUT = 120_000


@pytest.fixture
def soffice() -> Path:
    return require_tool("soffice")


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder, for this test alone: to see what is left in it."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(temp: Path) -> list[str]:
    # The window's own preview and print folders live until it closes; nothing else may.
    return sorted(
        p.name
        for p in temp.iterdir()
        if not p.name.startswith(("sistercity-preview-", "sistercity-print-"))
    )


def select_motions(window: Any, ids: list[int]) -> None:
    area = window.area("motions")
    selection = area.view.selectionModel()
    selection.clearSelection()
    for motion_id in ids:
        index = area._row_of(motion_id)
        assert index.isValid()
        selection.select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )


def test_packet_of_three_selected_motions_has_its_pages_in_order(
    qtbot: Any, soffice: Path, make_window: Any, demo_engine: Engine, tmp_path: Path, temp_dir: Path
) -> None:
    ids = make_motions(demo_engine, ["Alpha item", "Bravo item", "Charlie item"])
    window = make_window(demo_engine)
    tools = window.documents
    # The list shows the newest first; pick them in Council File order.
    area = window.area("motions")
    area.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    select_motions(window, ids)
    assert tools.selected_motion_ids() == ids

    dialogs_seen: list[PacketDialog] = []

    def ask_packet(selected: list[int]) -> PacketChoice:
        dialog = PacketDialog(demo_engine, selected, window)
        dialogs_seen.append(dialog)
        return dialog.choice()

    out = tmp_path / "out" / "packet.pdf"
    out.parent.mkdir()
    suggested: list[Path] = []
    tools.ask_packet = ask_packet
    tools.ask_save_path = lambda title, default, fmt: suggested.append(default) or out
    progress: list[tuple[int, int, str]] = []
    tools.packets.progressed.connect(lambda d, t, text: progress.append((d, t, text)))
    with qtbot.waitSignal(tools.packets.finished, timeout=RENDER_TIMEOUT):
        tools.packet_action.trigger()
    assert dialogs_seen[0].selection_radio.isChecked()
    assert dialogs_seen[0].title_edit.text() == "Motions for the vote"
    assert suggested[0].name == "Motions for the vote.pdf"

    pages = pdf_pages(out)
    assert len(pages) == 7
    cover = pages[0]
    assert "MOTIONS FOR THE VOTE" in cover.upper()
    assert cover.index("Alpha item") < cover.index("Bravo item") < cover.index("Charlie item")
    for n, word in enumerate(("Alpha", "Bravo", "Charlie")):
        motion_page, sheet_page = pages[1 + 2 * n], pages[2 + 2 * n]
        assert "MOTION" in motion_page and f"The {word} item paragraph." in motion_page
        assert "ROLL CALL VOTE" in sheet_page and f"22-05{n + 1:02d}" in sheet_page
    texts = [text for _, _, text in progress]
    assert "Rendering 2 of 3: Vote sheet of motion" in " ".join(texts)
    assert texts[-1] == "Done."
    assert sorted(p.name for p in out.parent.iterdir()) == ["packet.pdf"]
    assert leftovers(temp_dir) == []

    # It is shown, ready to print; a print is recorded for each motion in it.
    (shown,) = tools.packets.windows
    assert shown.viewer.page_count() == 7
    assert tools.packets.progress is None  # the progress dialog is gone
    printed = tmp_path / "printed.pdf"

    def ask_print(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    tools.ask_print = ask_print
    with qtbot.waitSignal(tools.printed, timeout=RENDER_TIMEOUT):
        assert shown.print_packet()
    assert len(pdf_pages(printed)) == 7
    rows = generated(demo_engine)
    made = [r for r in rows if r.format == "pdf"]
    prints = [r for r in rows if r.format == "print"]
    assert sorted(r.record_id for r in made) == sorted(ids)
    assert sorted(r.record_id for r in prints) == sorted(ids)
    assert {r.path for r in prints} == {str(printed.resolve())}

    # Saved a copy elsewhere: recorded too.
    copy = tmp_path / "copy.pdf"
    tools.ask_save_path = lambda title, default, fmt: copy
    with qtbot.waitSignal(tools.exported, timeout=RENDER_TIMEOUT):
        assert shown.save_copy() == copy
    assert copy.read_bytes() == out.read_bytes()
    assert len([r for r in generated(demo_engine) if r.path == str(copy.resolve())]) == 3
    shown.close()


def test_cancelling_a_twenty_item_packet_leaves_no_file_and_the_window_keeps_running(
    qtbot: Any, soffice: Path, make_window: Any, demo_engine: Engine, tmp_path: Path, temp_dir: Path
) -> None:
    ids = make_motions(demo_engine, [f"Item {n}" for n in range(1, 21)])
    window = make_window(demo_engine)
    tools = window.documents
    out = tmp_path / "out" / "packet.pdf"
    out.parent.mkdir()

    ticks = [0]
    ticker = QTimer(window)
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    ticker.start()

    seen: list[int] = []
    ticks_at: list[int] = []

    def on_progress(done: int, total: int, text: str) -> None:
        seen.append(done)
        ticks_at.append(ticks[0])
        if len(seen) == 2:
            # The person presses Cancel on the progress dialog.
            dialog = tools.packets.progress
            assert isinstance(dialog, QProgressDialog) and dialog.isVisible()
            (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
            button.click()

    tools.packets.progressed.connect(on_progress)
    start = ticks[0]
    assert tools.packets.start(ids, out, "Twenty") is not None
    with qtbot.waitSignal(tools.packets.failed, timeout=RENDER_TIMEOUT) as failed:
        pass
    ticker.stop()
    assert failed.args == ["The packet was cancelled; no file was written."]
    assert window.statusBar().currentMessage() == failed.args[0]
    # Stopped between steps (the packet failed as cancelled, so before its end); how many
    # more items the worker made before it saw the cancel depends on the machine's load.
    assert seen[:2] == [0, 1]
    # The event loop kept turning while the packet was being made.
    assert ticks_at[0] > start and ticks[0] > ticks_at[0]
    assert list(out.parent.iterdir()) == []
    assert leftovers(temp_dir) == []
    assert tools.packets.progress is None and tools.packets.windows == []
    assert [r for r in generated(demo_engine) if r.template == "packet"] == []
    assert window.isVisible() and QApplication.activeModalWidget() is None


def test_a_problem_with_an_item_is_named_and_no_file_is_made(
    qtbot: Any, make_window: Any, demo_engine: Engine, tmp_path: Path, dialog_log: Any
) -> None:
    good, bad = make_motions(demo_engine, ["Fine item", "Broken item"])
    with db.session_scope(demo_engine) as session:
        motion = session.get(m.Motion, bad)
        assert motion is not None
        motion.mover_id = None
    window = make_window(demo_engine)
    tools = window.documents
    out = tmp_path / "packet.pdf"
    with qtbot.waitSignal(tools.packets.failed, timeout=RENDER_TIMEOUT) as failed:
        tools.packets.start([good, bad], out, "Two")
    message = failed.args[0]
    assert message.startswith("The packet was not made. Fix these motions, or leave them out:")
    assert f"Item 2, motion {bad} “Broken item”:" in message
    assert "Item 1" not in message
    assert dialog_log.texts("error") == [f"The packet was not made: {message}"]
    assert not out.exists()


def test_packet_dialog_picks_the_motions_of_a_meeting(
    qtbot: Any, make_window: Any, demo_engine: Engine
) -> None:
    (later,) = make_motions(demo_engine, ["Introduced at the meeting"])
    with db.session_scope(demo_engine) as session:
        motion = session.get(m.Motion, later)
        assert motion is not None
        motion.introduced_on = dt.date(2022, 3, 25)
    window = make_window(demo_engine)
    dialog = PacketDialog(demo_engine, [], window)
    qtbot.addWidget(dialog)
    # Nothing selected: the meeting of the latest vote is offered.
    assert not dialog.selection_radio.isEnabled() and dialog.meeting_radio.isChecked()
    assert dialog.meeting_day() == dt.date(2022, 3, 25)
    assert dialog.choice() == PacketChoice(
        [later, KYIV_MOTION_ID], "Council meeting of March 25, 2022", dt.date(2022, 3, 25)
    )  # Council File order: 22-0501, then 22-9999; the cover is dated for that meeting
    assert dialog.make_button.isEnabled()
    dialog.items.item(0).setCheckState(dialog.items.item(0).checkState().Unchecked)
    assert dialog.choice().motion_ids == [KYIV_MOTION_ID]
    dialog.use_meeting(dt.date(2021, 1, 1))
    assert dialog.choice().motion_ids == [] and not dialog.make_button.isEnabled()
    assert "No motion was voted on or introduced that day" in dialog.empty_label.text()


def test_packet_cover_date_defaults_to_the_next_meeting_and_can_be_chosen(
    qtbot: Any, make_window: Any, demo_engine: Engine
) -> None:
    from sistercity_desk.documents.context import next_meeting, office_profile

    window = make_window(demo_engine)
    dialog = PacketDialog(demo_engine, [KYIV_MOTION_ID], window)
    qtbot.addWidget(dialog)
    with db.session_scope(demo_engine) as session:
        upcoming = next_meeting(office_profile(session), dt.date.today())
    assert dialog.choice().meeting_date == upcoming
    dialog.cover_date_edit.setDate(QDate(2022, 3, 29))
    assert dialog.choice().meeting_date == dt.date(2022, 3, 29)


def test_progress_says_which_item_of_how_many() -> None:
    assert progress_text(0, 43, "Cover page", 20).startswith("Rendering the cover page")
    assert progress_text(5, 43, "Motion 9", 20) == "Rendering 3 of 20: Motion 9…"
    assert progress_text(6, 43, "Vote sheet of motion 9", 20) == (
        "Rendering 3 of 20: Vote sheet of motion 9…"
    )
    assert progress_text(41, 43, "Converting to PDF", 20).startswith("Converting 41 documents")
    assert progress_text(42, 43, "Joining the pages", 20) == "Joining the pages…"
    assert progress_text(43, 43, "Done", 20) == "Done."
