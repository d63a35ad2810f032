"""Motion, resolution, agreement and vote sheet render to .docx with every part in place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import MakeMotion, member_id
from docfiles import footer_text, header_text, index_of, open_docx, run_langs, texts
from sqlmodel import Session, select

from sistercity_desk import models as m
from sistercity_desk import votes
from sistercity_desk.demo import KYIV_MOTION_TITLE, KYIV_OPERATIVE, KYIV_RECITALS, DemoResult
from sistercity_desk.documents import render
from sistercity_desk.documents.context import operative_text
from sistercity_desk.errors import Conflict
from sistercity_desk.revisions import fingerprint, snapshot
from sistercity_desk.typography import typeset


def _footer_pattern(label: str, revision: int) -> re.Pattern[str]:
    return re.compile(rf"{label} · Revision {revision} · ([0-9a-f]{{8}})")


def test_demo_motion_has_every_clause_in_order_the_signatures_and_the_footer(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "motion.docx"
    row = render.produce(session, "motion", demo.motion_id, out)
    doc = open_docx(out)
    lines = texts(doc)

    # The Clerk's stamp corner holds the Council File number; the subject under the heading.
    assert lines[:2] == ["MOTION", KYIV_MOTION_TITLE]
    assert "C.F.\u00a022-9999" in header_text(doc)
    positions = [index_of(lines, r) for r in KYIV_RECITALS]
    assert positions == sorted(positions)
    first = index_of(lines, "I THEREFORE MOVE that " + operative_text(KYIV_OPERATIVE[0]) + ".")
    further = index_of(lines, "I FURTHER MOVE that " + operative_text(KYIV_OPERATIVE[1]) + ".")
    assert positions[-1] < first < further
    # The stored clause has no "I THEREFORE MOVE that" of its own: no doubled opening.
    assert not any("MOVE that I" in line or "that that" in line for line in lines)

    signatures = lines[further + 1 :]
    expected = [
        "JOE BUSCAINO", "Councilmember, 15th District",
        "NITHYA RAMAN", "Councilmember, 4th District",
        "PAUL KORETZ", "Councilmember, 5th District",
        "MITCH O'FARRELL", "Councilmember, 13th District",
    ]  # fmt: skip
    found = [index_of(signatures, e) for e in expected]
    assert found == sorted(found)
    assert index_of(signatures, "PRESENTED BY:") < index_of(signatures, "SECONDED BY:")
    assert "March 1, 2022" in lines[-1]

    revision = session.exec(select(m.Revision)).one()
    footer = footer_text(doc)
    match = _footer_pattern(f"Motion {demo.motion_id}", revision.number).search(footer)
    assert match and match.group(1) == revision.fingerprint[:8]
    assert revision.fingerprint == fingerprint(snapshot(session, "motion", demo.motion_id))
    # The demo motion is adopted: its copies are never marked DRAFT.
    assert "DRAFT" not in header_text(doc)

    assert row.sha256 == render.sha256_file(out) and row.revision_id == revision.id
    assert row.template == "motion.docx" and row.format == "docx" and row.final


def test_final_copy_has_no_draft_mark(session: Session, demo: DemoResult, tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    row = render.produce(session, "motion", demo.motion_id, out, final=True)
    doc = open_docx(out)
    assert "DRAFT" not in header_text(doc) + "\n".join(texts(doc))
    assert row.final


def test_unchanged_content_keeps_its_revision_and_an_edit_makes_a_new_one(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    render.produce(session, "motion", demo.motion_id, tmp_path / "a.docx")
    render.produce(session, "motion", demo.motion_id, tmp_path / "b.docx")
    first = footer_text(open_docx(tmp_path / "a.docx"))
    assert first == footer_text(open_docx(tmp_path / "b.docx"))
    assert "Revision 1 ·" in first

    motion = session.get(m.Motion, demo.motion_id)
    assert motion is not None
    motion.clauses[0].text += " An added sentence."
    session.flush()
    render.produce(session, "motion", demo.motion_id, tmp_path / "c.docx")
    second = footer_text(open_docx(tmp_path / "c.docx"))
    assert "Revision 2 ·" in second and second != first
    assert "An added sentence." in "\n".join(texts(open_docx(tmp_path / "c.docx")))
    numbers = session.exec(select(m.Revision.number).order_by(m.Revision.number)).all()
    assert numbers == [1, 2]


def test_an_existing_file_is_never_replaced_unless_asked(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "motion.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(Conflict, match="already exists"):
        render.produce(session, "motion", demo.motion_id, out)
    assert out.read_bytes() == b"keep me"
    render.produce(session, "motion", demo.motion_id, out, overwrite=True)
    assert "MOTION" in texts(open_docx(out))
    assert [p.name for p in folder.iterdir()] == ["motion.docx"]  # no temp files left


def test_resolution_has_whereas_resolved_adoption_line_and_clerks_certificate(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    resolution = make_motion(
        title="declaring its intent to establish a sister-city relationship with Kyiv, Ukraine",
        kind=m.MotionKind.RESOLUTION.value,
        recitals=(
            "WHEREAS, the City of Los Angeles has 25 sister cities; and",
            "Kyiv is the capital of Ukraine",
            "the people of Kyiv have shown great courage.",
        ),
        operatives=(
            "the City Council declares its intent to make Kyiv a sister city",
            "BE IT FURTHER RESOLVED that the City Clerk send a copy of this Resolution to the "
            "Mayor of Kyiv.",
        ),
    )
    resolution.status = m.MotionStatus.REFERRED.value
    seated = [s.district for s in votes.seats_for_meeting(session, dt.date(2022, 3, 25))
              if not s.vacant]  # fmt: skip
    choices = {d: "YES" for d in seated}
    choices[2] = "ABSENT"  # Krekorian
    votes.record_vote(
        session=session,
        motion_id=resolution.id or 0,
        meeting_date=dt.date(2022, 3, 25),
        choices=choices,
    )
    out = tmp_path / "resolution.docx"
    row = render.produce(session, "motion", resolution.id or 0, out)
    assert row.template == "resolution.docx"
    lines = texts(open_docx(out))

    assert lines[0] == "RESOLUTION NO. __________"
    assert lines[1] == (
        "A RESOLUTION OF THE CITY COUNCIL OF THE CITY OF LOS ANGELES DECLARING ITS INTENT TO "
        "ESTABLISH A SISTER-CITY RELATIONSHIP WITH KYIV, UKRAINE"
    )
    whereas = [line for line in lines if line.startswith("WHEREAS")]
    assert whereas == [
        "WHEREAS, the City of Los Angeles has 25 sister cities; and",
        "WHEREAS, Kyiv is the capital of Ukraine; and",
        "WHEREAS, the people of Kyiv have shown great courage;",
    ]
    resolved = index_of(
        lines,
        "NOW, THEREFORE, BE IT RESOLVED by the City Council of the City of Los Angeles that "
        "the City Council declares its intent to make Kyiv a sister city.",
    )
    further = index_of(
        lines,
        "BE IT FURTHER RESOLVED that the City Clerk send a copy of this Resolution to the "
        "Mayor of Kyiv.",
    )
    adopted = index_of(lines, "PASSED, APPROVED and ADOPTED this 25th day of March, 2022.")
    assert index_of(lines, "WHEREAS, the people") < resolved < further < adopted
    tail = lines[adopted:]
    for needle in ("ATTEST:", "City Clerk", "APPROVED AS TO FORM:", "City Attorney",
                   "Nury Martinez", "CLERK'S CERTIFICATE", "(13 - 0 - 1)"):  # fmt: skip
        index_of(tail, needle)
    ayes = tail[index_of(tail, "AYES:")]
    assert ayes.startswith("AYES: Blumenfield, Bonin, Buscaino, Cedillo")
    assert "Krekorian" not in ayes and "de León" in ayes
    assert tail[index_of(tail, "NOES:")] == "NOES: None"
    assert tail[index_of(tail, "ABSENT:")] == "ABSENT: Krekorian"


def test_resolution_without_a_vote_has_blank_adoption_line_and_no_certificate(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    resolution = make_motion(kind=m.MotionKind.RESOLUTION.value, resolution_number="22-101")
    out = tmp_path / "r.docx"
    render.produce(session, "motion", resolution.id or 0, out)
    lines = texts(open_docx(out))
    assert lines[0] == "RESOLUTION NO. 22-101"
    index_of(lines, "PASSED, APPROVED and ADOPTED this ____ day of ____________, 20__.")
    assert not any("CERTIFICATE" in line or "AYES" in line for line in lines)


def test_agreement_is_bilingual_side_by_side_with_signatures_and_annex(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    agreement = session.get(m.Agreement, demo.agreement_id)
    assert agreement is not None
    agreement.home_signing_date = dt.date(2022, 3, 25)
    agreement.partner_signing_date = dt.date(2022, 3, 25)
    session.flush()
    out = tmp_path / "agreement.docx"
    render.produce(session, "agreement", demo.agreement_id, out)
    doc = open_docx(out)
    lines = texts(doc)

    # Title and articles: a two-column row each, English left, Ukrainian right, in order.
    first_table = doc.tables[0]
    assert first_table.rows[0].cells[0].text == agreement.titles["en"]
    assert first_table.rows[0].cells[1].text == agreement.titles["uk"]
    article_rows = [r for r in first_table.rows if r.cells[0].text.startswith("Article")]
    assert len(article_rows) == len(agreement.articles)
    for n, (row, article) in enumerate(zip(article_rows, agreement.articles, strict=True), 1):
        left, right = row.cells[0].text, row.cells[1].text
        assert left.startswith(f"Article {n}") and article.texts["en"] in left
        # Printed with Ukrainian typography: the apostrophe is U+02BC (typography.py).
        assert right.startswith(f"Стаття {n}") and typeset(article.texts["uk"], "uk") in right
        assert article.headings["uk"] in right

    index_of(lines, "both texts being equally authentic")
    index_of(lines, "обидва тексти є автентичними")
    index_of(lines, "Signed at Los Angeles on the 25th day of March, 2022, and at Kyiv on the "
                    "25th day of March, 2022.")  # fmt: skip
    # Each version names its own city first; the Ukrainian date comes from Babel.
    ukrainian = next(line for line in lines if line.startswith("Підписано"))
    # (Babel puts a narrow no-break space before "р.", so the year never wraps away from it.)
    assert (
        ukrainian.replace("\u202f", " ")
        .replace("\u00a0", " ")
        .startswith("Підписано в м. Київ 25 березня 2022 р.")
    )
    assert "м.\u00a0Київ" in ukrainian

    signatures = doc.tables[1].rows[0].cells
    assert "Eric Garcetti" in signatures[0].text and "Mayor of Los Angeles" in signatures[0].text
    assert "Віталій Кличко" in signatures[1].text and "Київський міський голова" in (
        signatures[1].text
    )
    assert "For the City of Kyiv" in signatures[1].text

    annex = doc.tables[-1]
    header = annex.rows[0].cells
    assert "Description" in header[1].text and "Опис" in header[1].text
    body = [[c.text for c in r.cells] for r in annex.rows[1:-1]]
    assert body == [
        [str(i.position + 1), f"{i.description}\n{i.description_partner}",
         f"{i.condition}\n{i.condition_partner}", str(i.quantity),
         f"${i.estimated_value:,.2f}", f"${i.estimated_value * i.quantity:,.2f}"]
        for i in agreement.annex_items
    ]  # fmt: skip
    assert annex.rows[-1].cells[5].text == "$380,000.00"

    # Runs of the right-hand column carry the Ukrainian language tag, the left English.
    for row in article_rows:
        for p in row.cells[1].paragraphs:
            if p.text.strip():
                assert run_langs(p) == {"uk-UA"}, p.text
        for p in row.cells[0].paragraphs:
            if p.text.strip():
                assert run_langs(p) == {"en-US"}, p.text

    assert _footer_pattern(f"Agreement {demo.agreement_id}", 1).search(footer_text(doc))


def test_agreement_without_annex_has_no_annex_page(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    agreement = session.get(m.Agreement, demo.agreement_id)
    assert agreement is not None
    agreement.annex_items.clear()
    session.flush()
    out = tmp_path / "agreement.docx"
    render.produce(session, "agreement", demo.agreement_id, out)
    lines = texts(open_docx(out))
    assert not any(line in ("Annex", "Додаток") for line in lines)


def test_vote_sheet_lists_members_by_surname_with_marks_vacancy_tally_and_result(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "vote.docx"
    render.produce(session, "vote-sheet", demo.motion_id, out)
    doc = open_docx(out)
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Member", "CD", "YES", "NO", "ABSENT", "ABSTAIN", "RECUSED"]
    members = rows[1:]
    surnames = [r[0].split()[-1] for r in members[:-1]]
    assert surnames[:3] == ["Blumenfield", "Bonin", "Buscaino"]
    assert members[-1][:2] == ["Vacant", "10"] and members[-1][2:] == [""] * 5
    # "de León" files under L, between Lee and Martinez.
    names = [r[0] for r in members]
    president = "Nury Martinez (President)"
    assert names.index("John S. Lee") < names.index("Kevin de León") < names.index(president)
    assert all(r[2:] == ["X", "", "", "", ""] for r in members[:-1])
    assert len(members) == 15
    lines = texts(doc)
    index_of(lines, "Tally (yes - no - absent): (14 - 0 - 0)")
    index_of(lines, "Result: Adopted")
    index_of(lines, "March 25, 2022 (Regular)")
    index_of(lines, "22-9999")
    index_of(lines, "(Buscaino - et al. - Raman)")
    assert re.search(r"Vote sheet · Motion \d+ · Revision 1 · [0-9a-f]{8}", footer_text(doc))


def test_blank_vote_sheet_has_boxes_to_fill_in(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    motion = make_motion()
    out = tmp_path / "blank.docx"
    render.produce(session, "vote-sheet", motion.id or 0, out)
    doc = open_docx(out)
    members = [[c.text for c in r.cells] for r in doc.tables[-1].rows][1:]
    seated = [r for r in members if r[0] != "Vacant"]
    assert len(seated) == 14 and all(r[2:] == ["☐"] * 5 for r in seated)
    assert members[-1][0] == "Vacant"
    index_of(texts(doc), "(____ - ____ - ____)")


def test_vote_sheet_made_from_a_built_motion_context_is_the_vote_sheet_context(
    session: Session, make_motion: MakeMotion
) -> None:
    from sistercity_desk.documents import context as c

    day = dt.date(2022, 3, 25)
    for kind in (m.MotionKind.MOTION.value, m.MotionKind.RESOLUTION.value):
        motion_id = make_motion(kind=kind).id or 0
        motion_ctx = c.motion_context(session, motion_id, final=True, today=day)
        before = repr(motion_ctx)
        sheet = c.as_vote_sheet(motion_ctx, today=day)
        assert sheet == c.vote_sheet_context(session, motion_id, final=True, today=day)
        assert sheet["document"]["kind"] == "vote_sheet"
        assert repr(motion_ctx) == before  # the motion's own context is left as it was


def test_context_of_each_document_matches_the_documented_schema(
    session: Session, demo: DemoResult, make_motion: MakeMotion
) -> None:
    from sistercity_desk.documents import context as c
    from sistercity_desk.documents.schema import SCHEMA, TOP_LEVEL, Field

    def conforms(value: object, fields: object, path: str) -> None:
        assert isinstance(value, dict), path
        assert set(value) == set(fields), f"{path}: {set(value) ^ set(fields)}"  # type: ignore[arg-type]
        for name, f in fields.items():  # type: ignore[attr-defined]
            check(value[name], f, f"{path}.{name}")

    def check(value: object, f: Field, path: str) -> None:
        if value is None:
            assert f.nullable, path
            return
        if f.type in ("object", "date"):
            conforms(value, f.fields, path)
        elif f.type == "list":
            assert isinstance(value, list), path
            for item in value:
                conforms(item, f.fields, f"{path}[]")
        else:
            kind = {"text": str, "integer": int, "boolean": bool}[f.type]
            assert isinstance(value, kind), f"{path}: {value!r}"

    resolution = make_motion(kind=m.MotionKind.RESOLUTION.value)
    contexts = {
        "motion": c.motion_context(session, demo.motion_id),
        "resolution": c.motion_context(session, resolution.id or 0),
        "vote_sheet": c.vote_sheet_context(session, demo.motion_id),
        "agreement": c.agreement_context(session, demo.agreement_id),
        "packet_cover": c.packet_context(session, [demo.motion_id, resolution.id or 0]),
    }
    for kind, ctx in contexts.items():
        assert tuple(ctx) == TOP_LEVEL[kind]
        for name in ctx:
            check(ctx[name], SCHEMA[name], name)
        assert ctx["document"]["kind"] == kind


def test_docs_list_every_field_of_the_schema() -> None:
    from sistercity_desk.documents.schema import reference_markdown

    docs = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text("utf-8")
    assert reference_markdown() in docs, "regenerate: python -m sistercity_desk.documents.schema"


def test_mover_presenting_for_another_is_cited(session: Session, make_motion: MakeMotion) -> None:
    from sistercity_desk.documents.context import motion_context

    motion = make_motion(seconders=("Raman",))
    motion.presented_for_id = member_id(session, "Martinez")
    session.flush()
    ctx = motion_context(session, motion.id or 0)
    assert ctx["motion"]["citation"] == "(Buscaino for Martinez - Raman)"
    assert ctx["motion"]["presented_for"]["name"] == "Nury Martinez"


def test_no_field_is_hidden_by_a_dict_method() -> None:
    """In a template ``x.items`` finds the dict method before the key: no field may be named
    like one."""
    from sistercity_desk.documents.schema import walk

    clashes = [path for path, _ in walk() if path.rsplit(".", 1)[-1] in dir(dict)]
    assert clashes == []
