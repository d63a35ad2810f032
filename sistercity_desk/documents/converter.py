"""The persistent converter: one LibreOffice per app session, driven through unoserver.

A new ``soffice`` per conversion costs 1.3-1.9 s (a process and a profile each time); a
LibreOffice kept running converts a one-page document in ~0.15 s. The app calls
``enable()`` at start-up: the server starts in the background, is started again when it
dies, and stops when the app exits. ``pdf.convert_to_pdf`` sends small batches to it and
falls back to one ``soffice`` run per call whenever the server is missing, starting, broken
or busy with a big batch, so a PDF never depends on it.

The server side needs a Python with ``uno``: LibreOffice's own (``program/python`` on
Windows and macOS) or, on Debian, the system's ``/usr/bin/python3`` with python3-uno. It
runs ``office_server.py`` with ``-I`` and a folder holding only the unoserver package, so
nothing of the app's own environment reaches it. It listens on 127.0.0.1 only (unoserver
has no authentication), on free ports.

One per user: the owner holds an exclusive lock on ``office-server.lock`` in the runtime
folder and writes its port beside it; another process of the same user (the command line
while the app is open) uses that server as a client instead of starting its own.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.metadata
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from .. import paths
from ..errors import DeskError
from .soffice import find_soffice

log = logging.getLogger("sistercity_desk.converter")

#: Set to 0 to never use the persistent converter (one soffice run per call).
ENV_SWITCH = "SISTERCITY_OFFICE_SERVER"
#: A Python with ``uno`` to run the server with, when the usual places have none.
ENV_PYTHON = "SISTERCITY_UNO_PYTHON"
LOCK_NAME = "office-server.lock"
INFO_NAME = "office-server.json"
LOG_NAME = "office-server.log"
#: Longest wait for a starting server (a cold LibreOffice takes 1-3 s here).
START_TIMEOUT = 60.0
#: Starts per session before giving up on it (a LibreOffice that keeps dying).
MAX_STARTS = 5
#: Batches bigger than this go to one soffice run: a warm server takes ~0.15 s a document,
#: one run ~1 s plus ~0.08 s a document, so past a dozen the single run wins.
SERVER_BATCH_MAX = 12


class ServerUnavailable(Exception):
    """The persistent server cannot do this conversion: use one soffice run instead."""


class Cancelled(Exception):
    """The caller's ``should_cancel`` said yes while the server converted."""


class TimedOut(Exception):
    """A conversion outlasted its time; the server was stopped (it restarts on next use)."""


def _client_class() -> Any:
    from unoserver.client import UnoClient  # type: ignore[import-untyped, unused-ignore]

    class Client(UnoClient):  # type: ignore[misc, unused-ignore]
        """unoserver's client, but failing at once on a refused connection: its own
        ``_connect`` retries five times ten seconds apart, and we have a fallback."""

        def _connect(self, proxy: Any, retries: int = 1, sleep: float = 0) -> Any:
            return super()._connect(proxy, retries=1, sleep=0)

    return Client


class _Transport(xmlrpc.client.Transport):
    """XML-RPC with a socket timeout, for probing whether the server answers yet."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> Any:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _answers(port: int, timeout: float = 2.0) -> bool:
    """True when the server at ``port`` serves requests (its converter is connected)."""
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", transport=_Transport(timeout))
    try:
        proxy.system.listMethods()
        return True
    except (OSError, xmlrpc.client.Error):
        return False


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@functools.cache
def uno_python(soffice: Path) -> str | None:
    """A Python that can ``import uno``: the one named in SISTERCITY_UNO_PYTHON, LibreOffice's
    own (Windows, macOS), this one, or the system's (Debian's python3-uno)."""
    program = Path(soffice).resolve().parent
    candidates: list[str | Path | None] = [
        os.environ.get(ENV_PYTHON),
        program / "python.exe",
        program / "python",
        program.parent / "Resources" / "python",  # macOS: Contents/MacOS/soffice
        sys.executable,
        "/usr/bin/python3",
        shutil.which("python3"),
    ]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            done = subprocess.run(
                [str(candidate), "-I", "-c", "import uno"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return str(candidate)
    return None


def _unoserver_lib() -> Path:
    """A folder holding only the unoserver package and its metadata (the server reads its own
    version from it), copied from this environment once per version."""
    dist = importlib.metadata.distribution("unoserver")
    folder = paths.cache_dir() / f"unoserver-{dist.version}"
    if (folder / "unoserver" / "server.py").is_file():
        return folder
    package = Path(str(dist.locate_file("unoserver")))
    meta = Path(str(dist.locate_file(f"unoserver-{dist.version}.dist-info")))
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(package, staging / "unoserver", ignore=shutil.ignore_patterns("__pycache__"))
    if meta.is_dir():
        shutil.copytree(meta, staging / meta.name)
    try:
        staging.rename(folder)
    except OSError:  # another process made it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _lock(path: Path) -> IO[str] | None:
    """The exclusive lock on ``path``, or None when another process holds it."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the session
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


class OfficeServer:
    """The persistent LibreOffice of this process (owner), or a client of the user's."""

    def __init__(self, soffice: Path, *, start: bool = True) -> None:
        self.soffice = Path(soffice)
        self._may_start = start
        self._state = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._lock_file: IO[str] | None = None
        self._ready = threading.Event()
        self._starter: threading.Thread | None = None
        self._broken = ""  # why this machine cannot run it (then: always one run per call)
        self._closed = False
        self.starts = 0

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start the server in the background (nothing when it runs or is starting)."""
        with self._state:
            if self._closed or self._broken or not self._may_start:
                return
            if self._starter is not None and self._starter.is_alive():
                return
            if self._process is not None and self._process.poll() is None:
                return
            self._ready.clear()
            self._port = None
            self._starter = threading.Thread(
                target=self._run_start, name="office-server-start", daemon=True
            )
            self._starter.start()

    def _run_start(self) -> None:
        try:
            self._start_blocking()
        except Exception as exc:
            log.warning("The persistent LibreOffice did not start: %s", exc)
            with self._state:
                self._forget_process()

    def _start_blocking(self) -> None:
        runtime = paths.runtime_dir()
        if self._lock_file is None:
            self._lock_file = _lock(runtime / LOCK_NAME)
            if self._lock_file is None:
                return  # another process of this user owns one: _users_port finds it
        python = uno_python(self.soffice)
        if python is None:
            self._broken = (
                "no Python with LibreOffice's uno module was found (Debian: install "
                "python3-uno; or set SISTERCITY_UNO_PYTHON)"
            )
            log.warning("One LibreOffice run per conversion: %s.", self._broken)
            return
        port, uno_port = _free_ports(2)
        profile = paths.cache_dir() / "office-profile"
        profile.mkdir(parents=True, exist_ok=True)
        command = [
            python,
            "-I",
            str(Path(__file__).with_name("office_server.py")),
            "--lib",
            str(_unoserver_lib()),
            "--soffice",
            str(self.soffice),
            "--port",
            str(port),
            "--uno-port",
            str(uno_port),
            "--profile",
            str(profile),
        ]
        with open(runtime / LOG_NAME, "wb") as err:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,  # held open: its end tells the server the app is gone
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=sys.platform != "win32",
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
        with self._state:
            if self._closed:
                _stop_process(process)
                return
            self._process = process
            self.starts += 1
        threading.Thread(
            target=self._watch, args=(process,), name="office-server-watch", daemon=True
        ).start()
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(port, timeout=1.0):
            if process.poll() is not None or self._closed:
                raise RuntimeError(f"it stopped (see {runtime / LOG_NAME})")
            if time.monotonic() > deadline:
                _stop_process(process)
                raise RuntimeError(f"it did not answer within {START_TIMEOUT:.0f} s")
            time.sleep(0.05)
        info = runtime / INFO_NAME
        tmp = info.with_suffix(".tmp")
        tmp.write_text(json.dumps({"port": port, "pid": process.pid}), encoding="utf-8")
        os.replace(tmp, info)
        with self._state:
            self._port = port
            self._ready.set()
        log.info("The persistent LibreOffice answers on 127.0.0.1:%s", port)

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        """Start the server again when it dies (LibreOffice crashed or was killed)."""
        process.wait()
        with self._state:
            if self._process is not process or self._closed:
                return  # stopped on purpose
            log.warning("The persistent LibreOffice stopped (exit %s).", process.returncode)
            self._forget_process()
            if self.starts >= MAX_STARTS:
                self._broken = f"it stopped {self.starts} times"
                log.warning("One LibreOffice run per conversion from now on: %s.", self._broken)
                return
        self.start()

    def _forget_process(self) -> None:
        process, self._process = self._process, None
        self._port = None
        self._ready.clear()
        if process is not None:
            _stop_process(process)

    def shutdown(self) -> None:
        """Stop the server (the app is closing); later conversions run one soffice each."""
        with self._state:
            self._closed = True
            self._forget_process()
            if self._lock_file is not None:
                (paths.runtime_dir() / INFO_NAME).unlink(missing_ok=True)
                self._lock_file.close()
                self._lock_file = None

    def stop(self) -> None:
        """Stop the server now; the next conversion starts it again."""
        with self._state:
            self._forget_process()

    # ------------------------------------------------------------------ state

    def pid(self) -> int | None:
        """The server process (its LibreOffice runs in its process group)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def is_running(self) -> bool:
        return self._ready.is_set() and self.pid() is not None

    def wait_ready(self, timeout: float = START_TIMEOUT) -> bool:
        return self._ready.wait(timeout) and self.pid() is not None

    def reason(self) -> str:
        return self._broken

    def _users_port(self) -> int | None:
        """The port of the server another process of this user runs, if any."""
        runtime = paths.runtime_dir()
        mine = _lock(runtime / LOCK_NAME)
        if mine is not None:  # nobody holds it: no server
            mine.close()
            return None
        try:
            port = int(json.loads((runtime / INFO_NAME).read_text(encoding="utf-8"))["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return port

    def port(
        self, wait: float = START_TIMEOUT, should_cancel: Callable[[], bool] | None = None
    ) -> int:
        """The port to convert through, waiting up to ``wait`` s for a starting server and
        starting a dead one again (that start is not waited for: this call falls back)."""
        if self._closed:
            raise ServerUnavailable("the app is closing")
        if self._broken:
            raise ServerUnavailable(self._broken)
        if self._lock_file is None and self._starter is not None and not self._starter.is_alive():
            # Another process of this user owned the server when this one tried to start.
            port = self._users_port()
            if port is not None:
                return port
        process = self._process
        if process is not None and process.poll() is not None:
            log.warning("The persistent LibreOffice stopped (exit %s); starting it again.",
                        process.returncode)  # fmt: skip
            with self._state:
                if self._process is process:
                    self._forget_process()
            self.start()
            raise ServerUnavailable("it stopped; starting again")
        if not self._ready.is_set():
            if self._may_start:
                self.start()
            elif (port := self._users_port()) is not None:
                return port
            if self._starter is None:
                raise ServerUnavailable("it is not running")
            until = time.monotonic() + wait
            while not self._ready.wait(0.05):
                if should_cancel is not None and should_cancel():
                    raise Cancelled()
                starter = self._starter
                if time.monotonic() > until or starter is None or not starter.is_alive():
                    if self._ready.is_set():
                        break
                    if self._lock_file is None and (port := self._users_port()) is not None:
                        return port  # another process of this user owns the server
                    raise ServerUnavailable("it is not running")
        port = self._port
        if port is None:
            raise ServerUnavailable("it is not running")
        return port

    # ------------------------------------------------------------------ converting

    def convert(
        self,
        source: Path,
        target: Path,
        filter_options: Sequence[str],
        *,
        deadline: float,
        should_cancel: Callable[[], bool] | None = None,
        wait: float = START_TIMEOUT,
    ) -> None:
        """Convert ``source`` to the PDF ``target`` through the server.

        Raises Cancelled (``should_cancel`` said yes: the server finishes the stale job on its
        own, nothing waits for it), TimedOut (past ``deadline``: the server is stopped, to
        start again on next use) or ServerUnavailable (use one soffice run instead)."""
        port = self.port(wait, should_cancel)
        process = self._process
        done = threading.Event()
        failure: list[BaseException] = []

        def call() -> None:
            try:
                client = _client_class()(server="127.0.0.1", port=str(port))
                client.convert(
                    inpath=str(source),
                    outpath=str(target),
                    convert_to="pdf",
                    filter_options=list(filter_options),
                )
            except BaseException as exc:
                failure.append(exc)
            finally:
                done.set()

        threading.Thread(target=call, name="office-server-convert", daemon=True).start()
        while not done.wait(0.02):
            if should_cancel is not None and should_cancel():
                raise Cancelled()
            if process is not None and process.poll() is not None:
                raise ServerUnavailable("it stopped while converting")
            if time.monotonic() > deadline:
                if process is not None:
                    self.stop()
                raise TimedOut()
        if failure:
            if process is not None and process.poll() is not None:
                raise ServerUnavailable("it stopped while converting")
            raise ServerUnavailable(f"{type(failure[0]).__name__}: {failure[0]}")
        if not target.is_file() or target.stat().st_size == 0:
            raise ServerUnavailable("it wrote no PDF")


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    """End the server: closing its standard input makes it stop LibreOffice and exit; a
    process group that lingers is killed."""
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(8)
    if sys.platform == "win32":
        if process.poll() is None:
            process.kill()
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait()


_shared: OfficeServer | None = None
_shared_lock = threading.Lock()


def enabled_by_environment() -> bool:
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def enable(soffice: Path | None = None, *, start: bool = True) -> OfficeServer | None:
    """Use a persistent LibreOffice for this process's conversions.

    ``start``: start one now in the background (the app). Without it (the command line),
    conversions use the server of an app the same user has open, and otherwise run
    soffice once per call, which is faster for a single document than starting a server.
    Returns None when switched off (SISTERCITY_OFFICE_SERVER=0) or LibreOffice is missing.
    """
    global _shared
    if not enabled_by_environment():
        return None
    if soffice is None:
        try:
            soffice = find_soffice()
        except DeskError:  # no LibreOffice (or settings that cannot be read): per call
            return None
    with _shared_lock:
        if _shared is None or _shared._closed or _shared.soffice != Path(soffice):
            if _shared is not None:
                _shared.shutdown()
            _shared = OfficeServer(Path(soffice), start=start)
        server = _shared
    if start:
        server.start()
    return server


def shared() -> OfficeServer | None:
    """The persistent converter of this process, when ``enable`` was called."""
    server = _shared
    return server if server is not None and not server._closed else None


def shutdown() -> None:
    """Stop this process's server (at exit; also registered with atexit)."""
    global _shared
    with _shared_lock:
        server, _shared = _shared, None
    if server is not None:
        server.shutdown()


atexit.register(shutdown)


def group_processes(pgid: int) -> list[tuple[int, str]]:
    """(pid, name) of the live processes of process group ``pgid``: the server and its
    LibreOffice (Linux, from /proc; empty elsewhere). For tests and diagnostics."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append((int(stat.parent.name), name))
    return sorted(found)
