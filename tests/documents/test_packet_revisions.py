"""A packet freezes each motion as a revision recorded as printed in a packet."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import MakeMotion
from pypdf import PdfReader, PdfWriter
from sqlmodel import Session
from tools import require_tool

from sistercity_desk import revisions
from sistercity_desk.cli import main
from sistercity_desk.documents import context, packets, pdf
from sistercity_desk.documents.render import render_docx
from sistercity_desk.documents.templates import template_for

pytestmark = pytest.mark.libreoffice


def test_packet_revisions_say_packet(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    require_tool("soffice")
    first = make_motion(title="Street trees")
    second = make_motion(title="Library hours")
    packets.build_packet(session, [first.id or 0, second.id or 0], tmp_path / "packet.pdf")
    for motion in (first, second):
        history = revisions.list_revisions(session=session, kind="motion", record_id=motion.id or 0)
        assert [r.reason for r in history] == ["packet"]


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def _edited_docx(source: Path, target: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            dst.writestr(info, data)
    return target


def test_an_untouched_packet_verifies_part_by_part_with_running_page_numbers(
    session: Session, make_motion: MakeMotion, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_tool("soffice")
    first = make_motion(title="Street trees")
    second = make_motion(title="Library hours")
    ids = [first.id or 0, second.id or 0]
    db = str(session.get_bind().url.database)
    out = tmp_path / "p.pdf"
    assert main(["--db", db, "packet", *map(str, ids), "--out", str(out)]) == 0
    capsys.readouterr()
    pages = _page_texts(out)
    total = len(pages)
    assert total >= 5
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {total}" in text, text[-120:]
    # Each part keeps its own footer: record, revision, fingerprint.
    for motion_id in ids:
        assert any(f"Motion {motion_id} · Revision 1 ·" in t for t in pages)
        assert any(f"Vote sheet · Motion {motion_id} · Revision 1 ·" in t for t in pages)
    assert main(["--db", db, "verify", str(out)]) == 0, capsys.readouterr()
    assert "packet of 4 part(s)" in capsys.readouterr().out

    # One word changed in the second motion's pages: caught, and the paragraph named.
    session.expire_all()
    revision = revisions.latest_revision(session, "motion", ids[1])
    assert revision is not None
    part = tmp_path / "part.docx"
    render_docx(
        template_for("motion"),
        context.revision_context(session, revision, "motion"),
        part,
        kind="motion",
    )
    edited = _edited_docx(
        part, tmp_path / "edited-part.docx", "A second paragraph.", "A second page."
    )
    (edited_pdf,) = pdf.convert_to_pdf([edited], tmp_path / "pdf")
    spliced = PdfWriter()
    original = PdfReader(str(out))
    replacement = PdfReader(str(edited_pdf))
    for n, text in enumerate(pages):
        if f"Motion {ids[1]} · Revision 1" in text and not text.count("Vote sheet"):
            spliced.add_page(replacement.pages[0])
        else:
            spliced.add_page(original.pages[n])
    tampered = tmp_path / "tampered.pdf"
    with tampered.open("wb") as handle:
        spliced.write(handle)
    assert main(["--db", db, "verify", str(tampered)]) == 1
    message = capsys.readouterr().out
    assert "paragraph" in message and "second" in message
