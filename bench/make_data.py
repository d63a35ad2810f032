"""Fill a database with N realistic motions (plus the demo office, cities and agreements), fast.

    python bench/make_data.py 50000 [--db PATH] [--seed 1] [--replace]

The demo office comes first (``demo.load_demo``: the LA council, its 15 seats, 25 sister
cities and Kyiv, the Kyiv motion and agreement). Then ``EXTRA_CITIES`` partner cities with
their partnerships and one agreement per ``MOTIONS_PER_AGREEMENT`` motions go through the
services, and the N motions (LA slash-keyword titles, 2-8 paragraphs, 1-4 ordered seconders,
a roll-call vote for about half, 2-4 activity lines) go in with SQLAlchemy core executemany,
all in one transaction. Their search rows are written in bulk the way ``search.reindex``
writes them, and a sample is checked against ``search``'s own reading of the records before
the transaction commits. Same N and seed: the same database.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds typing.py and search.py: off the import path with it (so they never stand in
# for the standard library's typing), and the project root on it.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from sistercity_desk import agreements, cities, db, demo, opening, people, search
from sistercity_desk import models as m
from sistercity_desk.text import fold

#: Bumped whenever the generated content changes, so cached databases are rebuilt.
GENERATOR_VERSION = 1
MOTIONS_PER_AGREEMENT = 500
#: Rows per executemany call: big enough to be fast, small enough to keep memory flat.
CHUNK = 5_000

# --------------------------------------------------------------------------- vocabulary

TOPICS = [
    ("Homelessness", ["Interim Housing", "Safe Parking", "Tiny Home Villages", "Motel Leasing"]),
    ("Street Lighting", ["LED Conversion", "Copper Wire Theft", "Pedestrian Lighting"]),
    ("Traffic Safety", ["Speed Humps", "Left-Turn Signal", "Crosswalk Upgrade", "Vision Zero"]),
    ("Sidewalk Repair", ["Tree Root Damage", "Access Ramps", "Safe Sidewalks Program"]),
    ("Parks", ["Playground Renovation", "Recreation Center Hours", "Park Ranger Patrols"]),
    ("Public Safety", ["Fireworks Enforcement", "Street Takeovers", "Community Policing"]),
    ("Fire Department", ["Station Staffing", "Brush Clearance", "Surplus Apparatus"]),
    ("Transportation", ["Bus Shelters", "Bike Lanes", "Parking Meters", "Metro Connector"]),
    ("Housing", ["Rent Stabilization", "Affordable Housing Linkage Fee", "Tenant Protections"]),
    ("Economic Development", ["Small Business Grants", "Street Vending", "Film Permits"]),
    ("Sanitation", ["Bulky Item Pickup", "Illegal Dumping", "Recycling Contract"]),
    ("Water and Power", ["Stormwater Capture", "Solar Incentives", "Rate Review"]),
    ("Sister City", ["Nomination Review", "Cultural Exchange", "Delegation Visit"]),
    ("Trade, Travel and Tourism", ["Olympic Games 2028", "Airport Concessions", "Port Trade"]),
    ("Animal Services", ["Shelter Capacity", "Spay and Neuter Vouchers", "Wildlife Corridors"]),
    ("Personnel", ["Hiring Freeze Exemption", "Classification Study", "Paid Leave Policy"]),
    ("Budget", ["Reserve Fund Transfer", "Special Fund Appropriation", "Grant Acceptance"]),
    ("Cannabis", ["Social Equity Program", "Retail Licensing", "Enforcement Report"]),
    ("Arts and Culture", ["Mural Program", "Cultural Festival", "Historic-Cultural Monument"]),
    ("Climate", ["Urban Heat Island", "Tree Canopy", "Building Decarbonization"]),
]
PLACES = [
    "Council District 1",
    "Council District 4",
    "Council District 9",
    "Council District 13",
    "Council District 15",
    "San Pedro",
    "Wilmington",
    "Boyle Heights",
    "Van Nuys",
    "Sylmar",
    "Highland Park",
    "Venice Boulevard",
    "Sepulveda Boulevard",
    "Figueroa Street",
    "Crenshaw Boulevard",
    "Vermont Avenue",
    "Pico-Union",
    "Koreatown",
    "Watts",
    "Sun Valley",
    "Chatsworth",
    "Eagle Rock",
    "Westchester",
    "Harbor Gateway",
    "Citywide",
    "Downtown",
]
ACTIONS = [
    "Feasibility Study",
    "Report Back",
    "Funding Request",
    "Pilot Program",
    "Ordinance",
    "Status Report",
    "Resolution of Support",
    "Fee Waiver",
    "Enforcement Plan",
    "Community Outreach",
    "Audit",
    "Contract Amendment",
]
DEPARTMENTS = [
    "Department of Transportation",
    "Bureau of Street Services",
    "Bureau of Street Lighting",
    "Department of Recreation and Parks",
    "Los Angeles Fire Department",
    "Los Angeles Police Department",
    "Housing Department",
    "City Administrative Officer",
    "Chief Legislative Analyst",
    "Department of City Planning",
    "Bureau of Sanitation",
    "Department of Water and Power",
    "Economic and Workforce Development Department",
    "Department of Cultural Affairs",
    "City Attorney",
    "Department of Building and Safety",
]
OPENINGS = [
    "Residents of {place} have asked the City for years to address {topic}.",
    "The number of service requests about {topic} in {place} has grown every year since 2015.",
    "Across Los Angeles, {topic} remains one of the concerns residents raise most often.",
    "In {place}, {topic} affects families, workers and small businesses alike.",
    "The City has made progress on {topic}, but the need in {place} still outpaces the response.",
]
MIDDLES = [
    "A review by the {dept} found that existing resources cover only part of the need, and "
    "that requests often wait months before work begins.",
    "Community members, neighborhood councils and local businesses have documented the "
    "problem at public meetings and in letters to this office.",
    "Other large cities, including San Diego, Seattle and Chicago, have adopted programs that "
    "reduced the backlog within two fiscal years at a modest cost.",
    "Funding from state and federal grants may be available, but the City must first identify "
    "a lead department and a plan that meets the grant requirements.",
    "The {dept} has indicated that it can begin the work with additional staff and a clear "
    "direction from the Council.",
    "Delays carry real costs: emergency repairs, claims against the City and lost trust in "
    "public services.",
    "Equity demands that the neighborhoods that have waited longest be served first, with "
    "outreach in the languages their residents speak.",
]
CLOSINGS = [
    "It is time for the City to act.",
    "The City should take the next step now.",
    "A clear plan with dates and costs will let the Council decide with the facts in hand.",
    "This motion asks for that plan.",
]
OPERATIVE_VERBS = [
    "the Council instruct the {dept} to report back within {days} days on {topic} in {place}, "
    "including the cost, the staffing needed and the possible sources of funds.",
    "the Council request the {dept}, with the assistance of the City Administrative Officer, "
    "to prepare a plan for {topic} in {place} and to identify grant funding for it.",
    "the Council direct the City Attorney, with the assistance of the {dept}, to prepare and "
    "present an ordinance addressing {topic}.",
    "the Council instruct the {dept} to create a pilot program for {topic} in {place} and to "
    "report on its results after twelve months.",
    "the sum of ${amount:,} be transferred from the Unappropriated Balance to the {dept} for "
    "{topic} in {place}.",
    "the Council instruct the {dept} to hold community meetings in {place} on {topic} and to "
    "report on what residents said.",
]
RESOLUTION_OPENINGS = [
    "WHEREAS, {topic} in {place} is a matter of concern to the City of Los Angeles;",
    "WHEREAS, the {dept} has found that {topic} requires action at the state level;",
    "WHEREAS, legislation now pending in Sacramento would help the City address {topic};",
]
RESOLUTION_RESOLVED = [
    "with the concurrence of the Mayor, the City of Los Angeles hereby includes in its State "
    "Legislative Program SUPPORT for legislation that addresses {topic}.",
    "the Council urge the State Legislature to fund programs for {topic} in cities such as "
    "Los Angeles.",
]

#: Partner cities beyond the demo's: name, country, language (BCP 47), native name.
EXTRA_CITIES = [
    ("Lyon", "France", "fr-FR", "Lyon"),
    ("Osaka", "Japan", "ja-JP", "大阪"),
    ("Seoul", "South Korea", "ko-KR", "서울"),
    ("Krakow", "Poland", "pl-PL", "Kraków"),
    ("Lviv", "Ukraine", "uk-UA", "Львів"),
    ("Odesa", "Ukraine", "uk-UA", "Одеса"),
    ("Porto", "Portugal", "pt-PT", "Porto"),
    ("Valencia", "Spain", "es-ES", "València"),
    ("Guadalajara", "Mexico", "es-MX", "Guadalajara"),
    ("Oaxaca", "Mexico", "es-MX", "Oaxaca"),
    ("Bogota", "Colombia", "es-CO", "Bogotá"),
    ("Lima", "Peru", "es-PE", "Lima"),
    ("Santiago", "Chile", "es-CL", "Santiago"),
    ("Accra", "Ghana", "en-GH", "Accra"),
    ("Nairobi", "Kenya", "sw-KE", "Nairobi"),
    ("Lagos", "Nigeria", "en-NG", "Lagos"),
    ("Manila", "Philippines", "fil-PH", "Maynila"),
    ("Hanoi", "Vietnam", "vi-VN", "Hà Nội"),
    ("Bangkok", "Thailand", "th-TH", "กรุงเทพมหานคร"),
    ("Tbilisi", "Georgia", "ka-GE", "თბილისი"),
    ("Vilnius", "Lithuania", "lt-LT", "Vilnius"),
    ("Riga", "Latvia", "lv-LV", "Rīga"),
    ("Tallinn", "Estonia", "et-EE", "Tallinn"),
    ("Gdansk", "Poland", "pl-PL", "Gdańsk"),
    ("Munich", "Germany", "de-DE", "München"),
    ("Zurich", "Switzerland", "de-CH", "Zürich"),
    ("Malmo", "Sweden", "sv-SE", "Malmö"),
    ("Aarhus", "Denmark", "da-DK", "Aarhus"),
    ("Brno", "Czechia", "cs-CZ", "Brno"),
    ("Cork", "Ireland", "en-IE", "Cork"),
]
SEAT_CHOICES = [m.VoteChoice.YES.value] * 12 + [m.VoteChoice.ABSENT.value, m.VoteChoice.NO.value]

#: Status of a generated motion, with its weight.
STATUSES = [
    (m.MotionStatus.DRAFT.value, 8), (m.MotionStatus.READY.value, 2),
    (m.MotionStatus.INTRODUCED.value, 5), (m.MotionStatus.REFERRED.value, 24),
    (m.MotionStatus.REPORTED.value, 6), (m.MotionStatus.CONTINUED.value, 3),
    (m.MotionStatus.ADOPTED.value, 45), (m.MotionStatus.FAILED.value, 3),
    (m.MotionStatus.WITHDRAWN.value, 4),
]  # fmt: skip
VOTED = {m.MotionStatus.ADOPTED.value, m.MotionStatus.FAILED.value}
UNFILED = {m.MotionStatus.DRAFT.value, m.MotionStatus.READY.value}


# --------------------------------------------------------------------------- the office


def _office(session: Session, rng: random.Random, n: int) -> dict[str, Any]:
    """The demo office, more partner cities, their partnerships and some agreements."""
    demo.load_demo(session)
    profile = session.scalars(select(m.OfficeProfile)).first()
    assert profile is not None and profile.home_city_id is not None
    home = profile.home_city_id
    members = [
        (row.district, row.member.id or 0)
        for row in people.seats_on(session=session, on_date=dt.date(2022, 3, 1))
        if row.member is not None
    ]
    mayor = session.scalars(select(m.Person).where(m.Person.surname == "Garcetti")).one()
    committees = [c.id or 0 for c in session.scalars(select(m.Committee))]
    partnerships: dict[str, int] = {}
    for row in cities.registry(session=session):
        partnerships[row.name] = row.partnership_id
    partner_cities: list[tuple[int, str, str]] = []
    for name, country, language, native in EXTRA_CITIES:
        city = cities.create_city(
            session=session,
            data=cities.CityData(
                name=name, native_name=native, country=country, country_label=country,
                language=language,
            ),
        )  # fmt: skip
        status = rng.choice([s.value for s in m.PartnershipStatus])
        partnership = cities.create_partnership(
            session=session,
            data=cities.PartnershipData(
                city_id=city.id or 0,
                status=status,
                established_year=rng.randint(1960, 2023) if status != "proposed" else None,
            ),
        )
        partnerships[name] = partnership.id or 0
        partner_cities.append((city.id or 0, name, language.split("-")[0]))
    count = max(1, n // MOTIONS_PER_AGREEMENT)
    for i in range(count):
        city_id, name, language = partner_cities[i % len(partner_cities)]
        articles = []
        for a in range(rng.randint(5, 9)):
            heading = rng.choice(["Cooperation", "Exchange", "Liaison", "Culture", "Trade"])
            text = " ".join(
                s.format(
                    topic=rng.choice(TOPICS)[0].lower(), place=name, dept=rng.choice(DEPARTMENTS)
                )
                for s in rng.sample(MIDDLES, 2)
            )
            articles.append(
                agreements.ArticleData(
                    texts={"en": text, language: f"[{language}] {text}"},
                    headings={"en": f"{heading} {a + 1}", language: f"[{language}] {heading}"},
                )
            )
        agreements.create_agreement(
            session=session,
            data=agreements.AgreementData(
                home_city_id=home,
                partner_city_id=city_id,
                home_language="en",
                partner_language=language,
                titles={
                    "en": f"Sister City Agreement between Los Angeles and {name} ({i + 1})",
                    language: f"[{language}] Los Angeles - {name}",
                },
                preambles={"en": "The two cities have agreed as follows:", language: "..."},
                articles=articles,
                annex_items=[
                    agreements.AnnexItemData(
                        "Surplus fire engine", rng.randint(1, 4), "Used", Decimal("60000.00")
                    )
                ],
                home_signing_place="Los Angeles",
                partner_signing_place=name,
                home_signatory_id=mayor.id,
                partnership_id=partnerships[name],
            ),
        )
    session.flush()
    people_names = {p.id: p.full_name for p in session.scalars(select(m.Person))}
    city_words = {}
    for partnership in session.scalars(select(m.Partnership)):
        city = session.get(m.City, partnership.city_id)
        assert city is not None
        city_words[partnership.id] = (
            city.name,
            [city.name, city.native_name, *city.aliases, city.country, city.country_label],
        )
    return {
        "members": members,
        "committees": committees,
        "people": people_names,
        "partnerships": city_words,
    }


# --------------------------------------------------------------------------- motions


def _paragraph(rng: random.Random, topic: str, place: str) -> str:
    dept = rng.choice(DEPARTMENTS)
    sentences = [rng.choice(OPENINGS)]
    sentences += rng.sample(MIDDLES, rng.randint(1, 3))
    if rng.random() < 0.4:
        sentences.append(rng.choice(CLOSINGS))
    return " ".join(s.format(topic=topic.lower(), place=place, dept=dept) for s in sentences)


def _motions(
    rng: random.Random, n: int, first_id: int, first_vote_id: int, office: dict[str, Any]
) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Rows for every table, ``CHUNK`` motions at a time."""
    members: list[tuple[int, int]] = office["members"]
    member_ids = [pid for _, pid in members]
    partnerships: dict[int, tuple[str, list[str]]] = office["partnerships"]
    sister_ids = sorted(partnerships)
    names, weights = zip(*STATUSES, strict=True)
    years = max(25, -(-n // 4000))
    per_year: dict[int, int] = {}
    start = dt.date(2024, 12, 31) - dt.timedelta(days=365 * years)
    span = (dt.date(2024, 12, 31) - start).days
    vote_id = first_vote_id
    batch: dict[str, list[dict[str, Any]]] = _empty()
    for i in range(n):
        motion_id = first_id + i
        topic, subtopics = rng.choice(TOPICS)
        partnership_id = None
        if topic == "Sister City":
            partnership_id = rng.choice(sister_ids)
            place = partnerships[partnership_id][0]
        else:
            place = rng.choice(PLACES)
        title = f"{topic} / {place} / {rng.choice(subtopics + ACTIONS)}"
        resolution = rng.random() < 0.1
        status = rng.choices(names, weights)[0]
        day = start + dt.timedelta(days=int(span * (i + rng.random()) / n))
        introduced = None if status in UNFILED else day
        council_file = None
        if introduced is not None:
            # Counted per two-digit year: 500,000 motions span more than a century, and
            # 1900's "00-0059" must not meet 2000's.
            per_year[day.year % 100] = per_year.get(day.year % 100, 0) + 1
            council_file = f"{day.year % 100:02d}-{per_year[day.year % 100]:04d}"
        mover = rng.choice(member_ids)
        seconders = rng.sample([p for p in member_ids if p != mover], rng.randint(1, 4))
        created = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(
            days=rng.randint(1, 20), minutes=rng.randint(0, 600)
        )
        updated = created + dt.timedelta(days=rng.randint(1, 90), minutes=rng.randint(0, 900))
        batch["motion"].append(
            {
                "id": motion_id,
                "kind": "resolution" if resolution else "motion",
                "title": title,
                "council_file": council_file,
                "resolution_number": "",
                "mover_id": mover,
                "presented_for_id": None,
                "committee_id": rng.choice(office["committees"]) if introduced else None,
                "partnership_id": partnership_id,
                "status": status,
                "introduced_on": introduced,
                "created_at": created,
                "updated_at": updated,
                "version": rng.randint(1, 6),
            }
        )
        for position, pid in enumerate(seconders):
            batch["motion_seconder"].append(
                {"motion_id": motion_id, "position": position, "person_id": pid}
            )
        total = rng.randint(2, 8)
        operative = max(1, total // 3 + rng.randint(-1, 1)) if total > 2 else 1
        texts: list[tuple[str, str]] = []
        dept = rng.choice(DEPARTMENTS)
        fill = {"topic": topic.lower(), "place": place, "dept": dept}
        for _ in range(total - operative):
            text = (
                rng.choice(RESOLUTION_OPENINGS).format(**fill)
                if resolution
                else _paragraph(rng, topic, place)
            )
            texts.append((m.ClauseKind.RECITAL.value, text))
        for _ in range(operative):
            pool = RESOLUTION_RESOLVED if resolution else OPERATIVE_VERBS
            text = rng.choice(pool).format(
                **fill,
                days=rng.choice([30, 60, 90]),
                amount=rng.randrange(50_000, 5_000_000, 5_000),
            )
            texts.append((m.ClauseKind.OPERATIVE.value, text))
        for position, (kind, text) in enumerate(texts):
            batch["motion_clause"].append(
                {"motion_id": motion_id, "position": position, "kind": kind, "text": text}
            )
        batch["activity"] += _activities(rng, motion_id, status, day, created, mover, office)
        if status in VOTED or (status == m.MotionStatus.CONTINUED.value and rng.random() < 0.5):
            meeting = day + dt.timedelta(days=rng.randint(7, 60))
            failed = status == m.MotionStatus.FAILED.value
            batch["vote"].append(
                {
                    "id": vote_id,
                    "motion_id": motion_id,
                    "meeting_date": meeting,
                    "meeting_type": "Regular",
                    "action": "Failed" if failed else "Adopted",
                    "threshold": m.Threshold.MAJORITY.value,
                    "created_at": dt.datetime.combine(meeting, dt.time(12), tzinfo=dt.UTC),
                    "version": 1,
                }
            )
            seats = dict(members)
            for district in range(1, 16):
                pid = seats.get(district)
                if pid is None:
                    choice = m.VoteChoice.VACANT.value
                elif failed:
                    choice = rng.choice([m.VoteChoice.NO.value, m.VoteChoice.YES.value])
                else:
                    choice = rng.choice(SEAT_CHOICES)
                batch["vote_cast"].append(
                    {"vote_id": vote_id, "district": district, "person_id": pid, "choice": choice}
                )
            vote_id += 1
        body = [council_file or "", "", *(t for _, t in texts)]
        body += [office["people"][p] for p in [mover, *seconders]]
        if partnership_id is not None:
            body += partnerships[partnership_id][1]
        batch["search_entry"].append(
            {
                "kind": "motion",
                "record_id": motion_id,
                "title": title,
                "title_folded": fold(title),
                "body_folded": fold("\n".join(body)),
            }
        )
        if len(batch["motion"]) >= CHUNK:
            yield batch
            batch = _empty()
    if batch["motion"]:
        yield batch


def _activities(
    rng: random.Random,
    motion_id: int,
    status: str,
    day: dt.date,
    created: dt.datetime,
    mover: int,
    office: dict[str, Any],
) -> list[dict[str, Any]]:
    who = office["people"][mover].split()[-1]
    lines: list[tuple[dt.date, str, str]] = []
    if status in UNFILED:
        lines.append((created.date(), "note", f"Draft started by the office of {who}."))
        lines.append((created.date() + dt.timedelta(days=1), "note", "Sent for review."))
    else:
        lines.append((day, "introduced", f"Motion ({who} - ...) introduced."))
        lines.append((day, "referred", "Motion referred to committee."))
        later = day + dt.timedelta(days=rng.randint(7, 60))
        if status in VOTED:
            word = "adopted" if status == m.MotionStatus.ADOPTED.value else "failed"
            lines.append((later, word, f"Council {word} item, as amended."))
        elif status == m.MotionStatus.WITHDRAWN.value:
            lines.append((later, "withdrawn", "Motion withdrawn by the mover."))
        if rng.random() < 0.5:
            lines.append((later, "note", "Report from the department received and filed."))
    stamp = created + dt.timedelta(hours=1)
    return [
        {"motion_id": motion_id, "on_date": on, "kind": kind, "text": text, "created_at": stamp}
        for on, kind, text in lines[:4]
    ]


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {
        k: []
        for k in (
            "motion",
            "motion_seconder",
            "motion_clause",
            "activity",
            "vote",
            "vote_cast",
            "search_entry",
        )
    }


# --------------------------------------------------------------------------- checking


def check_index(session: Session, rng: random.Random, sample: int = 200) -> int:
    """Compare the bulk-written search rows of a sample of motions with what ``search`` itself
    makes of those records; raise on any difference. Returns how many were checked."""
    table = m.SearchEntry.__table__  # type: ignore[attr-defined]
    ids = [r for (r,) in session.execute(select(table.c.record_id).where(table.c.kind == "motion"))]
    checked = 0
    for record_id in rng.sample(ids, min(sample, len(ids))):
        doc = search._document(session, "motion", record_id)
        assert doc is not None
        row = session.execute(
            select(table.c.title, table.c.title_folded, table.c.body_folded).where(
                table.c.kind == "motion", table.c.record_id == record_id
            )
        ).one()
        if tuple(row) != (doc[0], fold(doc[0]), fold(doc[1])):
            raise SystemExit(f"search row of motion {record_id} differs from search's own")
        checked += 1
    return checked


# --------------------------------------------------------------------------- building


def build(n: int, path: Path, *, seed: int = 1) -> dict[str, Any]:
    """Create ``path`` holding the demo office and ``n`` generated motions; the counts and
    the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    engine = opening.open_database(str(path))
    counts: dict[str, int] = {}
    try:
        with db.session_scope(engine) as session:
            office = _office(session, rng, n)
            first_id = (session.execute(select(func.max(m.Motion.id))).scalar() or 0) + 1
            first_vote = (session.execute(select(func.max(m.Vote.id))).scalar() or 0) + 1
            tables = m.SQLModel.metadata.tables
            for batch in _motions(rng, n, first_id, first_vote, office):
                for name, rows in batch.items():
                    if rows:
                        session.execute(insert(tables[name]), rows)
                        counts[name] = counts.get(name, 0) + len(rows)
            counts["checked_search_rows"] = check_index(session, rng)
            if n and not search.search(session, "council", kinds=["motion"], limit=1):
                raise SystemExit("the generated motions cannot be found by search")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    counts["seconds"] = round(time.perf_counter() - started, 2)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many motions to generate")
    parser.add_argument("--db", type=Path, help="the database file (default bench/data/...)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replace", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    path = args.db or ROOT / "bench" / "data" / f"motions-{args.n}.db"
    if path.exists():
        if not args.replace:
            print(f"{path} exists; pass --replace to build it again", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    stats = build(args.n, path, seed=args.seed)
    size = path.stat().st_size / 1e6
    print(f"{path}: {args.n:,} motions in {stats['seconds']:.1f} s, {size:.0f} MB")
    for name, count in stats.items():
        if name != "seconds":
            print(f"  {name:20} {count:>9,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
