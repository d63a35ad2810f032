"""The table models, tested without showing a widget: columns, roles, lazy loading, filters."""

from __future__ import annotations

import datetime as dt
import shutil

from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from sistercity_desk import db, motions, paths
from sistercity_desk import models as m
from sistercity_desk.agreements import AnnexItemData
from ui.models.annex import AnnexModel
from ui.models.base import RECORD_ID_ROLE, ROW_ROLE, STATUS_ROLE, RecordFilterProxy
from ui.models.motions import MotionListModel
from ui.models.records import (
    AgreementListModel,
    ClauseListModel,
    PeopleModel,
    RegistryModel,
    TemplateListModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def bulk_motions(engine: Engine, count: int) -> None:
    """Insert ``count`` motions in one executemany, as an office that used the app for years."""
    start = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "kind": "motion",
            "title": f"Bulk motion {i:05d}",
            "council_file": None,
            "resolution_number": "",
            "status": "adopted" if i % 10 == 0 else "draft",
            "created_at": start,
            "updated_at": start + dt.timedelta(minutes=i),
            "version": 1,
        }
        for i in range(count)
    ]
    with engine.begin() as conn:
        conn.execute(insert(m.Motion.__table__), rows)  # type: ignore[attr-defined]


def test_motion_list_of_50000_loads_in_pages_and_reaches_the_end(
    qapp: object, empty_engine: Engine
) -> None:
    bulk_motions(empty_engine, 50_000)
    model = MotionListModel(empty_engine)
    model.refresh()
    assert model.total() == 50_000
    assert model.rowCount() == MotionListModel.PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    # Newest first by default.
    assert model.index(0, MotionListModel.COL_TITLE).data(DISPLAY) == "Bulk motion 49999"
    pages = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        pages += 1
    assert model.rowCount() == 50_000
    assert pages == 50_000 // MotionListModel.PAGE_SIZE - 1
    last = model.index(49_999, MotionListModel.COL_TITLE)
    assert last.data(DISPLAY) == "Bulk motion 00000"
    ids = {model.index(r, 0).data(RECORD_ID_ROLE) for r in range(model.rowCount())}
    assert len(ids) == 50_000  # no page repeated or skipped


def test_motion_list_sorts_and_filters_in_the_database(qapp: object, empty_engine: Engine) -> None:
    bulk_motions(empty_engine, 1_000)
    model = MotionListModel(empty_engine)
    model.refresh()
    model.sort(MotionListModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, MotionListModel.COL_TITLE).data(DISPLAY) == "Bulk motion 00000"
    assert model.sort_state() == ("title", False)
    model.set_status("adopted")
    assert model.total() == 100
    assert model.index(0, MotionListModel.COL_STATUS).data(DISPLAY) == "Adopted"
    assert model.index(0, 0).data(STATUS_ROLE) == "adopted"
    model.set_status(None)
    model.set_ids([5, 7, 9])
    assert model.total() == 3 and model.rowCount() == 3
    model.set_ids([])
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    model.set_ids(None)
    assert model.total() == 1_000
    # A column the database cannot sort by leaves the order as it was.
    model.sort(MotionListModel.COL_MOVER, Qt.SortOrder.AscendingOrder)
    assert model.sort_state() == ("title", False)


def test_motion_row_updates_in_place(qapp: object, demo_engine: Engine) -> None:
    model = MotionListModel(demo_engine)
    model.refresh()
    row = model.row_of(1)
    assert model.index(row, MotionListModel.COL_MOVER).data(DISPLAY) == "Joe Buscaino"
    with db.session_scope(demo_engine) as session:
        session.get(m.Motion, 1).title = "Sister City / Kyiv / renamed"  # type: ignore[union-attr]
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    model.update_record(1)
    assert changed == [row]
    assert (
        model.index(row, MotionListModel.COL_TITLE).data(DISPLAY) == "Sister City / Kyiv / renamed"
    )
    assert isinstance(model.index(row, 0).data(ROW_ROLE), motions.MotionRow)


def test_registry_model_columns(qapp: object, demo_engine: Engine) -> None:
    model = RegistryModel(demo_engine)
    model.refresh()
    assert model.rowCount() == 26
    assert model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["No.", "City", "Native name", "Country", "Year", "Status"]
    assert model.index(0, RegistryModel.COL_NAME).data(DISPLAY) == "Nagoya"
    assert model.index(0, RegistryModel.COL_ORDINAL).data(DISPLAY) == "1"
    assert model.index(0, RegistryModel.COL_YEAR).data(DISPLAY) == "1959"
    kyiv = next(r for r in range(26) if model.index(r, RegistryModel.COL_NAME).data() == "Kyiv")
    assert model.index(kyiv, RegistryModel.COL_NATIVE).data(DISPLAY) == "Київ"
    assert model.index(kyiv, RegistryModel.COL_STATUS).data(DISPLAY) == "Proposed"
    assert model.index(kyiv, 0).data(STATUS_ROLE) == "proposed"
    assert model.index(kyiv, 0).data(RECORD_ID_ROLE) == model.row_at(kyiv).partnership_id


def test_people_model_shows_vacant_seats_and_officials(qapp: object, demo_engine: Engine) -> None:
    model = PeopleModel(demo_engine)
    model.refresh()
    rows = model.rows()
    seats = [r for r in rows if r.district is not None]
    assert len(seats) == 15
    vacant = next(r for r in seats if r.district == 10)
    assert (vacant.name, vacant.group, vacant.id) == ("Vacant", "vacant", None)
    cd14 = next(r for r in seats if r.district == 14)
    assert cd14.name == "Kevin de León"
    row = model.row_of(cd14.id)
    assert model.index(row, PeopleModel.COL_DISTRICT).data(DISPLAY) == "CD 14"
    officials = [r for r in rows if r.group == "official"]
    assert {r.name for r in officials} == {"Eric Garcetti", "Vitali Klitschko"}
    assert any("Mayor of Kyiv" in r.detail for r in officials)


def test_filter_proxy_by_status_ids_and_text(qapp: object, demo_engine: Engine) -> None:
    model = PeopleModel(demo_engine)
    model.refresh()
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == model.rowCount()
    proxy.set_status("vacant")
    assert proxy.rowCount() == 1
    proxy.set_status(None)
    garcetti = next(r.id for r in model.rows() if r.name == "Eric Garcetti")
    proxy.set_ids([garcetti])
    assert proxy.rowCount() == 1
    assert proxy.index(0, PeopleModel.COL_NAME).data() == "Eric Garcetti"
    proxy.set_ids(None)
    proxy.set_text("LEON")  # folded: matches "de León"
    assert [proxy.index(r, PeopleModel.COL_NAME).data() for r in range(proxy.rowCount())] == [
        "Kevin de León"
    ]


def test_agreement_and_clause_lists(qapp: object, demo_engine: Engine) -> None:
    agreements = AgreementListModel(demo_engine)
    agreements.refresh()
    assert agreements.rowCount() == 1
    assert agreements.index(0, AgreementListModel.COL_PARTNER).data() == "Kyiv"
    assert agreements.index(0, AgreementListModel.COL_LANGUAGES).data() == "en + uk"
    clauses = ClauseListModel(demo_engine)
    clauses.refresh()
    assert clauses.rowCount() == 5
    titles = [clauses.index(r, ClauseListModel.COL_TITLE).data() for r in range(5)]
    assert titles == sorted(titles, key=str.casefold)
    both = titles.index("Both texts equally authentic")
    assert clauses.index(both, ClauseListModel.COL_LANGUAGES).data() == "en, uk"


def test_annex_model_edits(qapp: object) -> None:
    model = AnnexModel()
    model.set_items([AnnexItemData("Fire engine", 4, "Used", "60000.00")])
    edited: list[int] = []
    model.edited.connect(lambda: edited.append(1))
    index = model.index(0, AnnexModel.COL_QUANTITY)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, 2)
    assert not model.setData(index, 0)  # at least one
    assert not model.setData(index, "many")
    assert model.setData(model.index(0, AnnexModel.COL_VALUE), "61000")
    row = model.add_line()
    model.setData(model.index(row, AnnexModel.COL_DESCRIPTION), "Ladder truck")
    model.setData(model.index(row, AnnexModel.COL_VALUE), "90000")
    assert model.total() == 2 * 61000 + 90000
    items = model.items()
    assert [(i.description, i.quantity, i.estimated_value) for i in items] == [
        ("Fire engine", 2, "61000"),
        ("Ladder truck", 1, "90000"),
    ]
    model.remove_line(0)
    assert [i.description for i in model.items()] == ["Ladder truck"]
    assert len(edited) == 6
    model.set_read_only(True)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 0), "x")


def test_templates_office_copy_replaces_shipped(qapp: object) -> None:
    shipped = paths.shipped_templates_dir()
    office = paths.office_templates_dir()  # inside the test's own SISTERCITY_HOME
    shutil.copy(shipped / "motion.docx", office / "motion.docx")
    (office / "~$motion.docx").write_bytes(b"Word's lock file")
    model = TemplateListModel()
    model.refresh()
    rows = model.rows()
    assert rows[0].name == "motion" and rows[0].source == "office" and rows[0].overrides
    assert [r.name for r in rows].count("motion") == 1
    assert {r.name for r in rows} == {p.stem for p in shipped.glob("*.docx")}
    assert (
        model.index(0, TemplateListModel.COL_SOURCE).data() == "Office (replaces the shipped one)"
    )
    assert model.index(0, TemplateListModel.COL_KIND).data() == "Motion"
    assert model.index(0, 0).data(STATUS_ROLE) == "office"
    shipped_row = next(r for r in range(len(rows)) if rows[r].source == "shipped")
    assert model.index(shipped_row, TemplateListModel.COL_SOURCE).data() == "Shipped"
