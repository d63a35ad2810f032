"""A rendered document's own properties: title, subject, author, keywords, language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from ..text import clean
from .context import lang_tag

#: Word keeps at most 255 characters in a core property (python-docx refuses more).
_MAX = 255


def _fit(text: str) -> str:
    """One line of at most 255 characters: a long title is cut at a word, with an ellipsis."""
    text = " ".join(clean(text).split())
    if len(text) <= _MAX:
        return text
    cut = text[: _MAX - 1]
    if " " in cut[_MAX // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class Properties:
    """What a PDF made from the document carries: LibreOffice copies the .docx core
    properties into the PDF's XMP (dc:title, dc:creator, pdf:Keywords, dc:description) and
    the default language into the catalog's /Lang."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping) or key not in mapping:
            return None
        mapping = mapping[key]
    return mapping


def properties_of(context: Mapping[str, Any]) -> Properties:
    """The properties of the document ``context`` renders: the title is the record's own
    (never a file name), the author is the office, the keywords the Council File number."""
    kind = str(_get(context, "document", "kind") or "")
    label = str(_get(context, "document", "kind_label") or "Document")
    office = str(_get(context, "office", "council_title") or "")
    language = lang_tag(str(_get(context, "document", "language") or "en"))
    council_file = str(_get(context, "motion", "council_file") or "")
    if kind == "agreement":
        title = str(_get(context, "agreement", "home", "title") or "")
        partner = str(_get(context, "agreement", "partner", "title") or "")
        subject = f"Sister city agreement{f' ({partner})' if partner else ''}"
    elif kind == "packet_cover":
        title = str(_get(context, "packet", "title") or "")
        subject = "Packet of motions for the vote"
    elif kind == "vote_sheet":
        title = f"Roll call vote: {_get(context, 'motion', 'title') or ''}".strip(": ")
        subject = "Roll call vote sheet"
    else:
        title = str(_get(context, "motion", "title") or "")
        subject = label
    if council_file:
        subject = f"{subject}, Council File {council_file}"
    return Properties(
        title=title or label,
        subject=subject,
        author=office,
        # LibreOffice splits keywords at spaces: the number alone stays one keyword.
        keywords=council_file,
        language=language,
    )


def apply_properties(
    document: DocxDocument, context: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Properties:
    """Write the document's properties into its core properties and default language."""
    props = properties_of(context)
    core = document.core_properties
    core.title = _fit(props.title)
    core.subject = _fit(props.subject)
    core.author = _fit(props.author) or core.author
    core.keywords = _fit(props.keywords)
    core.created = core.modified = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        lang.set(qn("w:val"), props.language)
    return props
