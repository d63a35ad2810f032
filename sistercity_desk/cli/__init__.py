"""The command line: ``sistercity [--db URL] COMMAND``. Exit 0 ok, 1 user error, 2 bad usage."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Engine

from .. import __version__, opening
from ..errors import DeskError

#: Modules that add commands; each has ``register(subparsers)``.
COMMAND_MODULES = (
    "data",
    "documents",
    "council",
    "members",
    "history",
    "maintenance",
    "importing",
    "accessibility",
)

Handler = Callable[[argparse.Namespace, "Context"], int]


class Context:
    """What a command gets: the parsed --db, and the database opened on first use."""

    def __init__(self, db_arg: str | None) -> None:
        self.db_arg = db_arg
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = opening.open_database(self.db_arg, progress=_progress)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog="sistercity",
        description="SisterCity Desk on the command line: drafts, council action, documents.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database: a SQLAlchemy URL or a SQLite file path (default: $SISTERCITY_DB, "
        "the settings, or the file in the user's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(args.db)
    from ..documents import converter

    # The open app's LibreOffice, when there is one; a command never starts its own (one
    # soffice run is quicker for what one command converts).
    converter.enable(start=False)
    guarded = _GuardedOutput(sys.stdout)
    sys.stdout = guarded
    try:
        handler: Handler = args.handler
        code = handler(args, ctx)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`sistercity show motion 1 | head`): what it wanted was read,
        # and the command had finished or only printing was left. Say nothing, and keep
        # Python from complaining again when it flushes stdout at exit.
        _silence_stdout()
        return 0
    except DeskError as exc:
        print(f"sistercity: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sistercity: interrupted.", file=sys.stderr)
        return 1
    except Exception as exc:
        # A fault of the program, not of the input: keep the details in the log, not on screen.
        log = _log_exception(exc)
        print(
            f"sistercity: an unexpected error stopped the command ({type(exc).__name__}). "
            f"Nothing was half-written; details are in {log}.",
            file=sys.stderr,
        )
        return 1
    finally:
        sys.stdout = guarded.stream
        if guarded.broken:
            _silence_stdout()
        converter.shutdown()
        ctx.close()


class _GuardedOutput:
    """stdout for a command: when the reader goes away mid-command (a pipe into ``head``),
    the rest of the output is dropped instead of failing the command, which then finishes
    and commits as it would have."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return int(self.stream.write(text))
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _progress(line: str) -> None:
    """A long step (a schema upgrade) says what it is doing, on stderr so output stays clean."""
    print(f"sistercity: {line}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _log_exception(exc: BaseException) -> str:
    import logging
    import logging.handlers

    from .. import paths

    path = paths.log_dir() / "sistercity.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3)
    logger = logging.getLogger("sistercity_desk.cli")
    logger.addHandler(handler)
    try:
        logger.error("command failed", exc_info=exc)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return str(path)


def print_json(data: Any) -> None:
    """What a command's --json prints: indented, non-ASCII kept as it is."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def run() -> None:
    sys.exit(main())
