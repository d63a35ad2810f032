"""Importing recognised Word files: the review of a batch, then one transaction per file.

``review`` reads files and says what each holds (nothing is written); ``import_reviewed``
stores one reviewed file as a motion with its original file, its historic status and the
activity entry "Imported from <file name>". The same file (same SHA-256) is never stored twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from .. import councilfile, motions
from .. import models as m
from ..errors import Invalid
from ..text import fold
from ..workflow import ActivityKind, standard_text
from .word_import import Member, Recognised, find_files, name_tokens, recognise_file

Progress = Callable[[int, int, str], None]


def office_members(session: Session) -> list[Member]:
    """The members names are matched against, each with their latest district."""
    seats = session.exec(select(m.CouncilSeat).where(col(m.CouncilSeat.person_id).is_not(None)))
    district: dict[int, tuple[dt.date, int]] = {}
    for seat in seats:
        assert seat.person_id is not None
        start = seat.term_start or dt.date.min
        if seat.person_id not in district or district[seat.person_id][0] <= start:
            district[seat.person_id] = (start, seat.district)
    people = session.exec(select(m.Person).where(m.Person.role == m.PersonRole.MEMBER.value))
    return [
        Member(
            id=p.id,
            full_name=p.full_name,
            surname=p.surname,
            district=district[p.id][1] if p.id in district else None,
        )
        for p in people
        if p.id is not None
    ]


def council_names(session: Session) -> list[str]:
    """How the office's council is named after "A RESOLUTION OF THE" in its resolutions."""
    profile = session.exec(select(m.OfficeProfile)).first() or m.OfficeProfile()
    city, name = profile.city_name.strip(), profile.council_name.strip()
    body = name[len(city) :].strip() if city and name.startswith(city) else name
    names = {name, f"{body} of the City of {city}", f"{city} {body}", f"{body} of {city}"}
    return sorted(n for n in names if n.strip())


def stored_hashes(session: Session, hashes: Iterable[str]) -> dict[str, int | None]:
    """Which of ``hashes`` are already stored, and the motion imported from each."""
    wanted = list(set(hashes))
    found: dict[str, int | None] = {}
    for start in range(0, len(wanted), 500):
        rows = session.exec(
            select(m.SourceDocument.sha256, m.SourceDocument.motion_id).where(
                col(m.SourceDocument.sha256).in_(wanted[start : start + 500])
            )
        )
        found.update({sha: motion_id for sha, motion_id in rows})
    return found


def review(
    session: Session,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Recognised]:
    """What each file under ``paths`` holds, as the user reviews it. Writes nothing."""
    files = find_files(paths)
    members = office_members(session)
    names = council_names(session)
    results: list[Recognised] = []
    for i, path in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i, len(files), path.name)
        results.append(recognise_file(path, members, council_names=names))
    mark_duplicates(session, results)
    if progress is not None:
        progress(len(results), len(files), "")
    return results


def mark_duplicates(session: Session, results: Sequence[Recognised]) -> None:
    """Files already imported (same SHA-256), and second copies within the batch."""
    stored = stored_hashes(session, [r.sha256 for r in results if r.sha256 and not r.error])
    first_in_batch: dict[str, str] = {}
    for result in results:
        if result.error or not result.sha256:
            continue
        if result.sha256 in stored:
            motion_id = stored[result.sha256]
            result.duplicate_of = motion_id if motion_id is not None else 0
        elif result.sha256 in first_in_batch:
            result.duplicate_of = 0
            result.problems.append(f"the same file as {first_in_batch[result.sha256]}")
        else:
            first_in_batch[result.sha256] = result.name


def skip_reason(result: Recognised) -> str:
    """Why ``result`` is not importable as it stands (empty when it is)."""
    if result.error:
        return result.error
    if result.duplicate_of is not None:
        if result.duplicate_of:
            return f"already imported (motion {result.duplicate_of}); skipped"
        return "already imported; skipped"
    if result.kind is None:
        return "not a motion or a resolution"
    return ""


@dataclass(frozen=True)
class Imported:
    motion_id: int
    name: str


def _pick(role: str, printed: str, picks: Mapping[str, int], person_id: int | None) -> int | None:
    """The person for a printed name: the user's pick (by role or by the name as printed)
    first, else what the recogniser matched."""
    if role in picks:
        return picks[role]
    key = " ".join(name_tokens(printed))
    if not key:
        return person_id
    for name, pid in picks.items():
        if " ".join(name_tokens(name)) == key or fold(name) == fold(printed):
            return pid
    return person_id


def resolved_people(
    result: Recognised, picks: Mapping[str, int]
) -> tuple[int | None, int | None, list[int], list[str]]:
    """(mover, presented for, seconders, still unresolved) after the user's picks."""
    missing: list[str] = []
    mover = presented_for = None
    if result.mover is not None:
        mover = _pick("mover", result.mover.printed, picks, result.mover.person_id)
        if mover is None:
            missing.append(result.mover.printed or "mover")
    if result.presented_for is not None:
        presented_for = _pick(
            "presented for", result.presented_for.printed, picks, result.presented_for.person_id
        )
        if presented_for is None:
            missing.append(result.presented_for.printed)
    seconders: list[int] = []
    for i, ref in enumerate(result.seconders, start=1):
        pid = _pick(f"seconder {i}", ref.printed, picks, ref.person_id)
        if pid is None:
            missing.append(ref.printed)
        elif pid not in seconders and pid != mover:
            seconders.append(pid)
    return mover, presented_for, seconders, missing


def import_reviewed(
    session: Session,
    result: Recognised,
    *,
    picks: Mapping[str, int] | None = None,
    content: bytes | None = None,
    today: dt.date | None = None,
) -> Imported:
    """Store one reviewed file as a motion (flushed; the caller commits, one file per
    transaction). Refused with a one-line reason when the file cannot be imported as it is:
    unreadable, already imported, a person not resolved, a Council File already held."""
    reason = skip_reason(result)
    if reason:
        raise Invalid(reason)
    if content is None:
        try:
            content = Path(result.path).read_bytes()
        except OSError as exc:
            raise Invalid(f"cannot be read any more ({exc.strerror or exc})") from exc
    from .word_import import sha256_bytes

    if sha256_bytes(content) != result.sha256:
        raise Invalid("the file changed after it was reviewed; review it again")
    if stored_hashes(session, [result.sha256]):
        raise Invalid("already imported; skipped")
    mover, presented_for, seconders, missing = resolved_people(result, picks or {})
    if result.mover is None or (mover is None and not result.mover.printed):
        raise Invalid(
            "no PRESENTED BY block names the mover: say who with --person mover=ID; skipped"
        )
    if missing:
        listed = ", ".join(f"'{n}'" for n in missing)
        raise Invalid(f"{listed} not matched to a member: say who with --person NAME=ID; skipped")
    number = ""
    if result.council_file:
        number = councilfile.validate_import(result.council_file)
        holder = councilfile.holder_of(session, number)
        if holder is not None:
            raise Invalid(f"Council File {number} is already motion {holder.id}'s; skipped")
    data = motions.MotionData(
        title=result.title or Path(result.name).stem,
        kind=result.kind or m.MotionKind.MOTION.value,
        mover_id=mover,
        presented_for_id=presented_for,
        seconder_ids=seconders,
        introduced_on=result.introduced_on,
        resolution_number=result.resolution_number,
        clauses=[motions.ClauseData(kind, text) for kind, text in result.clauses],
    )
    motion = motions.create_motion(session=session, data=data)
    assert motion.id is not None
    # The file's own history, kept as it happened: the workflow's moves are for new items.
    motion.council_file = number or None
    motion.status = result.status
    today = today or dt.date.today()
    entries: list[tuple[dt.date, str, str]] = []
    if result.introduced_on is not None and result.status != m.MotionStatus.DRAFT.value:
        entries.append(
            (
                result.introduced_on,
                ActivityKind.INTRODUCED.value,
                standard_text(ActivityKind.INTRODUCED.value),
            )
        )
    if result.status == m.MotionStatus.ADOPTED.value and result.adopted_on is not None:
        entries.append(
            (
                result.adopted_on,
                ActivityKind.ADOPTED.value,
                standard_text(ActivityKind.ADOPTED.value),
            )
        )
    entries.append((today, ActivityKind.NOTE.value, f"Imported from {result.name}"))
    for on_date, kind, text in entries:
        motion.activities.append(m.Activity(on_date=on_date, kind=kind, text=text))
    session.add(
        m.SourceDocument(
            motion_id=motion.id,
            file_name=result.name,
            sha256=result.sha256,
            size=len(content),
            content=content,
        )
    )
    session.flush()
    return Imported(motion_id=motion.id, name=result.name)


def source_of(session: Session, motion_id: int) -> m.SourceDocument | None:
    """The Word file a motion was imported from, if it was."""
    return session.exec(
        select(m.SourceDocument).where(m.SourceDocument.motion_id == motion_id)
    ).first()
