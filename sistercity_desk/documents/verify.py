"""Proof of print: read a document's footer back and check its text against the revision it
names (a .docx we made, or its PDF)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlmodel import Session, col, select

from .. import revisions
from ..compare import diff_words
from ..errors import DeskError, Invalid, NotFound
from ..models import GeneratedDocument, Revision
from . import context as ctx
from .render import render_docx, sha256_file
from .templates import find_template, kind_of, template_for

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: The footer every generated page carries (documents/context.py, document_fields):
#: "Motion 12 · Revision 3 · 1a2b3c4d", "Vote sheet · Motion 12 · Revision 3 · 1a2b3c4d".
FOOTER = re.compile(
    r"(?P<label>Vote\s+sheet\s*[·•∙]\s*Motion|Motion|Resolution|Agreement)\s+(?P<id>\d+)"
    r"\s*[·•∙]\s*Revision\s+(?P<revision>\d+)\s*[·•∙]\s*(?P<digest>[0-9a-f]{8})\b"
)

_DOC_KINDS = {
    "motion": ("motion", "motion"),
    "resolution": ("resolution", "motion"),
    "agreement": ("agreement", "agreement"),
    "vote sheet · motion": ("vote_sheet", "motion"),
}


@dataclass(frozen=True)
class Footer:
    """What a footer says: the document kind, the record and its revision."""

    doc_kind: str
    record_kind: str
    record_id: int
    revision: int
    digest: str

    @property
    def label(self) -> str:
        return f"{self.record_kind} {self.record_id}, revision {self.revision}"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of ``verify``. ``matches`` is True when the file's text is the text of
    the revision its footer names; otherwise ``position`` (1-based, among the non-empty
    paragraphs) names the first paragraph that differs, with the file's text and the
    revision's."""

    path: Path
    footer: Footer
    matches: bool
    message: str
    revision: Revision | None = None
    position: int | None = None
    found_text: str | None = None
    expected_text: str | None = None
    page: int | None = None
    document: GeneratedDocument | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "record_kind": self.footer.record_kind,
            "record_id": self.footer.record_id,
            "document_kind": self.footer.doc_kind,
            "revision": self.footer.revision,
            "fingerprint": self.revision.fingerprint if self.revision else None,
            "matches": self.matches,
            "message": self.message,
            "position": self.position,
            "page": self.page,
            "found_text": self.found_text,
            "expected_text": self.expected_text,
        }


# --------------------------------------------------------------------------- reading files


def _paragraph_text(p: Any) -> str:
    """A w:p's text as Word shows it with changes accepted: w:t of runs (inserted ones
    too), tabs and breaks as spaces; deleted text (w:delText) and field codes left out."""
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def normalise(text: str) -> str:
    """Text as compared: compatibility forms folded (ligatures), white space collapsed."""
    # Soft hyphens and zero-width spaces (the templates' signature lines end in one) are
    # not drawn as text in a PDF.
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u200b", "")
    return " ".join(text.split())


@dataclass
class DocxText:
    paragraphs: list[str]
    headers: list[str]
    footers: list[str]


def read_docx(path: Path) -> DocxText:
    """The non-empty paragraphs of a .docx body (tables included, in reading order) and of
    its headers and footers, normalised."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            body = archive.read("word/document.xml")
            parts = {
                n: archive.read(n) for n in names if re.match(r"word/(header|footer)\d*\.xml$", n)
            }
    except (zipfile.BadZipFile, KeyError) as exc:
        raise Invalid(f"{path} is not a Word document that can be read ({exc}).") from exc
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)

    def paragraphs(xml: bytes) -> list[str]:
        root = etree.fromstring(xml, parser)
        texts = (normalise(_paragraph_text(p)) for p in root.iter(f"{W}p"))
        return [t for t in texts if t]

    headers = [t for n, x in sorted(parts.items()) if "header" in n for t in paragraphs(x)]
    footers = [t for n, x in sorted(parts.items()) if "footer" in n for t in paragraphs(x)]
    return DocxText(paragraphs(body), headers, footers)


def read_pdf(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    try:
        reader = PdfReader(str(path))
        return [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise Invalid(f"{path} is not a PDF that can be read ({exc}).") from exc


def _kind_of_file(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(5)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    raise Invalid(f"{path} is neither a Word document (.docx) nor a PDF.")


def find_footer(texts: list[str]) -> Footer | None:
    """The first record footer in ``texts``."""
    for text in texts:
        match = FOOTER.search(normalise(text))
        if match:
            label = " ".join(match.group("label").split()).lower()
            label = re.sub(r"\s*[·•∙]\s*", " · ", label)
            doc_kind, record_kind = _DOC_KINDS[label]
            return Footer(
                doc_kind,
                record_kind,
                int(match.group("id")),
                int(match.group("revision")),
                match.group("digest"),
            )
    return None


# --------------------------------------------------------------------------- re-rendering


def context_from_revision(
    session: Session,
    revision: Revision,
    doc_kind: str,
    *,
    final: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The template context of a document made from a stored revision: its content as it
    was frozen (names, districts, office, votes), nothing looked up as it is now."""
    return ctx.revision_context(session, revision, doc_kind, final=final, today=today)


@dataclass(frozen=True)
class _Candidate:
    template: Path
    final: bool
    today: dt.date | None
    document: GeneratedDocument | None


def _candidates(
    session: Session, revision: Revision, doc_kind: str, digest: str | None
) -> Iterator[_Candidate]:
    """How the document may have been made: the recorded productions of this revision (the
    one with the same file hash first, then the newest), else the standard template."""
    rows = session.exec(
        select(GeneratedDocument)
        .where(GeneratedDocument.revision_id == revision.id)
        .order_by(col(GeneratedDocument.created_at).desc(), col(GeneratedDocument.id).desc())
    ).all()
    rows = sorted(rows, key=lambda r: r.sha256 != digest)
    seen: set[tuple[str, bool, dt.date | None]] = set()
    for row in rows:
        try:
            template = find_template(row.template)
        except DeskError:
            continue
        # The vote sheet of a motion names the same revision as the motion itself.
        if kind_of(template) not in (None, doc_kind):
            continue
        created = row.created_at.date() if row.created_at else None
        key = (str(template), row.final, created)
        if key not in seen:
            seen.add(key)
            yield _Candidate(template, row.final, created, row)
    for final in (False, True):
        template = template_for(doc_kind)
        key = (str(template), final, None)
        if key not in seen:
            seen.add(key)
            yield _Candidate(template, final, None, None)


def _render(
    session: Session, revision: Revision, doc_kind: str, candidate: _Candidate, work: Path, n: int
) -> DocxText:
    context = context_from_revision(
        session, revision, doc_kind, final=candidate.final, today=candidate.today
    )
    out = work / f"expected-{n}.docx"
    render_docx(candidate.template, context, out, kind=doc_kind)
    return read_docx(out)


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class _Difference:
    position: int
    found: str | None
    expected: str | None
    page: int | None = None
    #: How much differs in all (paragraphs or words): the closest way of making it wins.
    size: int = 0
    #: From a PDF: the revision's words and the file's words where they differ.
    words: tuple[str, str] | None = None


def _diff_paragraphs(found: list[str], expected: list[str]) -> _Difference | None:
    matcher = SequenceMatcher(None, found, expected, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not changes:
        return None
    _, i1, i2, j1, j2 = changes[0]
    return _Difference(
        position=i1 + 1,
        found=found[i1] if i1 < i2 else None,
        expected=expected[j1] if j1 < j2 else None,
        size=sum(max(c[2] - c[1], c[4] - c[3]) for c in changes),
    )


_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _page_tokens(pages: list[str], headers: list[str], footers: list[str]) -> list[tuple[str, int]]:
    """The words of a PDF, with the page each is on, headers and footers taken out (they
    come between the pages and would split a paragraph that runs over)."""
    footer_patterns = [
        re.compile(
            r"\s*".join(re.escape(w) if not w.isdigit() else r"\d+" for w in _WORD.findall(f))
        )
        for f in footers
    ]
    header_texts = [h for h in headers if h]
    out: list[tuple[str, int]] = []
    for number, raw in enumerate(pages, start=1):
        text = normalise(raw)
        for pattern in footer_patterns:
            matches = list(pattern.finditer(text))
            if matches:
                last = matches[-1]
                text = text[: last.start()] + " " + text[last.end() :]
        for header in header_texts:
            text = text.replace(header, " ", 1)
        out.extend((w, number) for w in _WORD.findall(text))
    return out


def _diff_pdf(pages: list[str], expected: DocxText) -> _Difference | None:
    """Compares a PDF's words with the expected paragraphs'. A table whose rows run over a
    page can come out of a PDF in another order, so words that only moved are not a
    change: only words missing or added are."""
    found = _page_tokens(pages, expected.headers, expected.footers)
    expected_tokens: list[tuple[str, int]] = [
        (w, i) for i, p in enumerate(expected.paragraphs) for w in _WORD.findall(p)
    ]
    a = [w for w, _ in found]
    b = [w for w, _ in expected_tokens]
    missing = Counter(b) - Counter(a)
    extra = Counter(a) - Counter(b)
    if not missing and not extra:
        return None
    size = sum(missing.values()) + sum(extra.values())
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lost = [j for j in range(j1, j2) if missing[b[j]] > 0]
        added = [i for i in range(i1, i2) if extra[a[i]] > 0]
        if not lost and not added:
            continue
        if lost:
            index = expected_tokens[lost[0]][1]
        else:
            index = expected_tokens[min(j1, len(b) - 1)][1] if b else 0
        page = found[added[0]][1] if added else (found[i1][1] if i1 < len(found) else None)
        found_words = " ".join(a[i1:i2])
        words = (" ".join(b[j1:j2]), found_words)
        return _Difference(
            index + 1, found_words or None, expected.paragraphs[index], page, size, words
        )
    first = expected.paragraphs[0] if expected.paragraphs else None
    return _Difference(1, None, first, None, size)


# --------------------------------------------------------------------------- verify


def _short(text: str | None, limit: int = 90) -> str:
    if text is None:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words_changed(difference: _Difference) -> str:
    """The first change between a paragraph of the revision and the file's, in words."""
    if difference.words is not None:
        old, new = difference.words
    else:
        segments = diff_words(difference.expected or "", difference.found or "")
        start = next((i for i, seg in enumerate(segments) if seg.op != "equal"), len(segments))
        end = start
        while end < len(segments) and segments[end].op != "equal":
            end += 1
        old = "".join(s.text for s in segments[start:end] if s.op == "delete").strip()
        new = "".join(s.text for s in segments[start:end] if s.op == "insert").strip()
    if old and new:
        return f'"{_short(old, 60)}" was changed to "{_short(new, 60)}"'
    if new:
        return f'"{_short(new, 60)}" was added'
    if old:
        return f'"{_short(old, 60)}" was removed'
    return "its words differ"


#: A packet's cover footer: "Packet · 3 items · 1a2b3c4d".
PACKET_FOOTER = re.compile(
    r"Packet\s*[·•∙]\s*(?P<count>\d+)\s+items?\s*[·•∙]\s*(?P<digest>[0-9a-f]{8})\b"
)


def _page_groups(pages: list[str]) -> list[tuple[Footer | None, list[str]]]:
    """The pages of a PDF in runs of the same record footer (a packet's parts, in order);
    pages without one (a packet's cover) are a run of their own."""
    groups: list[tuple[Footer | None, list[str]]] = []
    for page in pages:
        footer = find_footer([page])
        if groups and groups[-1][0] == footer:
            groups[-1][1].append(page)
        else:
            groups.append((footer, [page]))
    return groups


def verify(session: Session, path: Path) -> VerifyResult:
    """Reads the footer of a document we produced (.docx or PDF), names the record and the
    revision it was made from, and checks that its text is still that revision's: the
    revision is rendered again from its stored content and the paragraphs compared.

    A packet (a PDF whose parts carry different footers) is checked part by part, and its
    cover against the revisions its parts name."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"There is no file {path}.")
    if _kind_of_file(path) == "pdf":
        pages = read_pdf(path)
        groups = _page_groups(pages)
        parts = [g for g in groups if g[0] is not None]
        if len(parts) > 1 or len(groups) > len(parts):
            return _verify_packet(session, path, groups)
    return _verify_one(session, path, None)


def _verify_packet(
    session: Session, path: Path, groups: list[tuple[Footer | None, list[str]]]
) -> VerifyResult:
    results: list[VerifyResult] = []
    cover_ok: bool | None = None
    # The cover names the motions' revisions by a fingerprint of (id, revision, fingerprint).
    printed: list[list[Any]] = []
    covers = [normalise(" ".join(pages)) for footer, pages in groups if footer is None]
    for footer, pages in groups:
        if footer is None:
            continue
        result = _verify_one(session, path, (footer, pages))
        results.append(result)
        if footer.doc_kind in ("motion", "resolution") and result.revision is not None:
            rev = result.revision
            printed.append([rev.record_id, rev.number, rev.fingerprint])
    if covers:
        match = PACKET_FOOTER.search(covers[0])
        cover_ok = bool(match) and revisions.fingerprint(printed).startswith(
            match.group("digest") if match else "-"
        )
    failed = [r for r in results if not r.matches]
    count = len(results)
    if not failed and cover_ok is not False:
        parts = ", ".join(
            f"{r.footer.doc_kind.replace('_', ' ')} {r.footer.record_id} revision "
            f"{r.footer.revision}"
            for r in results
        )
        return dataclasses.replace(
            results[0],
            matches=True,
            message=f"{path.name} is a packet of {count} part(s) ({parts}); the text of "
            "each matches its revision"
            + (", and the cover names those revisions." if cover_ok else "."),
        )
    if failed:
        first = failed[0]
        return dataclasses.replace(
            first,
            matches=False,
            message=f"In the packet {path.name}: " + first.message,
        )
    return dataclasses.replace(
        results[0],
        matches=False,
        message=f"{path.name}'s cover does not name the revisions its parts were made from: "
        "the cover was changed or comes from another packet.",
    )


def _verify_one(
    session: Session, path: Path, part: tuple[Footer, list[str]] | None
) -> VerifyResult:
    """Verifies a whole document, or (``part``) one part of a packet: its footer and pages."""
    file_kind = _kind_of_file(path)
    if part is not None:
        footer: Footer | None = part[0]
        pages = part[1]
        text = DocxText([], [], [])
    elif file_kind == "docx":
        text = read_docx(path)
        footer = find_footer(text.footers) or find_footer(text.paragraphs)
        pages = []
    else:
        pages = read_pdf(path)
        footer = find_footer(pages)
        text = DocxText([], [], [])
    if footer is None:
        raise Invalid(
            f"{path.name} has no footer naming a record and revision (like "
            '"Motion 12 · Revision 3 · 1a2b3c4d"): it was not produced by SisterCity Desk, '
            "or its footer was removed."
        )
    try:
        revision = revisions.get_revision(
            session=session,
            kind=footer.record_kind,
            record_id=footer.record_id,
            number=footer.revision,
        )
    except NotFound:
        raise NotFound(
            f"{path.name} names {footer.label}, which this database does not hold: it was "
            "made from another database, or the record's history was not imported."
        ) from None
    if not revision.fingerprint.startswith(footer.digest):
        return VerifyResult(
            path,
            footer,
            False,
            f"{path.name} names {footer.label} with fingerprint {footer.digest}, but that "
            f"revision's fingerprint is {revision.fingerprint[:8]}: the document was not made "
            "from the revision stored here.",
            revision=revision,
        )
    digest = sha256_file(path)
    first: _Difference | None = None
    first_doc: GeneratedDocument | None = None
    with tempfile.TemporaryDirectory(prefix="sistercity-verify-") as work:
        for n, candidate in enumerate(_candidates(session, revision, footer.doc_kind, digest)):
            expected = _render(session, revision, footer.doc_kind, candidate, Path(work), n)
            if file_kind == "docx":
                difference = _diff_paragraphs(text.paragraphs, expected.paragraphs)
            else:
                difference = _diff_pdf(pages, expected)
            if difference is None:
                when = revision.created_at.strftime("%Y-%m-%d %H:%M")
                return VerifyResult(
                    path,
                    footer,
                    True,
                    f"{path.name} is {footer.label} (saved {when} by "
                    f"{revision.author or 'unknown'}, fingerprint {revision.fingerprint[:8]}); "
                    "its text matches that revision.",
                    revision=revision,
                    document=candidate.document,
                )
            if first is None or difference.size < first.size:
                first, first_doc = difference, candidate.document
    assert first is not None
    where = f"paragraph {first.position}" + (f" (page {first.page})" if first.page else "")
    if first.expected is not None and (first.found is not None or first.words):
        detail = f'"{_short(first.expected, 60)}": {_words_changed(first)}'
    elif first.found is not None:
        detail = f'"{_short(first.found)}" is not in the revision'
    else:
        detail = f'the revision\'s "{_short(first.expected)}" is missing'
    return VerifyResult(
        path,
        footer,
        False,
        f"{path.name} names {footer.label}, but its text has been changed: {where}: {detail}.",
        revision=revision,
        position=first.position,
        found_text=first.found,
        expected_text=first.expected,
        page=first.page,
        document=first_doc,
    )
