"""Build the shipped Word templates (motion, resolution, agreement, vote sheet, packet cover).

Run with the project's Python: ``python templates/build_templates.py``. It writes the .docx
files beside itself. They are ordinary Word documents: styles named for what they hold
("Motion Body", "Partner Text" ...), docxtpl tags typed as text, so an office can restyle
them in Word and keep the tags. Field names are documented in docs/templates.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

HERE = Path(__file__).resolve().parent

#: Times New Roman in Word; LibreOffice shows the metric-compatible Liberation Serif, so the
#: lines break in the same places. Both cover Latin, Cyrillic and Greek.
FONT = "Times New Roman"

Run = tuple[str, dict[str, bool]]

# --------------------------------------------------------------------------- building blocks


def _set_fonts(rpr: object, lang: str | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if lang:
        el = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
        if el is None:
            el = OxmlElement("w:lang")
            rpr.append(el)  # type: ignore[attr-defined]
        el.set(qn("w:val"), lang)
        el.set(qn("w:eastAsia"), "ja-JP")
        el.set(qn("w:bidi"), "ar-SA")


def new_document(*, margins: float = 1.0) -> DocxDocument:
    doc = Document()
    core = doc.core_properties
    core.author = "SisterCity Desk"
    core.last_modified_by = "SisterCity Desk"
    core.created = core.modified = dt.datetime(2022, 3, 1, tzinfo=dt.UTC)
    core.revision = 1
    core.title = ""
    core.comments = ""
    section = doc.sections[0]
    # US Letter, as Los Angeles prints.
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(margins))
    section.header_distance = Inches(0.45)
    section.footer_distance = Inches(0.4)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _set_fonts(normal.element.get_or_add_rPr())
    # The document's own language, so Word checks English spelling by default.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, "en-US")
    _header_footer(doc)
    return doc


def style(
    doc: DocxDocument,
    name: str,
    *,
    size: float = 12,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: float = 0,
    after: float = 0,
    first_indent: float | None = None,
    left_indent: float | None = None,
    keep_next: bool = False,
    caps: bool = False,
    color: RGBColor | None = None,
    line: float = 1.0,
    outline: int | None = None,
) -> None:
    """A paragraph style. ``outline`` (1 = top) makes it a real heading: Word's navigation
    pane lists it, and a tagged PDF marks it H1, H2 ... for screen readers. A heading made
    of bold text alone is read as an ordinary paragraph."""
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.quick_style = True
    st.font.name = FONT
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    st.font.all_caps = caps
    if color is not None:
        st.font.color.rgb = color
    pf = st.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = line
    pf.widow_control = True
    if align is not None:
        pf.alignment = align
    if first_indent is not None:
        pf.first_line_indent = Inches(first_indent)
    if left_indent is not None:
        pf.left_indent = Inches(left_indent)
    pf.keep_with_next = keep_next
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline - 1))
        st.element.get_or_add_pPr().append(level)


def list_style(doc: DocxDocument, name: str, *, size: float = 12, indent: float = 0.0) -> None:
    """A paragraph style that is a real list (Word numbering with no visible label): a
    tagged PDF marks its paragraphs L / LI, so a screen reader announces "list, 4 items"
    and lets the reader skip it, while the page looks like plain lines."""
    numbering = doc.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "singleLevel")
    abstract.append(multi)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "none"), ("w:lvlText", "")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        lvl.append(el)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(int(indent * 1440)))
    ind.set(qn("w:hanging"), "0")
    ppr.append(ind)
    lvl.append(ppr)
    abstract.append(lvl)
    # abstractNum elements come before num elements in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    numbering.append(num)
    style(doc, name, size=size, after=4)
    st_ppr = doc.styles[name].element.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    num_id_el = OxmlElement("w:numId")
    num_id_el.set(qn("w:val"), str(num_id))
    num_pr.append(num_id_el)
    st_ppr.insert(0, num_pr)


def para(
    container: DocxDocument | _Cell,
    runs: str | list[Run],
    style_name: str | None = None,
) -> Paragraph:
    """A paragraph of runs; each tag sits whole in one run so Word cannot split it."""
    p = container.add_paragraph(style=style_name)
    if isinstance(runs, str):
        runs = [(runs, {})]
    for text, fmt in runs:
        run = p.add_run(text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
    return p


def first_para(cell: _Cell, runs: str | list[Run], style_name: str | None = None) -> Paragraph:
    """Fill a table cell's own first paragraph (a cell always has one)."""
    p = cell.paragraphs[0]
    if style_name:
        p.style = style_name
    if isinstance(runs, str):
        runs = [(runs, {})]
    for text, fmt in runs:
        run = p.add_run(text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
    return p


def _field(p: Paragraph, instr: str, placeholder: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    p._p.append(fld)


#: The diagonal DRAFT watermark every page of a draft carries: a light grey picture anchored
#: in the page header behind the text, marked decorative. LibreOffice exports header content
#: as artifacts, so a screen reader never reads it; a drawn shape (Word's own Design >
#: Watermark, a VML text path) is exported as a Figure or Div on every page instead, which a
#: screen reader announces as an image without alternative text (docs/accessibility.md).
WATERMARK_NAME = "DRAFT watermark"
_WATERMARK_INCHES = 6.0
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def _watermark_png() -> io.BytesIO:
    """DRAFT, diagonal, light grey and half transparent, as a PNG (made here, not shipped)."""
    from PIL import Image, ImageDraw, ImageFont

    # 150 dpi over 6 inches: a light grey mark this big looks the same printed at 300, and
    # LibreOffice spends a quarter as long on it per page (130 ms a conversion at 1800 px).
    side = 900
    size = side * 7 // 30  # the letters fill the diagonal
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("LiberationSans-Bold.ttf", size)
    except OSError:
        font = ImageFont.load_default(size=size)
    text = Image.new("RGBA", (side * 2, side), (255, 255, 255, 0))
    draw = ImageDraw.Draw(text)
    box = draw.textbbox((0, 0), "DRAFT", font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    draw.text(
        ((side * 2 - width) / 2 - box[0], (side - height) / 2 - box[1]),
        "DRAFT",
        font=font,
        fill=(200, 200, 200, 128),
    )
    turned = text.rotate(45, expand=True, resample=Image.Resampling.BICUBIC)
    left = (turned.width - side) // 2
    top = (turned.height - side) // 2
    picture = turned.crop((left, top, left + side, top + side))
    data = io.BytesIO()
    picture.save(data, "PNG", optimize=True)
    data.seek(0)
    return data


def _anchor_behind_text(run_element: object) -> None:
    """Turn the run's inline picture into one anchored behind the text, centred on the page's
    text area, and mark it decorative (no alternative text needed)."""
    inline = next(run_element.iter(qn("wp:inline")))  # type: ignore[attr-defined]
    extent, doc_pr, graphic = (
        inline.find(qn("wp:extent")),
        inline.find(qn("wp:docPr")),
        inline.find(qn("a:graphic")),
    )
    doc_pr.set("name", WATERMARK_NAME)
    ext_list = etree.SubElement(doc_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"))
    ext.set("uri", _DECORATIVE_URI)
    etree.SubElement(ext, f"{{{_ADEC}}}decorative", nsmap={"adec": _ADEC}).set("val", "1")
    anchor = OxmlElement("wp:anchor")
    for key, value in (
        ("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"), ("simplePos", "0"),
        ("relativeHeight", "0"), ("behindDoc", "1"), ("locked", "0"), ("layoutInCell", "1"),
        ("allowOverlap", "1"),
    ):  # fmt: skip
        anchor.set(key, value)
    simple = etree.SubElement(anchor, qn("wp:simplePos"))
    simple.set("x", "0")
    simple.set("y", "0")
    for tag in ("wp:positionH", "wp:positionV"):
        position = etree.SubElement(anchor, qn(tag))
        position.set("relativeFrom", "margin")
        etree.SubElement(position, qn("wp:align")).text = "center"
    anchor.append(extent)
    effect = etree.SubElement(anchor, qn("wp:effectExtent"))
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    etree.SubElement(anchor, qn("wp:wrapNone"))
    anchor.append(doc_pr)
    etree.SubElement(anchor, qn("wp:cNvGraphicFramePr"))
    anchor.append(graphic)
    inline.addprevious(anchor)
    inline.getparent().remove(inline)


def _draft_watermark(p: Paragraph) -> None:
    """The watermark, printed only on drafts ({%r if document.draft %})."""
    p.add_run("{%r if document.draft %}")
    run = p.add_run()
    run.add_picture(_watermark_png(), width=Inches(_WATERMARK_INCHES))
    _anchor_behind_text(run._r)
    p.add_run("{%r endif %}")


def _header_footer(doc: DocxDocument) -> None:
    style(
        doc,
        "Draft Mark",
        size=16,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        color=RGBColor(0x9A, 0x9A, 0x9A),
    )
    style(
        doc,
        "Record Footer",
        size=8.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=RGBColor(0x40, 0x40, 0x40),
    )
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = "Draft Mark"
    _draft_watermark(hp)
    footer = section.footer
    footer.is_linked_to_previous = False
    fp = footer.paragraphs[0]
    fp.style = "Record Footer"
    fp.add_run("{{ document.footer }} · Page ")
    _field(fp, "PAGE", "1")
    fp.add_run(" of ")
    _field(fp, "NUMPAGES", "1")


def table(
    container: DocxDocument | _Cell,
    rows: int,
    widths: list[float],
    *,
    grid: bool = False,
    align: WD_TABLE_ALIGNMENT = WD_TABLE_ALIGNMENT.CENTER,
) -> Table:
    t = container.add_table(rows=rows, cols=len(widths))
    if grid:
        t.style = "Table Grid"
    t.alignment = align
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid_cols = t._tbl.tblGrid.findall(qn("w:gridCol"))
    for col, width in zip(grid_cols, widths, strict=True):
        col.set(qn("w:w"), str(int(width * 1440)))
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)
    return t


def no_split(row: object) -> None:
    """Keep a table row on one page (signature blocks)."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:cantSplit")
    tr_pr.append(el)


def header_row(row: object) -> None:
    """Repeat a table's first row on each page."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def shade(cell: _Cell, fill: str = "E8E8E8") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def sign_line(p: Paragraph, inches: float) -> Paragraph:
    """A line to sign on: an underlined tab to a tab stop, not a row of underscores, which
    a screen reader reads out one by one. The tab's underline is drawn as an artifact in
    the tagged PDF and the paragraph reads as empty."""
    p.paragraph_format.tab_stops.add_tab_stop(Inches(inches), WD_TAB_ALIGNMENT.RIGHT)
    # The zero-width space after the tab: LibreOffice draws no underline under a tab that
    # ends a table cell's paragraph. It is silent to a screen reader.
    run = p.add_run("\t\u200b")
    run.underline = True
    return p


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def spacer(doc: DocxDocument, points: float) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(points)


def clerk_stamp(doc: DocxDocument) -> None:
    """The Council File number at the top right of every page, where the Clerk stamps a
    received item: in the page header, so the body still opens with its heading (a stamp is
    not body text to a screen reader, docs/accessibility.md)."""
    style(doc, "Clerk Stamp", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    stamp = doc.sections[0].header.add_paragraph(style="Clerk Stamp")
    stamp.add_run("{{ motion.council_file_label }}")


def sponsor_signatures(doc: DocxDocument) -> Table:
    """PRESENTED BY / SECONDED BY: signature lines on the right half of the page, the way the
    Clerk receives motions and resolutions."""
    t = table(doc, 4, [1.6, 3.4], align=WD_TABLE_ALIGNMENT.RIGHT)
    first_para(t.cell(0, 0), "PRESENTED BY:", "Signature Label")
    c = t.cell(0, 1)
    sign_line(first_para(c, [], "Signature Line"), 3.0)
    para(c, "{{ motion.mover.name_upper }}", "Signature Name")
    para(c, "{{ motion.mover.title }}", "Signature Name")
    first_para(t.cell(1, 0), "{%tr for s in motion.seconders %}")
    first_para(t.cell(2, 0), "{% if loop.first %}SECONDED BY:{% endif %}", "Signature Label")
    c = t.cell(2, 1)
    sign_line(first_para(c, [], "Signature Line"), 3.0)
    para(c, "{{ s.name_upper }}", "Signature Name")
    para(c, "{{ s.title }}", "Signature Name")
    first_para(t.cell(3, 0), "{%tr endfor %}")
    for row in (t.rows[0], t.rows[2]):
        no_split(row)
    return t


# --------------------------------------------------------------------------- the templates


def motion() -> DocxDocument:
    doc = new_document()
    style(
        doc,
        "Motion Heading",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=18,
        outline=1,
    )
    style(
        doc, "Motion Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=0.5, after=10, line=1.08
    )
    style(
        doc,
        "Motion Operative",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent=0.5,
        after=10,
        line=1.08,
    )
    style(doc, "Signature Label", bold=True, size=11, before=14)
    style(doc, "Signature Line", before=14, size=11)
    style(doc, "Signature Name", size=11)
    style(doc, "Motion Date", before=10)
    style(doc, "Motion Subject", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=14)

    clerk_stamp(doc)
    para(doc, "MOTION", "Motion Heading")
    # The subject (the Council File title) under the heading.
    para(doc, "{{ motion.title }}", "Motion Subject")
    para(doc, "{%p for r in motion.recitals %}", "Motion Body")
    para(doc, "{{ r.text }}{{ r.ending }}", "Motion Body")
    para(doc, "{%p endfor %}", "Motion Body")
    para(doc, "{%p for c in motion.operatives %}", "Motion Operative")
    para(
        doc,
        [
            ("{% if c.first %}I THEREFORE MOVE{% else %}I FURTHER MOVE{% endif %}", {"bold": True}),
            (" that {{ c.text }}{{ c.ending }}", {}),
        ],
        "Motion Operative",
    )
    para(doc, "{%p endfor %}", "Motion Operative")

    spacer(doc, 4)
    sponsor_signatures(doc)
    para(
        doc,
        [
            (
                "{{ motion.introduced_on.text if motion.introduced_on.known else "
                "'____________________' }}",
                {},
            )
        ],
        "Motion Date",
    )
    return doc


def resolution() -> DocxDocument:
    doc = new_document()
    style(doc, "Resolution Number", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12, outline=1)
    style(
        doc,
        "Resolution Title",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=14,
        left_indent=0.5,
        outline=2,
    )
    style(
        doc,
        "Resolution Body",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent=0.5,
        after=10,
        line=1.08,
    )
    style(doc, "Signature Label", bold=True, size=11, before=6)
    style(doc, "Signature Line", before=18, size=11)
    style(doc, "Signature Name", size=11)
    style(
        doc,
        "Certificate Heading",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=12,
        after=6,
        keep_next=True,
        outline=2,
    )
    style(doc, "Certificate Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4, size=11)
    list_style(doc, "Certificate Vote", size=11)

    clerk_stamp(doc)
    para(
        doc,
        "RESOLUTION NO. {{ motion.resolution_number if motion.resolution_number else "
        "'__________' }}",
        "Resolution Number",
    )
    para(
        doc,
        "A RESOLUTION OF THE {{ office.council_full_name|upper }} {{ motion.title_upper }}",
        "Resolution Title",
    )
    para(doc, "{%p for r in motion.recitals %}", "Resolution Body")
    para(
        doc, [("WHEREAS", {"bold": True}), (", {{ r.text }}{{ r.ending }}", {})], "Resolution Body"
    )
    para(doc, "{%p endfor %}", "Resolution Body")
    para(doc, "{%p for c in motion.operatives %}", "Resolution Body")
    para(
        doc,
        [
            (
                "{% if c.first %}NOW, THEREFORE, BE IT RESOLVED{% else %}BE IT FURTHER RESOLVED"
                "{% endif %}",
                {"bold": True},
            ),
            (
                "{% if c.first %} by the {{ office.council_full_name }}{% endif %} that "
                "{{ c.text }}{{ c.ending }}",
                {},
            ),
        ],
        "Resolution Body",
    )
    para(doc, "{%p endfor %}", "Resolution Body")
    # The closing block is the office's own wording (office profile), not fixed words.
    para(
        doc,
        [
            ("{{ office.adoption_words }}", {"bold": True}),
            (
                " this {{ motion.adopted_on.day_of if motion.adopted_on.known else "
                "'____ day of ____________, 20__' }}.",
                {},
            ),
        ],
        "Resolution Body",
    )

    t = table(doc, 2, [3.25, 3.25])
    c = t.cell(0, 0)
    # An empty label line keeps this signature level with the ATTEST one beside it.
    first_para(c, "", "Signature Label")
    sign_line(para(c, [], "Signature Line"), 2.4)
    para(
        c,
        "{{ office.president_name if office.president_name else office.mayor_name }}",
        "Signature Name",
    )
    para(
        c,
        "{{ office.president_title if office.president_name else office.mayor_title }}",
        "Signature Name",
    )
    c = t.cell(0, 1)
    first_para(c, "{{ office.attest_label }}", "Signature Label")
    sign_line(para(c, [], "Signature Line"), 2.4)
    para(c, "{{ office.clerk_name }}", "Signature Name")
    para(c, "{{ office.clerk_title }}", "Signature Name")
    c = t.cell(1, 0)
    first_para(c, "{{ office.form_label }}", "Signature Label")
    sign_line(para(c, [], "Signature Line"), 2.4)
    para(c, "{{ office.attorney_name }}", "Signature Name")
    para(c, "{{ office.attorney_title }}", "Signature Name")
    for row in t.rows:
        no_split(row)

    # Who presented and seconded it, as on a motion, after the officials' signatures.
    spacer(doc, 10)
    sponsor_signatures(doc)
    para(
        doc,
        "{{ motion.introduced_on.text if motion.introduced_on.known else '____________________' }}",
        "Signature Name",
    )
    para(doc, "{%p if vote.recorded %}", "Certificate Body")
    para(doc, "CLERK'S CERTIFICATE", "Certificate Heading")
    para(
        doc,
        "I HEREBY CERTIFY that the foregoing Resolution was adopted by the "
        "{{ office.council_full_name }} at its {{ vote.meeting_type|lower }} meeting held on "
        "{{ vote.meeting_date.text }}, by the following vote {{ vote.tally }}:",
        "Certificate Body",
    )
    # The four kinds of vote are a list: a screen reader says so and counts them.
    para(doc, [("AYES: ", {"bold": True}), ("{{ vote.ayes }}", {})], "Certificate Vote")
    para(doc, [("NOES: ", {"bold": True}), ("{{ vote.noes }}", {})], "Certificate Vote")
    para(doc, [("ABSENT: ", {"bold": True}), ("{{ vote.absentees }}", {})], "Certificate Vote")
    para(doc, [("ABSTAIN: ", {"bold": True}), ("{{ vote.abstentions }}", {})], "Certificate Vote")
    t = table(doc, 1, [3.25, 3.25])
    c = t.cell(0, 1)
    sign_line(first_para(c, [], "Signature Line"), 2.4)
    para(c, "{{ office.clerk_name }}", "Signature Name")
    para(c, "{{ office.clerk_title }}", "Signature Name")
    para(doc, "{%p endif %}", "Certificate Body")
    return doc


def agreement() -> DocxDocument:
    doc = new_document(margins=0.8)
    width = 3.4
    for side in ("Home", "Partner"):
        # Each language's title is a top heading, each article's label ("Article 1") the
        # next level and its heading ("Shared values") the one below.
        style(
            doc,
            f"{side} Title",
            size=13,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=10,
            outline=1,
        )
        style(
            doc, f"{side} Article", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=8, outline=2
        )
        style(
            doc, f"{side} Heading", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4, outline=3
        )
        style(doc, f"{side} Annex Heading", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, outline=2)
        # Ragged right: justified narrow columns open wide gaps around long words.
        style(doc, f"{side} Text", align=WD_ALIGN_PARAGRAPH.LEFT, after=6, size=11.5)
        style(doc, f"{side} Closing", align=WD_ALIGN_PARAGRAPH.LEFT, before=10, after=6, size=11.5)
        style(doc, f"{side} Signature", size=11)
        style(doc, f"{side} Cell", size=10)
    style(doc, "Signature Line", before=30, size=11)
    style(doc, "Annex Heading", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)

    # One borderless two-column table: each row holds the same passage in both languages,
    # so the versions stay side by side however long either runs.
    t = table(doc, 6, [width, width])
    first_para(t.cell(0, 0), "{{ agreement.home.title }}", "Home Title")
    first_para(t.cell(0, 1), "{{ agreement.partner.title }}", "Partner Title")
    first_para(t.cell(1, 0), "{{ agreement.home.preamble }}", "Home Text")
    first_para(t.cell(1, 1), "{{ agreement.partner.preamble }}", "Partner Text")
    # The tr loop tags sit in rows of their own; docxtpl removes those rows.
    first_para(t.cell(2, 0), "{%tr for a in agreement.articles %}")
    first_para(t.cell(4, 0), "{%tr endfor %}")
    for col, side, key in ((0, "Home", "home"), (1, "Partner", "partner")):
        c = t.cell(3, col)
        first_para(c, f"{{{{ a.{key}.label }}}}", f"{side} Article")
        para(c, f"{{%p if a.{key}.heading %}}", f"{side} Heading")
        para(c, f"{{{{ a.{key}.heading }}}}", f"{side} Heading")
        para(c, "{%p endif %}", f"{side} Heading")
        para(c, f"{{{{ a.{key}.text }}}}", f"{side} Text")
        c = t.cell(5, col)
        first_para(c, f"{{{{ agreement.{key}.authentic_clause }}}}", f"{side} Closing")
        para(c, f"{{%p if agreement.{key}.prevailing_clause %}}", f"{side} Text")
        para(c, f"{{{{ agreement.{key}.prevailing_clause }}}}", f"{side} Text")
        para(c, "{%p endif %}", f"{side} Text")
        para(c, f"{{{{ agreement.{key}.signing_line }}}}", f"{side} Text")
    # An article stays whole on a page (Word still splits one longer than a page).
    no_split(t.rows[3])

    spacer(doc, 6)
    s = table(doc, 1, [width, width])
    no_split(s.rows[0])
    for col, who in ((0, "home_signatory"), (1, "partner_signatory")):
        c = s.cell(0, col)
        first_para(c, f"{{{{ agreement.{who}.for_city_home }}}}", "Home Signature")
        para(c, f"{{{{ agreement.{who}.for_city_partner }}}}", "Partner Signature")
        sign_line(para(c, [], "Signature Line"), 2.3)
        para(c, f"{{{{ agreement.{who}.name }}}}", "Home Signature")
        para(c, f"{{%p if agreement.{who}.native_name %}}", "Partner Signature")
        para(c, f"{{{{ agreement.{who}.native_name }}}}", "Partner Signature")
        para(c, "{%p endif %}", "Partner Signature")
        para(c, f"{{{{ agreement.{who}.title_home }}}}", "Home Signature")
        para(c, f"{{%p if agreement.{who}.title_partner %}}", "Partner Signature")
        para(c, f"{{{{ agreement.{who}.title_partner }}}}", "Partner Signature")
        para(c, "{%p endif %}", "Partner Signature")

    para(doc, "{%p if agreement.has_annex %}")
    page_break(doc)
    h = table(doc, 1, [width, width])
    first_para(h.cell(0, 0), "{{ agreement.home.labels.annex }}", "Home Title")
    para(h.cell(0, 0), "{{ agreement.home.labels.annex_title }}", "Home Annex Heading")
    first_para(h.cell(0, 1), "{{ agreement.partner.labels.annex }}", "Partner Title")
    para(h.cell(0, 1), "{{ agreement.partner.labels.annex_title }}", "Partner Annex Heading")
    spacer(doc, 6)
    # Both languages in each text cell (an equally authentic instrument has a bilingual
    # annex); the value columns: one unit, the quantity, the line (unit times quantity).
    widths = [0.4, 2.35, 1.35, 0.8, 1.0, 1.0]
    a = table(doc, 5, widths, grid=True)
    header_row(a.rows[0])
    first_para(a.cell(0, 0), "No.", "Home Cell")
    columns = ((1, "description"), (2, "condition"), (3, "quantity"))
    columns += ((4, "unit_value"), (5, "line_total"))
    for col, key in columns:
        first_para(a.cell(0, col), f"{{{{ agreement.home.labels.{key} }}}}", "Home Cell")
        para(a.cell(0, col), f"{{{{ agreement.partner.labels.{key} }}}}", "Partner Cell")
        shade(a.cell(0, col))
    shade(a.cell(0, 0))
    for cell in a.rows[0].cells:
        for p in cell.paragraphs:
            for r in p.runs:
                r.bold = True
    first_para(a.cell(1, 0), "{%tr for i in agreement.annex %}")
    first_para(a.cell(2, 0), "{{ i.number }}", "Home Cell")
    for col, key in ((1, "description"), (2, "condition")):
        first_para(a.cell(2, col), f"{{{{ i.{key} }}}}", "Home Cell")
        para(a.cell(2, col), f"{{{{ i.{key}_partner }}}}", "Partner Cell")
    first_para(a.cell(2, 3), "{{ i.quantity }}", "Home Cell")
    first_para(a.cell(2, 4), "{{ i.unit_value }}", "Home Cell")
    first_para(a.cell(2, 5), "{{ i.line_total }}", "Home Cell")
    a.cell(2, 3).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for col in (4, 5):
        a.cell(2, col).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first_para(a.cell(3, 0), "{%tr endfor %}")
    first_para(a.cell(4, 1), "{{ agreement.home.labels.total }}", "Home Cell")
    para(a.cell(4, 1), "{{ agreement.partner.labels.total }}", "Partner Cell")
    first_para(a.cell(4, 5), "{{ agreement.annex_total }}", "Home Cell")
    a.cell(4, 5).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for p in a.cell(4, 1).paragraphs + a.cell(4, 5).paragraphs:
        for r in p.runs:
            r.bold = True
    para(doc, "{%p endif %}")
    return doc


def vote_sheet() -> DocxDocument:
    doc = new_document()
    style(doc, "Sheet Heading", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, outline=1)
    style(
        doc,
        "Sheet Subheading",
        size=12,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
        outline=2,
    )
    style(doc, "Sheet Field", size=11, after=2)
    style(doc, "Sheet Cell", size=11)
    style(doc, "Sheet Mark", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    style(doc, "Sheet Total", size=12, before=10, after=2)
    style(doc, "Sheet Column", size=9.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    para(doc, "{{ office.council_title|upper }}", "Sheet Heading")
    para(doc, "ROLL CALL VOTE", "Sheet Subheading")
    info = table(doc, 7, [1.6, 4.9])
    rows = [
        (
            "Meeting:",
            "{{ vote.meeting_date.text if vote.meeting_date.known else "
            "'______________________' }} ({{ vote.meeting_type if vote.meeting_type "
            "else 'Regular / Special' }})",
        ),
        ("Council File:", "{{ motion.council_file if motion.council_file else '—' }}"),
        ("{{ motion.kind_label }}:", "{{ motion.title }}"),
        ("Sponsors:", "{{ motion.kind|capitalize }} {{ motion.citation }}"),
        ("Threshold:", "{{ vote.threshold_label }}"),
        ("Action:", "{{ vote.action if vote.action else '______________________' }}"),
        (
            "Presiding:",
            "{{ (vote.president or office.president_name) ~ ', President of the Council' "
            "if (vote.president or office.president_name) else '______________________' }}",
        ),
    ]
    for i, (label, value) in enumerate(rows):
        first_para(info.cell(i, 0), [(label, {"bold": True})], "Sheet Field")
        first_para(info.cell(i, 1), value, "Sheet Field")
    spacer(doc, 8)

    # Abstain and recused are columns, as the Clerk tallies them; the President is named.
    labels = ("Member", "CD", "YES", "NO", "ABSENT", "ABSTAIN", "RECUSED")
    t = table(doc, 4, [2.3, 0.5, 0.65, 0.65, 0.75, 0.8, 0.85], grid=True)
    header_row(t.rows[0])
    for col, label in enumerate(labels):
        first_para(
            t.cell(0, col), [(label, {"bold": True})], "Sheet Cell" if col == 0 else "Sheet Column"
        )
        shade(t.cell(0, col))
    first_para(t.cell(1, 0), "{%tr for r in vote.rows %}")
    first_para(
        t.cell(2, 0),
        "{{ r.name }}{% if r.president %} (President){% endif %}",
        "Sheet Cell",
    )
    first_para(t.cell(2, 1), "{{ r.district }}", "Sheet Mark")
    t.cell(2, 1).paragraphs[0].runs[0].bold = False
    for col, key in enumerate(("yes", "no", "absent", "abstain", "recused"), start=2):
        first_para(t.cell(2, col), f"{{{{ r.{key} }}}}", "Sheet Mark")
    first_para(t.cell(3, 0), "{%tr endfor %}")

    para(
        doc,
        [("Tally (yes - no - absent): ", {"bold": True}), ("{{ vote.tally }}", {})],
        "Sheet Total",
    )
    para(
        doc,
        [
            ("Result: ", {"bold": True}),
            (
                "{{ vote.result if vote.recorded else '______________________' }}"
                "{% if vote.recorded %} ({{ vote.yes }} votes; {{ vote.required }} required)"
                "{% endif %}",
                {},
            ),
        ],
        "Sheet Field",
    )
    para(
        doc,
        [
            ("Abstained: ", {"bold": True}),
            ("{{ vote.abstained }}", {}),
            ("    Recused: ", {"bold": True}),
            ("{{ vote.recused }}", {}),
            ("    Vacant seats: ", {"bold": True}),
            ("{{ vote.vacant }}", {}),
        ],
        "Sheet Field",
    )
    # The Clerk's journal wording and the roll call, as the journal prints them.
    para(
        doc,
        [
            ("Journal: ", {"bold": True}),
            ("{{ vote.journal_line if vote.recorded else '______________________' }}", {}),
        ],
        "Sheet Field",
    )
    para(
        doc,
        [
            ("Roll call: ", {"bold": True}),
            ("{{ vote.roll_call_line if vote.recorded else '______________________' }}", {}),
        ],
        "Sheet Field",
    )
    spacer(doc, 18)
    sign_line(para(doc, "Recorded by: ", "Sheet Field"), 4.0)
    return doc


def packet_cover() -> DocxDocument:
    doc = new_document()
    style(
        doc,
        "Cover Heading",
        size=16,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=36,
        outline=1,
    )
    style(
        doc, "Cover Title", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=8, outline=2
    )
    style(doc, "Cover Date", align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=24)
    style(doc, "Cover Cell", size=11)
    style(doc, "Cover Note", size=11, before=12, italic=True)
    para(doc, "{{ office.council_title|upper }}", "Cover Heading")
    para(doc, "{{ packet.title }}", "Cover Title")
    # Dated with the meeting the packet is for (chosen when printing; default the next one).
    para(doc, "Meeting of {{ packet.meeting_date.text }}", "Cover Date")
    t = table(doc, 4, [0.5, 1.2, 2.8, 2.0], grid=True)
    header_row(t.rows[0])
    for col, label in enumerate(("No.", "Council File", "Title", "Sponsors")):
        first_para(t.cell(0, col), [(label, {"bold": True})], "Cover Cell")
        shade(t.cell(0, col))
    first_para(t.cell(1, 0), "{%tr for i in packet.entries %}")
    first_para(t.cell(2, 0), "{{ i.number }}", "Cover Cell")
    first_para(t.cell(2, 1), "{{ i.council_file if i.council_file else '—' }}", "Cover Cell")
    first_para(t.cell(2, 2), "{{ i.title }}", "Cover Cell")
    first_para(t.cell(2, 3), "{{ i.kind_label }} {{ i.citation }}", "Cover Cell")
    first_para(t.cell(3, 0), "{%tr endfor %}")
    para(doc, "{{ packet.count }} item(s); each is followed by its vote sheet.", "Cover Note")
    return doc


BUILDERS = {
    "motion.docx": motion,
    "resolution.docx": resolution,
    "agreement.docx": agreement,
    "vote_sheet.docx": vote_sheet,
    "packet_cover.docx": packet_cover,
}


def _drop_empty_first_paragraph(doc: DocxDocument) -> None:
    # python-docx's blank document starts with nothing; keep the section properties last.
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        body.remove(sect)
        body.append(sect)


_STYLE_REFERENCE = re.compile(
    r'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"'
)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


#: Built-in styles kept though no template uses them: what an office editing a template
#: reaches for first (real headings, as the accessibility check asks, lists and tables).
_KEPT_BUILT_IN = frozenset(
    {"Title", "Heading1", "Heading2", "Heading3", "ListParagraph", "TableGrid", "Caption"}
)


def _trim_styles(doc: DocxDocument) -> None:
    """Keep only the styles the template uses, the ones they are based on and the defaults;
    drop the latent-style table and Word 2010's stylesWithEffects copy. python-docx's blank
    document carries 160 styles (350 kB of styles.xml, and 440 kB more in the copy): every
    render and every LibreOffice conversion parsed them, 20-60 ms of each preview. The
    headings and a few others stay for offices editing a template; Word brings back any
    other built-in style the moment someone uses it."""
    root = doc.styles.element
    used: set[str] = set()
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or element is root:
            continue
        used.update(_STYLE_REFERENCE.findall(etree.tostring(element).decode("utf-8")))
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    keep = used | {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    keep |= _KEPT_BUILT_IN & set(by_id)
    grown = True
    while grown:
        grown = False
        for style_id in list(keep):
            style_el = by_id.get(style_id)
            for tag in ("w:basedOn", "w:next", "w:link"):
                ref = style_el.find(qn(tag)) if style_el is not None else None
                if ref is not None and ref.get(qn("w:val")) not in keep:
                    keep.add(ref.get(qn("w:val")))
                    grown = True
    for style_id, style_el in by_id.items():
        if style_id not in keep:
            root.remove(style_el)
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)


def main(out_dir: Path = HERE) -> None:
    for name, build in BUILDERS.items():
        doc = build()
        _drop_empty_first_paragraph(doc)
        _trim_styles(doc)
        doc.sections[0].start_type = WD_SECTION.NEW_PAGE
        target = out_dir / name
        doc.save(str(target))
        _fix_zip_times(target)
        print(f"wrote {target}")


def _fix_zip_times(path: Path) -> None:
    """Give every zip entry one fixed time, so rebuilding an unchanged template gives the
    same bytes and only real changes show up in version control."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            archive.writestr(fixed, data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
