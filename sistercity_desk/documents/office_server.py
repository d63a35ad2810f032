"""The persistent LibreOffice's server side: unoserver run under a Python that has ``uno``.

This file runs in ANOTHER interpreter than the app (Debian's /usr/bin/python3 with
python3-uno, or LibreOffice's own ``program/python``), started by ``converter.py`` with
``-I`` so nothing of the app's environment leaks in; it imports only the standard library
and the unoserver package from the folder given with ``--lib``.

It differs from ``unoserver``'s own command in two ways, both about the app's session:
unoserver's start waits a fixed seven seconds before it serves, where this one serves as
soon as LibreOffice accepts connections; and it stops LibreOffice when the app goes away
(its standard input, a pipe the app holds open, reaches end of file: that happens even
when the app is killed), so no LibreOffice outlives the app.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _accepting(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(office: subprocess.Popen[bytes]) -> None:
    if office.poll() is None:
        office.terminate()
        try:
            office.wait(5)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="office_server")
    parser.add_argument("--lib", required=True, help="a folder holding the unoserver package")
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--uno-port", type=int, required=True)
    parser.add_argument("--profile", required=True, help="LibreOffice's profile folder")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.lib)
    from unoserver.server import UnoServer  # type: ignore[import-untyped, unused-ignore]

    profile = Path(args.profile).as_uri()
    server: Any = UnoServer(
        "127.0.0.1", str(args.port), "127.0.0.1", str(args.uno_port), profile, None, None, None
    )
    accept = (
        f"socket,host=127.0.0.1,port={args.uno_port},tcpNoDelay=1;urp;StarOffice.ComponentContext"
    )
    office = subprocess.Popen(
        [
            args.soffice,
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile}",
            f"--accept={accept}",
        ],
        stdin=subprocess.DEVNULL,
    )
    server.libreoffice_process = office
    gone = threading.Event()

    def watch_parent() -> None:
        try:
            sys.stdin.buffer.read()
        finally:
            gone.set()

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        while not _accepting(args.uno_port):
            if gone.is_set() or office.poll() is not None or time.monotonic() > deadline:
                return 2
            time.sleep(0.05)
        rpc = threading.Thread(target=server.serve, daemon=True)
        rpc.start()
        while not gone.is_set() and office.poll() is None and rpc.is_alive():
            gone.wait(0.2)
        return 0
    finally:
        _stop(office)


if __name__ == "__main__":
    raise SystemExit(main())
