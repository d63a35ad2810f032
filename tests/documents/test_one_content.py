"""One record, one content: what is printed is the stored revision, and verify proves it
from the content that revision froze (the five observations of the print promise)."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select

from sistercity_desk import compare, motions, office, people, revisions, workflow
from sistercity_desk import content as content_mod
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.demo import DemoResult, find_kyiv_motion
from sistercity_desk.documents import context as ctx
from sistercity_desk.documents import printing, render
from sistercity_desk.documents.verify import find_footer, read_docx, verify


def _db(session: Session) -> str:
    return str(session.get_bind().url.database)


def _edited_copy(source: Path, target: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    return target


@pytest.fixture
def ready(session: Session, demo: DemoResult) -> int:
    """A motion with the Kyiv motion's text, ready for signatures (its text is fixed)."""
    kyiv = find_kyiv_motion(session)
    assert kyiv is not None
    data = dataclasses.replace(motions.MotionData.of(kyiv), council_file="24-0102")
    motion = motions.create_motion(session=session, data=data)
    motion.status = m.MotionStatus.READY.value
    session.add(motion)
    session.commit()
    return motion.id or 0


def _rename_mover(session: Session, motion_id: int, name: str) -> None:
    motion = motions.get_motion(session=session, motion_id=motion_id)
    person = session.get(m.Person, motion.mover_id)
    assert person is not None
    data = people.PersonData(
        full_name=name,
        surname=person.surname,
        native_name=person.native_name,
        honorific=person.honorific,
        role=person.role,
        titles=dict(person.titles),
    )
    people.update_person(
        session=session, person_id=person.id or 0, data=data, expected_version=person.version
    )
    session.commit()


# ----------------------------------------------------------------- observation 1


def test_a_final_print_verifies_after_the_movers_name_is_corrected(
    session: Session, ready: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "final.docx"
    assert main(["--db", _db(session), "render", "motion", str(ready), "--final",
                 "--out", str(out)]) == 0  # fmt: skip
    session.expire_all()
    printed = read_docx(out)
    mover = motions.get_motion(session=session, motion_id=ready).mover_id
    old_name = session.get(m.Person, mover).full_name  # type: ignore[union-attr]
    assert any(old_name.upper() in p for p in printed.paragraphs)

    _rename_mover(session, ready, "Corrected Name")
    profile = office.get_office(session=session)
    assert profile is not None
    profile.city_name = "Elsewhere"
    session.add(profile)
    session.commit()
    capsys.readouterr()
    assert main(["--db", _db(session), "verify", str(out)]) == 0, capsys.readouterr().out

    edited = _edited_copy(out, tmp_path / "edited.docx", " symbolic ", " sympathetic ")
    assert main(["--db", _db(session), "verify", str(edited)]) == 1
    assert "paragraph" in capsys.readouterr().out


def test_a_revision_freezes_names_districts_committee_and_office(
    session: Session, ready: int
) -> None:
    revision = revisions.save_version(session=session, kind="motion", record_id=ready)
    session.commit()
    content = content_mod.motion_content(dict(revision.content))
    assert content.schema == content_mod.SCHEMA
    assert content.mover is not None and content.mover.name and content.mover.district
    assert content.office.city_name and content.seats
    before = ctx.revision_context(session, revision, "motion")
    _rename_mover(session, ready, "Someone Else")
    after = ctx.revision_context(session, revision, "motion")
    assert before == after
    assert after["motion"]["mover"]["name"] != "Someone Else"


# ----------------------------------------------------------------- observation 2


def _set_title(session: Session, motion_id: int, title: str) -> None:
    motion = motions.get_motion(session=session, motion_id=motion_id)
    data = dataclasses.replace(motions.MotionData.of(motion), title=title)
    motions.update_motion(
        session=session,
        motion_id=motion_id,
        data=data,
        expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
    )
    session.commit()


def test_printing_text_equal_to_an_older_revision_names_a_listed_revision(
    session: Session, ready: int, tmp_path: Path
) -> None:
    _set_title(session, ready, "Text A")
    revisions.save_version(session=session, kind="motion", record_id=ready)
    _set_title(session, ready, "Text B")
    revisions.save_version(session=session, kind="motion", record_id=ready)
    _set_title(session, ready, "Text A")

    # The GUI print path and render both freeze first and print that revision.
    shown = printing.render_for_print(session, "motion", ready, tmp_path / "p", pdf=False)
    row = printing.record_print(session, shown, destination="printer", sha256="x")
    session.commit()
    listed = revisions.list_revisions(session=session, kind="motion", record_id=ready)
    footer = find_footer(read_docx(shown.docx).footers)
    assert footer is not None
    assert footer.revision in [r.number for r in listed]
    recorded = session.get(m.Revision, row.revision_id)
    assert recorded is not None and recorded.number == footer.revision == 3
    assert verify(session, shown.docx).matches

    made = render.produce(session, "motion", ready, tmp_path / "r.docx")
    session.commit()
    footer = find_footer(read_docx(tmp_path / "r.docx").footers)
    assert footer is not None and footer.revision == 3
    assert session.get(m.Revision, made.revision_id).number == 3  # type: ignore[union-attr]


def test_the_preview_names_no_revision(session: Session, ready: int, tmp_path: Path) -> None:
    revisions.save_version(session=session, kind="motion", record_id=ready)
    session.commit()
    _set_title(session, ready, "Changed since")
    shown = printing.render_preview(session, "motion", ready, tmp_path, pdf=False)
    footers = " ".join(read_docx(shown.docx).footers)
    assert ctx.PREVIEW_FOOTER in footers
    assert "Revision" not in footers and find_footer([footers]) is None


# ----------------------------------------------------------------- observation 4


def test_a_final_copy_of_a_draft_is_refused_with_a_reason(
    session: Session, demo: DemoResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kyiv = find_kyiv_motion(session)
    assert kyiv is not None
    data = dataclasses.replace(motions.MotionData.of(kyiv), council_file=None)
    draft = motions.create_motion(session=session, data=data)
    session.commit()
    out = tmp_path / "final.docx"
    code = main(["--db", _db(session), "render", "motion", str(draft.id), "--final",
                 "--out", str(out)])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "ready for signatures" in err
    assert not out.exists()


def test_a_resolution_certified_copy_needs_adoption(
    session: Session, ready: int, tmp_path: Path
) -> None:
    motion = motions.get_motion(session=session, motion_id=ready)
    motion.kind = m.MotionKind.RESOLUTION.value
    session.add(motion)
    session.commit()
    with pytest.raises(Exception, match="adopted"):
        render.produce(session, "motion", ready, tmp_path / "r.docx", final=True)
    assert not (tmp_path / "r.docx").exists()


def test_an_unapproved_agreement_has_no_final_copy(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    agreement = session.exec(select(m.Agreement)).first()
    assert agreement is not None
    agreement.status = m.AgreementStatus.DRAFT.value
    session.add(agreement)
    session.commit()
    with pytest.raises(Exception, match="approved for signature"):
        render.produce(session, "agreement", agreement.id or 0, tmp_path / "a.docx", final=True)


def _has_watermark(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        headers = [
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("word/header")
        ]
    # A picture anchored behind the text, marked decorative (an artifact in the tagged PDF).
    return any('name="DRAFT watermark"' in h and 'behindDoc="1"' in h for h in headers)


def test_drafts_carry_a_diagonal_watermark_and_adopted_copies_none(
    session: Session, demo: DemoResult, ready: int, tmp_path: Path
) -> None:
    render.produce(session, "motion", ready, tmp_path / "draft.docx")
    assert _has_watermark(tmp_path / "draft.docx")
    render.produce(session, "motion", ready, tmp_path / "final.docx", final=True)
    assert not _has_watermark(tmp_path / "final.docx")
    # The demo motion is adopted: neither its copies nor its preview are marked DRAFT.
    render.produce(session, "motion", demo.motion_id, tmp_path / "adopted.docx")
    assert not _has_watermark(tmp_path / "adopted.docx")
    shown = printing.render_preview(session, "motion", demo.motion_id, tmp_path / "p", pdf=False)
    assert not _has_watermark(shown.docx) and shown.final


# ----------------------------------------------------------------- the model's fields


def test_every_field_of_the_model_reaches_revision_fingerprint_and_context(
    session: Session, ready: int
) -> None:
    """Changing any field of the content changes the stored JSON and the fingerprint, and
    every printed field changes the document's context (a field no part of the chain
    carries fails here)."""
    base = content_mod.content_of(session, "motion", ready)
    assert isinstance(base, content_mod.MotionContent)
    not_printed = {"id", "committee_id", "kind", "schema"}
    changed = {
        "motion_kind": m.MotionKind.RESOLUTION.value,
        "title": "Another title",
        "council_file": "99-0001",
        "resolution_number": "R-1",
        "mover": dataclasses.replace(base.mover, name="Other Mover"),  # type: ignore[type-var]
        "presented_for": dataclasses.replace(base.mover, name="For Someone"),  # type: ignore[type-var]
        "seconders": base.seconders[:-1],
        "clauses": [*base.clauses, content_mod.Clause("operative", "plant more trees")],
        "committee_id": 99,
        "committee": "Trade, Travel and Tourism",
        "introduced_on": "2020-02-02",
        "votes": [content_mod.VoteAsPrinted("2020-03-03", "Regular", "Adopted", "majority", [])],
        "seats": base.seats[:-1],
        "office": dataclasses.replace(base.office, council_name="Town Board"),
        "id": base.id + 1000,
        "kind": "motion",
        "schema": base.schema,
    }
    names = [f.name for f in dataclasses.fields(content_mod.MotionContent)]
    assert set(names) == set(changed), "a new field needs a line here"
    digest = revisions.fingerprint(content_mod.to_json(base))
    context = ctx.context_of(base, "vote_sheet", revision=1, digest=digest)
    for name in names:
        if name in ("kind", "schema"):
            continue
        other = dataclasses.replace(base, **{name: changed[name]})
        data = content_mod.to_json(other)
        assert content_mod.from_json(data) == other, name
        assert revisions.fingerprint(data) != digest, name
        if name not in not_printed:
            assert ctx.context_of(other, "vote_sheet", revision=1, digest=digest) != context, name
        if name not in ("id", "committee_id"):
            blocks = compare.compare_content(content_mod.to_json(base), data)
            assert any(b.op != "equal" for b in blocks), f"compare misses {name}"


def test_schema_1_content_still_opens(session: Session, ready: int) -> None:
    """A revision stored before the content model (ids and a few names) is read and
    completed from the database."""
    old = {
        "kind": "motion",
        "id": ready,
        "motion_kind": "motion",
        "title": "Old",
        "council_file": None,
        "resolution_number": "",
        "mover": {"id": motions.get_motion(session=session, motion_id=ready).mover_id,
                  "name": "As Printed", "native_name": "", "surname": "Printed", "titles": {}},
        "presented_for": None,
        "seconders": [],
        "clauses": [{"kind": "operative", "text": "do it"}],
        "committee_id": None,
        "introduced_on": None,
        "votes": [],
    }  # fmt: skip
    content = content_mod.from_json(old)
    assert content.schema == 1
    filled = content_mod.fill_missing(session, content)
    assert isinstance(filled, content_mod.MotionContent)
    assert filled.mover is not None and filled.mover.name == "As Printed"
    assert filled.mover.district and filled.seats and filled.office.city_name
    _ = workflow  # the workflow keeps revisions on status changes (covered elsewhere)


def test_every_field_of_the_agreement_model_reaches_revision_context_and_compare(
    session: Session, demo: DemoResult
) -> None:
    base = content_mod.content_of(session, "agreement", demo.agreement_id)
    assert isinstance(base, content_mod.AgreementContent)
    assert base.home_city is not None and base.home_signatory is not None
    changed = {
        "home_city": dataclasses.replace(base.home_city, name="Other Home", native_name="Other"),
        "partner_city": dataclasses.replace(base.home_city, name="Other Partner"),
        "home_language": "fr",
        "partner_language": "de",
        "titles": {**base.titles, base.home_language: "Another title"},
        "preambles": {**base.preambles, base.home_language: "Another preamble."},
        "prevailing_language": base.partner_language,
        "home_signing_place": "Somewhere",
        "home_signing_date": "2021-01-01",
        "partner_signing_place": "Elsewhere",
        "partner_signing_date": "2021-02-02",
        "home_signatory": dataclasses.replace(base.home_signatory, name="Other Signer"),
        "partner_signatory": dataclasses.replace(base.home_signatory, name="Another Signer"),
        "articles": base.articles[:-1],
        "annex": [*base.annex, content_mod.AnnexItem("A bus", 1, "used", "10.00", "USD")],
        "office": dataclasses.replace(base.office, city_name="Town"),
        "id": base.id + 1000,
        "kind": "agreement",
        "schema": base.schema,
    }
    names = [f.name for f in dataclasses.fields(content_mod.AgreementContent)]
    assert set(names) == set(changed), "a new field needs a line here"
    digest = revisions.fingerprint(content_mod.to_json(base))
    context = ctx.context_of(base, "agreement", revision=1, digest=digest)
    for name in names:
        if name in ("kind", "schema"):
            continue
        other = dataclasses.replace(base, **{name: changed[name]})
        data = content_mod.to_json(other)
        assert content_mod.from_json(data) == other, name
        assert revisions.fingerprint(data) != digest, name
        if name != "id":
            assert ctx.context_of(other, "agreement", revision=1, digest=digest) != context, name
            blocks = compare.compare_content(content_mod.to_json(base), data)
            assert any(b.op != "equal" for b in blocks), f"compare misses {name}"
