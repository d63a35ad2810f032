"""Cancelling while LibreOffice converts stops it at once and leaves no file behind."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlmodel import Session
from tools import require_tool

from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import pdf, render

pytestmark = pytest.mark.libreoffice


def test_cancel_stops_libreoffice_midway(
    session: Session, demo: DemoResult, tmp_path: Path
) -> None:
    require_tool("soffice")
    docx = tmp_path / "in" / "motion.docx"
    render.produce(session, "motion", demo.motion_id, docx)
    many = []
    for n in range(12):
        copy = tmp_path / "in" / f"copy-{n}.docx"
        copy.write_bytes(docx.read_bytes())
        many.append(copy)
    out = tmp_path / "out"
    started = time.monotonic()
    asked: list[float] = []

    def should_cancel() -> bool:
        asked.append(time.monotonic() - started)
        return len(asked) >= 2  # cancel about 0.4 s in, long before 12 documents are done

    with pytest.raises(pdf.ConversionCancelled, match="cancelled"):
        pdf.convert_to_pdf(many, out, should_cancel=should_cancel)
    # It stopped the first time cancelling was asked for, not after the batch.
    assert len(asked) == 2
    assert not out.exists() or list(out.iterdir()) == []
