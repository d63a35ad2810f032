"""Hostile text, hostile templates and template checks: every document stays whole and literal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MakeMotion
from docfiles import index_of, open_docx, template_file, texts
from docx import Document
from sqlmodel import Session

from sistercity_desk import paths
from sistercity_desk.cli import main
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render, templates
from sistercity_desk.documents.context import operative_text
from sistercity_desk.documents.schema import TOP_LEVEL
from sistercity_desk.errors import DeskError, Invalid
from sistercity_desk.text import clean

HOSTILE = {
    "markup": "Fish & Chips <b>bold</b> \"double\" 'single' </w:t></w:r></w:p><w:p>",
    "control": "nul\x00 bell\x07 soft\x0bbreak form\x0cfeed end",
    "emoji": "Solidarity 🇺🇦 🕊️ 👩🏽‍⚖️ with Kyiv",
    "arabic": "مدينة شقيقة للوس أنجلوس (a sister city, right to left)",
    "long": "Kyiv and Los Angeles, friendship and help. " * 480,
    "tags": "{{ 7*7 }} and {% if true %}yes{% endif %} and {{ cycler.__init__ }}",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_prints_literally_and_nothing_vanishes(
    name: str, session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    value = HOSTILE[name]
    if name == "long":
        assert len(value) > 20_000
    motion = make_motion(
        title=f"Title {value}",
        recitals=("Before the hostile text.", value, "After the hostile text."),
        operatives=(f"the Council note {value}", "the Council act"),
    )
    expected = clean(value).strip()

    out = tmp_path / "motion.docx"
    render.produce(session, "motion", motion.id or 0, out)
    lines = texts(open_docx(out))
    before = index_of(lines, "Before the hostile text.")
    assert lines[before + 1] == expected
    assert lines[before + 2] == "After the hostile text."
    index_of(lines, f"I THEREFORE MOVE that {operative_text('the Council note ' + value)}.")
    index_of(lines, "I FURTHER MOVE that the Council act.")
    index_of(lines, "MITCH O'FARRELL")
    assert not any("49" in line for line in lines)

    sheet = tmp_path / "sheet.docx"
    render.produce(session, "vote-sheet", motion.id or 0, sheet)
    sheet_lines = texts(open_docx(sheet))
    index_of(sheet_lines, f"Title {expected}")
    assert len(open_docx(sheet).tables[-1].rows) == 16  # header + 15 seats


def test_control_characters_do_not_become_paragraphs_or_page_breaks(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(recitals=("one\x07two\x0cthree\x0bfour",))
    out = tmp_path / "m.docx"
    render.produce(session, "motion", motion.id or 0, out)
    doc = open_docx(out)
    lines = texts(doc)
    assert "onetwothree\nfour" in lines
    xml = doc.element.xml
    assert 'w:type="page"' not in xml


def _template(tmp_path: Path, text: str, name: str = "custom.docx") -> Path:
    return template_file(tmp_path / name, text)


def test_template_reaching_into_python_is_refused_and_runs_nothing(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    evil = _template(
        tmp_path,
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}",
        "motion.docx",
    )
    ctx = context.motion_context(session, demo.motion_id)
    with pytest.raises(DeskError, match="internals") as checked:
        render.render_docx(evil, ctx, tmp_path / "out.docx")
    assert "__init__" in str(checked.value)
    # Even without the check, the sandbox stops it, in words a person understands.
    with pytest.raises(DeskError, match="tried to reach into the program") as sandboxed:
        render.render_docx(evil, ctx, tmp_path / "out.docx", check=False)
    assert not isinstance(sandboxed.value.__cause__, DeskError)
    assert not marker.exists()
    assert not (tmp_path / "out.docx").exists()


def test_missing_field_is_an_error_naming_the_field(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    bad = _template(tmp_path, "Title: {{ motion.titel }}", "motion.docx")
    ctx = context.motion_context(session, demo.motion_id)
    with pytest.raises(Invalid, match=r"motion\.titel.*motion\.title"):
        render.render_docx(bad, ctx, tmp_path / "out.docx")
    with pytest.raises(DeskError, match="titel") as raised:
        render.render_docx(bad, ctx, tmp_path / "out.docx", check=False)
    assert raised.value.field == "titel"
    assert not (tmp_path / "out.docx").exists()


def test_check_names_unknown_fields_with_the_nearest_valid_name(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{{ motion.titel }} {% for s in motion.seconders %}{{ s.nmae }}{% endfor %} "
        "{{ agreement.home.title }} {{ motoin.title }} {{ motion.mover.name|upper }} "
        "{{ motion.title.upper() }} {{ motion.introduced_on.txt }}",
        "motion.docx",
    )
    problems = {p.field: p for p in templates.check_template(path)}
    assert problems["motion.titel"].suggestion == "motion.title"
    assert problems["s.nmae"].suggestion == "s.name"
    assert problems["motoin"].suggestion == "motion"
    assert problems["motion.introduced_on.txt"].suggestion == "motion.introduced_on.text"
    assert "not available" in problems["agreement"].message
    assert set(problems) == {
        "motion.titel", "s.nmae", "agreement", "motoin", "motion.introduced_on.txt"
    }  # fmt: skip


def test_shipped_templates_use_only_documented_fields() -> None:
    from docxtpl import DocxTemplate

    shipped = sorted(paths.shipped_templates_dir().glob("*.docx"))
    assert {p.name for p in shipped} == set(templates.TEMPLATE_FILES.values())
    for path in shipped:
        assert templates.check_template(path) == [], path.name
        kind = templates.kind_of(path)
        assert kind is not None
        used = DocxTemplate(str(path)).get_undeclared_template_variables(
            jinja_env=render.make_environment()
        )
        assert used <= set(TOP_LEVEL[kind]), (path.name, used)


def test_templates_check_command_exits_1_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(tmp_path, "{{ motion.titel }}", "my-motion.docx")
    code = main(["templates", "check", str(path), "--kind", "motion"])
    err = capsys.readouterr().err
    assert code == 1
    assert "motion.titel" in err and "motion.title" in err

    assert main(["templates", "check"]) == 0
    out = capsys.readouterr().out
    assert "motion.docx: ok" in out and "agreement.docx: ok" in out


def test_a_file_that_is_not_a_docx_is_rejected_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "motion.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 old Word file")
    with pytest.raises(Invalid, match=r"not a Word \.docx file"):
        templates.check_template(doc)
    fake = tmp_path / "fake.docx"
    fake.write_text("plain text", encoding="utf-8")
    assert main(["templates", "check", str(fake)]) == 1
    assert "not a valid Word .docx file" in capsys.readouterr().err


def test_an_office_template_overrides_the_shipped_one(
    session: Session, demo: DemoResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office_copy = paths.office_templates_dir() / "motion.docx"
    shutil.copyfile(paths.shipped_templates_dir() / "motion.docx", office_copy)
    doc = Document(str(office_copy))
    doc.add_paragraph("OFFICE LETTERHEAD {{ office.city_upper }}")
    doc.save(str(office_copy))

    assert templates.find_template("motion") == office_copy
    info = {t.name: t for t in templates.list_templates()}
    assert info["motion.docx"].source == "office" and info["motion.docx"].overrides
    assert info["agreement.docx"].source == "shipped"
    out = tmp_path / "m.docx"
    render.produce(session, "motion", demo.motion_id, out)
    assert "OFFICE LETTERHEAD LOS ANGELES" in texts(open_docx(out))

    assert main(["templates", "list"]) == 0
    assert "replaces the shipped one" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Sister City / Kyiv, Ukraine / Nomination Review",
            "Sister City - Kyiv, Ukraine - Nomination Review",
        ),
        ("..\\..\\etc/passwd", "etc-passwd"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("Report. . .  ", "Report"),
        ("  ", "document"),
        ("\x00\x07", "document"),
        ('a<b>c:d"e|f?g*h', "a-b-c-d-e-f-g-h"),
    ],
)
def test_safe_filename(title: str, expected: str) -> None:
    assert render.safe_filename(title) == expected


def test_safe_filename_bounds_bytes_not_characters() -> None:
    name = render.safe_filename("Київ " * 100, suffix=".docx", max_bytes=120)
    assert name.endswith(".docx") and len(name.encode("utf-8")) <= 120
    assert not name[: -len(".docx")].endswith((" ", "."))


def test_names_a_template_sets_itself_are_not_unknown_fields(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{% set heading = motion.title %}{{ heading }} "
        "{% for s in motion.seconders %}{{ s.name }}{% endfor %}",
        "my-motion.docx",
    )
    assert templates.check_template(path, "motion") == []
    typo = _template(tmp_path, "{% set heading = motion.titel %}{{ heading }}", "typo.docx")
    assert [p.field for p in templates.check_template(typo, "motion")] == ["motion.titel"]
