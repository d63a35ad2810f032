"""Batch PDF: 100 motions to PDF through our converter (one LibreOffice run), against one
LibreOffice call per document.

    python bench/batch_pdf.py [--quick] [--count N] [--runs N]

The .docx files are rendered first (not timed) from generated motions. Ours:
``documents.pdf.convert_to_pdf(all of them, out)``: one LibreOffice run with a profile of its
own, every output checked and moved into place. Floor (the slow way it replaces): ``soffice
--convert-to pdf`` once per document, with a profile made beforehand and reused by every call
(the kind reading: no call pays for a new profile). The documented figure is for 100.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import shutil
import subprocess
import tempfile
import time

from sqlalchemy import select

from bench import common
from sistercity_desk import db, opening
from sistercity_desk import models as m
from sistercity_desk.documents import pdf, render

GOAL_FASTER = 5.0


def soffice_call(program: Path, profile: Path, docx: Path, out_dir: Path) -> None:
    command = [
        str(program),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    made = out_dir / f"{docx.stem}.pdf"
    if not made.is_file() or made.stat().st_size == 0:
        raise SystemExit(f"LibreOffice made no PDF of {docx.name}")


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=None, help="documents per batch (default 100)")
    args = p.parse_args()
    count = args.count or (3 if args.quick else 100)
    runs = args.runs or (1 if args.quick else 3)
    info = common.machine(soffice=True)
    program = pdf.find_soffice()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        source = common.dataset(max(common.QUICK_N, count), args.data)
        copy = common.copy_database(source, work / "desk.db")
        engine = opening.open_database(str(copy), migrate=False)
        docs_dir = work / "docx"
        docs = []
        try:
            with db.session_scope(engine) as session:
                ids = list(
                    session.scalars(select(m.Motion.id).order_by(m.Motion.id.desc()).limit(count))  # type: ignore[union-attr]
                )
                for motion_id in ids:
                    out = docs_dir / f"motion-{motion_id}.docx"
                    render.produce(session, "motion", motion_id, out, fmt="docx")
                    docs.append(out)
        finally:
            engine.dispose()
        profile = work / "profile"
        warm = work / "warm"
        warm.mkdir()
        soffice_call(program, profile, docs[0], warm)  # makes the reused profile
        ours, floor = [], []
        for run in range(runs):
            out = work / f"ours-{run}"
            start = time.perf_counter()
            made = pdf.convert_to_pdf(docs, out, soffice=program)
            ours.append(time.perf_counter() - start)
            assert len(made) == len(docs)
            out = work / f"floor-{run}"
            out.mkdir()
            start = time.perf_counter()
            for docx in docs:
                soffice_call(program, profile, docx, out)
            floor.append(time.perf_counter() - start)
            shutil.rmtree(out)
    row = common.Row(
        name=f"{count} motions to PDF",
        unit="s",
        ours=common.median(ours),
        floor=common.median(floor),
        faster=True,
        goal=f">= {GOAL_FASTER:g}x faster than one call per document",
        detail={"runs": ours, "floor_runs": floor, "count": count},
    )
    row.met = row.ratio is not None and row.ratio >= GOAL_FASTER
    per_doc = common.Row(
        name="  per document",
        unit="s",
        ours=row.ours / count,
        floor=row.floor / count if row.floor else None,
        faster=True,
    )
    common.print_table(f"PDF of {count} motions ({runs} runs, medians)", [row, per_doc])
    common.write_results("batch_pdf", [row, per_doc], args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
