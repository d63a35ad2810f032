"""Reading an office's past motions and resolutions out of Word files (.docx).

The recogniser reads a file's text the way Word stores it (runs split anywhere, tabs, soft
breaks, list numbering, tables, headers and footers) and recognises an LA-style motion or a
resolution from its WORDING, not from its styles or layout, so documents typed by hand over
the years and the app's own templates are read the same way. It never guesses a person: a
printed name that matches no member, or more than one, is listed for the user to pick.

Nothing here writes to the database; ``documents/word_store.py`` does, after review.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..text import fold

#: A .docx larger than this is refused before it is opened: motions are a page or two of text,
#: and a file this big is pictures (scans, photos) with no text to recognise.
MAX_BYTES = 20 * 1024 * 1024
#: The body XML of a long resolution is a few hundred kilobytes; more is not a motion.
MAX_XML_BYTES = 8 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEMPLATE_TYPES = ("template.main+xml", "macroEnabledTemplate")

#: Paragraph kinds shown in the review.
HEADING, TITLE, RECITAL, OPERATIVE = "heading", "title", "recital", "operative"
SIGNATURE, NAME, DISTRICT, DATE, COUNCIL_FILE = "signature", "name", "district", "date", "cf"
CLOSING, OTHER = "closing", "other"


# --------------------------------------------------------------------------- results


@dataclass
class PersonRef:
    """A person as printed, and whom of the office's members that is (if anyone, surely)."""

    printed: str
    district: int | None = None
    person_id: int | None = None
    #: The members it could be, when more than one matches: (id, name) for the user to pick.
    candidates: list[tuple[int, str]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.person_id is not None


@dataclass
class Paragraph:
    """One paragraph of the document, where it was, and what the recogniser took it for."""

    text: str
    kind: str = OTHER
    where: str = "body"
    #: The paragraph's style id ("Title", "Heading1", "MotionBody"), a hint for the title only.
    style: str = ""


@dataclass
class Recognised:
    """What one file holds, as far as it could be read."""

    path: str
    name: str
    sha256: str = ""
    size: int = 0
    #: Why the file cannot be imported at all (not a .docx, damaged ...); empty when readable.
    error: str = ""
    kind: str | None = None
    title: str = ""
    council_file: str = ""
    resolution_number: str = ""
    introduced_on: dt.date | None = None
    adopted_on: dt.date | None = None
    status: str = "draft"
    mover: PersonRef | None = None
    presented_for: PersonRef | None = None
    seconders: list[PersonRef] = field(default_factory=list)
    #: (kind, text): recital or operative, in order, as the record stores them.
    clauses: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: What was not recognised or is doubtful, one line each.
    problems: list[str] = field(default_factory=list)
    confidence: float = 0.0
    #: The motion already imported from this very file (same SHA-256), if any.
    duplicate_of: int | None = None

    @property
    def importable(self) -> bool:
        return not self.error and self.kind is not None and self.duplicate_of is None

    def people(self) -> list[tuple[str, PersonRef]]:
        """Every person of the file with their role ("mover", "presented for", "seconder 2")."""
        out: list[tuple[str, PersonRef]] = []
        if self.mover is not None:
            out.append(("mover", self.mover))
        if self.presented_for is not None:
            out.append(("presented for", self.presented_for))
        for i, ref in enumerate(self.seconders, start=1):
            out.append((f"seconder {i}", ref))
        return out

    def unresolved(self) -> list[tuple[str, PersonRef]]:
        return [(role, ref) for role, ref in self.people() if not ref.resolved]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("introduced_on", "adopted_on"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        data["clauses"] = [{"kind": k, "text": t} for k, t in self.clauses]
        data["unresolved"] = [
            {"role": role, "printed": ref.printed, "candidates": ref.candidates}
            for role, ref in self.unresolved()
        ]
        return data


@dataclass(frozen=True)
class Member:
    """A member of the office the names of a file are matched against."""

    id: int
    full_name: str
    surname: str = ""
    district: int | None = None


# --------------------------------------------------------------------------- reading text


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Unreadable(Exception):
    """A file that is not a readable Word document; the message is the one-line reason."""


def _collect(element: Any, out: list[tuple[str, str]]) -> None:
    """Append each paragraph under ``element`` as (text, style id), in reading order. A
    paragraph's text is its own runs only: a text box inside it becomes its own paragraph."""
    for child in element:
        tag = child.tag
        if tag == _W + "p":
            buf: list[str] = []
            nested: list[tuple[str, str]] = []
            _runs(child, buf, nested)
            ppr = child.find(_W + "pPr")
            style = ppr.find(_W + "pStyle") if ppr is not None else None
            out.append(("".join(buf), style.get(_W + "val", "") if style is not None else ""))
            out.extend(nested)
        elif tag in (_W + "del", _W + "moveFrom", _MC + "Fallback"):
            # Deleted text of tracked changes; Fallback repeats what Choice holds.
            continue
        elif isinstance(tag, str):
            _collect(child, out)


def _runs(element: Any, buf: list[str], nested: list[tuple[str, str]]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _W + "t":
            buf.append(child.text or "")
        elif tag == _W + "tab" or tag == _W + "ptab":
            buf.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            buf.append("\n" if child.get(_W + "type") in (None, "textWrapping") else " ")
        elif tag == _W + "noBreakHyphen":
            buf.append("-")
        elif tag == _W + "p":
            _collect([child], nested)
        elif tag in (_W + "del", _W + "moveFrom", _MC + "Fallback", _W + "pPr", _W + "rPr"):
            continue
        elif tag == _W + "txbxContent":
            _collect(child, nested)
        else:
            _runs(child, buf, nested)


def read_paragraphs(data: bytes, name: str) -> list[Paragraph]:
    """The paragraphs of a .docx held in ``data``: headers first, then the body (tables
    included, row by row), then footers. Raises ``Unreadable`` with a one-line reason."""
    import io

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if not data:
        raise Unreadable("the file is empty (0 bytes)")
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise Unreadable(
                "the file is password-protected; open it in Word, remove the password "
                "(File > Info > Protect Document) and import the saved copy"
            )
        raise Unreadable(
            "this is an old Word 97-2003 .doc file; open it in Word or LibreOffice and save it "
            "as .docx first"
        )
    if not data.startswith(b"PK"):
        raise Unreadable("not a Word .docx file (it is not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise Unreadable("a zip file, but not a Word document (no word/document.xml)")
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise Unreadable(
                    f"its text part is {info.file_size / 1e6:.0f} MB, far beyond any motion"
                )
            types = zf.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile as exc:
        raise Unreadable(f"the file is damaged ({exc}); repair it in Word") from exc
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise Unreadable(f"the file is damaged ({exc}); repair it in Word") from exc
    if any(t in types for t in _TEMPLATE_TYPES) or name.lower().endswith((".dotx", ".dotm")):
        raise Unreadable("a Word template (.dotx), not a document: make a document from it")
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # A part that does not decompress or fails its CRC check.
        raise Unreadable(f"the file is damaged ({exc}); repair it in Word") from exc
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise Unreadable(f"Word cannot have written this file as it is ({exc})") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged part
        raise Unreadable(f"the file is damaged ({type(exc).__name__}: {exc})") from exc

    out: list[Paragraph] = []

    def add(element: Any, where: str) -> None:
        found: list[tuple[str, str]] = []
        _collect([element] if element.tag == _W + "p" else element, found)
        out.extend(Paragraph(text=text, where=where, style=style) for text, style in found)

    seen: set[int] = set()
    for section in doc.sections:
        for part_of in (
            section.first_page_header,
            section.header,
            section.even_page_header,
        ):
            if part_of.is_linked_to_previous:
                continue
            element = part_of._element  # the w:hdr
            if id(element) not in seen:
                seen.add(id(element))
                add(element, "header")
    add(doc.element.body, "body")
    for section in doc.sections:
        for footer in (section.first_page_footer, section.footer, section.even_page_footer):
            if footer.is_linked_to_previous:
                continue
            element = footer._element
            if id(element) not in seen:
                seen.add(id(element))
                add(element, "footer")
    return out


# --------------------------------------------------------------------------- text rules

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def tidy_line(text: str) -> str:
    """A line as compared and stored: NFC, invisible characters gone, every run of spaces,
    tabs and no-break spaces one space, trimmed. Quotes and dashes stay as printed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def tidy_text(text: str) -> str:
    """A paragraph: each line tidied, empty lines dropped, soft breaks kept as newlines."""
    lines = [tidy_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_FORMS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # March 1, 2022 / MAR 01 2022
    re.compile(
        rf"\b{_DAY}\s+(?:day\s+of\s+)?{_MONTH},?\s+{_YEAR}\b"
    ),  # 1 March 2022, 25th day of March, 2022
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date written in ``text`` (folded), with where it starts and ends."""
    folded = fold(text)
    best: tuple[dt.date, int, int] | None = None
    for form in _DATE_FORMS:
        for match in form.finditer(folded):
            month = match["month"]
            number = _MONTHS.get(month.rstrip(".")) if not month.isdigit() else int(month)
            try:
                day = dt.date(int(match["year"]), number or 0, int(match["day"]))
            except ValueError:
                continue
            if best is None or match.start() < best[1]:
                best = (day, match.start(), match.end())
            break
    return best


_ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
_DISTRICT_FORMS = [
    re.compile(r"\b(?:council\s+)?district\s+(?:no\.?\s*)?(?P<n>\d{1,2})\b"),
    re.compile(r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)\s+(?:council\s+)?district\b"),
    re.compile(r"\bc\.?\s?d\.?\s*(?P<n>\d{1,2})\b"),
    re.compile(r"\b(?P<w>" + "|".join(_ORDINAL_WORDS) + r")\s+(?:council\s+)?district\b"),
    re.compile(r"\bcouncil\s+district\s+(?P<w>" + "|".join(_NUMBER_WORDS) + r")\b"),
]


def find_district(folded: str) -> tuple[int, int, int] | None:
    """A council district written in a folded line ("15th district", "cd 15", "fifteenth
    district", "council district fifteen"), with where it starts and ends."""
    for form in _DISTRICT_FORMS:
        match = form.search(folded)
        if match:
            groups = match.groupdict()
            if groups.get("n"):
                number = int(groups["n"])
            else:
                word = groups["w"]
                number = _ORDINAL_WORDS.get(word) or _NUMBER_WORDS[word]
            return number, match.start(), match.end()
    return None


#: Words around a name in a signature block or a roll call: titles, offices, honorifics.
_HONORIFICS = re.compile(
    r"\b(?:council\s*(?:member|woman|man|president(?:\s+pro\s+tem(?:pore)?)?)|"
    r"assistant\s+president\s+pro\s+tem(?:pore)?|president\s+pro\s+tem(?:pore)?|"
    r"president|the\s+honorable|honorable|hon\.|mayor|vice\s+chair|chair|"
    r"mr\.|mrs\.|ms\.|dr\.)(?=\W|$)"
)
_SUFFIX_WORDS = {"jr", "sr", "ii", "iii", "iv"}


def name_tokens(printed: str) -> list[str]:
    """The words of a printed name that identify the person: folded, titles, suffixes and
    punctuation removed ("Council President CURREN D. PRICE, JR." -> curren d price)."""
    folded = _HONORIFICS.sub(" ", fold(printed)).replace("'", "").replace("-", " ")
    words = re.findall(r"[^\W\d_]+", folded)
    return [w for w in words if w not in _SUFFIX_WORDS]


def _member_tokens(member: Member) -> tuple[list[str], list[str]]:
    """(given names and initials, surname words) of a member, folded."""
    surname = name_tokens(member.surname) if member.surname else []
    words = name_tokens(member.full_name)
    if not surname and words:
        surname = words[-1:]
    # The surname's words at the end of the full name; the rest are given names.
    given = words[: len(words) - len(surname)] if words[-len(surname) :] == surname else words
    return given, surname


def match_people(
    printed: str, members: Sequence[Member], district: int | None = None
) -> list[Member]:
    """The members ``printed`` can be. One element: that member. None or several: the user
    decides. The surname must match in full; a given name or initial printed must agree."""
    words = name_tokens(printed)
    if not words:
        return []
    found: list[tuple[Member, list[str], list[str]]] = []
    for member in members:
        given, surname = _member_tokens(member)
        if not surname or len(words) < len(surname) or words[-len(surname) :] != surname:
            continue
        printed_given = words[: len(words) - len(surname)]
        if _given_agree(printed_given, given):
            found.append((member, printed_given, given))
    if len(found) > 1 and district is not None:
        same = [f for f in found if f[0].district == district]
        if len(same) == 1:
            return [same[0][0]]
    if len(found) > 1:
        # "JOHN LEE" is John Lee, not J. Lee's namesake: a printed given name in full decides.
        exact = [f for f in found if f[1] and f[1][0] == (f[2][0] if f[2] else None)]
        if len(exact) == 1 and len(exact[0][1][0]) > 1:
            return [exact[0][0]]
    return [f[0] for f in found]


def _given_agree(printed: list[str], given: list[str]) -> bool:
    """Whether the printed given names fit the member's: the first is the member's first
    given name or its initial, the others follow in order; middle names may be left out."""
    if not printed:
        return True
    j = 0
    for i, word in enumerate(printed):
        while j < len(given):
            candidate = given[j]
            j += 1
            if word == candidate or (
                min(len(word), len(candidate)) == 1 and word[0] == candidate[0]
            ):
                break
            if i == 0:
                return False
        else:
            return False
    return True


def resolve(printed: str, members: Sequence[Member], district: int | None = None) -> PersonRef:
    found = match_people(printed, members, district)
    ref = PersonRef(printed=printed, district=district)
    if len(found) == 1:
        ref.person_id = found[0].id
    else:
        ref.candidates = [(m.id, m.full_name) for m in found]
    return ref


# --------------------------------------------------------------------------- recognising

_CF_LABEL = r"(?:c\.\s?f\.|cf|council\s+file)(?:\s+(?:no\.?|number|#))?\s*[:#]?\s*"
_CF_MODERN = r"\d{2}-\d{4}(?:-s\d+)?"
_CF_LEGACY = r"\d{1,3}(?:,\d{3})+(?:,?\s+sup(?:p|plemental)?\.?\s*[a-z0-9]+)?"
_CF = re.compile(rf"^{_CF_LABEL}(?P<cf>{_CF_MODERN}|{_CF_LEGACY})\b", re.IGNORECASE)
_CF_ANY = re.compile(rf"\b{_CF_LABEL}(?P<cf>{_CF_MODERN}|{_CF_LEGACY})\b", re.IGNORECASE)
_CF_BARE = re.compile(rf"^(?P<cf>{_CF_MODERN})$", re.IGNORECASE)
_CF_LABEL_ONLY = re.compile(rf"^{_CF_LABEL}$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"title|subject|heading")
_MARK = re.compile(r"^(?:draft|final|copy|original|void|sample|confidential)$")
_HEADING_MOTION = re.compile(r"^(?:amending\s+)?m\s*o\s*t\s*i\s*o\s*n\s*[:.]?$")
_RESOLUTION_NO = re.compile(r"^resolution\s*(?:no\.?|number|#)\s*:?\s*(?P<n>.*)$")
_RESOLUTION_TITLE = re.compile(r"^a\s+resolution\s+of\s+the\s+")
_SUBJECT = re.compile(r"^(?:subject|re|title)\s*:\s*(?P<t>.+)$", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[\u2022\u25aa\u25cf\u2013\-*])\s+", re.I)
_MOVE = re.compile(
    r"^i\s+(?P<which>therefore|further|also)\s+move\s*,?\s*(?:that\s+)?", re.IGNORECASE
)
_RESOLVED = re.compile(
    r"^(?:(?:now\s*,?\s*)?therefore\s*,?\s*)?(?:be\s+it\s+)?(?P<further>further\s+)?resolved"
    r"(?:\s*,?\s*by\s+.*?\s+that\s+|\s*,?\s*(?:that\s+)?)",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^section\s+\d+\s*[.:]\s*", re.IGNORECASE)
_WHEREAS = re.compile(r"^whereas\s*,?\s*", re.IGNORECASE)
_RECITAL_END = re.compile(r"\s*;\s*(?:and|now,?\s*therefore,?)?\s*$", re.IGNORECASE)
_OPERATIVE_END = re.compile(r"\s*(?:;\s*and|[.;])\s*$", re.IGNORECASE)
_PRESENTED = re.compile(r"^(?:presented|introduced|moved)\s+by\s*:?\s*", re.IGNORECASE)
_SECONDED = re.compile(r"^seconded\s+by\s*:?\s*", re.IGNORECASE)
_ADOPTED = re.compile(r"^passed\s*,?\s+(?:approved\s*,?\s+)?and\s+adopted\b", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:attest|approved\s+as\s+to\s+form|clerk'?s\s+certificate|i\s+hereby\s+certify|"
    r"ayes|noes|absent|abstain|city\s+clerk|city\s+attorney|mayor\b|"
    r"(?:president|mayor)\s+of\s+the\b)",
    re.IGNORECASE,
)
_STAMP_ADOPTED = re.compile(r"\b(?:adopted|council\s+adopted)\b", re.IGNORECASE)
_FOR = re.compile(r"\s*,?\s+(?:for|on\s+behalf\s+of)\s+", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"^(?:date(?:\s+(?:received|introduced))?|received|introduced|filed)\s*:?\s*", re.IGNORECASE
)


def _is_rule(text: str) -> bool:
    """A signature line: only underscores, dots or dashes."""
    return bool(text) and not re.search(r"[^\s_.\-–—]", text)


def _strip_rule(text: str) -> str:
    return re.sub(r"_{3,}", " ", text).strip(" \t:")


def _date_only(text: str) -> dt.date | None:
    """A paragraph that is a date and little else ("March 1, 2022", "Date: 03/01/2022",
    "RECEIVED MAR 01 2022")."""
    found = find_date(text)
    if found is None:
        return None
    rest = fold(text)[: found[1]] + fold(text)[found[2] :]
    rest = _DATE_LABEL.sub("", rest.strip())
    rest = re.sub(r"\b(?:city\s+clerk|clerk|stamp|adopted|introduced|received|on|by)\b", "", rest)
    if len(re.sub(r"[\W_]+", "", rest)) > 3:
        return None
    return found[0]


@dataclass
class _Block:
    """A signature block being read: its people as (printed, district) in order."""

    role: str
    people: list[list[Any]] = field(default_factory=list)
    #: "for PAUL KORETZ" / "Presented for: ..." lines: whom the mover presents for.
    presented_for: list[list[Any]] = field(default_factory=list)


def recognise_paragraphs(
    paragraphs: list[Paragraph],
    members: Sequence[Member],
    *,
    result: Recognised,
    council_names: Sequence[str] = (),
) -> Recognised:
    """Recognise the record in a document's paragraphs (fills ``result`` and returns it).
    ``council_names`` ("City Council of the City of Los Angeles") are cut from the front of
    a resolution's title line."""
    heading_kind: str | None = None
    motion_words = resolution_words = 0
    blocks: list[_Block] = []
    current: _Block | None = None
    region = "preamble"
    dates: list[dt.date] = []
    unclassified = 0
    cf_label = False
    has_heading = any(
        p.where == "body"
        and (
            _HEADING_MOTION.match(fold(tidy_line(p.text)))
            or _RESOLUTION_NO.match(fold(tidy_line(p.text)))
        )
        for p in paragraphs
    )
    if not has_heading:
        region = "body"

    for para in paragraphs:
        text = tidy_text(para.text)
        para.text = text
        if not text:
            para.kind = "empty"
            continue
        line = text.replace("\n", " ")
        folded = fold(line)
        if para.where != "body":
            _header_footer(para, line, folded, result, dates)
            continue
        unmarked = _LIST_MARK.sub("", line, count=1)
        if _is_rule(line):
            para.kind = SIGNATURE
            continue
        if _HEADING_MOTION.match(folded):
            para.kind, heading_kind, region = HEADING, "motion", "body"
            continue
        number = _RESOLUTION_NO.match(folded)
        if number:
            para.kind, heading_kind, region = HEADING, "resolution", "body"
            value = _strip_rule(line[len(line) - len(number["n"]) :]) if number["n"] else ""
            result.resolution_number = value.strip(" _")
            continue
        if _RESOLUTION_TITLE.match(folded) and len(line) < 600 and not result.title:
            para.kind = TITLE
            result.title = _resolution_title(line, council_names)
            resolution_words += 1
            continue
        subject = _SUBJECT.match(line)
        if subject and not result.title and region != "signatures":
            para.kind, result.title = TITLE, subject["t"].strip()
            continue
        if result.title and line == result.title and not result.clauses:
            # The subject printed twice (a template's own line and an office's addition).
            para.kind = TITLE
            continue
        if _MARK.match(folded):
            # A watermark or stamp word set as text ("DRAFT", "COPY").
            para.kind = "mark"
            continue
        if (
            not result.title
            and not result.clauses
            and region != "signatures"
            and len(line) < 200
            and (
                " / " in line
                or (heading_kind is not None and _TITLE_STYLE.search(para.style.casefold()))
            )
            and _date_only(line) is None
            and not _CF.match(line)
            and not _PRESENTED.match(line)
            and not _SECONDED.match(line)
            and not _MOVE.match(line)
        ):
            # LA's slash-keyword subject ("Sister City / Kyiv, Ukraine / Nomination Review"),
            # or a line in a title or subject style.
            para.kind, result.title = TITLE, line
            continue
        cf = _CF.match(line) or (_CF_BARE.match(line) if region == "preamble" or cf_label else None)
        cf_label = False
        if cf and len(line) < 120:
            para.kind = COUNCIL_FILE
            result.council_file = result.council_file or cf["cf"].strip()
            # "Council File 22-0311 · Introduced March 1, 2022" on one line.
            day = _date_only(line[cf.end() :].strip(" ·|-–—,;"))
            if day is not None:
                dates.append(day)
            continue
        if _CF_LABEL_ONLY.match(line):
            # "Council File:" in one table cell, the number in the next.
            para.kind, cf_label = COUNCIL_FILE, True
            continue
        presented = _PRESENTED.match(line)
        seconded = _SECONDED.match(line)
        if presented or seconded:
            para.kind, region = SIGNATURE, "signatures"
            current = _Block("mover" if presented else "seconders")
            blocks.append(current)
            rest = line[(presented or seconded).end() :]  # type: ignore[union-attr]
            for part in text.split("\n")[1:] if "\n" in text else []:
                rest += "\n" + part
            _people_lines(current, _strip_rule(rest.split("\n")[0]), rest.split("\n")[1:])
            continue
        move = _MOVE.match(unmarked)
        if move:
            para.kind, region = OPERATIVE, "body"
            motion_words += 1
            result.clauses.append(("operative", _operative(unmarked[move.end() :])))
            continue
        resolved = (
            _RESOLVED.match(unmarked)
            if re.match(r"^(now|therefore|be it|resolved|further)", fold(unmarked))
            else None
        )
        section = _SECTION.match(unmarked)
        if resolved or section:
            para.kind, region = OPERATIVE, "body"
            resolution_words += 1
            rest = unmarked[(resolved or section).end() :]  # type: ignore[union-attr]
            result.clauses.append(("operative", _operative(rest)))
            continue
        whereas = _WHEREAS.match(unmarked)
        if whereas:
            para.kind, region = RECITAL, "body"
            if heading_kind == "motion":
                # A motion's background is printed as written, WHEREAS and all.
                result.clauses.append(("recital", text))
                continue
            resolution_words += 1
            text_of = _RECITAL_END.sub("", unmarked[whereas.end() :]).strip()
            result.clauses.append(("recital", text_of))
            continue
        if _ADOPTED.match(line):
            para.kind, region = CLOSING, "closing"
            found = find_date(line)
            if found:
                result.adopted_on = found[0]
            continue
        if _CLOSING.match(line) or region == "closing":
            # The name above "President of the Council" signs the closing, not a second.
            if (
                region == "signatures"
                and current is not None
                and current.people
                and current.people[-1][1] is None
                and _CLOSING.match(line)
            ):
                current.people.pop()
            para.kind = CLOSING
            region = "closing"
            continue
        if _DATE_LABEL.fullmatch(line):
            # "Date:" in one table cell, the date in the next.
            para.kind = DATE
            continue
        day = _date_only(line)
        if day is not None and len(line) < 80:
            para.kind = DATE
            if _STAMP_ADOPTED.search(line):
                result.adopted_on = result.adopted_on or day
            else:
                dates.append(day)
            continue
        if region == "signatures" and current is not None:
            kind = _people_lines(current, text.split("\n")[0], text.split("\n")[1:])
            para.kind = kind
            continue
        if region == "body" and (heading_kind == "motion" or motion_words) and not resolution_words:
            para.kind = RECITAL
            result.clauses.append(("recital", text))
            continue
        if region == "body" and heading_kind is None and not resolution_words:
            para.kind = RECITAL
            result.clauses.append(("recital", text))
            continue
        para.kind = OTHER
        unclassified += 1

    # What kind of record this is: the heading says so; else the wording.
    if heading_kind is not None:
        result.kind = heading_kind
    elif resolution_words > motion_words:
        result.kind = "resolution"
    elif motion_words:
        result.kind = "motion"
    else:
        result.kind = None
    if result.kind == "motion" and heading_kind is None and not motion_words:
        result.kind = None

    if result.kind is None:
        # Nothing of a record is kept from a file that holds none (an agenda cites numbers).
        result.clauses, result.council_file, result.title = [], "", ""
        result.resolution_number, result.introduced_on, result.adopted_on = "", None, None
        result.problems.append(
            "not a motion or a resolution: no MOTION or RESOLUTION NO. heading and no "
            "I THEREFORE MOVE, WHEREAS or RESOLVED clause"
        )
        result.confidence = 0.0
        return result
    if result.kind == "resolution":
        # Narrative paragraphs taken before the recitals began belong to no clause of a
        # resolution: keep them out.
        result.clauses = [(k, t) for k, t in result.clauses if t]
    _finish_people(result, blocks, members)
    if dates:
        result.introduced_on = dates[0]
    if result.adopted_on is not None:
        result.status = "adopted"
    elif result.introduced_on is not None or result.council_file:
        result.status = "introduced"
    else:
        result.status = "draft"
    if result.kind == "motion" and not result.title:
        result.title = _title_from(result)
    result.confidence = _confidence(result, heading_kind is not None, unclassified)
    return result


def _resolution_title(line: str, council_names: Sequence[str]) -> str:
    """The subject of "A RESOLUTION OF THE <COUNCIL> <SUBJECT>", as printed."""
    folded = fold(line)
    for name in sorted(council_names, key=len, reverse=True):
        prefix = f"a resolution of the {fold(name)}"
        if folded.startswith(prefix) and len(folded) == len(line):
            return line[len(prefix) :].strip(" ,:")
    return line


def _header_footer(
    para: Paragraph, line: str, folded: str, result: Recognised, dates: list[dt.date]
) -> None:
    """Headers and footers hold the clerk's stamp, the Council File number, a date."""
    cf = _CF_ANY.search(line) or _CF_BARE.match(line)
    if cf:
        para.kind = COUNCIL_FILE
        result.council_file = result.council_file or cf["cf"].strip()
        return
    # A header holds little but the clerk's stamp: any date there is the stamp's.
    found = find_date(line) if len(line) < 100 else None
    day = found[0] if found else None
    if day is not None:
        para.kind = DATE
        if _STAMP_ADOPTED.search(line):
            # The clerk's "ADOPTED MAR 25 2022" stamp: the day of adoption, not of receipt.
            result.adopted_on = result.adopted_on or day
        else:
            dates.append(day)
        return
    para.kind = OTHER


def _operative(text: str) -> str:
    """An operative clause as stored: opening words gone (the caller took them), closing
    punctuation gone (the template adds it back)."""
    return _OPERATIVE_END.sub("", text).strip()


def _people_lines(block: _Block, first: str, more: list[str]) -> str:
    """Read lines of a signature block into ``block``; returns the paragraph's kind."""
    kind = SIGNATURE
    for raw in [first, *more]:
        line = _strip_rule(raw)
        if not line or _is_rule(line):
            continue
        folded = fold(line)
        district = find_district(folded)
        rest = folded
        if district is not None:
            rest = folded[: district[1]] + " " + folded[district[2] :]
        if not name_tokens(rest) or re.search(
            r"\b(?:city|council|district|ward)\b", _HONORIFICS.sub(" ", rest)
        ):
            # "Councilmember, 15th District": the title line under the name above.
            if district is not None and block.people and block.people[-1][1] is None:
                block.people[-1][1] = district[0]
            kind = DISTRICT
            continue
        # A name, perhaps with its district on the same line ("Joe Buscaino, CD 15").
        name = line
        for_line = _FOR_LINE.match(name)
        if district is not None:
            name = re.sub(r"[\s,;()\-–]+$", "", _cut_district(line))
        # "HUGO SOTO-MARTÍNEZ, Councilmember": the title after the comma is not the name.
        name = _TRAILING_TITLE.sub("", name)
        if for_line:
            block.presented_for.append([_FOR_LINE.sub("", name, count=1).strip(" ()"), None])
            kind = NAME
            continue
        # Several seconders on one line: "Raman, Koretz and O'Farrell".
        for part in _split_names(name) if block.role == "seconders" else [name]:
            block.people.append([part, district[0] if district else None])
        kind = NAME
    return kind


_FOR_LINE = re.compile(r"^\(?\s*(?:presented\s+)?(?:for|on\s+behalf\s+of)\s*:?\s+", re.I)
_TRAILING_TITLE = re.compile(
    r"\s*,\s*(?:council\s*(?:member|woman|man)|council\s+president[\w\s]*)\s*$", re.IGNORECASE
)


def _cut_district(line: str) -> str:
    """``line`` without its district words (kept in the original case)."""
    folded = fold(line)
    found = find_district(folded)
    if found is None or len(folded) != len(line):
        return re.split(r",|\(", line)[0]
    return (line[: found[1]] + line[found[2] :]).strip()


def _split_names(text: str) -> list[str]:
    """Names listed on one line, keeping "Price, Jr." whole."""
    parts = re.split(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+|\s+&\s+", text)
    out: list[str] = []
    for part in parts:
        if not part or (not name_tokens(part) and fold(part).rstrip(".") not in _SUFFIX_WORDS):
            # "Councilmember" after a comma is the name's title, not another person.
            continue
        if out and fold(part).rstrip(".") in _SUFFIX_WORDS:
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _finish_people(result: Recognised, blocks: list[_Block], members: Sequence[Member]) -> None:
    mover_entries = [p for b in blocks if b.role == "mover" for p in b.people]
    seconder_entries = [p for b in blocks if b.role == "seconders" for p in b.people]
    for_entries = [p for b in blocks for p in b.presented_for]
    if mover_entries:
        printed, district = mover_entries[0]
        presented_for: list[Any] | None = for_entries[0] if for_entries else None
        split = _FOR.split(printed, maxsplit=1)
        if len(split) == 2 and name_tokens(split[0]) and name_tokens(split[1]):
            # "IMELDA PADILLA for TIM McOSKER" on one line.
            printed, presented_for = split[0].strip(" ,"), [split[1].strip(" ,()"), None]
        for extra in mover_entries[1:]:
            result.problems.append(f"a second name under PRESENTED BY was left out: {extra[0]}")
        result.mover = resolve(printed, members, district)
        if presented_for is not None:
            result.presented_for = resolve(presented_for[0], members, presented_for[1])
    else:
        # Left for the user to pick: a resolution often names no mover on its face.
        result.mover = PersonRef(printed="")
        result.problems.append("no PRESENTED BY block: the mover is not known")
    seen: set[int] = set()
    for printed, district in seconder_entries:
        ref = resolve(printed, members, district)
        if ref.person_id is not None:
            if ref.person_id in seen or (result.mover and ref.person_id == result.mover.person_id):
                result.problems.append(f"{printed} is listed twice among the sponsors; kept once")
                continue
            seen.add(ref.person_id)
        result.seconders.append(ref)
    for role, ref in result.people():
        if ref.person_id is None and ref.printed:
            if ref.candidates:
                names = ", ".join(n for _i, n in ref.candidates)
                result.problems.append(f"{role} '{ref.printed}' could be {names}: pick one")
            else:
                result.problems.append(f"{role} '{ref.printed}' matches no member: pick one")


def _title_from(result: Recognised) -> str:
    """A motion prints no title of its own: the first sentence of its first operative
    clause (what it asks) stands in, for the user to change."""
    source = next((t for k, t in result.clauses if k == "operative"), "")
    source = source or next((t for _k, t in result.clauses), "") or Path(result.name).stem
    sentence = re.split(r"(?<=[.;:])\s", source, maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:117].rsplit(" ", 1)[0] + "..."
    return sentence[:1].upper() + sentence[1:]


def _confidence(result: Recognised, heading: bool, unclassified: int) -> float:
    score = 1.0
    if not heading:
        score -= 0.2
    if not any(k == "operative" for k, _t in result.clauses):
        score -= 0.3
    if result.mover is None or not result.mover.resolved:
        score -= 0.25
    if result.kind == "motion" and not result.seconders:
        score -= 0.1
    score -= 0.1 * sum(
        1 for _r, ref in result.people() if not ref.resolved and ref is not result.mover
    )
    if result.introduced_on is None and result.adopted_on is None:
        score -= 0.05
    score -= min(0.2, 0.05 * unclassified)
    return round(max(0.0, min(1.0, score)), 2)


# --------------------------------------------------------------------------- entry points


def recognise_bytes(
    data: bytes,
    name: str,
    members: Sequence[Member],
    *,
    path: str = "",
    council_names: Sequence[str] = (),
) -> Recognised:
    """Recognise one file's content. A file that cannot be read gets ``error`` set, never an
    exception: a batch goes on past it."""
    result = Recognised(path=path or name, name=name, sha256=sha256_bytes(data), size=len(data))
    try:
        paragraphs = read_paragraphs(data, name)
    except Unreadable as exc:
        result.error = str(exc)
        return result
    result.paragraphs = paragraphs
    return recognise_paragraphs(paragraphs, members, result=result, council_names=council_names)


def recognise_file(
    path: Path, members: Sequence[Member], *, council_names: Sequence[str] = ()
) -> Recognised:
    """Recognise the file at ``path``; too large, unreadable or damaged files get ``error``."""
    path = Path(path)
    result = Recognised(path=str(path), name=path.name)
    try:
        size = path.stat().st_size
        result.size = size
        if size > MAX_BYTES:
            result.error = (
                f"the file is {size / 2**20:.0f} MB, far more than the text of any motion "
                "(pictures?); save a copy without them and import that"
            )
            return result
        data = path.read_bytes()
    except OSError as exc:
        result.error = f"cannot be read ({exc.strerror or exc})"
        return result
    return recognise_bytes(data, path.name, members, path=str(path), council_names=council_names)


def find_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and every .docx under each folder given, in a
    stable order. Word's lock files (~$name.docx) are left out."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in (".docx", ".docm", ".dotx", ".doc")
                and not p.name.startswith("~$")
            )
            out.extend(found)
        else:
            out.append(path)
    return out
