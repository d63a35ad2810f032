"""Search ranks inside the index and joins only the best rows; the answer must not change when
other kinds of record take the best places."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from sistercity_desk import cities, motions, people, search
from sistercity_desk import models as m


def _fill(session: Session) -> list[int]:
    for n in range(30):
        cities.create_city(
            session=session, data=cities.CityData(name="Springfield", country=f"Country {n}")
        )
    mover = people.create_person(
        session=session, data=people.PersonData(full_name="Nithya Raman", surname="Raman")
    )
    people.assign_seat(session=session, district=4, person_id=mover.id)
    made = []
    for n in range(3):
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title=f"Parks / Item {n} / Report",
                mover_id=mover.id,
                clauses=[
                    motions.ClauseData(
                        m.ClauseKind.RECITAL.value,
                        "A long paragraph about parks and lighting that mentions Springfield "
                        "once, among many other words about the budget of the department.",
                    )
                ],
            ),
        )
        made.append(motion.id or 0)
    session.commit()
    return made


def test_a_kind_crowded_out_of_the_best_ranks_is_still_found(session: Session) -> None:
    made = _fill(session)
    # The 30 cities have the word in their title (weighted 5x) and rank first: the best
    # 2 x limit rows hold no motion at all.
    best = search.search(session, "springfield", limit=10)
    assert {h.kind for h in best} == {"city"}

    found = search.search(session, "springfield", kinds=["motion"], limit=5)
    assert sorted(h.record_id for h in found) == sorted(made)


def test_a_limited_search_is_the_head_of_the_whole_ranking(session: Session) -> None:
    _fill(session)
    whole = search.search(session, "springfield", limit=1000)
    for limit in (1, 5, 20, 40):
        assert search.search(session, "springfield", limit=limit) == whole[:limit]
    motions_only = [h for h in whole if h.kind == "motion"]
    assert search.search(session, "springf", kinds=["motion"], limit=2) == motions_only[:2]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_very_common_word_ranks_the_newest_matches(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANK_WINDOW matches only the newest are ranked (fast for a word that is in every
    record); a kind crowded out of that window is still found through the whole ranking."""
    made = _fill(session)
    monkeypatch.setattr(search, "RANK_WINDOW", 8)
    best = search.search(session, "springfield", limit=3)  # window: max(8, 2 * 3) = 8
    newest_cities = sorted(
        h.record_id for h in search.search(session, "springfield", kinds=["city"], limit=100)
    )[-5:]
    assert {h.kind for h in best} == {"city"}
    assert all(h.record_id in newest_cities for h in best)
    found = search.search(session, "springfield", kinds=["motion"], limit=5)
    assert sorted(h.record_id for h in found) == sorted(made)
    # Every one of the 30 cities is still reachable when asked for by kind.
    assert len(search.search(session, "springfield", kinds=["city"], limit=100)) == 30


def test_the_motion_list_reads_a_search_ranked_in_one_query(session: Session) -> None:
    """The Motions area's search: the best matches with their list columns, one statement
    (not a search for ids and then the list over them), of either backend."""
    made = _fill(session)
    statements: list[str] = []
    engine = session.get_bind()

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", note)
    try:
        rows = motions.search_motions(session=session, query="springfield", limit=2)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(statements) == 1
    assert len(rows) == 2 and {r.id for r in rows} <= set(made)
    assert rows[0].mover == "Nithya Raman" and rows[0].title.startswith("Parks / Item")
    # The oldest motion, once the word is in its title, comes before those with it in the
    # text only.
    oldest = session.get(m.Motion, made[0])
    assert oldest is not None
    oldest.title = "Springfield / Parks / Report"
    session.commit()
    assert motions.search_motions(session=session, query="springfield")[0].id == made[0]
    assert sorted(r.id for r in motions.search_motions(session=session, query="parks")) == made
    assert motions.search_motions(session=session, query="parks", status="adopted") == []
    assert motions.search_motions(session=session, query="  *  ") == []


def test_sorting_the_motion_list_by_title_uses_an_index(session: Session) -> None:
    from sqlalchemy import inspect

    indexes = {
        i["name"]: i["column_names"] for i in inspect(session.get_bind()).get_indexes("motion")
    }
    assert indexes["ix_motion_title"] == ["title", "id"]
