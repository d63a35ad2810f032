"""A schema upgrade at start-up shows its progress in a window, step by step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command

from sistercity_desk import db, opening
from ui.app import UpgradeProgress


def test_an_upgrade_at_start_up_shows_its_steps(qtbot: Any, db_path: Path) -> None:
    engine = opening.open_database(str(db_path))
    command.downgrade(db.alembic_config(engine), "0001_first_schema")
    engine.dispose()
    seen: list[str] = []
    progress = UpgradeProgress()

    def shown(line: str) -> None:
        progress(line)
        assert progress.dialog is not None and progress.dialog.isVisible()
        seen.append(progress.dialog.labelText())

    engine = opening.open_database(str(db_path), checks_later=True, progress=shown)
    engine.dispose()
    assert progress.dialog is not None
    qtbot.addWidget(progress.dialog)
    assert any("Upgrading the database to schema" in line for line in seen), seen
    assert seen[-1] == f"The database is at schema {db.head_revision()}"
