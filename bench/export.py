"""Export and import: time and peak memory at 5,000, 50,000 and 500,000 motions.

    python bench/export.py [--quick] [--sizes 5000,50000,500000]

For each size a generated database (bench/make_data.py, reused from --data) is exported by a
child process running ``sistercity export``, and the export is imported into an empty
database by another (``sistercity import``); each child reports its wall time and its peak
resident set size (VmHWM). Both stream one record at a time, so the peak should stay flat as
the number of records grows (goal: under 150 MB at 50k and at 500k). --quick runs 300.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import json
import tempfile
import time

from bench import common

GOAL_MB = 150.0


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(action: str, database: str, file: str) -> None:
    from sistercity_desk.cli import main

    started = time.perf_counter()
    if action == "export":
        code = main(["--db", database, "export", file, "--force"])
    else:
        code = main(["--db", database, "import", file])
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{action} failed ({code})")
    print("result " + json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}), flush=True)


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="5000,50000,500000", help="numbers of motions")
    args = p.parse_args()
    sizes = [common.QUICK_N] if args.quick else [int(n) for n in args.sizes.split(",")]
    rows: list[common.Row] = []
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "home"
        home.mkdir()
        for n in sizes:
            source = common.dataset(n, args.data)
            file = Path(work) / f"export-{n}.json"
            target = Path(work) / f"import-{n}.db"
            done = {}
            for action, database in (("export", source), ("import", target)):
                done[action] = common.run_child(
                    __file__, ["--child", action, str(database), str(file)], home, timeout=7200
                )
            for action, result in done.items():
                goal_ok = result["peak_mb"] < GOAL_MB
                rows.append(
                    common.Row(
                        f"{action} {n:,} motions: peak memory",
                        "MB",
                        result["peak_mb"],
                        goal=f"< {GOAL_MB:.0f} MB",
                        met=goal_ok if n >= 50_000 else None,
                        detail={"seconds": result["seconds"], "file_bytes": file.stat().st_size},
                    )
                )
                rows.append(common.Row(f"{action} {n:,} motions: time", "s", result["seconds"]))
    common.print_table("Export and import (streaming)", rows)
    common.write_results("export", rows, args, info=common.machine())
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        sys.exit(main())
