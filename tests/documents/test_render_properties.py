"""Whatever a drafter types, the Word document holds it: no text lost, no XML broken, no tag run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import MakeMotion
from docfiles import full_text, header_text, open_docx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlmodel import Session

from sistercity_desk import models as m
from sistercity_desk.documents import render
from sistercity_desk.documents.context import operative_text, recital_text
from sistercity_desk.text import clean

#: Characters that broke naive renderers: XML specials, Jinja and docxtpl syntax, Word's
#: soft break and other control characters, right-to-left and combining marks, emoji.
TRICKY = "&<>\"'{}%#|\\\x00\x01\x07\x0b\x0c\t\n\r\u200b\u200f\u0301ʼ’–—אבגمرحبКиївé😀"

drafted = st.text(
    alphabet=st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=("Cs",))),
    max_size=60,
)
title_text = drafted.filter(lambda t: re.search(r"\w", clean(t)) is not None)

_WORD = re.compile(r"\w+")
_STRICT = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=title_text,
    recitals=st.lists(drafted, min_size=1, max_size=3),
    operatives=st.lists(drafted, min_size=1, max_size=3),
    kind=st.sampled_from([m.MotionKind.MOTION.value, m.MotionKind.RESOLUTION.value]),
)
@example(
    title="{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{r title }}",
    recitals=[
        "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{r motion.title }}",
        'AT&T <b>bold</b> &amp; "quotes"',
        "line one\x0bline two\x07bell\x0cpage",
    ],
    operatives=["{%p if true %}{{ cycler.__init__.__globals__ }}{%p endif %}"],
    kind=m.MotionKind.MOTION.value,
)
@example(
    title="Київ — Kyiv ’Mayor’ de León",
    recitals=["שלום مرحبا e\u0301"],
    operatives=["I THEREFORE MOVE that the Council act; and"],
    kind=m.MotionKind.RESOLUTION.value,
)
def test_any_drafted_text_reaches_the_document(
    session: Session,
    make_motion: MakeMotion,
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    recitals: list[str],
    operatives: list[str],
    kind: str,
) -> None:
    motion = make_motion(title=title, recitals=recitals, operatives=operatives, kind=kind)
    out = tmp_path_factory.mktemp("render") / "motion.docx"

    render.produce(session, "motion", motion.id or 0, out)

    # The XML of every part is well formed when parsed strictly (docxtpl's own parser
    # recovers silently, which is how text used to vanish).
    with zipfile.ZipFile(out) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name), _STRICT)
    doc = open_docx(out)
    printed = full_text(doc) + "\n" + header_text(doc)
    # casefold: a template may print a text in capitals (title_upper).
    printed_words = set(_words(printed.casefold()))

    # An LA motion prints no title (it is the Council File's); a resolution does.
    expected = _words(clean(title)) if kind == m.MotionKind.RESOLUTION.value else []
    for text in recitals:
        expected += _words(recital_text(text))
    for text in operatives:
        expected += _words(operative_text(text))
    missing = [w for w in expected if w.casefold() not in printed_words]
    assert not missing, f"lost from the document: {missing[:10]}"
    # User text is printed, never run as a template.
    assert "cycler" not in printed or "{{ cycler" in printed
    if kind == m.MotionKind.MOTION.value:
        # A motion's narrative paragraphs are printed exactly as stored (cleaned).
        for text in recitals:
            for line in clean(text).strip().splitlines():
                assert line.strip() in printed
    session.rollback()


def test_the_document_keeps_the_order_of_the_clauses(
    session: Session, make_motion: MakeMotion, tmp_path: Path
) -> None:
    operatives = [f"the Council take step number {n} zq{n}x" for n in range(1, 8)]
    motion = make_motion(title="Ordered steps", operatives=operatives)
    out = tmp_path / "ordered.docx"
    render.produce(session, "motion", motion.id or 0, out)
    printed = full_text(open_docx(out))
    positions = [printed.index(f"zq{n}x") for n in range(1, 8)]
    assert positions == sorted(positions)
