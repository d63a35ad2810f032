"""Every text field of every record, driven with hostile values through the services and the
renderer: each value is stored cleaned and printed whole in a valid .docx, or refused with a
DeskError in words. Nothing else: no other exception, no silent change, no tag run.

Field kinds and their strategies are declared in hostile.py (FIELD_KINDS). Each example fills
every text field of its records at once and renders once; the CI profile (tests/conftest.py)
runs 1,000 examples of each test, so each field kind gets at least 1,000 values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    MODERN_CF,
    PAYLOADS,
    Printed,
    assert_words,
    council_file_as_stored,
    council_files,
    dates,
    free_text,
    language_codes,
    language_ok,
    money,
    names,
    quantities,
    read_docx,
    save_or_refuse,
    tidy,
)
from hypothesis import example, given
from hypothesis import strategies as st
from sqlmodel import Session

from sistercity_desk import (
    agreements,
    cities,
    clauses,
    councilfile,
    exchange,
    motions,
    office,
    people,
)
from sistercity_desk import models as m
from sistercity_desk.demo import DemoResult
from sistercity_desk.documents import context, render, templates
from sistercity_desk.documents.context import operative_text, recital_text
from sistercity_desk.errors import DeskError
from sistercity_desk.text import clean, fold, guess_surname

AUTHOR = "Hostile Input Test"


class Export:
    """The export of the database as it is now (``exchange.export_data``), taken once after
    an example's saves: what it holds is what a backup or a move to another database holds."""

    def __init__(self, session: Session) -> None:
        self.tables = exchange.export_data(session)["tables"]

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        rows = [r for r in self.tables[table] if all(r[k] == v for k, v in where.items())]
        return sorted(rows, key=lambda r: r.get("position", 0))

    def row(self, table: str, record_id: int | None) -> dict[str, Any]:
        (row,) = self.rows(table, id=record_id)
        return row


def _texts(raw: dict[str, str], *, drop_blank: bool = False) -> dict[str, str]:
    """A per-language text as stored: codes trimmed, texts cleaned (later keys win, as in a
    dict built from the same pairs)."""
    out: dict[str, str] = {}
    for key, value in raw.items():
        if drop_blank and not clean(value).strip():
            continue
        out[tidy(key)] = clean(value)
    return out


# --------------------------------------------------------------------------- people


def _person_values(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "full_name": draw(names),
        "surname": draw(st.one_of(st.just(""), names)),
        "native_name": draw(st.one_of(st.just(""), names)),
    }


def _save_person(
    session: Session, values: dict[str, Any], refusals: list[str], **extra: Any
) -> tuple[m.Person, dict[str, Any]]:
    safe = {"full_name": "Safe Name", "surname": "", "native_name": ""}
    return save_or_refuse(
        lambda v: people.create_person(session=session, data=people.PersonData(**v, **extra)),
        values,
        safe,
        lambda field, v: field == "full_name" and not tidy(v["full_name"]),
        refusals,
    )


def _check_person(export: Export, person: m.Person, values: dict[str, Any]) -> None:
    """What was stored is the cleaned value, exactly, in the record and in the export."""
    row = export.row("person", person.id)
    name = tidy(values["full_name"])
    assert row["full_name"] == name
    assert row["surname"] == (tidy(values["surname"]) or guess_surname(name))
    assert row["native_name"] == tidy(values["native_name"])
    assert (person.full_name, person.surname) == (row["full_name"], row["surname"])


# --------------------------------------------------------------------------- motions


@st.composite
def motion_drafts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "motion": {
            "title": draw(free_text),
            "kind": draw(st.sampled_from(["motion", "resolution"])),
            "council_file": draw(council_files),
            "resolution_number": draw(st.one_of(free_text, council_files.map(lambda c: c or ""))),
            "introduced_on": draw(dates),
            "recitals": draw(st.lists(free_text, max_size=3)),
            "operatives": draw(st.lists(free_text, min_size=1, max_size=3)),
        },
        "mover": _person_values(draw),
        "seconders": [_person_values(draw) for _ in range(draw(st.integers(0, 2)))],
        "office": {
            "city_name": draw(names),
            "council_name": draw(free_text),
            "clerk_name": draw(names),
            "mayor_name": draw(names),
        },
    }


_EVERY_PAYLOAD = " ".join(PAYLOADS)


@given(draft=motion_drafts())
@example(
    draft={
        "motion": {
            "title": _EVERY_PAYLOAD,
            "kind": "resolution",
            "council_file": "22-0\x001 23",
            "resolution_number": "{{ 7*7 }}",
            "introduced_on": dt.date(1, 1, 1),
            "recitals": ["WHEREAS, " + _EVERY_PAYLOAD, "line one\x0bline two\x07bell\x0cpage"],
            "operatives": ["I THEREFORE MOVE that {{ 7*7 }} and {% raw %}x{% endraw %}; and"],
        },
        "mover": {"full_name": "{{ 7*7 }} de León", "surname": "", "native_name": "{{7*7}}"},
        "seconders": [{"full_name": "\ud800O’Farrell\x00", "surname": "{%p", "native_name": ""}],
        "office": {
            "city_name": "{{ 7*7 }}",
            "council_name": "{% if true %}Council{% endif %}",
            "clerk_name": "{{ office.clerk_name }}",
            "mayor_name": "</w:t>&amp;",
        },
    }
)
@example(
    draft={
        "motion": {
            "title": "Київ — Kyiv ’Mayor’ de León",
            "kind": "motion",
            "council_file": "٢٢-٠٠٢٢",
            "resolution_number": "",
            "introduced_on": dt.date(9999, 12, 31),
            "recitals": ["שלום مرحبا e\u0301 " + _EVERY_PAYLOAD],
            "operatives": [_EVERY_PAYLOAD],
        },
        "mover": {"full_name": " \x0b ", "surname": "\x00", "native_name": "\ufffe"},
        "seconders": [],
        "office": {"city_name": "", "council_name": "\x07", "clerk_name": "", "mayor_name": ""},
    }
)
def test_every_motion_field_is_stored_and_printed_or_refused(
    session: Session,
    demo: DemoResult,
    item_and_sheet: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
    draft: dict[str, Any],
) -> None:
    refusals: list[str] = []
    try:
        _motion_example(session, item_and_sheet, tmp_path_factory, draft, refusals)
    finally:
        session.rollback()


def _motion_example(
    session: Session,
    templates_by_kind: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
    draft: dict[str, Any],
    refusals: list[str],
) -> None:
    # The office profile: city, council, clerk, mayor.
    current = office.get_office(session=session)
    assert current is not None
    office_values = draft["office"]
    base = {
        "seats": current.seats,
        "state": current.state,
        "country": current.country,
        "attorney_name": current.attorney_name,
    }
    safe_office = {"city_name": "Safe City", "council_name": "Safe Council"}
    _, office_values = save_or_refuse(
        lambda v: office.save_office(session=session, data=office.OfficeData(**v, **base)),
        office_values,
        {**safe_office, "clerk_name": "", "mayor_name": ""},
        lambda field, v: field in safe_office and not tidy(v[field]),
        refusals,
    )
    # The mover and seconders, seated so the vote sheet prints them.
    saved = [_save_person(session, v, refusals) for v in [draft["mover"], *draft["seconders"]]]
    mover, *seconders = [person for person, _ in saved]
    for district, person in enumerate([mover, *seconders], start=1):
        people.assign_seat(session=session, district=district, person_id=person.id)

    # The motion itself.
    raw = draft["motion"]
    clause_data = [motions.ClauseData("recital", t) for t in raw["recitals"]] + [
        motions.ClauseData("operative", t) for t in raw["operatives"]
    ]
    values = {
        "title": raw["title"],
        "council_file": raw["council_file"],
        "resolution_number": raw["resolution_number"],
    }
    typed_cf = raw["council_file"] or ""
    in_use = councilfile.holder_of(session, council_file_as_stored(typed_cf)) is not None

    def may_refuse(field: str, v: dict[str, Any]) -> bool:
        if field == "title":
            return not tidy(v["title"])
        if field == "council_file":
            # A well-formed number that no other item holds must be taken.
            return in_use or not MODERN_CF.fullmatch(council_file_as_stored(typed_cf))
        return False

    motion, values = save_or_refuse(
        lambda v: motions.create_motion(
            session=session,
            data=motions.MotionData(
                **v,
                kind=raw["kind"],
                mover_id=mover.id,
                seconder_ids=[s.id for s in seconders],
                introduced_on=raw["introduced_on"],
                clauses=clause_data,
            ),
        ),
        values,
        {"title": "Safe title", "council_file": None, "resolution_number": ""},
        may_refuse,
        refusals,
    )

    # Stored: exactly the cleaned values (the export holds the same).
    export = Export(session)
    stored_office = export.row("office_profile", current.id)
    for key in ("city_name", "council_name", "clerk_name", "mayor_name"):
        assert stored_office[key] == tidy(office_values[key])
    for person, used in saved:
        _check_person(export, person, used)
    row = export.row("motion", motion.id)
    title = tidy(values["title"])
    assert row["title"] == title
    assert row["resolution_number"] == tidy(values["resolution_number"])
    if "council_file" in refusals or not tidy(typed_cf):
        assert row["council_file"] is None
    else:
        assert row["council_file"] == council_file_as_stored(typed_cf)
        assert MODERN_CF.fullmatch(row["council_file"])
    assert row["introduced_on"] == (
        raw["introduced_on"].isoformat() if raw["introduced_on"] else None
    )
    stored_clauses = export.rows("motion_clause", motion_id=motion.id)
    assert [(c["kind"], c["text"]) for c in stored_clauses] == [
        (c.kind, clean(c.text)) for c in clause_data
    ]

    # Printed: the item's own template followed by the vote sheet, rendered once.
    kind = raw["kind"]
    ctx = context.build(session, kind, motion.id or 0, author=AUTHOR)
    out = tmp_path_factory.getbasetemp() / "hostile-motion.docx"
    # The template (shipped tags, joined) is checked once per run in the test below; this
    # renders the values, which is what varies.
    render.render_docx(templates_by_kind[kind], ctx, out, kind=kind, overwrite=True, check=False)
    doc = Printed(read_docx(out))

    doc.has(title, "title (vote sheet)")
    doc.has(row["council_file"] or "—", "Council File number (vote sheet)")
    recitals = [c["text"] for c in stored_clauses if c["kind"] == "recital"]
    operatives = [c["text"] for c in stored_clauses if c["kind"] == "operative"]
    for text in operatives:
        doc.has(operative_text(text), "operative clause")
    names_printed = [mover, *seconders]
    for person in names_printed:
        doc.has(person.full_name, "member's name (vote sheet roll)")
    doc.has(mover.surname, "mover's surname (citation)")
    if seconders:
        doc.has(seconders[0].surname, "first seconder's surname (citation)")
    city, council = stored_office["city_name"], stored_office["council_name"]
    doc.has(council if city in council else f"{city} {council}", "council title (vote sheet)")
    if kind == "resolution":
        doc.has(title, "title (resolution)")
        doc.has(row["resolution_number"], "resolution number")
        for text in recitals:
            doc.has(recital_text(text), "recital")
        doc.has(stored_office["clerk_name"], "clerk")
        doc.has(stored_office["mayor_name"], "mayor (no President)")
    else:
        for text in recitals:
            doc.has(clean(text).strip(), "narrative paragraph")
        for person in names_printed:
            doc.has(person.full_name, "mover or seconder (signature lines)")
    # User text is printed, never run: a payload that was typed is printed as typed.
    for payload in PAYLOADS:
        if payload in title:
            doc.has(payload, "template syntax typed into a field")


def test_the_joined_templates_are_valid(item_and_sheet: dict[str, Path]) -> None:
    """The templates the motion property test renders use only documented fields."""
    for kind, path in item_and_sheet.items():
        assert templates.check_template(path, kind) == []


# --------------------------------------------------------------------------- agreements


@st.composite
def city_values(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(names),
        "native_name": draw(st.one_of(st.just(""), names)),
        "aliases": draw(st.lists(names, max_size=3)),
        "country": draw(st.one_of(st.sampled_from(["Ukraine", "United States", ""]), names)),
        "country_label": draw(free_text),
        "language": draw(language_codes),
    }


@st.composite
def agreement_drafts(draw: st.DrawFn) -> dict[str, Any]:
    hl, pl = draw(language_codes), draw(language_codes)
    langs = [hl, pl]

    def per_language() -> dict[str, str]:
        return {lang: draw(free_text) for lang in langs}

    return {
        "home_city": draw(city_values()),
        "partner_city": draw(city_values()),
        "home_signatory": {**_person_values(draw), "titles": per_language()},
        "partner_signatory": {**_person_values(draw), "titles": per_language()},
        "agreement": {
            "home_language": hl,
            "partner_language": pl,
            "prevailing_language": draw(st.sampled_from(["", hl, pl, "fr", " "])),
            "titles": per_language(),
            "preambles": per_language(),
            "articles": [
                {"texts": per_language(), "headings": per_language()}
                for _ in range(draw(st.integers(0, 3)))
            ],
            "annex_items": [
                {
                    "description": draw(free_text),
                    "condition": draw(free_text),
                    "estimated_value": draw(money),
                    "quantity": draw(quantities),
                    "currency": draw(st.sampled_from(["USD", "EUR", "UAH"])),
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
            "home_signing_place": draw(st.one_of(free_text, st.just("Kyiv"), names)),
            "partner_signing_place": draw(free_text),
            "home_signing_date": draw(dates),
            "partner_signing_date": draw(dates),
        },
    }


def _save_city(
    session: Session, values: dict[str, Any], refusals: list[str], n: int
) -> tuple[m.City, dict[str, Any]]:
    safe = {"name": f"Safe City {n}", "language": "en"}
    safe_all = {**safe, "native_name": "", "aliases": [], "country": "", "country_label": ""}

    def may_refuse(field: str, v: dict[str, Any]) -> bool:
        if field == "language":
            return bool(tidy(v["language"])) and not language_ok(v["language"])
        # A blank name, or the name of a city already in the registry.
        return field == "name"

    return save_or_refuse(
        lambda v: cities.create_city(session=session, data=cities.CityData(**v)),
        values,
        safe_all,
        may_refuse,
        refusals,
    )


def _check_city(session: Session, export: Export, city: m.City, used: dict[str, Any]) -> None:
    row = export.row("city", city.id)
    name = tidy(used["name"])
    assert (row["name"], city.name) == (name, name)
    assert row["native_name"] == tidy(used["native_name"])
    assert row["country_label"] == tidy(used["country_label"])
    assert row["country"] == tidy(used["country"])
    assert row["language"] == (tidy(used["language"]) or "en")
    # Aliases: trimmed, blanks and repeats (by folded form) and the name itself left out.
    expected: list[str] = []
    for alias in map(tidy, used["aliases"]):
        if alias and fold(alias) not in {fold(a) for a in expected} and fold(alias) != fold(name):
            expected.append(alias)
    assert row["aliases"] == expected
    # Aliases are for finding the city again.
    for alias in expected:
        assert cities.find_city(session=session, name=alias) is not None


def _annex_may_refuse(items: list[dict[str, Any]]) -> bool:
    """True when some annex item has a value the app may refuse."""
    for item in items:
        if not tidy(item["description"]) or not 1 <= item["quantity"] <= 1_000_000:
            return True
        if _amount_of(item["estimated_value"]) == "refuse":
            return True
    return False


def _amount_of(value: str | None) -> Decimal | str | None:
    """The amount an annex value must be stored as, or "refuse" when it is not money (the
    app may also refuse what this takes, but must store what it accepts as this says)."""
    if value is None or not tidy(value):
        return None
    text = tidy(value).replace(",", "").replace("$", "").strip()
    try:
        amount = Decimal(text)
    except ArithmeticError:
        return "refuse"
    if not amount.is_finite() or not 0 <= amount < Decimal("1e12"):
        return "refuse"
    return amount.quantize(Decimal("0.01"))


@given(draft=agreement_drafts())
@example(
    draft={
        "home_city": {
            "name": "{{ 7*7 }}", "native_name": "</w:t>", "aliases": ["{%p", "Лос"],
            "country": "\x00", "country_label": _EVERY_PAYLOAD, "language": "en",
        },
        "partner_city": {
            "name": "Kyiv\ud800 {{7*7}}", "native_name": "Київ", "aliases": ["Kiev", "Kiev "],
            "country": "Ukraine", "country_label": "Україна", "language": "uk-UA",
        },
        "home_signatory": {
            "full_name": "{{ 7*7 }}", "surname": "", "native_name": "",
            "titles": {"en": "{% for x in range(3) %}loop{% endfor %}", "uk": "{{7*7}}"},
        },
        "partner_signatory": {
            "full_name": "Віталій Кличко", "surname": "Кличко", "native_name": "{{ 7*7 }}",
            "titles": {"en": "Mayor &amp; <b>", "uk": "Київський міський голова"},
        },
        "agreement": {
            "home_language": "en", "partner_language": "uk", "prevailing_language": "",
            "titles": {"en": _EVERY_PAYLOAD, "uk": "{{ 7*7 }}"},
            "preambles": {"en": "a\x0bb\x07c\x0cd", "uk": _EVERY_PAYLOAD},
            "articles": [{"texts": {"en": "{{ 7*7 }}", "uk": "{%tr x %}"},
                          "headings": {"en": "{{r x }}", "uk": ""}}],
            "annex_items": [{"description": "{{ 7*7 }}", "condition": "</w:t>",
                             "estimated_value": "$1,234.5", "quantity": 2, "currency": "USD"},
                            {"description": "NaN", "condition": "", "estimated_value": "NaN",
                             "quantity": 2**63, "currency": "USD"}],
            "home_signing_place": "Kyiv", "partner_signing_place": "{{ 7*7 }}",
            "home_signing_date": dt.date(1, 1, 1), "partner_signing_date": dt.date(9999, 12, 31),
        },
    }
)  # fmt: skip
def test_every_agreement_field_is_stored_and_printed_or_refused(
    session: Session,
    demo: DemoResult,
    tmp_path_factory: pytest.TempPathFactory,
    draft: dict[str, Any],
) -> None:
    refusals: list[str] = []
    try:
        _agreement_example(session, tmp_path_factory, draft, refusals)
    finally:
        session.rollback()


def _agreement_example(
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
    draft: dict[str, Any],
    refusals: list[str],
) -> None:
    home, home_used = _save_city(session, draft["home_city"], refusals, 1)
    partner, partner_used = _save_city(session, draft["partner_city"], refusals, 2)

    signatories = {}
    for key, city in (("home_signatory", home), ("partner_signatory", partner)):
        values = {k: v for k, v in draft[key].items() if k != "titles"}
        signatories[key] = _save_person(
            session, values, refusals, role="official", titles=draft[key]["titles"], city_id=city.id
        )

    raw = draft["agreement"]
    values = {k: raw[k] for k in ("home_language", "partner_language", "prevailing_language")}
    values["annex_items"] = raw["annex_items"]
    langs_ok = language_ok(raw["home_language"]) and language_ok(raw["partner_language"])

    def may_refuse(field: str, v: dict[str, Any]) -> bool:
        if field in ("home_language", "partner_language"):
            return not language_ok(v[field])
        if field == "prevailing_language":
            chosen = {tidy(v["home_language"]), tidy(v["partner_language"])}
            return bool(tidy(v[field])) and tidy(v[field]) not in chosen
        if field == "annex_items":
            return _annex_may_refuse(v["annex_items"])
        return False

    agreement, values = save_or_refuse(
        lambda v: agreements.create_agreement(
            session=session,
            data=agreements.AgreementData(
                home_city_id=home.id or 0,
                partner_city_id=partner.id or 0,
                home_language=v["home_language"],
                partner_language=v["partner_language"],
                prevailing_language=v["prevailing_language"],
                titles=raw["titles"],
                preambles=raw["preambles"],
                articles=[
                    agreements.ArticleData(a["texts"], a["headings"]) for a in raw["articles"]
                ],
                annex_items=[agreements.AnnexItemData(**i) for i in v["annex_items"]],
                home_signing_place=raw["home_signing_place"],
                partner_signing_place=raw["partner_signing_place"],
                home_signing_date=raw["home_signing_date"],
                partner_signing_date=raw["partner_signing_date"],
                home_signatory_id=signatories["home_signatory"][0].id,
                partner_signatory_id=signatories["partner_signatory"][0].id,
            ),
        ),
        values,
        {
            "home_language": "en",
            "partner_language": "uk",
            "prevailing_language": "",
            "annex_items": [],
        },
        may_refuse,
        refusals,
    )
    if langs_ok:
        assert "home_language" not in refusals and "partner_language" not in refusals

    # Stored: exactly the cleaned values.
    export = Export(session)
    _check_city(session, export, home, home_used)
    _check_city(session, export, partner, partner_used)
    for key, (person, used) in signatories.items():
        _check_person(export, person, used)
        assert export.row("person", person.id)["titles"] == _texts(draft[key]["titles"])
    row = export.row("agreement", agreement.id)
    hl, pl = row["home_language"], row["partner_language"]
    assert (hl, pl) == (tidy(values["home_language"]), tidy(values["partner_language"]))
    assert row["prevailing_language"] == tidy(values["prevailing_language"])
    assert row["titles"] == _texts(raw["titles"])
    assert row["preambles"] == _texts(raw["preambles"])
    assert row["home_signing_place"] == tidy(raw["home_signing_place"])
    assert row["partner_signing_place"] == tidy(raw["partner_signing_place"])
    articles = export.rows("agreement_article", agreement_id=agreement.id)
    assert [(a["texts"], a["headings"]) for a in articles] == [
        (_texts(a["texts"]), _texts(a["headings"])) for a in raw["articles"]
    ]
    annex = export.rows("annex_item", agreement_id=agreement.id)
    assert len(annex) == len(values["annex_items"])
    for stored, typed in zip(annex, values["annex_items"], strict=True):
        assert stored["description"] == tidy(typed["description"])
        assert stored["condition"] == tidy(typed["condition"])
        assert stored["quantity"] == typed["quantity"]
        amount = _amount_of(typed["estimated_value"])
        assert amount != "refuse", f"{typed['estimated_value']!r} was taken as money"
        assert stored["estimated_value"] == (None if amount is None else format(amount, "f"))

    # Printed.
    ctx = context.build(session, "agreement", agreement.id or 0, author=AUTHOR)
    out = tmp_path_factory.getbasetemp() / "hostile-agreement.docx"
    render.render_docx(
        templates.template_for("agreement"), ctx, out, kind="agreement", overwrite=True, check=False
    )
    doc = Printed(read_docx(out))
    stored = session.get(m.Agreement, agreement.id)
    assert stored is not None
    for lang, side in ((hl, "home"), (pl, "partner")):
        doc.has(context._pick(row["titles"], lang), f"{side} title")
        doc.has(context._pick(row["preambles"], lang), f"{side} preamble")
        for n, article in enumerate(articles, start=1):
            doc.has(context._pick(article["headings"], lang), f"article {n} heading ({side})")
            doc.has(context._pick(article["texts"], lang), f"article {n} text ({side})")
        for city in (home, partner):
            doc.has(context.city_name_in(city, lang), f"city name in {side} language")
        for place in (row["home_signing_place"], row["partner_signing_place"]):
            doc.has(context._place_in(place, (home, partner), lang), f"signing place ({side})")
    for person, _ in signatories.values():
        doc.has(person.full_name, "signatory's name")
        doc.has(person.native_name, "signatory's native name")
        doc.has(context._pick(person.titles, pl), "signatory's title (partner language)")
        title_home = context._pick(person.titles, hl)
        if title_home:
            doc.has(title_home, "signatory's title (home language)")
    for n, item in enumerate(annex, start=1):
        doc.has(item["description"], f"annex item {n} description")
        doc.has(item["condition"], f"annex item {n} condition")
        doc.has(str(item["quantity"]), f"annex item {n} quantity")
        if item["estimated_value"] is not None:
            doc.has(f"{Decimal(item['estimated_value']):,.2f}", f"annex item {n} value")


# --------------------------------------------------------------------------- standard clauses


@given(
    title=free_text,
    texts=st.dictionaries(language_codes, free_text, max_size=3),
    tags=st.lists(free_text, max_size=3),
    kind=st.sampled_from(["recital", "operative"]),
)
@example(
    title="{{ 7*7 }}",
    texts={"en": _EVERY_PAYLOAD, " uk ": "\x00"},
    tags=["\ud800"],
    kind="operative",
)
def test_every_standard_clause_field_is_stored_exactly_or_refused(
    session: Session,
    demo: DemoResult,
    title: str,
    texts: dict[str, str],
    tags: list[str],
    kind: str,
) -> None:
    """Standard clauses are not printed by a template (a drafter inserts their text into a
    motion, which the motion test prints): the service and the export must hold them."""
    data = clauses.StandardClauseData(title=title, texts=texts, kind=kind, tags=tags)
    expected_texts = _texts(texts, drop_blank=True)
    try:
        try:
            clause = clauses.create_clause(session=session, data=data)
        except DeskError as exc:
            assert_words(exc)
            assert exc.field in ("title", "texts"), exc
            # Only a blank title, or no text in any language, may be refused.
            assert not tidy(title) or not expected_texts, f"refused: {exc}"
            return
        assert tidy(title) and expected_texts, "a blank clause was taken"
        row = Export(session).row("standard_clause", clause.id)
        assert row["title"] == tidy(title) == clause.title
        assert row["texts"] == expected_texts == clause.texts
        assert row["tags"] == sorted({tidy(t) for t in tags if tidy(t)})
        assert clause.id in [c.id for c in clauses.list_clauses(session=session)]
    finally:
        session.rollback()
