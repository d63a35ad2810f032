"""Typography per language, applied when printing: Ukrainian apostrophe and unbreakable
spaces, English labels with their numbers, other languages as written."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from sistercity_desk import demo
from sistercity_desk import models as m
from sistercity_desk.documents import context
from sistercity_desk.typography import NBSP, RULES, UK_APOSTROPHE, typeset, typeset_all


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("зв'язків", f"зв{UK_APOSTROPHE}язків"),
        ("зобов’язань", f"зобов{UK_APOSTROPHE}язань"),
        ("м. Київ", f"м.{NBSP}Київ"),
        ("25 березня 2022 р.", f"25 березня 2022{NBSP}р."),
        ("вул. Хрещатик, 36", f"вул.{NBSP}Хрещатик, 36"),
        ("№ 5", f"№{NBSP}5"),
        ("100 грн", f"100{NBSP}грн"),
        ("В. Кличко", f"В.{NBSP}Кличко"),
        # Not touched: an English quote beside Cyrillic, a sentence's full stop.
        ("'Київ'", "'Київ'"),
        ("Це місто. Наступне речення", "Це місто. Наступне речення"),
    ],
)
def test_ukrainian(typed: str, printed: str) -> None:
    assert typeset(typed, "uk") == printed
    assert typeset(typed, "uk-UA") == printed


def test_english_keeps_its_own_rules() -> None:
    assert typeset("O'Farrell and O’Farrell", "en") == "O'Farrell and O’Farrell"
    assert typeset("C.F. 22-0311, CD 15, No. 5", "en-US") == (
        f"C.F.{NBSP}22-0311, CD{NBSP}15, No.{NBSP}5"
    )
    # Ukrainian rules do not apply to English text.
    assert typeset("St. Petersburg", "en") == "St. Petersburg"


def test_a_language_without_rules_prints_as_written_and_each_has_a_place() -> None:
    assert typeset("zv'iazok m. Kyiv", "fr") == "zv'iazok m. Kyiv"
    assert {"uk", "en"} <= set(RULES)
    assert typeset_all({"a": ["м. Київ", 3]}, "uk") == {"a": [f"м.{NBSP}Київ", 3]}


def test_stored_text_is_left_as_typed_and_the_print_is_typeset(session: Session) -> None:
    result = demo.load_demo(session)
    session.flush()
    ctx = context.agreement_context(session, result.agreement_id)
    liaison = ctx["agreement"]["articles"][4]["partner"]["text"]
    assert f"зв{UK_APOSTROPHE}язків" in liaison
    stored = session.get(m.Agreement, result.agreement_id)
    assert stored is not None and "зв'язків" in stored.articles[4].texts["uk"]
    assert f"м.{NBSP}Київ" in ctx["agreement"]["partner"]["signing_line"]
    # The formal wording of a Ukrainian mayor's title in the demo.
    signatories = (ctx["agreement"]["home_signatory"], ctx["agreement"]["partner_signatory"])
    assert [s["title_partner"] for s in signatories] == [
        "Міський голова Лос-Анджелеса",
        "Київський міський голова",
    ]
