"""Motions and resolutions: drafting, editing, listing, deleting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Subquery
from sqlmodel import Session, col, select

from . import councilfile, people
from . import models as m
from .errors import Invalid, NotFound
from .locking import check_version, flush_or_conflict, require_version
from .text import clean, tidy

#: States in which a motion is no longer edited in place.
CLOSED = frozenset({m.MotionStatus.ADOPTED, m.MotionStatus.FAILED, m.MotionStatus.WITHDRAWN})


@dataclass
class ClauseData:
    kind: str
    text: str


@dataclass
class MotionData:
    """What an editor sends: the whole draft. Status changes go through ``workflow``."""

    title: str
    mover_id: int | None
    kind: str = m.MotionKind.MOTION.value
    council_file: str | None = None
    seconder_ids: list[int] = field(default_factory=list)
    clauses: list[ClauseData] = field(default_factory=list)
    committee_id: int | None = None
    partnership_id: int | None = None
    introduced_on: dt.date | None = None
    resolution_number: str = ""
    presented_for_id: int | None = None

    @classmethod
    def of(cls, motion: m.Motion) -> MotionData:
        """The editable content of a stored motion."""
        return cls(
            title=motion.title,
            mover_id=motion.mover_id,
            kind=motion.kind,
            council_file=motion.council_file,
            seconder_ids=[s.person_id for s in motion.seconders],
            clauses=[ClauseData(c.kind, c.text) for c in motion.clauses],
            committee_id=motion.committee_id,
            partnership_id=motion.partnership_id,
            introduced_on=motion.introduced_on,
            resolution_number=motion.resolution_number,
            presented_for_id=motion.presented_for_id,
        )


def validate(session: Session, data: MotionData, *, motion_id: int | None = None) -> MotionData:
    """Check a draft against the rules; return it tidied (trimmed title, normalised file)."""
    title = tidy(data.title)
    if not title:
        raise Invalid("A motion needs a title.", field="title")
    if data.kind not in {k.value for k in m.MotionKind}:
        raise Invalid(
            f"'{data.kind}' is not a kind of item; use motion or resolution.", field="kind"
        )
    if data.mover_id is None:
        raise Invalid(
            "A motion needs a mover: pick the councilmember who presents it.", field="mover_id"
        )
    if session.get(m.Person, data.mover_id) is None:
        raise Invalid(f"The mover (person {data.mover_id}) does not exist.", field="mover_id")
    if data.mover_id in data.seconder_ids:
        raise Invalid(
            "The mover cannot also second the motion; remove them from the seconders.",
            field="seconder_ids",
        )
    if len(set(data.seconder_ids)) != len(data.seconder_ids):
        raise Invalid("A councilmember is listed twice as seconder.", field="seconder_ids")
    for pid in data.seconder_ids:
        if session.get(m.Person, pid) is None:
            raise Invalid(f"The seconder (person {pid}) does not exist.", field="seconder_ids")
    if data.presented_for_id is not None:
        if session.get(m.Person, data.presented_for_id) is None:
            raise Invalid(
                f"The member presented for (person {data.presented_for_id}) does not exist.",
                field="presented_for_id",
            )
        if data.presented_for_id == data.mover_id:
            raise Invalid(
                "The mover cannot present the motion for themself; clear 'presented for'.",
                field="presented_for_id",
            )
    check_sponsors(
        session,
        data.mover_id,
        data.seconder_ids,
        data.introduced_on or dt.date.today(),
        presented_for_id=data.presented_for_id,
    )
    number = None
    typed_file = tidy(data.council_file or "")
    if typed_file:
        existing = session.get(m.Motion, motion_id) if motion_id else None
        same = existing is not None and existing.council_file == typed_file
        # A legacy number already stored is kept as it is; new ones follow the modern form.
        number = (
            typed_file
            if same
            else councilfile.validate_new(session, typed_file, motion_id=motion_id)
        )
    clauses = []
    for i, clause in enumerate(data.clauses, start=1):
        if clause.kind not in {k.value for k in m.ClauseKind}:
            raise Invalid(
                f"Clause {i}: '{clause.kind}' is not recital or operative.", field="clauses"
            )
        clauses.append(ClauseData(clause.kind, clean(clause.text)))
    if data.committee_id is not None and session.get(m.Committee, data.committee_id) is None:
        raise Invalid(f"There is no committee with id {data.committee_id}.", field="committee_id")
    if data.partnership_id is not None and session.get(m.Partnership, data.partnership_id) is None:
        raise Invalid(
            f"There is no partnership with id {data.partnership_id}.", field="partnership_id"
        )
    return MotionData(
        title=title,
        mover_id=data.mover_id,
        kind=data.kind,
        council_file=number,
        seconder_ids=list(data.seconder_ids),
        clauses=clauses,
        committee_id=data.committee_id,
        partnership_id=data.partnership_id,
        introduced_on=data.introduced_on,
        resolution_number=tidy(data.resolution_number),
        presented_for_id=data.presented_for_id,
    )


def check_sponsors(
    session: Session,
    mover_id: int,
    seconder_ids: list[int],
    on_date: dt.date,
    *,
    presented_for_id: int | None = None,
) -> None:
    """The mover, every seconder and the member presented for hold a council seat on the
    item's date; otherwise Invalid names who and why (a mayor cannot move a motion)."""
    checks = [(mover_id, "move it", "mover_id")]
    checks += [(pid, "second it", "seconder_ids") for pid in seconder_ids]
    if presented_for_id is not None:
        checks.append((presented_for_id, "have it presented for them", "presented_for_id"))
    for person_id, role, name in checks:
        problem = people.seat_problem(
            session=session, person_id=person_id, on_date=on_date, role=role
        )
        if problem:
            raise Invalid(problem, field=name)


def _apply(motion: m.Motion, data: MotionData) -> None:
    motion.title = data.title
    motion.kind = data.kind
    motion.council_file = data.council_file
    motion.mover_id = data.mover_id
    motion.presented_for_id = data.presented_for_id
    motion.committee_id = data.committee_id
    motion.partnership_id = data.partnership_id
    motion.introduced_on = data.introduced_on
    motion.resolution_number = data.resolution_number
    motion.updated_at = m.utcnow()
    # Rows are reused position by position, so an edit to one clause rewrites one row.
    seconders = list(motion.seconders)
    for position, pid in enumerate(data.seconder_ids):
        if position < len(seconders):
            if seconders[position].person_id != pid:
                seconders[position].person_id = pid
        else:
            motion.seconders.append(m.MotionSeconder(position=position, person_id=pid))
    del motion.seconders[len(data.seconder_ids) :]
    clauses = list(motion.clauses)
    for position, clause in enumerate(data.clauses):
        if position < len(clauses):
            row = clauses[position]
            if (row.kind, row.text) != (clause.kind, clause.text):
                row.kind, row.text = clause.kind, clause.text
        else:
            motion.clauses.append(
                m.MotionClause(position=position, kind=clause.kind, text=clause.text)
            )
    del motion.clauses[len(data.clauses) :]


def create_motion(*, session: Session, data: MotionData) -> m.Motion:
    clean = validate(session, data)
    motion = m.Motion(status=m.MotionStatus.DRAFT.value)
    session.add(motion)
    _apply(motion, clean)
    session.flush()
    return motion


def update_motion(
    *,
    session: Session,
    motion_id: int,
    data: MotionData,
    expected_version: int,
) -> m.Motion:
    """Save an edited draft. Refused when someone saved a newer version meanwhile (Conflict)
    or when the item is closed (adopted, failed, withdrawn). An unchanged draft writes nothing."""
    motion = get_motion(session=session, motion_id=motion_id)
    label = f"Motion {motion_id}"
    require_version(motion, expected_version, label)
    ensure_editable(motion)
    clean = validate(session, data, motion_id=motion_id)
    if clean == MotionData.of(motion):
        return motion
    if clean.seconder_ids != [s.person_id for s in motion.seconders]:
        # Positions swap between rows: clear them first so the unique (motion, person) holds.
        motion.seconders.clear()
        flush_or_conflict(session, label)
    _apply(motion, clean)
    flush_or_conflict(session, label)
    return motion


def ensure_editable(motion: m.Motion) -> None:
    if motion.status in CLOSED:
        raise Invalid(
            f"Motion {motion.council_file or motion.id} is {motion.status} and is no longer "
            "edited in place. "
            "Draft an amending motion, or save a new version from its history as a new draft."
        )


def get_motion(*, session: Session, motion_id: int) -> m.Motion:
    motion = session.get(m.Motion, motion_id)
    if motion is None:
        raise NotFound(f"There is no motion with id {motion_id}. List them with 'list motions'.")
    return motion


def delete_motion(*, session: Session, motion_id: int, expected_version: int) -> None:
    motion = get_motion(session=session, motion_id=motion_id)
    check_version(motion, expected_version, f"Motion {motion_id}")
    if motion.status not in {m.MotionStatus.DRAFT, m.MotionStatus.READY}:
        raise Invalid(
            f"Motion {motion_id} is {motion.status}: only drafts can be deleted. "
            "Withdraw it instead."
        )
    for vote in session.exec(select(m.Vote).where(m.Vote.motion_id == motion_id)):
        session.delete(vote)
    for step in session.exec(
        select(m.PartnershipStep).where(m.PartnershipStep.motion_id == motion_id)
    ):
        step.motion_id = None
    # An imported draft's original file goes with it, so the file can be imported again.
    for source in session.exec(
        select(m.SourceDocument).where(m.SourceDocument.motion_id == motion_id)
    ):
        session.delete(source)
    session.delete(motion)
    flush_or_conflict(session, f"Motion {motion_id}")


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class MotionRow:
    """One line of the motion list: plain data, cheap to fetch in pages."""

    id: int
    kind: str
    council_file: str | None
    title: str
    mover: str | None
    status: str
    introduced_on: dt.date | None
    updated_at: dt.datetime


#: Columns the list can be sorted by.
SORT_COLUMNS = {
    "id": m.Motion.id,
    "council_file": m.Motion.council_file,
    "title": m.Motion.title,
    "status": m.Motion.status,
    "introduced_on": m.Motion.introduced_on,
    "updated_at": m.Motion.updated_at,
}


def _filtered(query, status: str | None, ids: list[int] | None):  # type: ignore[no-untyped-def]
    if status:
        query = query.where(m.Motion.status == status)
    if ids is not None:
        query = query.where(col(m.Motion.id).in_(ids))
    return query


def count_motions(
    *, session: Session, status: str | None = None, ids: list[int] | None = None
) -> int:
    query = _filtered(select(func.count()).select_from(m.Motion), status, ids)
    return int(session.exec(query).one())


def list_motions(
    *,
    session: Session,
    status: str | None = None,
    ids: list[int] | None = None,
    offset: int = 0,
    limit: int | None = None,
    sort: str = "updated_at",
    descending: bool = True,
) -> list[MotionRow]:
    """A page of the motion list in one query (the GUI fetches pages as the list scrolls)."""
    mover = aliased(m.Person)
    column = SORT_COLUMNS.get(sort)
    if column is None:
        raise Invalid(f"Cannot sort motions by '{sort}'; use one of {', '.join(SORT_COLUMNS)}.")
    order = col(column).desc() if descending else col(column).asc()
    tie = col(m.Motion.id).desc() if descending else col(m.Motion.id).asc()
    # The page's ids first, then their rows: skipping to a deep page walks only the sort
    # index (1 ms at row 49,800 of 50,000) instead of reading and joining every skipped row
    # (31 ms).
    page = _filtered(sa_select(col(m.Motion.id)).order_by(order, tie).offset(offset), status, ids)
    if limit is not None:
        page = page.limit(limit)
    ids_of_page = page.subquery()
    query = (
        sa_select(
            col(m.Motion.id),
            col(m.Motion.kind),
            col(m.Motion.council_file),
            col(m.Motion.title),
            col(mover.full_name),
            col(m.Motion.status),
            col(m.Motion.introduced_on),
            col(m.Motion.updated_at),
        )
        .join(ids_of_page, ids_of_page.c.id == m.Motion.id)
        .outerjoin(mover, mover.id == m.Motion.mover_id)  # type: ignore[arg-type]
        .order_by(order, tie)
    )
    return [MotionRow(*row) for row in session.exec(query)]  # type: ignore[call-overload]


def search_motions(
    *, session: Session, query: str, status: str | None = None, limit: int = 100
) -> list[MotionRow]:
    """The motion list's rows matching ``query`` (as ``search.search`` reads it), best first,
    at most ``limit``: ranked by the index and joined to the rows it shows in one query (see
    ``search.ranked_entries``), never a search for ids and then a list over them."""
    from . import search

    # The words as typed, the last one whole: a page of those is the answer for a common
    # word, read in one query. Fewer than a page: the last word may be unfinished, so it is
    # read again as a prefix (cheap then: the word is rare).
    rows: list[MotionRow] = []
    for prefix in (False, True):
        ranked = search.ranked_entries(
            session, query, kind="motion", first=2 * limit, prefix=prefix
        )
        if ranked is None:
            return []
        rows = _ranked_rows(session, ranked, status, limit)
        if len(rows) >= limit or session.get_bind().dialect.name == "postgresql":
            break
    return rows


def _ranked_rows(
    session: Session, ranked: Subquery, status: str | None, limit: int
) -> list[MotionRow]:
    mover = aliased(m.Person)
    entry = m.SearchEntry.__table__  # type: ignore[attr-defined]
    statement = (
        sa_select(
            col(m.Motion.id),
            col(m.Motion.kind),
            col(m.Motion.council_file),
            col(m.Motion.title),
            col(mover.full_name),
            col(m.Motion.status),
            col(m.Motion.introduced_on),
            col(m.Motion.updated_at),
        )
        .select_from(ranked)
        .join(entry, entry.c.id == ranked.c.entry_id)
        .join(m.Motion, m.Motion.id == entry.c.record_id)
        .outerjoin(mover, mover.id == m.Motion.mover_id)  # type: ignore[arg-type]
        .order_by(ranked.c.score, entry.c.id)
        .limit(limit)
    )
    if status:
        statement = statement.where(col(m.Motion.status) == status)
    return [MotionRow(*row) for row in session.exec(statement)]  # type: ignore[call-overload]


def seconder_names(*, session: Session, status: str | None = None) -> dict[int, list[str]]:
    """The seconders' names of every motion (of one status), in order, in one query; a motion
    with no seconders has no entry."""
    query = _filtered(
        sa_select(col(m.MotionSeconder.motion_id), col(m.Person.full_name))
        .join(m.Person, m.Person.id == m.MotionSeconder.person_id)  # type: ignore[arg-type]
        .join(m.Motion, m.Motion.id == m.MotionSeconder.motion_id)  # type: ignore[arg-type]
        .order_by(col(m.MotionSeconder.motion_id), col(m.MotionSeconder.position)),
        status,
        None,
    )
    names: dict[int, list[str]] = {}
    for motion_id, name in session.execute(query):
        names.setdefault(motion_id, []).append(name)
    return names


def committees(*, session: Session) -> list[m.Committee]:
    return list(session.exec(select(m.Committee).order_by(m.Committee.name)))


def create_committee(*, session: Session, name: str, short_name: str = "") -> m.Committee:
    name = name.strip()
    if not name:
        raise Invalid("A committee needs a name.", field="name")
    if session.exec(select(m.Committee).where(m.Committee.name == name)).first():
        raise Invalid(f"There is already a committee named '{name}'.", field="name")
    committee = m.Committee(name=name, short_name=short_name.strip())
    session.add(committee)
    session.flush()
    return committee


def find_committee(*, session: Session, ref: str) -> m.Committee:
    """A committee by id, by its name or short name (case and accents folded, "Committee"
    optional), or by a prefix of its name that only it has: "public safety" finds the
    "Public Safety Committee". Unknown or ambiguous names list the candidates."""
    from .text import fold

    text = ref.strip()
    every = committees(session=session)
    if text.isdigit():
        found = session.get(m.Committee, int(text))
        if found is None:
            raise NotFound(f"There is no committee with id {text}.", field="committee_id")
        return found

    def plain(name: str) -> str:
        return " ".join(fold(name).replace(",", " ").split())

    wanted = plain(text)
    exact = [
        c
        for c in every
        if wanted in {plain(c.name), plain(c.short_name), plain(c.name + " committee")} - {""}
    ]
    if len(exact) == 1:
        return exact[0]
    starts = exact or [c for c in every if wanted and plain(c.name).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    names = "; ".join(c.name for c in (starts or every))
    if starts:
        raise Invalid(
            f"'{text}' fits {len(starts)} committees: {names}. Give more of the name.",
            field="committee_id",
        )
    raise Invalid(
        f"No committee is called '{text}'. The committees are: {names or 'none yet'}.",
        field="committee_id",
    )
