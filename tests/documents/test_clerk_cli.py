"""The Clerk's numbers and dates from the command line, hidden characters in an import, and
characters the body font lacks, checked in the real .docx, JSON and PDF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from docfiles import open_docx, texts
from pypdf import PdfReader
from tools import require_tool

from sistercity_desk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _problems(err: str) -> list[str]:
    """The error lines (a new database also reports its upgrade steps)."""
    return [line for line in err.strip().splitlines() if "Upgrade step" not in line]


def _resolution(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", str(db), "demo")[0] == 0
    code, _, err = run(
        capsys, "--db", str(db), "motion", "create", "--kind", "resolution",
        "--title", "declaring the intent to make Kyiv a sister city", "--mover", "Buscaino",
        "--seconder", "Raman", "--council-file", "22-0311",
        "--recital", "the two cities share the values of democracy",
        "--operative", "the City declares its intent",
    )  # fmt: skip
    assert code == 0, err


def test_resolution_number_is_set_from_the_command_line_and_printed(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _resolution(db_path, capsys)
    args = ["--db", str(db_path), "motion", "update", "2", "--resolution-number", "22-104"]
    code, _, err = run(capsys, *args, "--json")
    assert code == 0, err
    out = tmp_path / "r.docx"
    assert run(capsys, "--db", str(db_path), "render", "motion", "2", "--out", str(out))[0] == 0
    assert "RESOLUTION NO. 22-104" in texts(open_docx(out))


def test_packet_cover_carries_the_meeting_date_given_and_the_council_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_tool("soffice")
    _resolution(db_path, capsys)
    out = tmp_path / "p.pdf"
    code, _, err = run(
        capsys, "--db", str(db_path), "packet", "1", "2", "--out", str(out),
        "--meeting-date", "2022-03-25",
    )  # fmt: skip
    assert code == 0, err
    cover = PdfReader(out).pages[0].extract_text()
    assert "Meeting of March 25, 2022" in cover
    assert "22-9999" in cover and "22-0311" in cover
    code, _, err = run(
        capsys, "--db", str(db_path), "packet", "1", "--out", str(tmp_path / "q.pdf"),
        "--meeting-date", "25/03/2022",
    )  # fmt: skip
    assert code == 1 and "YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1


def _export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    assert run(capsys, "--db", str(db), "demo")[0] == 0
    path = tmp_path / "a.json"
    assert run(capsys, "--db", str(db), "export", str(path))[0] == 0
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Kyiv \u202egnitov\u202c today", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Kyiv \u2067isolate\u2069", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("Ky\u200biv", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_import_names_the_record_and_field_of_an_invisible_character(
    text: str, says: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _export(db_path, tmp_path, capsys)
    data["tables"]["motion"][0]["title"] = text
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(tmp_path / "new.db"), "import", str(path))
    assert code == 1
    assert len(_problems(err)) == 1
    assert "motion record 1, field title" in err and says in err


def test_import_names_the_record_and_field_of_a_lone_surrogate(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _export(db_path, tmp_path, capsys)
    article = data["tables"]["agreement_article"][0]
    article["texts"]["uk"] = "Київ \ud83d"
    path = tmp_path / "bad.json"
    # ensure_ascii keeps the lone surrogate as an escape, as a broken exporter writes it.
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(tmp_path / "new.db"), "import", str(path))
    assert code == 1
    assert len(_problems(err)) == 1
    assert f"agreement_article record {article['id']}, field texts" in err
    assert "lone surrogate U+D83D" in err and "unexpected" not in err


def _word_boxes(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """Every word of page 1 with its box, from poppler's pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    import re

    return [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]


def test_emoji_and_cjk_print_with_a_fallback_font_without_overprinting(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_tool("soffice")
    require_tool("pdftotext")
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    code, _, err = run(
        capsys, "--db", str(db_path), "motion", "create", "--title", "Fire engines",
        "--mover", "Buscaino", "--seconder", "Raman",
        "--recital", "Engines \U0001f692\U0001f692 for Kyiv; Guangzhou 广州市 and Nagoya "
        "名古屋市 sent greetings \u2705 today.",
        "--operative", "the Council donate the engines",
    )  # fmt: skip
    assert code == 0, err
    pdf = tmp_path / "m.pdf"
    args = ["render", "motion", "2", "--format", "pdf", "--out", str(pdf)]
    assert run(capsys, "--db", str(db_path), *args)[0] == 0
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    # The fallback fonts of the README's package table (Symbola, Noto CJK), embedded.
    assert "Symbola" in fonts and "CJK" in fonts
    words = _word_boxes(pdf)
    text = " ".join(w[4] for w in words)
    assert "广州市" in text and "名古屋市" in text and "\U0001f692" in text
    # No two words of a line overlap: a glyph drawn from the fallback font has its own width.
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            same_line = abs(a[1] - b[1]) < 2
            if same_line and a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5:
                raise AssertionError(f"{a[4]!r} overprints {b[4]!r}")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--title", "Fire engines for Kyiv\u202e"),
        ("--recital", "The City has surplus\u200b engines"),
        ("--operative", "the Council donate\u2066 them"),
    ],
)
def test_hidden_characters_typed_on_the_command_line_are_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    before = run(capsys, "--db", str(db_path), "show", "motion", "1", "--json")[1]
    code, _, err = run(capsys, "--db", str(db_path), "motion", "update", "1", option, value)
    assert code == 1
    [line] = _problems(err)
    assert option in line and "invisible characters" in line
    assert run(capsys, "--db", str(db_path), "show", "motion", "1", "--json")[1] == before
