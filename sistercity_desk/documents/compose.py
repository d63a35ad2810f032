"""One Word document made of several: each part its own section, with its own header and
footer, so a packet is converted to PDF once.

Why one .docx rather than joined PDFs: a PDF joined from several loses each part's tagged
structure (the reading order screen readers follow) and page numbers stamped on afterwards
need a font of their own; one document converted once keeps the structure, embeds every
font, and lets Word's own PAGE / NUMPAGES fields number the pages of the whole packet while
each part's footer still names its record, revision and fingerprint (docs/architecture.md).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml.etree import _Element

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
R_LINK = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}link"
_REFERENCES = (R_ID, R_EMBED, R_LINK)


class _Composer:
    def __init__(self, master: DocxDocument) -> None:
        self.doc = master
        self.part = master.part
        self.package = master.part.package
        self.styles = master.styles.element
        self.style_ids = {s.get(qn("w:styleId")) for s in self.styles.iterchildren(qn("w:style"))}
        self._names = {str(p.partname) for p in self.package.iter_parts()}
        self._copied: dict[int, Part] = {}

    # ------------------------------------------------------------------ parts

    def _free_name(self, partname: str) -> PackURI:
        stem, dot, ext = partname.rpartition(".")
        base = stem.rstrip("0123456789")
        n = 1
        while True:
            name = f"{base}{n}{dot}{ext}"
            if name not in self._names:
                self._names.add(name)
                return PackURI(name)
            n += 1

    def _copy_part(self, part: Part) -> Part:
        """A copy of a part (and the parts it relates to) under a free name in the master
        package."""
        if id(part) in self._copied:
            return self._copied[id(part)]
        blob = part.blob
        new = Part(self._free_name(str(part.partname)), part.content_type, blob, self.package)
        self._copied[id(part)] = new
        for rel in part.rels.values():
            if rel.is_external:
                new.rels.get_or_add_ext_rel(rel.reltype, rel.target_ref)
            else:
                new.rels.add_relationship(rel.reltype, self._copy_part(rel.target_part), rel.rId)
        return new

    def _relink(self, element: _Element, source: Part, target: Part) -> None:
        """Rewrites the relationship ids ``element`` uses from ``source``'s to ``target``'s,
        copying the parts they point at (images, headers, footers)."""
        for node in element.iter():
            for attr in _REFERENCES:
                rid = node.get(attr)
                if rid is None or rid not in source.rels:
                    continue
                rel = source.rels[rid]
                if rel.is_external:
                    node.set(attr, target.rels.get_or_add_ext_rel(rel.reltype, rel.target_ref))
                    continue
                if rel.reltype in (RT.HEADER, RT.FOOTER):
                    # A header or footer part is XML with relationships of its own.
                    copied = self._xml_part(rel.target_part)
                else:
                    copied = self._copy_part(rel.target_part)
                node.set(attr, target.relate_to(copied, rel.reltype))

    def _xml_part(self, part: Part) -> Part:
        """A header or footer copied with its own images relinked."""
        if id(part) in self._copied:
            return self._copied[id(part)]
        element = copy.deepcopy(part.element)  # type: ignore[attr-defined]
        new_part = type(part)(
            self._free_name(str(part.partname)), part.content_type, element, self.package
        )
        self._copied[id(part)] = new_part
        self._relink(element, part, new_part)
        return new_part

    # ------------------------------------------------------------------ styles

    def _merge_styles(self, doc: DocxDocument) -> None:
        for style in doc.styles.element.iterchildren(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            if sid not in self.style_ids:
                self.styles.append(copy.deepcopy(style))
                self.style_ids.add(sid)

    def _merge_numbering(self, doc: DocxDocument, body: list[_Element]) -> None:
        """The part's lists, renumbered after the master's."""
        try:
            theirs = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        uses = [n for el in body for n in el.iter(qn("w:numId"))]
        if not uses:
            return
        ours = self.part.numbering_part.element
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in ours.iter(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in ours.iter(qn("w:num"))]
        a_shift, n_shift = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
        first_num = ours.find(qn("w:num"))
        for abstract in theirs.iterchildren(qn("w:abstractNum")):
            new = copy.deepcopy(abstract)
            new.set(qn("w:abstractNumId"), str(int(new.get(qn("w:abstractNumId"))) + a_shift))
            if first_num is not None:
                first_num.addprevious(new)
            else:
                ours.append(new)
        for num in theirs.iterchildren(qn("w:num")):
            new = copy.deepcopy(num)
            new.set(qn("w:numId"), str(int(new.get(qn("w:numId"))) + n_shift))
            ref = new.find(qn("w:abstractNumId"))
            if ref is not None:
                ref.set(qn("w:val"), str(int(ref.get(qn("w:val"))) + a_shift))
            ours.append(new)
        for use in uses:
            value = int(use.get(qn("w:val")))
            if value:
                use.set(qn("w:val"), str(value + n_shift))

    # ------------------------------------------------------------------ body

    def append(self, doc: DocxDocument) -> None:
        """Adds ``doc`` as a new section, starting on a new page, with its own header and
        footer; page numbers run on."""
        body = self.doc.element.body
        last = body.find(qn("w:sectPr"))
        if last is not None:
            # The section so far ends at its last paragraph.
            paragraph = body.makeelement(qn("w:p"), {})
            ppr = paragraph.makeelement(qn("w:pPr"), {})
            paragraph.append(ppr)
            body.remove(last)
            ppr.append(last)
            body.append(paragraph)
        theirs = doc.element.body
        elements = [copy.deepcopy(el) for el in theirs if el.tag != qn("w:sectPr")]
        sect = theirs.find(qn("w:sectPr"))
        section = copy.deepcopy(sect) if sect is not None else None
        self._merge_styles(doc)
        self._merge_numbering(doc, elements)
        for el in elements:
            self._relink(el, doc.part, self.part)
            body.append(el)
        if section is not None:
            self._relink(section, doc.part, self.part)
            for number_type in section.iter(qn("w:pgNumType")):
                # Page numbers run over the whole document.
                number_type.attrib.pop(qn("w:start"), None)
            kind = section.find(qn("w:type"))
            if kind is not None:
                section.remove(kind)
            body.append(section)


def compose(parts: Sequence[Path], out: Path) -> Path:
    """Writes one .docx of ``parts`` in order, each a section of its own (``out``)."""
    if not parts:
        raise ValueError("nothing to compose")
    master = Document(str(parts[0]))
    composer = _Composer(master)
    for path in parts[1:]:
        composer.append(Document(str(path)))
    master.save(str(out))
    return out
