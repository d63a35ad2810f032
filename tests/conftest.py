"""Test isolation: every test gets its own data folder, settings and database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt needs a platform before any QApplication exists; tests never use a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every app folder (data, config, logs, office templates) at a fresh temp folder,
    so no test touches the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SISTERCITY_HOME", str(home))
    monkeypatch.delenv("SISTERCITY_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[object]:
    from sistercity_desk import db

    eng = db.open_database(str(db_path))
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: object) -> Iterator[object]:
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as s:  # type: ignore[arg-type]
        yield s
