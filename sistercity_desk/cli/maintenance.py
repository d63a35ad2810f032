"""Commands of the command line: maintenance."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adds this module's commands (none yet)."""
