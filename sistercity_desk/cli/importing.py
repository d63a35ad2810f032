"""Commands of the command line: bringing past motions and resolutions in from Word files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlmodel import Session

from ..documents import word_store
from ..documents.word_import import Recognised
from ..errors import DeskError, Invalid
from . import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-docx",
        help="import past motions and resolutions from Word files (.docx) or folders",
        description="Read each .docx (folders are searched recursively) and recognise the "
        "motion or resolution in it. Without --accept nothing is written: the review is "
        "printed. With --accept each file is stored in its own transaction, with the original "
        "file; a file already imported (same SHA-256) is skipped.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run",
        action="store_true",
        help="print what each file holds (JSON and a summary table) and change nothing "
        "(the default)",
    )
    mode.add_argument("--accept", action="store_true", help="import the recognised files")
    p.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="NAME=ID",
        help="the member a printed name stands for, when it matches no one or several "
        "(e.g. --person 'J. SMITH=17'); repeat for each",
    )
    p.add_argument("--json", action="store_true", help="print only the JSON review")
    p.set_defaults(handler=cmd_import_docx)

    p = sub.add_parser(
        "source-docx",
        help="write out the Word file a motion was imported from, to compare it with the record",
    )
    p.add_argument("id", type=int, help="the motion's id")
    p.add_argument("--out", type=Path, help="where to write it (default: its own file name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=cmd_source_docx)


def parse_picks(values: list[str]) -> dict[str, int]:
    picks: dict[str, int] = {}
    for value in values:
        name, sep, ident = value.rpartition("=")
        if not sep or not name.strip() or not ident.strip().isdigit():
            raise Invalid(f"--person {value!r}: write it as NAME=ID, e.g. --person 'J. SMITH=17'.")
        picks[name.strip()] = int(ident)
    return picks


def _row(result: Recognised, outcome: str) -> list[str]:
    people = ""
    if result.mover is not None:
        people = result.mover.printed + (f" +{len(result.seconders)}" if result.seconders else "")
    return [
        result.name,
        result.kind or "-",
        f"{result.confidence:.2f}" if not result.error else "-",
        result.council_file or "-",
        result.introduced_on.isoformat() if result.introduced_on else "-",
        people or "-",
        outcome,
    ]


def _table(rows: list[list[str]]) -> str:
    head = ["file", "kind", "conf.", "CF", "date", "sponsors", "outcome"]
    rows = [head, *rows]
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(head) - 1)]
    lines = []
    for r in rows:
        cells = [r[i][: widths[i]].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines)


def cmd_import_docx(args: argparse.Namespace, ctx: object) -> int:
    picks = parse_picks(args.person)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise Invalid(f"There is no file or folder {missing[0]}.")
    engine = ctx.engine  # type: ignore[attr-defined]
    with Session(engine, expire_on_commit=False) as session:
        results = word_store.review(session, args.paths)
    if not results:
        raise Invalid("No .docx files were found there.")
    rows: list[list[str]] = []
    imported = skipped = 0
    if not args.accept:
        if args.json:
            print_json([r.to_json() for r in results])
            return 0
        print_json([r.to_json() for r in results])
        for result in results:
            reason = word_store.skip_reason(result)
            if not reason:
                _m, _p, _s, missing_people = word_store.resolved_people(result, picks)
                if missing_people:
                    reason = "needs --person for " + ", ".join(missing_people)
            rows.append(_row(result, reason or "would import"))
        print(_table(rows))
        ready = sum(1 for r in rows if r[-1] == "would import")
        print(f"{len(results)} files: {ready} ready to import. Nothing was written (dry run).")
        return 0
    for result in results:
        try:
            with Session(engine, expire_on_commit=False) as session:
                done = word_store.import_reviewed(session, result, picks=picks)
                session.commit()
            rows.append(_row(result, f"imported as motion {done.motion_id}"))
            imported += 1
        except DeskError as exc:
            rows.append(_row(result, " ".join(str(exc).split())))
            skipped += 1
    if args.json:
        print_json([{"file": r[0], "outcome": r[-1]} for r in rows])
    else:
        print(_table(rows))
        print(f"{imported} imported, {skipped} skipped.")
    sys.stdout.flush()
    return 0


def cmd_source_docx(args: argparse.Namespace, ctx: object) -> int:
    engine = ctx.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        source = word_store.source_of(session, args.id)
        if source is None:
            raise Invalid(f"Motion {args.id} was not imported from a Word file.")
        out: Path = args.out or Path(source.file_name)
        if out.exists() and not args.force:
            raise Invalid(f"{out} exists; give another --out or add --force.")
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(source.content)
        tmp.replace(out)
        print(f"wrote {out} ({source.size} bytes, SHA-256 {source.sha256})")
    return 0
