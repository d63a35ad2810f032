"""Commands of the command line: accessibility (check-pdf)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Adds check-pdf."""
    p = sub.add_parser(
        "check-pdf",
        help="check that PDFs are accessible (tagged PDF/UA, language, title, fonts, alt "
        "text); exit 0: no problem found, 1: problems (named)",
        description="The machine checks of PDF/UA-1 and WCAG 2.1 AA that a program can "
        "decide (docs/accessibility.md says what they are and what needs a person).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a PDF file")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(handler=cmd_check_pdf)


def cmd_check_pdf(args: argparse.Namespace, ctx: Any) -> int:
    from ..documents import accessibility

    report: dict[str, list[dict[str, Any]]] = {}
    failed = False
    for name in args.files:
        path = Path(name)
        findings = accessibility.check_pdf(path)
        failed = failed or bool(findings)
        report[str(path)] = [
            {"rule": f.rule, "page": f.page, "message": f.message} for f in findings
        ]
        if args.json:
            continue
        if not findings:
            print(f"{path}: ok (tagged PDF/UA, language, title, fonts embedded, PDF/A)")
        for finding in findings:
            print(f"{path}: {finding}", file=sys.stderr)
    if args.json:
        print_json(report)
    return 1 if failed else 0
