"""Redlines: Word tracked changes exactly around what changed, readable by LibreOffice."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader
from sqlmodel import Session
from tools import require_tool

from sistercity_desk import models as m
from sistercity_desk import motions, revisions, settings
from sistercity_desk.cli import main
from sistercity_desk.demo import DemoResult, find_kyiv_motion
from sistercity_desk.documents import pdf
from sistercity_desk.documents.redline import write_redline
from sistercity_desk.errors import Conflict

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEW_CLAUSE = "the Mayor be asked to sign the agreement"


@pytest.fixture
def amended(session: Session, demo: DemoResult) -> int:
    """A draft with the (adopted) Kyiv motion's content and its own Council File, saved as
    revision 1; then two words changed and a clause added, saved as revision 2."""
    kyiv = find_kyiv_motion(session)
    assert kyiv is not None
    data = dataclasses.replace(motions.MotionData.of(kyiv), council_file="24-0101")
    motion = motions.create_motion(session=session, data=data)
    motion_id = motion.id or 0
    revisions.save_version(session=session, kind="motion", record_id=motion_id)
    session.commit()
    clauses = [
        motions.ClauseData(
            c.kind, c.text.replace(" symbolic ", " powerful ").replace("renowned", "famous")
        )
        for c in data.clauses
    ] + [motions.ClauseData(m.ClauseKind.OPERATIVE.value, NEW_CLAUSE)]
    motions.update_motion(
        session=session,
        motion_id=motion_id,
        data=dataclasses.replace(data, clauses=clauses),
        expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
    )
    revisions.save_version(session=session, kind="motion", record_id=motion_id)
    session.commit()
    return motion_id


def _xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _marked_texts(root: etree._Element, tag: str, text_tag: str) -> list[str]:
    """The text inside each w:ins / w:del that wraps runs (paragraph marks have none)."""
    out = []
    for mark in root.iter(f"{W}{tag}"):
        text = "".join(t.text or "" for t in mark.iter(f"{W}{text_tag}"))
        if text:
            out.append(text)
    return out


def _paragraph_texts(root: etree._Element) -> list[str]:
    return [
        "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in root.iter(f"{W}p")
    ]


def test_tracked_changes_wrap_exactly_the_changed_words_and_the_new_clause(
    session: Session, amended: int, tmp_path: Path
) -> None:
    settings.save(settings.Settings(user_name="Holly Wolcott"))
    out = tmp_path / "kyiv-amended.docx"
    result = write_redline(session=session, kind="motion", record_id=amended, old=1, new=2, out=out)
    root = _xml(out)

    assert _marked_texts(root, "ins", "t") == [
        "powerful",
        "famous",
        f"I FURTHER MOVE that {NEW_CLAUSE}.",
    ]
    assert _marked_texts(root, "del", "delText") == ["symbolic", "renowned"]
    # Deleted words are w:delText inside w:del, never w:t; no delText outside a w:del.
    for deletion in root.iter(f"{W}del"):
        assert deletion.find(f".//{W}t") is None
    for text in root.iter(f"{W}delText"):
        assert any(a.tag == f"{W}del" for a in text.iterancestors())

    # The added clause is a whole inserted paragraph, its paragraph mark included.
    added = next(p for p in root.iter(f"{W}p") if NEW_CLAUSE in "".join(p.itertext()))
    assert added.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert all(r.getparent().tag == f"{W}ins" for r in added.iter(f"{W}r"))

    marks = [*root.iter(f"{W}ins"), *root.iter(f"{W}del")]
    ids = [mark.get(f"{W}id") for mark in marks]
    assert len(ids) == len(set(ids)) == 6
    for mark in marks:
        # The office user's name from the settings, not the computer's login name.
        assert mark.get(f"{W}author") == "Holly Wolcott"
        assert mark.get(f"{W}date", "").endswith("Z")
    assert (result.insertions, result.deletions) == (4, 2)

    texts = _paragraph_texts(root)
    assert texts[:3] == ["MOTION", "AS AMENDED", "Changes from revision 1 to revision 2."]
    # In the motion's own layout: its template's bold MOVE lines, sponsors with districts
    # and its footer.
    assert any(t.startswith("I THEREFORE MOVE that") for t in texts)
    assert "Councilmember, 15th District" in texts
    bold_move = [
        r for r in root.iter(f"{W}r")
        if "".join(t.text or "" for t in r.iter(f"{W}t")).startswith("I THEREFORE MOVE")
    ]  # fmt: skip
    assert bold_move and bold_move[0].find(f"{W}rPr/{W}b") is not None
    doc = Document(str(out))
    footer = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert f"Motion {amended} · Revision 2" in footer
    # python-docx reads it back; the title says what it is.
    doc = Document(str(out))
    assert doc.core_properties.title.endswith("(AS AMENDED)")


def test_a_removed_clause_is_a_whole_deleted_paragraph(
    session: Session, amended: int, tmp_path: Path
) -> None:
    motion = motions.get_motion(session=session, motion_id=amended)
    data = motions.MotionData.of(motion)
    removed = data.clauses[0].text
    motions.update_motion(
        session=session,
        motion_id=amended,
        data=dataclasses.replace(data, clauses=data.clauses[1:]),
        expected_version=motions.get_motion(session=session, motion_id=amended).version,
    )
    session.commit()
    out = tmp_path / "removed.docx"
    write_redline(session=session, kind="motion", record_id=amended, old=2, new="draft", out=out)
    root = _xml(out)
    assert _marked_texts(root, "del", "delText") == [removed]
    assert _marked_texts(root, "ins", "t") == []
    gone = next(p for p in root.iter(f"{W}p") if removed in "".join(p.itertext()))
    assert gone.find(f"{W}pPr/{W}rPr/{W}del") is not None


def test_redline_command_and_an_existing_file(
    session: Session, amended: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmd.docx"
    db = str(session.get_bind().url.database)
    args = ["--db", db, "redline", "motion", str(amended), "--from", "1", "--to", "2"]
    assert main([*args, "--out", str(out)]) == 0
    assert "4 insertion(s) and 2 deletion(s)" in capsys.readouterr().out
    assert _marked_texts(_xml(out), "del", "delText") == ["symbolic", "renowned"]
    assert main([*args, "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    with pytest.raises(Conflict):
        write_redline(session=session, kind="motion", record_id=amended, old=1, new=2, out=out)
    assert main([*args, "--out", str(out), "--overwrite"]) == 0
    assert main([*args[:-4], "--from", "1", "--to", "9", "--out", str(tmp_path / "x.docx")]) == 1
    assert "has no revision 9" in capsys.readouterr().err


@pytest.mark.libreoffice
def test_libreoffice_converts_the_redline(session: Session, amended: int, tmp_path: Path) -> None:
    require_tool("soffice")
    out = tmp_path / "amended.docx"
    write_redline(session=session, kind="motion", record_id=amended, old=1, new=2, out=out)
    (made,) = pdf.convert_to_pdf([out], tmp_path / "pdf")
    assert made.stat().st_size > 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(made).pages)
    assert "AS AMENDED" in text
    assert "powerful" in text and "famous" in text
    assert "Mayor be asked to sign" in text
    # Tagged PDF/UA like every PDF the app writes, its top line a real heading.
    from sistercity_desk.documents import accessibility

    assert accessibility.check_pdf(made) == []
    assert accessibility.reading_order(made)[0].role == "/H1"


def test_agreement_redline_marks_changes_in_both_languages(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    from sistercity_desk import agreements

    agreement_id = demo.agreement_id
    revisions.save_version(session=session, kind="agreement", record_id=agreement_id)
    agreement = agreements.get_agreement(session=session, agreement_id=agreement_id)
    data = agreements.AgreementData.of(agreement)
    first = data.articles[0]
    texts = dict(first.texts)
    texts["en"] = texts["en"] + " Added English words."
    texts["uk"] = texts["uk"] + " Додані українські слова."
    data.articles[0] = agreements.ArticleData(texts, dict(first.headings))
    agreements.update_agreement(
        session=session,
        agreement_id=agreement_id,
        data=data,
        expected_version=agreements.get_agreement(
            session=session, agreement_id=agreement_id
        ).version,
    )
    session.commit()

    out = tmp_path / "agreement.docx"
    write_redline(session=session, kind="agreement", record_id=agreement_id, old=1, out=out)
    root = _xml(out)
    inserted = _marked_texts(root, "ins", "t")
    assert [t.strip() for t in inserted] == ["Added English words.", "Додані українські слова."]
    assert _marked_texts(root, "del", "delText") == []
    texts = _paragraph_texts(root)
    assert texts[0].startswith("Sister City Agreement") and texts[1] == "AS AMENDED"
