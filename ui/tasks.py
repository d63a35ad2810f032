"""Slow work off the GUI thread: one helper, QThreadPool + QRunnable reporting by signals.

A task is a plain function ``fn(ctx) -> result``. It runs on a worker thread with its OWN
database session (``ctx.session``, committed when ``fn`` returns, rolled back when it raises)
and must return plain data: never touch a widget, and never hand back ORM objects bound to
that session. The callbacks (``on_success``, ``on_failure``, ``on_progress``) run on the GUI
thread. ``ctx.progress(done, total, text)`` reports progress; ``ctx.cancelled`` /
``ctx.check_cancelled()`` let a long task stop early when someone cancels it.

    runner = TaskRunner(engine, parent=window)
    handle = runner.submit(
        lambda ctx: render_packet(session=ctx.session, ..., progress=ctx.progress),
        on_success=self._on_packet_ready,
        on_failure=self._on_packet_failed,   # receives the exception (DeskError: show it)
        on_progress=self._on_packet_progress, # (done, total, text)
    )
    handle.cancel()
    runner.shutdown()   # in closeEvent / teardown: cancels and waits, nothing outlives the window
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    # Only for annotations: the window imports this module before the database libraries
    # are loaded (its first paint does not wait for them).
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


class Cancelled(Exception):
    """Raised inside a task by ``ctx.check_cancelled()`` after someone cancelled it."""


@dataclass
class TaskContext:
    """What a task function receives (on the worker thread)."""

    task_id: int
    _cancel: threading.Event
    _report: Callable[[int, int, str], None]
    session: Session | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("The task was cancelled.")

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        self._report(done, total, text)


@dataclass
class _Callbacks:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None


@dataclass
class TaskHandle:
    """A submitted task: cancel it, or ask whether it finished."""

    task_id: int
    description: str
    _cancel: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    #: Set on the worker thread when the function returned or raised (its callbacks are
    #: still queued for the GUI thread then); ``outcome`` holds (result, exception).
    finished: threading.Event = field(default_factory=threading.Event)
    outcome: tuple[Any, BaseException | None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Job(QRunnable):
    def __init__(
        self,
        runner: TaskRunner,
        handle: TaskHandle,
        fn: Callable[[TaskContext], Any],
        engine: Engine | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._handle = handle
        self._fn = fn
        self._engine = engine

    def run(self) -> None:
        task_id = self._handle.task_id
        runner = self._runner

        def report(done: int, total: int, text: str) -> None:
            runner.progressed.emit(task_id, done, total, text)

        ctx = TaskContext(task_id, self._handle._cancel, report)
        try:
            ctx.check_cancelled()
            if self._engine is not None:
                from sistercity_desk import db

                with db.session_scope(self._engine) as session:
                    ctx.session = session
                    result = self._fn(ctx)
            else:
                result = self._fn(ctx)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self._handle.outcome = (None, exc)
            self._handle.finished.set()
            runner.failed.emit(task_id, exc)
        else:
            self._handle.outcome = (result, None)
            self._handle.finished.set()
            runner.succeeded.emit(task_id, result)


class TaskRunner(QObject):
    """Runs tasks on its own thread pool; delivers results on the GUI thread."""

    # Emitted from worker threads; connected to this object's slots, so Qt queues them onto
    # the GUI thread this object lives in.
    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int, str)
    #: Emitted on the GUI thread when a task ended, however it ended.
    task_finished = Signal(int)

    def __init__(
        self, engine: Engine | None = None, parent: QObject | None = None, max_threads: int = 2
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks] = {}
        self._handles: dict[int, TaskHandle] = {}
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)
        self.progressed.connect(self._on_progressed)

    def set_engine(self, engine: Engine | None) -> None:
        """The database the tasks' sessions use (the window gets it after its first paint)."""
        self._engine = engine

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        with_session: bool = True,
        description: str = "",
    ) -> TaskHandle:
        """Run ``fn(ctx)`` on a worker thread (with a session of its own unless
        ``with_session`` is False). Without ``on_failure``, a failure goes to the app's
        handler for unexpected errors (a DeskError is shown in words there)."""
        handle = TaskHandle(next(self._ids), description)
        self._handles[handle.task_id] = handle
        self._callbacks[handle.task_id] = _Callbacks(on_success, on_failure, on_progress)
        engine = self._engine if with_session else None
        self._pool.start(_Job(self, handle, fn, engine))
        return handle

    def active_count(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return len(self._handles)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (callbacks may still be queued)."""
        return self._pool.waitForDone(msecs)

    def cancel_all(self) -> None:
        for handle in self._handles.values():
            handle.cancel()

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Cancel everything and wait for the workers: call from closeEvent and teardown."""
        self.cancel_all()
        self._pool.clear()
        done = self._pool.waitForDone(msecs)
        self._callbacks.clear()
        self._handles.clear()
        return done

    def _finish(self, task_id: int) -> _Callbacks | None:
        handle = self._handles.pop(task_id, None)
        if handle is not None:
            handle.done = True
        return self._callbacks.pop(task_id, None)

    @Slot(int, object)
    def _on_succeeded(self, task_id: int, result: object) -> None:
        callbacks = self._finish(task_id)
        try:
            if callbacks is not None and callbacks.on_success is not None:
                callbacks.on_success(result)
        finally:
            self.task_finished.emit(task_id)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        callbacks = self._finish(task_id)
        try:
            if callbacks is None:
                return  # shut down meanwhile: nobody is waiting for this result
            if callbacks.on_failure is not None:
                callbacks.on_failure(exc)
            elif not isinstance(exc, Cancelled):
                sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            self.task_finished.emit(task_id)

    @Slot(int, int, int, str)
    def _on_progressed(self, task_id: int, done: int, total: int, text: str) -> None:
        callbacks = self._callbacks.get(task_id)
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(done, total, text)
