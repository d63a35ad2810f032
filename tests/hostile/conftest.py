"""Fixtures of the hostile-input tests: one demo database per test, templates built from the
shipped ones, and a folder for documents."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlmodel import Session, select

from sistercity_desk import models as m
from sistercity_desk import paths
from sistercity_desk.demo import DemoResult, load_demo

#: Districts whose seats the property tests give to the people they generate.
TEST_DISTRICTS = (1, 2, 3)


@pytest.fixture
def demo(session: Session) -> DemoResult:
    """The demo office, committed once per test. Examples of a property test work inside the
    open transaction and roll it back, so each starts from exactly this.

    Two changes make more of what a test generates reach the page: the council has no
    President (a resolution then prints the Mayor's name), and the first districts have no
    holder (the test seats its own people there, so the vote sheet prints them)."""
    result = load_demo(session)
    for seat in session.exec(select(m.CouncilSeat)):
        seat.office = ""
        if seat.district in TEST_DISTRICTS:
            session.delete(seat)
    session.commit()
    return result


def _joined(first: Path, second: Path, out: Path) -> Path:
    """A template whose body is ``first``'s followed by ``second``'s, tags and all (headers,
    footers and styles from ``first``): one render prints what both print."""
    doc = Document(str(first))
    other = Document(str(second))
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    for element in other.element.body:
        if element.tag != qn("w:sectPr"):
            end.addprevious(copy.deepcopy(element))
    doc.save(str(out))
    return out


@pytest.fixture(scope="session")
def item_and_sheet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """For each kind of item (motion, resolution): its shipped template followed by the
    shipped vote sheet, so one render prints every field either of them prints."""
    folder = tmp_path_factory.mktemp("templates")
    shipped = paths.shipped_templates_dir()
    return {
        kind: _joined(
            shipped / f"{kind}.docx", shipped / "vote_sheet.docx", folder / f"{kind}.docx"
        )
        for kind in ("motion", "resolution")
    }


@pytest.fixture
def demo_db(session: Session, demo: DemoResult, db_path: Path) -> str:
    """The --db argument of a database holding the demo office (committed)."""
    session.close()
    return str(db_path)
