"""The office dictionary: words added once are known to every desk of the office (they live
in the database), names of people, cities and committees are known without adding."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from sistercity_desk import db, demo, dictionary, opening
from sistercity_desk.errors import Invalid


def test_added_words_are_stored_once_and_survive_a_new_connection(database_url: str) -> None:
    engine = opening.open_database(database_url)
    with db.session_scope(engine) as session:
        assert dictionary.add_word(session=session, word=" Angeleno ") == "Angeleno"
        dictionary.add_word(session=session, word="Angeleno")
        dictionary.add_word(session=session, word="побратимство")
    engine.dispose()
    again = opening.open_database(database_url)
    with db.session_scope(again) as session:
        assert dictionary.office_words(session=session) == ["Angeleno", "побратимство"]
        assert dictionary.remove_word(session=session, word="Angeleno")
        assert not dictionary.remove_word(session=session, word="Angeleno")
    again.dispose()


@pytest.mark.parametrize("bad", ["two words", "", "x" * 65, "12345"])
def test_only_single_words_are_added(session: Session, bad: str) -> None:
    with pytest.raises(Invalid, match="not one word"):
        dictionary.add_word(session=session, word=bad)


def test_names_are_known_without_adding(session: Session) -> None:
    demo.load_demo(session)
    names = dictionary.known_names(session=session)
    assert {"Krekorian", "O'Farrell", "Kyiv", "Київ", "Intergovernmental"} <= names
    assert "Councilmember" in names  # council business words, known everywhere


def test_words_split_like_the_spell_check() -> None:
    assert dictionary.words_in("O'Farrell moved; Лос-Анджелес 2022, don’t") == [
        "O'Farrell",
        "moved",
        "Лос",
        "Анджелес",
        "don’t",
    ]
