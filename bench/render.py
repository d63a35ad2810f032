"""Render: the demo motion to .docx by our renderer, against bare docxtpl with the same context.

    python bench/render.py [--quick] [--runs N]

Ours: ``documents.render.produce(session, "motion", <Kyiv motion>, out, fmt="docx")`` in a
session of its own that commits, as the ``render`` command and the app do: the revision, the
context built from the records, the template check, sandboxed rendering, the strict check of
what was written, the atomic move into place and the GeneratedDocument row. Floor:
``DocxTemplate(motion.docx).render(context)`` and ``save`` with the same context dict, nothing
else. Medians of ``--runs`` runs, after one warm-up run of each; the garbage collector
runs before each timed call, so neither pays for the other's garbage.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import gc
import tempfile
import time

from docxtpl import DocxTemplate
from sqlmodel import Session

from bench import common
from sistercity_desk import db, demo, opening
from sistercity_desk.documents import context as ctx_mod
from sistercity_desk.documents import render
from sistercity_desk.documents.templates import template_for

GOAL_RATIO = 1.3


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    runs = args.runs or (3 if args.quick else 21)
    info = common.machine()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        engine = opening.open_database(str(work / "demo.db"))
        try:
            with db.session_scope(engine) as session:
                motion_id = demo.load_demo(session).motion_id
            template = template_for("motion")
            with Session(engine) as session:
                context = ctx_mod.build(session, "motion", motion_id)

            def ours(i: int) -> None:
                with db.session_scope(engine) as session:
                    render.produce(
                        session, "motion", motion_id, work / f"ours-{i}.docx", fmt="docx"
                    )

            def bare(i: int) -> None:
                tpl = DocxTemplate(str(template))
                tpl.render(context)
                tpl.save(str(work / f"bare-{i}.docx"))

            ours(-1)
            bare(-1)
            our_times, bare_times = [], []
            for i in range(runs):
                # Interleaved, so a burst of load elsewhere on the machine hits both alike;
                # each starts with no garbage left by the other (docxtpl leaves cycles that
                # the collector would otherwise clear in the next one's time).
                gc.collect()
                start = time.perf_counter()
                ours(i)
                our_times.append(time.perf_counter() - start)
                gc.collect()
                start = time.perf_counter()
                bare(i)
                bare_times.append(time.perf_counter() - start)
        finally:
            engine.dispose()
    row = common.Row(
        name="demo motion to .docx",
        unit="ms",
        ours=common.median(our_times) * 1000,
        floor=common.median(bare_times) * 1000,
        goal=f"<= {GOAL_RATIO:g}x bare docxtpl",
        detail={
            "runs_ms": [t * 1000 for t in our_times],
            "floor_ms": [t * 1000 for t in bare_times],
        },
    )
    row.met = row.ratio is not None and row.ratio <= GOAL_RATIO
    common.print_table(f"Rendering the demo motion ({runs} runs, medians)", [row])
    common.write_results("render", [row], args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
