"""How a council cites the sponsors of an item: "Motion (Buscaino - Raman)"."""

from __future__ import annotations

from collections.abc import Sequence

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
    ``["Buscaino", "et al.", "Raman"]``.
    """
    first = f"{mover} for {presented_for}" if presented_for else mover
    names = [first, *seconders]
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
