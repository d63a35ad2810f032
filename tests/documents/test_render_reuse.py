"""What rendering remembers between documents (the template check, compiled templates, the
council's seats within one context) never makes a document say something stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MakeMotion
from docfiles import open_docx, template_file, texts
from sqlmodel import Session

from sistercity_desk import people
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render
from sistercity_desk.errors import Invalid


def test_a_template_changed_in_place_is_checked_again(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    path = tmp_path / "motion.docx"
    ctx = context.motion_context(session, demo.motion_id)
    template_file(path, "Title: {{ motion.title }}")
    render.render_docx(path, ctx, tmp_path / "good.docx")
    assert "Title: " + ctx["motion"]["title"] in texts(open_docx(tmp_path / "good.docx"))

    # Same file name, new content with an unknown field: refused, not waved through.
    template_file(path, "Title: {{ motion.titel }}")
    with pytest.raises(Invalid, match=r"motion\.titel"):
        render.render_docx(path, ctx, tmp_path / "bad.docx")
    assert not (tmp_path / "bad.docx").exists()


def test_each_document_shows_its_own_record_with_a_reusedtemplate_file(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    first = make_motion(title="Parks / First / Report", recitals=["Alpha paragraph."])
    second = make_motion(title="Parks / Second / Report", recitals=["Beta paragraph."])
    for n, (motion, mine, other) in enumerate(
        [(first, "Alpha", "Beta"), (second, "Beta", "Alpha"), (first, "Alpha", "Beta")]
    ):
        out = tmp_path / f"{n}.docx"
        render.produce(session, "motion", motion.id or 0, out)
        body = "\n".join(texts(open_docx(out)))
        assert f"{mine} paragraph." in body
        assert other not in body


def test_seats_are_read_again_for_each_context(
    session: Session, demo: DemoResult, make_motion: MakeMotion
) -> None:
    motion = make_motion()

    def district_10(ctx: dict) -> str:
        return next(r["name"] for r in ctx["vote"]["rows"] if r["district"] == 10)

    assert district_10(context.vote_sheet_context(session, motion.id or 0)) == "Vacant"
    # CD 10 gets a member in the same session: the next context must show her.
    member = people.create_person(
        session=session, data=people.PersonData(full_name="Heather Hutt", surname="Hutt")
    )
    people.assign_seat(
        session=session, district=10, person_id=member.id, term_start=dt.date(2022, 1, 1)
    )
    ctx = context.vote_sheet_context(session, motion.id or 0)
    assert district_10(ctx) == "Heather Hutt"
