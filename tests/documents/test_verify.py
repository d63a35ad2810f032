"""Proof of print: a document's footer names its record and revision, and its text is
checked against that revision (re-rendered from the stored snapshot)."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session
from tools import require_tool

from sistercity_desk import motions, revisions
from sistercity_desk.cli import main
from sistercity_desk.demo import DemoResult, find_kyiv_motion
from sistercity_desk.documents import render
from sistercity_desk.documents.verify import read_docx, verify
from sistercity_desk.errors import Invalid


@pytest.fixture
def draft(session: Session, demo: DemoResult) -> int:
    """A draft with the (adopted) Kyiv motion's content."""
    kyiv = find_kyiv_motion(session)
    assert kyiv is not None
    data = dataclasses.replace(motions.MotionData.of(kyiv), council_file="24-0102")
    motion = motions.create_motion(session=session, data=data)
    session.commit()
    return motion.id or 0


def _produce(session: Session, motion_id: int, out: Path, fmt: str = "docx") -> Path:
    render.produce(session, "motion", motion_id, out, fmt=fmt)
    session.commit()
    return out


def _edited_copy(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of a .docx with one word of word/document.xml replaced."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    return target


def _db(session: Session) -> str:
    return str(session.get_bind().url.database)


def test_a_generated_docx_names_its_record_and_revision(
    session: Session, draft: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _produce(session, draft, tmp_path / "motion.docx")
    latest = revisions.latest_revision(session, "motion", draft)
    assert latest is not None

    result = verify(session, path)
    assert result.matches, result.message
    assert (result.footer.record_kind, result.footer.record_id) == ("motion", draft)
    assert result.footer.revision == latest.number
    assert result.revision is not None and result.revision.fingerprint == latest.fingerprint
    assert result.document is not None and result.document.sha256 == render.sha256_file(path)

    assert main(["--db", _db(session), "verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"motion {draft}, revision {latest.number}" in out
    assert latest.fingerprint[:8] in out and "matches" in out


def test_an_edited_copy_is_caught_and_the_paragraph_named(
    session: Session, draft: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _produce(session, draft, tmp_path / "motion.docx")
    edited = _edited_copy(path, tmp_path / "edited.docx", " symbolic ", " sympathetic ")
    paragraphs = read_docx(edited).paragraphs
    position = next(i for i, p in enumerate(paragraphs, start=1) if "sympathetic" in p)

    result = verify(session, edited)
    assert not result.matches
    assert result.footer.record_id == draft
    assert result.position == position
    assert result.found_text is not None and "a sympathetic gesture" in result.found_text
    assert result.expected_text is not None and "a symbolic gesture" in result.expected_text

    assert main(["--db", _db(session), "verify", str(edited)]) == 1
    out = capsys.readouterr().out
    assert f"paragraph {position}" in out
    assert '"symbolic" was changed to "sympathetic"' in out
    # The untouched original still verifies.
    assert verify(session, path).matches


def test_the_revision_printed_is_checked_not_the_record_as_it_is_now(
    session: Session, draft: int, tmp_path: Path
) -> None:
    path = _produce(session, draft, tmp_path / "first.docx")
    printed = verify(session, path).footer.revision
    motion = motions.get_motion(session=session, motion_id=draft)
    data = motions.MotionData.of(motion)
    clauses = [
        motions.ClauseData(c.kind, c.text.replace("courage", "bravery")) for c in data.clauses
    ]
    motions.update_motion(
        session=session,
        motion_id=draft,
        data=dataclasses.replace(data, title="Kyiv, retitled", clauses=clauses),
        expected_version=motions.get_motion(session=session, motion_id=draft).version,
    )
    revisions.save_version(session=session, kind="motion", record_id=draft)
    session.commit()
    result = verify(session, path)
    assert result.matches, result.message
    assert result.footer.revision == printed
    second = _produce(session, draft, tmp_path / "second.docx")
    assert verify(session, second).footer.revision == printed + 1


def test_footer_that_does_not_match_the_stored_fingerprint(
    session: Session, draft: int, tmp_path: Path
) -> None:
    path = _produce(session, draft, tmp_path / "motion.docx")
    digest = verify(session, path).revision.fingerprint[:8]  # type: ignore[union-attr]
    forged = tmp_path / "forged.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(forged, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("word/footer"):
                data = data.replace(digest.encode(), b"00000000")
            dst.writestr(info, data)
    result = verify(session, forged)
    assert not result.matches
    assert "00000000" in result.message and digest in result.message


def test_a_file_without_our_footer(session: Session, draft: int, tmp_path: Path) -> None:
    from docx import Document

    plain = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("Some letter.")
    doc.save(str(plain))
    with pytest.raises(Invalid, match="no footer naming a record"):
        verify(session, plain)
    assert main(["--db", _db(session), "verify", str(plain)]) == 1


@pytest.mark.libreoffice
def test_the_pdf_of_a_document_verifies_and_an_edited_one_does_not(
    session: Session, draft: int, tmp_path: Path
) -> None:
    require_tool("soffice")
    from sistercity_desk.documents.pdf import convert_to_pdf

    path = _produce(session, draft, tmp_path / "motion.pdf", fmt="pdf")
    result = verify(session, path)
    assert result.matches, result.message
    assert (result.footer.record_id, result.footer.doc_kind) == (draft, "motion")

    docx = _produce(session, draft, tmp_path / "motion.docx")
    edited = _edited_copy(docx, tmp_path / "edited.docx", " symbolic ", " sympathetic ")
    (edited_pdf,) = convert_to_pdf([edited], tmp_path / "out")
    result = verify(session, edited_pdf)
    assert not result.matches
    assert result.expected_text is not None and "symbolic" in result.expected_text
    assert '"symbolic" was changed to "sympathetic"' in result.message
    shutil.rmtree(tmp_path / "out")
