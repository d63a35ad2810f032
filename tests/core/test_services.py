"""The core services' rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from sistercity_desk import agreements, cities, demo, motions, people
from sistercity_desk import models as m
from sistercity_desk.errors import Conflict, Invalid, NotFound


@pytest.fixture
def loaded(session: Session) -> demo.DemoResult:
    result = demo.load_demo(session)
    session.commit()
    return result


def member(session: Session, surname: str) -> int:
    person = session.exec(select(m.Person).where(m.Person.surname == surname)).one()
    return person.id or 0


def test_demo_is_idempotent(session: Session, loaded: demo.DemoResult) -> None:
    counts = {t: len(session.exec(select(t)).all()) for t in (m.Person, m.City, m.Motion)}
    again = demo.load_demo(session)
    session.commit()
    assert not again.created
    assert counts == {t: len(session.exec(select(t)).all()) for t in (m.Person, m.City, m.Motion)}


def test_demo_vote_and_seats(session: Session, loaded: demo.DemoResult) -> None:
    seats = people.seats_on(session=session, on_date=demo.dt.date(2022, 3, 25))
    assert len(seats) == 15
    assert [s.district for s in seats if s.member is None] == [10]
    vote = session.exec(select(m.Vote)).one()
    choices = [c.choice for c in vote.casts]
    assert choices.count("YES") == 14 and choices.count("VACANT") == 1


def test_motion_rules(session: Session, loaded: demo.DemoResult) -> None:
    buscaino = member(session, "Buscaino")
    with pytest.raises(Invalid, match="needs a title") as exc:
        motions.create_motion(
            session=session, data=motions.MotionData(title=" ", mover_id=buscaino)
        )
    assert exc.value.field == "title"
    with pytest.raises(Invalid, match="needs a mover"):
        motions.create_motion(session=session, data=motions.MotionData(title="T", mover_id=None))
    with pytest.raises(Invalid, match="cannot also second"):
        motions.create_motion(
            session=session,
            data=motions.MotionData(title="T", mover_id=buscaino, seconder_ids=[buscaino]),
        )
    for bad in ("22-22", "2022-0001", "22-0001-S0", "C.F. 103,908 Sup. i"):
        with pytest.raises(Invalid, match="not a Council File number"):
            motions.create_motion(
                session=session,
                data=motions.MotionData(title="T", mover_id=buscaino, council_file=bad),
            )
    with pytest.raises(Invalid, match="already used by motion"):
        motions.create_motion(
            session=session,
            data=motions.MotionData(title="T", mover_id=buscaino, council_file="22-9999"),
        )
    with pytest.raises(NotFound):
        motions.get_motion(session=session, motion_id=424242)


def test_seconders_and_clauses_keep_their_order_through_edits(
    session: Session, loaded: demo.DemoResult
) -> None:
    ids = [member(session, s) for s in ("Raman", "Koretz", "O'Farrell", "Lee")]
    draft = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title="Order",
            mover_id=member(session, "Buscaino"),
            seconder_ids=ids[:3],
            clauses=[motions.ClauseData("recital", t) for t in "ABC"],
        ),
    )
    session.commit()
    data = motions.MotionData.of(draft)
    data.seconder_ids = [ids[2], ids[3], ids[0]]
    data.clauses = [data.clauses[2], data.clauses[0]]
    motions.update_motion(
        session=session,
        motion_id=draft.id or 0,
        data=data,
        expected_version=motions.get_motion(session=session, motion_id=draft.id or 0).version,
    )
    session.commit()
    session.expire_all()
    stored = motions.get_motion(session=session, motion_id=draft.id or 0)
    assert [s.person_id for s in stored.seconders] == [ids[2], ids[3], ids[0]]
    assert [c.text for c in stored.clauses] == ["C", "A"]


def test_stale_save_is_refused_not_lost(session: Session, loaded: demo.DemoResult) -> None:
    draft = motions.create_motion(
        session=session,
        data=motions.MotionData(title="Draft", mover_id=member(session, "Buscaino")),
    )
    session.commit()
    loaded_version = draft.version
    data = motions.MotionData.of(draft)
    data.title = "Theirs"
    motions.update_motion(
        session=session, motion_id=draft.id or 0, data=data, expected_version=loaded_version
    )
    session.commit()
    data.title = "Mine"
    with pytest.raises(Conflict, match="changed by someone else"):
        motions.update_motion(
            session=session, motion_id=draft.id or 0, data=data, expected_version=loaded_version
        )
    session.rollback()
    assert motions.get_motion(session=session, motion_id=draft.id or 0).title == "Theirs"


def test_unchanged_save_writes_nothing(session: Session, loaded: demo.DemoResult) -> None:
    draft = motions.create_motion(
        session=session, data=motions.MotionData(title="Same", mover_id=member(session, "Lee"))
    )
    session.commit()
    version = draft.version
    motions.update_motion(
        session=session,
        motion_id=draft.id or 0,
        data=motions.MotionData.of(draft),
        expected_version=motions.get_motion(session=session, motion_id=draft.id or 0).version,
    )
    session.commit()
    assert draft.version == version


def test_adopted_motion_refuses_edits(session: Session, loaded: demo.DemoResult) -> None:
    kyiv = motions.get_motion(session=session, motion_id=loaded.motion_id)
    data = motions.MotionData.of(kyiv)
    data.title = "Changed"
    with pytest.raises(Invalid, match="amending motion"):
        motions.update_motion(
            session=session,
            motion_id=loaded.motion_id,
            data=data,
            expected_version=motions.get_motion(
                session=session, motion_id=loaded.motion_id
            ).version,
        )


def test_agreement_needs_two_different_cities(session: Session, loaded: demo.DemoResult) -> None:
    la = cities.home_city(session=session)
    assert la is not None
    with pytest.raises(Invalid, match="two different cities"):
        agreements.create_agreement(
            session=session,
            data=agreements.AgreementData(home_city_id=la.id or 0, partner_city_id=la.id or 0),
        )
    kyiv = cities.find_city(session=session, name="Kiev")
    assert kyiv is not None and kyiv.native_name == "Київ"
    with pytest.raises(Invalid, match="not an amount"):
        agreements.create_agreement(
            session=session,
            data=agreements.AgreementData(
                home_city_id=la.id or 0,
                partner_city_id=kyiv.id or 0,
                annex_items=[agreements.AnnexItemData("Truck", 1, "", "lots")],
            ),
        )


def test_demo_agreement_is_bilingual_with_annex(session: Session, loaded: demo.DemoResult) -> None:
    agreement = agreements.get_agreement(session=session, agreement_id=loaded.agreement_id)
    assert agreement.partner_language == "uk"
    assert all(a.texts.get("uk") and a.texts.get("en") for a in agreement.articles)
    assert "fire" in agreement.annex_items[0].description.lower()
    assert str(agreement.annex_items[0].estimated_value) == "60000.00"


def test_people_sorted_by_surname_with_particles(session: Session, loaded: demo.DemoResult) -> None:
    names = [p.surname for p in people.current_members(session=session)]
    assert names.index("de León") == names.index("Lee") + 1
    assert names.index("O'Farrell") < names.index("Price")
