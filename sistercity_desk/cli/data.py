"""Commands of the command line: the database and its records (init, demo, list, show, search,
export, import)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sqlmodel import Session

from .. import (
    agreements,
    cities,
    clauses,
    db,
    demo,
    exchange,
    filenames,
    invisible,
    motions,
    people,
    records,
    search,
)
from ..errors import Conflict, Invalid
from . import _progress, print_json

LIST_KINDS = ("motions", "agreements", "cities", "partnerships", "people", "clauses")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create or upgrade the database")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "demo", help="load the demo office (the Kyiv case); running it twice is safe"
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", help="list records of one kind")
    p.add_argument("kind", choices=LIST_KINDS)
    p.add_argument("--status", help="motions only: only this status")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="show one record whole")
    p.add_argument("kind", choices=records.KINDS)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", help="full-text search over every record")
    p.add_argument("query")
    p.add_argument("--kind", choices=search.KINDS, action="append", help="only these kinds")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("export", help="write the whole database as one JSON document")
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("motion", help="draft, change or delete a motion or resolution")
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action in ("create", "update"):
        q = msub.add_parser(action, help=f"{action} a motion")
        if action == "update":
            q.add_argument("id", type=int)
            q.add_argument(
                "--expected-version",
                type=int,
                metavar="N",
                help="refuse unless the motion is still at version N (as 'show' printed it)",
            )
        q.add_argument("--title", required=action == "create")
        q.add_argument("--mover", help="the councilmember who moves it: person id or name")
        q.add_argument(
            "--seconder",
            action="append",
            default=None,
            help="person id or name; repeat in order",
        )
        q.add_argument(
            "--presented-for",
            metavar="PERSON",
            help='the member the mover presents it for ("Padilla for McOsker"): id or name; '
            '"" clears',
        )
        q.add_argument(
            "--committee",
            metavar="NAME",
            help='committee: id, name, short name or a prefix only it has ("public safety"); '
            '"" clears',
        )
        q.add_argument("--introduced-on", type=_date, metavar="YYYY-MM-DD", help="date introduced")
        q.add_argument("--council-file", help="YY-NNNN or YY-NNNN-S<n>")
        q.add_argument(
            "--resolution-number",
            help="a resolution's number as the Clerk assigns it (empty to clear)",
        )
        q.add_argument("--kind", choices=["motion", "resolution"])
        q.add_argument(
            "--recital",
            action="append",
            default=None,
            help="a narrative paragraph (repeat in order)",
        )
        q.add_argument(
            "--operative",
            action="append",
            default=None,
            help="an operative clause, the words after 'I THEREFORE MOVE that'",
        )
        q.add_argument("--json", action="store_true", help="print the motion as JSON")
        q.set_defaults(handler=cmd_motion_save)
    q = msub.add_parser("delete", help="delete a draft motion")
    q.add_argument("id", type=int)
    q.set_defaults(handler=cmd_motion_delete)

    p = sub.add_parser("import", help="load an export into the database")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--replace",
        action="store_true",
        help="the database is not empty: back it up, delete what is there, then import",
    )
    p.set_defaults(handler=cmd_import)


def cmd_init(args: argparse.Namespace, ctx: Any) -> int:
    engine = ctx.engine
    print(
        f"Database ready at {db.safe_url(str(engine.url))} (schema {db.current_revision(engine)})."
    )
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        result = demo.load_demo(session)
    if result.created:
        print(
            f"Demo office loaded: the Kyiv motion is motion {result.motion_id}, the draft "
            f"agreement is agreement {result.agreement_id}. Its Council File number "
            f"{demo.SAMPLE_COUNCIL_FILE} is a sample: the real one was not found."
        )
    else:
        print("The demo office is already loaded; nothing changed.")
    return 0


def _rows(session: Session, kind: str, status: str | None) -> list[dict[str, Any]]:
    if kind == "motions":
        listed = motions.list_motions(session=session, status=status)
        seconders = motions.seconder_names(session=session, status=status)
        return [
            {
                "id": row.id,
                "kind": row.kind,
                "council_file": row.council_file,
                "title": row.title,
                "mover": row.mover,
                "seconders": seconders.get(row.id, []),
                "status": row.status,
                "introduced_on": row.introduced_on.isoformat() if row.introduced_on else None,
            }
            for row in listed
        ]
    if kind == "agreements":
        return [
            {
                k: v
                for k, v in records.agreement_dict(session, a).items()
                if k not in {"preambles", "articles", "annex"}
            }
            for a in agreements.list_agreements(session=session)
        ]
    if kind == "cities":
        return [records.city_dict(c) for c in cities.list_cities(session=session)]
    if kind == "partnerships":
        return [
            {
                "id": r.partnership_id,
                "city": r.name,
                "native_name": r.native_name,
                "country": r.country,
                "year": r.year,
                "status": r.status,
                "ordinal": r.ordinal,
            }
            for r in cities.registry(session=session)
        ]
    if kind == "people":
        return [records.person_dict(session, p) for p in people.list_people(session=session)]
    if kind == "clauses":
        return [records.clause_dict(c) for c in clauses.list_clauses(session=session)]
    raise Invalid(f"Cannot list '{kind}'.")


_TABLE_COLUMNS = {
    "motions": ("id", "council_file", "status", "mover", "title"),
    "agreements": ("id", "status", "home_city", "partner_city"),
    "cities": ("id", "name", "native_name", "country", "language"),
    "partnerships": ("id", "ordinal", "city", "country", "year", "status"),
    "people": ("id", "district", "name", "role"),
    "clauses": ("id", "kind", "title"),
}


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        rows = _rows(session, args.kind, args.status)
    if args.json:
        print_json(rows)
    else:
        print(_table(rows, _TABLE_COLUMNS[args.kind]))
        print(f"({len(rows)} {args.kind})")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        data = records.describe(session, args.kind, args.id)
    if args.json:
        print_json(data)
    else:
        _print_tree(data)
    return 0


def _print_tree(data: Any, indent: int = 0) -> None:
    pad = "  " * indent
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (dict, list)) and value:
                print(f"{pad}{key}:")
                _print_tree(value, indent + 1)
            else:
                print(f"{pad}{key}: {'' if value is None else value}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                print(f"{pad}-")
                _print_tree(item, indent + 1)
            else:
                print(f"{pad}- {item}")
    else:
        print(f"{pad}{data}")


def cmd_search(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        hits = search.search(session, args.query, kinds=args.kind, limit=args.limit)
    if args.json:
        print_json([{"kind": h.kind, "id": h.record_id, "title": h.title} for h in hits])
    else:
        for h in hits:
            print(f"{h.kind:<12} {h.record_id:>6}  {h.title}")
        print(f"({len(hits)} found)")
    return 0


def _person_id(session: Session, ref: str) -> int:
    """A person by id or unambiguous name (``people.find_person``)."""
    return people.find_person(session=session, ref=ref).id or 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _check_typed_text(args: argparse.Namespace) -> None:
    """Refuse text given on the command line that would print differently from how it reads
    (bidirectional controls, zero-width characters) or cannot be stored (a lone surrogate):
    the editor asks before saving such text, so the command line must not let it through."""
    given = {
        "--title": [args.title],
        "--council-file": [args.council_file],
        "--resolution-number": [args.resolution_number],
        "--recital": args.recital or [],
        "--operative": args.operative or [],
    }
    for option, values in given.items():
        for value in values:
            if value is None:
                continue
            what = invisible.problem(value)
            if what is not None:
                raise Invalid(
                    f"The text of {option} {what}. Type it again without them.",
                    field=option.lstrip("-").replace("-", "_"),
                )


def cmd_motion_save(args: argparse.Namespace, ctx: Any) -> int:
    _check_typed_text(args)
    with db.session_scope(ctx.engine) as session:
        version = 0
        if args.action == "update":
            current = motions.get_motion(session=session, motion_id=args.id)
            # The version read here, in the same transaction, is the one the options edit:
            # a save by someone else in between is refused, never overwritten.
            version = current.version
            if args.expected_version is not None and args.expected_version != version:
                raise Conflict(
                    f"Motion {args.id} is at version {version}, not {args.expected_version}: "
                    "someone saved it since you read it. Show it again and repeat the change."
                )
            data = motions.MotionData.of(current)
        else:
            data = motions.MotionData(title="", mover_id=None)
        if args.title is not None:
            data.title = args.title
        if args.mover is not None:
            data.mover_id = _person_id(session, args.mover)
        if args.seconder is not None:
            data.seconder_ids = [_person_id(session, ref) for ref in args.seconder]
        if args.presented_for is not None:
            data.presented_for_id = (
                _person_id(session, args.presented_for) if args.presented_for.strip() else None
            )
        if args.committee is not None:
            data.committee_id = (
                motions.find_committee(session=session, ref=args.committee).id
                if args.committee.strip()
                else None
            )
        if args.introduced_on is not None:
            data.introduced_on = args.introduced_on
        if args.council_file is not None:
            data.council_file = args.council_file or None
        if args.kind is not None:
            data.kind = args.kind
        if args.resolution_number is not None:
            data.resolution_number = args.resolution_number
        if args.recital is not None or args.operative is not None:
            keep = [
                c
                for c in data.clauses
                if (
                    (args.recital is None and c.kind == "recital")
                    or (args.operative is None and c.kind == "operative")
                )
            ]
            recitals = [motions.ClauseData("recital", t) for t in args.recital or []]
            operative = [motions.ClauseData("operative", t) for t in args.operative or []]
            data.clauses = (
                [c for c in keep if c.kind == "recital"]
                + recitals
                + [c for c in keep if c.kind == "operative"]
                + operative
            )
        if args.action == "update":
            motion = motions.update_motion(
                session=session, motion_id=args.id, data=data, expected_version=version
            )
        else:
            motion = motions.create_motion(session=session, data=data)
        result = records.motion_dict(session, motion)
    if args.json:
        print_json(result)
    else:
        print(f"Saved motion {result['id']}: {result['title']}")
    return 0


def cmd_motion_delete(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        version = motions.get_motion(session=session, motion_id=args.id).version
        motions.delete_motion(session=session, motion_id=args.id, expected_version=version)
    print(f"Deleted motion {args.id}.")
    return 0


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    path: Path = args.file
    filenames.check_output_path(path, field="file")
    if path.exists() and not args.force:
        raise Invalid(f"{path} already exists. Choose another name or add --force to overwrite it.")
    if not path.parent.exists():
        raise Invalid(
            f"The folder {path.parent} does not exist. Create it first, or choose a file in "
            "another folder."
        )
    with db.session_scope(ctx.engine) as session:
        count = exchange.export_file(session, path, progress=_progress)
    print(f"Exported {count} records to {path}.")
    return 0


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    exchange.load_file(args.file)
    engine = ctx.engine
    if args.replace:
        path = db.sqlite_path(str(engine.url))
        if path is not None and path.exists():
            backup = path.with_name(path.name + ".before-import.bak")
            db.backup_sqlite(path, backup)
            print(f"Backed up the database to {backup}.")
    with db.session_scope(engine) as session:
        count = exchange.import_file(session, args.file, replace=args.replace, progress=_progress)
    print(f"Imported {count} records from {args.file}.")
    return 0
