"""Path tricks on the command line: template names and output names that climb out of a folder,
name a device, hold a NUL byte or run past what a file system takes. Each is refused in words
(exit 1) or made safe; nothing is written outside the chosen folder; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import run_cli, tidy
from sqlmodel import Session

from sistercity_desk import motions
from sistercity_desk.demo import DemoResult


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.fixture
def setup(
    session: Session, demo: DemoResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], Path]:
    """The --db arguments of the demo database, and an empty folder to write into (also the
    current folder, where a document goes when --out is not given)."""
    db = str(session.get_bind().url.database)
    session.close()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return ["--db", db], out


TEMPLATE_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "../../../../../../etc/passwd.docx",
    "CON",
    "NUL.docx",
    "aux",
    "templates/../motion",
    "a/b",
    "a\\b",
    "..\\..\\motion.docx",
    "motion\x00.docx",
    "\x00",
    "a" * 300,
    "motion" + "/" * 300,
    "~/motion",
]


@pytest.mark.parametrize("name", TEMPLATE_NAMES, ids=lambda n: repr(n[:30]))
def test_a_template_name_cannot_reach_anything_but_a_template(
    name: str,
    setup: tuple[list[str], Path],
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, _ = setup
    before = _files(tmp_path)
    code, _, err = run_cli(
        [*db, "render", "motion", str(demo.motion_id), "--template", name, "--out", "m.docx"],
        capsys,
    )
    assert code == 1, err
    assert err.strip()
    assert _files(tmp_path) == before


OUT_NAMES = {
    "CON.docx": "device name",
    "NUL.docx": "device name",
    "aux.docx": "device name",
    "com1.docx": "device name",
    "LPT9.docx": "device name",
    "a\x00b.docx": "characters",
    "tab\tname.docx": "characters",
    "back\\slash.docx": "characters",
    "col:on.docx": "characters",
    "a" * 300 + ".docx": "bytes long",
    "Київ" * 40 + ".docx": "bytes long",
    "missing/m.docx": "does not exist",
    "missing/deeper/m.docx": "does not exist",
    ".": "folder",
    "..": "folder",
}


@pytest.mark.parametrize("name", list(OUT_NAMES), ids=lambda n: repr(n[:30]))
def test_an_output_name_that_no_system_takes_is_refused(
    name: str,
    setup: tuple[list[str], Path],
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, _ = setup
    before = _files(tmp_path)
    code, _, err = run_cli([*db, "render", "motion", str(demo.motion_id), "--out", name], capsys)
    assert code == 1
    assert OUT_NAMES[name] in err
    assert _files(tmp_path) == before, "something was written"


def test_an_existing_file_is_replaced_only_when_asked(
    setup: tuple[list[str], Path],
    demo: DemoResult,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, out = setup
    target = out / "m.docx"
    target.write_bytes(b"the clerk's copy")
    args = [*db, "render", "motion", str(demo.motion_id), "--out", str(target)]

    code, _, err = run_cli(args, capsys)
    assert code == 1 and "already exists" in err and "--overwrite" in err
    assert target.read_bytes() == b"the clerk's copy"
    assert _files(out) == {target}, "a temporary file was left behind"

    code, printed, _ = run_cli([*args, "--overwrite"], capsys)
    assert code == 0 and printed.strip() == str(target)
    assert target.read_bytes()[:2] == b"PK"
    assert _files(out) == {target}


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "/etc/motd",
        "CON",
        "nul",
        'a\\b/c:d*e?f<g>h|i"j',
        "\x00\x07\x1f",
        "Київ " * 100,
        "..",
        "   ",
    ],
    ids=lambda t: repr(t[:20]),
)
def test_the_name_made_from_a_title_stays_in_the_current_folder(
    title: str,
    setup: tuple[list[str], Path],
    session: Session,
    demo: DemoResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --out the file is named from the title, whatever the title holds."""
    db, out = setup
    data = motions.MotionData.of(motions.get_motion(session=session, motion_id=demo.motion_id))
    data.title = title if tidy(title) else f"x{title}x"
    data.council_file = None
    motion = motions.create_motion(session=session, data=data)
    session.commit()
    session.close()
    before = _files(tmp_path)

    code, printed, err = run_cli([*db, "render", "motion", str(motion.id)], capsys)
    assert code == 0, err
    (written,) = _files(tmp_path) - before
    assert written.parent == out and written.suffix == ".docx"
    assert printed.strip() == str(written)
    assert len(written.name.encode()) <= 255


@pytest.mark.parametrize(
    "args",
    [
        ["render", "motion", "1; rm -rf /"],
        ["render", "motion", "-1x"],
        ["render", "memo", "1"],
        ["render", "motion", "1", "--format", "exe"],
    ],
)
def test_bad_usage_exits_2(
    args: list[str], setup: tuple[list[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = setup
    code, _, err = run_cli([*db, *args], capsys)
    assert code == 2 and "usage" in err
