"""The one context schema every template receives: each field, its type and an example."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Field:
    """One field of the context. ``fields`` holds an object's members, or for a list the
    members of each item."""

    type: str  # text | integer | boolean | date | object | list
    doc: str
    example: Any = None
    fields: Mapping[str, Field] = field(default_factory=dict)
    nullable: bool = False


def _text(doc: str, example: str) -> Field:
    return Field("text", doc, example)


def _int(doc: str, example: int) -> Field:
    return Field("integer", doc, example)


def _bool(doc: str, example: bool) -> Field:
    return Field("boolean", doc, example)


DATE: Mapping[str, Field] = {
    "known": _bool("false when the record has no date (the other fields are then empty)", True),
    "iso": _text("the date as YYYY-MM-DD", "2022-03-25"),
    "text": _text("the long form in the document's language", "March 25, 2022"),
    "day_of": _text(
        'the form of a resolution\'s adoption line (English; other languages: as "text")',
        "25th day of March, 2022",
    ),
    "weekday": _text("the day of the week in the document's language", "Friday"),
}


def _date(doc: str) -> Field:
    return Field("date", doc, "see Dates", DATE)


PERSON: Mapping[str, Field] = {
    "name": _text("the full name exactly as the record holds it", "Joe Buscaino"),
    "name_upper": _text("the name in capitals, for signature lines", "JOE BUSCAINO"),
    "native_name": _text("the name in another script, or empty", ""),
    "surname": _text("the surname as cited and sorted", "Buscaino"),
    "district": Field("integer", "the council district, or null", 15, nullable=True),
    "district_label": _text("the district under a signature, or empty", "15th District"),
    "district_short": _text("the district in tables, or empty", "CD 15"),
    "title": _text("the line under a member's signature", "Councilmember, 15th District"),
    "office": _text('a council office held ("President"), or empty', ""),
}

CLAUSE: Mapping[str, Field] = {
    "number": _int("1, 2, 3 ... within its list", 1),
    "text": _text(
        "the clause as stored: no opening words, no closing punctuation (see Clause text)",
        "the Council request the Rules, Elections, and Intergovernmental Relations "
        "Committee to review the nomination of Kyiv, Ukraine, as a sister city",
    ),
    "ending": _text('what closes it: "." or "; and" or ";" (or empty for a narrative)', "."),
    "first": _bool("true for the first clause of its list", True),
    "last": _bool("true for the last clause of its list", False),
}

DOCUMENT: Mapping[str, Field] = {
    "kind": _text("motion | resolution | agreement | vote_sheet | packet_cover", "motion"),
    "kind_label": _text("the kind as printed", "Motion"),
    "record_kind": _text("the stored record's kind: motion | agreement | packet", "motion"),
    "record_id": _int("the record's number in the database (a packet: its number of items)", 1),
    "revision": _int("the revision number the document was made from (0 in a preview)", 3),
    "preview": _bool(
        "true in the live preview of the working draft (its footer names no revision)", False
    ),
    "fingerprint": _text("SHA-256 (hex) of the revision's content", "a1b2c3d4e5f6..."),
    "short_fingerprint": _text("its first 8 hex digits", "a1b2c3d4"),
    "footer": _text("the line every page carries", "Motion 1 · Revision 3 · a1b2c3d4"),
    "draft": _bool("true unless the document is a final copy", True),
    "draft_mark": _text('"DRAFT" for a draft, empty for a final copy', "DRAFT"),
    "final": _bool("true for a final copy", False),
    "generated_on": _date("the day the document was made"),
    "language": _text("the main language of the document (BCP 47)", "en"),
}

OFFICE: Mapping[str, Field] = {
    "city": _text("the home city", "Los Angeles"),
    "city_upper": _text("the home city in capitals", "LOS ANGELES"),
    "state": _text("state or region, or empty", "California"),
    "country": _text("country", "United States"),
    "council_name": _text(
        "the council's name as the office profile holds it", "Los Angeles City Council"
    ),
    "council_title": _text("the council's name with its city", "Los Angeles City Council"),
    "council_body": _text("the council's name without the city", "City Council"),
    "council_full_name": _text(
        "the formal name, as in a resolution", "City Council of the City of Los Angeles"
    ),
    "seats": _int("the number of seats", 15),
    "clerk_name": _text("the City Clerk, or empty", "Holly L. Wolcott"),
    "mayor_name": _text("the Mayor, or empty", "Eric Garcetti"),
    "mayor_title": _text("the Mayor's title", "Mayor"),
    "attorney_name": _text("the City Attorney, or empty", "Michael N. Feuer"),
    "president_name": _text("the Council President (from the seats), or empty", "Nury Martinez"),
}

MOTION: Mapping[str, Field] = {
    "id": _int("the motion's number in the database", 1),
    "kind": _text("motion | resolution", "motion"),
    "is_resolution": _bool("true for a resolution", False),
    "title": _text("the Council File title", "Sister City / Kyiv, Ukraine / Nomination Review"),
    "title_upper": _text(
        "the title in capitals", "SISTER CITY / KYIV, UKRAINE / NOMINATION REVIEW"
    ),
    "council_file": _text("the Council File number, or empty", "22-0000-S1"),
    "resolution_number": _text("the resolution number, or empty", ""),
    "status": _text("draft | ready | introduced | referred | ... | adopted", "adopted"),
    "citation": _text("the sponsor citation", "(Buscaino - et al. - Raman)"),
    "mover": Field("object", "the member presenting it", "see Person", PERSON),
    "presented_for": Field(
        "object",
        'the member presented for ("Padilla for McOsker"), or null',
        None,
        PERSON,
        nullable=True,
    ),
    "seconders": Field("list", "the seconders in order", "see Person", PERSON),
    "recitals": Field("list", "narrative paragraphs (a resolution's WHEREAS recitals)", "", CLAUSE),
    "operatives": Field("list", "what is moved or resolved, in order", "", CLAUSE),
    "committee": _text("the committee it is referred to, or empty", ""),
    "introduced_on": _date("the day it was introduced"),
    "adopted_on": _date("the day of the recorded vote that adopted it"),
}

VOTE_ROW: Mapping[str, Field] = {
    "name": _text('the member, or "Vacant"', "Bob Blumenfield"),
    "surname": _text("the surname, or empty for a vacant seat", "Blumenfield"),
    "district": _int("the district", 3),
    "district_short": _text("the district in short", "CD 3"),
    "vacant": _bool("true for a vacant seat", False),
    "choice": _text(
        "YES | NO | ABSENT | ABSTAIN | RECUSED | VACANT, or empty on a blank sheet", "YES"
    ),
    "yes": _text('the YES box: "X", empty, or "☐" on a blank sheet', "X"),
    "no": _text("the NO box", ""),
    "absent": _text("the ABSENT box", ""),
    "note": _text('"Abstained", "Recused", "Vacant", or empty', ""),
}

VOTE: Mapping[str, Field] = {
    "recorded": _bool("false for a blank sheet (no vote recorded yet)", True),
    "meeting_date": _date("the meeting"),
    "meeting_type": _text("Regular | Special, or empty", "Regular"),
    "action": _text('"Adopted", "Adopted as Amended", "Referred", "Failed", or empty', "Adopted"),
    "threshold": _text("majority | two_thirds | urgency | unanimous", "majority"),
    "threshold_label": _text("the threshold as printed", "Majority of the Council (8 votes)"),
    "required": _int("the YES votes needed (unanimous: every member present)", 8),
    "yes": _int("YES votes", 14),
    "no": _int("NO votes", 0),
    "absent": _int("members absent", 0),
    "abstain": _int("members abstaining or recused", 0),
    "vacant": _int("vacant seats", 1),
    "tally": _text("yes - no - absent", "(14 - 0 - 0)"),
    "result": _text(
        'the action when the vote carries, "Failed" when not, "No Quorum" when fewer members '
        "were present than the quorum; empty when not recorded",
        "Adopted",
    ),
    "journal_line": _text(
        'the Clerk\'s journal line ("Unanimous Vote" only where chosen); empty when not recorded',
        "Adopted, (12); Absent: Huizar, Krekorian, Smith (3)",
    ),
    "roll_call_line": _text(
        "the journal's roll call, the President named last; empty when not recorded",
        "Members Present: Blumenfield, ... and President Martinez (14)",
    ),
    "passed": _bool("true when the YES votes meet the threshold", True),
    "ayes": _text("the YES members' surnames, or None", "Blumenfield, Bonin, Buscaino, ..."),
    "noes": _text("the NO members' surnames, or None", "None"),
    "absentees": _text("the absent members' surnames, or None", "None"),
    "abstentions": _text("abstaining or recused members' surnames, or None", "None"),
    "rows": Field("list", "one row per seat, sorted by surname, vacant seats last", "", VOTE_ROW),
}

ARTICLE_TEXT: Mapping[str, Field] = {
    "label": _text("the article's label in this language", "Article 1"),
    "heading": _text("its heading, or empty", "Shared values"),
    "text": _text("its text as a person wrote it", "The two cities ..."),
}

ARTICLE: Mapping[str, Field] = {
    "number": _int("1, 2, 3 ...", 1),
    "home": Field("object", "the home-language version", "", ARTICLE_TEXT),
    "partner": Field("object", "the partner-language version", "", ARTICLE_TEXT),
}

LABELS: Mapping[str, Field] = {
    "annex": _text("the annex heading", "Annex"),
    "annex_title": _text("the annex title", "Schedule of donated equipment"),
    "description": _text("annex column", "Description"),
    "quantity": _text("annex column", "Quantity"),
    "condition": _text("annex column", "Condition"),
    "estimated_value": _text("annex column", "Estimated value"),
    "total": _text("annex total", "Total"),
    "signature": _text("under a signature line", "Signature"),
}

SIDE: Mapping[str, Field] = {
    "language": _text("the language code", "en"),
    "lang_tag": _text("the BCP 47 tag written on the runs", "en-US"),
    "language_name": _text("the language's name in itself", "English"),
    "rtl": _bool("true for a right-to-left language", False),
    "city": _text("this side's city, named in this language", "Los Angeles"),
    "other_city": _text("the other city, named in this language", "Kyiv"),
    "title": _text("the agreement's title in this language", "Sister City Agreement ..."),
    "title_upper": _text("the title in capitals", "SISTER CITY AGREEMENT ..."),
    "preamble": _text("the preamble in this language", "The City of Los Angeles ..."),
    "authentic_clause": _text(
        "the equally authentic clause in this language",
        "Done in two originals, in the English and Ukrainian languages, both texts being "
        "equally authentic.",
    ),
    "prevailing_clause": _text("which text prevails, or empty", ""),
    "signing_line": _text(
        "the place and date of signing in this language",
        "Signed at Los Angeles on the 25th day of March, 2022.",
    ),
    "labels": Field("object", "fixed words in this language", "", LABELS),
}

SIGNATORY: Mapping[str, Field] = {
    "name": _text("the signatory's name", "Vitali Klitschko"),
    "native_name": _text("the name in the city's own script, or empty", "Віталій Кличко"),
    "title_home": _text("the title in the home language", "Mayor of Kyiv"),
    "title_partner": _text("the title in the partner language", "Київський міський голова"),
    "for_city_home": _text("the city line in the home language", "For the City of Kyiv"),
    "for_city_partner": _text("the city line in the partner language", "За місто Київ"),
    "country": _text("the city's country as the office prints it", "Ukraine"),
}

ANNEX_ITEM: Mapping[str, Field] = {
    "number": _int("1, 2, 3 ...", 1),
    "description": _text("what is donated", "Fire engine, Type 1"),
    "quantity": _int("how many", 2),
    "condition": _text("its condition", "Used, serviceable"),
    "estimated_value": _text("formatted with its currency, or empty", "$120,000.00"),
}

AGREEMENT: Mapping[str, Field] = {
    "id": _int("the agreement's number in the database", 1),
    "status": _text("draft | final | signed", "draft"),
    "home": Field("object", "the home city's language version", "", SIDE),
    "partner": Field("object", "the partner city's language version", "", SIDE),
    "articles": Field("list", "the numbered articles, both languages side by side", "", ARTICLE),
    "home_signatory": Field("object", "who signs for the home city", "", SIGNATORY),
    "partner_signatory": Field("object", "who signs for the partner city", "", SIGNATORY),
    "annex": Field("list", "the donated equipment, in order", "", ANNEX_ITEM),
    "has_annex": _bool("true when the annex has items", True),
    "annex_total": _text("the sum of the estimated values, or empty", "$240,000.00"),
}

PACKET_ITEM: Mapping[str, Field] = {
    "number": _int("1, 2, 3 ...", 1),
    "council_file": _text("the Council File number, or empty", "22-0000-S1"),
    "title": _text("the title", "Sister City / Kyiv, Ukraine / Nomination Review"),
    "citation": _text("the sponsor citation", "(Buscaino - et al. - Raman)"),
    "kind_label": _text("Motion | Resolution", "Motion"),
}

PACKET: Mapping[str, Field] = {
    "title": _text("the packet's title", "Motions for the vote"),
    "count": _int("the number of items", 3),
    # Not "items": in a template, packet.items would be the dict method of that name.
    "entries": Field("list", "the items in print order", "", PACKET_ITEM),
}

#: Every top-level name, for every template.
SCHEMA: Mapping[str, Field] = {
    "document": Field("object", "the document itself: kind, revision, footer, draft", "", DOCUMENT),
    "office": Field("object", "the council office", "", OFFICE),
    "motion": Field("object", "the motion or resolution", "", MOTION),
    "vote": Field("object", "the motion's roll-call vote (a blank sheet when none)", "", VOTE),
    "agreement": Field("object", "the sister-city agreement", "", AGREEMENT),
    "packet": Field("object", "the cover page of a print packet", "", PACKET),
}

#: Which top-level names each kind of document receives.
TOP_LEVEL: Mapping[str, tuple[str, ...]] = {
    "motion": ("document", "office", "motion", "vote"),
    "resolution": ("document", "office", "motion", "vote"),
    "vote_sheet": ("document", "office", "motion", "vote"),
    "agreement": ("document", "office", "agreement"),
    "packet_cover": ("document", "office", "packet"),
}


def walk(fields: Mapping[str, Field] = SCHEMA, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field as (dotted path, field); list items appear as ``path[]``."""
    for name, f in fields.items():
        path = f"{prefix}{name}"
        yield path, f
        if f.fields and f.type != "date":
            yield from walk(f.fields, f"{path}[]." if f.type == "list" else f"{path}.")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference_markdown() -> str:
    """The field reference of docs/templates.md, made from this schema."""
    out: list[str] = []
    for name, top in SCHEMA.items():
        kinds = ", ".join(k for k, names in TOP_LEVEL.items() if name in names)
        out.append(f"### `{name}`\n\n{top.doc[0].upper()}{top.doc[1:]}. Present for: {kinds}.\n")
        out.append("| Field | Type | Example | Meaning |")
        out.append("|---|---|---|---|")
        for path, f in walk(top.fields, f"{name}."):
            kind = f.type + (" or null" if f.nullable else "")
            example = "" if f.example in (None, "") else f"`{f.example}`"
            if isinstance(f.example, bool):
                example = f"`{str(f.example).lower()}`"
            out.append(f"| `{path}` | {kind} | {_cell(example)} | {_cell(f.doc)} |")
        out.append("")
    out.append("### Dates\n")
    out.append("Every field of type date is an object with these members:\n")
    out.append("| Member | Type | Example | Meaning |")
    out.append("|---|---|---|---|")
    for name, f in DATE.items():
        example = f"`{str(f.example).lower()}`" if isinstance(f.example, bool) else f"`{f.example}`"
        out.append(f"| `{name}` | {f.type} | {_cell(example)} | {_cell(f.doc)} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
