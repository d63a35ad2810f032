"""Text rules that naive code gets wrong: names, apostrophes, accents, ordinals, districts."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})

#: Lower-case particles that sort under the main surname ("de León" sorts under L).
PARTICLES = frozenset(
    {"de", "del", "de la", "la", "le", "van", "von", "der", "den", "da", "di", "du"}
)

#: Characters XML 1.0 cannot hold, plus those docxtpl turns into layout (\a, \f).
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def fold(text: str) -> str:
    """The form used for matching and sorting: no accents, no case, one kind of apostrophe.

    Print what the record holds; compare what this returns.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_DASHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()


def clean(text: str) -> str:
    """Text fit for a Word document: Word's soft break (\\x0b) becomes a line break, other
    control characters are dropped, line ends are unified."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = _SURROGATE.sub("", text)
    return _CONTROL.sub("", text)


def tidy(text: str) -> str:
    """A one-line field as it is stored: cleaned (see ``clean``) and trimmed."""
    return clean(text).strip()


def tidy_texts(texts: dict[str, str]) -> dict[str, str]:
    """A per-language text as it is stored: language codes tidied, texts cleaned."""
    return {tidy(lang): clean(text) for lang, text in texts.items()}


#: A language code as the app takes it: a BCP 47-like tag ("en", "uk-UA", "zh-Hant-TW";
#: "fr_CA" too, as Babel and Qt write it).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def is_language_tag(code: str) -> bool:
    return _LANGUAGE_TAG.fullmatch(code) is not None


def surname_sort_key(surname: str) -> str:
    """Sort key for a surname: particles set aside ("de León" files under León)."""
    words = surname.split()
    while len(words) > 1 and words[0].casefold() in PARTICLES:
        words = words[1:]
    return fold(" ".join(words))


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def guess_surname(full_name: str) -> str:
    """A first guess at the surname of a full name, for the people editor to prefill.

    "Curren D. Price, Jr." -> "Price"; "Kevin de León" -> "de León"; "Mitch O'Farrell" ->
    "O'Farrell". The stored surname is what the person enters; this only proposes.
    """
    name = full_name.split(",")[0].strip()
    words = [w for w in name.split() if w.casefold() not in _SUFFIXES]
    if not words:
        return full_name.strip()
    surname = [words[-1]]
    i = len(words) - 2
    while i > 0 and words[i].casefold() in PARTICLES:
        surname.insert(0, words[i])
        i -= 1
    return " ".join(surname)


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinal(n: int) -> str:
    """15 -> "15th", 22 -> "22nd", 11 -> "11th"."""
    return f"{n}{ordinal_suffix(n)}"


def district_label(district: int) -> str:
    """The district as written under a signature: "15th District"."""
    return f"{ordinal(district)} District"


def district_short(district: int) -> str:
    """The district as written in tables: "CD 15"."""
    return f"CD {district}"


# --------------------------------------------------------------------------- clause text

_OPENING = re.compile(
    r"^\s*(?:I\s+THEREFORE\s+MOVE|I\s+FURTHER\s+MOVE|FURTHER\s+MOVE"
    r"|(?:NOW,?\s+THEREFORE,?\s+)?BE\s+IT\s+(?:FURTHER\s+)?RESOLVED(?:\s+by\s+[^,]*?)?)"
    r"\s*,?\s+that\s+",
    re.IGNORECASE,
)
_WHEREAS = re.compile(r"^\s*WHEREAS\s*,?\s*", re.IGNORECASE)
_CLOSING = re.compile(r"(?:\s*;\s*and|\s*[.;,])\s*$", re.IGNORECASE)


def operative_text(text: str) -> str:
    """A stored operative clause as templates print it after "... MOVE that" / "RESOLVED
    ... that": opening words and closing punctuation removed if a drafter typed them."""
    text = _OPENING.sub("", clean(text).strip(), count=1)
    return _CLOSING.sub("", text).strip()


def recital_text(text: str) -> str:
    """A stored resolution recital as printed after "WHEREAS,": no opening, no closing."""
    text = _WHEREAS.sub("", clean(text).strip(), count=1)
    return _CLOSING.sub("", text).strip()
