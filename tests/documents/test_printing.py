"""Preview renders record nothing; printed copies are recorded; a meeting's motions; packet checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from sqlmodel import Session, func, select
from tools import require_tool

from sistercity_desk import models as m
from sistercity_desk import motions, settings
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import packets, printing, render
from sistercity_desk.errors import Invalid, Unavailable

#: The ``make_motion`` fixture of tests/documents/conftest.py.
MakeMotion = Callable[..., m.Motion]


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _retitle(session: Session, motion: m.Motion, title: str) -> None:
    data = motions.MotionData.of(motion)
    data.title = title
    data.clauses[0] = motions.ClauseData(m.ClauseKind.RECITAL.value, f"{title} matters.")
    motions.update_motion(
        session=session,
        motion_id=motion.id or 0,
        data=data,
        expected_version=motions.get_motion(session=session, motion_id=motion.id or 0).version,
    )
    session.commit()


def test_preview_of_a_changed_motion_records_no_revision_and_no_document(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title="Street trees")
    first = render.produce(session, "motion", motion.id or 0, tmp_path / "printed.docx")
    session.commit()
    revisions, documents = _count(session, m.Revision), _count(session, m.GeneratedDocument)

    _retitle(session, motion, "Street trees and shade")
    for n in range(3):  # as a preview re-renders after edits
        shown = printing.render_preview(
            session, "motion", motion.id or 0, tmp_path / f"p{n}", pdf=False
        )
    session.commit()
    assert _count(session, m.Revision) == revisions
    assert _count(session, m.GeneratedDocument) == documents
    # The footer says it is a preview of the working draft and names no revision.
    assert not shown.revision_stored and shown.revision_number is None
    assert shown.pdf is None and shown.template == "motion.docx"
    footer = "\n".join(
        p.text for s in Document(str(shown.docx)).sections for p in s.footer.paragraphs
    )
    assert "Preview of the working draft" in footer and "Revision" not in footer
    assert "Street trees and shade matters." in _text(shown.docx)
    assert shown.name == f"Motion {motion.id} Street trees and shade"

    again = printing.render_preview(
        session, "vote-sheet", motion.id or 0, tmp_path / "v", pdf=False
    )
    assert again.kind == "vote_sheet" and again.record_kind == "motion"
    assert again.revision_number is None and not again.revision_stored
    assert first.revision_id is not None


def test_printing_records_the_revision_the_footer_named(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title="Library hours")
    shown = printing.render_for_print(session, "motion", motion.id or 0, tmp_path, pdf=False)
    row = printing.record_print(
        session, shown, destination="printer: Office", sha256=render.sha256_file(shown.docx)
    )
    session.commit()
    revision = session.get(m.Revision, row.revision_id)
    assert revision is not None
    assert (revision.number, revision.fingerprint) == (shown.revision_number, shown.fingerprint)
    assert revision.reason == "print"
    assert (row.format, row.template, row.path) == ("print", "motion.docx", "printer: Office")
    assert row.sha256 == render.sha256_file(shown.docx)

    # Printed again unchanged: the same revision, a second row.
    again = printing.record_print(session, shown, destination="/tmp/x.pdf", sha256="ab")
    assert again.revision_id == row.revision_id
    # Printed from a copy made before an edit: the printed content is what is recorded.
    _retitle(session, motion, "Library hours, extended")
    old = printing.record_print(session, shown, destination="printer: Office", sha256="cd")
    assert old.revision_id == row.revision_id
    assert _count(session, m.Revision) == 1


def test_a_preview_is_not_recorded_as_printed(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title="Library hours")
    shown = printing.render_preview(session, "motion", motion.id or 0, tmp_path, pdf=False)
    with pytest.raises(Invalid, match="preview"):
        printing.record_print(session, shown, destination="printer: Office", sha256="ab")


def test_preview_without_libreoffice_says_how_to_install_it(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    settings.save(settings.Settings(libreoffice_path=str(tmp_path / "gone" / "soffice")))
    with pytest.raises(Unavailable, match="Install LibreOffice"):
        printing.render_preview(session, "motion", demo.motion_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    word = printing.render_preview(session, "motion", demo.motion_id, tmp_path / "w", pdf=False)
    assert word.docx.is_file()


@pytest.mark.libreoffice
def test_preview_pdf_of_the_demo_motion(session: Session, demo: DemoResult, tmp_path: Path) -> None:
    require_tool("soffice")
    shown = printing.render_preview(session, "motion", demo.motion_id, tmp_path / "out")
    assert shown.pdf is not None and len(PdfReader(shown.pdf).pages) == 1
    assert shown.revision_number is None
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [f"{shown.name}.docx", f"{shown.name}.pdf"]
    )


def test_motions_of_a_meeting_date(
    session: Session, demo: DemoResult, make_motion: MakeMotion
) -> None:
    later = make_motion(title="Introduced at the meeting", council_file="22-0300")
    later.introduced_on = dt.date(2022, 3, 25)
    session.add(later)
    make_motion(title="Another day")
    session.commit()
    ids = printing.motions_for_meeting(session, dt.date(2022, 3, 25))
    assert ids == [later.id, demo.motion_id]  # Council File order: 22-0300, 22-9999
    assert printing.motions_for_meeting(session, dt.date(2021, 1, 1)) == []


def test_packet_check_names_each_item_with_a_problem(
    session: Session, make_motion: MakeMotion
) -> None:
    good = make_motion(title="Fine")
    bad = make_motion(title="Nobody moved it")
    bad.mover_id = None
    session.add(bad)
    session.commit()
    revisions = _count(session, m.Revision)
    problems = printing.check_packet(session, [good.id or 0, bad.id or 0, 9999])
    assert len(problems) == 2
    assert problems[0].startswith(f"Item 2, motion {bad.id} “Nobody moved it”: ")
    assert problems[1] == "Item 3: there is no motion number 9999."
    assert _count(session, m.Revision) == revisions


@pytest.mark.libreoffice
def test_printed_packet_is_recorded_per_motion(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    require_tool("soffice")
    items = [make_motion(title="One"), make_motion(title="Two")]
    out = tmp_path / "packet.pdf"
    packets.build_packet(session, [i.id or 0 for i in items], out)
    session.commit()
    rows = printing.record_packet_output(session, out, destination="printer: Clerk")
    session.commit()
    assert sorted(r.record_id for r in rows) == sorted(i.id for i in items)
    assert {r.format for r in rows} == {"print"} and {r.path for r in rows} == {"printer: Clerk"}
    assert {r.sha256 for r in rows} == {render.sha256_file(out)}
    assert all(r.revision_id is not None for r in rows)
