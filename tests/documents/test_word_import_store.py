"""Word import into the database: the round trip, the dry run, accepting twice, picks."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from docfiles import full_text, open_docx
from sqlmodel import Session, select

from sistercity_desk import exchange, motions, opening, search
from sistercity_desk import models as m
from sistercity_desk.cli import main as cli_main
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import word_store
from sistercity_desk.documents.context import operative_text, recital_text
from sistercity_desk.documents.render import produce
from sistercity_desk.text import clean, fold

WORDFILES = Path(__file__).resolve().parent / "wordfiles"
MakeMotion = Any


def member_id(session: Session, surname: str) -> int:
    person = session.exec(select(m.Person).where(m.Person.surname == surname)).one()
    assert person.id is not None
    return person.id


sys.path.insert(0, str(WORDFILES))
from members import add_later_members  # noqa: E402

#: Tables that hold the office, not its motions: copied so a second database has the same people.
OFFICE_TABLES = ("city", "office_profile", "person", "council_seat", "committee", "partnership")


def _clause_texts(kind: str, clauses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Clauses as the documents print them: the app's own rule for openings and endings."""
    out = []
    for ckind, text in clauses:
        if ckind == m.ClauseKind.OPERATIVE:
            out.append((ckind, operative_text(text)))
        elif kind == m.MotionKind.RESOLUTION:
            out.append((ckind, recital_text(text)))
        else:
            out.append((ckind, clean(text).strip()))
    return out


@pytest.fixture
def rendered(session: Session, demo: DemoResult, make_motion: MakeMotion, tmp_path: Path):
    """Every kind of motion the app renders, as .docx files, with the records they came from."""
    kyiv = session.get(m.Motion, demo.motion_id)
    assert kyiv is not None
    made = [kyiv]
    for n in range(1, 6):
        made.append(
            make_motion(
                title=f"With {n} seconders",
                seconders=["Raman", "Koretz", "O'Farrell", "Bonin", "Lee"][:n],
                recitals=("Kyiv’s “cultural” life.", "A line\nbroken by Shift+Enter."),
                operatives=("the Council act", "I FURTHER MOVE that the Mayor report."),
            )
        )
    made.append(
        make_motion(
            title="Sister City / Kyiv, Ukraine / Resolution",
            kind=m.MotionKind.RESOLUTION.value,
            resolution_number="2022-14",
            recitals=("WHEREAS, Київ is the capital of Ukraine; and", "its people are brave"),
            operatives=("Kyiv be a sister city", "the Clerk send a copy"),
        )
    )
    leon = make_motion(title="De León's motion", seconders=["Raman"])
    data = motions.MotionData.of(leon)
    data.mover_id = member_id(session, "de León")
    data.presented_for_id = member_id(session, "Price")
    motions.update_motion(
        session=session, motion_id=leon.id, data=data, expected_version=leon.version
    )
    session.commit()
    made.append(leon)
    files = []
    for motion in made:
        out = tmp_path / "rendered" / f"motion-{motion.id}.docx"
        out.parent.mkdir(exist_ok=True)
        produce(session, "motion", motion.id, out)
        files.append((motion.id, out))
    session.commit()
    return files


def test_every_rendered_motion_imports_back_to_an_equal_record(
    session: Session, rendered: list[tuple[int, Path]], tmp_path: Path
) -> None:
    # A second database with the same office and people, and none of the motions.
    data = exchange.export_data(session)
    data["tables"] = {k: v for k, v in data["tables"].items() if k in OFFICE_TABLES}
    engine = opening.open_database(str(tmp_path / "second.db"))
    try:
        with Session(engine, expire_on_commit=False) as other:
            exchange.import_data(other, data)
            other.commit()
        results = {}
        with Session(engine, expire_on_commit=False) as other:
            for motion_id, path in rendered:
                [result] = word_store.review(other, [path])
                picks = {}
                if "PRESENTED BY" in full_text(open_docx(path)):
                    # Everyone matched, nothing doubtful (a template may print no date: 0.95).
                    assert not result.problems and not result.unresolved(), result.problems
                    assert result.confidence >= 0.95, (path.name, result.confidence)
                else:
                    # A template that names no mover: the user picks one, as in the review.
                    assert result.unresolved()[0][0] == "mover"
                    source = session.get(m.Motion, motion_id)
                    assert source is not None and source.mover_id is not None
                    picks["mover"] = source.mover_id
                imported = word_store.import_reviewed(other, result, picks=picks)
                other.commit()
                results[motion_id] = imported.motion_id
        with Session(engine, expire_on_commit=False) as other:
            for motion_id, path in rendered:
                source = session.get(m.Motion, motion_id)
                copy = other.get(m.Motion, results[motion_id])
                assert source is not None and copy is not None
                text = full_text(open_docx(path))
                assert copy.kind == source.kind
                assert copy.mover_id == source.mover_id
                seconders = [s.person_id for s in copy.seconders]
                if "SECONDED BY" in text:
                    assert seconders == [s.person_id for s in source.seconders]
                else:
                    assert seconders == []
                day = source.introduced_on
                if day is not None and f"{day:%B} {day.day}, {day.year}" in text:
                    assert copy.introduced_on == day
                else:
                    assert copy.introduced_on is None
                assert copy.resolution_number == source.resolution_number
                assert _clause_texts(copy.kind, [(c.kind, c.text) for c in copy.clauses]) == (
                    _clause_texts(source.kind, [(c.kind, c.text) for c in source.clauses])
                )
                # What a template prints comes back; what it does not print cannot.
                if source.council_file and source.council_file in text:
                    assert copy.council_file == source.council_file
                if source.presented_for_id is not None:
                    presenter = session.get(m.Person, source.presented_for_id)
                    assert presenter is not None
                    if fold(presenter.full_name) in fold(text):
                        assert copy.presented_for_id == source.presented_for_id
                if source.kind == m.MotionKind.RESOLUTION or fold(source.title) in fold(text):
                    assert fold(copy.title) == fold(source.title)
    finally:
        engine.dispose()


@pytest.fixture
def office(session: Session, demo: DemoResult) -> dict[str, int]:
    add_later_members(session)
    session.commit()
    return {p.full_name: p.id for p in session.exec(select(m.Person)) if p.id is not None}


def _export(session: Session) -> str:
    session.expire_all()
    return exchange.dumps(exchange.export_data(session))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_changes_nothing_and_accepting_twice_imports_once(
    session: Session,
    office: dict[str, int],
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    drive = tmp_path / "drive"
    shutil.copytree(WORDFILES, drive, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (drive / "broken.docx").write_bytes(b"not a zip")
    before = _export(session)
    code, out, err = _run(capsys, "--db", str(db_path), "import-docx", "--dry-run", str(drive))
    assert code == 0, err
    assert "Nothing was written (dry run)" in out
    assert "broken.docx" in out and "not a Word .docx file" in out
    assert _export(session) == before

    smithers = office["Paul Krekorian"]
    args = [
        "--db",
        str(db_path),
        "import-docx",
        "--accept",
        str(drive),
        "--person",
        f"ALEX SMITHERS={smithers}",
    ]
    code, out, err = _run(capsys, *args)
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert "imported as motion" in lines["m14_unknown_seconder.docx"]
    # J. LEE could be John S. Lee or Jane Lee: never guessed, the file is skipped with a word.
    assert "'J. LEE' not matched to a member" in lines["m15_ambiguous_initial.docx"]
    assert "not a motion" in lines["x01_memo.docx"]
    assert "not a Word .docx file" in lines["broken.docx"]
    assert "no PRESENTED BY block names the mover" in lines["r01_resolution_adopted.docx"]
    # The same Council File printed on two files: the second is not stored over the first.
    assert "Council File 22-0311 is already motion" in lines["r03_resolution_sponsors.docx"]
    session.expire_all()
    imported = session.exec(select(m.SourceDocument)).all()
    # 24 files: 3 are not motions, 3 need a pick nobody gave, 1 repeats a Council File.
    assert len(imported) == 17
    assert out.splitlines()[-1] == "17 imported, 8 skipped."
    after_first = _export(session)

    code, out, err = _run(capsys, *args)
    assert code == 0, err
    assert out.splitlines()[-1] == "0 imported, 25 skipped."
    assert "already imported (motion" in out
    assert _export(session) == after_first

    # Each record keeps its file, its history and is found by search at once.
    source = session.exec(
        select(m.SourceDocument).where(m.SourceDocument.file_name == "m11_adopted_stamp.docx")
    ).one()
    assert source.content == (WORDFILES / "m11_adopted_stamp.docx").read_bytes()
    motion = session.get(m.Motion, source.motion_id)
    assert motion is not None
    assert motion.status == m.MotionStatus.ADOPTED.value
    assert motion.council_file == "22-0022"
    log = [(a.on_date, a.kind, a.text) for a in motion.activities]
    assert log[0][:2] == (dt.date(2022, 3, 1), "introduced")
    assert log[0][2].startswith("Motion") and log[0][2].endswith("introduced.")
    assert log[1][:2] == (dt.date(2022, 3, 25), "adopted")
    assert log[-1][2] == "Imported from m11_adopted_stamp.docx"
    hits = search.search(session, "Administrative Officer fire trucks")
    assert motion.id in {h.record_id for h in hits}
    smithers_motion = session.get(
        m.Motion,
        session.exec(
            select(m.SourceDocument.motion_id).where(
                m.SourceDocument.file_name == "m14_unknown_seconder.docx"
            )
        ).one(),
    )
    assert smithers_motion is not None
    assert [s.person_id for s in smithers_motion.seconders][-1] == smithers
    # The original comes back out byte for byte, to be compared with the record.
    out = tmp_path / "back.docx"
    code, _out, err = _run(
        capsys, "--db", str(db_path), "source-docx", str(motion.id), "--out", str(out)
    )
    assert code == 0, err
    assert out.read_bytes() == (WORDFILES / "m11_adopted_stamp.docx").read_bytes()
    code, _out, err = _run(capsys, "--db", str(db_path), "source-docx", "1")
    assert code == 1 and "was not imported from a Word file" in err
    legacy = session.exec(select(m.Motion).where(m.Motion.council_file == "103,908 Sup. i")).one()
    assert legacy.introduced_on == dt.date(2021, 3, 1)


def test_export_carries_the_original_files(
    session: Session, office: dict[str, int], tmp_path: Path
) -> None:
    [result] = word_store.review(session, [WORDFILES / "m01_one_seconder.docx"])
    word_store.import_reviewed(session, result)
    session.commit()
    data = exchange.export_data(session)
    engine = opening.open_database(str(tmp_path / "copy.db"))
    try:
        with Session(engine) as other:
            exchange.import_data(other, data)
            other.commit()
            assert exchange.dumps(exchange.export_data(other)) == exchange.dumps(data)
            row = other.exec(select(m.SourceDocument)).one()
            assert row.content == (WORDFILES / "m01_one_seconder.docx").read_bytes()
    finally:
        engine.dispose()


def test_a_picked_member_is_used_and_the_file_is_known_by_its_hash(
    session: Session, office: dict[str, int]
) -> None:
    [result] = word_store.review(session, [WORDFILES / "m15_ambiguous_initial.docx"])
    assert [c for _i, c in result.mover.candidates] == ["John S. Lee", "Jane Lee"]  # type: ignore[union-attr]
    # The user picks John S. Lee (Jane Lee holds no seat on the motion's date).
    done = word_store.import_reviewed(session, result, picks={"mover": office["John S. Lee"]})
    session.commit()
    motion = session.get(m.Motion, done.motion_id)
    assert motion is not None and motion.mover_id == office["John S. Lee"]
    assert motion.status == "introduced"
    with pytest.raises(Exception, match="only drafts"):
        motions.delete_motion(
            session=session, motion_id=done.motion_id, expected_version=motion.version
        )
    session.rollback()
    [again] = word_store.review(session, [WORDFILES / "m15_ambiguous_initial.docx"])
    assert again.duplicate_of == done.motion_id


def _restyled_template(path: Path) -> Path:
    """The shipped motion template as an office might restyle it: the Council File in the
    header, the subject under the heading in a title style, a DRAFT line, the presented-for
    line under the mover's name, the date labelled."""
    from docx import Document

    from sistercity_desk.documents.templates import template_for

    doc = Document(str(template_for("motion")))
    header = doc.sections[0].header.paragraphs[0]
    header.add_run("  C.F. {{ motion.council_file }}")
    body = doc.paragraphs
    heading = next(p for p in body if p.text == "MOTION")
    # Its own subject line (in Word's Title style) instead of the shipped one.
    for shipped in [p for p in body if p.style is not None and p.style.name == "Motion Subject"]:
        shipped._p.getparent().remove(shipped._p)
    title = heading.insert_paragraph_before("{{ motion.title }}", style="Title")
    heading._p.addnext(title._p)  # under the heading, not above it
    heading.insert_paragraph_before("DRAFT")
    cell = doc.tables[0].cell(0, 1)
    name = next(p for p in cell.paragraphs if "mover.name_upper" in p.text)
    extra = cell.add_paragraph(
        "{% if motion.presented_for %}for {{ motion.presented_for.name_upper }}{% endif %}"
    )
    name._p.addnext(extra._p)
    date = next(p for p in doc.paragraphs if "introduced_on" in p.text)
    date.runs[0].text = "Date: " + date.runs[0].text
    doc.save(str(path))
    return path


def test_a_restyled_template_round_trips_too(
    session: Session, demo: DemoResult, make_motion: MakeMotion, tmp_path: Path
) -> None:
    from sistercity_desk.documents import context as ctx_mod
    from sistercity_desk.documents.render import render_docx

    template = _restyled_template(tmp_path / "office-motion.docx")
    kyiv = session.get(m.Motion, demo.motion_id)
    assert kyiv is not None and kyiv.council_file
    other = make_motion(title="Fire Engines / Kyiv / Donation", seconders=["Raman", "Koretz"])
    data = motions.MotionData.of(other)
    data.presented_for_id = member_id(session, "Price")
    motions.update_motion(
        session=session, motion_id=other.id, data=data, expected_version=other.version
    )
    session.commit()
    for motion in (kyiv, other):
        out = tmp_path / f"restyled-{motion.id}.docx"
        context = ctx_mod.build(session, "motion", motion.id)
        render_docx(template, context, out, check=False)
        text = full_text(open_docx(out))
        assert motion.title in text
        [result] = word_store.review(session, [out])
        assert result.confidence == 1.0, result.problems
        assert result.title == motion.title
        assert result.council_file == (motion.council_file or "")
        assert result.mover is not None and result.mover.person_id == motion.mover_id
        assert [s.person_id for s in result.seconders] == [s.person_id for s in motion.seconders]
        if motion.presented_for_id:
            assert result.presented_for is not None
            assert result.presented_for.person_id == motion.presented_for_id
        else:
            assert result.presented_for is None
        assert result.introduced_on == motion.introduced_on
        assert [k for k, _t in result.clauses] == [c.kind for c in motion.clauses]
