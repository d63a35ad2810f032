"""Accessible, archivable PDFs: every shipped document is tagged PDF/UA-1 and PDF/A-2b with
the right structure, languages and metadata, and the checker names what is wrong."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image
from sqlmodel import Session
from tools import require_tool

from sistercity_desk import opening
from sistercity_desk.cli import main
from sistercity_desk.demo import load_demo
from sistercity_desk.documents import accessibility, packets, pdf, render
from sistercity_desk.documents import context as ctx_mod
from sistercity_desk.documents.metadata import properties_of
from sistercity_desk.documents.templates import template_for
from sistercity_desk.errors import Invalid

SHIPPED = ("motion", "resolution", "vote_sheet", "agreement", "packet_cover")


@dataclass
class Made:
    """The PDFs of one LibreOffice run, and what they were made from."""

    pdfs: dict[str, Path]
    titles: dict[str, str]
    articles: list[dict[str, object]]
    folder: Path


def _picture() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (60, 30), (200, 30, 30)).save(data, "PNG")
    data.seek(0)
    return data


def office_template_with_picture(target: Path, *, alt: str = "") -> Path:
    """The shipped motion template with a picture (a seal) put at the top, as an office
    might; without ``alt`` it has no alternative text."""
    doc = Document(str(template_for("motion")))
    paragraph = doc.paragraphs[0].insert_paragraph_before()
    paragraph.add_run().add_picture(_picture(), width=Inches(1))
    if alt:
        for doc_pr in doc.element.body.iter(qn("wp:docPr")):
            doc_pr.set("descr", alt)
    doc.save(str(target))
    return target


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """Every shipped document of the demo office, and the motion from an office template
    with a picture lacking alt text, converted in ONE LibreOffice run for the module."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("accessible")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SISTERCITY_HOME", str(folder / "home"))
        patch.delenv("SISTERCITY_DB", raising=False)
        engine = opening.open_database(str(folder / "desk.db"))
        try:
            with Session(engine, expire_on_commit=False) as session:
                demo = load_demo(session)
                session.commit()
                docx_dir = folder / "docx"
                docx_dir.mkdir()
                titles: dict[str, str] = {}
                docs: list[Path] = []
                for name, kind, record, template in (
                    ("motion", "motion", demo.motion_id, None),
                    ("resolution", "motion", demo.motion_id, "resolution"),
                    ("vote_sheet", "vote-sheet", demo.motion_id, None),
                    ("agreement", "agreement", demo.agreement_id, None),
                ):
                    out = docx_dir / f"{name}.docx"
                    render.produce(session, kind, record, out, template=template)
                    titles[name] = Document(str(out)).core_properties.title
                    docs.append(out)
                cover = docx_dir / "packet_cover.docx"
                context = ctx_mod.packet_context(
                    session, [demo.motion_id], title="Motions for the vote", final=False,
                    author="test",
                )  # fmt: skip
                render.render_docx(template_for("packet_cover"), context, cover)
                titles["packet_cover"] = "Motions for the vote"
                docs.append(cover)
                office = office_template_with_picture(folder / "office-motion.docx")
                no_alt = docx_dir / "office_motion.docx"
                motion_context = ctx_mod.build(session, "motion", demo.motion_id)
                render.render_docx(office, motion_context, no_alt, kind="motion")
                docs.append(no_alt)
                agreement = ctx_mod.build(session, "agreement", demo.agreement_id)
                articles = list(agreement["agreement"]["articles"])
                session.commit()
            made = pdf.convert_to_pdf(docs, folder / "pdf", soffice=soffice)
        finally:
            engine.dispose()
    yield Made({p.stem: p for p in made}, titles, articles, folder)


def roles(path: Path) -> list[str]:
    with pikepdf.open(path) as document:
        return [e.role for e in accessibility.structure(document)]


def in_order(found: list[str], expected: list[str]) -> bool:
    """``expected`` appears in ``found`` in this order (others may come between)."""
    it = iter(found)
    return all(any(role == want for role in it) for want in expected)


def squash(text: str) -> str:
    """Text without any white space: line ends and hyphenation breaks differ in a PDF."""
    return "".join(text.split())


# --------------------------------------------------------------------------- export options


def test_one_set_of_export_options_for_every_converter() -> None:
    """The command line and the persistent converter get the same options, with or
    without the old pdfa switch: tagged, PDF/UA-1, PDF/A-2b, the title in the title bar."""
    for data in (pdf.export_filter_data(), pdf.export_filter_data(pdfa=True)):
        options = pdf.server_filter_options(data)
        assert "UseTaggedPDF=true" in options and "PDFUACompliance=true" in options
        assert "SelectPdfVersion=2" in options and "DisplayPDFDocumentTitle=true" in options
        argument = pdf.command_line_filter(data)
        assert argument.startswith("pdf:writer_pdf_Export:{")
        for name in pdf.PDF_EXPORT_OPTIONS:
            assert f'"{name}"' in argument


def test_document_properties_come_from_the_record_and_the_office(
    session: Session,
) -> None:
    demo = load_demo(session)
    session.commit()
    props = properties_of(ctx_mod.build(session, "motion", demo.motion_id))
    assert props.title == "Sister City / Kyiv, Ukraine / Nomination Review"
    assert props.author == "Los Angeles City Council"
    assert props.keywords == "22-9999"
    assert props.language == "en-US"
    assert "22-9999" in props.subject


# --------------------------------------------------------------------------- shipped PDFs


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_document_is_tagged_pdfua_and_pdfa(made: Made, name: str) -> None:
    path = made.pdfs[name]
    with pikepdf.open(path) as document:
        root = document.Root
        assert bool(root.MarkInfo.Marked)
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en-US"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        meta = accessibility.xmp(document)
    assert meta["dc:title"] == made.titles[name] and meta["dc:title"]
    assert meta["pdfuaid:part"] == "1"
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
    assert meta["dc:creator"] == "Los Angeles City Council"
    # Every font embedded, nothing untagged but artifacts, no figure without alt text.
    assert accessibility.check_pdf(path) == []


EXPECTED = {
    "motion": ["/Document", "/H1", "/P", "/P", "/Table", "/TR", "/TD", "/P"],
    "resolution": [
        "/H1", "/H2", "/P", "/Table", "/TR", "/TD", "/H2", "/P", "/L", "/LI", "/LI", "/LI",
        "/LI",
    ],
    "vote_sheet": ["/H1", "/H2", "/Table", "/TR", "/TH", "/TH", "/TR", "/TD", "/P"],
    "agreement": [
        "/Table", "/TR", "/TD", "/H1", "/TD", "/H1", "/TR", "/TD", "/H2", "/H3", "/P",
        "/TD", "/H2", "/H3", "/P", "/H1", "/H2", "/Table", "/TR", "/TH", "/TR", "/TD",
    ],
    "packet_cover": ["/H1", "/H2", "/Table", "/TR", "/TH", "/TR", "/TD", "/P"],
}  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", SHIPPED)
def test_structure_tree_holds_headings_lists_and_tables_in_order(made: Made, name: str) -> None:
    found = roles(made.pdfs[name])
    assert in_order(found, EXPECTED[name]), found


@pytest.mark.libreoffice
def test_partner_language_is_marked_on_its_spans(made: Made) -> None:
    passages = accessibility.reading_order(made.pdfs["agreement"])
    cyrillic = [p for p in passages if re.search("[а-яіїєґ]", p.text, re.IGNORECASE)]
    latin = [p for p in passages if not re.search("[а-яіїєґ]", p.text, re.IGNORECASE)]
    assert len(cyrillic) > 20 and len(latin) > 20
    assert {p.lang for p in cyrillic} == {"uk-UA"}
    assert {p.lang for p in latin if re.search("[A-Za-z]{3}", p.text)} == {"en-US"}


@pytest.mark.libreoffice
def test_agreement_reads_each_article_in_english_then_in_ukrainian(made: Made) -> None:
    """In structure order (a screen reader's), each article's English label, heading and
    text come whole, then its Ukrainian ones, article after article as in the record."""
    text = squash(" ".join(p.text for p in accessibility.reading_order(made.pdfs["agreement"])))
    position = 0
    assert made.articles
    for article in made.articles:
        for side in ("home", "partner"):
            part = article[side]
            assert isinstance(part, dict)
            for key in ("label", "heading", "text"):
                wanted = squash(str(part[key]))
                if not wanted:
                    continue
                found = text.find(wanted, position)
                assert found >= 0, f"{side} {key} of {part['label']} missing or out of order"
                position = found + len(wanted)


@pytest.mark.libreoffice
def test_signature_lines_footer_and_draft_mark_are_not_read(made: Made) -> None:
    read = " ".join(p.text for p in accessibility.reading_order(made.pdfs["motion"]))
    assert "JOE BUSCAINO" in read and "PRESENTED BY:" in read
    assert "__" not in read  # the lines to sign on are drawn, not typed
    assert "DRAFT" not in read and "Revision 1" not in read  # artifacts: mark and footer
    with pikepdf.open(made.pdfs["motion"]) as document:
        text = " ".join(
            str(op)
            for page in document.pages
            for _, op in pikepdf.parse_content_stream(page)
            if str(op) == "BMC"
        )
    assert text  # the header and footer sit in /Artifact sequences


# --------------------------------------------------------------------------- the checker


@pytest.mark.libreoffice
def test_check_pdf_passes_every_shipped_document(
    made: Made, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(made.pdfs[name]) for name in SHIPPED]
    assert main(["check-pdf", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == len(SHIPPED)


@pytest.mark.libreoffice
def test_check_pdf_names_a_picture_without_alt_text(
    made: Made, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-pdf", str(made.pdfs["office_motion"])]) == 1
    err = capsys.readouterr().err
    assert "office_motion.pdf" in err and "no alternative text" in err
    assert "Alt Text" in err  # and how to fix it


def untagged_pdf(path: Path) -> Path:
    """A PDF as many programs write it: text with a standard font, no tags, no title."""
    document = pikepdf.new()
    font = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                           BaseFont=pikepdf.Name.Helvetica)
    )  # fmt: skip
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=document.make_stream(b"BT /F1 12 Tf 72 720 Td (Council motion) Tj ET"),
        )
    )
    document.pages.append(page)
    document.save(path)
    return path


def test_check_pdf_names_an_untagged_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = untagged_pdf(tmp_path / "scan.pdf")
    assert main(["check-pdf", str(path)]) == 1
    err = capsys.readouterr().err
    assert "not tagged" in err and "no language" in err and "no title" in err
    assert "Helvetica is not embedded" in err
    rules = {f.rule for f in accessibility.check_pdf(path)}
    assert {"untagged", "language", "title", "display-title", "pdfua-id", "font"} <= rules


def test_check_pdf_refuses_what_is_not_a_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("not a pdf")
    assert main(["check-pdf", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sistercity: notes.pdf is not a readable PDF") and err.count("\n") == 1
    with pytest.raises(Invalid):
        accessibility.check_pdf(tmp_path / "missing.pdf")


def test_warnings_for_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7 broken")
    (line,) = accessibility.warnings_for(path)
    assert "could not be checked" in line


# --------------------------------------------------------------------------- templates check


def test_shipped_templates_have_no_accessibility_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for kind in SHIPPED:
        assert accessibility.check_template_accessibility(template_for(kind)) == []
    assert main(["templates", "check"]) == 0


def test_templates_check_names_a_picture_without_alt_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = office_template_with_picture(tmp_path / "motion.docx")
    assert main(["templates", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "motion.docx: the picture 'Picture 1' in the body has no alternative text" in err
    assert "View Alt Text" in err
    described = office_template_with_picture(tmp_path / "described.docx", alt="City seal")
    assert accessibility.check_template_accessibility(described) == []


def test_templates_check_names_a_table_without_header_row_and_a_bold_heading(
    tmp_path: Path,
) -> None:
    doc = Document(str(template_for("vote_sheet")))
    body = doc.element.body
    for tr_pr in body.iter(qn("w:trPr")):
        for header in tr_pr.findall(qn("w:tblHeader")):
            tr_pr.remove(header)
    fake = doc.add_paragraph()
    fake.add_run("Results of the vote").bold = True
    doc.add_paragraph("The Council voted as follows.")
    path = tmp_path / "vote_sheet.docx"
    doc.save(str(path))
    problems = accessibility.check_template_accessibility(path)
    messages = [p.message for p in problems]
    assert len(problems) == 2, messages
    assert (
        "table 2 in the body (first row: 'Member CD YES NO ABSENT ABSTAIN RECUSED') has no header row"
        in (messages[0])
    )
    assert "Repeat as header row" in messages[0]
    assert "'Results of the vote' in the body looks like a heading" in messages[1]
    assert "Heading style" in messages[1]
    # A real heading style is no problem.
    fake.style = doc.styles["Heading 2"]
    doc.save(str(path))
    assert len(accessibility.check_template_accessibility(path)) == 1


def test_a_decorative_picture_needs_no_alt_text(tmp_path: Path) -> None:
    path = office_template_with_picture(tmp_path / "motion.docx")
    doc = Document(str(path))
    for doc_pr in doc.element.body.iter(qn("wp:docPr")):
        ext_list = OxmlElement("a:extLst")
        ext = OxmlElement("a:ext")
        ext.set("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
        ext_list.append(ext)
        doc_pr.append(ext_list)
    doc.save(str(path))
    assert accessibility.check_template_accessibility(path) == []


@pytest.mark.libreoffice
def test_a_packet_is_tagged_with_each_document_in_order(session: Session, tmp_path: Path) -> None:
    """The packet (one composed document, converted once) is tagged PDF/UA like the rest."""
    require_tool("soffice")
    demo = load_demo(session)
    session.commit()
    out = tmp_path / "packet.pdf"
    packets.build_packet(session, [demo.motion_id], out, title="Motions of March 1")
    assert accessibility.check_pdf(out) == []
    with pikepdf.open(out) as document:
        assert accessibility.xmp(document)["dc:title"] == "Motions of March 1"
        assert len(document.pages) == 3
    found = roles(out)
    assert in_order(found, ["/H1", "/Table", "/TH", "/H1", "/P", "/H1", "/H2", "/Table", "/TH"])
    read = [p.text for p in accessibility.reading_order(out)]
    order = [read.index(t) for t in ("MOTION", "ROLL CALL VOTE")]
    assert order == sorted(order)
    assert any("I THEREFORE MOVE" in t for t in read)


@pytest.mark.libreoffice
def test_the_draft_watermark_is_an_artifact(made: Made) -> None:
    """The draft agreement carries the diagonal DRAFT picture on every page, never read."""
    with pikepdf.open(made.pdfs["agreement"]) as document:
        assert len(document.pages) > 1
        for page in document.pages:
            stack: list[str] = []
            painted = []
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op in ("BDC", "BMC"):
                    stack.append(str(instruction.operands[0]))
                elif op == "EMC":
                    stack.pop()
                elif op == "Do":
                    painted.append(list(stack))
            assert painted and all(s[:1] == ["/Artifact"] for s in painted), painted
    read = " ".join(p.text for p in accessibility.reading_order(made.pdfs["agreement"]))
    assert "DRAFT" not in read
