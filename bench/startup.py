"""Start-up: process start to the window's first paint, and to its motion list filled.

    python bench/startup.py [--quick] [--runs N]

Ours: ``python main.py --db X`` with SISTERCITY_BENCH_READY=1 (the app prints "painted" once
its frame and navigator are on screen, before the database is open, then "ready" once the
window shows the first list page, and closes), on databases of 0, 5,000 and 50,000
generated motions (the demo office always holds its one Kyiv motion). Floor: a process that
shows a bare QMainWindow of the same size on the same offscreen platform. Both are timed by
this script from just before the process is spawned to the line "ready" arriving, so the
interpreter's own start is counted alike. The first open of a data folder makes the hourly
automatic backup; it is measured once, apart (a fresh data folder), and the median is of
later opens.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import subprocess
import tempfile
import time

from bench import common

GOAL_RATIO = 3.0

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1240, 780)
window.show()
def ready():
    window.repaint()
    print("ready", flush=True)
    window.close()
QTimer.singleShot(0, ready)
app.exec()
"""


def spawn_until_ready(command: list[str], env: dict[str, str], timeout: float = 120.0) -> float:
    """Seconds from spawning ``command`` to its line "ready"; the process is then awaited."""
    return spawn_timed(command, env, timeout)[1]


def spawn_timed(
    command: list[str], env: dict[str, str], timeout: float = 120.0
) -> tuple[float, float]:
    """Seconds from spawning ``command`` to its line "painted" (the line "ready" when it
    prints none) and to its line "ready"; the process is then awaited."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    elapsed = None
    painted = None
    for line in process.stdout:
        if line.startswith("painted"):
            painted = time.perf_counter() - start
        if line.startswith("ready"):
            elapsed = time.perf_counter() - start
            break
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SystemExit(f"{command[1]} did not finish within {timeout:.0f} s") from None
    if elapsed is None or process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-2000:]}")
    return (painted if painted is not None else elapsed), elapsed


def app_command(db_path: Path) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--db", str(db_path)]


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    sizes = [0, common.QUICK_N] if args.quick else [0, 5_000, common.FULL_N]
    runs = args.runs or (3 if args.quick else 9)
    info = common.machine()
    bare = [sys.executable, "-c", BARE_WINDOW]
    env = common.child_env()
    spawn_until_ready(bare, env)  # warm the file cache for Qt's libraries
    floor_runs: list[float] = []
    ours: dict[int, list[float]] = {}
    painted: dict[int, list[float]] = {}
    first_open: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        work = Path(tmp)
        paths = {n: common.dataset(n, args.data) for n in sizes}
        for n in sizes:
            home = work / f"home-{n}"
            # The first open makes the hourly backup (and the window's saved state).
            first_open[n] = spawn_until_ready(
                app_command(paths[n]),
                common.child_env(SISTERCITY_HOME=str(home), SISTERCITY_BENCH_READY="1"),
            )
            ours[n] = []
            painted[n] = []
        # Interleaved, so a burst of load from elsewhere on the machine hits all alike.
        for _ in range(runs):
            floor_runs.append(spawn_until_ready(bare, env))
            for n in sizes:
                first, ready = spawn_timed(
                    app_command(paths[n]),
                    common.child_env(
                        SISTERCITY_HOME=str(work / f"home-{n}"), SISTERCITY_BENCH_READY="1"
                    ),
                )
                painted[n].append(first)
                ours[n].append(ready)
    floor = common.median(floor_runs)
    rows = []
    for n in sizes:
        value = common.median(painted[n])
        ratio = value / floor
        rows.append(
            common.Row(
                name=f"first paint, {n:,} motions",
                unit="s",
                ours=value,
                floor=floor,
                goal=f"<= {GOAL_RATIO:g}x bare window" if n == max(sizes) else "",
                met=(ratio <= GOAL_RATIO) if n == max(sizes) else None,
                detail={"runs": painted[n], "floor_runs": floor_runs},
            )
        )
    for n in sizes:
        value = common.median(ours[n])
        ratio = value / floor
        rows.append(
            common.Row(
                name=f"ready (first list page), {n:,} motions",
                unit="s",
                ours=value,
                floor=floor,
                goal="",
                met=None,
                detail={"runs": ours[n], "floor_runs": floor_runs, "first_open": first_open[n]},
            )
        )
    for n in sizes[-1:]:
        rows.append(
            common.Row(
                name=f"first open of the hour, {n:,} (with backup)",
                unit="s",
                ours=first_open[n],
                floor=floor,
                detail={"note": "one run, fresh data folder: includes the automatic backup"},
            )
        )
    common.print_table(
        f"Start-up: first paint and the filled main window ({runs} runs, medians)", rows
    )
    common.write_results("startup", rows, args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
