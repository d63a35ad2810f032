"""Invisible characters in legal text: found, named, removed; an import names the place."""

from __future__ import annotations

import pytest

from sistercity_desk.errors import Invalid
from sistercity_desk.invisible import (
    check_imported,
    check_imported_value,
    find_hidden,
    remove_hidden,
    summary,
)

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("ch", [*BIDI, "\u200b", "\u200e", "\u2060", "\ufeff", "\u061c"])
def test_each_invisible_format_character_is_found_and_removed(ch: str) -> None:
    text = f"Kyiv{ch} sister city"
    assert [h.index for h in find_hidden(text)] == [4]
    assert remove_hidden(text) == "Kyiv sister city"


def test_joiners_that_scripts_and_emoji_need_are_kept() -> None:
    # ZWNJ in Persian word forms, ZWJ in the firefighter emoji sequence.
    for text in ("می\u200cخواهم", "\U0001f9d1\u200d\U0001f692"):
        assert find_hidden(text) == [] and remove_hidden(text) == text


def test_summary_names_and_counts() -> None:
    found = find_hidden("\u202ea\u202eb\u200bc")
    assert summary(found) == "U+202E RIGHT-TO-LEFT OVERRIDE (2), U+200B ZERO WIDTH SPACE"


def test_import_check_names_record_and_field_in_one_line() -> None:
    with pytest.raises(Invalid) as bad:
        check_imported("ok \u2066x\u2069", record="motion 3", field="title")
    assert bad.value.message.startswith("motion 3, field title: ")
    assert "U+2066 LEFT-TO-RIGHT ISOLATE" in bad.value.message
    assert "\n" not in bad.value.message
    with pytest.raises(Invalid) as broken:
        check_imported_value({"uk": ["a", "b\udc00"]}, record="agreement 1", field="texts")
    assert broken.value.message.startswith("agreement 1, field texts.uk[2]: ")
    assert "lone surrogate U+DC00" in broken.value.message
    check_imported_value({"en": "fine", "n": 3}, record="x 1", field="y")
