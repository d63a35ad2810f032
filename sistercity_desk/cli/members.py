"""Commands of the command line: people and council seats (``person``, ``seat``), so an office
can script its members, past and present, with their terms."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import fields
from typing import Any

from .. import db, office, people, records
from ..errors import Invalid
from ..models import PersonRole
from ..text import district_short
from . import print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Adds person add|update|list, office show|set and seat assign|vacate|list."""
    p = sub.add_parser("person", help="add, change or list people (members, officials, staff)")
    ps = p.add_subparsers(dest="person_action", metavar="ACTION", required=True)
    for action in ("add", "update"):
        q = ps.add_parser(action, help=f"{action} a person")
        if action == "add":
            q.add_argument(
                "name", metavar="FULL_NAME", help='as the person writes it: "Kevin de León"'
            )
        else:
            q.add_argument("person", metavar="PERSON", help="person id or name")
            q.add_argument("--name", help="the full name")
        q.add_argument("--surname", help="as cited in sponsor lists (default: guessed)")
        q.add_argument("--native-name", help="the name in another script")
        q.add_argument(
            "--role", choices=[r.value for r in PersonRole], help="default for add: member"
        )
        q.add_argument(
            "--title",
            action="append",
            metavar="LANG=TITLE",
            help='a title per language, e.g. "en=Mayor of Kyiv"; repeat for more',
        )
        q.add_argument("--email")
        q.add_argument("--notes")
        q.add_argument("--district", type=int, help="also assign this council seat")
        _term_arguments(q)
        q.add_argument("--json", action="store_true", help="print the person as JSON")
        q.set_defaults(handler=cmd_person_save)
    q = ps.add_parser("list", help="list people, with the seat each holds")
    q.add_argument("--role", choices=[r.value for r in PersonRole])
    q.add_argument("--date", type=_date, help="seats held on this day (default: today)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_person_list)

    p = sub.add_parser("office", help="the office's settings for council rules")
    os_ = p.add_subparsers(dest="office_action", metavar="ACTION", required=True)
    q = os_.add_parser("show", help="the office profile")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_office_show)
    q = os_.add_parser("set", help="change the office's rules")
    q.add_argument(
        "--citation-limit",
        type=int,
        required=True,
        metavar="N",
        help='names a sponsor citation lists before "et al." (default 2; 0: every name)',
    )
    q.set_defaults(handler=cmd_office_set)

    p = sub.add_parser("seat", help="council seats with their terms")
    ss = p.add_subparsers(dest="seat_action", metavar="ACTION", required=True)
    q = ss.add_parser("assign", help="record who holds a district for a term")
    q.add_argument("district", type=_district, metavar="DISTRICT", help="15 or CD15")
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="PERSON", help="person id or name")
    who.add_argument("--vacant", action="store_true", help="record a vacancy for the term")
    _term_arguments(q)
    q.add_argument("--json", action="store_true", help="print the seat as JSON")
    q.set_defaults(handler=cmd_seat_assign)
    q = ss.add_parser("vacate", help="end the member's term: the seat is vacant from a date")
    q.add_argument("district", type=_district, metavar="DISTRICT", help="15 or CD15")
    q.add_argument("--from", dest="on_date", type=_date, required=True, metavar="YYYY-MM-DD",
                   help="first day the seat is vacant")  # fmt: skip
    q.set_defaults(handler=cmd_seat_vacate)
    q = ss.add_parser("list", help="every district's terms, or who sits on one day")
    q.add_argument("--date", type=_date, help="only who holds each seat on this day")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_seat_list)


def _term_arguments(q: argparse.ArgumentParser) -> None:
    q.add_argument("--from", dest="term_start", type=_date, metavar="YYYY-MM-DD",
                   help="first day of the term")  # fmt: skip
    q.add_argument("--to", dest="term_end", type=_date, metavar="YYYY-MM-DD",
                   help="last day of the term (default: open)")  # fmt: skip
    q.add_argument("--office", default="", help='office held, e.g. "President"')


# --------------------------------------------------------------------------- handlers


def cmd_person_save(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        if args.person_action == "update":
            person = people.find_person(session=session, ref=args.person)
            # The version read here: a save by someone else meanwhile is refused, not lost.
            version = person.version
            data = _data_of(person)
            if args.name is not None:
                data.full_name = args.name
        else:
            data = people.PersonData(full_name=args.name)
        for key in ("surname", "native_name", "role", "email", "notes"):
            value = getattr(args, key)
            if value is not None:
                setattr(data, key, value)
        if args.title:
            data.titles = {**data.titles, **_titles(args.title)}
        if args.person_action == "update":
            person = people.update_person(
                session=session, person_id=person.id or 0, data=data, expected_version=version
            )
        else:
            person = people.create_person(session=session, data=data)
        if args.district is not None:
            people.assign_seat(
                session=session,
                district=args.district,
                person_id=person.id,
                term_start=args.term_start,
                term_end=args.term_end,
                office=args.office,
            )
        elif args.term_start or args.term_end or args.office:
            raise Invalid("Give the --district of the term (or use 'seat assign').")
        result = records.person_dict(session, person)
    if args.json:
        print_json(result)
    else:
        seat = f", {district_short(result['district'])}" if result["district"] else ""
        print(f"Saved person {result['id']}: {result['name']}{seat}")
    return 0


def cmd_person_list(args: argparse.Namespace, ctx: Any) -> int:
    day = args.date or dt.date.today()
    with db.session_scope(ctx.engine) as session:
        seated = {
            row.member.id: row.district
            for row in people.seats_on(session=session, on_date=day)
            if row.member is not None
        }
        rows = [
            {**records.person_dict(session, p), "seated": seated.get(p.id)}
            for p in people.list_people(session=session, role=args.role)
        ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        seat = district_short(row["seated"]) if row["seated"] else ""
        print(f"{row['id']:>5}  {seat:<6} {row['role']:<9} {row['name']}")
    print(f"({len(rows)} people; seats as on {day.isoformat()})")
    return 0


def cmd_seat_assign(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        person = None if args.vacant else people.find_person(session=session, ref=args.person)
        seat = people.assign_seat(
            session=session,
            district=args.district,
            person_id=person.id if person else None,
            term_start=args.term_start,
            term_end=args.term_end,
            office=args.office,
        )
        result = records.seat_dict(seat)
    if args.json:
        print_json(result)
    else:
        who = person.full_name if person else "Vacant"
        print(f"{district_short(seat.district)}: {who}, {_term(result)}")
    return 0


def cmd_seat_vacate(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        seat = people.vacate_seat(session=session, district=args.district, on_date=args.on_date)
        person = people.get_person(session=session, person_id=seat.person_id or 0)
        result = records.seat_dict(seat)
    print(
        f"{district_short(seat.district)}: {person.full_name}, {_term(result)}; vacant from "
        f"{args.on_date.isoformat()}."
    )
    return 0


def cmd_seat_list(args: argparse.Namespace, ctx: Any) -> int:
    rows: list[dict[str, Any]]
    with db.session_scope(ctx.engine) as session:
        if args.date is not None:
            rows = [
                {
                    "district": row.district,
                    "person_id": row.member.id if row.member else None,
                    "name": row.member.full_name if row.member else "Vacant",
                    "office": row.office,
                }
                for row in people.seats_on(session=session, on_date=args.date)
            ]
        else:
            rows = []
            for seat in people.list_seats(session=session):
                member = (
                    people.get_person(session=session, person_id=seat.person_id)
                    if seat.person_id
                    else None
                )
                rows.append(
                    {**records.seat_dict(seat), "name": member.full_name if member else "Vacant"}
                )
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        term = f"  {_term(row)}" if "term_start" in row else ""
        office = f"  ({row['office']})" if row["office"] else ""
        print(f"{district_short(row['district']):<6} {row['name']}{term}{office}")
    return 0


def _office_row(session: Any) -> dict[str, Any]:
    profile = office.get_office(session=session)
    if profile is None:
        raise Invalid("The office is not set up yet: run 'sistercity demo' or the app's first run.")
    return profile.model_dump(exclude={"version", "home_city_id"})


def cmd_office_show(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        row = _office_row(session)
    if args.json:
        print_json(row)
    else:
        for key, value in row.items():
            print(f"{key}: {value}")
    return 0


def cmd_office_set(args: argparse.Namespace, ctx: Any) -> int:
    with db.session_scope(ctx.engine) as session:
        row = _office_row(session)
        wanted = {f.name for f in fields(office.OfficeData)}
        data = office.OfficeData(**{k: v for k, v in row.items() if k in wanted})
        data.citation_limit = args.citation_limit
        office.save_office(session=session, data=data)
    print(f"Citations now list {args.citation_limit or 'every'} names before 'et al.'.")
    return 0


# --------------------------------------------------------------------------- parsing


def _data_of(person: Any) -> people.PersonData:
    return people.PersonData(
        full_name=person.full_name,
        surname=person.surname,
        native_name=person.native_name,
        honorific=person.honorific,
        role=person.role,
        titles=dict(person.titles),
        city_id=person.city_id,
        email=person.email,
        notes=person.notes,
    )


def _titles(items: list[str]) -> dict[str, str]:
    titles = {}
    for item in items:
        language, sep, title = item.partition("=")
        if not sep or not language.strip() or not title.strip():
            raise Invalid(f"'{item}' is not a title; write LANG=TITLE, e.g. en=Mayor of Kyiv.")
        titles[language.strip()] = title.strip()
    return titles


def _term(row: dict[str, Any]) -> str:
    return f"from {row['term_start'] or '…'} to {row['term_end'] or 'open'}"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _district(text: str) -> int:
    plain = text.upper().replace(" ", "").removeprefix("CD")
    if not plain.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a district; write 15 or CD15")
    return int(plain)
