"""Machine checks of a PDF's accessibility (PDF/UA-1, WCAG 2.1 AA) on pikepdf.

What a program can decide is checked here: the file is tagged (MarkInfo, a structure
tree), every piece of page content is either tagged or an artifact, the document has a
language, a title shown in the title bar, every font embedded, every figure a text
alternative, and it says it is PDF/UA (and PDF/A). What needs a person (is the reading
order sensible, is the alternative text right) is in docs/accessibility.md.

The small ``pdfua`` package on PyPI does part of this on pikepdf too; it was read and not
taken: an alpha of one author, it does not resolve the role map (LibreOffice names its
tags after paragraph styles, mapped to standard ones), nor check fonts or PDF/A.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from docx.oxml.ns import qn

from ..errors import Invalid
from .templates import Problem

#: Operators that draw text (ISO 32000-1, table 109), and the one that paints an image.
_TEXT_OPERATORS = frozenset({"Tj", "TJ", "'", '"'})
_PAINT = "Do"
_HEADING = re.compile(r"^/H[1-6]?$")
_MAX_DEPTH = 200


@dataclass(frozen=True)
class Finding:
    """One thing that keeps a PDF from being accessible: what, where, and what to do."""

    rule: str
    message: str
    page: int | None = None

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page is not None else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class Element:
    """A node of the structure tree, its standard role resolved through the role map."""

    role: str
    name: str
    lang: str | None
    alt: str | None
    depth: int
    #: The marked content directly under it: (page index, MCID).
    content: tuple[tuple[int, int], ...]
    obj: pikepdf.Dictionary


def _open(path: Path) -> pikepdf.Pdf:
    path = Path(path)
    if not path.is_file():
        raise Invalid(f"There is no file {path}.")
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise Invalid(
            f"{path.name} is encrypted with a password; a screen reader cannot open it "
            "either. Save it without a password, then check it."
        ) from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise Invalid(f"{path.name} is not a readable PDF ({exc}).") from exc


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(value)
    except (TypeError, ValueError):
        return None


def _role_resolver(tree: pikepdf.Dictionary) -> Callable[[str], str]:
    """Standard role of a structure type through the tree's role map (LibreOffice names
    paragraphs after their styles and maps those to P, H1 ...)."""
    role_map = tree.get("/RoleMap")
    roles: dict[str, str] = {}
    if isinstance(role_map, pikepdf.Dictionary):
        roles = {str(k): str(v) for k, v in role_map.items()}

    def resolve(name: str) -> str:
        # A role map may chain (custom -> custom -> standard); stop at a loop.
        hops = 0
        while name in roles and hops < 10:
            name = roles[name]
            hops += 1
        return name

    return resolve


def structure(pdf: pikepdf.Pdf) -> list[Element]:
    """The structure tree's elements in document (reading) order, depth first."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return []
    resolve = _role_resolver(root)
    page_index: dict[tuple[int, int], int] = {
        page.obj.objgen: i for i, page in enumerate(pdf.pages)
    }
    out: list[Element] = []
    seen: set[tuple[int, int]] = set()

    def page_of(node: pikepdf.Dictionary, default: int | None) -> int | None:
        pg = node.get("/Pg")
        if isinstance(pg, pikepdf.Dictionary):
            return page_index.get(pg.objgen, default)
        return default

    def walk(node: pikepdf.Dictionary, depth: int, lang: str | None, page: int | None) -> None:
        if depth > _MAX_DEPTH:
            return
        if node.is_indirect:
            if node.objgen in seen:
                return  # a tree with a loop: each element once
            seen.add(node.objgen)
        name = str(node.get("/S", "/NonStruct"))
        own_lang = _text(node.get("/Lang")) or lang
        page = page_of(node, page)
        content: list[tuple[int, int]] = []
        children: list[pikepdf.Dictionary] = []
        for kid in _as_list(node.get("/K")):
            if isinstance(kid, int) and page is not None:
                content.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                if "/S" in kid:
                    children.append(kid)
                elif "/MCID" in kid:
                    kid_page = page_of(kid, page)
                    if kid_page is not None:
                        content.append((kid_page, int(kid["/MCID"])))
        alt = _text(node.get("/Alt")) or _text(node.get("/ActualText"))
        out.append(Element(resolve(name), name, own_lang, alt, depth, tuple(content), node))
        for child in children:
            walk(child, depth + 1, own_lang, page)

    for kid in _as_list(root.get("/K")):
        if isinstance(kid, pikepdf.Dictionary):
            walk(kid, 0, _text(pdf.Root.get("/Lang")), None)
    return out


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class _Unmarked:
    page: int
    text: int
    images: int


def _unmarked(pdf: pikepdf.Pdf) -> Iterator[_Unmarked]:
    """Pages with text or images outside any marked content (neither tagged nor artifact)."""
    for index, page in enumerate(pdf.pages):
        depth = 0
        text = images = 0
        try:
            operations = pikepdf.parse_content_stream(page)
        except pikepdf.PdfError:
            continue
        for instruction in operations:
            op = str(instruction.operator)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth = max(0, depth - 1)
            elif depth == 0 and op in _TEXT_OPERATORS:
                text += 1
            elif depth == 0 and op == _PAINT:
                images += 1
        if text or images:
            yield _Unmarked(index + 1, text, images)


def _fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, pikepdf.Dictionary]]:
    """(page number, font name, font dictionary) for each font the pages use, once each."""
    seen: set[tuple[int, int]] = set()

    def from_resources(resources: Any, page: int, depth: int) -> Iterator[Any]:
        if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
            return
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for _, font in fonts.items():
                if isinstance(font, pikepdf.Dictionary):
                    key = font.objgen if font.is_indirect else (id(font), -1)
                    if key not in seen:
                        seen.add(key)
                        yield page, str(font.get("/BaseFont", "(unnamed)")), font
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            for _, xobject in xobjects.items():
                if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                    yield from from_resources(xobject.get("/Resources"), page, depth + 1)

    for index, page in enumerate(pdf.pages):
        yield from from_resources(page.obj.get("/Resources"), index + 1, 0)


def _embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True  # drawn by the PDF's own procedures
    if subtype == "/Type0":
        descendants = _as_list(font.get("/DescendantFonts"))
        return bool(descendants) and all(
            isinstance(d, pikepdf.Dictionary) and _embedded(d) for d in descendants
        )
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The XMP properties a check looks at (empty strings when absent)."""
    keys = ("dc:title", "pdfuaid:part", "pdfaid:part", "pdfaid:conformance", "dc:creator")
    out = dict.fromkeys(keys, "")
    try:
        meta = pdf.open_metadata()
    except Exception:  # a damaged XMP packet reads as none
        return out
    for key in keys:
        try:
            value = meta.get(key)
        except Exception:
            value = None
        if isinstance(value, list | set | tuple):
            value = ", ".join(str(v) for v in value)
        out[key] = str(value or "")
    return out


# --------------------------------------------------------------------------- the check


def check_pdf(path: Path) -> list[Finding]:
    """Every machine-checkable accessibility problem of the PDF at ``path`` (empty: none).

    Raises Invalid when the file is not a readable PDF."""
    with _open(Path(path)) as pdf:
        return _check(pdf)


def _check(pdf: pikepdf.Pdf) -> list[Finding]:
    found: list[Finding] = []
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary) or not (
        isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked"))
    ):
        found.append(
            Finding(
                "untagged",
                "the PDF is not tagged (no structure tree, or MarkInfo not Marked): a screen "
                "reader finds no headings, lists, tables or reading order. Make it again "
                "from the .docx with SisterCity Desk (it exports tagged PDF/UA), or export "
                "it from Word or LibreOffice with 'tagged PDF' / 'PDF/UA' turned on.",
            )
        )
    if not _text(root.get("/Lang")):
        found.append(
            Finding(
                "language",
                "the document has no language (/Lang): a screen reader may read it with the "
                "wrong voice. Set the language of the Normal style in the template.",
            )
        )
    meta = xmp(pdf)
    if not meta["dc:title"].strip():
        found.append(
            Finding(
                "title",
                "the document has no title (dc:title): the title bar and the screen reader "
                "show the file name. Give the .docx a title (File > Properties).",
            )
        )
    prefs = root.get("/ViewerPreferences")
    if not (isinstance(prefs, pikepdf.Dictionary) and bool(prefs.get("/DisplayDocTitle"))):
        found.append(
            Finding(
                "display-title",
                "the viewer is not asked to show the document title (DisplayDocTitle) in the "
                "title bar. Export with 'Use document title' / PDF/UA turned on.",
            )
        )
    if not meta["pdfuaid:part"]:
        found.append(
            Finding(
                "pdfua-id",
                "the PDF does not say it is PDF/UA (no pdfuaid:part in its metadata). Export "
                "with PDF/UA compliance turned on.",
            )
        )
    if not meta["pdfaid:part"]:
        found.append(
            Finding(
                "pdfa-id",
                "the PDF is not PDF/A (no pdfaid:part in its metadata), so it is not fit "
                "for the archive. Export as PDF/A-2.",
            )
        )
    for font_page, name, font in _fonts(pdf):
        if not _embedded(font):
            found.append(
                Finding(
                    "font",
                    f"the font {name.lstrip('/')} is not embedded: another computer may show "
                    "other letters, and PDF/A and PDF/UA require every font inside the file. "
                    "Export as PDF/A-2, which embeds them.",
                    font_page,
                )
            )
    if isinstance(tree, pikepdf.Dictionary):
        for item in _unmarked(pdf):
            parts = []
            if item.text:
                parts.append(f"{item.text} piece(s) of text")
            if item.images:
                parts.append(f"{item.images} image(s) or drawing(s)")
            found.append(
                Finding(
                    "untagged-content",
                    f"{' and '.join(parts)} neither tagged nor marked as an artifact: a "
                    "screen reader skips or misplaces them. Make the PDF again from the "
                    ".docx with SisterCity Desk.",
                    item.page,
                )
            )
        elements = structure(pdf)
        for element in elements:
            page = element.content[0][0] + 1 if element.content else None
            if element.role == "/Figure" and not (element.alt or "").strip():
                found.append(
                    Finding(
                        "alt-text",
                        "an image (Figure) has no alternative text: a screen reader says "
                        "nothing about it. In the template, right-click the picture > Edit "
                        "Alt Text and describe it (or mark it decorative).",
                        page,
                    )
                )
            if _HEADING.match(element.role) and not _has_content(element, elements):
                found.append(
                    Finding(
                        "empty-heading",
                        "a heading holds no text: a screen reader lists an empty heading. "
                        "Remove the empty heading paragraph from the template.",
                        page,
                    )
                )
    return found


def _has_content(element: Element, elements: list[Element]) -> bool:
    if element.content or (element.alt or "").strip():
        return True
    index = elements.index(element)
    for later in elements[index + 1 :]:
        if later.depth <= element.depth:
            return False
        if later.content:
            return True
    return False


# --------------------------------------------------------------------------- reading order


def _page_text(page: Any, index: int, texts: dict[tuple[int, int], list[str]]) -> None:
    """Add one page's text to ``texts`` by the MCID of the marked content it sits in."""
    from pypdf.generic import DictionaryObject

    stack: list[int | None] = []

    def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, DictionaryObject) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def on_text(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        current = next((m for m in reversed(stack) if m is not None), None)
        if current is not None:
            texts.setdefault((index, current), []).append(text)

    page.extract_text(visitor_operand_before=before, visitor_text=on_text)


def _content_text(path: Path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page index, MCID)."""
    from pypdf import PdfReader

    texts: dict[tuple[int, int], list[str]] = {}
    reader = PdfReader(str(path))
    for index, page in enumerate(reader.pages):
        _page_text(page, index, texts)
    return {key: " ".join("".join(parts).split()) for key, parts in texts.items()}


@dataclass(frozen=True)
class Passage:
    """Text of one structure element, in the order a screen reader reads it."""

    role: str
    lang: str | None
    text: str


#: Roles that sit inside a block of text rather than make one.
_INLINE = frozenset({"/Span", "/Link", "/Quote", "/Note", "/Reference", "/Code", "/Lbl"})


def reading_order(path: Path) -> list[Passage]:
    """The text of the PDF in structure order, as a screen reader reads it: one passage per
    block (paragraph, heading, cell ...) and language, with its standard role; artifacts
    (the footer, the DRAFT mark) are not in it."""
    path = Path(path)
    texts = _content_text(path)
    chunks: list[tuple[int, str, str | None, str]] = []
    with _open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        page_index: dict[tuple[int, int], int] = {
            page.obj.objgen: i for i, page in enumerate(pdf.pages)
        }
        counter = 0

        def walk(
            node: pikepdf.Dictionary,
            block: tuple[int, str],
            lang: str | None,
            page: int | None,
            depth: int,
        ) -> None:
            nonlocal counter
            if depth > _MAX_DEPTH:
                return
            role = resolve(str(node.get("/S", "/NonStruct")))
            lang = _text(node.get("/Lang")) or lang
            pg = node.get("/Pg")
            if isinstance(pg, pikepdf.Dictionary):
                page = page_index.get(pg.objgen, page)
            if role not in _INLINE:
                counter += 1
                block = (counter, role)
            for kid in _as_list(node.get("/K")):
                key: tuple[int, int] | None = None
                if isinstance(kid, int) and page is not None:
                    key = (page, int(kid))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, block, lang, page, depth + 1)
                elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                    kpg = kid.get("/Pg")
                    kid_page = (
                        page_index.get(kpg.objgen, page)
                        if isinstance(kpg, pikepdf.Dictionary)
                        else page
                    )
                    if kid_page is not None:
                        key = (kid_page, int(kid["/MCID"]))
                if key is not None and texts.get(key):
                    chunks.append((block[0], block[1], lang, texts[key]))

        if isinstance(root, pikepdf.Dictionary):
            resolve = _role_resolver(root)
            for kid in _as_list(root.get("/K")):
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid, (0, "/Document"), _text(pdf.Root.get("/Lang")), None, 0)
    out: list[Passage] = []
    last: tuple[int, str | None] | None = None
    for block, role, lang, text in chunks:
        if out and last == (block, lang):
            out[-1] = Passage(role, lang, f"{out[-1].text} {text}")
        else:
            out.append(Passage(role, lang, text))
        last = (block, lang)
    return out


# --------------------------------------------------------------------------- templates

_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_TAG = re.compile(r"\{[{%#].*?[}%#]\}")
_NO_BORDER = frozenset({"nil", "none"})
#: Word's own name for "no table style".
_PLAIN_TABLE_STYLES = frozenset({"TableNormal", "NormalTable"})


def _words_of(element: Any, limit: int = 50) -> str:
    paragraphs = element.iter(qn("w:p")) if element.tag != qn("w:p") else [element]
    text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style_chain(styles: Any, style_id: str | None) -> list[Any]:
    chain = []
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            break
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def _on(element: Any) -> bool:
    """A toggle property (w:b) set and not switched off."""
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _styles_by_id(document: Any) -> dict[str, Any]:
    root = document.styles.element
    return {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}


def _is_heading(paragraph: Any, styles: dict[str, Any]) -> bool:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
        return True
    style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style_id = style_el.get(qn("w:val")) if style_el is not None else None
    for style in _style_chain(styles, style_id):
        spr = style.find(qn("w:pPr"))
        level = spr.find(qn("w:outlineLvl")) if spr is not None else None
        if level is not None and level.get(qn("w:val")) != "9":
            return True
        name = style.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower().startswith(
            ("heading", "title")
        ):
            return True
    return False


def _all_bold(paragraph: Any, styles: dict[str, Any]) -> bool:
    ppr = paragraph.find(qn("w:pPr"))
    style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style_id = style_el.get(qn("w:val")) if style_el is not None else None
    style_bold = False
    for style in _style_chain(styles, style_id):
        rpr = style.find(qn("w:rPr"))
        b = rpr.find(qn("w:b")) if rpr is not None else None
        if b is not None:
            style_bold = _on(b)
            break
    runs = [
        r for r in paragraph.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t")))
    ]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        b = rpr.find(qn("w:b")) if rpr is not None else None
        if not (_on(b) if b is not None else style_bold):
            return False
    return True


def _data_table(table: Any, styles: dict[str, Any]) -> bool:
    """A table drawn with borders holds data; a borderless one only lays text out."""
    tbl_pr = table.find(qn("w:tblPr"))
    if tbl_pr is None:
        return False
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        return any(b.get(qn("w:val")) not in _NO_BORDER for b in borders)
    style = tbl_pr.find(qn("w:tblStyle"))
    style_id = style.get(qn("w:val")) if style is not None else None
    if not style_id or style_id in _PLAIN_TABLE_STYLES:
        return False
    for st in _style_chain(styles, style_id):
        st_pr = st.find(qn("w:tblPr"))
        st_borders = st_pr.find(qn("w:tblBorders")) if st_pr is not None else None
        if st_borders is not None:
            return any(b.get(qn("w:val")) not in _NO_BORDER for b in st_borders)
    return False


def _parts(document: Any) -> Iterator[tuple[str, Any]]:
    yield "the body", document.element.body
    for n, section in enumerate(document.sections, start=1):
        for what, part in (("header", section.header), ("footer", section.footer)):
            if not part.is_linked_to_previous:
                where = f"the {what}" if len(document.sections) == 1 else f"the {what} {n}"
                yield where, part._element


def check_template_accessibility(path: Path) -> list[Problem]:
    """What in a Word template makes its documents inaccessible, each with its place and
    the fix: pictures without alternative text, data tables without a header row, headings
    made of bold text instead of a heading style."""
    from docx import Document

    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise Invalid(
            f"{Path(path).name} cannot be opened as a Word document ({exc}). Open it in Word "
            "and save it again as 'Word Document (*.docx)'."
        ) from exc
    styles = _styles_by_id(document)
    found: list[Problem] = []
    for where, root in _parts(document):
        for n, doc_pr in enumerate(root.iter(qn("wp:docPr")), start=1):
            described = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
            decorative = any(ext.get("uri") == _DECORATIVE for ext in doc_pr.iter(qn("a:ext")))
            if not described and not decorative:
                name = doc_pr.get("name") or f"picture {n}"
                found.append(
                    Problem(
                        f"{where}: {name}",
                        f"the picture '{name}' in {where} has no alternative text, so a "
                        "screen reader says nothing about it. In Word: right-click it > "
                        "View Alt Text, and describe it (or tick 'Mark as decorative').",
                    )
                )
        for n, table in enumerate(root.iter(qn("w:tbl")), start=1):
            rows = table.findall(qn("w:tr"))
            if len(rows) < 2 or not _data_table(table, styles):
                continue
            first = rows[0].find(qn("w:trPr"))
            header = first.find(qn("w:tblHeader")) if first is not None else None
            if header is None or not _on(header):
                found.append(
                    Problem(
                        f"{where}: table {n}",
                        f"table {n} in {where} (first row: '{_words_of(rows[0])}') has no "
                        "header row, so a screen reader cannot say which column a value is "
                        "in. In Word: select its first row, Table Properties > Row > tick "
                        "'Repeat as header row at the top of each page'.",
                    )
                )
        for paragraph in root.iter(qn("w:p")):
            if any(a.tag == qn("w:tc") for a in paragraph.iterancestors()):
                continue  # labels in a table's cells are not headings of the page
            text = " ".join("".join(t.text or "" for t in paragraph.iter(qn("w:t"))).split())
            words = _TAG.sub("", text).strip()
            if not re.search(r"\w", words) or len(text) > 120 or text.endswith((".", ",", ";")):
                continue
            if _all_bold(paragraph, styles) and not _is_heading(paragraph, styles):
                found.append(
                    Problem(
                        f"{where}: '{_words_of(paragraph, 40)}'",
                        f"the paragraph '{_words_of(paragraph, 40)}' in {where} looks like a "
                        "heading but is only bold text, so a screen reader does not list it "
                        "as a heading. In Word: give it a Heading style (Heading 1, "
                        "Heading 2 ...), or set its style's Outline level (Format > "
                        "Paragraph).",
                    )
                )
    return found


_log = logging.getLogger(__name__)


def warnings_for(path: Path) -> list[str]:
    """The findings of ``check_pdf`` as lines to show a person; never raises (a PDF that
    cannot be checked says so). Run after every PDF the app writes."""
    try:
        findings = [str(f) for f in check_pdf(Path(path))]
    except Exception as exc:  # a check must never cost the person their document
        findings = [f"its accessibility could not be checked ({exc})"]
    for finding in findings:
        _log.warning("%s: %s", Path(path).name, finding)
    return findings
