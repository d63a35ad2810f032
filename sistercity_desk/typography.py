"""Typography per language: the marks and unbreakable spaces a printed page of each language wants.

Applied when a document is printed, never to what a person stored: the stored text stays as
typed (so search, compare and a re-import see the person's own characters, and a keyboard's
straight apostrophe is not "corrected" under the person's cursor), and a rule fixed here
reprints every old record the right way. Each language has its own entry in ``RULES``; a
language without one is printed as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NBSP = "\u00a0"
#: MODIFIER LETTER APOSTROPHE: the Ukrainian apostrophe is a letter of the word (Правопис
#: 2019, § 7), so spelling checkers, search and line breaking keep "зв’язок" whole.
UK_APOSTROPHE = "\u02bc"

_CYRILLIC = "\u0400-\u04ff"
#: A straight or typographic apostrophe (or a backtick) between two Cyrillic letters.
_UK_APOSTROPHE = re.compile(rf"(?<=[{_CYRILLIC}])['’‘`](?=[{_CYRILLIC}])")
#: Abbreviations that stay on the line of the word or number they introduce: "м. Київ",
#: "вул. Хрещатик", "№ 5", "с. 12", "ст. 3", "п. 2".
_UK_BEFORE = re.compile(r"(?<![\w.])(м|с|смт|вул|просп|пл|буд|кв|обл|ст|п|ч|див)\.\s+(?=\S)")
_UK_NUMERO = re.compile(r"№\s+(?=\d)")
#: Words that stay on the line of the number before them: "2022 р.", "1959–1967 рр.",
#: "100 грн", "5 тис.", "3 млн".
_UK_AFTER = re.compile(r"(?<=\d)\s+(?=(?:р|рр|грн|тис|млн|млрд|км|кг|год|хв|шт)\b)")
#: An initial stays with the surname: "В. Кличко".
_UK_INITIAL = re.compile(rf"(?<![\w.])([{_CYRILLIC}]\.)\s+(?=[{_CYRILLIC}])")


def ukrainian(text: str) -> str:
    """Ukrainian: the apostrophe U+02BC inside words; no line break after "м." or "№"
    nor before "р." or "грн"."""
    text = _UK_APOSTROPHE.sub(UK_APOSTROPHE, text)
    text = _UK_BEFORE.sub(lambda m: f"{m.group(1)}.{NBSP}", text)
    text = _UK_NUMERO.sub(f"№{NBSP}", text)
    text = _UK_AFTER.sub(NBSP, text)
    return _UK_INITIAL.sub(lambda m: f"{m.group(1)}{NBSP}", text)


#: "No. 5", "Art. 3", "§ 2", "CD 15", "p. 4": the label stays with its number.
_EN_BEFORE = re.compile(r"\b(No|Nos|Art|Sec|p|pp|CD|C\.F)\.?\s+(?=\d)")
_EN_SECTION = re.compile(r"§\s+(?=\d)")


def english(text: str) -> str:
    """English: a label stays on the line of its number ("No. 5", "CD 15", "§ 2").
    Apostrophes are left as typed: O'Farrell and O’Farrell are both right in a name."""
    text = _EN_BEFORE.sub(lambda m: m.group(0).rstrip() + NBSP, text)
    return _EN_SECTION.sub(f"§{NBSP}", text)


#: The rules of each language, by its base code ("uk-UA" uses "uk").
RULES: dict[str, Callable[[str], str]] = {
    "uk": ukrainian,
    "en": english,
}


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def typeset(text: str, lang: str) -> str:
    """``text`` as printed in ``lang``: that language's rules, or the text as written."""
    rule = RULES.get(_base(lang))
    return rule(text) if rule is not None else text


def typeset_all(value: Any, lang: str) -> Any:
    """Every string of a context value (dicts and lists walked) typeset in ``lang``."""
    if isinstance(value, str):
        return typeset(value, lang)
    if isinstance(value, dict):
        return {k: typeset_all(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [typeset_all(v, lang) for v in value]
    return value
