"""Print packets: a cover page, then each motion followed by its vote sheet, as one PDF."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from sqlmodel import Session

from ..errors import DeskError
from ..models import GeneratedDocument, MotionKind, Revision
from ..revisions import current_revision
from . import context as ctx_mod
from .compose import compose
from .files import refuse_existing, sha256_file, write_atomically
from .pdf import convert_to_pdf, find_soffice
from .render import final_copy, render_docx
from .templates import template_for

Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]


class Cancelled(DeskError):
    """The person stopped the work; nothing was written."""


def _is_resolution(revision: Revision) -> bool:
    return bool(revision.content.get("motion_kind") == MotionKind.RESOLUTION.value)


def set_title(path: Path, title: str) -> None:
    """The packet's title in its document properties (the PDF's title)."""
    doc = Document(str(path))
    doc.core_properties.title = title
    doc.save(str(path))


def build_packet(
    session: Session,
    motion_ids: Sequence[int],
    out_path: Path,
    *,
    title: str = "Motions for the vote",
    final: bool = False,
    overwrite: bool = False,
    author: str | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    timeout: float = 300.0,
) -> Path:
    """One PDF: a cover page listing the items, then each motion and its vote sheet.

    Every part is rendered from the revision it is frozen as, the parts are composed into
    one Word document (a section each, each with its own footer naming its record,
    revision and fingerprint; "Page n of N" counts the whole packet), converted once, and
    the packet is moved into place only when complete. ``progress(done, total, label)``
    is called as each step starts and at the end; ``should_cancel()`` is asked between
    steps, and when it says yes the work stops with Cancelled and leaves no files behind.
    Each motion's revision is recorded as a GeneratedDocument pointing at the packet.
    """
    out_path = Path(out_path)
    if not motion_ids:
        raise DeskError("A packet needs at least one motion.")
    refuse_existing(out_path, overwrite)
    soffice = find_soffice()  # fail at once, before any work, when PDF cannot be made
    author = author or ctx_mod.default_author(session)
    total = 3 + 2 * len(motion_ids)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        if should_cancel is not None and should_cancel():
            raise Cancelled("The packet was cancelled; no file was written.")
        if progress is not None:
            progress(done, total, label)
        done += 1

    with tempfile.TemporaryDirectory(prefix="sistercity-packet-") as work:
        work_dir = Path(work)
        docs: list[Path] = []
        # Frozen first: every part is made from its revision's content, and the cover
        # names the same revisions.
        revisions = [
            (
                motion_id,
                current_revision(session, "motion", motion_id, author=author, reason="packet"),
            )
            for motion_id in motion_ids
        ]
        step("Cover page")
        cover = work_dir / "000-cover.docx"
        render_docx(
            template_for("packet_cover"),
            ctx_mod.packet_context(
                session,
                motion_ids,
                title=title,
                final=final,
                author=author,
                revisions=[r for _, r in revisions],
            ),
            cover,
            kind="packet_cover",
        )
        docs.append(cover)
        for n, (motion_id, revision) in enumerate(revisions, start=1):
            step(f"Motion {motion_id}")
            path = work_dir / f"{n:03d}-a-motion-{motion_id}.docx"
            doc_kind = "resolution" if _is_resolution(revision) else "motion"
            final_part = final_copy(session, doc_kind, "motion", motion_id, final)
            context = ctx_mod.revision_context(session, revision, doc_kind, final=final_part)
            render_docx(template_for(doc_kind), context, path, kind=doc_kind)
            docs.append(path)
            step(f"Vote sheet of motion {motion_id}")
            path = work_dir / f"{n:03d}-b-vote-{motion_id}.docx"
            render_docx(
                template_for("vote_sheet"),
                ctx_mod.as_vote_sheet(context),
                path,
                kind="vote_sheet",
            )
            docs.append(path)
        step("Converting to PDF")
        # One document, one section per part, converted once (see compose.py for why).
        whole = compose(docs, work_dir / "packet.docx")
        set_title(whole, title)
        (made,) = convert_to_pdf(
            [whole], work_dir / "pdf", timeout=timeout, soffice=soffice, should_cancel=should_cancel
        )
        step("Writing the packet")

        def write(tmp: Path) -> None:
            shutil.copyfile(made, tmp)
            if should_cancel is not None and should_cancel():
                raise Cancelled("The packet was cancelled; no file was written.")

        write_atomically(out_path, ".pdf.tmp", write, overwrite=overwrite)
    digest = sha256_file(out_path)
    for motion_id, revision in revisions:
        session.add(
            GeneratedDocument(
                record_kind="motion",
                record_id=motion_id,
                revision_id=revision.id,
                template="packet",
                format="pdf",
                path=str(out_path.resolve()),
                sha256=digest,
                final=final,
            )
        )
    session.flush()
    if progress is not None:
        progress(total, total, "Done")
    return out_path
