"""Invisible characters in legal text: bidirectional controls and other format characters.

A right-to-left override (U+202E) prints the characters after it in reverse order, so the
words a person reads on the page are not the characters stored; a zero-width space splits a
word that looks whole. Such characters must never reach a
printed page silently, so this module finds them, names them, and removes them when the
person agrees; the editor asks before saving (ui/editors) and an import is refused naming the
record and the field (``check_imported``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import Invalid

#: The embedding, override and isolate controls of the Unicode bidirectional algorithm.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)

#: Format characters that a correct text in some script needs, so they are not reported:
#: ZERO WIDTH NON-JOINER (Persian and other scripts' word forms) and ZERO WIDTH JOINER
#: (Indic conjuncts, emoji sequences such as the firefighter emoji).
ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})


@dataclass(frozen=True)
class Hidden:
    """One invisible character: where it is and what it is."""

    index: int
    char: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "UNNAMED FORMAT CHARACTER")

    @property
    def bidi(self) -> bool:
        return self.char in BIDI_CONTROLS

    def describe(self) -> str:
        return f"{self.code} {self.name}"


def is_hidden(ch: str) -> bool:
    """True for a character that prints as nothing yet changes the text: a bidirectional
    control or another format character (Unicode category Cf: zero-width space, word
    joiner, byte order mark, left-to-right mark ...), except ZWNJ and ZWJ."""
    if ch in BIDI_CONTROLS:
        return True
    return unicodedata.category(ch) == "Cf" and ch not in ALLOWED_FORMAT


def find_hidden(text: str) -> list[Hidden]:
    """Every invisible character of ``text``, in order."""
    return [Hidden(i, ch) for i, ch in enumerate(text) if is_hidden(ch)]


def remove_hidden(text: str) -> str:
    """``text`` without its invisible characters (what saving does when the person agrees)."""
    return "".join(ch for ch in text if not is_hidden(ch))


def summary(found: list[Hidden]) -> str:
    """A short, readable list of the distinct characters found: "U+202E RIGHT-TO-LEFT
    OVERRIDE (2), U+200B ZERO WIDTH SPACE"."""
    counts: dict[str, int] = {}
    for h in found:
        counts[h.describe()] = counts.get(h.describe(), 0) + 1
    return ", ".join(f"{d} ({n})" if n > 1 else d for d, n in counts.items())


def lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate (half of a broken UTF-16 pair), or None."""
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return i
    return None


def problem(value: str) -> str | None:
    """What is wrong with an imported text, in words, or None: a lone surrogate (not a
    character at all: it cannot be stored) or invisible characters (they would print a text
    that differs from what a reader sees). An import's validation calls this for every
    text (exchange.text_problem)."""
    at = lone_surrogate(value)
    if at is not None:
        return (
            f"character {at + 1} is a broken character (lone surrogate U+{ord(value[at]):04X}, "
            "half of a UTF-16 pair)"
        )
    found = find_hidden(value)
    if found:
        return f"holds invisible characters that would change the printed text: {summary(found)}"
    return None


def check_imported(value: str, *, record: str, field: str) -> None:
    """Refuse an imported text that ``problem`` finds fault with, in one line naming the
    record ("motion 3") and the field ("title")."""
    what = problem(value)
    if what is not None:
        raise Invalid(
            f"{record}, field {field}: {what}; fix the file and import again.", field=field
        )


def check_imported_value(value: object, *, record: str, field: str) -> None:
    """``check_imported`` for a text, or for every text inside a JSON value (a per-language
    dict names the language: field "texts.uk"); other values pass."""
    if isinstance(value, str):
        check_imported(value, record=record, field=field)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_imported_value(key, record=record, field=field)
            check_imported_value(item, record=record, field=f"{field}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value, start=1):
            check_imported_value(item, record=record, field=f"{field}[{n}]")
