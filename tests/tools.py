"""Outside programs the tests need: skip when one is missing, but fail under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest


def in_ci() -> bool:
    """True when the run is CI's (env CI set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tool(name: str, why: str) -> None:
    """Skip the test because ``name`` is not installed; under CI that is a failure, since CI
    installs every tool and a silent skip would hide a test that never ran."""
    message = f"{name} is not available: {why}"
    if in_ci():
        pytest.fail(f"{message} (CI installs it, so this is a broken setup)", pytrace=False)
    pytest.skip(message)


def require_tool(name: str, candidates: Iterable[str | Path] = ()) -> Path:
    """The path of the program ``name``: on PATH, else the first existing ``candidates``.
    Skips the test when it is missing (fails under CI)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file() and os.access(path, os.X_OK):
            return path
    missing_tool(name, "not on PATH" + (" nor at the usual places" if candidates else ""))
    raise AssertionError("unreachable")  # pytest.skip/fail raise
