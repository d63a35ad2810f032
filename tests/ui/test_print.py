"""Printing a PDF's pages onto a QPrinter (to a PDF file here: offscreen has no printers), the
print preview, saving as PDF, opening in a word processor; each recorded with its revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from printhelpers import KYIV_MOTION_ID, generated, make_motions, pdf_pages
from PySide6.QtCore import QUrl
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from sqlalchemy.engine import Engine
from tools import require_tool

from sistercity_desk import db, paths, revisions
from sistercity_desk import models as m
from sistercity_desk.documents import render
from sistercity_desk.errors import DeskError
from ui.printing import paint_pdf

RENDER_TIMEOUT = 90_000


@pytest.fixture(autouse=True)
def soffice() -> Path:
    return require_tool("soffice")


def print_to_file(out: Path, *, pages: tuple[int, int] | None = None) -> Any:
    """Stands for the print dialog: the person picks "Print to file" (and a page range)."""

    def ask_print(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        if pages is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*pages)
        return True

    return ask_print


def shown_pdf(qtbot: Any, window: Any, area: str, record_id: int) -> Any:
    window.set_area(area)
    pane = window.documents.pane(area)
    assert window.area(area).select_record(record_id)
    qtbot.waitUntil(lambda: pane.fresh() is not None, timeout=RENDER_TIMEOUT)
    return pane.fresh()


def revision(engine: Engine, revision_id: int | None) -> m.Revision:
    with db.session_scope(engine) as session:
        row = session.get(m.Revision, revision_id)
        assert row is not None
        session.expunge(row)
        return row


def test_printing_the_demo_motion_to_a_pdf_file_is_recorded(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    shown = shown_pdf(qtbot, window, "motions", KYIV_MOTION_ID)
    out = tmp_path / "printed.pdf"
    tools = window.documents
    tools.ask_print = print_to_file(out)
    with qtbot.waitSignal(tools.printed, timeout=RENDER_TIMEOUT) as printed:
        tools.print_action.trigger()
    assert printed.args == [str(out.resolve())]
    pages = pdf_pages(out)
    assert len(pages) == 1
    (row,) = generated(demo_engine)
    assert (row.format, row.template, row.record_kind, row.record_id) == (
        "print",
        "motion.docx",
        "motion",
        KYIV_MOTION_ID,
    )
    assert row.path == str(out.resolve())
    stored = revision(demo_engine, row.revision_id)
    # Printing froze the working draft first: the printed page's footer names the stored
    # revision it was made from (the preview's names none), with the content printed.
    assert shown.revision_number is None and "Revision" not in pdf_pages(shown.pdf)[0]
    assert stored.fingerprint == shown.fingerprint and stored.reason == "print"
    assert "Sister City / Kyiv" in str(stored.content)


def test_printed_agreement_has_every_page_and_a_range_prints_only_those(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    shown = shown_pdf(qtbot, window, "agreements", 1)
    expected = len(pdf_pages(shown.pdf))
    assert expected > 1
    tools = window.documents
    tools.ask_print = print_to_file(tmp_path / "all.pdf")
    with qtbot.waitSignal(tools.printed, timeout=RENDER_TIMEOUT):
        tools.print_action.trigger()
    assert len(pdf_pages(tmp_path / "all.pdf")) == expected

    tools.ask_print = print_to_file(tmp_path / "two.pdf", pages=(2, 3))
    with qtbot.waitSignal(tools.printed, timeout=RENDER_TIMEOUT):
        tools.print_action.trigger()
    assert len(pdf_pages(tmp_path / "two.pdf")) == 2
    rows = generated(demo_engine)
    assert [(r.format, r.record_kind, r.template) for r in rows] == [
        ("print", "agreement", "agreement.docx")
    ] * 2
    assert rows[0].revision_id == rows[1].revision_id


def test_a_cancelled_print_dialog_prints_and_records_nothing(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    shown_pdf(qtbot, window, "motions", KYIV_MOTION_ID)
    window.documents.ask_print = lambda printer: False
    window.documents.print_action.trigger()
    qtbot.wait(200)
    assert generated(demo_engine) == []


def test_printing_after_an_edit_renders_the_saved_text_first(
    qtbot: Any, make_window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    (motion_id,) = make_motions(demo_engine, ["Bike lanes"])
    window = make_window(demo_engine)
    shown_pdf(qtbot, window, "motions", motion_id)
    editor = window.area("motions").editor
    editor.title_edit.setText("Bike lanes on Main Street")  # not saved yet
    out = tmp_path / "printed.pdf"
    window.documents.ask_print = print_to_file(out)
    with qtbot.waitSignal(window.documents.printed, timeout=RENDER_TIMEOUT):
        window.documents.print_action.trigger()  # saves the edit, renders, then prints
    (row,) = generated(demo_engine)
    stored = revision(demo_engine, row.revision_id)
    assert stored.content["title"] == "Bike lanes on Main Street"


def test_print_preview_paints_the_pages_and_records_only_a_print(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    shown = shown_pdf(qtbot, window, "motions", KYIV_MOTION_ID)
    tools = window.documents
    seen: list[int] = []

    def look_and_close(dialog: QPrintPreviewDialog) -> bool:
        dialog.show()
        widget = dialog.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: widget.pageCount() == 1, timeout=10_000)
        seen.append(widget.pageCount())
        dialog.reject()
        return False

    tools.run_print_preview = look_and_close
    tools.print_preview_action.trigger()
    # The copy is made (from the revision frozen for it) in the background first.
    qtbot.waitUntil(lambda: seen == [1], timeout=RENDER_TIMEOUT)
    assert generated(demo_engine) == []

    # Printed from the preview (the person pressed its Print button).
    def printed_from_preview(dialog: QPrintPreviewDialog) -> bool:
        return True

    tools.run_print_preview = printed_from_preview
    with qtbot.waitSignal(tools.printed, timeout=RENDER_TIMEOUT):
        tools.print_preview_action.trigger()
    (row,) = generated(demo_engine)
    # The copy printed is made from the revision frozen for it, not the preview's.
    assert row.format == "print" and row.sha256 != render.sha256_file(shown.pdf)
    assert revision(demo_engine, row.revision_id).fingerprint == shown.fingerprint


def test_paint_pdf_refuses_a_range_outside_the_document(qtbot: Any, tmp_path: Path) -> None:
    source = tmp_path / "one.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(source))
    assert paint_pdf_blank(printer) == 1
    document = QPdfDocument()
    assert document.load(str(source)) == QPdfDocument.Error.None_
    out = QPrinter(QPrinter.PrinterMode.HighResolution)
    out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out.setOutputFileName(str(tmp_path / "none.pdf"))
    out.setPrintRange(QPrinter.PrintRange.PageRange)
    out.setFromTo(3, 4)
    with pytest.raises(DeskError, match=r"pages chosen \(3–4\) are not in the document"):
        paint_pdf(document, out)
    document.close()


def paint_pdf_blank(printer: QPrinter) -> int:
    from PySide6.QtGui import QPainter

    painter = QPainter(printer)
    painter.drawText(100, 100, "one page")
    painter.end()
    return 1


def test_save_as_pdf_and_open_in_word_processor(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    shown_pdf(qtbot, window, "motions", KYIV_MOTION_ID)
    tools = window.documents
    suggested: list[Path] = []

    def ask_save_path(title: str, default: Path, fmt: str) -> Path:
        suggested.append(default)
        return tmp_path / "out" / "kyiv"  # typed without the suffix

    tools.ask_save_path = ask_save_path
    with qtbot.waitSignal(tools.exported, timeout=RENDER_TIMEOUT) as saved:
        tools.save_pdf_action.trigger()
    out = tmp_path / "out" / "kyiv.pdf"
    assert saved.args == [str(out.resolve())]
    assert suggested[0].name == "Motion 22-9999 Sister City - Kyiv, Ukraine - Nomination Review.pdf"
    assert len(pdf_pages(out)) == 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["kyiv.pdf"]
    assert tools.accessibility_warning == ""  # the shipped template makes an accessible PDF

    opened: list[QUrl] = []
    tools.open_url = lambda url: opened.append(url) or True
    for _ in range(2):
        with qtbot.waitSignal(tools.exported, timeout=RENDER_TIMEOUT):
            tools.open_word_action.trigger()
    folder = paths.data_dir() / "documents"
    names = [Path(u.toLocalFile()).name for u in opened]
    stem = "Motion 22-9999 Sister City - Kyiv, Ukraine - Nomination Review"
    assert names == [f"{stem}.docx", f"{stem} (2).docx"]  # never over a copy open in Word
    assert all((folder / n).is_file() for n in names)
    rows = generated(demo_engine)
    assert [r.format for r in rows] == ["pdf", "docx", "docx"]
    assert rows[0].sha256 == render.sha256_file(out)
    assert {r.revision_id for r in rows} == {rows[0].revision_id}
    # The saved copy's footer names the revision it was made from, one that History lists.
    number = revision(demo_engine, rows[0].revision_id).number
    with db.session_scope(demo_engine) as session:
        listed = revisions.list_revisions(session=session, kind="motion", record_id=KYIV_MOTION_ID)
    assert f"Revision {number} " in pdf_pages(out)[0]
    assert number in {r.number for r in listed}


def test_saving_a_pdf_from_an_inaccessible_office_template_warns(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """The accessibility check runs after the PDF is written, and its finding is shown."""
    import io

    from docx import Document
    from docx.shared import Inches
    from PIL import Image

    from sistercity_desk.documents.templates import template_for

    doc = Document(str(template_for("motion")))
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 20, 160)).save(picture, "PNG")
    picture.seek(0)
    doc.paragraphs[0].insert_paragraph_before().add_run().add_picture(picture, Inches(1))
    doc.save(str(paths.office_templates_dir() / "motion.docx"))
    window.set_area("motions")
    assert window.area("motions").select_record(KYIV_MOTION_ID)
    tools = window.documents
    tools.ask_save_path = lambda title, default, fmt: tmp_path / "with-seal.pdf"
    with qtbot.waitSignal(tools.exported, timeout=RENDER_TIMEOUT):
        tools.save_pdf_action.trigger()
    assert (tmp_path / "with-seal.pdf").is_file()
    warning = tools.accessibility_warning
    assert "not fully accessible" in warning and "no alternative text" in warning
    assert "check-pdf" in warning
    assert window.statusBar().currentMessage() == warning
