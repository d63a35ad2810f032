"""Build the Word import corpus: motions and resolutions written the way Word writes them.

Run ``python tests/documents/wordfiles/make_corpus.py`` to write the .docx files beside this
script (they are committed; tests read them, and ``CORPUS`` says what each must give).

Word splits a paragraph into runs wherever the editing history put a boundary (a revision id,
a spelling mark, a bookmark, a change of format), puts tabs and several spaces between a label
and a name, numbers list paragraphs through numbering (the number is not in the text),
places signature blocks in tables, the clerk's stamp and the Council File number in headers,
writes tracked changes as w:ins/w:del and dates as fields. Each file here does some of that,
with python-docx and raw XML where python-docx has no call for it.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- Word's habits


class Writer:
    """A document written with Word's habits; ``rng`` makes the run splits repeatable."""

    def __init__(self, seed: int) -> None:
        self.doc: DocxDocument = Document()
        self.rng = random.Random(seed)
        core = self.doc.core_properties
        core.author = "Council District Office"
        core.created = core.modified = dt.datetime(2022, 3, 1, 9, 0)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)

    def _rsid(self) -> str:
        return f"{self.rng.randrange(0x100000, 0xFFFFFF):08X}"

    def runs(self, p: Paragraph, text: str, *, bold_words: int = 0, caps: bool = False) -> None:
        """Append ``text`` to ``p`` as Word would: split at arbitrary points into runs with
        revision ids, spelling marks and a bookmark now and then; the first ``bold_words``
        words bold; tabs as w:tab, newlines as soft breaks."""
        words = text.split(" ")
        bold_part = " ".join(words[:bold_words])
        rest = text[len(bold_part) :] if bold_words else text
        pieces: list[tuple[str, bool]] = []
        for chunk, bold in ((bold_part, True), (rest, False)):
            if not chunk:
                continue
            cuts = sorted(self.rng.sample(range(1, len(chunk)), min(3, len(chunk) - 1)))
            start = 0
            for cut in [*cuts, len(chunk)]:
                pieces.append((chunk[start:cut], bold))
                start = cut
        for i, (piece, bold) in enumerate(pieces):
            if i and self.rng.random() < 0.3:
                mark = OxmlElement("w:proofErr")
                mark.set(qn("w:type"), "spellStart" if i % 2 else "gramEnd")
                p._p.append(mark)
            if i == 1 and self.rng.random() < 0.3:
                bm = OxmlElement("w:bookmarkStart")
                bm.set(qn("w:id"), str(i))
                bm.set(qn("w:name"), f"_Hlk{self.rng.randrange(10**8)}")
                p._p.append(bm)
                end = OxmlElement("w:bookmarkEnd")
                end.set(qn("w:id"), str(i))
                p._p.append(end)
            for j, line in enumerate(piece.split("\n")):
                if j:
                    p.add_run().add_break()
                parts = line.split("\t")
                for k, part in enumerate(parts):
                    if k:
                        p.add_run().add_tab()
                    if part:
                        run = p.add_run(part)
                        run.bold = bold or None
                        if caps:
                            run.font.all_caps = True
                        run._r.set(qn("w:rsidR"), self._rsid())

    def para(
        self,
        text: str = "",
        *,
        style: str | None = None,
        bold_words: int = 0,
        center: bool = False,
        container: Any = None,
        caps: bool = False,
    ) -> Paragraph:
        where = container if container is not None else self.doc
        p = where.add_paragraph(style=style)
        p._p.set(qn("w:rsidR"), self._rsid())
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            self.runs(p, text, bold_words=bold_words, caps=caps)
        return p

    def cell_para(self, cell: Any, text: str, **kw: Any) -> Paragraph:
        """The cell's own first paragraph when empty, else a new one."""
        p = cell.paragraphs[0]
        if p.text or len(p.runs):
            return self.para(text, container=cell, **kw)
        if text:
            self.runs(p, text, **kw)
        return p

    def numbered(self, text: str, *, bold_words: int = 0, num_id: int = 1) -> Paragraph:
        """A list paragraph numbered by Word (w:numPr): the number is not in the text."""
        p = self.para(style="List Number")
        ppr = p._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        num = OxmlElement("w:numId")
        num.set(qn("w:val"), str(num_id))
        num_pr.append(ilvl)
        num_pr.append(num)
        ppr.append(num_pr)
        self.runs(p, text, bold_words=bold_words)
        return p

    def header(self, text: str) -> None:
        section = self.doc.sections[0]
        section.header.is_linked_to_previous = False
        p = section.header.paragraphs[0]
        self.runs(p, text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def footer(self, text: str) -> None:
        section = self.doc.sections[0]
        section.footer.is_linked_to_previous = False
        self.runs(section.footer.paragraphs[0], text)

    def tracked(self, p: Paragraph, inserted: str, deleted: str) -> None:
        """A tracked change: ``deleted`` struck out (w:del), ``inserted`` added (w:ins)."""
        for tag, text, text_tag in (("w:del", deleted, "w:delText"), ("w:ins", inserted, "w:t")):
            change = OxmlElement(tag)
            change.set(qn("w:id"), str(self.rng.randrange(1000)))
            change.set(qn("w:author"), "Deputy")
            change.set(qn("w:date"), "2022-02-28T10:00:00Z")
            r = OxmlElement("w:r")
            t = OxmlElement(text_tag)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = text
            r.append(t)
            change.append(r)
            p._p.append(change)

    def field(self, p: Paragraph, instr: str, result: str) -> None:
        """A complex field (w:fldChar): Word shows ``result``; the code is not text."""

        def char(kind: str) -> None:
            r = OxmlElement("w:r")
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r.append(fc)
            p._p.append(r)

        char("begin")
        r = OxmlElement("w:r")
        it = OxmlElement("w:instrText")
        it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        it.text = f" {instr} "
        r.append(it)
        p._p.append(r)
        char("separate")
        p.add_run(result)
        char("end")

    def table(self, rows: int, cols: int) -> Any:
        return self.doc.add_table(rows=rows, cols=cols)

    def save(self, name: str) -> Path:
        path = HERE / name
        self.doc.save(str(path))
        return path


# --------------------------------------------------------------------------- building blocks

KYIV_RECITALS = [
    "On February 24, 2022, Russia invaded Ukraine. Kyiv, the capital of Ukraine, has been "
    "under attack since.",
    "Making Kyiv a sister city of Los Angeles would be a symbolic gesture of solidarity.",
]
KYIV_OPERATIVE = (
    "the Council begin the process of making Kyiv, Ukraine, a sister city of the City of Los "
    "Angeles"
)
FIRE_OPERATIVE = (
    "the Council instruct the City Administrative Officer to report on surplus fire trucks "
    "that could be donated to Kyiv"
)


def motion_body(
    w: Writer,
    recitals: list[str],
    operatives: list[str],
    *,
    heading: bool = True,
    list_ops: bool = False,
    heading_style: str | None = "Title",
) -> None:
    if heading:
        w.para("MOTION", style=heading_style, center=True)
    for text in recitals:
        w.para(text)
    for i, text in enumerate(operatives):
        opening = "I THEREFORE MOVE" if i == 0 else "I FURTHER MOVE"
        if list_ops:
            w.numbered(f"{opening} that {text}.", bold_words=3)
        else:
            w.para(f"{opening} that {text}.", bold_words=3)


def signatures_plain(
    w: Writer, mover: list[str], seconders: list[list[str]], label_tab: bool = False
) -> None:
    """PRESENTED BY / SECONDED BY as plain paragraphs, a signature rule above each name."""
    if label_tab:
        w.para("PRESENTED BY:\t\t" + mover[0])
        for line in mover[1:]:
            w.para("\t\t\t" + line)
    else:
        w.para("PRESENTED BY:")
        w.para("________________________________")
        for line in mover:
            w.para(line)
    w.para("")
    for i, lines in enumerate(seconders):
        if i == 0:
            w.para("SECONDED BY:")
        w.para("________________________________")
        for line in lines:
            w.para(line)


def signatures_table(w: Writer, mover: list[str], seconders: list[list[str]]) -> None:
    """The blocks in a two-column table: label left, rule, name and district right."""
    t = w.table(1 + len(seconders), 2)
    w.cell_para(t.cell(0, 0), "PRESENTED BY:", bold_words=2)
    w.cell_para(t.cell(0, 1), "______________________________")
    for line in mover:
        w.para(line, container=t.cell(0, 1))
    for i, lines in enumerate(seconders, start=1):
        if i == 1:
            w.cell_para(t.cell(i, 0), "SECONDED BY:", bold_words=2)
        w.cell_para(t.cell(i, 1), "______________________________")
        for line in lines:
            w.para(line, container=t.cell(i, 1))


def signatures_side_by_side(w: Writer, mover: list[str], seconders: list[list[str]]) -> None:
    """Mover and seconders in cells across the page, soft line breaks inside a cell."""
    blocks = [("PRESENTED BY", mover)] + [
        ("SECONDED BY" if i == 0 else "", s) for i, s in enumerate(seconders)
    ]
    t = w.table((len(blocks) + 2) // 3, 3)
    for i, (label, lines) in enumerate(blocks):
        cell = t.cell(i // 3, i % 3)
        if label:
            w.cell_para(cell, label + ":", bold_words=2)
            w.para("________________\n" + "\n".join(lines), container=cell)
        else:
            w.cell_para(cell, "________________\n" + "\n".join(lines))


def person(name: str, district: int | None) -> list[str]:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(district % 10 if district else 0, "th")
    if district in (11, 12, 13):
        suffix = "th"
    return [name, f"Councilmember, {district}{suffix} District"] if district else [name]


# --------------------------------------------------------------------------- the corpus


@dataclass
class Expected:
    """What a file must give. People are surnames of members ("?" + printed: unresolved)."""

    kind: str | None
    title: str | None = None
    council_file: str = ""
    resolution_number: str = ""
    introduced_on: dt.date | None = None
    adopted_on: dt.date | None = None
    status: str = "draft"
    mover: str | None = None
    presented_for: str | None = None
    seconders: list[str] = field(default_factory=list)
    clauses: list[tuple[str, str]] | None = None
    min_confidence: float = 0.9
    max_confidence: float = 1.0


CORPUS: dict[str, tuple[Callable[[], Writer], Expected]] = {}


def corpus(name: str, expected: Expected) -> Callable[[Callable[[], Writer]], Callable[[], Writer]]:
    def register(build: Callable[[], Writer]) -> Callable[[], Writer]:
        CORPUS[name] = (build, expected)
        return build

    return register


def _motion_clauses(recitals: list[str], operatives: list[str]) -> list[tuple[str, str]]:
    return [("recital", r) for r in recitals] + [("operative", o) for o in operatives]


@corpus(
    "m01_one_seconder.docx",
    Expected(
        "motion",
        council_file="22-0311",
        introduced_on=dt.date(2022, 3, 1),
        status="introduced",
        mover="Buscaino",
        seconders=["Raman"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE]),
    ),
)
def m01() -> Writer:
    w = Writer(1)
    w.header("C.F. 22-0311")
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE])
    signatures_plain(w, person("JOE BUSCAINO", 15), [person("NITHYA RAMAN", 4)])
    w.para("March 1, 2022")
    return w


@corpus(
    "m02_two_seconders_table.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 3, 4),
        status="introduced",
        mover="Koretz",
        seconders=["Raman", "Blumenfield"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE, FIRE_OPERATIVE]),
    ),
)
def m02() -> Writer:
    w = Writer(2)
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE, FIRE_OPERATIVE], heading_style="Heading 1")
    signatures_table(
        w, person("PAUL KORETZ", 5), [person("NITHYA RAMAN", 4), person("BOB BLUMENFIELD", 3)]
    )
    w.para("Date: March 4, 2022")
    return w


@corpus(
    "m03_three_seconders_tabs.docx",
    Expected(
        "motion",
        council_file="22-0402",
        introduced_on=dt.date(2022, 4, 5),
        status="introduced",
        mover="Cedillo",
        seconders=["Krekorian", "Rodriguez", "Harris-Dawson"],
        clauses=_motion_clauses(
            ["The Los Angeles Fire Department keeps a reserve of engines past their service life."],
            [FIRE_OPERATIVE],
        ),
    ),
)
def m03() -> Writer:
    w = Writer(3)
    w.para("MOTION")
    w.para("Council  File   No.\t22-0402")
    # Several spaces and a tab inside the narrative, as pasted from an e-mail.
    w.para("The Los Angeles  Fire Department\tkeeps a reserve of engines past their service life.")
    w.para(f"I THEREFORE MOVE that {FIRE_OPERATIVE}.", bold_words=3)
    w.para("PRESENTED BY:\tGILBERT A. CEDILLO, CD 1")
    w.para("SECONDED BY:\tPAUL KREKORIAN, CD 2")
    w.para("\tMONICA RODRIGUEZ, CD 7")
    w.para("\tMARQUEECE HARRIS-DAWSON, CD 8")
    w.para("APR 05 2022")
    return w


FOUR_OPS = [
    "the Council request the Department of Cultural Affairs to report on exchanges with Kyiv",
    "the Council request the Port of Los Angeles to report on shipping donated equipment",
    "the Council instruct the City Attorney to prepare the agreement",
]


@corpus(
    "m04_four_seconders_list.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 3, 8),
        status="introduced",
        mover="Raman",
        seconders=["Koretz", "O'Farrell", "Bonin", "Price"],
        clauses=_motion_clauses(
            ["Kyiv’s museums and theatres are known the world over."], FOUR_OPS
        ),
    ),
)
def m04() -> Writer:
    w = Writer(4)
    w.para("MOTION", style="Heading 1")
    w.para("Kyiv’s museums and theatres are known the world over.")
    for i, text in enumerate(FOUR_OPS):
        opening = "I THEREFORE MOVE" if i == 0 else "I FURTHER MOVE"
        w.numbered(f"{opening} that {text}.", bold_words=3)
    w.para("PRESENTED BY:")
    w.para("NITHYA RAMAN, Councilmember, 4th District")
    # One line naming every seconder, typographic apostrophe and suffix included.
    w.para("SECONDED BY: Koretz, O’Farrell, Bonin and Curren D. Price, Jr.")
    w.para("3/8/2022")
    return w


@corpus(
    "m05_five_seconders.docx",
    Expected(
        "motion",
        council_file="22-0500",
        introduced_on=dt.date(2022, 5, 3),
        status="introduced",
        mover="Buscaino",
        seconders=["Raman", "Koretz", "O'Farrell", "Lee", "Rodriguez"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE]),
    ),
)
def m05() -> Writer:
    w = Writer(5)
    w.header("CF 22-0500")
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE])
    signatures_side_by_side(
        w,
        person("JOE BUSCAINO", 15),
        [
            person("NITHYA RAMAN", 4),
            person("PAUL KORETZ", 5),
            person("MITCH O'FARRELL", 13),
            person("JOHN S. LEE", 12),
            person("MONICA RODRIGUEZ", 7),
        ],
    )
    w.para("May 3, 2022")
    return w


@corpus(
    "m06_presented_for.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2023, 9, 5),
        status="introduced",
        mover="Padilla",
        presented_for="McOsker",
        seconders=["Hutt"],
        clauses=_motion_clauses(
            ["The Port of Los Angeles has offered to ship donated fire engines."],
            ["the Council accept the Port's offer"],
        ),
    ),
)
def m06() -> Writer:
    w = Writer(6)
    motion_body(
        w,
        ["The Port of Los Angeles has offered to ship donated fire engines."],
        ["the Council accept the Port's offer"],
    )
    signatures_plain(
        w,
        ["IMELDA PADILLA for TIM McOSKER", "Councilmember, 15th District"],
        [person("HEATHER HUTT", 10)],
    )
    w.para("September 5, 2023")
    return w


@corpus(
    "m07_presented_for_next_line.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 6, 7),
        status="introduced",
        mover="O'Farrell",
        presented_for="Martinez",
        seconders=["Krekorian", "Blumenfield"],
        clauses=_motion_clauses(KYIV_RECITALS, [FIRE_OPERATIVE]),
    ),
)
def m07() -> Writer:
    w = Writer(7)
    motion_body(w, KYIV_RECITALS, [FIRE_OPERATIVE])
    signatures_table(
        w,
        ["MITCH O’FARRELL", "for COUNCIL PRESIDENT NURY MARTINEZ", "Council President Pro Tempore"],
        [person("PAUL KREKORIAN", 2), person("BOB BLUMENFIELD", 3)],
    )
    w.para("June 7, 2022")
    return w


DE_LEON_RECITAL = (
    "Київ (Kyiv) and Los Angeles share a “commitment to culture”; the Mayor of Kyiv, "
    "Віталій Кличко, has asked for help."
)


@corpus(
    "m08_non_ascii_names.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2023, 1, 10),
        status="introduced",
        mover="de León",
        seconders=["Soto-Martínez", "Harris-Dawson"],
        clauses=_motion_clauses([DE_LEON_RECITAL], [KYIV_OPERATIVE]),
    ),
)
def m08() -> Writer:
    w = Writer(8)
    motion_body(w, [DE_LEON_RECITAL], [KYIV_OPERATIVE])
    signatures_plain(
        w,
        ["KEVIN DE LEON", "Councilmember, Fourteenth District"],
        [["HUGO SOTO-MARTINEZ", "Council District Thirteen"], ["MARQUEECE HARRIS DAWSON", "CD 8"]],
    )
    w.para("January 10, 2023")
    return w


@corpus(
    "m09_titles_and_initials.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 3, 15),
        status="introduced",
        mover="Price",
        seconders=["Martinez", "Krekorian", "de León"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE]),
    ),
)
def m09() -> Writer:
    w = Writer(9)
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE], heading_style=None)
    signatures_plain(
        w,
        ["Councilmember Curren Price Jr.", "Ninth District"],
        [["Council President Nury Martinez"], ["P. KREKORIAN"], ["Councilmember Kevin de León"]],
    )
    w.para("15 March 2022")
    return w


@corpus(
    "m10_legacy_council_file.docx",
    Expected(
        "motion",
        council_file="103,908 Sup. i",
        introduced_on=dt.date(2021, 3, 1),
        status="introduced",
        mover="Krekorian",
        seconders=["Koretz"],
        clauses=_motion_clauses(
            ["The City has had sister cities since 1959."], ["the Council review its program"]
        ),
    ),
)
def m10() -> Writer:
    w = Writer(10)
    w.header("RECEIVED MAR 01 2021 CITY CLERK")
    w.para("C.F. 103,908 Sup. i")
    motion_body(
        w, ["The City has had sister cities since 1959."], ["the Council review its program"]
    )
    signatures_plain(w, person("PAUL KREKORIAN", 2), [person("PAUL KORETZ", 5)])
    return w


@corpus(
    "m11_adopted_stamp.docx",
    Expected(
        "motion",
        council_file="22-0022",
        introduced_on=dt.date(2022, 3, 1),
        adopted_on=dt.date(2022, 3, 25),
        status="adopted",
        mover="Buscaino",
        seconders=["Raman", "Koretz", "O'Farrell"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE, FIRE_OPERATIVE]),
    ),
)
def m11() -> Writer:
    w = Writer(11)
    w.header("ADOPTED MAR 25 2022 LOS ANGELES CITY COUNCIL")
    w.footer("Council File 22-0022")
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE, FIRE_OPERATIVE], list_ops=True)
    signatures_table(
        w,
        person("JOE BUSCAINO", 15),
        [person("NITHYA RAMAN", 4), person("PAUL KORETZ", 5), person("MITCH O'FARRELL", 13)],
    )
    w.para("March 1, 2022")
    return w


@corpus(
    "m12_tracked_changes.docx",
    Expected(
        "motion",
        council_file="23-1200-S104",
        introduced_on=dt.date(2023, 12, 1),
        status="introduced",
        mover="Blumenfield",
        seconders=["Lee"],
        clauses=[
            ("recital", "The Sister Cities program\nneeds a standing budget line."),
            ("operative", "the Council request a report within 60 days"),
        ],
    ),
)
def m12() -> Writer:
    w = Writer(12)
    w.para("MOTION", style="Title")
    w.para("Council File No. 23-1200-S104")
    p = w.para("The Sister Cities program\nneeds a ")
    w.tracked(p, "standing budget line.", "one-time grant.")
    p = w.para("I THEREFORE MOVE that the Council request a report within ", bold_words=3)
    w.tracked(p, "60 days.", "30 days.")
    signatures_plain(w, person("BOB BLUMENFIELD", 3), [["JOHN LEE", "CD 12"]])
    w.para("December 1, 2023")
    return w


@corpus(
    "m13_no_heading.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 9, 2),
        status="introduced",
        mover="Bonin",
        seconders=["Raman"],
        clauses=_motion_clauses(["Beach cities twin easily."], ["the Council consider Odesa"]),
        min_confidence=0.6,
        max_confidence=0.85,
    ),
)
def m13() -> Writer:
    w = Writer(13)
    motion_body(w, ["Beach cities twin easily."], ["the Council consider Odesa"], heading=False)
    signatures_plain(w, person("MIKE BONIN", 11), [person("NITHYA RAMAN", 4)])
    w.para("September 2, 2022")
    return w


@corpus(
    "m14_unknown_seconder.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 3, 1),
        status="introduced",
        mover="Buscaino",
        seconders=["Raman", "?ALEX SMITHERS"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE]),
        min_confidence=0.8,
        max_confidence=0.95,
    ),
)
def m14() -> Writer:
    w = Writer(14)
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE])
    signatures_plain(w, person("JOE BUSCAINO", 15), [person("NITHYA RAMAN", 4), ["ALEX SMITHERS"]])
    w.para("March 1, 2022")
    return w


@corpus(
    "m15_ambiguous_initial.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2023, 5, 2),
        status="introduced",
        mover="?J. LEE",
        seconders=["Raman"],
        clauses=_motion_clauses(["A short motion."], ["the Council act"]),
        min_confidence=0.6,
        max_confidence=0.8,
    ),
)
def m15() -> Writer:
    w = Writer(15)
    motion_body(w, ["A short motion."], ["the Council act"])
    # John S. Lee and Jane Lee are both members: "J. LEE" is not guessed.
    signatures_plain(w, ["J. LEE"], [person("NITHYA RAMAN", 4)])
    w.para("May 2, 2023")
    return w


@corpus(
    "m16_cf_in_cells.docx",
    Expected(
        "motion",
        council_file="22-1010",
        introduced_on=dt.date(2022, 3, 1),
        status="introduced",
        mover="Buscaino",
        seconders=["Raman", "Koretz"],
        clauses=_motion_clauses(KYIV_RECITALS, [KYIV_OPERATIVE]),
    ),
)
def m16() -> Writer:
    w = Writer(16)
    t = w.table(2, 2)
    w.cell_para(t.cell(0, 0), "Council File:")
    w.cell_para(t.cell(0, 1), "22-1010")
    w.cell_para(t.cell(1, 0), "Date:")
    w.cell_para(t.cell(1, 1), "03/01/2022")
    motion_body(w, KYIV_RECITALS, [KYIV_OPERATIVE])
    signatures_table(
        w, person("JOE BUSCAINO", 15), [person("NITHYA RAMAN", 4), person("PAUL KORETZ", 5)]
    )
    return w


@corpus(
    "m17_date_field.docx",
    Expected(
        "motion",
        introduced_on=dt.date(2022, 10, 4),
        status="introduced",
        mover="Rodriguez",
        seconders=["Cedillo"],
        clauses=_motion_clauses(["Pacoima’s fire station needs a new engine."], [FIRE_OPERATIVE]),
    ),
)
def m17() -> Writer:
    w = Writer(17)
    motion_body(w, ["Pacoima’s fire station needs a new engine."], [FIRE_OPERATIVE])
    signatures_plain(w, person("MONICA RODRIGUEZ", 7), [person("GILBERT CEDILLO", 1)])
    p = w.para()
    w.field(p, 'DATE \\@ "MMMM d, yyyy"', "October 4, 2022")
    return w


R1_RECITALS = [
    "the City of Los Angeles and the City of Kyiv share a commitment to culture",
    "the people of Kyiv have shown great courage",
    "a sister city relationship would make donations of equipment easier",
]
R1_OPS = [
    "the City of Kyiv, Ukraine, is hereby designated a Sister City of Los Angeles",
    "the City Clerk transmit a copy of this resolution to the Mayor of Kyiv",
]


def resolution_body(
    w: Writer,
    number: str,
    title: str,
    recitals: list[str],
    ops: list[str],
    *,
    sections: bool = False,
    numbered_recitals: bool = False,
) -> None:
    w.para(f"RESOLUTION NO. {number}", center=True, bold_words=3)
    w.para(f"A RESOLUTION OF THE CITY COUNCIL OF THE CITY OF LOS ANGELES {title}", bold_words=99)
    for i, text in enumerate(recitals):
        ending = ";" if i == len(recitals) - 1 else "; and"
        if numbered_recitals:
            w.numbered(f"WHEREAS, {text}{ending}", bold_words=1, num_id=2)
        else:
            w.para(f"WHEREAS, {text}{ending}", bold_words=1)
    for i, text in enumerate(ops):
        if sections:
            w.para(f"SECTION {i + 1}. {text[:1].upper()}{text[1:]}.", bold_words=2)
        elif i == 0:
            w.para(
                "NOW, THEREFORE, BE IT RESOLVED by the City Council of the City of Los Angeles "
                f"that {text}; and",
                bold_words=5,
            )
        else:
            w.para(f"BE IT FURTHER RESOLVED that {text}.", bold_words=4)


def closing(w: Writer, adopted: str) -> None:
    w.para(f"PASSED, APPROVED and ADOPTED this {adopted}.", bold_words=3)
    t = w.table(2, 2)
    w.cell_para(t.cell(0, 0), "______________________")
    w.para("NURY MARTINEZ", container=t.cell(0, 0))
    w.para("President of the City Council", container=t.cell(0, 0))
    w.cell_para(t.cell(0, 1), "ATTEST:")
    w.para("______________________", container=t.cell(0, 1))
    w.para("HOLLY L. WOLCOTT", container=t.cell(0, 1))
    w.para("City Clerk", container=t.cell(0, 1))
    w.cell_para(t.cell(1, 0), "APPROVED AS TO FORM:")
    w.para("MICHAEL N. FEUER", container=t.cell(1, 0))
    w.para("City Attorney", container=t.cell(1, 0))


@corpus(
    "r01_resolution_adopted.docx",
    Expected(
        "resolution",
        title="DESIGNATING KYIV, UKRAINE, A SISTER CITY",
        resolution_number="2022-14",
        adopted_on=dt.date(2022, 3, 25),
        status="adopted",
        mover=None,
        clauses=[("recital", r) for r in R1_RECITALS] + [("operative", o) for o in R1_OPS],
        min_confidence=0.6,
        max_confidence=0.8,
    ),
)
def r01() -> Writer:
    w = Writer(21)
    resolution_body(w, "2022-14", "DESIGNATING KYIV, UKRAINE, A SISTER CITY", R1_RECITALS, R1_OPS)
    closing(w, "25th day of March, 2022")
    return w


@corpus(
    "r02_resolution_sections_blank.docx",
    Expected(
        "resolution",
        title="SUPPORTING THE DONATION OF FIRE ENGINES",
        resolution_number="",
        status="draft",
        mover=None,
        clauses=[
            ("recital", R1_RECITALS[2]),
            ("operative", "The surplus engines be donated"),
            ("operative", "The City Clerk certify this resolution"),
        ],
        min_confidence=0.55,
        max_confidence=0.8,
    ),
)
def r02() -> Writer:
    w = Writer(22)
    resolution_body(
        w,
        "__________",
        "SUPPORTING THE DONATION OF FIRE ENGINES",
        [R1_RECITALS[2]],
        ["the surplus engines be donated", "the City Clerk certify this resolution"],
        sections=True,
    )
    closing(w, "____ day of ____________, 20__")
    w.para("CLERK'S CERTIFICATE")
    w.para("I HEREBY CERTIFY that the foregoing Resolution was adopted by the following vote:")
    w.para("AYES:\tBlumenfield, Bonin, Buscaino")
    w.para("NOES:\tNone")
    return w


@corpus(
    "r03_resolution_sponsors.docx",
    Expected(
        "resolution",
        title="SUPPORTING HUMANITARIAN AID TO KYIV",
        council_file="22-0311",
        resolution_number="22-7",
        introduced_on=dt.date(2022, 3, 2),
        status="introduced",
        mover="Buscaino",
        seconders=["Raman", "Koretz"],
        clauses=[("recital", R1_RECITALS[1]), ("operative", R1_OPS[1])],
    ),
)
def r03() -> Writer:
    w = Writer(23)
    w.header("CF 22-0311")
    resolution_body(w, "22-7", "SUPPORTING HUMANITARIAN AID TO KYIV", [R1_RECITALS[1]], [R1_OPS[1]])
    signatures_table(
        w, person("JOE BUSCAINO", 15), [person("NITHYA RAMAN", 4), person("PAUL KORETZ", 5)]
    )
    w.para("March 2, 2022")
    return w


@corpus(
    "r04_resolution_numbered.docx",
    Expected(
        "resolution",
        title="HONORING THE FIREFIGHTERS OF KYIV",
        resolution_number="2023-3",
        adopted_on=dt.date(2023, 4, 18),
        status="adopted",
        mover="Soto-Martínez",
        seconders=["de León"],
        clauses=[
            ("recital", "the firefighters of Київ have saved countless lives"),
            ("recital", "“Kyiv’s” brigades work without rest"),
            ("operative", R1_OPS[1]),
        ],
    ),
)
def r04() -> Writer:
    w = Writer(24)
    resolution_body(
        w,
        "2023-3",
        "HONORING THE FIREFIGHTERS OF KYIV",
        [
            "the firefighters of Київ have saved countless lives",
            "“Kyiv’s” brigades work without rest",
        ],
        [R1_OPS[1]],
        numbered_recitals=True,
    )
    w.para("PRESENTED BY: HUGO SOTO-MARTÍNEZ, Councilmember, 13th District")
    w.para("SECONDED BY: KEVIN DE LEÓN, Councilmember, 14th District")
    closing(w, "18th day of April, 2023")
    return w


@corpus("x01_memo.docx", Expected(None, min_confidence=0.0, max_confidence=0.0))
def x01() -> Writer:
    w = Writer(31)
    w.para("MEMORANDUM", style="Title")
    w.para("TO:\tSister Cities Committee")
    w.para("FROM:\tCouncil District 15")
    w.para(
        "The delegation from Kyiv arrives on March 3, 2022. Please book a room for the motion "
        "discussion."
    )
    return w


@corpus("x02_agenda.docx", Expected(None, min_confidence=0.0, max_confidence=0.0))
def x02() -> Writer:
    w = Writer(32)
    w.para("REGULAR COUNCIL MEETING AGENDA", style="Heading 1")
    t = w.table(3, 2)
    for i, (a, b) in enumerate(
        [
            ("Item", "Subject"),
            ("1", "CF 22-0311 Sister City / Kyiv"),
            ("2", "CF 22-0402 Fire engines"),
        ]
    ):
        w.cell_para(t.cell(i, 0), a)
        w.cell_para(t.cell(i, 1), b)
    return w


@corpus("x03_letter.docx", Expected(None, min_confidence=0.0, max_confidence=0.0))
def x03() -> Writer:
    w = Writer(33)
    w.para("Dear Mayor Klitschko,")
    w.para("The Council will consider a motion to make Kyiv our sister city. We move quickly.")
    w.para("Sincerely,")
    w.para("Joe Buscaino")
    return w


def build_all(folder: Path = HERE) -> list[Path]:
    out = []
    for name, (build, _expected) in CORPUS.items():
        w = build()
        path = folder / name
        w.doc.save(str(path))
        out.append(path)
    return out


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path.name)
