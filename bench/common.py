"""What the benchmarks share: arguments, the data sets, medians, the machine, the table, JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
DATA = BENCH / "data"

#: The size the documented figures are for, and the one a quick run uses instead.
FULL_N = 50_000
QUICK_N = 300


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--quick", action="store_true", help="a small, fast run that proves the script works"
    )
    p.add_argument("--runs", type=int, default=None, help="repetitions (the median is reported)")
    p.add_argument(
        "--results", type=Path, default=RESULTS, help=f"folder for the JSON (default {RESULTS})"
    )
    p.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help=f"folder for the generated databases, reused between runs (default {DATA})",
    )
    return p


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child process: offscreen Qt, the project importable."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH", "")])]
    )
    env.update(extra)
    return env


def run_child(script: str, argv: list[str], home: Path, *, timeout: float) -> dict[str, Any]:
    """Run ``script`` again as a child (``argv`` says which part) and return the JSON it
    prints on its ``result`` line; stop with the child's error output when it has none."""
    out = subprocess.run(
        [sys.executable, script, *argv],
        env=child_env(SISTERCITY_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in out.stdout.splitlines():
        if line.startswith("result "):
            return json.loads(line[len("result ") :])  # type: ignore[no-any-return]
    raise SystemExit(f"the child {argv} failed ({out.returncode}):\n{out.stderr[-3000:]}")


# --------------------------------------------------------------------------- data


def dataset(n: int, folder: Path) -> Path:
    """A database of ``n`` generated motions (plus the demo office), built once and reused.
    Benchmarks that write to it work on a copy."""
    from bench import make_data

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"motions-{n}-v{make_data.GENERATOR_VERSION}.db"
    if not path.exists():
        print(f"building {path.name} ({n:,} motions) ...", flush=True)
        tmp = path.with_name(path.name + ".part")
        tmp.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        stats = make_data.build(n, tmp)
        os.replace(tmp, path)
        print(f"built in {stats['seconds']:.1f} s", flush=True)
    return path


def copy_database(source: Path, target: Path) -> Path:
    """A private copy of a generated database (SQLite's backup API: consistent, WAL folded)."""
    from sistercity_desk import db

    return db.backup_sqlite(source, target)


# --------------------------------------------------------------------------- numbers


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return float(ordered[rank - 1])


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --------------------------------------------------------------------------- the machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return float("nan")


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _soffice_version() -> str:
    try:
        out = subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, timeout=60, check=False
        )
        return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine(*, soffice: bool = False) -> dict[str, Any]:
    import sqlite3

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": load_average(),
    }
    try:
        import PySide6

        info["pyside6"] = PySide6.__version__
        info["qt"] = PySide6.QtCore.qVersion()  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        try:
            from PySide6 import QtCore

            info["qt"] = QtCore.qVersion()
        except ImportError:
            info["qt"] = ""
    if soffice:
        info["libreoffice"] = _soffice_version()
    return info


# --------------------------------------------------------------------------- the report


@dataclass
class Row:
    """One line of a benchmark's table: our figure, its floor, and the goal."""

    name: str
    unit: str
    ours: float
    floor: float | None = None
    goal: str = ""
    met: bool | None = None
    #: The floor is the slow way (a LIKE scan, one LibreOffice run per file): the ratio is
    #: shown as how many times faster ours is.
    faster: bool = False
    #: Everything else worth keeping (every run's value, percentiles ...).
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """ours / floor; for a ``faster`` row, floor / ours."""
        if self.floor in (None, 0) or self.ours == 0:
            return None
        assert self.floor is not None
        return self.floor / self.ours if self.faster else self.ours / self.floor

    def ratio_text(self) -> str:
        if self.ratio is None:
            return "-"
        return f"{self.ratio:.1f}x faster" if self.faster else f"{self.ratio:.2f}x"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def print_table(title: str, rows: Sequence[Row]) -> str:
    header = ("measure", "ours", "floor", "ratio", "goal", "met")
    lines = [
        (
            r.name,
            _fmt(r.ours, r.unit),
            _fmt(r.floor, r.unit),
            r.ratio_text(),
            r.goal or "-",
            "-" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    out = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)) for line in lines]
    text = "\n".join(out)
    print(text, flush=True)
    return text


def write_results(
    name: str,
    rows: Sequence[Row],
    args: argparse.Namespace,
    *,
    info: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Path:
    """bench/results/<name>.json (or <name>-quick.json): the rows, the machine, the settings."""
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"{name}{'-quick' if args.quick else ''}.json"
    info = dict(info, load_average_at_end=load_average())
    payload = {
        "benchmark": name,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": bool(args.quick),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "machine": info,
        "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
        **(extra or {}),
    }
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {path}", flush=True)
    return path


# --------------------------------------------------------------------------- Qt


def pump() -> None:
    """Handle the pending Qt events once.

    Not ``QApplication.processEvents()``: in PySide6 6.12.0 every call of it dropped one
    reference to Python's None, and a loop of a few thousand calls ended the process with
    "Fatal Python error: none_dealloc" (6.11.3, pinned now, does not).
    ``QEventLoop().processEvents()`` does the same work and never did.
    """
    from PySide6.QtCore import QEventLoop

    global _LOOP
    if _LOOP is None:
        _LOOP = QEventLoop()
    _LOOP.processEvents()


_LOOP: Any = None
