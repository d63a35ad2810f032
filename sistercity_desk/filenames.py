"""The one check of a file name the app is asked to write: documents, exports and backups."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from .errors import Invalid
from .text import clean

#: Device names of Windows: writing to "NUL.json" or "AUX .docx" writes to no file there.
WINDOWS_RESERVED = re.compile(
    r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])\s*(\..*)?$", re.IGNORECASE
)
#: Characters file systems refuse or that change what a name shows: controls, Windows'
#: forbidden set, and the bidirectional controls that make "cod.exe" read "exe.doc".
UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]')
#: What most file systems take in one name (NTFS counts characters, the others bytes).
MAX_NAME_BYTES = 255


def check_output_path(path: Path, *, field: str = "out") -> None:
    """Refuse a file the app cannot safely write to: a name no common system can hold
    (control characters, bidirectional overrides, a device name of Windows, too long), a
    folder, a device or other special file, or a link that points at nothing."""
    name = path.name
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir or not name or name in (".", ".."):
        raise Invalid(f"{path} is a folder; give the name of a file in it.", field=field)
    if UNSAFE_CHARS.search(name) or any(ch in name for ch in "\ufffe\uffff"):
        raise Invalid(
            f"The file name {clean(name)!r} has characters a file name cannot hold (control "
            'characters, direction overrides, or one of < > : " / \\ | ? *). Choose another '
            "name.",
            field=field,
        )
    if WINDOWS_RESERVED.match(name):
        raise Invalid(
            f"{name} is a device name on Windows, not a file name. Choose another name.",
            field=field,
        )
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise Invalid(
            f"The file name is {size} bytes long; file systems take at most {MAX_NAME_BYTES}. "
            "Choose a shorter name.",
            field=field,
        )
    try:
        if path.is_symlink() and not path.exists():
            raise Invalid(
                f"{path} is a link to a file that does not exist; give the name of a real file.",
                field=field,
            )
        mode = path.stat().st_mode if path.exists() else None
    except (OSError, ValueError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise Invalid(
            f"{path} is not a regular file (a device, pipe or socket); choose a file name.",
            field=field,
        )
