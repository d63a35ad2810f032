"""Demo data: the Los Angeles office in March 2022 and the Kyiv sister-city case.

Facts come from public records (see docs/demo-data.md). Where a fact was not found the demo
says so instead of inventing it: the Council File number is an obvious sample, unknown years
of sister cities are left empty, and the agreement is an unsigned draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from . import agreements, cities, clauses, motions, office, people
from . import models as m
from .citation import motion_citation

#: An obviously made-up Council File number: the real file number was not found.
SAMPLE_COUNCIL_FILE = "22-9999"
KYIV_MOTION_TITLE = "Sister City / Kyiv, Ukraine / Nomination Review"
RULES_COMMITTEE = "Rules, Elections, and Intergovernmental Relations Committee"

#: District, full name, surname, office held (March 2022). CD 10 was vacant.
MEMBERS = [
    (1, "Gilbert A. Cedillo", "Cedillo", ""),
    (2, "Paul Krekorian", "Krekorian", ""),
    (3, "Bob Blumenfield", "Blumenfield", ""),
    (4, "Nithya Raman", "Raman", ""),
    (5, "Paul Koretz", "Koretz", ""),
    (6, "Nury Martinez", "Martinez", "President"),
    (7, "Monica Rodriguez", "Rodriguez", ""),
    (8, "Marqueece Harris-Dawson", "Harris-Dawson", ""),
    (9, "Curren D. Price, Jr.", "Price", ""),
    (11, "Mike Bonin", "Bonin", ""),
    (12, "John S. Lee", "Lee", ""),
    (13, "Mitch O'Farrell", "O'Farrell", "President Pro Tempore"),
    (14, "Kevin de León", "de León", ""),
    (15, "Joe Buscaino", "Buscaino", ""),
]
VACANT_DISTRICTS = (10,)

#: name, native name, aliases, country, language, year, date established, note.
SISTER_CITIES: list[tuple[str, str, list[str], str, str, int | None, dt.date | None, str]] = [
    ("Athens", "Αθήνα", ["Athina"], "Greece", "el-GR", None, None, ""),
    ("Auckland", "Tāmaki Makaurau", [], "New Zealand", "en-NZ", None, None, ""),
    ("Beirut", "بيروت", ["Bayrut"], "Lebanon", "ar-LB", 2006, None, "Year given as about 2006."),
    ("Berlin", "Berlin", [], "Germany", "de-DE", 1967, None, ""),
    ("Bordeaux", "Bordeaux", [], "France", "fr-FR", None, None, ""),
    ("Busan", "부산", ["Pusan"], "South Korea", "ko-KR", 1967, None, ""),
    ("Eilat", "אילת", ["Elat"], "Israel", "he-IL", 1959, None, ""),
    ("Giza", "الجيزة", ["Gizeh"], "Egypt", "ar-EG", None, None, ""),
    ("Guangzhou", "广州", ["Canton"], "China", "zh-CN", 1981, dt.date(1981, 12, 8), ""),
    ("Ischia", "Ischia", [], "Italy", "it-IT", None, None, ""),
    ("Jakarta", "Jakarta", ["Djakarta"], "Indonesia", "id-ID", None, None, ""),
    ("Kaunas", "Kaunas", [], "Lithuania", "lt-LT", None, None, ""),
    ("Lusaka", "Lusaka", [], "Zambia", "en-ZM", None, None, ""),
    ("Makati", "Lungsod ng Makati", [], "Philippines", "fil-PH", None, None, ""),
    ("Mexico City", "Ciudad de México", ["CDMX"], "Mexico", "es-MX", None, None, ""),
    ("Mumbai", "मुंबई", ["Bombay"], "India", "mr-IN", 1972, None, ""),
    ("Nagoya", "名古屋", [], "Japan", "ja-JP", 1959, dt.date(1959, 4, 1), "The first."),
    ("Salvador", "Salvador", ["Salvador da Bahia"], "Brazil", "pt-BR", 1962, None, ""),
    ("San Salvador", "San Salvador", [], "El Salvador", "es-SV", None, None, ""),
    ("Split", "Split", [], "Croatia", "hr-HR", None, None, ""),
    (
        "Saint Petersburg",
        "Санкт-Петербург",
        ["St. Petersburg", "Leningrad"],
        "Russia",
        "ru-RU",
        1984,
        None,
        "",
    ),
    ("Taipei", "臺北", ["Taibei"], "Taiwan", "zh-TW", None, None, ""),
    ("Tehran", "تهران", ["Teheran"], "Iran", "fa-IR", None, None, "Described as suspended."),
    ("Vancouver", "Vancouver", [], "Canada", "en-CA", 1986, None, "June 1986; the 15th."),
    ("Yerevan", "Երևան", ["Erevan"], "Armenia", "hy-AM", 2007, None, "Sources say 2005 or 2007."),
]

KNOWN_ORDINALS = {"Nagoya": 1, "Vancouver": 15}

#: The narrative paragraphs of the Kyiv motion, written from the public facts of the case.
KYIV_RECITALS = [
    "On February 24, 2022, Russia invaded Ukraine. Kyiv, the capital of Ukraine, has been under "
    "attack since, and its people have defended their city with a courage the world has watched "
    "with admiration.",
    "Making Kyiv a sister city of Los Angeles would be a symbolic gesture of our solidarity with "
    "the people of Kyiv and of all Ukraine.",
    "The designation would also make it easier for the City to donate equipment that Kyiv needs "
    "now, such as surplus fire trucks and other vehicles, and to help Kyiv rebuild when the war "
    "is over.",
    "Like Los Angeles, Kyiv is a major cultural center, with renowned museums, theaters and "
    "concert venues. Los Angeles has 25 sister cities; Kyiv would be the 26th.",
]

#: Operative clauses: the words after "I THEREFORE MOVE that" / "I FURTHER MOVE that".
KYIV_OPERATIVE = [
    "the Council begin the process of making Kyiv, Ukraine, a sister city of the City of Los "
    "Angeles, and request the Rules, Elections, and Intergovernmental Relations Committee to "
    "form a committee to review the nomination of Kyiv as a sister city.",
    "the Council instruct the City Administrative Officer, with the assistance of the Fire "
    "Department and the Department of General Services, to report on surplus fire trucks and "
    "other City vehicles and equipment that could be donated to Kyiv.",
]

AGREEMENT_TITLES = {
    "en": "Sister City Agreement between the City of Los Angeles, United States of America, "
    "and the City of Kyiv, Ukraine",
    "uk": "Угода про встановлення побратимських відносин між містом Києвом (Україна) "
    "та містом Лос-Анджелесом (Сполучені Штати Америки)",
}
AGREEMENT_PREAMBLES = {
    "en": "The City of Los Angeles, United States of America, and the City of Kyiv, Ukraine, "
    "hereinafter called together “the two cities”, desiring to strengthen the friendship and "
    "mutual understanding between their peoples, to promote peace, and to cooperate for the "
    "benefit of their residents, have agreed as follows:",
    "uk": "Місто Київ (Україна) та місто Лос-Анджелес (Сполучені Штати Америки), надалі разом "
    "іменовані «два міста», прагнучи зміцнювати дружбу та взаєморозуміння між своїми народами, "
    "сприяти миру та співпрацювати на благо своїх мешканців, домовилися про таке:",
}
AGREEMENT_ARTICLES: list[tuple[dict[str, str], dict[str, str]]] = [
    (
        {"en": "Shared values", "uk": "Спільні цінності"},
        {
            "en": "The two cities share the values of democracy, freedom, human dignity and the "
            "rule of law, and affirm their solidarity with each other.",
            "uk": "Два міста поділяють цінності демократії, свободи, людської гідності та "
            "верховенства права і підтверджують свою солідарність одне з одним.",
        },
    ),
    (
        {"en": "Legal basis", "uk": "Правова основа"},
        {
            "en": "Each city acts within the law of its own country and within its own powers. "
            "Cooperation under this Agreement rests on equality and mutual benefit.",
            "uk": "Кожне місто діє відповідно до законодавства своєї держави та в межах своїх "
            "повноважень. Співпраця за цією Угодою ґрунтується на засадах рівності та "
            "взаємної вигоди.",
        },
    ),
    (
        {"en": "Areas of cooperation", "uk": "Напрями співпраці"},
        {
            "en": "The two cities shall cooperate in culture and the arts, education, economic "
            "development, tourism, urban planning, technology and public safety.",
            "uk": "Два міста співпрацюють у сферах культури та мистецтва, освіти, економічного "
            "розвитку, туризму, містобудування, технологій та громадської безпеки.",
        },
    ),
    (
        {"en": "Mutual support", "uk": "Взаємна підтримка"},
        {
            "en": "In times of crisis the two cities shall support each other, including through "
            "humanitarian aid and the donation of equipment. The equipment donated by the City "
            "of Los Angeles is listed in the Annex to this Agreement.",
            "uk": "У часи криз два міста підтримують одне одного, зокрема шляхом надання "
            "гуманітарної допомоги та передачі обладнання. Обладнання, яке передає місто "
            "Лос-Анджелес, зазначено в Додатку до цієї Угоди.",
        },
    ),
    (
        {"en": "Liaison", "uk": "Координація"},
        {
            "en": "Each city designates its office of international relations to coordinate "
            "this Agreement. The sister-city committees of the two cities carry it out.",
            "uk": "Кожне місто визначає свій підрозділ з міжнародних зв'язків для координації "
            "виконання цієї Угоди. Виконання Угоди забезпечують комітети міст-побратимів "
            "обох міст.",
        },
    ),
    (
        {"en": "Nature of this Agreement", "uk": "Характер Угоди"},
        {
            "en": "This Agreement creates no obligations under international law and does not "
            "affect the foreign relations of either country.",
            "uk": "Ця Угода не створює зобов'язань за міжнародним правом і не впливає на "
            "зовнішні відносини жодної з держав.",
        },
    ),
    (
        {"en": "Entry into force and termination", "uk": "Набрання чинності та припинення дії"},
        {
            "en": "This Agreement enters into force on its signature by the Mayors of both cities "
            "and remains in force until either city ends it by written notice to the other.",
            "uk": "Ця Угода набирає чинності з дня її підписання мерами обох міст і діє доти, "
            "доки одне з міст не припинить її дію письмовим повідомленням іншому.",
        },
    ),
]

#: Demo estimates, not figures from a record.
ANNEX = [
    ("Surplus fire engine (Type 1 pumper)", 4, "Used, serviceable", Decimal("60000.00")),
    ("Surplus aerial ladder truck", 1, "Used, serviceable", Decimal("90000.00")),
    ("Surplus rescue ambulance", 2, "Used, serviceable", Decimal("25000.00")),
]

STANDARD_CLAUSES: list[tuple[str, str, dict[str, str], list[str]]] = [
    (
        "Refer a sister-city nomination for review",
        m.ClauseKind.OPERATIVE.value,
        {
            "en": "the Council request the Rules, Elections, and Intergovernmental Relations "
            "Committee to form a committee to review the nomination of this city as a sister "
            "city of the City of Los Angeles."
        },
        ["sister city", "referral"],
    ),
    (
        "Report back within 30 days",
        m.ClauseKind.OPERATIVE.value,
        {
            "en": "the City Administrative Officer report to the Council within 30 days on the "
            "cost of this action and the sources of funds."
        },
        ["report"],
    ),
    (
        "Solidarity with a city at war",
        m.ClauseKind.RECITAL.value,
        {
            "en": "The people of Los Angeles stand in solidarity with the people of a city "
            "that is defending itself against an invasion."
        },
        ["solidarity"],
    ),
    (
        "Both texts equally authentic",
        m.ClauseKind.OPERATIVE.value,
        {
            "en": "Done in two originals, each in English and in the language of the partner "
            "city, both texts being equally authentic.",
            "uk": "Вчинено у двох оригінальних примірниках, кожний англійською та українською "
            "мовами, причому обидва тексти є однаково автентичними.",
        },
        ["agreement", "languages"],
    ),
    (
        "Termination by written notice",
        m.ClauseKind.OPERATIVE.value,
        {
            "en": "Either city may end this Agreement by written notice to the other.",
            "uk": "Кожне з міст може припинити дію цієї Угоди письмовим повідомленням іншому.",
        },
        ["agreement", "termination"],
    ),
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    motion_id: int
    agreement_id: int
    partnership_id: int


def find_kyiv_motion(session: Session) -> m.Motion | None:
    return session.exec(select(m.Motion).where(m.Motion.title == KYIV_MOTION_TITLE)).first()


def load_demo(session: Session) -> DemoResult:
    """Fill the database with the demo office. Idempotent: a second call changes nothing."""
    existing = find_kyiv_motion(session)
    if existing is not None:
        agreement = session.exec(select(m.Agreement).order_by(m.Agreement.id)).first()  # type: ignore[arg-type]
        return DemoResult(
            False,
            existing.id or 0,
            (agreement.id or 0) if agreement else 0,
            existing.partnership_id or 0,
        )

    la = cities.create_city(
        session=session,
        data=cities.CityData(
            name="Los Angeles",
            native_name="Los Angeles",
            aliases=["LA", "City of Los Angeles", "Лос-Анджелес"],
            country="United States",
            country_label="United States of America",
            language="en-US",
            is_home=True,
        ),
    )
    office.save_office(
        session=session,
        data=office.OfficeData(
            city_name="Los Angeles",
            council_name="Los Angeles City Council",
            seats=15,
            state="California",
            country="United States",
            clerk_name="Holly L. Wolcott",
            mayor_name="Eric Garcetti",
            attorney_name="Michael N. Feuer",
        ),
    )
    profile = office.get_office(session=session)
    assert profile is not None
    profile.home_city_id = la.id

    member_ids: dict[str, int] = {}
    for district, full_name, surname, held in MEMBERS:
        person = people.create_person(
            session=session, data=people.PersonData(full_name=full_name, surname=surname)
        )
        member_ids[surname] = person.id or 0
        people.assign_seat(
            session=session,
            district=district,
            person_id=person.id,
            term_start=dt.date(2020, 12, 14),
            office=held,
        )
    for district in VACANT_DISTRICTS:
        people.assign_seat(
            session=session, district=district, person_id=None, term_start=dt.date(2020, 12, 14)
        )
    rules = motions.create_committee(session=session, name=RULES_COMMITTEE, short_name="RERR")
    for name in (
        "Budget, Finance and Innovation Committee",
        "Public Safety Committee",
        "Trade, Travel, and Tourism Committee",
    ):
        motions.create_committee(session=session, name=name)

    city_ids: dict[str, int] = {}
    for name, native, aliases, country, language, year, on, note in SISTER_CITIES:
        city = cities.create_city(
            session=session,
            data=cities.CityData(
                name=name,
                native_name=native,
                aliases=aliases,
                country=country,
                country_label=country,
                language=language,
            ),
        )
        city_ids[name] = city.id or 0
        cities.create_partnership(
            session=session,
            data=cities.PartnershipData(
                city_id=city.id or 0,
                status=m.PartnershipStatus.ACTIVE.value,
                established_year=year,
                established_on=on,
                ordinal=KNOWN_ORDINALS.get(name),
                notes=note,
            ),
        )

    kyiv = cities.create_city(
        session=session,
        data=cities.CityData(
            name="Kyiv",
            native_name="Київ",
            aliases=["Kiev", "Kiew", "Kijów"],
            country="Ukraine",
            country_label="Ukraine",
            language="uk-UA",
        ),
    )
    kyiv_partnership = cities.create_partnership(
        session=session,
        data=cities.PartnershipData(
            city_id=kyiv.id or 0,
            status=m.PartnershipStatus.PROPOSED.value,
            notes="Proposed by motion on March 1, 2022; the Council voted 14 - 0 on March 25, "
            "2022 to begin the process.",
        ),
    )

    garcetti = people.create_person(
        session=session,
        data=people.PersonData(
            full_name="Eric Garcetti",
            surname="Garcetti",
            native_name="Ерік Гарсетті",
            role=m.PersonRole.OFFICIAL.value,
            titles={"en": "Mayor of Los Angeles", "uk": "Мер Лос-Анджелеса"},
            city_id=la.id,
        ),
    )
    klitschko = people.create_person(
        session=session,
        data=people.PersonData(
            full_name="Vitali Klitschko",
            surname="Klitschko",
            native_name="Віталій Кличко",
            role=m.PersonRole.OFFICIAL.value,
            titles={"en": "Mayor of Kyiv", "uk": "Київський міський голова"},
            city_id=kyiv.id,
        ),
    )

    motion = motions.create_motion(
        session=session,
        data=motions.MotionData(
            title=KYIV_MOTION_TITLE,
            mover_id=member_ids["Buscaino"],
            council_file=SAMPLE_COUNCIL_FILE,
            seconder_ids=[member_ids["Raman"], member_ids["Koretz"], member_ids["O'Farrell"]],
            clauses=[motions.ClauseData(m.ClauseKind.RECITAL.value, t) for t in KYIV_RECITALS]
            + [motions.ClauseData(m.ClauseKind.OPERATIVE.value, t) for t in KYIV_OPERATIVE],
            committee_id=rules.id,
            partnership_id=kyiv_partnership.id,
            introduced_on=dt.date(2022, 3, 1),
        ),
    )
    motion.status = m.MotionStatus.ADOPTED.value
    for on, kind, text in [
        (
            dt.date(2022, 3, 1),
            "introduced",
            f"Motion {motion_citation(session, motion)} introduced.",
        ),
        (dt.date(2022, 3, 1), "referred", f"Motion referred to {RULES_COMMITTEE}."),
        (
            dt.date(2022, 3, 1),
            "note",
            f"Sample Council File number {SAMPLE_COUNCIL_FILE}: the file's real number was "
            "not found in the public record.",
        ),
        (
            dt.date(2022, 3, 25),
            "adopted",
            "Council adopted item, subject to reconsideration, pursuant to Council Rule 51.",
        ),
    ]:
        motion.activities.append(m.Activity(on_date=on, kind=kind, text=text))

    vote = m.Vote(
        motion_id=motion.id or 0,
        meeting_date=dt.date(2022, 3, 25),
        meeting_type="Regular",
        action="Adopted",
        threshold=m.Threshold.MAJORITY.value,
    )
    for row in people.seats_on(session=session, on_date=vote.meeting_date):
        choice = m.VoteChoice.YES if row.member else m.VoteChoice.VACANT
        vote.casts.append(
            m.VoteCast(
                district=row.district,
                person_id=row.member.id if row.member else None,
                choice=choice.value,
            )
        )
    session.add(vote)
    session.flush()
    # Still "proposed" in the registry: the 25 March vote only began the process (the
    # committee's review and the steering committee are the next steps of the timeline).
    kyiv_partnership.steps.append(
        m.PartnershipStep(
            position=0,
            step="proposed",
            on_date=dt.date(2022, 3, 1),
            note="Proposed by motion of Councilmember Buscaino; on 25 March 2022 the Council "
            "voted 14 - 0 to begin the process.",
            motion_id=motion.id,
        )
    )
    agreement = agreements.create_agreement(
        session=session,
        data=agreements.AgreementData(
            home_city_id=la.id or 0,
            partner_city_id=kyiv.id or 0,
            home_language="en",
            partner_language="uk",
            titles=AGREEMENT_TITLES,
            preambles=AGREEMENT_PREAMBLES,
            articles=[
                agreements.ArticleData(texts, headings) for headings, texts in AGREEMENT_ARTICLES
            ],
            annex_items=[agreements.AnnexItemData(d, q, c, v) for d, q, c, v in ANNEX],
            home_signing_place="Los Angeles",
            partner_signing_place="Kyiv",
            home_signatory_id=garcetti.id,
            partner_signatory_id=klitschko.id,
            partnership_id=kyiv_partnership.id,
        ),
    )

    for title, kind, texts, tags in STANDARD_CLAUSES:
        clauses.create_clause(
            session=session,
            data=clauses.StandardClauseData(title=title, texts=texts, kind=kind, tags=tags),
        )
    session.flush()
    return DemoResult(True, motion.id or 0, agreement.id or 0, kyiv_partnership.id or 0)
