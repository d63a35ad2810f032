"""A draft the database cannot store yet (no mover) survives a crash and comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select
from uihelpers import DialogLog, type_text

from sistercity_desk import db, demo, opening, recovery
from sistercity_desk import models as m

CHILD = Path(__file__).with_name("kill_child.py")
ROOT = Path(__file__).resolve().parents[2]


def test_incomplete_new_motion_survives_sigkill_and_is_offered_back(
    db_path: Path, make_window: Callable[[Engine], Any], dialog_log: DialogLog
) -> None:
    engine = opening.open_database(str(db_path))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
    engine.dispose()

    typed = "Friendship with Київ, de León"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(db_path), "0", typed],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]

    kept = recovery.pending()
    assert [(u.kind, u.record_id, u.title) for u in kept] == [("motion", None, typed)]

    engine = opening.open_database(str(db_path))
    try:
        window = make_window(engine)
        dialog_log.confirm_answer = True
        assert window.offer_recovery() == 0  # shown again, still incomplete (no mover)
        assert any("Unsaved drafts" in t for t in dialog_log.texts("confirm"))
        editor = window.area("motions").editor
        assert editor.title_edit.text() == typed
        assert "mover" in editor.current_problem()
        assert recovery.pending(), "kept on disk until it can be stored"

        # The aide completes the draft: it is stored and the copy on disk goes away.
        editor.mover_combo.setCurrentIndex(editor.mover_combo.findText("Joe Buscaino"))
        type_text(editor.title_edit, ".")
        assert editor.flush()
        with db.session_scope(engine) as session:
            titles = session.exec(select(m.Motion.title)).all()
        assert f"{typed}." in titles
        assert recovery.pending() == []
    finally:
        engine.dispose()


def test_discarding_the_offer_deletes_the_kept_drafts(
    demo_engine: Engine, make_window: Callable[[Engine], Any], dialog_log: DialogLog
) -> None:
    from sistercity_desk.motions import MotionData

    recovery.stash("motion", None, MotionData(title="Half a thought", mover_id=None))
    window = make_window(demo_engine)
    dialog_log.confirm_answer = False
    assert window.offer_recovery() == 0
    assert recovery.pending() == []
