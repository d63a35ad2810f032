"""Helpers of the preview, print and packet tests: motions to print, PDF text, row counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from sistercity_desk import db, motions
from sistercity_desk import models as m

KYIV_MOTION_ID = 1


def make_motions(engine: Engine, titles: Sequence[str], *, council_files: bool = True) -> list[int]:
    """Draft motions by Buscaino, seconded by Raman, in the demo office (one page each)."""
    ids = []
    with db.session_scope(engine) as session:
        people = {p.surname: p.id for p in session.exec(select(m.Person)).all()}
        for n, title in enumerate(titles, start=1):
            motion = motions.create_motion(
                session=session,
                data=motions.MotionData(
                    title=title,
                    mover_id=people["Buscaino"],
                    seconder_ids=[people["Raman"]],
                    council_file=f"22-05{n:02d}" if council_files else None,
                    introduced_on=dt.date(2022, 4, 1),
                    clauses=[
                        motions.ClauseData(m.ClauseKind.RECITAL.value, f"The {title} paragraph."),
                        motions.ClauseData(m.ClauseKind.OPERATIVE.value, "the Council act"),
                    ],
                ),
            )
            session.flush()
            assert motion.id is not None
            ids.append(motion.id)
    return ids


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def count_rows(engine: Engine, model: type) -> int:
    with db.session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def generated(engine: Engine) -> list[m.GeneratedDocument]:
    with db.session_scope(engine) as session:
        rows = session.exec(select(m.GeneratedDocument).order_by(m.GeneratedDocument.id)).all()
        session.expunge_all()
        return list(rows)
