"""Memory: peak RSS of the app with 50,000 motions, the motion list scrolled to its end.

    python bench/memory.py [--quick] [--runs N]

A child process opens the database as the app does, shows the main window (offscreen),
scrolls the motion list to the bottom again and again until it has fetched every page,
paints, and reports its peak resident set size (VmHWM; ``getrusage`` maxrss elsewhere).
Floor: a child that shows a bare QMainWindow the same way. Medians of ``--runs`` children.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import json
import resource
import tempfile
import time

from bench import common
from sistercity_desk import opening

GOAL_MB = 250.0


def _peak_mb() -> float:
    # VmHWM is this process image's own peak. getrusage's maxrss survives execve on Linux, so
    # a child forked from a big parent would report the parent's size.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def child_app(db_path: str) -> None:
    from ui.app import application
    from ui.main_window import MainWindow

    _app = application()
    engine = opening.open_database(db_path)
    window = MainWindow(engine)
    window.show()
    common.pump()
    window.set_area("motions")
    area = window.area("motions")
    view, model = area.view, area.model
    start = time.perf_counter()
    pages = 0
    while True:
        view.scrollToBottom()
        common.pump()
        if not model.canFetchMore():
            break
        pages += 1
        if pages > 100_000:
            raise SystemExit("the list never stopped fetching")
    view.scrollToBottom()
    window.repaint()
    common.pump()
    scrolled = time.perf_counter() - start
    result = {
        "peak_mb": _peak_mb(),
        "rows": model.rowCount(),
        "total": model.total(),
        "scroll_seconds": scrolled,
        "pages": pages,
    }
    window.close()
    engine.dispose()
    print("result " + json.dumps(result), flush=True)


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    _app = QApplication([])
    window = QMainWindow()
    window.resize(1240, 780)
    window.show()
    window.repaint()
    common.pump()
    print("result " + json.dumps({"peak_mb": _peak_mb()}), flush=True)
    window.close()


def run_child(argv: list[str], home: Path) -> dict[str, float]:
    return common.run_child(__file__, argv, home, timeout=900)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-app":
        child_app(sys.argv[2])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--child-bare":
        child_bare()
        return 0
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    n = common.QUICK_N if args.quick else common.FULL_N
    runs = args.runs or (1 if args.quick else 3)
    info = common.machine()
    path = common.dataset(n, args.data)
    ours, floor = [], []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        home = Path(tmp) / "home"
        # A first open makes the hourly backup: not what is measured here.
        run_child(["--child-app", str(path)], home)
        for _ in range(runs):
            ours.append(run_child(["--child-app", str(path)], home))
            floor.append(run_child(["--child-bare"], home))
    last = ours[-1]
    if last["rows"] != last["total"]:
        raise SystemExit(f"only {last['rows']} of {last['total']} rows were fetched")
    row = common.Row(
        name=f"peak RSS, {n:,} motions, list scrolled to the end",
        unit="MB",
        ours=common.median([r["peak_mb"] for r in ours]),
        floor=common.median([r["peak_mb"] for r in floor]),
        goal=f"< {GOAL_MB:g} MB",
        detail={"runs": ours, "floor_runs": floor},
    )
    row.met = row.ours < GOAL_MB
    scroll = common.Row(
        name=f"  time to scroll to the end ({int(last['pages'])} pages)",
        unit="s",
        ours=common.median([r["scroll_seconds"] for r in ours]),
    )
    common.print_table(f"Memory ({runs} runs, medians)", [row, scroll])
    common.write_results("memory", [row, scroll], args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
