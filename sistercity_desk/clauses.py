"""Standard clauses: reusable wording per language that a drafter inserts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid, NotFound
from .locking import save_versioned
from .text import clean, fold, tidy


@dataclass
class StandardClauseData:
    title: str
    texts: dict[str, str]
    kind: str = m.ClauseKind.OPERATIVE.value
    tags: list[str] = field(default_factory=list)


def _values(data: StandardClauseData) -> dict[str, Any]:
    title = tidy(data.title)
    if not title:
        raise Invalid("A standard clause needs a title.", field="title")
    texts = {tidy(lang): clean(text) for lang, text in data.texts.items() if tidy(text)}
    if not texts:
        raise Invalid("A standard clause needs its text in at least one language.", field="texts")
    if data.kind not in {k.value for k in m.ClauseKind}:
        raise Invalid(f"'{data.kind}' is not recital or operative.", field="kind")
    return {
        "title": title,
        "texts": texts,
        "kind": data.kind,
        "tags": sorted({tidy(t) for t in data.tags if tidy(t)}),
    }


def create_clause(*, session: Session, data: StandardClauseData) -> m.StandardClause:
    clause = m.StandardClause(**_values(data))
    session.add(clause)
    session.flush()
    return clause


def update_clause(
    *,
    session: Session,
    clause_id: int,
    data: StandardClauseData,
    expected_version: int,
) -> m.StandardClause:
    return save_versioned(
        session, get_clause(session=session, clause_id=clause_id), _values(data), expected_version
    )


def get_clause(*, session: Session, clause_id: int) -> m.StandardClause:
    clause = session.get(m.StandardClause, clause_id)
    if clause is None:
        raise NotFound(
            f"There is no standard clause with id {clause_id}. List them with 'list clauses'."
        )
    return clause


def list_clauses(*, session: Session, tag: str | None = None) -> list[m.StandardClause]:
    clauses = list(session.exec(select(m.StandardClause)))
    if tag:
        clauses = [c for c in clauses if fold(tag) in {fold(t) for t in c.tags}]
    return sorted(clauses, key=lambda c: fold(c.title))


def delete_clause(*, session: Session, clause_id: int) -> None:
    session.delete(get_clause(session=session, clause_id=clause_id))
    session.flush()
