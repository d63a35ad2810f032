"""Hostile templates: code in an office template never runs, and a file that is not a Word
document is refused in words, by the renderer and by `templates check`."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hostile import run_cli
from sqlmodel import Session

from sistercity_desk import paths
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render, templates
from sistercity_desk.errors import DeskError


def _injections(marker: Path) -> dict[str, str]:
    touch = f"touch {marker}"
    return {
        "popen": "{{ cycler.__init__.__globals__.os.popen('" + touch + "').read() }}",
        "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "include": "{% include '/etc/passwd' %}",
        "import": "{% import 'os' as os %}",
        "import-call": "{% import 'os' as os %}{{ os.popen('" + touch + "') }}",
        "from-import": "{% from 'os' import popen %}{{ popen('" + touch + "') }}",
        "extends": "{% extends '/etc/passwd' %}",
        "attr": "{{ motion.title|attr('__class__') }}",
        "lipsum": "{{ lipsum.__globals__['os'].popen('" + touch + "').read() }}",
        "self": "{{ self.__init__.__globals__ }}",
        "format": "{{ '{0.__class__}'.format(motion) }}",
    }


INJECTION_NAMES = list(_injections(Path("x")))


def _office_motion_template(text: str) -> Path:
    """The shipped motion template with one paragraph added, saved as the office's own."""
    path = paths.office_templates_dir() / "motion.docx"
    shutil.copyfile(paths.shipped_templates_dir() / "motion.docx", path)
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


@pytest.mark.parametrize("name", INJECTION_NAMES)
def test_code_in_an_office_template_is_refused_and_never_runs(
    name: str,
    session: Session,
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    marker = tmp_path / "executed"
    template = _office_motion_template(_injections(marker)[name])
    out = tmp_path / "out"
    out.mkdir()

    # The checker names the problem before anything runs.
    problems = templates.check_template(template)
    assert problems, f"{name}: the check found nothing"
    assert all(str(p).strip() for p in problems)

    # Rendering refuses in words, with the check, and without it (the sandbox alone).
    ctx = context.motion_context(session, demo.motion_id)
    for check in (True, False):
        with pytest.raises(DeskError) as refused:
            render.render_docx(template, ctx, out / "m.docx", check=check)
        assert "motion.docx" in str(refused.value)
    session.rollback()

    # The command line: `render` and `templates check` exit 1 with one line in words.
    code, _, err = run_cli(
        ["--db", str(session.get_bind().url.database), "render", "motion", str(demo.motion_id),
         "--out", str(out / "m.docx")],
        capsys,
    )  # fmt: skip
    assert code == 1 and "motion.docx" in err
    code, _, err = run_cli(["templates", "check"], capsys, report=True)
    assert code == 1 and "motion.docx" in err

    assert not marker.exists(), "the template ran a command"
    assert list(out.iterdir()) == [], "something was written"


def test_plain_jinja_in_a_template_still_works(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    """The refusals above are about reaching outside; ordinary tags and filters work."""
    template = _office_motion_template(
        "{{ motion.title|upper }} {{ motion.seconders|length }} seconders"
        "{% for s in motion.seconders %}{% if loop.last %} last {{ s.surname }}{% endif %}"
        "{% endfor %}"
    )
    assert templates.check_template(template) == []
    out = tmp_path / "m.docx"
    render.render_docx(template, context.motion_context(session, demo.motion_id), out)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "3 seconders last O'Farrell" in text


# --------------------------------------------------------------------------- not a .docx


def _not_docx(kind: str, path: Path) -> Path:
    shipped = paths.shipped_templates_dir() / "motion.docx"
    if kind == "text":
        path.write_text("Dear {{ motion.title }},\nthis is plain text.\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "zip-without-document":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/styles.xml", "<styles/>")
    elif kind == "truncated":
        data = shipped.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "corrupt-member":
        # A whole zip whose document.xml is damaged inside (CRC and deflate data wrong).
        with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        raw = bytearray(path.read_bytes())
        start = raw.find(b"word/document.xml") + 200
        raw[start : start + 400] = bytes(400)
        path.write_bytes(bytes(raw))
    elif kind == "document-not-xml":
        with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "word/document.xml":
                    data = b"<w:document>{{ motion.title }} not closed"
                dst.writestr(info, data)
    elif kind == "directory":
        path.mkdir()
    else:
        raise AssertionError(kind)
    return path


NOT_DOCX = [
    "text",
    "empty",
    "zip-without-document",
    "truncated",
    "corrupt-member",
    "document-not-xml",
    "directory",
]


@pytest.mark.parametrize("kind", NOT_DOCX)
def test_a_template_that_is_not_a_word_document_is_refused_in_words(
    kind: str,
    session: Session,
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = _not_docx(kind, tmp_path / "motion.docx")
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(DeskError) as refused:
        templates.check_template(template)
    assert "motion.docx" in str(refused.value) or "template" in str(refused.value)
    ctx = context.motion_context(session, demo.motion_id)
    with pytest.raises(DeskError):
        render.render_docx(template, ctx, out / "m.docx")
    session.rollback()

    db = str(session.get_bind().url.database)
    code, _, err = run_cli(["templates", "check", str(template)], capsys, report=True)
    assert code == 1 and "motion.docx" in err
    code, _, err = run_cli(
        ["--db", db, "render", "motion", str(demo.motion_id), "--template", str(template),
         "--out", str(out / "m.docx")],
        capsys,
    )  # fmt: skip
    assert code == 1 and "motion.docx" in err
    # The same file as the office's own motion template: every render of a motion says so.
    if kind != "directory":
        shutil.copyfile(template, paths.office_templates_dir() / "motion.docx")
        code, _, err = run_cli(
            ["--db", db, "render", "motion", str(demo.motion_id), "--out", str(out / "m.docx")],
            capsys,
        )
        assert code == 1 and "motion.docx" in err
        code, _, err = run_cli(["templates", "check"], capsys, report=True)
        assert code == 1 and "motion.docx" in err
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- runaway templates

RUNAWAY = {
    "tuple-times": ("{{ ('A',) * 100000000 }}", "sequence", "{{ ('A',) * 100000000 }}"),
    "text-times": ("{{ 'A' * 2000000000 }}", "sequence", "{{ 'A' * 2000000000 }}"),
    "nested-loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "loop",
        "{% for j in range(100000) %}",
    ),
    "huge-range": ("{% for i in range(10**12) %}{{ i }}{% endfor %}", "loop", "range(10 ** 12)"),
    "loops-over-data": (
        "{% for i in range(100000) %}{% for s in motion.operatives %}{% for c in motion.seconders %}"
        "{{ c.surname }}{% endfor %}{% endfor %}{% endfor %}",
        "loop",
        "{% for c in motion.seconders %}",
    ),
    "center": ("{{ motion.title|center(2000000000) }}", "sequence", "center"),
    "method": ("{{ motion.title.ljust(2000000000) }}", "sequence", "ljust"),
}


@pytest.mark.parametrize("name", list(RUNAWAY))
def test_a_runaway_template_is_stopped_by_its_bound_naming_the_tag(
    name: str,
    session: Session,
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sistercity_desk.documents import bounds

    source, bound, tag = RUNAWAY[name]
    template = _office_motion_template(source)
    out = tmp_path / "out"
    out.mkdir()
    # The check finds what does not depend on the data, without running anything.
    problems = [str(p) for p in templates.check_template(template)]
    if name not in ("loops-over-data", "center", "method"):
        assert any(tag in p for p in problems), problems
    # Rendering, checked or not, is stopped by the bound (its counter or size), not a clock.
    ctx = context.motion_context(session, demo.motion_id)
    for check in (True, False):
        with pytest.raises(DeskError) as stopped:
            render.render_docx(template, ctx, out / "m.docx", check=check)
        message = str(stopped.value)
        assert "motion.docx" in message and tag in message, message
        assert message.endswith(".") and not message.endswith(".."), message
        if not check or not problems:
            cause = stopped.value.__cause__
            assert isinstance(cause, bounds.TemplateTooBig) and cause.bound == bound
    session.rollback()
    code, _, err = run_cli(["templates", "check"], capsys, report=True)
    if problems:
        assert code == 1 and tag in err and ".." not in err, err
    assert list(out.iterdir()) == [], "something was written"


def test_a_template_holding_a_huge_image_is_refused(
    session: Session, demo: DemoResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small .docx whose image unpacks to more than the bound (zeros compress well)."""
    from sistercity_desk.documents import bounds

    template = paths.office_templates_dir() / "motion.docx"
    shutil.copyfile(paths.shipped_templates_dir() / "motion.docx", template)
    with (
        zipfile.ZipFile(template, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/huge.png", "w", force_zip64=True) as part,
    ):
        block = bytes(1 << 20)
        for _ in range(bounds.MAX_PART_BYTES // len(block) + 2):
            part.write(block)
    assert template.stat().st_size < 1_000_000
    with pytest.raises(DeskError, match=r"word/media/huge\.png"):
        templates.check_template(template)
    out = tmp_path / "m.docx"
    with pytest.raises(DeskError, match=r"at most 25,000,000 bytes"):
        render.render_docx(template, context.motion_context(session, demo.motion_id), out)
    assert not out.exists()
    code, _, err = run_cli(["templates", "check"], capsys, report=True)
    assert code == 1 and "huge.png" in err
