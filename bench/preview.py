"""Live preview: from a pause in typing to the new PDF shown in the viewer, per edit.

    python bench/preview.py [--quick] [--edits N]

A child process opens a copy of the 50,000-motion database, shows the main window
(offscreen) with the preview beside the motion editor, and opens a draft motion. Each edit
types a few characters into its title, then stops: the time runs from the last keystroke to
the moment the viewer shows a PDF with that edit (the pane's ``rendered`` signal, after the
viewer loaded it). The preview waits ``PreviewPane.DEBOUNCE_MS`` (300 ms) for the pause
before it renders; "after the pause" is the time past that. Ours: the persistent
LibreOffice (documents/converter.py, started and warmed before the first edit; its start is
shown apart). Floor: the same edits with SISTERCITY_OFFICE_SERVER=0 (one soffice run per
conversion, the way every preview was made before), in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import json
import os
import tempfile
import time
from typing import Any

from bench import common
from sistercity_desk import opening

GOAL_S = 0.3


def child(db_path: Path, edits: int, mode: str) -> dict[str, Any]:
    """Runs in the child: the window, the edits, the timings (seconds)."""
    if mode == "percall":
        os.environ["SISTERCITY_OFFICE_SERVER"] = "0"
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from sistercity_desk import db, motions, people
    from sistercity_desk.documents import converter
    from ui.app import application, settle_heap
    from ui.main_window import MainWindow

    app = application()
    engine = opening.open_database(str(db_path))
    with db.session_scope(engine) as session:
        mover = people.current_members(session=session)[0]
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="Street trees",
                mover_id=mover.id,
                clauses=[motions.ClauseData("recital", "The city plants trees along streets.")],
            ),
        )
        motion_id = motion.id or 0
    started = time.perf_counter()
    server = converter.enable(start=True)
    ready = server.wait_ready(120) if server is not None else False
    start_s = time.perf_counter() - started

    def wait(condition: Any, timeout: float = 180.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise SystemExit("timed out waiting for the preview")
            app.processEvents()
            time.sleep(0.002)

    window = MainWindow(engine, background_lists=True)
    window.resize(1400, 900)
    window.show()
    settle_heap()  # as the app does once its window is attached
    area = window.area("motions")
    pane = window.documents.pane("motions")
    assert area.select_record(motion_id)
    wait(lambda: pane.fresh() is not None)
    editor = area.editor
    shown_at: list[float] = []
    pane.rendered.connect(lambda _r: shown_at.append(time.perf_counter()))
    latencies = []
    for n in range(edits):
        # The title is typed anew each time (a short marker at its end): appending would
        # grow it past what the file name keeps.
        marker = f" e{n}"
        editor.title_edit.setFocus()
        editor.title_edit.selectAll()
        for ch in f"Street trees{marker}":
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    editor.title_edit,
                    QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch),
                )
        last_key = time.perf_counter()
        shown_at.clear()
        wait(
            lambda marker=marker: (
                pane.fresh() is not None and pane.shown().name.endswith(marker.strip())
            )
        )
        latencies.append(shown_at[-1] - last_key)
    window.close()
    window.tasks.shutdown(30_000)
    converter.shutdown()
    engine.dispose()
    return {
        "mode": mode,
        "latencies": latencies,
        "server_start": start_s,
        "server_ready": bool(ready),
        "debounce_ms": pane.DEBOUNCE_MS,
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = child(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        print("result " + json.dumps(result), flush=True)
        return 0
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--edits", type=int, default=None, help="edits per converter (default 50)")
    args = p.parse_args()
    n = common.QUICK_N if args.quick else common.FULL_N
    edits = args.edits or (3 if args.quick else 50)
    info = common.machine()
    source = common.dataset(n, args.data)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        for mode in ("server", "percall"):
            copy = common.copy_database(source, Path(tmp) / f"{mode}.db")
            results[mode] = common.run_child(
                __file__,
                ["--child", str(copy), str(edits), mode],
                Path(tmp) / f"home-{mode}",
                timeout=3600,
            )
    ours, floor = results["server"], results["percall"]
    debounce = ours["debounce_ms"] / 1000
    rows = []
    for label, pick in (("median", 50), ("p95", 95)):
        value = common.percentile(ours["latencies"], pick)
        base = common.percentile(floor["latencies"], pick)
        rows.append(
            common.Row(
                name=f"pause to PDF shown, {label} of {edits} edits, {n:,} motions",
                unit="s",
                ours=value,
                floor=base,
                faster=True,
                detail={"ours": ours["latencies"], "floor": floor["latencies"]},
            )
        )
        after = value - debounce
        rows.append(
            common.Row(
                name=f"  after the {ours['debounce_ms']} ms pause, {label}",
                unit="s",
                ours=after,
                floor=base - debounce,
                faster=True,
                goal=f"<= {GOAL_S:g} s (p95)" if pick == 95 else "",
                met=(after <= GOAL_S) if pick == 95 else None,
            )
        )
    rows.append(
        common.Row(
            name="persistent LibreOffice: start to first answer",
            unit="s",
            ours=ours["server_start"],
            detail={"ready": ours["server_ready"]},
        )
    )
    common.print_table(f"Live preview ({edits} edits each way, medians and p95)", rows)
    common.write_results("preview", rows, args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
