"""Killing the app 3 seconds after the last keystroke loses nothing typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sistercity_desk import db, demo, motions, opening

CHILD = Path(__file__).with_name("kill_child.py")
ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_after_three_seconds_loses_nothing(db_path: Path) -> None:
    engine = opening.open_database(str(db_path))
    with db.session_scope(engine) as session:
        demo.load_demo(session)
        mover = motions.get_motion(session=session, motion_id=1).mover_id
        motion = motions.create_motion(
            session=session, data=motions.MotionData(title="Friendship with", mover_id=mover)
        )
        motion_id = motion.id
    engine.dispose()

    typed = " Київ and de León"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(db_path), str(motion_id), typed],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    assert f"typed: Friendship with{typed}" in result.stdout

    engine = opening.open_database(str(db_path))
    try:
        with db.session_scope(engine) as session:
            title = motions.get_motion(session=session, motion_id=motion_id).title
    finally:
        engine.dispose()
    assert title == f"Friendship with{typed}".strip()
