"""Files the documents are written to: safe names, atomic placing, hashes."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from .. import filenames
from ..errors import Conflict
from ..text import clean

# --------------------------------------------------------------------------- file names

_WINDOWS_RESERVED = filenames.WINDOWS_RESERVED
_UNSAFE_CHARS = filenames.UNSAFE_CHARS


def safe_filename(
    title: str, *, suffix: str = "", max_bytes: int = 120, fallback: str = "document"
) -> str:
    """A file name made from a title that every common system accepts.

    No path separators or characters Windows refuses, no reserved device names (CON, NUL,
    COM1 ...), no leading or trailing dots and spaces, at most ``max_bytes`` bytes of UTF-8
    (file systems count bytes; Cyrillic takes two), never empty. ``suffix`` (".docx") is
    added after the limits are applied.
    """
    name = unicodedata.normalize("NFC", clean(title))
    name = _UNSAFE_CHARS.sub("-", name)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"-{2,}", "-", name).strip(" .-")
    budget = max(1, max_bytes - len(suffix.encode("utf-8")))
    while len(name.encode("utf-8")) > budget:
        name = name[:-1]
    name = name.rstrip(" .-")
    if not name:
        name = fallback
    if _WINDOWS_RESERVED.match(name) or _WINDOWS_RESERVED.match(name + suffix):
        name = f"_{name}"
    return name + suffix


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


#: The longest file name (in bytes of UTF-8) common file systems take.
MAX_NAME_BYTES = filenames.MAX_NAME_BYTES


def check_output_name(path: Path) -> None:
    """Refuse a file name no common system can hold, a folder, a device or a dangling link
    (``filenames.check_output_path``: the same check as exports and backups)."""
    filenames.check_output_path(path, field="out")


def refuse_existing(path: Path, overwrite: bool) -> None:
    check_output_name(path)
    if path.exists() and not overwrite:
        raise Conflict(
            f"{path} already exists. Choose another file name, or allow replacing it "
            "(--overwrite on the command line)."
        )


def temp_beside(path: Path, suffix: str) -> Path:
    """A new empty temporary file in the target's folder, so the final rename is atomic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); a document is for sharing like any file the
    # person saves, so it gets the usual permissions (the umask decides).
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def place_file(tmp: Path, target: Path, *, overwrite: bool) -> Path:
    """Move a finished temporary file into place in one step, never over an existing file
    unless ``overwrite``."""
    if overwrite:
        os.replace(tmp, target)
        return target
    try:
        # A hard link fails if the target exists, closing the gap between check and rename.
        os.link(tmp, target)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        refuse_existing(target, overwrite=False)
        raise
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links.
        refuse_existing(target, overwrite=False)
        os.replace(tmp, target)
        return target
    tmp.unlink()
    return target


def write_atomically(
    target: Path, suffix: str, write: Callable[[Path], None], *, overwrite: bool
) -> Path:
    """``write(tmp)`` into a new temporary file beside ``target``, then move it into place
    (``place_file``); the temporary file never outlives a failure."""
    tmp = temp_beside(target, suffix)
    try:
        write(tmp)
        return place_file(tmp, target, overwrite=overwrite)
    finally:
        tmp.unlink(missing_ok=True)
