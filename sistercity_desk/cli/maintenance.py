"""Commands of the command line: maintenance (backup, restore, check, backups, connect)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from .. import backup, db, filenames, opening, secrets, settings
from ..errors import Invalid
from . import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="back the database up (a SQLite copy, or a JSON export of a server database)",
    )
    p.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="where to write it (default: a timestamped file in the backups folder)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database with a backup (the current one is kept first)",
    )
    p.add_argument("file", type=Path, help="a backup: a .db copy or a .json export")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser(
        "check",
        help="check the database: integrity, schema revision, search index",
    )
    p.add_argument("--repair", action="store_true", help="rebuild the search index first")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backups", help="list the backups in the backups folder, newest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser(
        "connect",
        help="make a database this desktop's default; a password goes to the system keyring",
    )
    p.add_argument("url", help="e.g. postgresql+psycopg://aide@db.office.local/desk")
    p.add_argument(
        "--ask-password",
        action="store_true",
        help="ask for the password (not echoed) and keep it in the system keyring",
    )
    p.set_defaults(handler=cmd_connect)


def cmd_backup(args: argparse.Namespace, ctx: Any) -> int:
    target: Path | None = args.file
    if target is not None and not target.is_dir():
        filenames.check_output_path(target, field="file")
    if target is not None and target.exists() and not target.is_dir() and not args.force:
        raise Invalid(f"{target} already exists. Choose another name or add --force.")
    if target is not None and not target.expanduser().resolve().parent.is_dir():
        raise Invalid(
            f"The folder {target.parent} does not exist. Create it first, or choose a file in "
            "another folder."
        )
    written = backup.make_backup(ctx.db_arg, target)
    print(f"Backed up {db.safe_url(db.resolve_url(ctx.db_arg))} to {written}.")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Any) -> int:
    url = db.resolve_url(ctx.db_arg)
    kept = backup.restore(args.file, url)
    print(f"Restored {args.file} into {db.safe_url(url)}.")
    if kept is not None:
        print(f"The database as it was before is kept at {kept}.")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Any) -> int:
    if args.repair:
        count = backup.repair_search_index(ctx.db_arg)
        print(f"Search index rebuilt: {count} entries.")
    report = backup.check(ctx.db_arg)
    for line in report.lines:
        print(line)
    if report.ok:
        print("No problems found.")
        return 0
    for problem in report.problems:
        print(f"PROBLEM: {' '.join(problem.split())}", file=sys.stderr)
    return 1


def cmd_backups(args: argparse.Namespace, ctx: Any) -> int:
    items = backup.list_backups()
    if args.json:
        print_json([backup.describe(b) for b in items])
        return 0
    if not items:
        print("No backups yet.")
    for item in items:
        print(f"{item.created:%Y-%m-%d %H:%M:%S}  {item.size:>10}  {item.path}")
    return 0


def cmd_connect(args: argparse.Namespace, ctx: Any) -> int:
    url = db.resolve_url(args.url)
    if args.ask_password:
        if not secrets.uses_password(url):
            raise Invalid("That database has no user name, so it has no password to keep.")
        secrets.store_password(url, getpass.getpass(f"Password for {secrets.keyring_user(url)}: "))
    stored = secrets.remember(url)
    # Proves the address, the password and the schema now, not at the next start.
    engine = opening.open_database(stored)
    engine.dispose()
    current = settings.load()
    current.database_url = stored
    settings.save(current)
    print(f"This desktop now uses {db.safe_url(stored)}.")
    if secrets.uses_password(stored) and secrets.get_password(stored):
        print("Its password is kept in the system keyring, not in the settings file.")
    return 0
