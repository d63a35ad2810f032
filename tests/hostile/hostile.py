"""Hostile input for the property tests: the field kinds and their strategies, the cleaning
rule a stored value must follow, and reading a rendered .docx back strictly."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import strategies as st
from lxml import etree

from sistercity_desk.errors import DeskError
from sistercity_desk.text import clean, fold

# --------------------------------------------------------------------------- field kinds

#: The kinds of field the property tests drive, and the strategy of each. Every kind is drawn
#: in every example of at least one property test, so the CI profile's 1,000 examples per
#: test (tests/conftest.py) means at least 1,000 values of each kind, each one stored, read
#: back, exported and (where a template prints it) rendered:
#:
#: | kind                  | fields                                                       |
#: |-----------------------|--------------------------------------------------------------|
#: | free text             | motion title, resolution number, recitals, operative clauses; |
#: |                       | agreement titles, preambles, article headings and texts,     |
#: |                       | annex description and condition, signing places; person      |
#: |                       | titles; city country label; office council name; standard    |
#: |                       | clause title and texts                                       |
#: | names                 | person full name, surname, native name; city name, native    |
#: |                       | name, aliases, country; office city, clerk, mayor            |
#: | Council File numbers  | motion council_file                                          |
#: | money and quantities  | annex estimated value and quantity                           |
#: | language codes        | agreement home/partner/prevailing language, city language,   |
#: |                       | the keys of every per-language text                          |
#: | dates                 | motion introduced_on, agreement signing dates                |
FIELD_KINDS = (
    "free text",
    "names",
    "Council File numbers",
    "money and quantities",
    "language codes",
    "dates",
)

#: Characters that broke naive code: XML specials, Jinja and docxtpl syntax, Word's soft break
#: and other control characters (NUL, bell, form feed, DEL), lone surrogates (what Python
#: makes of bytes that are not UTF-8 on a command line), non-characters, a byte-order mark,
#: right-to-left and combining marks, line and paragraph separators, emoji, other scripts.
TRICKY = (
    "&<>\"'{}%#|\\\x00\x01\x07\x0b\x0c\x1f\x7f\x85\t\n\r\u2028\u2029\u200b\u200d\u200f"
    "\u0301\u0308\ud800\udcff\ufeff\ufffe\uffffʼ’`–—ßİıǅאבגمرحبКиївéñ東京😀🇺🇦"
)

#: Template syntax and markup a value must print literally: never run, never parsed.
PAYLOADS = (
    "{{ 7*7 }}",
    "{{7*7}}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{%p if true %}x{%p endif %}",
    "{%tr for r in rows %}",
    "{{r motion.title }}",
    "{# comment #}",
    "</w:t></w:r></w:p><w:p><w:r><w:t>",
    "]]><![CDATA[",
    "&amp; &lt; &#0; &#x1F600;",
    "${7*7} #{7*7} <%= 7*7 %>",
)

_chars = st.one_of(st.sampled_from(TRICKY), st.characters())
_words = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)

#: Anything a person could type or paste (including what a broken import could carry).
free_text = st.one_of(
    st.text(alphabet=_chars, max_size=80),
    st.sampled_from(PAYLOADS),
    st.builds(lambda a, p, b: f"{a} {p} {b}", _words, st.sampled_from(PAYLOADS), _words),
)

REAL_NAMES = (
    "Kevin de León",
    "Curren D. Price, Jr.",
    "Mitch O'Farrell",
    "Mitch O’Farrell",
    "Віталій Кличко",
    "Nury Martinez",
    "María José García-Márquez",
    "山田 太郎",
    "محمد بن سلمان",
    "Ngũgĩ wa Thiong'o",
    "Łukasz Żółć",
    "Ólafur Ragnar Grímsson",
    "X Æ A-12",
)

#: Names: letters of every script, particles, apostrophes, hyphens, and the tricky ones.
names = st.one_of(
    st.sampled_from(REAL_NAMES),
    st.text(
        alphabet=st.one_of(
            st.characters(categories=("L", "M")),
            st.sampled_from(" .,'’-ʼ"),
            st.sampled_from(TRICKY),
        ),
        max_size=40,
    ),
    free_text,
)


def _council_file(year: int, number: int, supplement: int | None, style: int) -> str:
    text = f"{year:02d}-{number:04d}" + (f"-S{supplement}" if supplement else "")
    if style == 1:
        text = text.replace("-", " – ")  # spaces and an en dash, as people type them
    elif style == 2:
        text = f"  {text.lower()}\t"
    return text


_arabic_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_wide_digits = str.maketrans("0123456789", "０１２３４５６７８９")

#: Council File numbers: well-formed ones (as typed), near misses, other digits, anything.
council_files = st.one_of(
    st.none(),
    st.just(""),
    st.builds(
        _council_file,
        st.integers(0, 99),
        st.integers(0, 9999),
        st.one_of(st.none(), st.integers(0, 300)),
        st.integers(0, 2),
    ),
    st.builds(
        lambda t, table: t.translate(table),
        st.builds(_council_file, st.integers(0, 99), st.integers(0, 9999), st.none(), st.just(0)),
        st.sampled_from([_arabic_digits, _wide_digits]),
    ),
    st.sampled_from(
        [
            "22-22",
            "2022-0022",
            "22-00222",
            "22-0022-S",
            "22-0022-S0",
            "22-0022-s01",
            "CF 22-0022",
            "22-0022\n22-0023",
            "22-0022 ",
            "C.F. 103,908 Sup. i",
            "-",
            "22—0022",
        ]
    ),
    free_text,
)

_amount = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)

#: Money as typed into the annex: plain, with $ and thousands commas, or not money at all.
money = st.one_of(
    st.none(),
    _amount.map(str),
    _amount.map(lambda d: f"${d:,}"),
    _amount.map(lambda d: f" {d:,.2f} "),
    st.sampled_from(
        [
            "",
            "  ",
            "NaN",
            "-NaN",
            "sNaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1e999999999",
            "-1",
            "-0",
            "-0.00",
            "0.005",
            "1e12",
            "999999999999.995",
            "1E+3",
            "12,34",
            "$-5",
            "١٢٣",
            "1_000",
            "0x10",
            "1/2",
            "12.5%",
            "€12",
            "1e-999999999",
        ]
    ),
    free_text,
)

#: Quantities of donated items: ordinary, zero or negative, and far past any column's range.
quantities = st.one_of(
    st.integers(1, 500), st.integers(-5, 0), st.integers(1_000_000, 2**70), st.just(2**63)
)

LANGUAGES = ("en", "uk", "uk-UA", "en-US", "ja", "ar", "he", "zh-Hant-TW", "fr_CA", "es-419", "ko")

#: Language codes: real ones, code-shaped strings, and anything.
language_codes = st.one_of(
    st.sampled_from(LANGUAGES),
    st.from_regex(r"[A-Za-z]{1,9}([-_][A-Za-z0-9]{1,9}){0,3}", fullmatch=True),
    st.sampled_from(["", " ", " uk ", "EN", "english", "../..", "en-", "-en", "x" * 300]),
    free_text.map(lambda t: t[:12]),
)

dates = st.one_of(st.none(), st.dates())

# --------------------------------------------------------------------------- cleaning


def tidy(value: str) -> str:
    """What a one-line field must hold after saving: cleaned for Word, trimmed."""
    return clean(value).strip()


_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_ok(code: str) -> bool:
    """A language code the app must accept: a BCP 47-like tag ("en", "uk-UA", "fr_CA")."""
    return _LANG.fullmatch(tidy(code)) is not None


MODERN_CF = re.compile(r"[0-9]{2}-[0-9]{4}(?:-S[1-9][0-9]*)?")


def council_file_as_stored(typed: str) -> str:
    """The documented normalisation of a typed Council File number: spaces dropped, dashes
    unified, the supplement's S in capitals."""
    text = re.sub(r"\s*[-–‑—]\s*", "-", tidy(typed))
    return re.sub(r"-s([0-9])", r"-S\1", text)


# --------------------------------------------------------------------------- refusals

T = TypeVar("T")


def assert_words(exc: DeskError) -> None:
    """A refusal a person can read: a sentence with words, not a code or a repr."""
    message = str(exc)
    assert message.strip(), "empty DeskError message"
    assert re.search(r"[A-Za-z]{3,}", message), f"no words in {message!r}"
    assert "Traceback" not in message and "object at 0x" not in message, message


def save_or_refuse(
    save: Callable[[dict[str, Any]], T],
    values: dict[str, Any],
    safe: dict[str, Any],
    may_refuse: Callable[[str, dict[str, Any]], bool],
    refusals: list[str],
) -> tuple[T, dict[str, Any]]:
    """Call ``save`` with ``values``. Each refusal must be a DeskError in words naming a field
    whose value ``may_refuse``; that field then takes its ``safe`` value and the save is tried
    again, so every example still reaches the document. Any other exception fails the test.
    Returns what ``save`` returned and the values it was given the last time."""
    values = dict(values)
    for _ in range(len(safe) + 1):
        try:
            return save(values), values
        except DeskError as exc:
            assert_words(exc)
            field = exc.field or ""
            assert field in safe, f"refused without naming a field we sent: {field!r}: {exc}"
            assert may_refuse(field, values), (
                f"{field} = {values[field]!r} was refused, but it is acceptable: {exc}"
            )
            refusals.append(field)
            values[field] = safe[field]
    raise AssertionError(f"still refused after replacing {refusals}")


# --------------------------------------------------------------------------- documents

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
_parsed: dict[bytes, etree._Element] = {}


def _strict(data: bytes) -> etree._Element:
    # Parts that come out byte for byte the same as before (styles, theme: 800 KB a file)
    # need not be parsed again; everything rendered differs and is parsed every time.
    key = hashlib.sha256(data).digest()
    if key not in _parsed:
        if len(_parsed) > 64:
            _parsed.clear()
        _parsed[key] = etree.fromstring(data, _STRICT)
    return _parsed[key]


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def read_docx(path: Path) -> str:
    """The text of a .docx (body, headers, footers), after parsing EVERY XML part strictly:
    a part that is not well-formed XML fails the test."""
    texts: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "word/document.xml" in names
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            root = _strict(package.read(name))
            if name == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                texts.extend(_paragraph_text(p) for p in root.iter(f"{_W}p"))
    return "\n".join(texts)


def norm(text: str) -> str:
    """The form in which printed and stored text are compared: folded (case, accents, one
    kind of apostrophe, so a template's |upper is no difference) and whitespace collapsed (a
    line break may print as a break, a tab as a tab)."""
    return " ".join(fold(text.upper()).split())


class Printed:
    """A rendered document's text, normalised once for many checks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normal = norm(text)

    def has(self, value: str, what: str) -> None:
        """Every word of ``value`` is in the document in order: the whole value, as one run
        of text (normalised), so nothing was dropped, reordered, or run as a template."""
        wanted = norm(value)
        if wanted:
            assert wanted in self.normal, (
                f"{what}: {value[:200]!r} is not printed whole; the document has "
                f"{self.normal[:800]!r}"
            )


def words_of(values: Iterable[str]) -> list[str]:
    return [w for v in values for w in re.findall(r"\w+", norm(v))]


# --------------------------------------------------------------------------- the command line
def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], *, report: bool = False
) -> tuple[int, str, str]:
    """Run the real command line in this process. Whatever happens, the person sees no
    traceback and no 'unexpected error' (a fault of the program, not of their input); a
    failure is one line on stderr (a ``report``, like `templates check`, may have more)."""
    from sistercity_desk.cli import main

    try:
        code = main(args)
    except SystemExit as exc:  # argparse: bad usage
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert "unexpected error" not in err, err
    if code == 1 and not report:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("sistercity: "), err
    return code, out, err
