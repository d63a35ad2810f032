"""Where LibreOffice's soffice program is: the settings' path, else PATH, else the usual
install places."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .. import settings as settings_mod
from ..errors import Unavailable

INSTALL_HINT = (
    "Install LibreOffice from https://www.libreoffice.org/download/ (Debian/Ubuntu: "
    "'apt-get install libreoffice-writer-nogui'), or set the path to its 'soffice' program "
    "in Settings. Word (.docx) output works without it."
)


def _standard_places() -> list[Path]:
    places: list[Path] = []
    if sys.platform == "win32":
        for env in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
            root = os.environ.get(env)
            if root:
                places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
        places.append(Path(r"C:\Program Files\LibreOffice\program\soffice.exe"))
    elif sys.platform == "darwin":
        places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
        places.append(Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    else:
        places += [
            Path("/usr/bin/soffice"),
            Path("/usr/lib/libreoffice/program/soffice"),
            Path("/opt/libreoffice/program/soffice"),
            Path("/snap/bin/libreoffice"),
        ]
    return places


def find_soffice(configured: str | None = None) -> Path:
    """LibreOffice's soffice: the settings' libreoffice_path when set (and it must exist),
    else PATH, else the standard install places of Windows, macOS and Linux."""
    if configured is None:
        configured = settings_mod.load().libreoffice_path
    if configured:
        path = Path(configured).expanduser()
        if path.is_dir():
            for name in (
                "soffice",
                "soffice.exe",
                "program/soffice",
                "program/soffice.exe",
                "Contents/MacOS/soffice",
            ):
                if (path / name).is_file():
                    return path / name
        if path.is_file():
            return path
        raise Unavailable(
            f"LibreOffice was not found at {configured}, the path given in Settings. "
            f"Correct the path or clear it to search the usual places. {INSTALL_HINT}"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _standard_places():
        if place.is_file():
            return place
    raise Unavailable(f"PDF needs LibreOffice, which is not installed here. {INSTALL_HINT}")
