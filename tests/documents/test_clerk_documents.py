"""What a City Clerk reads closely: Council File numbers, resolution blocks, vote sheet
columns, the bilingual annex and the packet cover, read back from the rendered .docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import MakeMotion
from docfiles import full_text, header_text, open_docx, texts
from sqlmodel import Session

from sistercity_desk import models as m
from sistercity_desk import office, people, votes
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render
from sistercity_desk.documents.render import render_docx
from sistercity_desk.documents.templates import template_for

CF = "22-0311"
TITLE = "Fire Engines / Donation to Kyiv, Ukraine"


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_motion_prints_its_council_file_where_the_clerk_stamps_and_its_subject(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title=TITLE, council_file=CF)
    out = tmp_path / "motion.docx"
    render.produce(session, "motion", motion.id or 0, out)
    doc = open_docx(out)
    # Top right of every page, in the header: where the Clerk's stamp goes.
    stamp = [p for p in doc.sections[0].header.paragraphs if p.text.strip()][-1]
    assert _plain(stamp.text) == f"C.F. {CF}"
    assert stamp.style is not None and stamp.style.name == "Clerk Stamp"
    alignment = stamp.alignment or stamp.style.paragraph_format.alignment
    assert alignment is not None and alignment.name == "RIGHT"
    lines = texts(doc)
    assert lines[0] == "MOTION" and lines[1] == TITLE


def test_motion_without_a_council_file_prints_no_stamp_line(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title=TITLE)
    out = tmp_path / "motion.docx"
    render.produce(session, "motion", motion.id or 0, out)
    assert "C.F." not in header_text(open_docx(out))


def test_vote_sheet_and_packet_cover_print_the_council_file(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(title=TITLE, council_file=CF)
    out = tmp_path / "vote.docx"
    render.produce(session, "vote-sheet", motion.id or 0, out)
    assert CF in full_text(open_docx(out))
    cover = tmp_path / "cover.docx"
    ctx = context.packet_context(session, [motion.id or 0], meeting_date=dt.date(2022, 3, 25))
    render_docx(template_for("packet_cover"), ctx, cover, kind="packet_cover")
    row = open_docx(cover).tables[0].rows[1]
    assert [c.text for c in row.cells][:3] == ["1", CF, TITLE]


def test_packet_cover_is_dated_with_the_meeting_given_or_the_next_meeting(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion_id = make_motion(council_file=CF).id or 0
    cover = tmp_path / "cover.docx"
    ctx = context.packet_context(session, [motion_id], meeting_date=dt.date(2022, 3, 25))
    render_docx(template_for("packet_cover"), ctx, cover, kind="packet_cover")
    lines = texts(open_docx(cover))
    assert "Meeting of March 25, 2022" in lines
    # Monday 21 March 2022: Los Angeles meets Tuesday, Wednesday and Friday.
    ctx = context.packet_context(session, [motion_id], today=dt.date(2022, 3, 21))
    assert ctx["packet"]["meeting_date"]["iso"] == "2022-03-22"
    ctx = context.packet_context(session, [motion_id], today=dt.date(2022, 3, 25))
    assert ctx["packet"]["meeting_date"]["iso"] == "2022-03-25"


def test_resolution_prints_sponsors_council_file_number_and_the_office_closing_block(
    session: Session, make_motion: MakeMotion, demo: DemoResult, tmp_path: Path
) -> None:
    resolution = make_motion(
        kind=m.MotionKind.RESOLUTION.value,
        title="declaring the intent to make Kyiv a sister city",
        council_file=CF,
        resolution_number="2022-17",
    )
    profile = office.get_office(session=session)
    assert profile is not None
    # Another office words its closing block its own way.
    profile.adoption_words = "ADOPTED by the Council"
    profile.attest_label = "ATTESTED BY:"
    profile.clerk_title = "Clerk of the Council"
    profile.form_label = "REVIEWED AS TO LEGAL FORM:"
    profile.attorney_title = "City Solicitor"
    session.flush()
    out = tmp_path / "resolution.docx"
    render.produce(session, "motion", resolution.id or 0, out)
    doc = open_docx(out)
    lines = [_plain(t) for t in texts(doc)]
    assert f"C.F. {CF}" in _plain(header_text(doc))
    assert "RESOLUTION NO. 2022-17" in lines
    assert lines.index("PRESENTED BY:") < lines.index("SECONDED BY:")
    assert "JOE BUSCAINO" in lines and "NITHYA RAMAN" in lines
    body = "\n".join(lines)
    assert "ADOPTED by the Council this" in body and "PASSED, APPROVED" not in body
    for words in ("ATTESTED BY:", "Clerk of the Council", "REVIEWED AS TO LEGAL FORM:"):
        assert words in lines
    assert "City Solicitor" in lines and "City Attorney" not in lines


def _vote(session: Session, motion_id: int, choices: dict[str, str]) -> None:
    seated = {}
    for row in people.seats_on(session=session, on_date=dt.date(2022, 3, 25)):
        if row.member is not None:
            seated[row.district] = row.member.surname
    motion = session.get(m.Motion, motion_id)
    assert motion is not None
    motion.status = m.MotionStatus.INTRODUCED.value  # before the Council, as a vote needs
    casts = {d: choices.get(surname, m.VoteChoice.YES.value) for d, surname in seated.items()}
    votes.record_vote(
        session=session,
        motion_id=motion_id,
        meeting_date=dt.date(2022, 3, 25),
        choices=casts,
    )
    session.commit()


def test_vote_sheet_has_abstain_and_recused_columns_and_names_the_president(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion(council_file=CF)
    _vote(session, motion.id or 0, {"Koretz": "ABSTAIN", "Lee": "RECUSED"})
    out = tmp_path / "vote.docx"
    render.produce(session, "vote-sheet", motion.id or 0, out)
    doc = open_docx(out)
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert rows[0] == ["Member", "CD", "YES", "NO", "ABSENT", "ABSTAIN", "RECUSED"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Paul Koretz"][2:] == ["", "", "", "X", ""]
    assert by_name["John S. Lee"][2:] == ["", "", "", "", "X"]
    assert by_name["Nury Martinez (President)"][2] == "X"
    assert not any("Abstained" in r[0] or "Recused" in r[0] for r in rows)
    lines = texts(doc)
    assert "Nury Martinez, President of the Council" in lines
    assert "Motion:" in lines


def test_a_resolutions_vote_sheet_says_resolution(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    resolution = make_motion(kind=m.MotionKind.RESOLUTION.value, council_file=CF)
    out = tmp_path / "vote.docx"
    render.produce(session, "vote-sheet", resolution.id or 0, out)
    doc = open_docx(out)
    lines = texts(doc)
    assert "Resolution:" in lines and "Motion:" not in lines
    footer = "\n".join(p.text for s in doc.sections for p in s.footer.paragraphs)
    assert f"Vote sheet · Resolution {resolution.id}" in footer
    assert "Motion" not in footer


def test_annex_prints_both_languages_unit_value_quantity_and_line_total(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "agreement.docx"
    render.produce(session, "agreement", demo.agreement_id, out)
    annex = open_docx(out).tables[-1]
    header = [c.text.split("\n") for c in annex.rows[0].cells]
    assert header[1:] == [
        ["Description", "Опис"],
        ["Condition", "Стан"],
        ["Quantity", "Кількість"],
        ["Unit value", "Вартість одиниці"],
        ["Line total", "Вартість позиції"],
    ]
    first = [c.text for c in annex.rows[1].cells]
    assert first[1].split("\n")[1].startswith("Пожежна автоцистерна")
    assert first[2] == "Used, serviceable\nУживана, справна"
    assert first[3:] == ["4", "$60,000.00", "$240,000.00"]
    # The printed total is the sum of the line totals: the editor's figure (380,000.00).
    assert annex.rows[-1].cells[5].text == "$380,000.00"


def test_the_editor_total_and_the_printed_total_come_from_one_rule(
    session: Session, demo: DemoResult
) -> None:
    from decimal import Decimal

    from sistercity_desk import agreements

    agreement = agreements.get_agreement(session=session, agreement_id=demo.agreement_id)
    lines = [(i.estimated_value, i.quantity, i.currency) for i in agreement.annex_items]
    assert agreements.annex_total(lines) == (Decimal("380000.00"), "USD")
    ctx = context.agreement_context(session, demo.agreement_id)
    assert ctx["agreement"]["annex_total"] == "$380,000.00"
    # Mixed currencies make no total.
    assert agreements.annex_total([(Decimal(1), 1, "USD"), (Decimal(1), 1, "UAH")]) is None
