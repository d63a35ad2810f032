"""The preview follows the typing: the working draft is rendered after a short pause without
waiting for the autosave, a newer edit cancels an older conversion, the page and scroll
position stay, and a LibreOffice that dies mid-preview costs nothing but time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from printhelpers import count_rows, make_motions
from sqlalchemy.engine import Engine
from sqlmodel import Session
from tools import missing_tool, require_tool
from uihelpers import DialogLog, type_text

from sistercity_desk import models as m
from sistercity_desk import motions, opening, paths
from sistercity_desk.documents import converter

pytestmark = pytest.mark.libreoffice

RENDER_TIMEOUT = 90_000


@pytest.fixture
def server() -> Iterator[converter.OfficeServer]:
    soffice = require_tool("soffice")
    if converter.uno_python(soffice) is None:
        missing_tool("python3-uno", "no Python with LibreOffice's uno module")
    started = converter.enable(soffice)
    assert started is not None
    assert started.wait_ready(90), started.reason()
    yield started
    pid = started.pid()
    converter.shutdown()
    if pid is not None:
        assert converter.group_processes(pid) == []


def _title(engine: Engine, motion_id: int) -> str:
    with Session(engine) as session:
        return motions.get_motion(session=session, motion_id=motion_id).title


def test_the_working_draft_is_shown_before_it_is_saved(
    qtbot: Any, server: converter.OfficeServer, make_window: Any, demo_engine: Engine
) -> None:
    (motion_id,) = make_motions(demo_engine, ["Street trees"])
    window = make_window(demo_engine)
    area = window.area("motions")
    pane = window.documents.pane("motions")
    assert area.select_record(motion_id)
    qtbot.waitUntil(lambda: pane.page_count() == 1, timeout=RENDER_TIMEOUT)
    area.editor._timer.setInterval(3_600_000)  # no autosave during this test
    revisions = count_rows(demo_engine, m.Revision)

    type_text(area.editor.title_edit, " and shade")
    qtbot.waitUntil(
        lambda: pane.fresh() is not None and pane.shown().name.endswith("and shade"),
        timeout=RENDER_TIMEOUT,
    )
    assert area.editor.is_dirty()  # shown, not saved
    assert _title(demo_engine, motion_id) == "Street trees"
    assert count_rows(demo_engine, m.Revision) == revisions
    assert area.editor.flush()
    assert _title(demo_engine, motion_id) == "Street trees and shade"


def test_a_newer_edit_cancels_the_conversion_under_way(
    qtbot: Any, server: converter.OfficeServer, make_window: Any, demo_engine: Engine
) -> None:
    (motion_id,) = make_motions(demo_engine, ["Bike lanes"])
    window = make_window(demo_engine)
    area = window.area("motions")
    pane = window.documents.pane("motions")
    assert area.select_record(motion_id)
    qtbot.waitUntil(lambda: pane.page_count() == 1, timeout=RENDER_TIMEOUT)
    area.editor._timer.setInterval(3_600_000)
    shown: list[Any] = []
    pane.rendered.connect(shown.append)

    type_text(area.editor.title_edit, " east")
    qtbot.waitUntil(lambda: pane._running is not None, timeout=RENDER_TIMEOUT)
    first = pane._running
    type_text(area.editor.title_edit, " and west")
    pane._timer.stop()
    pane._start()  # the pause is over while the first conversion still runs
    assert first.cancelled
    qtbot.waitUntil(
        lambda: pane.fresh() is not None and pane.shown().name.endswith("east and west"),
        timeout=RENDER_TIMEOUT,
    )
    assert [r.name.endswith("east and west") for r in shown][-1]


def test_the_page_and_scroll_position_stay(
    qtbot: Any, server: converter.OfficeServer, make_window: Any, demo_engine: Engine
) -> None:
    window = make_window(demo_engine)
    window.resize(1400, 900)
    window.set_area("agreements")
    area = window.area("agreements")
    pane = window.documents.pane("agreements")
    assert area.select_record(1)
    qtbot.waitUntil(lambda: pane.page_count() > 1, timeout=RENDER_TIMEOUT)
    area.editor._timer.setInterval(3_600_000)
    pane.viewer.go_to_page(1)
    bar = pane.viewer.view.verticalScrollBar()
    bar.setValue(bar.value() + 40)
    page, position = pane.viewer.current_page(), pane.viewer.scroll_position()
    assert page == 1

    type_text(area.editor.preamble_edits[0], " Together.")
    qtbot.waitUntil(lambda: pane._wanted > 0 and pane.is_stale(), timeout=5_000)
    qtbot.waitUntil(lambda: pane.fresh() is not None, timeout=RENDER_TIMEOUT)
    assert pane.viewer.current_page() == page
    assert pane.viewer.scroll_position() == position


def test_libreoffice_killed_mid_preview_the_next_preview_still_appears(
    qtbot: Any,
    server: converter.OfficeServer,
    make_window: Any,
    demo_engine: Engine,
    dialog_log: DialogLog,
) -> None:
    (motion_id,) = make_motions(demo_engine, ["Harbour"])
    window = make_window(demo_engine)
    area = window.area("motions")
    pane = window.documents.pane("motions")
    assert area.select_record(motion_id)
    qtbot.waitUntil(lambda: pane.page_count() == 1, timeout=RENDER_TIMEOUT)
    area.editor._timer.setInterval(3_600_000)
    first_pid = server.pid()
    assert first_pid is not None

    type_text(area.editor.title_edit, " lights")
    qtbot.waitUntil(lambda: pane._running is not None, timeout=RENDER_TIMEOUT)
    for pid, name in converter.group_processes(first_pid):
        if name.startswith("soffice"):
            os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(
        lambda: pane.fresh() is not None and pane.shown().name.endswith("lights"),
        timeout=RENDER_TIMEOUT,
    )
    # The server starts again; the next edit's preview comes through it.
    qtbot.waitUntil(lambda: server.starts == 2 and server.is_running(), timeout=RENDER_TIMEOUT)
    type_text(area.editor.title_edit, " and bells")
    qtbot.waitUntil(
        lambda: pane.fresh() is not None and pane.shown().name.endswith("and bells"),
        timeout=RENDER_TIMEOUT,
    )
    assert dialog_log.calls == []
    assert pane.message_text() == ""
    assert converter.group_processes(first_pid) == []


def test_no_libreoffice_outlives_the_app_even_when_it_is_killed(
    db_path: Path, tmp_path: Path
) -> None:
    """The app is killed outright (no clean exit): its LibreOffice stops by itself."""
    soffice = require_tool("soffice")
    if converter.uno_python(soffice) is None:
        missing_tool("python3-uno", "no Python with LibreOffice's uno module")
    engine = opening.open_database(str(db_path))
    engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    main = Path(__file__).resolve().parents[2] / "main.py"
    app = subprocess.Popen([sys.executable, str(main), "--db", str(db_path)], env=env)
    info = paths.runtime_dir() / converter.INFO_NAME
    try:
        deadline = time.monotonic() + 120
        while not info.is_file():
            assert app.poll() is None, "the app stopped"
            assert time.monotonic() < deadline, "the app's LibreOffice did not start"
            time.sleep(0.1)
        server_pid = int(json.loads(info.read_text())["pid"])
        assert any(n.startswith("soffice") for _, n in converter.group_processes(server_pid))
    finally:
        app.kill()
        app.wait()
    deadline = time.monotonic() + 30
    while converter.group_processes(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert converter.group_processes(server_pid) == []
