"""Commands of the command line: documents (render, packet, templates)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from .. import db
from ..documents import packets, render, templates
from ..documents.accessibility import check_template_accessibility
from ..errors import Invalid


def register(sub: argparse._SubParsersAction) -> None:
    """Adds render, packet and templates."""
    p = sub.add_parser(
        "render",
        help="make the Word or PDF document of a motion, agreement or vote sheet",
        description="Make a document from the office's template. A resolution is a motion "
        "of kind resolution and gets resolution.docx. The record is frozen as a revision "
        "first (the identical latest one is reused) and the document is made from it, so "
        "its footer names a revision 'revisions' lists. Drafts carry a diagonal DRAFT "
        "watermark; --final makes a final copy once the record's text is fixed (a motion "
        "ready for signatures, a resolution adopted, an agreement approved for signature). "
        "Adopted and signed records are always final.",
    )
    p.add_argument(
        "kind",
        choices=["motion", "agreement", "vote-sheet"],
        metavar="KIND",
        help="motion, agreement or vote-sheet (the vote sheet of a motion)",
    )
    p.add_argument("record_id", type=int, metavar="ID")
    p.add_argument(
        "--format",
        dest="fmt",
        choices=["docx", "pdf"],
        default="docx",
        help="docx (default) or pdf (needs LibreOffice)",
    )
    p.add_argument(
        "--template",
        metavar="NAME",
        help="a template name from the office or shipped templates, or a file path",
    )
    p.add_argument(
        "--out",
        metavar="PATH",
        type=Path,
        help="the file to write (default: a name made from the title, here)",
    )
    p.add_argument(
        "--final", action="store_true", help="a final copy (no DRAFT watermark), when allowed"
    )
    p.add_argument("--overwrite", action="store_true", help="replace an existing file")
    p.add_argument(
        "--pdfa",
        action="store_true",
        help="kept for old scripts: every PDF is now PDF/A-2b and tagged PDF/UA-1",
    )
    p.set_defaults(handler=cmd_render)

    p = sub.add_parser(
        "packet",
        help="one PDF: a cover page, then each motion followed by its vote sheet",
    )
    p.add_argument("motion_ids", type=int, nargs="+", metavar="MOTION_ID")
    p.add_argument("--out", metavar="FILE.pdf", type=Path, required=True)
    p.add_argument("--title", default="Motions for the vote", help="the cover page's title")
    p.add_argument(
        "--meeting-date",
        metavar="YYYY-MM-DD",
        help="the meeting the packet is for, printed on the cover (default: the next meeting)",
    )
    p.add_argument(
        "--final",
        action="store_true",
        help="final copies (every motion must be ready for signatures or later)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace an existing file")
    p.set_defaults(handler=cmd_packet)

    p = sub.add_parser("templates", help="list the Word templates, or check them")
    ts = p.add_subparsers(dest="templates_action", metavar="ACTION", required=True)
    q = ts.add_parser("list", help="every template and where it comes from")
    q.set_defaults(handler=cmd_templates_list)
    q = ts.add_parser(
        "check",
        help="check templates against the documented fields, and for what makes their "
        "documents inaccessible (exit 1 on any problem)",
    )
    q.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a template file or name (default: every template in use)",
    )
    q.add_argument(
        "--kind",
        choices=sorted(templates.TEMPLATE_FILES),
        help="the kind of document the template is for (default: from its name)",
    )
    q.set_defaults(handler=cmd_templates_check)


def _check_folder(out: Path) -> None:
    """A file on the command line goes into a folder that exists: a mistyped folder is
    refused, not created."""
    render.check_output_name(out)
    folder = out.parent
    if not folder.is_dir():
        raise Invalid(
            f"The folder {folder} does not exist. Create it first, or give --out a file in a "
            "folder that exists.",
            field="out",
        )


def cmd_render(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        out: Path = args.out or Path.cwd() / (
            render.default_name(session, args.kind, args.record_id) + f".{args.fmt}"
        )
        _check_folder(out)
        if out.suffix.lower() != f".{args.fmt}":
            raise Invalid(
                f"The output file {out.name} must end in .{args.fmt} for --format {args.fmt}.",
                field="out",
            )
        row = render.produce(
            session,
            args.kind,
            args.record_id,
            out,
            fmt=args.fmt,
            template=args.template,
            final=args.final,
            overwrite=args.overwrite,
            pdfa=args.pdfa,
        )
        print(row.path)
    return 0


def cmd_packet(args: argparse.Namespace, ctx: Any) -> int:
    _check_folder(args.out)
    if args.out.suffix.lower() != ".pdf":
        raise Invalid("A packet is a PDF: give --out a name ending in .pdf.", field="out")
    meeting = None
    if args.meeting_date:
        try:
            meeting = dt.date.fromisoformat(args.meeting_date)
        except ValueError:
            raise Invalid(
                f"'{args.meeting_date}' is not a date; write the meeting day as YYYY-MM-DD.",
                field="meeting_date",
            ) from None
    with db.session_scope(ctx.engine) as session:
        path = packets.build_packet(
            session,
            args.motion_ids,
            args.out,
            title=args.title,
            final=args.final,
            overwrite=args.overwrite,
            meeting_date=meeting,
        )
        print(path.resolve())
    return 0


def cmd_templates_list(args: argparse.Namespace, ctx: Any) -> int:
    for info in templates.list_templates():
        note = " (replaces the shipped one)" if info.overrides else ""
        print(f"{info.name}\t{info.source}{note}\t{info.path}")
    return 0


def cmd_templates_check(args: argparse.Namespace, ctx: Any) -> int:
    if args.file:
        paths = [templates.find_template(args.file)]
    else:
        paths = [t.path for t in templates.list_templates()]
    failed = False
    for path in paths:
        problems = templates.check_template(path, args.kind)
        # What would make its documents inaccessible (docs/accessibility.md).
        problems += check_template_accessibility(path)
        if not problems:
            print(f"{path.name}: ok")
            continue
        failed = True
        for problem in problems:
            print(f"{path.name}: {problem}", file=sys.stderr)
    return 1 if failed else 0
