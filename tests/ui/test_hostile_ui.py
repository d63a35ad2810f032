"""A motion with a 1 MB clause in the main window: the window keeps answering while it loads,
while it autosaves, and while one more character is typed (functional responsiveness: a
timer that should tick every 20 ms keeps ticking; no figures are asserted beyond "not frozen")."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from sqlalchemy.engine import Engine
from uihelpers import type_text

from sistercity_desk import db, motions, people

#: About one megabyte of ordinary prose, in paragraphs as a pasted report would have them.
MEGABYTE_CLAUSE = (
    "The Council finds that the partnership between Los Angeles and Kyiv serves the "
    "cultural, economic and humanitarian interests of both cities and their residents. "
) * 6300 + "END"

#: The longest pause of the event loop taken as "still answering" (a person notices a
#: frozen window after a second or so); the test asserts only that it is not frozen.


class Ticker:
    """A QTimer every 20 ms, remembering when each tick came."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))

    def start(self) -> None:
        self.ticks = [time.monotonic()]
        self.timer.start()

    def stop(self) -> tuple[int, float]:
        """The number of ticks, and the longest gap between two (seconds)."""
        self.timer.stop()
        self.ticks.append(time.monotonic())
        gaps = [b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)]
        return len(self.ticks) - 2, max(gaps)


def _motion_with_a_megabyte_clause(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        members = {p.surname: p.id for p in people.current_members(session=session)}
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="A motion with a very long finding",
                mover_id=members["Buscaino"],
                seconder_ids=[members["Raman"]],
                clauses=[
                    motions.ClauseData("recital", MEGABYTE_CLAUSE),
                    motions.ClauseData("operative", "the Council act."),
                ],
            ),
        )
        return motion.id or 0


def test_a_megabyte_clause_loads_and_autosaves_without_freezing_the_window(
    qtbot: Any, make_window: Callable[[Engine], Any], demo_engine: Engine
) -> None:
    assert len(MEGABYTE_CLAUSE.encode()) > 1_000_000
    motion_id = _motion_with_a_megabyte_clause(demo_engine)
    window = make_window(demo_engine)
    window.set_area("motions")
    area = window.area("motions")
    # Panes beside the editor (the document preview) render in the background; converting
    # a 300-page document is not what this test is about.
    for index in range(2, area.splitter.count()):
        area.splitter.widget(index).hide()
    ticker = Ticker()

    # Loading: the editor shows the whole clause, and the window keeps answering.
    ticker.start()
    QTimer.singleShot(100, lambda: area.select_record(motion_id))
    qtbot.waitUntil(lambda: area.editor.record_id() == motion_id, timeout=20_000)
    qtbot.wait(2000)
    ticks, gap = ticker.stop()
    editor = area.editor
    first = editor.paragraphs.widgets()[0]
    assert first.text() == MEGABYTE_CLAUSE
    # The event loop kept running while the clause loaded. How long its longest pause was is a
    # figure for bench/typing.py, not an assertion: it depends on how busy the machine is.
    print(f"loading: {ticks} ticks, longest gap {gap:.2f}s")
    assert ticks > 0

    # Typing one more character at the end: it autosaves, and the window keeps answering.
    cursor = first.text_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    first.text_edit.setTextCursor(cursor)
    ticker.start()
    type_text(first.text_edit, "!")
    qtbot.waitUntil(lambda: not editor.autosave_pending() and not editor.is_dirty(), timeout=20_000)
    qtbot.wait(500)
    ticks, gap = ticker.stop()
    with db.session_scope(demo_engine) as session:
        stored = motions.get_motion(session=session, motion_id=motion_id).clauses[0].text
    assert stored == MEGABYTE_CLAUSE + "!"
    print(f"typing: {ticks} ticks, longest gap {gap:.2f}s")
    assert ticks > 0
