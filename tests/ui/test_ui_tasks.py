"""The background-task helper: results on the GUI thread, own sessions, failures, progress,
cancel, and nothing left running after shutdown."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.engine import Engine

from sistercity_desk import cities
from sistercity_desk.errors import Invalid
from ui.tasks import Cancelled, TaskContext, TaskRunner


def test_success_runs_on_the_gui_thread_with_plain_data(qtbot: Any, demo_engine: Engine) -> None:
    runner = TaskRunner(demo_engine)
    threads: dict[str, int] = {}
    results: list[object] = []

    def work(ctx: TaskContext) -> list[str]:
        threads["worker"] = threading.get_ident()
        assert ctx.session is not None
        return [row.name for row in cities.registry(session=ctx.session)]

    def done(result: object) -> None:
        threads["callback"] = threading.get_ident()
        results.append(result)

    runner.submit(work, on_success=done)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert threads["callback"] == threading.get_ident()
    assert threads["worker"] != threads["callback"]
    assert results[0][0] == "Nagoya"  # type: ignore[index]
    assert runner.active_count() == 0
    assert runner.shutdown()


def test_failure_and_progress(qtbot: Any, demo_engine: Engine) -> None:
    runner = TaskRunner(demo_engine)
    progress: list[tuple[int, int, str]] = []
    failures: list[BaseException] = []

    def work(ctx: TaskContext) -> None:
        for i in range(3):
            ctx.progress(i + 1, 3, f"step {i + 1}")
        raise Invalid("Nothing to print: the packet is empty.")

    runner.submit(work, on_progress=lambda *a: progress.append(a), on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Invalid)
    assert str(failures[0]) == "Nothing to print: the packet is empty."
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert runner.shutdown()


def test_cancel_stops_a_long_task(qtbot: Any) -> None:
    runner = TaskRunner(None)
    started = threading.Event()
    failures: list[BaseException] = []

    def work(ctx: TaskContext) -> None:
        started.set()
        while True:
            ctx.check_cancelled()
            threading.Event().wait(0.01)

    handle = runner.submit(work, with_session=False, on_failure=failures.append)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled)
    assert handle.done
    assert runner.shutdown()


def test_shutdown_cancels_and_waits(qtbot: Any) -> None:
    runner = TaskRunner(None, max_threads=1)
    seen_cancel = threading.Event()
    started = threading.Event()

    def work(ctx: TaskContext) -> None:
        started.set()
        while not ctx.cancelled:
            threading.Event().wait(0.01)
        seen_cancel.set()

    runner.submit(work, with_session=False)
    queued = runner.submit(work, with_session=False)  # waits for the one thread
    assert started.wait(5)
    assert runner.shutdown(5000)
    assert queued.cancelled
    assert seen_cancel.is_set()
    assert runner.active_count() == 0
