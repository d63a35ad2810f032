"""Search: median query time over 50,000 motions, against a LIKE scan of the same text.

    python bench/search.py [--quick] [--runs N]

Ours: ``search.search(session, query, kinds=["motion"], limit=1000)``, what the Motions area
asks as someone types. Floor (the slow way it replaces): one ``LIKE '%word%'`` per typed word
over the same folded title and body columns of ``search_entry``, same limit. Each query runs
``--runs`` times (the median is its time); the figure is the median over the query set, and
the slowest query is shown too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import time

from sqlalchemy import text
from sqlmodel import Session

from bench import common
from sistercity_desk import db
from sistercity_desk import search as core_search

GOAL_MS = 20.0
GOAL_FASTER = 50.0
LIMIT = 1000

#: What people type: whole words, prefixes (as typed so far), several words, names, numbers.
QUERIES = [
    "kyiv",
    "homeless",
    "homel",
    "street lighting",
    "sepul",
    "traffic safety speed",
    "vision z",
    "rent stabilization",
    "fire trucks kyiv",
    "report back within 60 days",
    "buscaino",
    "de leon",
    "o'farrell",
    "22-00",
    "boyle heights sidewalk",
    "tree canopy",
    "grant funding",
    "olympic",
    "mural program",
    "unappropriated balance",
]


def like_scan(session: Session, query: str) -> list[int]:
    words = [w for group in core_search.terms(query) for w in group]
    if not words:
        return []
    where = " AND ".join(
        f"(title_folded LIKE :w{i} OR body_folded LIKE :w{i})" for i in range(len(words))
    )
    sql = text(f"SELECT record_id FROM search_entry WHERE kind = 'motion' AND {where} LIMIT :limit")
    params: dict[str, object] = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    params["limit"] = LIMIT
    return [r for (r,) in session.execute(sql, params)]


def ours(session: Session, query: str) -> list[int]:
    return [h.record_id for h in core_search.search(session, query, kinds=["motion"], limit=LIMIT)]


def time_query(fn, session: Session, query: str, runs: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    fn(session, query)  # the first run reads pages from disk; the median is of warm runs
    times = []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(fn(session, query))
        times.append(time.perf_counter() - start)
    return common.median(times) * 1000, found


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    n = common.QUICK_N if args.quick else common.FULL_N
    runs = args.runs or (3 if args.quick else 7)
    info = common.machine()
    path = common.dataset(n, args.data)
    engine = db.make_engine(f"sqlite:///{path}")
    per_query = []
    try:
        with Session(engine) as session:
            for query in QUERIES:
                our_ms, our_found = time_query(ours, session, query, runs)
                like_ms, like_found = time_query(like_scan, session, query, runs)
                per_query.append(
                    {
                        "query": query,
                        "ours_ms": our_ms,
                        "like_ms": like_ms,
                        "ours_found": our_found,
                        "like_found": like_found,
                    }
                )
    finally:
        engine.dispose()
    width = max(len(q["query"]) for q in per_query)
    print(f"{'query'.ljust(width)}  {'ours':>9}  {'LIKE':>9}  found (ours / LIKE)")
    for q in per_query:
        print(
            f"{q['query'].ljust(width)}  {q['ours_ms']:7.2f}ms  {q['like_ms']:7.2f}ms  "
            f"{q['ours_found']} / {q['like_found']}"
        )
    our_median = common.median([q["ours_ms"] for q in per_query])
    like_median = common.median([q["like_ms"] for q in per_query])
    slowest = max(per_query, key=lambda q: q["ours_ms"])
    main_row = common.Row(
        name=f"query, median of {len(QUERIES)}, {n:,} motions",
        unit="ms",
        ours=our_median,
        floor=like_median,
        faster=True,
        goal=f"< {GOAL_MS:g} ms and >= {GOAL_FASTER:g}x faster than LIKE",
    )
    assert main_row.ratio is not None
    main_row.met = our_median < GOAL_MS and main_row.ratio >= GOAL_FASTER
    main_row.detail = {"queries": per_query, "runs_per_query": runs, "limit": LIMIT}
    rows = [
        main_row,
        common.Row(
            name=f"slowest query ({slowest['query']!r})",
            unit="ms",
            ours=slowest["ours_ms"],
            floor=slowest["like_ms"],
            faster=True,
        ),
    ]
    common.print_table(f"Full-text search over {n:,} motions ({runs} runs per query)", rows)
    common.write_results("search", rows, args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
