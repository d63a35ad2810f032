"""Word import: files per second for 1,000 generated motions, reviewed and then imported.

    python bench/import_docx.py [--quick] [--runs N] [--count N]

The files are written first (not timed) with python-docx the way Word writes them: runs split
at arbitrary points, signature blocks in tables for half of them, the Council File number in
the header, a unique number and 1-5 seconders each, names from the demo office.

Ours, review: ``word_store.review(session, [folder])`` over the folder, which reads every
file with python-docx and recognises it, writing nothing. Floor: opening each file with
python-docx and reading every paragraph's text (``Document(path)``; ``p.text`` for the body,
the table cells and the header), nothing recognised: the least any reading can cost.
Ours, import: ``word_store.import_reviewed`` for each reviewed file into a fresh copy of the
demo database, one commit per file, as ``import-docx --accept`` does; its floor is a bare
``create_motion`` and commit per file with the same data (no source file stored, no checks of
the file). Each figure is the median of ``--runs`` runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import random
import tempfile
import time

from docx import Document
from sqlmodel import Session, select

from bench import common
from sistercity_desk import db, demo, motions, opening
from sistercity_desk import models as m
from sistercity_desk.documents import word_store

#: Goals: a folder of 1,000 files reviewed in under a minute, imported in under two.
GOAL_REVIEW = 1000 / 60
GOAL_IMPORT = 1000 / 120

MEMBERS = [
    ("JOE BUSCAINO", 15),
    ("NITHYA RAMAN", 4),
    ("PAUL KORETZ", 5),
    ("MITCH O'FARRELL", 13),
    ("BOB BLUMENFIELD", 3),
    ("PAUL KREKORIAN", 2),
    ("MONICA RODRIGUEZ", 7),
    ("KEVIN DE LEON", 14),
    ("MIKE BONIN", 11),
    ("CURREN D. PRICE, JR.", 9),
]
WORDS = [
    "the",
    "city",
    "council",
    "sister",
    "kyiv",
    "ukraine",
    "fire",
    "trucks",
    "equipment",
    "donate",
    "culture",
    "museums",
    "theatres",
    "report",
    "department",
    "port",
    "shipping",
    "budget",
    "committee",
    "review",
    "nomination",
]


def _runs(p: object, text: str, rng: random.Random, bold: int = 0) -> None:
    cuts = sorted(rng.sample(range(1, len(text)), min(3, len(text) - 1)))
    start = 0
    for i, cut in enumerate([*cuts, len(text)]):
        run = p.add_run(text[start:cut])  # type: ignore[attr-defined]
        run.bold = (i == 0 and bold > 0) or None
        start = cut


def make_files(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        doc = Document()
        header = doc.sections[0].header
        _runs(header.paragraphs[0], f"C.F. {22 + i // 9000:02}-{i % 9000 + 1000:04}", rng)
        _runs(doc.add_paragraph(), "MOTION", rng)
        for _ in range(rng.randint(2, 5)):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 90)))
            _runs(doc.add_paragraph(), words.capitalize() + ".", rng)
        for j in range(rng.randint(1, 3)):
            opening = "I THEREFORE MOVE" if j == 0 else "I FURTHER MOVE"
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
            _runs(doc.add_paragraph(), f"{opening} that the Council {words}.", rng, bold=1)
        people = rng.sample(MEMBERS, rng.randint(2, 6))
        if i % 2:
            table = doc.add_table(rows=len(people), cols=2)
            for row, (name, district) in enumerate(people):
                label = "PRESENTED BY:" if row == 0 else ("SECONDED BY:" if row == 1 else "")
                table.cell(row, 0).paragraphs[0].add_run(label)
                cell = table.cell(row, 1)
                cell.paragraphs[0].add_run("____________________")
                _runs(cell.add_paragraph(), name, rng)
                cell.add_paragraph(f"Councilmember, District {district}")
        else:
            for row, (name, district) in enumerate(people):
                if row < 2:
                    doc.add_paragraph("PRESENTED BY:" if row == 0 else "SECONDED BY:")
                _runs(doc.add_paragraph(), name, rng)
                doc.add_paragraph(f"CD {district}")
        doc.add_paragraph(f"March {1 + i % 28}, 2022")
        path = folder / f"motion-{i:05}.docx"
        doc.save(str(path))
        out.append(path)
    return out


def bare_read(files: list[Path]) -> int:
    chars = 0
    for path in files:
        doc = Document(str(path))
        chars += sum(len(p.text) for p in doc.paragraphs)
        for table in doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    chars += sum(len(p.text) for p in cell.paragraphs)
        chars += sum(len(p.text) for p in doc.sections[0].header.paragraphs)
    return chars


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=None, help="files (default 1,000; quick 30)")
    args = p.parse_args()
    count = args.count or (30 if args.quick else 1000)
    runs = args.runs or (1 if args.quick else 3)
    info = common.machine()
    review_t, bare_t, import_t, create_t = [], [], [], []
    imported = 0
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        folder = work / "drive"
        folder.mkdir()
        print(f"writing {count} .docx files ...", flush=True)
        files = make_files(folder, count)
        template_db = work / "demo.db"
        engine = opening.open_database(str(template_db))
        with db.session_scope(engine) as session:
            demo.load_demo(session)
        engine.dispose()
        for run in range(runs):
            target = common.copy_database(template_db, work / f"run-{run}.db")
            engine = opening.open_database(str(target))
            try:
                start = time.perf_counter()
                bare_read(files)
                bare_t.append(time.perf_counter() - start)
                with Session(engine) as session:
                    start = time.perf_counter()
                    results = word_store.review(session, [folder])
                    review_t.append(time.perf_counter() - start)
                ready = [r for r in results if not word_store.resolved_people(r, {})[3]]
                start = time.perf_counter()
                done = 0
                for result in ready:
                    with Session(engine) as session:
                        word_store.import_reviewed(session, result)
                        session.commit()
                        done += 1
                import_t.append(time.perf_counter() - start)
                imported = done
                # Floor of the import: the same motions created bare, one commit each.
                with Session(engine) as session:
                    datas = [
                        motions.MotionData.of(x)
                        for x in session.exec(select(m.Motion).where(m.Motion.id > 1))
                    ]
                    for data in datas:
                        data.council_file = None
                start = time.perf_counter()
                for data in datas:
                    with Session(engine) as session:
                        motions.create_motion(session=session, data=data)
                        session.commit()
                create_t.append(time.perf_counter() - start)
            finally:
                engine.dispose()
    review_rate = count / common.median(review_t)
    bare_rate = count / common.median(bare_t)
    import_rate = imported / common.median(import_t) if imported else 0.0
    create_rate = imported / common.median(create_t) if imported else 0.0
    rows = [
        common.Row(
            name=f"review of {count} files: {review_rate:.1f} files/s, ms per file",
            unit="ms",
            ours=1000 / review_rate,
            floor=1000 / bare_rate,
            goal=f">= {GOAL_REVIEW:.1f} files/s (1,000 in a minute)",
            met=review_rate >= GOAL_REVIEW,
            detail={"files_per_s": review_rate, "runs_s": review_t, "floor_runs_s": bare_t},
        ),
        common.Row(
            name=f"import of {imported} files, one transaction each: {import_rate:.1f} files/s",
            unit="ms",
            ours=1000 / import_rate if import_rate else 0.0,
            floor=1000 / create_rate if create_rate else None,
            goal=f">= {GOAL_IMPORT:.1f} files/s (1,000 in two minutes)",
            met=import_rate >= GOAL_IMPORT,
            detail={
                "files_per_s": import_rate,
                "runs_s": import_t,
                "floor_runs_s": create_t,
                "imported": imported,
            },
        ),
    ]
    common.print_table(f"Importing Word files ({runs} runs, medians)", rows)
    common.write_results("import_docx", rows, args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
