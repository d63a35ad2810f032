"""The motion list in pages: every page is the matching slice of the whole sorted list, for
every sort, both directions and the filters (the page's ids are chosen before its rows)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from sistercity_desk import models as m
from sistercity_desk import motions, people


def _fill(session: Session) -> None:
    mover = people.create_person(
        session=session, data=people.PersonData(full_name="Nithya Raman", surname="Raman")
    )
    people.assign_seat(session=session, district=4, person_id=mover.id)
    same_time = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)
    statuses = [m.MotionStatus.DRAFT.value, m.MotionStatus.REFERRED.value]
    for n in range(23):
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title=f"Item {n % 7} / {n}",
                mover_id=mover.id,
                council_file=f"24-{n:04d}" if n % 3 else None,
                introduced_on=dt.date(2024, 1, 1 + n % 5) if n % 2 else None,
            ),
        )
        motion.status = statuses[n % 2]
        # Ties on the sort column: the id decides, the same way on every page.
        motion.updated_at = same_time if n % 4 == 0 else same_time + dt.timedelta(minutes=n)
    session.commit()


def test_pages_are_slices_of_the_whole_list(session: Session) -> None:
    _fill(session)
    for sort in motions.SORT_COLUMNS:
        for descending in (True, False):
            for status in (None, m.MotionStatus.REFERRED.value):
                whole = motions.list_motions(
                    session=session, sort=sort, descending=descending, status=status
                )
                assert len(whole) == motions.count_motions(session=session, status=status)
                for offset in (0, 3, 8, 20):
                    page = motions.list_motions(
                        session=session,
                        sort=sort,
                        descending=descending,
                        status=status,
                        offset=offset,
                        limit=5,
                    )
                    assert page == whole[offset : offset + 5], (sort, descending, status, offset)


def test_a_page_of_chosen_ids_keeps_the_sort(session: Session) -> None:
    _fill(session)
    whole = motions.list_motions(session=session, sort="title")
    chosen = [row.id for row in whole[::3]]
    page = motions.list_motions(session=session, sort="title", ids=chosen, offset=1, limit=3)
    assert page == [row for row in whole if row.id in chosen][1:4]
    assert motions.list_motions(session=session, ids=[]) == []
