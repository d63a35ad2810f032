"""The office dictionary: words the spell check accepts for the whole office (stored in the
database, so a shared office shares them), and the names it knows without being told (people,
cities, committees)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid
from .text import tidy

#: A word as the spell check sees it: letters (any script), with inner apostrophes or
#: hyphens ("O'Farrell", "Лос-Анджелес" is two words to Hunspell, so hyphens split).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

#: The longest word kept (a pasted URL or a run of letters is not a word).
MAX_WORD = 64

#: Words of council business the general dictionaries lack; known in every office.
COUNCIL_WORDS = frozenset(
    {
        "Councilmember",
        "Councilmembers",
        "councilmember",
        "councilmembers",
        "Angeleno",
        "Angelenos",
    }
)


def words_in(text: str) -> list[str]:
    """The words of a text, in order, as the spell check splits them."""
    return WORD.findall(text)


def _clean_word(word: str) -> str:
    word = tidy(word).replace("’", "'")
    if not word or len(word) > MAX_WORD or not WORD.fullmatch(word):
        raise Invalid(
            f"'{word[:40]}' is not one word; add single words (letters, inner apostrophes).",
            field="word",
        )
    return word


def office_words(*, session: Session) -> list[str]:
    """The words added to the office dictionary, sorted."""
    return sorted(session.exec(select(m.OfficeWord.word)).all())


def add_word(*, session: Session, word: str) -> str:
    """Add a word (as typed, case kept); adding one already there does nothing."""
    clean = _clean_word(word)
    exists = session.exec(select(m.OfficeWord).where(m.OfficeWord.word == clean)).first()
    if exists is None:
        session.add(m.OfficeWord(word=clean))
        session.flush()
    return clean


def remove_word(*, session: Session, word: str) -> bool:
    """Take a word out of the office dictionary; False when it was not there."""
    found = session.exec(select(m.OfficeWord).where(m.OfficeWord.word == tidy(word))).first()
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


def known_names(*, session: Session) -> set[str]:
    """Words of the names the office keeps (people, cities in all their spellings,
    committees): never marked as misspelt."""
    texts: list[str] = []
    for full_name, native_name, surname in session.exec(
        select(m.Person.full_name, m.Person.native_name, m.Person.surname)
    ).all():
        texts += [full_name, native_name, surname]
    for city in session.exec(select(m.City)).all():
        texts += [city.name, city.native_name, *city.aliases]
    texts += list(session.exec(select(m.Committee.name)).all())
    return set(COUNCIL_WORDS) | {word for text in texts for word in words_in(text or "")}
