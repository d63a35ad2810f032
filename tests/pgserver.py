"""A throwaway PostgreSQL server for the test run: its own folder, 127.0.0.1 only, trust auth."""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: Where Debian puts each major version's programs; the newest one present is used.
DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"

#: A role that must log in with a password (scram), for tests of stored passwords; every
#: other role is trusted from 127.0.0.1.
PASSWORD_ROLE = "desk_secret"

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = sorted(
        (p for p in Path("/").glob(DEBIAN_BINDIRS.lstrip("/")) if (p / "pg_ctl").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    if candidates:
        return candidates[0]
    found = shutil.which("pg_ctl")
    if found and Path(found).resolve().with_name("initdb").exists():
        return Path(found).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int = 0
    run_as: list[str] = field(default_factory=list)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    # ------------------------------------------------------------------ life cycle

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # cwd: the postgres user cannot enter root's working folder, and initdb complains.
        return subprocess.run(
            [*self.run_as, *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def init(self) -> None:
        result = self._run(
            str(self.bindir / "initdb"),
            "-D", str(self.datadir),
            "-U", "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        with (self.datadir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                "\n# test server: TCP on 127.0.0.1 only, no Unix socket, durability off for speed\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "max_connections = 60\n"
            )
        # First match wins: the password role must use scram, everyone else is trusted.
        (self.datadir / "pg_hba.conf").write_text(
            f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n",
            encoding="utf-8",
        )

    def start(self) -> None:
        last = ""
        for _attempt in range(5):
            # Another program can take the port between choosing and binding: try again.
            self.port = _free_port()
            result = self._run(
                str(self.bindir / "pg_ctl"),
                "start", "-w", "-t", "60",
                "-D", str(self.datadir),
                "-l", str(self.logfile),
                "-o", f"-p {self.port}",
            )  # fmt: skip
            if result.returncode == 0:
                return
            last = result.stdout + result.stderr
            if self.logfile.exists():
                last += self.logfile.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"PostgreSQL did not start:\n{last}")

    def stop(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self._run(
                str(self.bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.datadir)
            )

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------ databases

    def url(self, dbname: str, user: str = "postgres", password: str | None = None) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, *statements: str, dbname: str = "postgres") -> None:
        """Run statements as the superuser outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None, prefix: str = "t") -> str:
        """A new database (a copy of ``template`` when given); returns its name."""
        name = f"{prefix}_{os.getpid()}_{next(self._counter)}"
        assert _NAME.match(name) and (template is None or _NAME.match(template))
        clause = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        self.execute(f"CREATE DATABASE {name}{clause}")
        return name

    def drop_database(self, name: str) -> None:
        assert _NAME.match(name)
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server() -> PgServer:
    """Initialise and start a server in a new temp folder. Raises FileNotFoundError when
    PostgreSQL is not installed (the caller decides whether that skips or fails) and
    RuntimeError when it is installed but does not start."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL's initdb/pg_ctl are not installed")
    # /tmp rather than pytest's temp folder: the server runs as the postgres user, who may
    # not enter root's private pytest folders.
    root = Path(tempfile.mkdtemp(prefix="sistercity-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: hand the folder to the postgres system user.
        try:
            account = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise FileNotFoundError("running as root and there is no 'postgres' user") from exc
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        os.chown(root, account.pw_uid, account.pw_gid)
        run_as = [runuser, "-u", "postgres", "--"]
    os.chmod(root, 0o700)
    server = PgServer(bindir=bindir, root=root, run_as=run_as)
    try:
        server.init()
        server.start()
    except BaseException:
        server.stop()
        server.remove()
        raise
    return server
