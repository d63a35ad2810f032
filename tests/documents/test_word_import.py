"""Word import: the corpus recognised field by field, people never guessed, bad files named."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select

from sistercity_desk import models as m
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import word_store
from sistercity_desk.documents.word_import import (
    Member,
    match_people,
    recognise_bytes,
    recognise_file,
)

WORDFILES = Path(__file__).resolve().parent / "wordfiles"
sys.path.insert(0, str(WORDFILES))
from make_corpus import CORPUS, Expected  # noqa: E402
from members import add_later_members  # noqa: E402


@pytest.fixture
def office(session: Session, demo: DemoResult) -> dict[str, int]:
    """Surname -> person id of every member of the demo office and the later ones."""
    add_later_members(session)
    session.commit()
    ids: dict[str, int] = {}
    for person in session.exec(select(m.Person).where(m.Person.role == "member")):
        assert person.id is not None
        key = person.surname if person.full_name != "Jane Lee" else "Jane Lee"
        ids[key] = person.id
    return ids


def test_corpus_is_big_enough_and_built_like_word() -> None:
    files = sorted(WORDFILES.glob("*.docx"))
    assert len(files) >= 20
    assert {f.name for f in files} == set(CORPUS)
    kinds = {e.kind for _b, e in CORPUS.values()}
    assert kinds == {"motion", "resolution", None}
    assert {len(e.seconders) for _b, e in CORPUS.values() if e.kind == "motion"} >= {1, 2, 3, 4, 5}
    # Word's habits are really in the files: split runs, lists, tables, headers, tracked changes.
    xml = {f.name: zipfile.ZipFile(f).read("word/document.xml").decode() for f in files}
    assert all(x.count("<w:r>") + x.count("<w:r ") > 10 for x in xml.values())
    assert "<w:numPr>" in xml["m04_four_seconders_list.docx"]
    assert "<w:tbl>" in xml["m02_two_seconders_table.docx"]
    assert "<w:ins " in xml["m12_tracked_changes.docx"]
    assert "w:fldChar" in xml["m17_date_field.docx"]
    assert "<w:tab/>" in xml["m03_three_seconders_tabs.docx"]
    with zipfile.ZipFile(WORDFILES / "m01_one_seconder.docx") as z:
        # The Council File number sits in the header, split into runs like everything else.
        assert any("<w:t" in z.read(n).decode() for n in z.namelist() if "header" in n)


def _person(ref: object, office: dict[str, int]) -> str | None:
    if ref is None or not ref.printed:  # type: ignore[attr-defined]
        # Not printed at all (a resolution without PRESENTED BY): nothing to match.
        return None
    if ref.person_id is None:  # type: ignore[attr-defined]
        return "?" + ref.printed  # type: ignore[attr-defined]
    by_id = {v: k for k, v in office.items()}
    return by_id[ref.person_id]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_is_recognised_field_by_field(
    name: str, session: Session, office: dict[str, int]
) -> None:
    expected: Expected = CORPUS[name][1]
    result = recognise_file(
        WORDFILES / name,
        word_store.office_members(session),
        council_names=word_store.council_names(session),
    )
    assert result.error == ""
    assert result.kind == expected.kind, result.problems
    assert expected.min_confidence <= result.confidence <= expected.max_confidence, (
        result.confidence,
        result.problems,
    )
    if expected.kind is None:
        assert result.clauses == []
        assert result.problems and "not a motion" in result.problems[0]
        return
    if expected.title is not None:
        assert result.title == expected.title
    assert result.council_file == expected.council_file
    assert result.resolution_number == expected.resolution_number
    assert result.introduced_on == expected.introduced_on
    assert result.adopted_on == expected.adopted_on
    assert result.status == expected.status
    assert _person(result.mover, office) == expected.mover
    assert _person(result.presented_for, office) == expected.presented_for
    assert [_person(s, office) for s in result.seconders] == expected.seconders
    assert result.clauses == expected.clauses
    # Every paragraph of the document has a kind in the review.
    assert all(p.kind for p in result.paragraphs)


MEMBERS = [
    Member(1, "Kevin de León", "de León", 14),
    Member(2, "Curren D. Price, Jr.", "Price", 9),
    Member(3, "Mitch O'Farrell", "O'Farrell", 13),
    Member(4, "John S. Lee", "Lee", 12),
    Member(5, "Jane Lee", "Lee", None),
    Member(6, "Hugo Soto-Martínez", "Soto-Martínez", 13),
    Member(7, "Nury Martinez", "Martinez", 6),
]


@pytest.mark.parametrize(
    ("printed", "district", "ids"),
    [
        ("DE LEON", None, [1]),
        ("KEVIN DE LEÓN", None, [1]),
        ("Councilmember Kevin de Leon", None, [1]),
        ("CURREN PRICE JR.", None, [2]),
        ("C. D. PRICE, JR.", None, [2]),
        ("Council President Pro Tempore MITCH O’FARRELL", None, [3]),
        ("MITCH OFARRELL", None, [3]),
        ("JOHN LEE", None, [4]),
        ("J. LEE", None, [4, 5]),
        ("LEE", None, [4, 5]),
        ("LEE", 12, [4]),
        ("SOTO-MARTINEZ", None, [6]),
        ("HUGO SOTO MARTÍNEZ", None, [6]),
        ("Council President Nury Martinez", None, [7]),
        ("MARTINEZ", None, [7]),
        ("ROBERT PRICE", None, []),
        ("KEVIN LEON", None, []),
        ("", None, []),
    ],
)
def test_names_match_as_printed_and_are_never_guessed(
    printed: str, district: int | None, ids: list[int]
) -> None:
    assert sorted(p.id for p in match_people(printed, MEMBERS, district)) == ids


def _big_image_docx(path: Path, megabytes: int) -> None:
    """A real .docx whose media part is ``megabytes`` of incompressible picture data."""
    import os

    from docx import Document

    doc = Document()
    doc.add_paragraph("MOTION")
    doc.save(str(path))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as z:
        z.writestr("word/media/image1.png", os.urandom(megabytes * 1024 * 1024))


def test_bad_files_get_one_line_reasons_and_never_stop_the_batch(
    tmp_path: Path, session: Session, office: dict[str, int]
) -> None:
    folder = tmp_path / "drive"
    (folder / "old").mkdir(parents=True)
    good = folder / "old" / "kyiv.docx"
    good.write_bytes((WORDFILES / "m01_one_seconder.docx").read_bytes())
    (folder / "empty.docx").write_bytes(b"")
    (folder / "notes.docx").write_text("just text, renamed", encoding="utf-8")
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted += "EncryptionInfo".encode("utf-16-le") + b"\0" * 1000
    (folder / "locked.docx").write_bytes(encrypted)
    (folder / "ancient.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    data = (WORDFILES / "m02_two_seconders_table.docx").read_bytes()
    (folder / "cut.docx").write_bytes(data[: len(data) // 2])
    damaged = bytearray(data)
    # Flip bytes in the middle of the compressed document part: the CRC check fails.
    with zipfile.ZipFile(WORDFILES / "m02_two_seconders_table.docx") as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + 20
    damaged[start : start + 40] = b"\x00" * 40
    (folder / "crc.docx").write_bytes(bytes(damaged))
    # A template: the same package with the template content type.
    template = folder / "blank.dotx"
    with (
        zipfile.ZipFile(WORDFILES / "m01_one_seconder.docx") as src,
        zipfile.ZipFile(template, "w") as dst,
    ):
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, content)
    _big_image_docx(folder / "scans.docx", 50)
    (folder / "~$kyiv.docx").write_bytes(b"lock file of Word")

    results = word_store.review(session, [folder])
    by_name = {r.name: r for r in results}
    assert "~$kyiv.docx" not in by_name
    assert by_name["kyiv.docx"].kind == "motion" and not by_name["kyiv.docx"].error
    reasons = {
        "empty.docx": "empty (0 bytes)",
        "notes.docx": "not a Word .docx file",
        "locked.docx": "password-protected",
        "ancient.doc": "old Word 97-2003 .doc",
        "cut.docx": "damaged",
        "crc.docx": "damaged",
        "blank.dotx": "template",
        "scans.docx": "50 MB",
    }
    for name, words in reasons.items():
        error = by_name[name].error
        assert words in error, (name, error)
        assert "\n" not in error and len(error) < 200
    assert len(results) == len(reasons) + 1
    assert session.exec(select(m.SourceDocument)).first() is None


def test_unreadable_bytes_never_raise() -> None:
    for data in (b"PK\x03\x04garbage", b"PK" + b"\0" * 100, b"\x00\x01", b"<html></html>"):
        assert recognise_bytes(data, "x.docx", []).error
