"""Every update names the version it edited: a stale copy never overwrites a newer save."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sistercity_desk import agreements, cities, clauses, demo, motions, people
from sistercity_desk.cli import main
from sistercity_desk.errors import Conflict

UPDATES = [
    motions.update_motion,
    agreements.update_agreement,
    cities.update_city,
    cities.update_partnership,
    people.update_person,
    clauses.update_clause,
]


@pytest.mark.parametrize("update", UPDATES, ids=lambda f: f.__name__)
def test_every_update_requires_expected_version_as_a_keyword(update: object) -> None:
    parameter = inspect.signature(update).parameters["expected_version"]  # type: ignore[arg-type]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


def test_a_clauses_only_save_from_a_stale_copy_cannot_bring_back_an_old_title(
    engine: Engine,
) -> None:
    with Session(engine) as session:
        loaded = demo.load_demo(session)
        kyiv = motions.get_motion(session=session, motion_id=loaded.motion_id)
        copy = dataclasses.replace(motions.MotionData.of(kyiv), council_file=None)
        draft = motions.create_motion(session=session, data=copy)
        session.commit()
        draft_id, first = draft.id or 0, draft.version
    with Session(engine) as session:
        stale_data = motions.MotionData.of(motions.get_motion(session=session, motion_id=draft_id))
    with Session(engine) as other:
        data = motions.MotionData.of(motions.get_motion(session=other, motion_id=draft_id))
        data.title = "Retitled by the other aide"
        motions.update_motion(session=other, motion_id=draft_id, data=data, expected_version=first)
        other.commit()
    stale_data.clauses = stale_data.clauses[:1]  # the stale copy changes only the clauses
    with Session(engine) as session:
        with pytest.raises(TypeError):
            motions.update_motion(session=session, motion_id=draft_id, data=stale_data)  # type: ignore[call-arg]
        for version in (None, first):
            with pytest.raises(Conflict):
                motions.update_motion(
                    session=session,
                    motion_id=draft_id,
                    data=stale_data,
                    expected_version=version,  # type: ignore[arg-type]
                )
    with Session(engine) as session:
        assert motions.get_motion(session=session, motion_id=draft_id).title == (
            "Retitled by the other aide"
        )


def test_the_command_line_refuses_an_update_from_an_older_version(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert main(["--db", db, "demo"]) == 0
    assert (
        main(["--db", db, "motion", "create", "--title", "Street lights", "--mover", "Raman"]) == 0
    )
    capsys.readouterr()
    assert (
        main(["--db", db, "motion", "update", "2", "--title", "Lights", "--expected-version", "1"])
        == 0
    )
    capsys.readouterr()
    code = main(["--db", db, "motion", "update", "2", "--title", "Old", "--expected-version", "1"])
    assert code == 1
    assert "version 2, not 1" in capsys.readouterr().err
    assert main(["--db", db, "show", "motion", "2", "--json"]) == 0
    assert '"title": "Lights"' in capsys.readouterr().out
    # Without the option the command edits the version it reads in the same transaction.
    assert main(["--db", db, "motion", "update", "2", "--title", "Newer"]) == 0
    assert main(["--db", db, "motion", "delete", "2"]) == 0
