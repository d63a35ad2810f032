"""The database on both backends: the test PostgreSQL server, migrations and search on it."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from sistercity_desk import db, search
from sistercity_desk import models as m

ODD_QUERIES = [
    "AT&T",
    '"unbalanced',
    "*",
    "NEAR",
    "-",
    "a_b",
    "o'brien",
    "(",
    ")",
    "!",
    ":*",
    "&|!<->",
    "'",
    "\\",
    "%",
    "NOT",
    "AND OR",
]


@pytest.fixture
def records(session: Session) -> dict[str, int]:
    kyiv = m.City(
        name="Kyiv",
        native_name="Київ",
        aliases=["Kiev"],
        country="Ukraine",
        country_label="Ukraine",
        language="uk-UA",
    )
    mover = m.Person(full_name="Kevin de León", surname="de León")
    session.add_all([kyiv, mover])
    session.flush()
    partnership = m.Partnership(city_id=kyiv.id, status="proposed")
    session.add(partnership)
    session.flush()
    motion = m.Motion(
        title="Sister City relationship with Kyiv",
        council_file="22-0123",
        mover_id=mover.id,
        partnership_id=partnership.id,
        clauses=[
            m.MotionClause(position=0, text="AT&T donated radios to the city of Kyiv."),
            m.MotionClause(position=1, kind="operative", text="I THEREFORE MOVE that ..."),
        ],
    )
    session.add(motion)
    session.commit()
    assert kyiv.id and mover.id and motion.id
    return {"city": kyiv.id, "person": mover.id, "motion": motion.id}


def test_search_finds_accented_names_and_other_scripts(
    session: Session, records: dict[str, int]
) -> None:
    found = {(h.kind, h.record_id) for h in search.search(session, "leon")}
    assert ("person", records["person"]) in found
    # The motion names its mover, so it is found by the mover's name too.
    assert ("motion", records["motion"]) in found
    for query in ("київ", "Київ", "kiev", "KYIV", "kyi"):
        found = {(h.kind, h.record_id) for h in search.search(session, query)}
        assert ("city", records["city"]) in found, query
        assert ("motion", records["motion"]) in found, query
    assert search.search(session, "kyiv", kinds=["person"]) == []
    assert search.search(session, "zzzz-nothing") == []


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_search_accepts_any_input(session: Session, records: dict[str, int], query: str) -> None:
    hits = search.search(session, query)
    assert isinstance(hits, list)
    # The session is still usable afterwards (no aborted transaction on PostgreSQL).
    assert session.get(m.City, records["city"]) is not None


def test_search_of_company_names_with_ampersand(session: Session, records: dict[str, int]) -> None:
    found = {(h.kind, h.record_id) for h in search.search(session, "AT&T")}
    assert ("motion", records["motion"]) in found


def test_search_follows_edits_and_deletes(session: Session, records: dict[str, int]) -> None:
    city = session.get(m.City, records["city"])
    assert city is not None
    city.aliases = ["Kiev", "Kyjiw"]
    session.commit()
    assert {h.record_id for h in search.search(session, "kyjiw", kinds=["city"])} == {city.id}
    motion = session.get(m.Motion, records["motion"])
    assert motion is not None
    motion.mover_id = None
    session.commit()
    assert search.search(session, "leon", kinds=["motion"]) == []
    session.delete(session.get(m.Person, records["person"]))
    session.commit()
    assert search.search(session, "leon", kinds=["person"]) == []


def test_the_schema_is_at_head_on_each_backend(engine: object, backend: str) -> None:
    assert db.current_revision(engine) == db.head_revision()  # type: ignore[arg-type]
    tables = set(inspect(engine).get_table_names())  # type: ignore[arg-type]
    assert {"motion", "search_entry", "alembic_version"} <= tables
    assert engine.dialect.name == backend  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_postgres_has_a_tsvector_index(pg_url: str) -> None:
    eng = db.make_engine(pg_url)
    try:
        with eng.connect() as conn:
            kind = conn.execute(
                text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = 'search_entry' AND column_name = 'tsv'"
                )
            ).scalar_one()
        assert kind == "tsvector"
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_the_test_server_listens_only_on_loopback(postgres_server: object) -> None:
    server = postgres_server
    port = server.port  # type: ignore[attr-defined]
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    eng = db.make_engine(server.url("postgres"))  # type: ignore[attr-defined]
    try:
        with eng.connect() as conn:
            listen = conn.execute(text("SHOW listen_addresses")).scalar_one()
            sockets = conn.execute(text("SHOW unix_socket_directories")).scalar_one()
            version = conn.execute(text("SHOW server_version_num")).scalar_one()
    finally:
        eng.dispose()
    assert listen == "127.0.0.1"
    assert sockets == ""
    assert int(version) >= 150000
