"""Upgrading a database made at the first schema keeps every record and indexes it for search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from sistercity_desk import backup, db, opening, search
from sistercity_desk import models as m

FIRST = "0001_first_schema"


@pytest.fixture
def empty_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """A database with no tables at all, on the backend of the test."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_empty_url"))
    return "sqlite:///" + db_path.as_posix()


def _fill_first_schema(engine: object, backend: str) -> None:
    """Rows written as version 0001 of the app wrote them: raw SQL, no models."""
    stamp = "2024-05-01 10:00:00" + ("+00:00" if backend == "postgresql" else ".000000")
    statements = [
        "INSERT INTO city (id, name, native_name, aliases, country, country_label, language,"
        " is_home, version) VALUES (1, 'Los Angeles', '', '[]', 'United States',"
        " 'United States', 'en', TRUE, 1)",
        "INSERT INTO city (id, name, native_name, aliases, country, country_label, language,"
        " is_home, version) VALUES (2, 'Kyiv', 'Київ', '[\"Kiev\"]', 'Ukraine', 'Ukraine',"
        " 'uk-UA', FALSE, 3)",
        "INSERT INTO office_profile (id, city_name, state, country, council_name, seats, quorum,"
        " majority_votes, two_thirds_votes, urgency_votes, clerk_name, mayor_name, mayor_title,"
        " attorney_name, language, user_name, home_city_id, version) VALUES (1, 'Los Angeles',"
        " 'California', 'United States', 'City Council', 15, 10, 8, 10, 12, 'Holly L. Wolcott',"
        " 'Karen Bass', 'Mayor', '', 'en', 'aide', 1, 2)",
        "INSERT INTO person (id, full_name, native_name, surname, honorific, role, titles,"
        " city_id, email, notes, version) VALUES (1, 'Kevin de León', '', 'de León', '',"
        " 'member', '{}', 1, '', '', 1)",
        "INSERT INTO person (id, full_name, native_name, surname, honorific, role, titles,"
        " city_id, email, notes, version) VALUES (2, 'Paul Krekorian', '', 'Krekorian', '',"
        " 'member', '{}', 1, '', '', 1)",
        "INSERT INTO person (id, full_name, native_name, surname, honorific, role, titles,"
        " city_id, email, notes, version) VALUES (3, 'Bob Blumenfield', '', 'Blumenfield', '',"
        " 'member', '{}', 1, '', '', 1)",
        "INSERT INTO person (id, full_name, native_name, surname, honorific, role, titles,"
        " city_id, email, notes, version) VALUES (4, 'Vitali Klitschko', 'Віталій Кличко',"
        " 'Klitschko', '', 'official', '{\"en\": \"Mayor of Kyiv\"}', 2, '', '', 1)",
        "INSERT INTO partnership (id, city_id, status, established_year, established_on,"
        " ordinal, notes, version) VALUES (1, 2, 'proposed', NULL, NULL, 26, 'Kyiv ties', 1)",
        "INSERT INTO motion (id, kind, title, council_file, resolution_number, mover_id,"
        " presented_for_id, committee_id, partnership_id, status, introduced_on, created_at,"
        " updated_at, version) VALUES (1, 'motion', 'Sister City relationship with Kyiv',"
        f" '22-0123', '', 1, NULL, NULL, 1, 'draft', '2024-05-01', '{stamp}', '{stamp}', 4)",
        "INSERT INTO motion_clause (id, motion_id, position, kind, text) VALUES"
        " (1, 1, 0, 'recital', 'Kyiv is the capital of Ukraine.'),"
        " (2, 1, 1, 'operative', 'I THEREFORE MOVE that the Council establish ties.')",
        "INSERT INTO motion_seconder (id, motion_id, position, person_id) VALUES"
        " (1, 1, 0, 3), (2, 1, 1, 2)",
    ]
    with engine.begin() as conn:  # type: ignore[attr-defined]
        for statement in statements:
            conn.execute(text(statement))
        if backend == "postgresql":
            # Explicit ids leave the sequences behind; the app's inserts must not collide.
            tables = ("city", "person", "partnership", "motion", "motion_clause",
                      "motion_seconder", "office_profile")  # fmt: skip
            for table in tables:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )


def test_first_schema_data_survives_the_upgrade(empty_url: str, backend: str) -> None:
    engine = db.make_engine(empty_url)
    try:
        db.upgrade(engine, FIRST)
        assert db.current_revision(engine) == FIRST
        assert "search_entry" not in inspect(engine).get_table_names()
        _fill_first_schema(engine, backend)

        copy = db.upgrade(engine)

        assert db.current_revision(engine) == db.head_revision()
        if backend == "sqlite":
            # The copy made before migrating sits beside the file and is a good backup.
            assert copy is not None and copy.exists()
            assert copy.parent == db.sqlite_path(empty_url).parent  # type: ignore[union-attr]
            assert backup.check_backup(copy) == FIRST
        else:
            assert copy is None  # the server's backups are pg_dump's job

        with Session(engine) as session:
            office = session.get(m.OfficeProfile, 1)
            assert office is not None
            assert (office.city_name, office.seats, office.mayor_name) == (
                "Los Angeles",
                15,
                "Karen Bass",
            )
            assert office.version == 2
            kyiv = session.get(m.City, 2)
            assert kyiv is not None
            assert (kyiv.native_name, kyiv.aliases, kyiv.version) == ("Київ", ["Kiev"], 3)
            klitschko = session.get(m.Person, 4)
            assert klitschko is not None
            assert klitschko.titles == {"en": "Mayor of Kyiv"}
            motion = session.get(m.Motion, 1)
            assert motion is not None
            assert motion.title == "Sister City relationship with Kyiv"
            assert motion.council_file == "22-0123"
            assert motion.introduced_on == dt.date(2024, 5, 1)
            assert motion.created_at == dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
            assert [c.text for c in motion.clauses] == [
                "Kyiv is the capital of Ukraine.",
                "I THEREFORE MOVE that the Council establish ties.",
            ]
            assert [s.person_id for s in motion.seconders] == [3, 2]

            # The old records are in the search index the upgrade created.
            assert search.count_entries(session) == 8  # 2 cities, 4 people, partnership, motion
            hits = {(h.kind, h.record_id) for h in search.search(session, "leon")}
            assert {("person", 1), ("motion", 1)} <= hits
            assert ("city", 2) in {(h.kind, h.record_id) for h in search.search(session, "київ")}
            assert ("motion", 1) in {(h.kind, h.record_id) for h in search.search(session, "kiev")}
            assert ("person", 4) in {
                (h.kind, h.record_id) for h in search.search(session, "кличко")
            }

            # The upgraded database takes new records and edits of old ones.
            motion.title = "Sister City relationship with Kyiv, Ukraine"
            session.add(m.Person(full_name="Nithya Raman", surname="Raman"))
            session.commit()
            assert motion.version == 5
            assert len(session.exec(select(m.Person)).all()) == 5
            assert search.search(session, "raman", kinds=["person"])
    finally:
        engine.dispose()


def test_open_database_upgrades_an_old_file_and_keeps_a_copy(db_path: Path) -> None:
    url = "sqlite:///" + db_path.as_posix()
    engine = db.make_engine(url)
    db.upgrade(engine, FIRST)
    _fill_first_schema(engine, "sqlite")
    engine.dispose()

    engine = opening.open_database(str(db_path))
    try:
        assert db.current_revision(engine) == db.head_revision()
        copies = list(db_path.parent.glob(f"{db_path.name}.before-*.bak"))
        assert len(copies) == 1
        assert backup.check_backup(copies[0]) == FIRST
        # The damaged-file advice can point at this copy.
        assert backup.newest_good_backup(url) is not None
    finally:
        engine.dispose()


def test_migrations_go_down_and_up_again(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    try:
        db.upgrade(engine)
        from alembic import command

        command.downgrade(db.alembic_config(engine), FIRST)
        assert db.current_revision(engine) == FIRST
        assert "search_entry" not in inspect(engine).get_table_names()
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
