"""Redlines: a record "AS AMENDED" as a .docx with Word's own tracked changes (insertions
and deletions that Word and LibreOffice can accept or reject one by one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import _Element
from sqlmodel import Session

from .. import compare as cmp
from .. import revisions
from ..errors import Invalid
from ..models import utcnow
from ..text import clean
from .render import refuse_existing, verify_docx, write_atomically

#: The font of the shipped templates (Liberation Serif stands in for it under LibreOffice).
FONT = "Times New Roman"


@dataclass(frozen=True)
class Redline:
    """A written redline: where it is and what it compares."""

    path: Path
    comparison: cmp.Comparison
    insertions: int
    deletions: int


class _Marks:
    """Numbers the change marks (each w:ins / w:del needs its own w:id) and stamps them with
    the author and time of the change."""

    def __init__(self, author: str, when: dt.datetime) -> None:
        self.author = author or "unknown"
        if when.tzinfo is None:
            # SQLite hands stored UTC times back without their zone.
            when = when.replace(tzinfo=dt.UTC)
        self.date = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1
        self.insertions = 0
        self.deletions = 0

    def mark(self, op: str) -> _Element:
        tag = "w:ins" if op == "insert" else "w:del"
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        if op == "insert":
            self.insertions += 1
        else:
            self.deletions += 1
        return element


def _run(text: str, *, deleted: bool, bold: bool = False, italic: bool = False) -> _Element:
    """A w:r holding ``text``: w:t for text that stays or is inserted, w:delText for deleted
    text (Word ignores a w:t inside w:del); line breaks become w:br."""
    run = OxmlElement("w:r")
    if bold or italic:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        run.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        if not line:
            continue
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
        run.append(t)
    return run


def _paragraph(
    doc: DocxDocument,
    segments: tuple[cmp.Segment, ...] | list[cmp.Segment],
    marks: _Marks,
    *,
    whole: str | None = None,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float = 10,
) -> None:
    """One paragraph of segments; changed ones wrapped in w:ins / w:del. ``whole`` ("insert"
    or "delete") also marks the paragraph mark, so accepting or rejecting the change adds or
    removes the whole paragraph, not just its words."""
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    p = paragraph._p
    for seg in segments:
        text = clean(seg.text)
        if not text:
            continue
        run = _run(text, deleted=seg.op == "delete", bold=bold)
        if seg.op == "equal":
            p.append(run)
        else:
            wrapper = marks.mark(seg.op)
            wrapper.append(run)
            p.append(wrapper)
    if whole is not None:
        # The paragraph mark's own change goes in pPr/rPr, which closes pPr.
        ppr = p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        rpr.append(marks.mark(whole))
        ppr.append(rpr)


def _plain(
    doc: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: float | None = None,
    space_after: float = 10,
) -> None:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(clean(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = Pt(size)


def _block_paragraph(
    doc: DocxDocument,
    block: cmp.Block,
    marks: _Marks,
    *,
    prefix: str = "",
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    """A block as a paragraph: a clause added or removed is a whole inserted or deleted
    paragraph; a field cleared or filled in keeps its label as plain text."""
    whole = None
    if block.group != "field" and block.op in ("insert", "delete"):
        whole = block.op
    segments = list(block.segments)
    if prefix:
        op: cmp.Op = "equal"
        if whole == "insert":
            op = "insert"
        elif whole == "delete":
            op = "delete"
        segments.insert(0, cmp.Segment(op, prefix))
    _paragraph(doc, segments, marks, whole=whole, bold=bold, align=align)


def _new_document() -> DocxDocument:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    # The default template's first paragraph is not there in python-docx 1.x, but be sure.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def _footer(doc: DocxDocument, text: str) -> None:
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(8.5)


def _heading(doc: DocxDocument, heading: str) -> None:
    """The top of a redline: the kind of record ("MOTION"), then "AS AMENDED"."""
    _plain(doc, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, space_after=4)
    _outline(doc, 1)
    _plain(doc, "AS AMENDED", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)


def _language(doc: DocxDocument, key: str) -> None:
    """Mark the last paragraph's runs with the language its block is in (the key ends in
    the language code: "article.1.1.text.uk"), so a screen reader reads it in that voice."""
    from .context import lang_tag

    tag = lang_tag(key.rsplit(".", 1)[-1])
    for run in doc.paragraphs[-1]._p.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)


def _outline(doc: DocxDocument, level: int) -> None:
    """Make the last paragraph a real heading (H1, H2 ... in a tagged PDF), not bold text
    alone, which a screen reader reads as an ordinary paragraph."""
    ppr = doc.paragraphs[-1]._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))
    ppr.append(outline)


def _changes_note(doc: DocxDocument, comparison: cmp.Comparison) -> None:
    _plain(
        doc,
        f"Changes from {comparison.old_label.lower()} to {comparison.new_label.lower()}.",
        italic=True,
        size=9,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=14,
    )


def _by_key(comparison: cmp.Comparison) -> dict[str, cmp.Block]:
    return {b.key: b for b in comparison.blocks}


def _motion_body(
    doc: DocxDocument, comparison: cmp.Comparison, marks: _Marks, new_content: dict[str, Any]
) -> None:
    fields = _by_key(comparison)
    heading = "RESOLUTION" if new_content.get("motion_kind") == "resolution" else "MOTION"
    _heading(doc, heading)
    _block_paragraph(doc, fields["title"], marks, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    council_file = fields["council_file"]
    if council_file.old_text or council_file.new_text:
        _block_paragraph(
            doc, council_file, marks, prefix="Council File No. ", align=WD_ALIGN_PARAGRAPH.CENTER
        )
    number = fields["resolution_number"]
    if number.old_text or number.new_text:
        _block_paragraph(
            doc, number, marks, prefix="Resolution No. ", align=WD_ALIGN_PARAGRAPH.CENTER
        )
    _changes_note(doc, comparison)
    for block in comparison.blocks:
        if block.group == "clause":
            _block_paragraph(doc, block, marks)
    _block_paragraph(doc, fields["mover"], marks, prefix="PRESENTED BY: ")
    presented_for = fields["presented_for"]
    if presented_for.old_text or presented_for.new_text:
        _block_paragraph(doc, presented_for, marks, prefix="Presented for: ")
    seconders = fields["seconders"]
    if seconders.old_text or seconders.new_text:
        _block_paragraph(doc, seconders, marks, prefix="SECONDED BY: ")


def _agreement_body(doc: DocxDocument, comparison: cmp.Comparison, marks: _Marks) -> None:
    _heading(doc, "AGREEMENT")
    _changes_note(doc, comparison)
    annex_heading = False
    for block in comparison.blocks:
        if not (block.old_text or block.new_text):
            continue
        if block.key.startswith("title."):
            _block_paragraph(doc, block, marks, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            _language(doc, block.key)
        elif block.key.startswith("preamble."):
            _block_paragraph(doc, block, marks)
            _language(doc, block.key)
        elif block.group == "article":
            _block_paragraph(doc, block, marks, bold=".heading." in block.key)
            _language(doc, block.key)
            if ".heading." in block.key:
                _outline(doc, 2)
        elif block.group == "annex":
            if not annex_heading:
                _plain(doc, "Annex", bold=True)
                _outline(doc, 2)
                annex_heading = True
            _block_paragraph(doc, block, marks)
        else:
            _block_paragraph(doc, block, marks, prefix=f"{block.label}: ")


def build_redline(
    comparison: cmp.Comparison,
    new_content: dict[str, Any],
    *,
    author: str,
    when: dt.datetime,
) -> tuple[DocxDocument, _Marks]:
    """The redline document in memory: the new version with the changes from the old one
    marked as tracked changes by ``author`` at ``when``."""
    doc = _new_document()
    marks = _Marks(author, when)
    label = comparison.record_kind.capitalize()
    if comparison.record_kind == "motion":
        _motion_body(doc, comparison, marks, new_content)
    else:
        _agreement_body(doc, comparison, marks)
    _footer(
        doc,
        f"Redline · {label} {comparison.record_id} · {comparison.old_label} to "
        f"{comparison.new_label.lower()}",
    )
    title = new_content.get("title") or (new_content.get("titles") or {}).get(
        new_content.get("home_language") or "en", ""
    )
    doc.core_properties.title = clean(f"{title} (AS AMENDED)".strip())
    doc.core_properties.author = marks.author
    return doc, marks


def write_redline(
    *,
    session: Session,
    kind: str,
    record_id: int,
    old: cmp.Side,
    new: cmp.Side = cmp.DRAFT,
    out: Path,
    overwrite: bool = False,
) -> Redline:
    """Writes the redline of a record from revision ``old`` to revision ``new`` (or the
    working draft) to ``out``, atomically; an existing file is kept unless ``overwrite``.

    The changes carry the author and time of the newer side (for the working draft: the
    current user, now)."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise Invalid(
            f"A redline is a Word document: name the file .docx, not {out.name}.", field="out"
        )
    refuse_existing(out, overwrite)
    if old == new:
        raise Invalid("Compare two different versions: the old and the new side are the same.")
    comparison = cmp.compare(session=session, kind=kind, record_id=record_id, old=old, new=new)
    if new == cmp.DRAFT:
        author, when = revisions.author_name(session), utcnow()
        new_content = revisions.snapshot(session, kind, record_id)
    else:
        revision = revisions.get_revision(
            session=session, kind=kind, record_id=record_id, number=int(new)
        )
        author, when = revision.author, revision.created_at
        new_content = dict(revision.content)
    doc, marks = build_redline(comparison, new_content, author=author, when=when)

    def write(tmp: Path) -> None:
        doc.save(str(tmp))
        verify_docx(tmp)

    write_atomically(out, ".docx.tmp", write, overwrite=overwrite)
    return Redline(out, comparison, marks.insertions, marks.deletions)
