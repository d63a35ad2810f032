"""Restoring a backup gives back exactly the data backed up: the export before the backup
and the export after the restore are the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sistercity_desk.cli import main


def test_export_before_backup_equals_export_after_restore(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    assert main([*db, "demo"]) == 0
    before, after, saved = tmp_path / "before.json", tmp_path / "after.json", tmp_path / "b.db"
    assert main([*db, "export", str(before)]) == 0
    assert main([*db, "backup", str(saved)]) == 0
    # Work goes on after the backup: a new motion, an edited one.
    assert main([*db, "motion", "create", "--title", "After the backup", "--mover", "Lee"]) == 0
    assert main([*db, "motion", "update", "2", "--title", "Edited after the backup"]) == 0
    capsys.readouterr()
    assert main([*db, "restore", str(saved)]) == 0
    assert main([*db, "export", str(after)]) == 0
    assert before.read_bytes() == after.read_bytes()
