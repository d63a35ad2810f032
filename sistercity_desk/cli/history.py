"""Commands of the command line: history (revisions, save, restore, compare, redline, verify)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import compare as cmp
from .. import db, revisions
from ..errors import DeskError
from ..models import Revision
from . import print_json

KIND_CHOICES = ("motion", "agreement")


def register(sub: argparse._SubParsersAction) -> None:
    """Adds this module's commands."""
    p = sub.add_parser("revisions", help="list the saved revisions of a motion or agreement")
    _record_args(p)
    p.add_argument("--json", action="store_true", help="print JSON (with each content)")
    p.set_defaults(handler=cmd_revisions)

    p = sub.add_parser(
        "save-version",
        help="freeze the working draft as a new numbered revision (nothing happens when it "
        "equals the latest)",
    )
    _record_args(p)
    p.add_argument("--reason", default="saved", help="why (shown in the history)")
    p.set_defaults(handler=cmd_save_version)

    # "restore" (without -version) restores the database from a backup (cli/maintenance.py).
    p = sub.add_parser(
        "restore-version",
        help="make revision N the working draft again (an adopted motion or a signed "
        "agreement gets a new draft copy instead); nothing is deleted",
    )
    _record_args(p)
    p.add_argument("number", type=int, help="the revision to restore")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("compare", help="word-level differences between two versions")
    _record_args(p)
    _sides(p)
    p.add_argument("--json", action="store_true", help="print the blocks as JSON")
    p.add_argument("--all", action="store_true", help="also list unchanged fields and clauses")
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser(
        "redline", help="write a Word document AS AMENDED, with the changes as tracked changes"
    )
    _record_args(p)
    _sides(p)
    p.add_argument("--out", type=Path, required=True, help="the .docx to write")
    p.add_argument("--overwrite", action="store_true", help="replace an existing file")
    p.set_defaults(handler=cmd_redline)

    p = sub.add_parser(
        "verify",
        help="read a printed document's footer back and check its text against the "
        "revision it names (exit 0: unchanged, 1: changed)",
    )
    p.add_argument("file", type=Path, help="a .docx or PDF made by SisterCity Desk")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_verify)


def _record_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=KIND_CHOICES)
    p.add_argument("id", type=int)


def _side(value: str) -> cmp.Side:
    try:
        return cmp.parse_side(value)
    except DeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _sides(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="old",
        type=_side,
        required=True,
        metavar="N",
        help="the older revision number",
    )
    p.add_argument(
        "--to",
        dest="new",
        type=_side,
        default=cmp.DRAFT,
        metavar="M|draft",
        help="the newer revision number, or 'draft' for the working draft (the default)",
    )


def revision_dict(revision: Revision, *, content: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": revision.number,
        "record_kind": revision.record_kind,
        "record_id": revision.record_id,
        "created_at": revision.created_at.isoformat(),
        "author": revision.author,
        "reason": revision.reason,
        "fingerprint": revision.fingerprint,
    }
    if content:
        data["content"] = revision.content
    return data


def cmd_revisions(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        rows = revisions.list_revisions(session=session, kind=args.kind, record_id=args.id)
        unsaved = bool(rows) and revisions.is_unsaved(
            session=session, kind=args.kind, record_id=args.id
        )
        data = [revision_dict(r, content=args.json) for r in rows]
    if args.json:
        print_json(data)
        return 0
    if not data:
        print(
            f"{args.kind.capitalize()} {args.id} has no saved revisions yet "
            f"(save one with 'sistercity save-version {args.kind} {args.id}')."
        )
        return 0
    print(f"{'NO':>3}  {'SAVED (UTC)':16}  {'FINGERPRINT':11}  {'AUTHOR':16}  REASON")
    for row in data:
        print(
            f"{row['number']:>3}  {row['created_at'][:16].replace('T', ' '):16}  "
            f"{row['fingerprint'][:8]:11}  {row['author'][:16]:16}  {row['reason']}"
        )
    if unsaved:
        print("The working draft has changes not saved as a revision.")
    return 0


def cmd_save_version(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        before = revisions.latest_revision(session, args.kind, args.id)
        revision = revisions.save_version(
            session=session, kind=args.kind, record_id=args.id, reason=args.reason
        )
        number, digest = revision.number, revision.fingerprint
    if before is not None and before.number == number:
        print(f"Nothing changed since revision {number} ({digest[:8]}); no new revision.")
    else:
        print(f"Saved {args.kind} {args.id} as revision {number} ({digest[:8]}).")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        result = revisions.restore_version(
            session=session, kind=args.kind, record_id=args.id, number=args.number
        )
        message = result.message
    print(message)
    return 0


def _marked(block: cmp.Block) -> str:
    out = []
    for seg in block.segments:
        if seg.op == "insert":
            out.append(f"{{+{seg.text}+}}")
        elif seg.op == "delete":
            out.append(f"[-{seg.text}-]")
        else:
            out.append(seg.text)
    return "".join(out)


def cmd_compare(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        comparison = cmp.compare(
            session=session, kind=args.kind, record_id=args.id, old=args.old, new=args.new
        )
    if args.json:
        print_json(comparison.to_dict())
        return 0
    print(f"{args.kind.capitalize()} {args.id}: {comparison.old_label} -> {comparison.new_label}")
    if not comparison.changed:
        print("No differences.")
        return 0
    for block in comparison.blocks:
        if block.op == "equal" and not args.all:
            continue
        print(f"\n{block.label} [{block.op}]")
        print(f"  {_marked(block)}")
    return 0


def cmd_redline(args: argparse.Namespace, ctx: Any) -> int:
    from ..documents.redline import write_redline

    with db.session_scope(ctx.engine) as session:
        result = write_redline(
            session=session,
            kind=args.kind,
            record_id=args.id,
            old=args.old,
            new=args.new,
            out=args.out,
            overwrite=args.overwrite,
        )
    print(
        f"Wrote {result.path}: {result.comparison.old_label} to "
        f"{result.comparison.new_label.lower()}, {result.insertions} insertion(s) and "
        f"{result.deletions} deletion(s) as tracked changes."
    )
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Any) -> int:
    from ..documents.verify import verify

    with db.session_scope(ctx.engine) as session:
        result = verify(session, args.file)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result.message)
    return 0 if result.matches else 1
