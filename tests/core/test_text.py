"""Text rules: folding, cleaning, surnames, ordinals."""

from pathlib import Path

from sistercity_desk import paths
from sistercity_desk.text import (
    clean,
    district_label,
    fold,
    guess_surname,
    ordinal,
    surname_sort_key,
)


def test_fold_matches_variants() -> None:
    assert fold("O’Farrell") == fold("O'Farrell") == "o'farrell"
    assert fold("de León") == "de leon"
    assert fold("SOTO-MARTÍNEZ") == fold("Soto–Martinez")
    assert fold("Київ") == fold("КИЇВ") == fold("київ")


def test_clean_keeps_text_drops_controls() -> None:
    assert clean("a\x0bb") == "a\nb"
    assert clean("x\x00\x07\x0cy") == "xy"
    assert clean("tab\tkept\r\nline") == "tab\tkept\nline"
    assert clean("😀 مرحبا") == "😀 مرحبا"


def test_surnames_and_ordinals() -> None:
    assert guess_surname("Curren D. Price, Jr.") == "Price"
    assert guess_surname("Kevin de León") == "de León"
    assert guess_surname("Mitch O'Farrell") == "O'Farrell"
    assert surname_sort_key("de León") == "leon"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]
    assert district_label(15) == "15th District"


def test_tests_never_touch_the_real_user_folders(isolated_home) -> None:  # type: ignore[no-untyped-def]
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir(), paths.backups_dir()):
        assert folder.is_relative_to(isolated_home)
    assert paths.default_database_path().is_relative_to(isolated_home)


def test_shipped_files_are_found_in_a_checkout_or_in_shared_data() -> None:
    import sys

    assert (paths.shipped_templates_dir() / "motion.docx").is_file()
    # An installed (not editable) copy has no folder beside the package: it looks under the
    # environment's shared data, where pyproject.toml's data-files put them.
    assert paths.shipped_dir("no-such-folder") == (
        Path(sys.prefix) / "share" / "sistercity-desk" / "no-such-folder"
    )
