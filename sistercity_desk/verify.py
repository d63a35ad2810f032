"""Proof of print: read a document's footer back and check its text against the revision it
names (a .docx we made, or its PDF)."""

from __future__ import annotations

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
from sqlmodel import Session, col, select

from . import revisions
from .errors import DeskError, Invalid, NotFound
from .models import (
    Agreement,
    AgreementArticle,
    AnnexItem,
    GeneratedDocument,
    Motion,
    MotionClause,
    MotionSeconder,
    Revision,
    Vote,
    VoteCast,
)

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
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _pid(person: Any) -> int | None:
    return int(person["id"]) if isinstance(person, dict) and person.get("id") else None


def _motion_from(session: Session, content: dict[str, Any], record_id: int) -> Motion:
    """A motion object (never added to the session) holding a snapshot's content."""
    live = session.get(Motion, record_id)
    motion = Motion(
        id=record_id,
        kind=content.get("motion_kind") or "motion",
        title=content.get("title") or "",
        council_file=content.get("council_file"),
        resolution_number=content.get("resolution_number") or "",
        mover_id=_pid(content.get("mover")),
        presented_for_id=_pid(content.get("presented_for")),
        committee_id=content.get("committee_id"),
        introduced_on=_date(content.get("introduced_on")),
        # The status is not part of a snapshot; templates that print it get today's.
        status=live.status if live is not None else "draft",
    )
    motion.seconders = [
        MotionSeconder(position=i, person_id=pid)
        for i, pid in enumerate(_pid(s) for s in content.get("seconders", []))
        if pid is not None
    ]
    motion.clauses = [
        MotionClause(position=i, kind=c["kind"], text=c["text"])
        for i, c in enumerate(content.get("clauses", []))
    ]
    return motion


def _latest_vote_from(content: dict[str, Any], record_id: int) -> Vote | None:
    votes = content.get("votes") or []
    if not votes:
        return None
    last = votes[-1]
    vote = Vote(
        motion_id=record_id,
        meeting_date=dt.date.fromisoformat(last["meeting_date"]),
        meeting_type=last.get("meeting_type", "Regular"),
        action=last.get("action", ""),
        threshold=last.get("threshold", "majority"),
    )
    vote.casts = [
        VoteCast(district=c["district"], person_id=c.get("person_id"), choice=c["choice"])
        for c in last.get("casts", [])
    ]
    return vote


def _agreement_from(content: dict[str, Any], record_id: int) -> Agreement:
    agreement = Agreement(
        id=record_id,
        home_city_id=int((content.get("home_city") or {}).get("id") or 0),
        partner_city_id=int((content.get("partner_city") or {}).get("id") or 0),
        home_language=content.get("home_language") or "en",
        partner_language=content.get("partner_language") or "en",
        titles=dict(content.get("titles") or {}),
        preambles=dict(content.get("preambles") or {}),
        prevailing_language=content.get("prevailing_language") or "",
        home_signing_place=content.get("home_signing_place") or "",
        home_signing_date=_date(content.get("home_signing_date")),
        partner_signing_place=content.get("partner_signing_place") or "",
        partner_signing_date=_date(content.get("partner_signing_date")),
        home_signatory_id=_pid(content.get("home_signatory")),
        partner_signatory_id=_pid(content.get("partner_signatory")),
    )
    agreement.articles = [
        AgreementArticle(
            position=i, headings=dict(a.get("headings") or {}), texts=dict(a.get("texts") or {})
        )
        for i, a in enumerate(content.get("articles", []))
    ]
    from decimal import Decimal

    agreement.annex_items = [
        AnnexItem(
            position=i,
            description=item.get("description", ""),
            quantity=int(item.get("quantity") or 1),
            condition=item.get("condition") or "",
            estimated_value=Decimal(item["estimated_value"])
            if item.get("estimated_value") is not None
            else None,
            currency=item.get("currency") or "USD",
        )
        for i, item in enumerate(content.get("annex", []))
    ]
    return agreement


def context_from_revision(
    session: Session,
    revision: Revision,
    doc_kind: str,
    *,
    final: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The template context of a document made from a stored revision (not from the record
    as it is now): the snapshot's clauses, seconders, articles, annex and vote. People,
    cities and the office are looked up as they are now, by the ids the snapshot holds."""
    from .documents import context as ctx

    content = dict(revision.content)
    record_id = revision.record_id
    profile = ctx.office_profile(session)
    if revision.record_kind == "motion":
        motion = _motion_from(session, content, record_id)
        vote = _latest_vote_from(content, record_id)
        day = motion.introduced_on or dt.date.today()
        return ctx.cleaned(
            {
                "document": ctx.document_fields(
                    kind=doc_kind,
                    record_kind="motion",
                    record_id=record_id,
                    revision_number=revision.number,
                    digest=revision.fingerprint,
                    final=final,
                    today=today,
                ),
                "office": ctx.office_fields(session, profile, day),
                "motion": ctx.motion_fields(session, motion, vote),
                "vote": ctx.vote_fields(session, profile, vote, day),
            }
        )
    agreement = _agreement_from(content, record_id)
    day = agreement.home_signing_date or dt.date.today()
    return ctx.cleaned(
        {
            "document": ctx.document_fields(
                kind="agreement",
                record_kind="agreement",
                record_id=record_id,
                revision_number=revision.number,
                digest=revision.fingerprint,
                final=final,
                language=agreement.home_language,
                today=today,
            ),
            "office": ctx.office_fields(session, profile, day),
            "agreement": ctx.agreement_fields(session, agreement),
        }
    )


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
    from .documents.templates import find_template, kind_of, template_for

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
    from .documents.render import render_docx

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
    from .compare import diff_words

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


def verify(session: Session, path: Path) -> VerifyResult:
    """Reads the footer of a document we produced (.docx or PDF), names the record and the
    revision it was made from, and checks that its text is still that revision's: the
    revision is rendered again from its stored content and the paragraphs compared."""
    from .documents.render import sha256_file

    path = Path(path)
    if not path.is_file():
        raise NotFound(f"There is no file {path}.")
    file_kind = _kind_of_file(path)
    if file_kind == "docx":
        text = read_docx(path)
        footer = find_footer(text.footers) or find_footer(text.paragraphs)
        pages: list[str] = []
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
