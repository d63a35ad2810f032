"""Council File numbers: next free number per year, duplicates, supplemental files, legacy."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlmodel import Session

from sistercity_desk import councilfile, motions, people
from sistercity_desk import models as m
from sistercity_desk.cli import main
from sistercity_desk.errors import Invalid


def motion_with(session: Session, number: str | None, title: str = "Item") -> int:
    mover = people.create_person(session=session, data=people.PersonData(full_name="Joe Buscaino"))
    # Only a seated member moves a motion; each item here has its own mover and district.
    people.assign_seat(session=session, district=1 + (mover.id or 0) % 15, person_id=mover.id)
    motion = motions.create_motion(
        session=session, data=motions.MotionData(title=title, mover_id=mover.id)
    )
    # Stored straight, as an import would: legacy numbers do not pass the editor's check.
    motion.council_file = number
    session.flush()
    return motion.id or 0


def test_next_number_of_an_empty_year(session: Session) -> None:
    assert councilfile.next_number(session, 22) == "22-0001"
    assert councilfile.next_number(session, 2022) == "22-0001"


def test_next_number_follows_the_highest_of_the_year(session: Session) -> None:
    for number in ("22-0007", "22-0002-S3", "23-1200", "21-0042", "C.F. 103,908 Sup. i"):
        motion_with(session, number)
    assert councilfile.next_number(session, 2022) == "22-0008"
    assert councilfile.next_number(session, 2023) == "23-1201"
    assert councilfile.next_number(session, 2024) == "24-0001"
    # A supplemental file counts for its parent's number.
    motion_with(session, "24-0031-S2")
    assert councilfile.next_number(session, 24) == "24-0032"


def test_next_number_after_9999_takes_the_lowest_free(session: Session) -> None:
    # The demo's sample number 22-9999 must not block numbering for the year.
    for number in ("22-9999", "22-0001", "22-0002-S1"):
        motion_with(session, number)
    assert councilfile.next_number(session, 22) == "22-0003"


def test_next_number_refuses_a_full_year(session: Session) -> None:
    now = m.utcnow()
    rows = [
        {"kind": "motion", "title": f"Item {n}", "council_file": f"22-{n:04d}",
         "status": "draft", "created_at": now, "updated_at": now, "version": 1}
        for n in range(1, 10000)
    ]  # fmt: skip
    session.execute(insert(m.Motion), rows)
    with pytest.raises(Invalid, match="clerk's number"):
        councilfile.next_number(session, 22)


def test_duplicate_number_refused_naming_its_holder(session: Session) -> None:
    holder = motion_with(session, "22-0022", title="Sister City / Kyiv, Ukraine")
    other = motion_with(session, None)
    with pytest.raises(
        Invalid, match=rf"22-0022 is already used by motion {holder} \('Sister City / Kyiv"
    ):
        councilfile.assign_number(session=session, motion_id=other, number="22-0022")
    with pytest.raises(Invalid, match="already used"):
        councilfile.assign_number(session=session, motion_id=other, number=" 22–0022 ")
    motion = councilfile.assign_number(session=session, motion_id=other, number="22-0023")
    assert motion.council_file == "22-0023"
    with pytest.raises(Invalid, match="already has Council File 22-0023"):
        councilfile.assign_number(session=session, motion_id=other, number="22-0024")


def test_assign_next_number_and_supplemental(session: Session) -> None:
    first = motion_with(session, None)
    assert (
        councilfile.assign_number(session=session, motion_id=first, year=2022).council_file
        == "22-0001"
    )
    second = motion_with(session, None)
    assert (
        councilfile.assign_number(
            session=session, motion_id=second, supplemental_of="22-0001"
        ).council_file
        == "22-0001-S1"
    )
    assert councilfile.next_supplemental(session, "22-0001") == "22-0001-S2"
    # Named by one of its supplemental files, the parent is still the original file.
    assert councilfile.next_supplemental(session, "22-0001-S1") == "22-0001-S2"


def test_supplemental_numbers_go_past_nine(session: Session) -> None:
    motion_with(session, "22-0002")
    motion_with(session, "22-0002-S9")
    motion_with(session, "22-0002-S21")
    motion_with(session, "22-0020-S40")
    assert councilfile.next_supplemental(session, "22-0002") == "22-0002-S22"


def test_supplemental_needs_an_existing_parent(session: Session) -> None:
    with pytest.raises(Invalid, match="no Council File 22-0002"):
        councilfile.next_supplemental(session, "22-0002")
    with pytest.raises(Invalid, match="not a Council File number"):
        councilfile.next_supplemental(session, "twenty-two")


def test_parent_of() -> None:
    assert councilfile.parent_of("22-0002-S21") == "22-0002"
    assert councilfile.parent_of("23-1200-s104") == "23-1200"
    assert councilfile.parent_of("22-0002") is None
    assert councilfile.parent_of("C.F. 103,908 Sup. i") == "C.F. 103,908"
    assert councilfile.parent_of("C.F. 103,908") is None


def test_legacy_numbers_accepted_on_import_not_for_new_items(session: Session) -> None:
    assert councilfile.validate_import("C.F.  103,908 Sup. i") == "C.F. 103,908 Sup. i"
    assert councilfile.validate_import("22 - 0002 - s3") == "22-0002-S3"
    with pytest.raises(Invalid):
        councilfile.validate_import("22-02")
    with pytest.raises(Invalid, match="YY-NNNN"):
        councilfile.validate_new(session, "C.F. 103,908 Sup. i")
    motion = motion_with(session, None)
    with pytest.raises(Invalid, match="YY-NNNN"):
        councilfile.assign_number(session=session, motion_id=motion, number="C.F. 103,908")


def test_cf_next_command(
    database_url: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    motion_with(session, "22-0041")
    session.commit()
    assert main(["--db", database_url, "cf", "next", "--year", "22"]) == 0
    assert capsys.readouterr().out.strip() == "22-0042"
    assert main(["--db", database_url, "cf", "next", "--year", "2023"]) == 0
    assert capsys.readouterr().out.strip() == "23-0001"
    assert main(["--db", database_url, "cf", "next", "--supplemental", "22-0041"]) == 0
    assert capsys.readouterr().out.strip() == "22-0041-S1"
