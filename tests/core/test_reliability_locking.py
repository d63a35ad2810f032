"""Two people edit the same motion: the second save is refused, the first is never lost."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from sistercity_desk import models as m
from sistercity_desk import motions, people
from sistercity_desk.errors import Conflict


@pytest.fixture
def motion_id(engine: Engine) -> int:
    with Session(engine) as session:
        mover = m.Person(full_name="Kevin de León", surname="de León")
        seconder = m.Person(full_name="Bob Blumenfield", surname="Blumenfield")
        session.add_all([mover, seconder])
        session.flush()
        assert mover.id and seconder.id
        people.assign_seat(session=session, district=14, person_id=mover.id)
        people.assign_seat(session=session, district=3, person_id=seconder.id)
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title="Sister City relationship with Kyiv",
                mover_id=mover.id,
                seconder_ids=[seconder.id],
                clauses=[motions.ClauseData("recital", "Kyiv is the capital of Ukraine.")],
            ),
        )
        session.commit()
        assert motion.id is not None
        return motion.id


def _stored_title(engine: Engine, motion_id: int) -> str:
    with Session(engine) as session:
        motion = session.get(m.Motion, motion_id)
        assert motion is not None
        return motion.title


def test_a_stale_write_raises_stale_data_error(engine: Engine, motion_id: int) -> None:
    with Session(engine) as first, Session(engine) as second:
        mine = first.get(m.Motion, motion_id)
        theirs = second.get(m.Motion, motion_id)
        assert mine is not None and theirs is not None
        assert mine.version == theirs.version == 1
        mine.title = "First aide's title"
        first.commit()
        theirs.title = "Second aide's title"
        with pytest.raises(StaleDataError):
            second.flush()
        second.rollback()
    assert _stored_title(engine, motion_id) == "First aide's title"


def test_update_motion_turns_a_lost_update_into_a_conflict(engine: Engine, motion_id: int) -> None:
    with Session(engine) as first, Session(engine) as second:
        # Both open the editor on the same motion.
        first_copy = motions.get_motion(session=first, motion_id=motion_id)
        second_copy = motions.get_motion(session=second, motion_id=motion_id)
        first_data = motions.MotionData.of(first_copy)
        second_data = motions.MotionData.of(second_copy)

        first_data.title = "First aide's title"
        motions.update_motion(
            session=first, motion_id=motion_id, data=first_data, expected_version=1
        )
        first.commit()

        second_data.title = "Second aide's title"
        second_data.clauses.append(motions.ClauseData("operative", "I THEREFORE MOVE ..."))
        with pytest.raises(Conflict) as caught:
            motions.update_motion(
                session=second, motion_id=motion_id, data=second_data, expected_version=1
            )
        assert "someone else" in str(caught.value)
        second.rollback()

    with Session(engine) as session:
        stored = session.get(m.Motion, motion_id)
        assert stored is not None
        assert stored.title == "First aide's title"
        assert stored.version == 2
        assert [c.text for c in stored.clauses] == ["Kyiv is the capital of Ukraine."]


def test_an_editor_holding_an_old_version_gets_a_conflict(engine: Engine, motion_id: int) -> None:
    """The editor keeps only the version it loaded; the save happens in a new session later."""
    with Session(engine) as session:
        loaded = motions.get_motion(session=session, motion_id=motion_id)
        form = motions.MotionData.of(loaded)
        form_version = loaded.version
    with Session(engine) as session:
        data = motions.MotionData.of(motions.get_motion(session=session, motion_id=motion_id))
        data.title = "Saved meanwhile"
        motions.update_motion(
            session=session,
            motion_id=motion_id,
            data=data,
            expected_version=motions.get_motion(session=session, motion_id=motion_id).version,
        )
        session.commit()
    form.title = "Saved late"
    with Session(engine) as session, pytest.raises(Conflict):
        motions.update_motion(
            session=session, motion_id=motion_id, data=form, expected_version=form_version
        )
    assert _stored_title(engine, motion_id) == "Saved meanwhile"
