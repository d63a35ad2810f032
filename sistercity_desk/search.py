"""Full-text search over every record, kept up to date by the session itself.

Each searchable record has one row in ``search_entry`` holding its folded text; SQLite
indexes it with FTS5, PostgreSQL with a tsvector column (both made by migration 0002).
Any write through a session updates the rows of the records it touched, so no service has
to remember to reindex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, delete, event, func, insert, select, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql import Subquery
from sqlmodel import Session, col

from . import models as m
from .text import fold

#: Record kinds the index holds, in the order results are grouped when ranks tie.
KINDS = ("motion", "agreement", "city", "partnership", "person", "clause")

_WORD = re.compile(r"\w+", re.UNICODE)

#: How many of the newest matches a query ranks (SQLite); see ``search``.
RANK_WINDOW = 2000


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: int
    title: str
    rank: float


# --------------------------------------------------------------------------- documents


def _city_words(city: m.City | None) -> list[str]:
    if city is None:
        return []
    return [city.name, city.native_name, *city.aliases, city.country, city.country_label]


def _document(session: Session, kind: str, record_id: int) -> tuple[str, str] | None:
    """(title, body) of a record as the index sees it, or None when it is gone."""
    if kind == "motion":
        motion = session.get(m.Motion, record_id)
        if motion is None:
            return None
        parts = [motion.council_file or "", motion.resolution_number]
        parts += [c.text for c in motion.clauses]
        for pid in [motion.mover_id, *(s.person_id for s in motion.seconders)]:
            person = session.get(m.Person, pid) if pid else None
            if person:
                parts.append(person.full_name)
        if motion.partnership_id:
            partnership = session.get(m.Partnership, motion.partnership_id)
            if partnership:
                parts += _city_words(session.get(m.City, partnership.city_id))
        return motion.title, "\n".join(parts)
    if kind == "agreement":
        agreement = session.get(m.Agreement, record_id)
        if agreement is None:
            return None
        home = session.get(m.City, agreement.home_city_id)
        partner = session.get(m.City, agreement.partner_city_id)
        parts = [*agreement.titles.values(), *agreement.preambles.values()]
        for article in agreement.articles:
            parts += [*article.headings.values(), *article.texts.values()]
        parts += [item.description for item in agreement.annex_items]
        parts += _city_words(home) + _city_words(partner)
        title = agreement.titles.get(agreement.home_language) or (
            f"Agreement: {home.name if home else '?'} - {partner.name if partner else '?'}"
        )
        return title, "\n".join(parts)
    if kind == "city":
        city = session.get(m.City, record_id)
        if city is None:
            return None
        return city.name, "\n".join(_city_words(city))
    if kind == "partnership":
        partnership = session.get(m.Partnership, record_id)
        if partnership is None:
            return None
        city = session.get(m.City, partnership.city_id)
        words = [*_city_words(city), partnership.notes]
        return (city.name if city else "?"), "\n".join(words)
    if kind == "person":
        person = session.get(m.Person, record_id)
        if person is None:
            return None
        return person.full_name, "\n".join(
            [person.native_name, person.surname, *person.titles.values(), person.notes]
        )
    if kind == "clause":
        clause = session.get(m.StandardClause, record_id)
        if clause is None:
            return None
        return clause.title, "\n".join([*clause.texts.values(), *clause.tags])
    raise ValueError(kind)


def _roots(obj: Any) -> Iterable[tuple[str, int]]:
    """The searchable records a changed object belongs to."""
    if isinstance(obj, m.Motion) and obj.id:
        yield "motion", obj.id
    elif isinstance(obj, (m.MotionClause, m.MotionSeconder)) and obj.motion_id:
        yield "motion", obj.motion_id
    elif isinstance(obj, m.Agreement) and obj.id:
        yield "agreement", obj.id
    elif isinstance(obj, (m.AgreementArticle, m.AnnexItem)) and obj.agreement_id:
        yield "agreement", obj.agreement_id
    elif isinstance(obj, m.City) and obj.id:
        yield "city", obj.id
    elif isinstance(obj, m.Partnership) and obj.id:
        yield "partnership", obj.id
    elif isinstance(obj, m.Person) and obj.id:
        yield "person", obj.id
    elif isinstance(obj, m.StandardClause) and obj.id:
        yield "clause", obj.id


_PENDING = "sistercity_search_pending"


@event.listens_for(OrmSession, "after_flush")
def _collect(session: OrmSession, _context: Any) -> None:
    pending: set[tuple[str, int | None]] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        pending.update(_roots(obj))
        if isinstance(obj, m.City) and obj.id:
            # A renamed city changes what finds its partnership, agreements and motions.
            pending.update(_dependents_of_city(session, obj.id))


def _dependents_of_city(session: OrmSession, city_id: int) -> set[tuple[str, int | None]]:
    found: set[tuple[str, int | None]] = set()
    with session.no_autoflush:
        for (pid,) in session.execute(
            select(col(m.Partnership.id)).where(col(m.Partnership.city_id) == city_id)
        ):
            found.add(("partnership", pid))
            for (mid,) in session.execute(
                select(col(m.Motion.id)).where(col(m.Motion.partnership_id) == pid)
            ):
                found.add(("motion", mid))
        for (aid,) in session.execute(
            select(col(m.Agreement.id)).where(
                (col(m.Agreement.partner_city_id) == city_id)
                | (col(m.Agreement.home_city_id) == city_id)
            )
        ):
            found.add(("agreement", aid))
    return found


@event.listens_for(OrmSession, "after_flush_postexec")
def _apply(session: OrmSession, _context: Any) -> None:
    pending: set[tuple[str, int]] = session.info.pop(_PENDING, set())
    if pending:
        with session.no_autoflush:
            for kind, record_id in sorted(pending):
                reindex(session, kind, record_id)  # type: ignore[arg-type]


def reindex(session: Session, kind: str, record_id: int) -> None:
    """Write the index row of one record (or remove it when the record is gone)."""
    doc = _document(session, kind, record_id)
    table = m.SearchEntry.__table__  # type: ignore[attr-defined]
    session.execute(delete(table).where(table.c.kind == kind, table.c.record_id == record_id))
    if doc is not None:
        title, body = doc
        session.execute(
            insert(table).values(
                kind=kind,
                record_id=record_id,
                title=title,
                title_folded=fold(title),
                body_folded=fold(body),
            )
        )


#: Motions read and written per step of ``rebuild``.
REBUILD_CHUNK = 2000


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the records (after an import or a repair). Motions, the
    records an office has by the hundred thousand, are read a chunk at a time in a few
    queries each (``_motion_documents``); the rest one by one, as ``reindex`` does."""
    table = m.SearchEntry.__table__  # type: ignore[attr-defined]
    session.execute(delete(table))
    count = 0
    names = {
        pid: name
        for pid, name in session.execute(select(col(m.Person.id), col(m.Person.full_name)))
    }
    places = _partnership_words(session)
    last: int | None = None
    while True:
        # The next chunk of ids, never all of them (500,000 in a list hold 18 MB).
        query = select(col(m.Motion.id)).order_by(col(m.Motion.id)).limit(REBUILD_CHUNK)
        if last is not None:
            query = query.where(col(m.Motion.id) > last)
        chunk = [r for (r,) in session.execute(query)]
        if not chunk:
            break
        last = chunk[-1]
        rows = [
            {
                "kind": "motion",
                "record_id": record_id,
                "title": title,
                "title_folded": fold(title),
                "body_folded": fold(body),
            }
            for record_id, title, body in _motion_documents(session, chunk, names, places)
        ]
        session.execute(insert(table), rows)
        count += len(rows)
    for kind, model in (
        ("agreement", m.Agreement),
        ("city", m.City),
        ("partnership", m.Partnership),
        ("person", m.Person),
        ("clause", m.StandardClause),
    ):
        for (record_id,) in session.execute(select(model.id)):  # type: ignore[call-overload]
            reindex(session, kind, record_id)
            count += 1
    return count


def _partnership_words(session: Session) -> dict[int, list[str]]:
    """Each partnership's city words (what finds a motion about it)."""
    found_cities = {c.id: c for c in session.scalars(select(m.City)).all()}
    return {
        pid: _city_words(found_cities.get(city_id))
        for pid, city_id in session.execute(
            select(col(m.Partnership.id), col(m.Partnership.city_id))
        )
    }


def _motion_documents(
    session: Session,
    ids: list[int],
    names: dict[int, str],
    places: dict[int, list[str]],
) -> list[tuple[int, str, str]]:
    """(id, title, body) of these motions, exactly as ``_document`` makes each, in three
    queries: the motions, their clauses, their seconders (``names``: every person's name;
    ``places``: every partnership's city words)."""
    clauses: dict[int, list[str]] = {i: [] for i in ids}
    for motion_id, text_ in session.execute(
        select(col(m.MotionClause.motion_id), col(m.MotionClause.text))
        .where(col(m.MotionClause.motion_id).in_(ids))
        .order_by(
            col(m.MotionClause.motion_id), col(m.MotionClause.position), col(m.MotionClause.id)
        )
    ):
        clauses[motion_id].append(text_)
    seconders: dict[int, list[int]] = {i: [] for i in ids}
    for motion_id, person_id in session.execute(
        select(col(m.MotionSeconder.motion_id), col(m.MotionSeconder.person_id))
        .where(col(m.MotionSeconder.motion_id).in_(ids))
        .order_by(
            col(m.MotionSeconder.motion_id),
            col(m.MotionSeconder.position),
            col(m.MotionSeconder.id),
        )
    ):
        seconders[motion_id].append(person_id)
    documents = []
    for (
        record_id,
        title,
        council_file,
        resolution_number,
        mover_id,
        partnership_id,
    ) in session.execute(
        select(
            col(m.Motion.id),
            col(m.Motion.title),
            col(m.Motion.council_file),
            col(m.Motion.resolution_number),
            col(m.Motion.mover_id),
            col(m.Motion.partnership_id),
        )
        .where(col(m.Motion.id).in_(ids))
        .order_by(col(m.Motion.id))
    ):
        parts = [council_file or "", resolution_number, *clauses[record_id]]
        for pid in [mover_id, *seconders[record_id]]:
            if pid and pid in names:
                parts.append(names[pid])
        if partnership_id:
            parts += places.get(partnership_id, [])
        documents.append((record_id, title, "\n".join(parts)))
    return documents


# --------------------------------------------------------------------------- queries


def terms(query: str) -> list[list[str]]:
    """The words of what someone typed, folded, grouped as typed: "AT&T kyiv" -> [[at, t],
    [kyiv]]. Punctuation and operators are dropped, so any input is a valid query
    ('"unbalanced' -> [[unbalanced]]; '*' -> [])."""
    groups = [_WORD.findall(chunk) for chunk in fold(query).split()]
    return [g for g in groups if g]


def search(
    session: Session,
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 50,
) -> list[Hit]:
    """Records matching every word of ``query`` (each as a prefix, so results come as you
    type), best first. Accepts any text; an empty query finds nothing."""
    groups = terms(query)
    if not groups:
        return []
    wanted = [k for k in (kinds if kinds is not None else KINDS) if k in KINDS]
    if not wanted:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sql = text(
            "SELECT kind, record_id, title, ts_rank(tsv, q) AS score "
            "FROM search_entry, to_tsquery('simple', :q) AS q "
            "WHERE tsv @@ q AND kind = ANY(:kinds) ORDER BY score DESC, id LIMIT :limit"
        )
        # Words typed together ("AT&T") must stand together; the last one may be unfinished.
        parts = [" <-> ".join(g) for g in groups]
        parts[-1] += ":*"
        params: dict[str, Any] = {
            "q": " & ".join(f"({p})" for p in parts),
            "kinds": wanted,
            "limit": limit,
        }
        rows = session.execute(sql, params).all()
        return [Hit(r.kind, r.record_id, r.title, -float(r.score)) for r in rows]
    phrases = ['"' + " ".join(g) + '"' for g in groups]
    phrases[-1] += "*"
    match = " ".join(phrases)
    placeholders = ", ".join(f":k{i}" for i in range(len(wanted)))
    params = {"match": match, "limit": limit} | {f"k{i}": k for i, k in enumerate(wanted)}
    # Ranked inside FTS5, over the newest ``:window`` matches only: a common word matches
    # tens of thousands of records, and scoring every one of them is what made such a query
    # slow, while the order of a result list that long means little. A query matching fewer
    # records than the window (nearly every real one) is ranked whole. Only the best
    # ``:first`` rows are then joined. Other kinds can take places among those rows: when
    # fewer than ``limit`` remain and a cut was made, the whole ranking is joined instead.
    first = limit if len(wanted) == len(KINDS) else 2 * limit
    window = max(RANK_WINDOW, 2 * first)
    sql = text(
        "WITH m AS (SELECT rowid, bm25(search_fts, 5.0, 1.0) AS score FROM search_fts "
        "WHERE search_fts MATCH :match ORDER BY rowid DESC LIMIT :window), "
        "r AS (SELECT rowid, score FROM m ORDER BY score, rowid LIMIT :first) "
        "SELECT e.kind, e.record_id, e.title, r.score, (SELECT count(*) FROM r) AS ranked, "
        "(SELECT count(*) FROM m) AS matched "
        "FROM r JOIN search_entry e ON e.id = r.rowid "
        f"WHERE e.kind IN ({placeholders}) ORDER BY r.score, e.id LIMIT :limit"
    )
    rows = session.execute(sql, params | {"first": first, "window": window}).all()
    if len(rows) < limit and (not rows or rows[0].ranked >= first or rows[0].matched >= window):
        rows = session.execute(sql, params | {"first": -1, "window": -1}).all()
    return [Hit(r.kind, r.record_id, r.title, float(r.score)) for r in rows]


def _fts_match(groups: list[list[str]]) -> str:
    """FTS5's MATCH for the typed words: each group a phrase, the last one a prefix."""
    phrases = ['"' + " ".join(g) + '"' for g in groups]
    phrases[-1] += "*"
    return " ".join(phrases)


def _ts_query(groups: list[list[str]]) -> str:
    """PostgreSQL's tsquery for the typed words (words typed together stand together)."""
    parts = [" <-> ".join(g) for g in groups]
    parts[-1] += ":*"
    return " & ".join(f"({p})" for p in parts)


def ranked_entries(
    session: Session, query: str, *, kind: str, first: int = 400, prefix: bool = True
) -> Subquery | None:
    """The index rows of ``kind`` matching ``query`` as a subquery (``entry_id``, ``score``:
    lower is better), for a caller to join its own columns to, so a list is read ranked in
    ONE query (the Motions list as someone types). None when the query has no words.

    SQLite ranks by where the words are, then by age: the newest ``first`` records with every
    word in the title, then the newest ``first`` with them anywhere. bm25 (``search``) has to
    count every row holding each word before it can score one, which for a common word ("city"
    in most of 50,000 motions) cost 40-160 ms; reading the newest matches in index order stops
    after ``first`` of them. A query of one letter is taken whole, not as a prefix (every
    word starts with some letter: such a prefix matches nearly everything, for nothing).
    ``prefix`` False takes the last word whole too (FTS5 merges the index lists of every
    word a prefix stands for: "council*" reads "councilmember", "councils" ... as well).
    PostgreSQL ranks with ts_rank over its GIN index."""
    groups = terms(query)
    if not groups:
        return None
    if session.get_bind().dialect.name == "postgresql":
        sql = text(
            "SELECT id AS entry_id, -ts_rank(tsv, q) AS score "
            "FROM search_entry, to_tsquery('simple', :q) AS q WHERE tsv @@ q AND kind = :kind"
        ).bindparams(q=_ts_query(groups), kind=kind)
        return sql.columns(entry_id=Integer, score=Float).subquery("ranked")
    match = _fts_match(groups)
    if not prefix or (len(groups) == 1 and len(groups[0]) == 1 and len(groups[0][0]) == 1):
        match = match.removesuffix("*")
    sql = text(
        "WITH titled AS MATERIALIZED (SELECT rowid FROM search_fts "
        "WHERE search_fts MATCH :in_title ORDER BY rowid DESC LIMIT :first), "
        "anywhere AS MATERIALIZED (SELECT rowid FROM search_fts "
        "WHERE search_fts MATCH :match ORDER BY rowid DESC LIMIT :first) "
        "SELECT t.rowid AS entry_id, -2.0 * t.rowid - 1e15 AS score FROM titled t "
        "JOIN search_entry k ON k.id = t.rowid AND k.kind = :kind "
        "UNION ALL SELECT a.rowid, -1.0 * a.rowid FROM anywhere a "
        "JOIN search_entry k ON k.id = a.rowid AND k.kind = :kind "
        "WHERE a.rowid NOT IN titled"
    ).bindparams(match=match, in_title=f"{{title_folded}} : ({match})", kind=kind, first=first)
    return sql.columns(entry_id=Integer, score=Float).subquery("ranked")


def count_entries(session: Session) -> int:
    return session.execute(select(func.count()).select_from(m.SearchEntry)).scalar_one()
