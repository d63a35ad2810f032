"""Search: p95 of the Motions list's search over 50,000 and 500,000 motions, and a LIKE scan.

    python bench/search.py [--quick] [--runs N] [--sizes 50000,500000]

Ours: ``motions.search_motions(session=..., query=..., limit=100)``: what the Motions area
asks as someone types, the best matches read ranked with their list columns in ONE query.
Floor (the slow way it replaces, at 50,000 and below): one ``LIKE '%word%'`` per typed word
over the same folded title and body columns of ``search_entry``, same limit. Each query runs
``--runs`` times (its time is the median); the figures are the median, the p95 and the
slowest over the query set, which is printed first.
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
from sistercity_desk import db, motions
from sistercity_desk import search as core_search

GOAL_MS = {50_000: 20.0, 500_000: 50.0}
GOAL_FASTER = 50.0
LIMIT = 100
#: The LIKE floor scans every row: past this size it takes minutes and says nothing new.
FLOOR_UP_TO = 50_000

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
    # Common words: each matches a large share of the motions (every query that hit the
    # 1,000 cap was the slow one).
    "city",
    "council",
    "los angeles",
    "department",
    "report",
    "motion",
    "request",
    "program",
    "street",
    "funding",
    "the city council",
    "public",
    "safety",
    "community",
    "c",
    "de",
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
    return [r.id for r in motions.search_motions(session=session, query=query, limit=LIMIT)]


def time_query(fn, session: Session, query: str, runs: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    fn(session, query)  # the first run reads pages from disk; the median is of warm runs
    times = []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(fn(session, query))
        times.append(time.perf_counter() - start)
    return common.median(times) * 1000, found


def measure(path: Path, runs: int, floor: bool) -> list[dict[str, object]]:
    engine = db.make_engine(f"sqlite:///{path}")
    per_query: list[dict[str, object]] = []
    try:
        with Session(engine) as session:
            for query in QUERIES:
                our_ms, our_found = time_query(ours, session, query, runs)
                like_ms, like_found = (
                    time_query(like_scan, session, query, runs) if floor else (None, None)
                )
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
    return per_query


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="50000,500000", help="numbers of motions, comma-separated")
    args = p.parse_args()
    sizes = [common.QUICK_N] if args.quick else [int(x) for x in args.sizes.split(",")]
    runs = args.runs or (3 if args.quick else 7)
    info = common.machine()
    print(f"queries ({len(QUERIES)}): " + ", ".join(repr(q) for q in QUERIES))
    rows = []
    for n in sizes:
        path = common.dataset(n, args.data)
        floor = n <= FLOOR_UP_TO
        per_query = measure(path, runs, floor)
        width = max(len(str(q["query"])) for q in per_query)
        print(f"\n{n:,} motions\n{'query'.ljust(width)}  {'ours':>9}  {'LIKE':>9}  found")
        for q in per_query:
            like = f"{q['like_ms']:7.2f}ms" if q["like_ms"] is not None else "        -"
            print(
                f"{str(q['query']).ljust(width)}  {q['ours_ms']:7.2f}ms  {like}  "
                f"{q['ours_found']}" + (f" / {q['like_found']}" if floor else "")
            )
        ours_ms = [float(q["ours_ms"]) for q in per_query]  # type: ignore[arg-type]
        like_ms = [float(q["like_ms"]) for q in per_query if q["like_ms"] is not None]  # type: ignore[arg-type]
        goal = GOAL_MS.get(n)
        p95 = common.percentile(ours_ms, 95)
        median_row = common.Row(
            name=f"query, median of {len(QUERIES)}, {n:,} motions",
            unit="ms",
            ours=common.median(ours_ms),
            floor=common.median(like_ms) if like_ms else None,
            faster=True,
        )
        median_row.detail = {"queries": per_query, "runs_per_query": runs, "limit": LIMIT}
        slowest = max(per_query, key=lambda q: float(q["ours_ms"]))  # type: ignore[arg-type]
        rows += [
            median_row,
            common.Row(
                name=f"query, p95 of {len(QUERIES)}, {n:,} motions",
                unit="ms",
                ours=p95,
                floor=common.percentile(like_ms, 95) if like_ms else None,
                faster=True,
                goal=f"< {goal:g} ms" if goal else "",
                met=(p95 < goal) if goal else None,
            ),
            common.Row(
                name=f"slowest query ({slowest['query']!r}), {n:,} motions",
                unit="ms",
                ours=float(slowest["ours_ms"]),  # type: ignore[arg-type]
                floor=slowest["like_ms"],  # type: ignore[arg-type]
                faster=True,
            ),
        ]
    common.print_table(f"The Motions list's search ({runs} runs per query)", rows)
    common.write_results("search", rows, args, info=info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
