"""Documents are written like any file the person saves: the usual permissions, and a
resolution can be asked for by its own name."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlmodel import Session

from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import render


def test_a_written_document_has_the_usual_permissions(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "motion.docx"
        render.produce(session, "motion", demo.motion_id, out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_resolution_is_a_kind_of_motion_document(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "resolution.docx"
    row = render.produce(session, "resolution", demo.motion_id, out)
    assert row.record_kind == "motion" and out.exists()
