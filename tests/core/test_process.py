"""The sister-city process: ordered, dated steps, the ordinal, the timeline, and signing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from sistercity_desk import agreements, cities, demo, motions, process, votes
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import DeskError, Invalid

D = dt.date


@pytest.fixture
def kyiv(session: Session) -> tuple[Session, demo.DemoResult]:
    """The demo's Kyiv partnership (proposed on 1 March 2022), considered by the committee."""
    result = demo.load_demo(session)
    process.add_step(
        session=session,
        partnership_id=result.partnership_id,
        step="committee_consideration",
        on_date=D(2022, 3, 25),
        motion_id=result.motion_id,
    )
    return session, result


def step(session: Session, pid: int, name: str, on: dt.date, **kw: object) -> m.PartnershipStep:
    return process.add_step(session=session, partnership_id=pid, step=name, on_date=on, **kw)  # type: ignore[arg-type]


def sign(session: Session, agreement_id: int, side: str, place: str, on: dt.date) -> m.Agreement:
    agreement = session.get(m.Agreement, agreement_id)
    assert agreement is not None
    signatory = agreement.home_signatory_id if side == "home" else agreement.partner_signatory_id
    return process.sign_agreement(
        session=session,
        agreement_id=agreement_id,
        side=side,
        place=place,
        on_date=on,
        signatory_id=signatory or 0,
    )


def through_council_approval(session: Session, result: demo.DemoResult) -> None:
    vote = votes.votes_of(session, result.motion_id)[0]
    pid = result.partnership_id
    step(session, pid, "steering_committee_authorised", D(2022, 3, 25), vote_id=vote.id)
    step(session, pid, "panel_suggested", D(2022, 5, 2), note="Names from the Mayor and CD 15.")
    step(session, pid, "panel_approved", D(2022, 6, 1))
    step(session, pid, "council_approval", D(2022, 9, 20), motion_id=result.motion_id)


def test_kyiv_through_its_steps_becomes_the_26th_sister_city(kyiv: tuple) -> None:
    session, result = kyiv
    pid = result.partnership_id
    partnership = session.get(m.Partnership, pid)
    assert partnership is not None and partnership.ordinal is None
    through_council_approval(session, result)
    assert partnership.status == "approved"
    sign(session, result.agreement_id, "home", "Los Angeles", D(2022, 10, 28))
    assert partnership.status == "approved"
    sign(session, result.agreement_id, "partner", "Kyiv", D(2022, 11, 15))
    assert partnership.status == "signed"
    assert partnership.ordinal == 26
    assert partnership.established_on == D(2022, 11, 15)
    step(session, pid, "active", D(2022, 11, 15))
    assert partnership.status == "active" and partnership.ordinal == 26

    timeline = process.timeline(session, pid)
    assert [row["step"] for row in timeline] == [
        "proposed", "committee_consideration", "steering_committee_authorised",
        "panel_suggested", "panel_approved", "council_approval", "signed", "active",
    ]  # fmt: skip
    assert [row["on_date"] for row in timeline][-2:] == ["2022-11-15", "2022-11-15"]
    authorised = timeline[2]
    assert authorised["motion"] == {
        "id": result.motion_id,
        "council_file": demo.SAMPLE_COUNCIL_FILE,
        "title": demo.KYIV_MOTION_TITLE,
        "citation": "(Buscaino - et al. - Raman)",
    }
    assert authorised["vote"]["tally_text"] == "(14 - 0 - 0)"
    assert authorised["vote"]["journal_line"] == "Adopted, (14)"
    assert timeline[6]["note"] == (
        "Agreement signed at Los Angeles on 2022-10-28 and signed at Kyiv on 2022-11-15."
    )
    json.dumps(process.partnership_summary(session, pid))


def test_steps_out_of_order_are_refused_with_the_allowed_ones(kyiv: tuple) -> None:
    session, result = kyiv
    pid = result.partnership_id
    with pytest.raises(
        Invalid,
        match="at 'Considered by the intergovernmental relations committee': the next step can "
        "be only steering_committee_authorised, ended, not council_approval",
    ):
        step(session, pid, "council_approval", D(2022, 4, 1))
    with pytest.raises(Invalid, match="not a partnership step"):
        step(session, pid, "approved by acclamation", D(2022, 4, 1))
    with pytest.raises(Invalid, match=r"previous step .* is dated 2022-03-25"):
        step(session, pid, "steering_committee_authorised", D(2022, 3, 20))
    partnership = session.get(m.Partnership, pid)
    assert partnership is not None and len(partnership.steps) == 2
    assert process.allowed_steps(session, pid) == ["steering_committee_authorised", "ended"]


def test_a_failed_vote_cannot_stand_behind_a_council_decision(kyiv: tuple) -> None:
    session, result = kyiv
    failed = votes.record_vote(
        session=session,
        motion_id=result.motion_id,
        meeting_date=D(2022, 3, 25),
        threshold="unanimous",
        choices={**{d: "YES" for d in range(1, 15) if d != 10}, 15: "NO"},
    )
    with pytest.raises(Invalid, match=r"failed \(13 - 1 - 0\)"):
        step(
            session,
            result.partnership_id,
            "steering_committee_authorised",
            D(2022, 3, 26),
            vote_id=failed.id,
        )
    kyiv_motion = session.get(m.Motion, result.motion_id)
    assert kyiv_motion is not None
    other = motions.create_motion(
        session=session, data=motions.MotionData(title="Other", mover_id=kyiv_motion.mover_id)
    )
    with pytest.raises(Invalid, match="was taken on motion"):
        step(session, result.partnership_id, "steering_committee_authorised", D(2022, 3, 26),
             vote_id=failed.id, motion_id=other.id)  # fmt: skip
    # The vote's motion is linked even when only the vote is given.
    good = votes.votes_of(session, result.motion_id)[0]
    row = step(
        session,
        result.partnership_id,
        "steering_committee_authorised",
        D(2022, 3, 26),
        vote_id=good.id,
    )
    assert row.motion_id == result.motion_id


def test_ordinal_kept_through_suspension_and_counting_rules(session: Session) -> None:
    def partnership(name: str, status: str, ordinal: int | None = None) -> m.Partnership:
        city = cities.create_city(session=session, data=cities.CityData(name=name, country="X"))
        return cities.create_partnership(
            session=session,
            data=cities.PartnershipData(city_id=city.id or 0, status=status, ordinal=ordinal),
        )

    partnership("Nagoya", "active", 1)
    partnership("Tehran", "suspended")
    partnership("Lapsed", "ended", 2)  # was official once: still counts
    partnership("Dropped", "ended")  # never official: does not count
    partnership("Pending", "under_review")
    new = partnership("Newtown", "proposed")
    assert process.next_ordinal(session, exclude_id=new.id) == 4
    pid = new.id or 0
    for name, day in [
        ("proposed", D(2023, 1, 1)),
        ("committee_consideration", D(2023, 2, 1)),
        ("steering_committee_authorised", D(2023, 3, 1)),
        ("panel_suggested", D(2023, 4, 1)),
        ("panel_approved", D(2023, 5, 1)),
        ("council_approval", D(2023, 6, 1)),
        ("signed", D(2023, 7, 1)),
    ]:
        step(session, pid, name, day)
    assert new.ordinal == 4 and new.status == "signed"
    step(session, pid, "suspended", D(2024, 1, 1))
    assert new.status == "suspended"
    # Another city signing meanwhile takes the next number; the suspended one keeps its own.
    other = partnership("Later", "approved")
    step(session, other.id or 0, "signed", D(2024, 2, 1))
    assert other.ordinal == 5
    step(session, pid, "active", D(2024, 3, 1))
    assert new.ordinal == 4 and new.status == "active"
    step(session, pid, "ended", D(2025, 1, 1))
    with pytest.raises(Invalid, match="has ended: no step can follow"):
        step(session, pid, "active", D(2025, 2, 1))


def test_partnership_without_steps_starts_where_its_status_says(kyiv: tuple) -> None:
    session, _ = kyiv
    tehran_city = session.exec(select(m.City).where(m.City.name == "Tehran")).one()
    tehran = session.exec(
        select(m.Partnership).where(m.Partnership.city_id == tehran_city.id)
    ).one()
    assert process.allowed_steps(session, tehran.id or 0) == ["suspended", "ended"]
    step(session, tehran.id or 0, "suspended", D(1979, 11, 4))
    assert tehran.status == "suspended"
    assert tehran.ordinal is None  # no ordinal is invented for an old partnership


def test_signing_rules(kyiv: tuple) -> None:
    session, result = kyiv
    aid = result.agreement_id
    with pytest.raises(
        Invalid, match="the Council approves the partnership before the agreement is signed"
    ):
        sign(session, aid, "home", "Los Angeles", D(2022, 10, 28))
    through_council_approval(session, result)
    agreement = session.get(m.Agreement, aid)
    assert agreement is not None
    with pytest.raises(Invalid, match="not an official of Los Angeles"):
        process.sign_agreement(
            session=session, agreement_id=aid, side="home", place="Los Angeles",
            on_date=D(2022, 10, 28), signatory_id=agreement.partner_signatory_id or 0,
        )  # fmt: skip
    with pytest.raises(Invalid, match="not a side"):
        sign(session, aid, "both", "Los Angeles", D(2022, 10, 28))
    with pytest.raises(Invalid, match="Say where"):
        sign(session, aid, "home", "  ", D(2022, 10, 28))
    sign(session, aid, "home", "Los Angeles", D(2022, 10, 28))
    assert agreement.status != "signed"
    assert process.signed_sides(agreement) == ["home"]
    # Half signed, the text can still be corrected.
    data = agreements.AgreementData.of(agreement)
    agreements.update_agreement(
        session=session,
        agreement_id=aid,
        data=data,
        expected_version=agreements.get_agreement(session=session, agreement_id=aid).version,
    )
    with pytest.raises(Invalid, match=r"already signed .* on 2022-10-28"):
        sign(session, aid, "home", "Los Angeles", D(2022, 10, 29))
    sign(session, aid, "partner", "Kyiv", D(2022, 11, 15))
    assert agreement.status == "signed"
    revision = session.exec(
        select(m.Revision).where(m.Revision.record_kind == "agreement", m.Revision.record_id == aid)
    ).one()
    assert revision.reason == "Signed by both cities"
    with pytest.raises(DeskError, match="signed and no longer edited"):
        agreements.update_agreement(
            session=session,
            agreement_id=aid,
            data=data,
            expected_version=agreements.get_agreement(session=session, agreement_id=aid).version,
        )
    with pytest.raises(Invalid, match="already signed by both cities"):
        sign(session, aid, "partner", "Kyiv", D(2022, 11, 16))


def test_partnership_and_sign_commands(
    database_url: str, kyiv: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    session, result = kyiv
    agreement = session.get(m.Agreement, result.agreement_id)
    assert agreement is not None
    home, partner = agreement.home_signatory_id, agreement.partner_signatory_id
    session.commit()
    db = ["--db", database_url]
    pid = str(result.partnership_id)
    vote_id = str(votes.votes_of(session, result.motion_id)[0].id)
    assert (
        main(
            [
                *db,
                "partnership",
                "step",
                pid,
                "steering_committee_authorised",
                "--date",
                "2022-03-25",
                "--vote",
                vote_id,
            ]
        )
        == 0
    )
    for name, day in [
        ("panel_suggested", "2022-05-02"),
        ("panel_approved", "2022-06-01"),
        ("council_approval", "2022-09-20"),
    ]:
        assert main([*db, "partnership", "step", pid, name, "--date", day]) == 0
    assert main([*db, "partnership", "step", pid, "active", "--date", "2022-09-21"]) == 1
    assert "can be only signed, ended" in capsys.readouterr().err
    aid = str(result.agreement_id)
    assert (
        main(
            [
                *db,
                "sign",
                aid,
                "--side",
                "home",
                "--place",
                "Los Angeles",
                "--date",
                "2022-10-28",
                "--signatory",
                str(home),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                *db,
                "sign",
                aid,
                "--side",
                "partner",
                "--place",
                "Kyiv",
                "--date",
                "2022-11-15",
                "--signatory",
                str(partner),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "signed by home and partner; status signed" in out
    assert main([*db, "partnership", "step", pid, "active", "--date", "2022-11-15"]) == 0
    assert "sister city no. 26" in capsys.readouterr().out
    assert main([*db, "partnership", "timeline", pid]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kyiv: active (26th sister city)")
    assert f"C.F. {demo.SAMPLE_COUNCIL_FILE}: {demo.KYIV_MOTION_TITLE}" in out
    assert "(14 - 0 - 0) Adopted, (14)" in out
    assert main([*db, "partnership", "timeline", pid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ordinal"] == 26 and len(data["timeline"]) == 8
