"""Redlines: a record "AS AMENDED" as a .docx with Word's own tracked changes (insertions
and deletions that Word and LibreOffice can accept or reject one by one)."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element
from sqlmodel import Session

from .. import compare as cmp
from .. import revisions
from ..errors import Invalid
from ..models import Revision, utcnow
from ..text import clean
from . import context as ctx_mod
from .files import refuse_existing, write_atomically
from .printing import preview_revision
from .render import document_parts, render_docx, verify_docx


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


# --------------------------------------------------------------------------- rendered diff

_TEXT_RUN = {qn("w:rPr"), qn("w:t")}


def _simple_runs(p: _Element) -> list[tuple[_Element | None, str]] | None:
    """A paragraph's runs as (rPr, text) when it holds nothing but text runs (and its
    pPr); None when it holds fields, breaks, drawings or other parts kept as they are."""
    out: list[tuple[_Element | None, str]] = []
    for child in p:
        if child.tag == qn("w:pPr"):
            continue
        if child.tag != qn("w:r") or any(c.tag not in _TEXT_RUN for c in child):
            return None
        rpr = child.find(qn("w:rPr"))
        out.append((rpr, "".join(t.text or "" for t in child.iter(qn("w:t")))))
    return out


def _paragraph_text(p: _Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _text_run(rpr: _Element | None, text: str, *, deleted: bool) -> _Element:
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    return run


def _mark_paragraph(p: _Element, op: str, marks: _Marks) -> None:
    """Marks a whole paragraph inserted or deleted: its runs and its paragraph mark."""
    runs = [c for c in p if c.tag != qn("w:pPr")]
    if runs:
        wrapper = marks.mark(op)
        for run in runs:
            p.remove(run)
            if op == "delete":
                for t in run.iter(qn("w:t")):
                    t.tag = qn("w:delText")
                for instr in run.iter(qn("w:instrText")):
                    instr.tag = qn("w:delInstrText")
            wrapper.append(run)
        p.append(wrapper)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        # rPr closes pPr (only sectPr and pPrChange may follow it).
        anchor = ppr.find(qn("w:sectPr"))
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, marks.mark(op))


def _mark_words(old: _Element, new: _Element, marks: _Marks) -> bool:
    """Rewrites paragraph ``new`` with the words changed from ``old`` marked inside it (the
    new paragraph's runs and formatting kept). False when a paragraph holds more than text
    runs: the caller marks the whole paragraph replaced."""
    old_runs, new_runs = _simple_runs(old), _simple_runs(new)
    if old_runs is None or new_runs is None or not new_runs:
        return False
    # Which run of the new paragraph each character comes from, so kept and inserted
    # words keep their formatting (bold MOVE, capitals).
    spans: list[tuple[int, int, _Element | None]] = []
    at = 0
    for rpr, text in new_runs:
        spans.append((at, at + len(text), rpr))
        at += len(text)
    old_rpr = old_runs[0][0] if old_runs else None

    def pieces(start: int, end: int) -> list[tuple[_Element | None, str]]:
        out = []
        for a, b, rpr in spans:
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                out.append((rpr, new_text[lo:hi]))
        return out

    new_text = "".join(t for _, t in new_runs)
    segments = cmp.diff_words("".join(t for _, t in old_runs), new_text)
    for child in [c for c in new if c.tag != qn("w:pPr")]:
        new.remove(child)
    position = 0
    last_rpr = spans[0][2] if spans else old_rpr
    for seg in segments:
        if not seg.text:
            continue
        if seg.op == "delete":
            wrapper = marks.mark("delete")
            wrapper.append(_text_run(last_rpr, seg.text, deleted=True))
            new.append(wrapper)
            continue
        parts = pieces(position, position + len(seg.text))
        position += len(seg.text)
        target: _Element = new
        if seg.op == "insert":
            target = marks.mark("insert")
            new.append(target)
        for rpr, text in parts:
            target.append(_text_run(rpr, text, deleted=False))
            last_rpr = rpr
    return True


def _body_paragraphs(doc: DocxDocument) -> list[_Element]:
    return list(doc.element.body.iter(qn("w:p")))


def mark_differences(old_doc: DocxDocument, new_doc: DocxDocument, marks: _Marks) -> None:
    """Marks, inside ``new_doc``, how its body differs from ``old_doc``'s as tracked changes:
    paragraphs are matched by their text; a changed paragraph has its changed words marked,
    a paragraph only the old document has is put back marked deleted, one only the new has
    is marked inserted. Both documents come from the same template, so the redline has the
    layout of the record itself."""
    olds, news = _body_paragraphs(old_doc), _body_paragraphs(new_doc)
    old_texts = [_paragraph_text(p) for p in olds]
    new_texts = [_paragraph_text(p) for p in news]
    matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)

    def put_back(old_p: _Element, before: int) -> None:
        copy_p = copy.deepcopy(old_p)
        _mark_paragraph(copy_p, "delete", marks)
        if before < len(news):
            news[before].addprevious(copy_p)
        elif news:
            news[-1].addnext(copy_p)

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            old_p, new_p = olds[i1 + k], news[j1 + k]
            if not _mark_words(old_p, new_p, marks):
                put_back(old_p, j1 + k)
                _mark_paragraph(new_p, "insert", marks)
        for k in range(i1 + pairs, i2):
            put_back(olds[k], j1 + pairs if j1 + pairs < j2 else j2)
        for k in range(j1 + pairs, j2):
            _mark_paragraph(news[k], "insert", marks)


def _render(session: Session, revision: Revision, doc_kind: str, template: Path, out: Path) -> None:
    context = ctx_mod.revision_context(session, revision, doc_kind, final=True)
    render_docx(template, context, out, kind=doc_kind, overwrite=True)


def _side_revision(session: Session, kind: str, record_id: int, side: cmp.Side) -> Revision:
    if side == cmp.DRAFT:
        return preview_revision(session, kind, record_id)
    return revisions.get_revision(session=session, kind=kind, record_id=record_id, number=int(side))


def _as_amended(doc: DocxDocument, comparison: cmp.Comparison) -> None:
    """A line "AS AMENDED" under the document's first heading, and what is compared."""
    body = _body_paragraphs(doc)
    if not body:
        return
    first = body[0]
    note = copy.deepcopy(first)
    for child in [c for c in note if c.tag != qn("w:pPr")]:
        note.remove(child)
    note.append(_text_run(None, "AS AMENDED", deleted=False))
    run = note.find(qn("w:r"))
    assert run is not None
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    run.insert(0, rpr)
    first.addnext(note)
    changes = copy.deepcopy(note)
    for child in [c for c in changes if c.tag != qn("w:pPr")]:
        changes.remove(child)
    small = OxmlElement("w:rPr")
    small.append(OxmlElement("w:i"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")
    small.append(size)
    changes.append(
        _text_run(
            small,
            f"Changes from {comparison.old_label.lower()} to {comparison.new_label.lower()}.",
            deleted=False,
        )
    )
    note.addnext(changes)


def redline_author(session: Session) -> str:
    """Who the tracked changes are by: the office user's name from the settings (the
    office profile's, else the app settings'), never the computer's login name."""
    return revisions.office_user_name(session) or "Council office"


def write_redline(
    *,
    session: Session,
    kind: str,
    record_id: int,
    old: cmp.Side,
    new: cmp.Side = cmp.DRAFT,
    out: Path,
    overwrite: bool = False,
    template: str | None = None,
) -> Redline:
    """Writes the redline of a record from revision ``old`` to revision ``new`` (or the
    working draft) to ``out``, atomically; an existing file is kept unless ``overwrite``.

    Both sides are rendered with the same template (the record's own, or ``template``), and
    the differences are marked inside the newer one as Word tracked changes, so the redline
    looks like the motion or agreement it amends. The changes carry the office user's
    name (``redline_author``) and the time of the newer side (the working draft: now)."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise Invalid(
            f"A redline is a Word document: name the file .docx, not {out.name}.", field="out"
        )
    refuse_existing(out, overwrite)
    if old == new:
        raise Invalid("Compare two different versions: the old and the new side are the same.")
    comparison = cmp.compare(session=session, kind=kind, record_id=record_id, old=old, new=new)
    old_revision = _side_revision(session, kind, record_id, old)
    new_revision = _side_revision(session, kind, record_id, new)
    when = utcnow() if new == cmp.DRAFT else new_revision.created_at
    doc_kind, _record_kind, template_path = document_parts(session, kind, record_id, template)
    marks = _Marks(redline_author(session), when)
    with tempfile.TemporaryDirectory(prefix="sistercity-redline-") as work:
        old_path, new_path = Path(work) / "old.docx", Path(work) / "new.docx"
        _render(session, old_revision, doc_kind, template_path, old_path)
        _render(session, new_revision, doc_kind, template_path, new_path)
        old_doc, doc = Document(str(old_path)), Document(str(new_path))
    mark_differences(old_doc, doc, marks)
    _as_amended(doc, comparison)
    title = doc.core_properties.title or ""
    doc.core_properties.title = clean(f"{title} (AS AMENDED)".strip())
    doc.core_properties.author = marks.author

    def write(tmp: Path) -> None:
        doc.save(str(tmp))
        verify_docx(tmp)

    write_atomically(out, ".docx.tmp", write, overwrite=overwrite)
    return Redline(out, comparison, marks.insertions, marks.deletions)
