"""Safe rendering of Word templates: sandboxed, escaped, cleaned, checked, written atomically."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import (
    DictLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from sqlmodel import Session

from ..errors import Conflict, DeskError, Invalid
from ..models import GeneratedDocument, Motion, MotionKind
from ..revisions import current_revision
from ..text import clean
from . import context as ctx_mod
from .metadata import apply_properties
from .templates import check_template, ensure_docx, find_template, template_for

# --------------------------------------------------------------------------- file names

_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_filename(
    title: str, *, suffix: str = "", max_bytes: int = 120, fallback: str = "document"
) -> str:
    """A file name made from a title that every common system accepts.

    No path separators or characters Windows refuses, no reserved device names (CON, NUL,
    COM1 ...), no leading or trailing dots and spaces, at most ``max_bytes`` bytes of UTF-8
    (file systems count bytes; Cyrillic takes two), never empty. ``suffix`` (".docx") is
    added after the limits are applied.
    """
    name = unicodedata.normalize("NFC", clean(title))
    name = _UNSAFE_CHARS.sub("-", name)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"-{2,}", "-", name).strip(" .-")
    budget = max(1, max_bytes - len(suffix.encode("utf-8")))
    while len(name.encode("utf-8")) > budget:
        name = name[:-1]
    name = name.rstrip(" .-")
    if not name:
        name = fallback
    if _WINDOWS_RESERVED.match(name) or _WINDOWS_RESERVED.match(name + suffix):
        name = f"_{name}"
    return name + suffix


# --------------------------------------------------------------------------- environment


def _finalize(value: Any) -> Any:
    # Every printed value is cleaned, whatever the template does with it: control
    # characters vanish or damage neighbouring text otherwise, and \a / \f would become
    # paragraph and page breaks.
    if isinstance(value, str):
        return clean(str(value))
    return value


class _CompilingOnceEnvironment(SandboxedEnvironment):
    """docxtpl compiles the whole document XML with ``from_string`` on every render (a few
    milliseconds); the same source compiles to the same template, so keep the last few."""

    KEEP = 32

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self.KEEP:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[source] = template
        return template


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment templates run in: sandboxed (no reaching into Python),
    autoescaped (text cannot become XML), strict (a missing field is an error)."""
    # An empty loader: {% include %}, {% import %} and {% extends %} find no file (without
    # one, Jinja fails with a TypeError instead of a template error).
    return _CompilingOnceEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=_finalize, loader=DictLoader({})
    )


_SHARED: list[SandboxedEnvironment] = []


def _shared_environment() -> SandboxedEnvironment:
    # One environment for every render, so its compiled templates are reused. Rendering a
    # compiled template holds no state, so threads may share it.
    if not _SHARED:
        _SHARED.append(make_environment())
    return _SHARED[0]


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


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


#: The longest file name (in bytes of UTF-8) common file systems take.
MAX_NAME_BYTES = 255


def check_output_name(path: Path) -> None:
    """Refuse a file name no common system can hold: characters file systems refuse, a
    device name of Windows (CON, NUL.docx, aux ...: writing there writes to no file), a name
    longer than file systems allow, or a folder."""
    name = path.name
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir or not name:
        raise Invalid(f"{path} is a folder; give the name of a file in it.", field="out")
    if _UNSAFE_CHARS.search(name) or any(ch in name for ch in "\ufffe\uffff"):
        raise Invalid(
            f"The file name {clean(name)!r} has characters a file name cannot hold "
            '(control characters, or one of < > : " / \\ | ? *). Choose another name.',
            field="out",
        )
    if _WINDOWS_RESERVED.match(name):
        raise Invalid(
            f"{name} is a device name on Windows, not a file name. Choose another name.",
            field="out",
        )
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise Invalid(
            f"The file name is {len(name.encode('utf-8', 'surrogatepass'))} bytes long; file "
            f"systems take at most {MAX_NAME_BYTES}. Choose a shorter name.",
            field="out",
        )


def refuse_existing(path: Path, overwrite: bool) -> None:
    check_output_name(path)
    if path.exists() and not overwrite:
        raise Conflict(
            f"{path} already exists. Choose another file name, or allow replacing it "
            "(--overwrite on the command line)."
        )


def temp_beside(path: Path, suffix: str) -> Path:
    """A new empty temporary file in the target's folder, so the final rename is atomic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); a document is for sharing like any file the
    # person saves, so it gets the usual permissions (the umask decides).
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def place_file(tmp: Path, target: Path, *, overwrite: bool) -> Path:
    """Move a finished temporary file into place in one step, never over an existing file
    unless ``overwrite``."""
    if overwrite:
        os.replace(tmp, target)
        return target
    try:
        # A hard link fails if the target exists, closing the gap between check and rename.
        os.link(tmp, target)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        refuse_existing(target, overwrite=False)
        raise
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links.
        refuse_existing(target, overwrite=False)
        os.replace(tmp, target)
        return target
    tmp.unlink()
    return target


def write_atomically(
    target: Path, suffix: str, write: Callable[[Path], None], *, overwrite: bool
) -> Path:
    """``write(tmp)`` into a new temporary file beside ``target``, then move it into place
    (``place_file``); the temporary file never outlives a failure."""
    tmp = temp_beside(target, suffix)
    try:
        write(tmp)
        return place_file(tmp, target, overwrite=overwrite)
    finally:
        tmp.unlink(missing_ok=True)


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
            listed = "; ".join(str(p) for p in problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise Invalid(f"The template {template.name} cannot be used: {listed}{more}.")
    tpl = SafeTemplate(str(template))
    try:
        tpl.render(dict(context), jinja_env=_shared_environment(), autoescape=True)
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
    from ..models import Agreement

    doc_kind = document_kind(session, kind, record_id)
    title = ""
    if doc_kind == "agreement":
        agreement = session.get(Agreement, record_id)
        if agreement is not None:
            title = agreement.titles.get(agreement.home_language, "")
    else:
        motion = session.get(Motion, record_id)
        title = motion.title if motion is not None else ""
    label = ctx_mod.KIND_LABELS[doc_kind]
    return safe_filename(f"{label} {record_id} {title}".strip(), max_bytes=100)


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
    from .pdf import convert_to_pdf, find_soffice

    if fmt not in ("docx", "pdf"):
        raise Invalid(f"Unknown format {fmt!r}: use docx or pdf.", field="format")
    out_path = Path(out_path)
    refuse_existing(out_path, overwrite)
    # Say at once when PDF cannot be made, before any work.
    soffice = find_soffice() if fmt == "pdf" else None
    doc_kind, record_kind, template_path = document_parts(session, kind, record_id, template)
    author = author or ctx_mod.default_author(session)
    revision = current_revision(session, record_kind, record_id, author=author, reason="document")
    context = ctx_mod.build(
        session, doc_kind, record_id, final=final, revision=revision, author=author
    )
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
