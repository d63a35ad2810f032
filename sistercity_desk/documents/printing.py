"""Preview and print: renders that record nothing, the record of each printed copy, and the
motions of a meeting for its packet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from ..errors import DeskError, Invalid
from ..models import GeneratedDocument, Motion, Revision, Vote
from ..revisions import (
    add_revision,
    current_revision,
    fingerprint,
    latest_revision,
    snapshot,
)
from . import context as ctx_mod
from .pdf import convert_to_pdf, find_soffice
from .render import (
    default_name,
    document_parts,
    final_copy,
    is_settled,
    record_status,
    render_docx,
)

#: The format a printed copy is recorded with (beside "docx" and "pdf" for saved files).
PRINT_FORMAT = "print"


@dataclass(frozen=True)
class Rendered:
    """A rendered document: plain data, safe to hand between threads.

    A preview (``revision_number`` None) shows the working draft and its footer says so;
    nothing was written to the database for it. A copy for printing or saving
    (``render_for_print``) was made from a stored revision, whose number its footer names.
    """

    kind: str
    record_kind: str
    record_id: int
    template: str
    revision_number: int | None
    revision_stored: bool
    fingerprint: str
    name: str
    docx: Path
    pdf: Path | None
    final: bool = False
    content: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def preview_revision(session: Session, record_kind: str, record_id: int) -> Revision:
    """The working draft as an unsaved revision (never added to the session): its content
    and fingerprint, numbered one past the latest (a number no footer shows)."""
    content = snapshot(session, record_kind, record_id)
    latest = latest_revision(session, record_kind, record_id)
    return Revision(
        record_kind=record_kind,
        record_id=record_id,
        number=(latest.number + 1) if latest is not None else 1,
        fingerprint=fingerprint(content),
        content=content,
    )


def _render(
    session: Session,
    kind: str,
    record_id: int,
    out_dir: Path,
    *,
    template: str | None,
    final: bool,
    pdf: bool,
    soffice: Path | None,
    should_cancel: Callable[[], bool] | None,
    revision: Revision | None,
) -> Rendered:
    program = (soffice or find_soffice()) if pdf else None
    doc_kind, record_kind, template_path = document_parts(session, kind, record_id, template)
    if revision is None:
        # A preview: the working draft, unmarked DRAFT only once the record is settled.
        shown = preview_revision(session, record_kind, record_id)
        final = is_settled(record_status(session, record_kind, record_id))
    else:
        shown = revision
        final = final_copy(session, doc_kind, record_kind, record_id, final)
    context = ctx_mod.revision_context(session, shown, doc_kind, final=final)
    name = default_name(session, kind, record_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docx = render_docx(
        template_path, context, out_dir / f"{name}.docx", kind=doc_kind, overwrite=True
    )
    made: Path | None = None
    if program is not None:
        made = convert_to_pdf(
            [docx],
            out_dir,
            names=[f"{name}.pdf"],
            overwrite=True,
            soffice=program,
            should_cancel=should_cancel,
        )[0]
    return Rendered(
        kind=doc_kind,
        record_kind=record_kind,
        record_id=record_id,
        template=template_path.name,
        revision_number=shown.number if revision is not None else None,
        revision_stored=revision is not None,
        fingerprint=shown.fingerprint,
        name=name,
        docx=docx,
        pdf=made,
        final=final,
        content=dict(shown.content),
    )


def render_preview(
    session: Session,
    kind: str,
    record_id: int,
    out_dir: Path,
    *,
    template: str | None = None,
    final: bool = False,
    pdf: bool = True,
    soffice: Path | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Rendered:
    """Render the working draft of a record into ``out_dir`` (a .docx, and a PDF unless
    ``pdf`` is False) for the live preview, recording nothing: no revision, no
    GeneratedDocument. Its footer says it is a preview of the working draft and names no
    revision. ``should_cancel`` stops the PDF conversion early (a newer edit, or the window
    closing). ``final`` is ignored: a preview is a draft unless the record is adopted or
    signed.

    ``kind`` is motion (a resolution gets resolution.docx), agreement or vote-sheet. Files
    already in ``out_dir`` with the same names are replaced. Raises Unavailable, with how
    to install it, when a PDF is wanted and LibreOffice cannot be found.
    """
    return _render(
        session,
        kind,
        record_id,
        out_dir,
        template=template,
        final=final,
        pdf=pdf,
        soffice=soffice,
        should_cancel=should_cancel,
        revision=None,
    )


def render_for_print(
    session: Session,
    kind: str,
    record_id: int,
    out_dir: Path,
    *,
    template: str | None = None,
    final: bool = False,
    pdf: bool = True,
    author: str | None = None,
    soffice: Path | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Rendered:
    """The copy that goes to a printer or a file: the working draft is frozen first (the
    identical latest revision reused, else a new one added and flushed: the caller
    commits) and the document is made from that revision's content, so its footer names a
    revision the history lists."""
    _, record_kind, _ = document_parts(session, kind, record_id, template)
    revision = current_revision(
        session,
        record_kind,
        record_id,
        author=author or ctx_mod.default_author(session),
        reason="print",
    )
    return _render(
        session,
        kind,
        record_id,
        out_dir,
        template=template,
        final=final,
        pdf=pdf,
        soffice=soffice,
        should_cancel=should_cancel,
        revision=revision,
    )


def revision_with_content(
    session: Session,
    record_kind: str,
    record_id: int,
    content: dict[str, Any],
    *,
    author: str,
    reason: str,
) -> Revision:
    """The stored revision holding exactly ``content``: the newest one with its fingerprint,
    else a new one numbered one higher (added and flushed; the caller commits)."""
    digest = fingerprint(content)
    found = session.exec(
        select(Revision)
        .where(
            Revision.record_kind == record_kind,
            Revision.record_id == record_id,
            Revision.fingerprint == digest,
        )
        .order_by(col(Revision.number).desc())
        .limit(1)
    ).first()
    if found is not None:
        return found
    return add_revision(session, record_kind, record_id, content, author=author, reason=reason)


def record_print(
    session: Session,
    rendered: Rendered,
    *,
    destination: str,
    sha256: str,
    author: str | None = None,
) -> GeneratedDocument:
    """Record that a rendered document was printed: the revision of the content it shows
    (stored now if it was not yet, so the footer's number and fingerprint exist), its
    template, where it went (a printer or a file) and the hash of the PDF that was printed.
    """
    if not rendered.content:
        raise Invalid("This document carries no content to record; render it again.")
    if not rendered.revision_stored:
        raise Invalid(
            "This is a preview of the working draft, which names no revision; print the "
            "copy made for printing (render_for_print) instead."
        )
    author = author or ctx_mod.default_author(session)
    revision = revision_with_content(
        session,
        rendered.record_kind,
        rendered.record_id,
        rendered.content,
        author=author,
        reason="print",
    )
    row = GeneratedDocument(
        record_kind=rendered.record_kind,
        record_id=rendered.record_id,
        revision_id=revision.id,
        template=rendered.template,
        format=PRINT_FORMAT,
        path=destination,
        sha256=sha256,
        final=rendered.final,
    )
    session.add(row)
    session.flush()
    return row


def record_packet_output(
    session: Session, packet: Path, *, destination: str, fmt: str = PRINT_FORMAT
) -> list[GeneratedDocument]:
    """Record that a packet made by ``build_packet`` was printed (or, with ``fmt`` "pdf",
    copied to ``destination``): one row per motion in it, with the revision and hash its
    making recorded."""
    made = session.exec(
        select(GeneratedDocument)
        .where(
            GeneratedDocument.path == str(Path(packet).resolve()),
            GeneratedDocument.template == "packet",
            GeneratedDocument.format == "pdf",
        )
        .order_by(col(GeneratedDocument.id))
    ).all()
    if not made:
        raise DeskError(
            f"There is no record of the packet {Path(packet).name} being made here; "
            "make it again from its motions before printing it."
        )
    latest: dict[int, GeneratedDocument] = {}
    for row in made:
        latest[row.record_id] = row  # the newest making of each motion's entry wins
    rows = [
        GeneratedDocument(
            record_kind=row.record_kind,
            record_id=row.record_id,
            revision_id=row.revision_id,
            template=row.template,
            format=fmt,
            path=destination,
            sha256=row.sha256,
            final=row.final,
        )
        for row in latest.values()
    ]
    session.add_all(rows)
    session.flush()
    return rows


def motions_for_meeting(session: Session, day: dt.date) -> list[int]:
    """The motions of a council meeting: those with a vote on ``day`` and those introduced
    that day, in Council File order (motions without a file number last, by number)."""
    voted = select(Vote.motion_id).where(Vote.meeting_date == day)
    found = session.exec(
        select(Motion).where((col(Motion.id).in_(voted)) | (col(Motion.introduced_on) == day))
    ).all()
    ordered = sorted(found, key=lambda m: (m.council_file is None, m.council_file or "", m.id))
    return [m.id for m in ordered if m.id is not None]


def latest_meeting_date(session: Session) -> dt.date | None:
    """The date of the most recent meeting with a recorded vote (None when there is none)."""
    vote = session.exec(select(Vote).order_by(col(Vote.meeting_date).desc()).limit(1)).first()
    return vote.meeting_date if vote is not None else None


def check_packet(session: Session, motion_ids: Sequence[int]) -> list[str]:
    """What would stop a packet of these motions, one line per item that has a problem
    ("Item 3, motion 12 “Title”: ..."); empty when every item can be made. Records nothing."""
    problems: list[str] = []
    for n, motion_id in enumerate(motion_ids, start=1):
        motion = session.get(Motion, motion_id)
        if motion is None:
            problems.append(f"Item {n}: there is no motion number {motion_id}.")
            continue
        title = f" “{motion.title}”" if motion.title else ""
        try:
            # The vote sheet's context is the motion's with its own document fields: one build
            # finds the problems of both.
            revision = preview_revision(session, "motion", motion_id)
            ctx_mod.motion_context(session, motion_id, revision=revision, author="preview")
        except DeskError as exc:
            problems.append(f"Item {n}, motion {motion_id}{title}: {exc.message}")
    return problems
