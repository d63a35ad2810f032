"""Safe rendering of Word templates: sandboxed, escaped, cleaned, checked, written atomically."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import (
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SecurityError
from lxml import etree
from sqlmodel import Session

from ..errors import DeskError, Invalid, NotFound
from ..models import (
    Agreement,
    AgreementStatus,
    GeneratedDocument,
    Motion,
    MotionKind,
    MotionStatus,
)
from ..revisions import current_revision
from . import bounds
from . import context as ctx_mod
from .environment import make_environment, shared_environment
from .files import (
    MAX_NAME_BYTES,
    check_output_name,
    place_file,
    refuse_existing,
    safe_filename,
    sha256_file,
    temp_beside,
    write_atomically,
)
from .metadata import apply_properties
from .pdf import convert_to_pdf, find_soffice
from .templates import check_template, ensure_docx, find_template, template_for

__all__ = [
    "MAX_NAME_BYTES",
    "check_output_name",
    "make_environment",
    "place_file",
    "refuse_existing",
    "safe_filename",
    "sha256_file",
    "temp_beside",
    "write_atomically",
]

# --------------------------------------------------------------------------- environment


_STRICT = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)


def _strict_parse(xml: str | bytes, what: str) -> None:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        etree.fromstring(data, _STRICT)
    except etree.XMLSyntaxError as exc:
        raise DeskError(
            f"The document could not be made: the template produced broken XML in {what} "
            f"({exc}). Check the template's tags with 'sistercity templates check'."
        ) from exc


class SafeTemplate(DocxTemplate):
    """docxtpl re-parses what it rendered with a recovering parser, which silently drops
    whatever is broken; this checks the rendered XML strictly first."""

    def fix_tables(self, xml: str) -> Any:
        _strict_parse(xml, "the body")
        return super().fix_tables(xml)

    def build_headers_footers_xml(self, context: Any, uri: Any, jinja_env: Any = None) -> Any:
        for rel_key, xml in super().build_headers_footers_xml(context, uri, jinja_env):
            _strict_parse(xml, "a header or footer")
            yield rel_key, xml


# --------------------------------------------------------------------------- languages


def _set_lang(rpr: Any, tag: str, rtl: bool) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    base = tag.split("-")[0]
    if rtl:
        lang.set(qn("w:bidi"), tag)
    elif base in ("ja", "zh", "ko"):
        lang.set(qn("w:eastAsia"), tag)
    else:
        lang.set(qn("w:val"), tag)


def apply_languages(document: DocxDocument, languages: Mapping[str, tuple[str, bool]]) -> None:
    """Tag the text of language-specific styles: every paragraph whose style name starts with
    a key ("Partner", "Home") gets that language (and direction) on the style and on each run,
    so Word checks the spelling and hyphenates in the right language."""
    styles = {}
    for style in document.styles:
        for prefix, (tag, rtl) in languages.items():
            if style.name and style.name.startswith(prefix):
                styles[style.style_id] = (tag, rtl)
                element = style.element
                rpr = element.get_or_add_rPr()
                _set_lang(rpr, tag, rtl)
    if not styles:
        return
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.append(part._element)
    for root in parts:
        for p in root.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            if style is None or style.get(qn("w:val")) not in styles:
                continue
            tag, rtl = styles[style.get(qn("w:val"))]
            if rtl and ppr.find(qn("w:bidi")) is None:
                ppr.insert(1, ppr.makeelement(qn("w:bidi"), {}))
            for r in p.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = r.makeelement(qn("w:rPr"), {})
                    r.insert(0, rpr)
                if rtl and rpr.find(qn("w:rtl")) is None:
                    rpr.append(rpr.makeelement(qn("w:rtl"), {}))
                _set_lang(rpr, tag, rtl)


def _languages_of(context: Mapping[str, Any]) -> dict[str, tuple[str, bool]]:
    agreement = context.get("agreement")
    if not isinstance(agreement, Mapping):
        return {}
    return {
        "Home": (agreement["home"]["lang_tag"], agreement["home"]["rtl"]),
        "Partner": (agreement["partner"]["lang_tag"], agreement["partner"]["rtl"]),
    }


# --------------------------------------------------------------------------- writing files


#: The parts rendering writes: the body, headers, footers, notes, properties, the package's
#: lists. Styles, theme, numbering and fonts go out as the template had them (python-docx
#: parsed them strictly when it loaded the template); styles.xml alone is often 350 kB.
RENDERED_PARTS = re.compile(
    r"^(?:word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml"
    r"|docProps/core\.xml|.*\.rels|\[Content_Types\]\.xml)$"
)


def verify_docx(path: Path, *, only: re.Pattern[str] | None = None) -> None:
    """Parse every XML part of a written .docx (or those whose name matches ``only``)
    strictly; refuse anything broken."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.endswith((".xml", ".rels")) and (
                    only is None or only.match(info.filename)
                ):
                    _strict_parse(archive.read(info), info.filename)
    except zipfile.BadZipFile as exc:
        raise DeskError(f"The document written to {path} is not a valid .docx ({exc}).") from exc


# --------------------------------------------------------------------------- rendering


def _template_error(template: Path, exc: Exception) -> DeskError:
    name = template.name
    if isinstance(exc, SecurityError):
        return DeskError(
            f"The template {name} tried to reach into the program ({exc}); it was stopped "
            "and nothing it asked for ran. Remove that tag from the template."
        )
    if isinstance(exc, UndefinedError):
        match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
        fieldname = next((g for g in match.groups() if g), None) if match else None
        return DeskError(
            f"The template {name} uses the field '{fieldname or exc}', which this document "
            "does not have. Run 'sistercity templates check' to see the valid names.",
            field=fieldname,
        )
    if isinstance(exc, TemplateNotFound):
        return DeskError(
            f"The template {name} tries to pull in another file ({exc.name}); templates cannot "
            "include, import or extend files. Remove that tag from the template."
        )
    if isinstance(exc, TemplateSyntaxError):
        return DeskError(f"The template {name} has a malformed tag: {exc.message}.")
    return DeskError(f"The template {name} could not be rendered: {exc}.")


_CHECKED: dict[tuple[str, str | None], list[Any]] = {}


def _checked(template: Path, kind: str | None) -> list[Any]:
    """``check_template``, remembered by the template's bytes: checking reads and parses the
    whole template (15 ms), the same file gives the same answer."""
    key = (sha256_file(template), kind)
    problems = _CHECKED.get(key)
    if problems is None:
        problems = check_template(template, kind)
        if len(_CHECKED) >= 64:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = problems
    return list(problems)


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    out_path: Path,
    *,
    kind: str | None = None,
    overwrite: bool = False,
    check: bool = True,
) -> Path:
    """Render ``template`` with ``context`` into ``out_path`` (a .docx), safely.

    The template is checked against the schema first (unknown fields and unsafe tags are
    refused before anything runs); rendering is sandboxed and escaped; the result is parsed
    strictly and only then moved into place. An existing file is never replaced unless
    ``overwrite``.
    """
    template, out_path = Path(template), Path(out_path)
    ensure_docx(template)
    refuse_existing(out_path, overwrite)
    if check:
        problems = _checked(template, kind)
        if problems:
            # Each problem is a sentence; the list ends with one full stop, never two.
            listed = "; ".join(str(p).rstrip(".") for p in problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise Invalid(f"The template {template.name} cannot be used: {listed}{more}.")
    tpl = SafeTemplate(str(template))
    try:
        with bounds.budget():
            tpl.render(dict(context), jinja_env=shared_environment(), autoescape=True)
    except bounds.TemplateTooBig as exc:
        raise DeskError(f"The template {template.name} cannot be used: {exc}.") from exc
    except (TemplateError, SecurityError) as exc:
        raise _template_error(template, exc) from exc
    languages = _languages_of(context)
    if languages:
        apply_languages(tpl.docx, languages)
    # Title, author, keywords and language travel into the PDF (docs/accessibility.md).
    apply_properties(tpl.docx, context)

    def write(tmp: Path) -> None:
        tpl.save(str(tmp))
        verify_docx(tmp, only=RENDERED_PARTS)

    return write_atomically(out_path, ".docx.tmp", write, overwrite=overwrite)


# --------------------------------------------------------------------------- records

#: Command-line kinds and the record kind behind each.
KINDS = {
    "motion": "motion",
    "resolution": "motion",
    "agreement": "agreement",
    "vote-sheet": "motion",
    "vote_sheet": "motion",
}


def document_kind(session: Session, kind: str, record_id: int) -> str:
    """The template kind for a record: a motion of kind resolution is a resolution."""
    kind = kind.replace("-", "_")
    if kind == "motion":
        motion = session.get(Motion, record_id)
        if motion is not None and motion.kind == MotionKind.RESOLUTION:
            return "resolution"
    if kind not in ("motion", "resolution", "agreement", "vote_sheet"):
        raise Invalid(f"Unknown kind of document {kind!r}: use motion, agreement or vote-sheet.")
    return kind


def document_parts(
    session: Session, kind: str, record_id: int, template: str | None
) -> tuple[str, str, Path]:
    """For a record's document asked for as ``kind`` (motion, agreement, vote-sheet): the
    template kind (a resolution's is resolution), the kind of record its revision is taken
    of, and the template file (``template`` when named, else the one of the kind)."""
    doc_kind = document_kind(session, kind, record_id)
    record_kind = KINDS.get(kind, doc_kind)
    template_path = find_template(template) if template else template_for(doc_kind)
    return doc_kind, record_kind, template_path


def default_name(session: Session, kind: str, record_id: int) -> str:
    """A file name (without suffix) for a record's document, from its title."""
    doc_kind = document_kind(session, kind, record_id)
    title = ""
    if doc_kind == "agreement":
        agreement = session.get(Agreement, record_id)
        if agreement is not None:
            title = agreement.titles.get(agreement.home_language, "")
    number: str | int = record_id
    if doc_kind != "agreement":
        motion = session.get(Motion, record_id)
        title = motion.title if motion is not None else ""
        # The Council File number is the one people know the motion by; the internal id
        # only until the clerk gives one.
        if motion is not None and motion.council_file:
            number = motion.council_file
    label = ctx_mod.KIND_LABELS[doc_kind]
    return safe_filename(f"{label} {number} {title}".strip(), max_bytes=100)


#: What a record's status must be before a final copy of each kind of document is made.
_FINAL_RULES: dict[str, tuple[frozenset[str], str]] = {
    "motion": (
        frozenset(s.value for s in MotionStatus if s != MotionStatus.DRAFT),
        "a final copy of motion {id} needs its text fixed: mark it ready for signatures "
        "first (it is {status})",
    ),
    "vote_sheet": (
        frozenset(s.value for s in MotionStatus if s != MotionStatus.DRAFT),
        "a final vote sheet of motion {id} needs the motion ready for signatures first "
        "(it is {status})",
    ),
    "resolution": (
        frozenset({MotionStatus.ADOPTED.value}),
        "a certified copy of resolution {id} is made once it is adopted (it is {status}); "
        "print a draft until then",
    ),
    "agreement": (
        frozenset({AgreementStatus.FINAL.value, AgreementStatus.SIGNED.value}),
        "a final copy of agreement {id} needs it approved for signature first (it is {status})",
    ),
}


def record_status(session: Session, record_kind: str, record_id: int) -> str:
    record: Motion | Agreement | None = (
        session.get(Agreement, record_id)
        if record_kind == "agreement"
        else session.get(Motion, record_id)
    )
    if record is None:
        raise NotFound(f"There is no {record_kind} number {record_id}.")
    return str(record.status)


def is_settled(status: str) -> bool:
    """An adopted motion or a signed agreement: every copy is final, never marked DRAFT."""
    return status in (MotionStatus.ADOPTED.value, AgreementStatus.SIGNED.value)


def final_copy(
    session: Session, doc_kind: str, record_kind: str, record_id: int, final: bool
) -> bool:
    """Whether a document is made as a final copy: asked for and allowed by the record's
    state (else DeskError says what must happen first), or always once the record is
    adopted or signed."""
    status = record_status(session, record_kind, record_id)
    if is_settled(status):
        return True
    if not final:
        return False
    allowed, reason = _FINAL_RULES[doc_kind]
    if status not in allowed:
        text = reason.format(id=record_id, status=status.replace("_", " "))
        raise DeskError(text[0].upper() + text[1:] + ".")
    return True


def produce(
    session: Session,
    kind: str,
    record_id: int,
    out_path: Path,
    *,
    fmt: str = "docx",
    template: str | None = None,
    final: bool = False,
    overwrite: bool = False,
    author: str | None = None,
    pdfa: bool = False,
) -> GeneratedDocument:
    """Make the document of a record (docx or pdf) and record it as a GeneratedDocument.

    ``kind`` is motion (a resolution gets resolution.docx), agreement or vote-sheet. The
    footer names the revision the content was frozen as; the row is added to the session
    (flushed, the caller commits).
    """
    if fmt not in ("docx", "pdf"):
        raise Invalid(f"Unknown format {fmt!r}: use docx or pdf.", field="format")
    out_path = Path(out_path)
    refuse_existing(out_path, overwrite)
    # Say at once when PDF cannot be made, before any work.
    soffice = find_soffice() if fmt == "pdf" else None
    doc_kind, record_kind, template_path = document_parts(session, kind, record_id, template)
    final = final_copy(session, doc_kind, record_kind, record_id, final)
    author = author or ctx_mod.default_author(session)
    # Frozen first: the document is made from the revision's content, so its footer names
    # a revision the history lists and verify can make it again.
    revision = current_revision(session, record_kind, record_id, author=author, reason="document")
    context = ctx_mod.revision_context(session, revision, doc_kind, final=final)
    if fmt == "docx":
        render_docx(template_path, context, out_path, kind=doc_kind, overwrite=overwrite)
    else:
        with tempfile.TemporaryDirectory(prefix="sistercity-render-") as tmp:
            docx = Path(tmp) / f"{out_path.stem}.docx"
            render_docx(template_path, context, docx, kind=doc_kind)
            convert_to_pdf(
                [docx],
                out_path.parent,
                pdfa=pdfa,
                overwrite=overwrite,
                names=[out_path.name],
                soffice=soffice,
            )
    row = GeneratedDocument(
        record_kind=record_kind,
        record_id=record_id,
        revision_id=revision.id,
        template=template_path.name,
        format=fmt,
        path=str(out_path.resolve()),
        sha256=sha256_file(out_path),
        final=final,
    )
    session.add(row)
    session.flush()
    return row
