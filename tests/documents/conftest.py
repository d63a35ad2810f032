"""Fixtures of the document tests: the demo office, and motions made from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest
from sqlmodel import Session, select

from sistercity_desk import models as m
from sistercity_desk import motions
from sistercity_desk.demo import DemoResult, load_demo


@pytest.fixture
def demo(session: Session) -> DemoResult:
    result = load_demo(session)
    session.commit()
    return result


def member_id(session: Session, surname: str) -> int:
    person = session.exec(select(m.Person).where(m.Person.surname == surname)).one()
    assert person.id is not None
    return person.id


MakeMotion = Callable[..., m.Motion]


@pytest.fixture
def make_motion(session: Session, demo: DemoResult) -> MakeMotion:
    """A motion (or resolution) by Buscaino, seconded by Raman, Koretz and O'Farrell."""

    def make(
        *,
        title: str = "Test item",
        recitals: Sequence[str] = ("A first paragraph.", "A second paragraph."),
        operatives: Sequence[str] = ("the Council act",),
        kind: str = m.MotionKind.MOTION.value,
        council_file: str | None = None,
        resolution_number: str = "",
        seconders: Sequence[str] = ("Raman", "Koretz", "O'Farrell"),
    ) -> m.Motion:
        motion = motions.create_motion(
            session=session,
            data=motions.MotionData(
                title=title,
                kind=kind,
                mover_id=member_id(session, "Buscaino"),
                seconder_ids=[member_id(session, s) for s in seconders],
                council_file=council_file,
                resolution_number=resolution_number,
                introduced_on=dt.date(2022, 3, 1),
                clauses=[motions.ClauseData(m.ClauseKind.RECITAL.value, t) for t in recitals]
                + [motions.ClauseData(m.ClauseKind.OPERATIVE.value, t) for t in operatives],
            ),
        )
        session.commit()
        return motion

    return make
