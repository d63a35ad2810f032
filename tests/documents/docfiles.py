"""Reading generated documents back: paragraphs in order, headers, footers, PDF text."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(path: Path) -> DocxDocument:
    return Document(str(path))


def paragraphs(doc: DocxDocument) -> list[Paragraph]:
    """Every paragraph of the body in reading order, table cells included."""
    out: list[Paragraph] = []

    def walk(items: object) -> None:
        for item in items:  # type: ignore[attr-defined]
            if isinstance(item, Paragraph):
                out.append(item)
            elif isinstance(item, Table):
                for row in item.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell.iter_inner_content())

    walk(doc.iter_inner_content())
    return out


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in paragraphs(doc) if p.text.strip()]


def full_text(doc: DocxDocument) -> str:
    return "\n".join(texts(doc))


def header_text(doc: DocxDocument) -> str:
    return "\n".join(p.text for s in doc.sections for p in s.header.paragraphs)


def footer_text(doc: DocxDocument) -> str:
    return "\n".join(p.text for s in doc.sections for p in s.footer.paragraphs)


def run_langs(paragraph: Paragraph) -> set[str | None]:
    """The language tag (w:lang w:val) of each run of a paragraph that has text."""
    langs = set()
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        rpr = run._r.find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang")) if rpr is not None else None
        langs.add(lang.get(qn("w:val")) if lang is not None else None)
    return langs


def index_of(lines: list[str], needle: str) -> int:
    for i, line in enumerate(lines):
        if needle in line:
            return i
    shown = [line if len(line) < 200 else line[:200] + "..." for line in lines]
    raise AssertionError(f"{needle[:300]!r} not found in {shown!r}")


def template_file(path: Path, text: str) -> Path:
    """A .docx at ``path`` holding one paragraph, ``text`` (the tags of a test template)."""
    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path
