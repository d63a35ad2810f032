"""How a council cites the sponsors of an item: "Motion (Buscaino - Raman)".

``motion_citation`` is the one rule every caller uses (activity log, record views, document
headings, packet cover, journal), so the citation reads the same everywhere; how many names
it lists before "et al." is the office's setting (``OfficeProfile.citation_limit``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from .content import MotionContent, PersonAsPrinted
from .models import Motion, OfficeProfile, Person
from .text import guess_surname

#: Names listed whole when the office has set nothing: "(Buscaino - Raman)", and a longer
#: list as "(Buscaino - et al. - Raman)".
DEFAULT_LIMIT = 2

#: Joins the names of a citation, with a space either side as the Clerk prints it.
SEPARATOR = " - "


def sponsor_names(
    mover: str,
    seconders: Sequence[str] = (),
    *,
    presented_for: str | None = None,
    limit: int = 2,
    et_al: str = "et al.",
) -> list[str]:
    """The names of a sponsor citation, in order, before they are joined.

    The mover comes first ("Padilla for McOsker" when Padilla presents the motion for
    McOsker: ``presented_for="McOsker"``), then
    the seconders in their order. When there are more than ``limit`` names in all, the list
    keeps the mover and the first seconder (the one the Clerk records as "the" second) and
    folds the others into ``et_al`` between them, the way the Council's journal prints it:
    ``["Buscaino", "et al.", "Raman"]``. A ``limit`` of 0 lists every name.
    """
    first = f"{mover} for {presented_for}" if presented_for else mover
    names = [first, *seconders]
    if limit == 0:
        return names
    if limit < 2:
        raise ValueError("a citation names at least the mover and one seconder")
    if len(names) > limit and seconders:
        return [first, et_al, seconders[0]]
    return names


def sponsor_citation(
    mover: str,
    seconders: Sequence[str] = (),
    *,
    presented_for: str | None = None,
    limit: int = 2,
    et_al: str = "et al.",
) -> str:
    """The sponsor citation in parentheses, from surnames as the records hold them.

    >>> sponsor_citation("Buscaino", ["Raman"])
    '(Buscaino - Raman)'
    >>> sponsor_citation("Buscaino", ["Raman", "Koretz", "O'Farrell"])
    '(Buscaino - et al. - Raman)'
    >>> sponsor_citation("Padilla", ["Hutt"], presented_for="McOsker")
    '(Padilla for McOsker - Hutt)'
    >>> sponsor_citation("Buscaino", ["Raman", "Koretz"], limit=3)
    '(Buscaino - Raman - Koretz)'
    """
    names = sponsor_names(mover, seconders, presented_for=presented_for, limit=limit, et_al=et_al)
    return "(" + SEPARATOR.join(n.strip() for n in names if n.strip()) + ")"


def citation_limit(session: Session) -> int:
    """The office's setting: how many names a citation lists before "et al." (0: all)."""
    office = session.exec(select(OfficeProfile).order_by(OfficeProfile.id)).first()  # type: ignore[arg-type]
    return office.citation_limit if office is not None else DEFAULT_LIMIT


def cited_name(person: Person) -> str:
    """A person as a citation names them: the surname as recorded."""
    return person.surname.strip() or guess_surname(person.full_name)


def motion_citation(session: Session, motion: Motion) -> str:
    """The sponsor citation of a motion, by the office's rule: "(Buscaino - et al. - Raman)";
    empty without a mover. The mover presenting for another member reads "Padilla for
    McOsker" (``presented_for_id`` is McOsker)."""
    mover = session.get(Person, motion.mover_id) if motion.mover_id else None
    if mover is None:
        return ""
    seconders = [session.get(Person, s.person_id) for s in motion.seconders]
    absent = session.get(Person, motion.presented_for_id) if motion.presented_for_id else None
    return sponsor_citation(
        cited_name(mover),
        [cited_name(p) for p in seconders if p is not None],
        presented_for=cited_name(absent) if absent else None,
        limit=citation_limit(session),
    )


def content_citation(content: MotionContent) -> str:
    """The same citation from a motion's frozen content (what its documents print), by the
    office's rule as the content froze it; empty without a mover."""

    def surname(person: PersonAsPrinted) -> str:
        return person.surname.strip() or guess_surname(person.name)

    mover = content.mover
    if mover is None or not mover.name:
        return ""
    absent = content.presented_for
    return sponsor_citation(
        surname(mover),
        [surname(p) for p in content.seconders if p.name],
        presented_for=surname(absent) if absent is not None and absent.name else None,
        limit=content.office.citation_limit,
    )
