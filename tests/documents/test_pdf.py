"""PDF through LibreOffice: one page for the demo motion, packets in order, clear failures."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import MakeMotion
from pypdf import PdfReader
from sqlmodel import Session, select
from tools import require_tool

from sistercity_desk import models as m
from sistercity_desk import settings
from sistercity_desk.cli import main
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import packets, pdf, render
from sistercity_desk.documents import soffice as soffice_mod
from sistercity_desk.errors import Invalid, Unavailable

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def soffice() -> Path:
    return require_tool("soffice")


@pytest.fixture
def counting_soffice(soffice: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for soffice that logs each start, then runs the real one; set in Settings."""
    log = tmp_path / "soffice-runs.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    settings.save(settings.Settings(libreoffice_path=str(wrapper)))
    return wrapper, log


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_demo_motion_is_one_page(soffice: Path, session: Session, demo: DemoResult,
                                 tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "out" / "motion.pdf"
    row = render.produce(session, "motion", demo.motion_id, out, fmt="pdf")
    pages = _pages(out)
    assert len(pages) == 1
    assert "MOTION" in pages[0] and "I THEREFORE MOVE" in pages[0]
    assert "MITCH O'FARRELL" in pages[0] and "Revision 1" in pages[0]
    assert row.format == "pdf" and row.sha256 == render.sha256_file(out)
    assert os.listdir(out.parent) == ["motion.pdf"]  # no temporary files left beside it


def test_agreement_pdf_keeps_the_cyrillic_text(
    soffice: Path, session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "agreement.pdf"
    render.produce(session, "agreement", demo.agreement_id, out, fmt="pdf")
    text = "\n".join(_pages(out))
    assert "Стаття 1" in text and "Київський міський голова" in text
    assert "Article 7" in text and "Unit value" in text and "Line total" in text


def test_packet_has_cover_then_each_motion_and_its_vote_sheet_in_one_libreoffice_run(
    counting_soffice: tuple[Path, Path],
    session: Session,
    make_motion: MakeMotion,
    tmp_path: Path,
) -> None:
    _, log = counting_soffice
    items = [
        make_motion(title=f"Item {word}", council_file=f"22-01{n:02d}",
                    recitals=(f"The {word} paragraph.",))
        for n, word in enumerate(("Alpha", "Bravo", "Charlie"), start=1)
    ]  # fmt: skip
    calls: list[tuple[int, int, str]] = []
    out = tmp_path / "packet" / "packet.pdf"
    packets.build_packet(
        session,
        [i.id or 0 for i in items],
        out,
        progress=lambda done, total, label: calls.append((done, total, label)),
    )
    assert log.read_text().count("run") == 1  # seven documents, one LibreOffice start

    pages = _pages(out)
    assert len(pages) == 1 + 2 * len(items)
    cover = " ".join(pages[0].split())
    positions = [cover.index(f"Item {w}") for w in ("Alpha", "Bravo", "Charlie")]
    assert positions == sorted(positions)
    assert "22-0101" in cover and "(Buscaino - et al. - Raman)" in cover
    for n, word in enumerate(("Alpha", "Bravo", "Charlie")):
        motion_page, sheet_page = pages[1 + 2 * n], pages[2 + 2 * n]
        assert "MOTION" in motion_page and f"The {word} paragraph." in motion_page
        assert "ROLL CALL VOTE" in sheet_page and f"22-01{n + 1:02d}" in sheet_page
        assert f"Item {word}" in sheet_page

    totals = {total for _, total, _ in calls}
    assert totals == {9} and [d for d, _, _ in calls] == sorted(d for d, _, _ in calls)
    assert calls[-1][0] == 9 and "Converting to PDF" in [label for _, _, label in calls]
    rows = session.exec(select(m.GeneratedDocument)).all()
    assert sorted(r.record_id for r in rows) == sorted(i.id for i in items)
    assert {r.path for r in rows} == {str(out.resolve())}
    assert os.listdir(out.parent) == ["packet.pdf"]


def test_cancelled_packet_leaves_no_files(
    soffice: Path, session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    items = [make_motion(title="One"), make_motion(title="Two")]
    asked = []

    def should_cancel() -> bool:
        asked.append(1)
        return len(asked) > 3  # stop after the cover and the first motion

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(packets.Cancelled):
        packets.build_packet(
            session, [i.id or 0 for i in items], folder / "p.pdf", should_cancel=should_cancel
        )
    assert list(folder.iterdir()) == []
    assert session.exec(select(m.GeneratedDocument)).all() == []


def test_many_documents_convert_in_one_run_and_pdfa_is_archival(
    counting_soffice: tuple[Path, Path], session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    _, log = counting_soffice
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    render.produce(session, "motion", demo.motion_id, a)
    render.produce(session, "vote-sheet", demo.motion_id, b)
    out = tmp_path / "pdfs"
    made = pdf.convert_to_pdf([a, b], out, pdfa=True)
    assert [p.name for p in made] == ["a.pdf", "b.pdf"]
    assert log.read_text().count("run") == 1
    for p in made:
        assert p.stat().st_size > 0 and b"pdfaid:part" in p.read_bytes()
    with pytest.raises(Invalid, match="same PDF file name"):
        pdf.convert_to_pdf([a, tmp_path / "pdfs" / ".." / "a.docx"], tmp_path / "again")


def test_missing_libreoffice_says_how_to_install_it(
    session: Session, demo: DemoResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "soffice"
    settings.save(settings.Settings(libreoffice_path=str(missing)))
    with pytest.raises(Unavailable) as raised:
        render.produce(session, "motion", demo.motion_id, tmp_path / "m.pdf", fmt="pdf")
    message = str(raised.value)
    assert str(missing) in message and "Settings" in message and "Install LibreOffice" in message
    assert "Word (.docx) output works" in message
    assert not (tmp_path / "m.pdf").exists()
    # Word output does not need it.
    render.produce(session, "motion", demo.motion_id, tmp_path / "m.docx")
    session.commit()

    db = session.get_bind().url.database  # type: ignore[union-attr]
    code = main(["--db", str(db), "render", "motion", str(demo.motion_id), "--format", "pdf",
                 "--out", str(tmp_path / "cli.pdf")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "LibreOffice was not found" in err and len(err.strip().splitlines()) == 1


def test_no_libreoffice_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(soffice_mod, "_standard_places", lambda: [])
    with pytest.raises(Unavailable, match="PDF needs LibreOffice, which is not installed"):
        pdf.find_soffice("")


def test_render_and_packet_commands(
    soffice: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    out = tmp_path / "sheet.pdf"
    assert main(["--db", str(db_path), "render", "vote-sheet", "1", "--format", "pdf",
                 "--out", str(out), "--final"]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF") and "DRAFT" not in _pages(out)[0]
    packet = tmp_path / "packet.pdf"
    assert main(["--db", str(db_path), "packet", "1", "--out", str(packet)]) == 0
    assert len(_pages(packet)) == 3
    capsys.readouterr()
    assert main(["--db", str(db_path), "packet", "1", "--out", str(packet)]) == 1
    assert "already exists" in capsys.readouterr().err
