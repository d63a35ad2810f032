"""Word-level comparison of two versions of a record (revisions or the working draft)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from sqlmodel import Session

from . import revisions
from .errors import Invalid
from .text import clean, operative_text, recital_text

Op = Literal["equal", "insert", "delete"]
BlockOp = Literal["equal", "changed", "insert", "delete"]

#: What a comparison can name as one side: a revision number, or the working draft.
DRAFT: Literal["draft"] = "draft"
Side = int | Literal["draft"]

# Words (letters, digits, joined by apostrophes or hyphens), runs of white space, and each
# other character on its own: a change of one comma shows as that comma, not the whole word.
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A piece of text that is the same on both sides, only in the new, or only in the old."""

    op: Op
    text: str


@dataclass(frozen=True)
class Block:
    """One field or clause compared: its label, how it changed, and its text in segments.

    ``op`` is "equal", "changed" (both sides have it, words differ), "insert" (only the new
    side has it) or "delete" (only the old side has it). Positions are 1-based among the
    clauses (or articles, annex items) of each side; None when the side lacks it.
    """

    key: str
    label: str
    op: BlockOp
    segments: tuple[Segment, ...]
    group: str = "field"
    old_position: int | None = None
    new_position: int | None = None

    @property
    def old_text(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "delete")

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "op": self.op,
            "group": self.group,
            "old_position": self.old_position,
            "new_position": self.new_position,
            "segments": [{"op": s.op, "text": s.text} for s in self.segments],
        }


@dataclass(frozen=True)
class Comparison:
    """Two versions of one record side by side, as blocks in reading order."""

    record_kind: str
    record_id: int
    old_label: str
    new_label: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return any(b.op != "equal" for b in self.blocks)

    @property
    def changes(self) -> list[Block]:
        return [b for b in self.blocks if b.op != "equal"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_kind": self.record_kind,
            "record_id": self.record_id,
            "old": self.old_label,
            "new": self.new_label,
            "changed": self.changed,
            "blocks": [b.to_dict() for b in self.blocks],
        }


# --------------------------------------------------------------------------- words


def tokens(text: str) -> list[str]:
    """``text`` cut into words, white space and punctuation; joined they give ``text`` back."""
    return _TOKEN.findall(text)


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if merged and merged[-1].op == seg.op:
            merged[-1] = Segment(seg.op, merged[-1].text + seg.text)
        else:
            merged.append(seg)
    return tuple(merged)


def diff_words(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level difference of two texts: equal, deleted and inserted segments in
    reading order (a replaced word is its deletion followed by its insertion)."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            out.append(Segment("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(Segment("insert", "".join(b[j1:j2])))
    return _merge(_tidy(out))


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Moves white space shared by a deletion and the insertion after it out of the change,
    so "a quick fox" -> "a slow fox" marks "quick"/"slow", not " quick"/" slow"."""
    out: list[Segment] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if seg.op == "delete" and nxt is not None and nxt.op == "insert":
            old, new = seg.text, nxt.text
            lead = _common_prefix_space(old, new)
            trail = _common_suffix_space(old[len(lead) :], new[len(lead) :])
            core_old = old[len(lead) : len(old) - len(trail)]
            core_new = new[len(lead) : len(new) - len(trail)]
            out.append(Segment("equal", lead))
            out.append(Segment("delete", core_old))
            out.append(Segment("insert", core_new))
            out.append(Segment("equal", trail))
            i += 2
            continue
        out.append(seg)
        i += 1
    return out


def _common_prefix_space(a: str, b: str) -> str:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n] and a[n].isspace():
        n += 1
    return a[:n]


def _common_suffix_space(a: str, b: str) -> str:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n] and a[-1 - n].isspace():
        n += 1
    return a[len(a) - n :]


def text_block(key: str, label: str, old: str, new: str, *, group: str = "field") -> Block:
    """One field compared word by word (both sides have it; either may be empty)."""
    if old == new:
        return Block(key, label, "equal", _merge([Segment("equal", old)]), group, None, None)
    if not old:
        return Block(key, label, "insert", (Segment("insert", new),), group)
    if not new:
        return Block(key, label, "delete", (Segment("delete", old),), group)
    return Block(key, label, "changed", diff_words(old, new), group)


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class Pair:
    """An item of the old list matched with one of the new (either may be missing)."""

    old: int | None
    new: int | None


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, tokens(a), tokens(b), autojunk=False).ratio()


#: How alike two items of a replaced run must be to count as one item changed rather than
#: one removed and another added.
SIMILAR = 0.5


def _align(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs the items of a replaced run in order, most alike first (a small dynamic
    programme: the run is a few clauses long); the rest stand alone."""
    n, k = len(old), len(new)
    score = [[0.0] * (k + 1) for _ in range(n + 1)]
    sim = [[_similarity(old[i], new[j]) for j in range(k)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sim[i][j] >= SIMILAR:
                best = max(best, sim[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < k:
        if sim[i][j] >= SIMILAR and score[i][j] == sim[i][j] + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((x, None) for x in range(i, n))
    pairs.extend((None, y) for y in range(j, k))
    return pairs


def match_items(
    old: Sequence[Any],
    new: Sequence[Any],
    text: Callable[[Any], str] | None = None,
) -> list[Pair]:
    """Matches two lists item by item with difflib: equal items pair up by position, an
    inserted or removed item stands alone, and within a run of replaced items those alike
    (by ``text``, default their JSON) pair up as changed while the others are inserted or
    deleted whole. Indexes are 0-based."""
    keys_a = [revisions.canonical_json(x) for x in old]
    keys_b = [revisions.canonical_json(x) for x in new]
    as_text = text or revisions.canonical_json
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(Pair(i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "delete":
            pairs.extend(Pair(i, None) for i in range(i1, i2))
        elif tag == "insert":
            pairs.extend(Pair(None, j) for j in range(j1, j2))
        else:
            run = _align([as_text(x) for x in old[i1:i2]], [as_text(x) for x in new[j1:j2]])
            pairs.extend(
                Pair(None if a is None else i1 + a, None if b is None else j1 + b) for a, b in run
            )
    return pairs


def _item_text(item: Any) -> str:
    """The words of a list item, for telling a changed item from a different one."""
    if isinstance(item, dict):
        if "text" in item:
            return str(item["text"])
        if "texts" in item:
            return " ".join(str(v) for _, v in sorted(item["texts"].items()))
        if "description" in item:
            return str(item["description"])
    return revisions.canonical_json(item)


def _list_blocks(
    key: str,
    old: Sequence[Any],
    new: Sequence[Any],
    render: Callable[[Sequence[Any], int], tuple[str, str]],
    *,
    group: str,
) -> list[Block]:
    """Blocks for a list of items; ``render(items, index)`` gives (label, printed text)."""
    blocks = []
    for pair in match_items(old, new, _item_text):
        old_pos = None if pair.old is None else pair.old + 1
        new_pos = None if pair.new is None else pair.new + 1
        if pair.new is None:
            assert pair.old is not None
            label, text = render(old, pair.old)
            segments: tuple[Segment, ...] = (Segment("delete", text),)
            op: BlockOp = "delete"
        elif pair.old is None:
            label, text = render(new, pair.new)
            segments, op = (Segment("insert", text),), "insert"
        else:
            _, old_text = render(old, pair.old)
            label, text = render(new, pair.new)
            if old_text == text:
                segments, op = _merge([Segment("equal", text)]), "equal"
            else:
                segments, op = diff_words(old_text, text), "changed"
        blocks.append(
            Block(f"{key}.{old_pos}.{new_pos}", label, op, segments, group, old_pos, new_pos)
        )
    return blocks


# --------------------------------------------------------------------------- motions

_OPENINGS = {
    # (kind, first of its kind): the words a printed clause opens with.
    ("motion", "operative", True): "I THEREFORE MOVE that ",
    ("motion", "operative", False): "I FURTHER MOVE that ",
    ("resolution", "operative", True): "NOW, THEREFORE, BE IT RESOLVED that ",
    ("resolution", "operative", False): "BE IT FURTHER RESOLVED that ",
}


def clause_paragraphs(content: dict[str, Any]) -> list[str]:
    """The clauses of a motion snapshot as they read on paper, in order: a motion's
    background as written, a resolution's recitals after "WHEREAS,", operative clauses after
    "I THEREFORE MOVE that" (or "BE IT RESOLVED that")."""
    kind = "resolution" if content.get("motion_kind") == "resolution" else "motion"
    clauses = content.get("clauses", [])
    recitals = [i for i, c in enumerate(clauses) if c.get("kind") != "operative"]
    out = []
    seen_operative = False
    for i, clause in enumerate(clauses):
        text = str(clause.get("text", ""))
        if clause.get("kind") == "operative":
            opening = _OPENINGS[(kind, "operative", not seen_operative)]
            seen_operative = True
            out.append(f"{opening}{operative_text(text)}.")
        elif kind == "resolution":
            ending = ";" if recitals and i == recitals[-1] else "; and"
            out.append(f"WHEREAS, {recital_text(text)}{ending}")
        else:
            out.append(clean(text).strip())
    return out


def _name(person: dict[str, Any] | None) -> str:
    return str(person.get("name", "")) if person else ""


def _seats_line(content: dict[str, Any]) -> str:
    """The council on the record's day as printed on a blank vote sheet (content of schema 2;
    empty for older content, which did not hold it)."""
    return "; ".join(
        f"CD {seat.get('district')}: {_name(seat.get('member')) or 'Vacant'}"
        for seat in content.get("seats") or []
    )


def _city_line(content: dict[str, Any], side: str) -> str:
    """A city of an agreement as its content froze it, with the language it is written in."""
    city = content.get(f"{side}_city") or {}
    names = " / ".join(n for n in (city.get("name"), city.get("native_name")) if n)
    country = city.get("country_label") or city.get("country") or ""
    language = content.get(f"{side}_language") or ""
    return " · ".join(part for part in (names, country, language) if part)


def _office_line(content: dict[str, Any]) -> str:
    """The office's wording and counting rules the content froze."""
    office = content.get("office") or {}
    return " · ".join(f"{key}: {office[key]}" for key in sorted(office) if office[key] != "")


def _vote_line(vote: dict[str, Any]) -> str:
    counts: dict[str, int] = {}
    for cast in vote.get("casts", []):
        counts[cast["choice"]] = counts.get(cast["choice"], 0) + 1
    tally = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return (
        f"{vote.get('meeting_date', '')} {vote.get('meeting_type', '')}: "
        f"{vote.get('action', '')} ({tally})"
    )


def _motion_blocks(old: dict[str, Any], new: dict[str, Any]) -> list[Block]:
    blocks = [
        text_block(
            "motion_kind", "Kind", str(old.get("motion_kind", "")), str(new.get("motion_kind", ""))
        ),
        text_block("title", "Title", old.get("title") or "", new.get("title") or ""),
        text_block(
            "council_file",
            "Council File",
            old.get("council_file") or "",
            new.get("council_file") or "",
        ),
        text_block(
            "resolution_number",
            "Resolution number",
            old.get("resolution_number") or "",
            new.get("resolution_number") or "",
        ),
        text_block("mover", "Presented by", _name(old.get("mover")), _name(new.get("mover"))),
        text_block(
            "presented_for",
            "Presented for",
            _name(old.get("presented_for")),
            _name(new.get("presented_for")),
        ),
        text_block(
            "seconders",
            "Seconded by",
            "; ".join(_name(p) for p in old.get("seconders", [])),
            "; ".join(_name(p) for p in new.get("seconders", [])),
        ),
        text_block(
            "introduced_on",
            "Introduced",
            old.get("introduced_on") or "",
            new.get("introduced_on") or "",
        ),
    ]
    blocks += [
        text_block(
            "committee", "Committee", old.get("committee") or "", new.get("committee") or ""
        ),
        text_block("seats", "Council", _seats_line(old), _seats_line(new)),
        text_block("office", "Office", _office_line(old), _office_line(new)),
    ]
    old_paras, new_paras = clause_paragraphs(old), clause_paragraphs(new)
    old_clauses, new_clauses = old.get("clauses", []), new.get("clauses", [])

    def render_clause(items: Sequence[Any], index: int) -> tuple[str, str]:
        paras = old_paras if items is old_clauses else new_paras
        kind = items[index].get("kind", "")
        return f"Clause {index + 1} ({kind})", paras[index]

    blocks += _list_blocks("clause", old_clauses, new_clauses, render_clause, group="clause")

    def render_vote(items: Sequence[Any], index: int) -> tuple[str, str]:
        return f"Vote {index + 1}", _vote_line(items[index])

    blocks += _list_blocks(
        "vote", old.get("votes", []), new.get("votes", []), render_vote, group="vote"
    )
    return blocks


# --------------------------------------------------------------------------- agreements


def _languages(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    langs: list[str] = []
    for content in (new, old):
        for key in ("home_language", "partner_language"):
            lang = content.get(key)
            if lang and lang not in langs:
                langs.append(lang)
    for content in (new, old):
        for mapping in (content.get("titles", {}), content.get("preambles", {})):
            for lang in mapping:
                if lang not in langs:
                    langs.append(lang)
    return langs


def _signing(content: dict[str, Any], side: str) -> str:
    parts = [
        content.get(f"{side}_signing_place") or "",
        content.get(f"{side}_signing_date") or "",
        _name(content.get(f"{side}_signatory")),
    ]
    return " · ".join(p for p in parts if p)


def _annex_line(item: dict[str, Any]) -> str:
    value = item.get("estimated_value")
    money = f", {value} {item.get('currency', '')}".rstrip() if value else ""
    condition = f", {item['condition']}" if item.get("condition") else ""
    partner = " / ".join(
        item[k] for k in ("description_partner", "condition_partner") if item.get(k)
    )
    partner = f" ({partner})" if partner else ""
    return f"{item.get('description', '')} × {item.get('quantity', 1)}{condition}{money}{partner}"


def _agreement_blocks(old: dict[str, Any], new: dict[str, Any]) -> list[Block]:
    langs = _languages(old, new)
    blocks: list[Block] = []
    for lang in langs:
        blocks.append(
            text_block(
                f"title.{lang}",
                f"Title ({lang})",
                old.get("titles", {}).get(lang, ""),
                new.get("titles", {}).get(lang, ""),
            )
        )
    for lang in langs:
        blocks.append(
            text_block(
                f"preamble.{lang}",
                f"Preamble ({lang})",
                old.get("preambles", {}).get(lang, ""),
                new.get("preambles", {}).get(lang, ""),
            )
        )
    old_articles, new_articles = old.get("articles", []), new.get("articles", [])
    for pair in match_items(old_articles, new_articles, _item_text):
        a = old_articles[pair.old] if pair.old is not None else None
        b = new_articles[pair.new] if pair.new is not None else None
        old_pos = None if pair.old is None else pair.old + 1
        new_pos = None if pair.new is None else pair.new + 1
        number = new_pos if new_pos is not None else old_pos
        for lang in langs:
            for part, what in (("headings", "heading"), ("texts", "text")):
                old_text = a.get(part, {}).get(lang, "") if a else ""
                new_text = b.get(part, {}).get(lang, "") if b else ""
                if not old_text and not new_text:
                    continue
                label = f"Article {number} {what} ({lang})"
                key = f"article.{old_pos}.{new_pos}.{what}.{lang}"
                if b is None:
                    block = Block(key, label, "delete", (Segment("delete", old_text),), "article")
                elif a is None:
                    block = Block(key, label, "insert", (Segment("insert", new_text),), "article")
                else:
                    block = text_block(key, label, old_text, new_text, group="article")
                blocks.append(
                    Block(
                        block.key,
                        block.label,
                        block.op,
                        block.segments,
                        "article",
                        old_pos,
                        new_pos,
                    )
                )
    for side, label in (("home", "Signing (home city)"), ("partner", "Signing (partner city)")):
        blocks.append(
            text_block(f"signing.{side}", label, _signing(old, side), _signing(new, side))
        )
    blocks.append(
        text_block(
            "prevailing_language",
            "Prevailing language",
            old.get("prevailing_language") or "",
            new.get("prevailing_language") or "",
        )
    )

    for side in ("home", "partner"):
        blocks.append(
            text_block(
                f"{side}_city",
                f"{side.capitalize()} city",
                _city_line(old, side),
                _city_line(new, side),
            )
        )
    blocks.append(text_block("office", "Office", _office_line(old), _office_line(new)))

    def render_item(items: Sequence[Any], index: int) -> tuple[str, str]:
        return f"Annex item {index + 1}", _annex_line(items[index])

    blocks += _list_blocks(
        "annex", old.get("annex", []), new.get("annex", []), render_item, group="annex"
    )
    return blocks


# --------------------------------------------------------------------------- entry points


def compare_content(old: dict[str, Any], new: dict[str, Any]) -> list[Block]:
    """Blocks comparing two snapshots of one kind (revision contents or the draft's)."""
    kind = new.get("kind") or old.get("kind")
    if kind == "motion":
        return _motion_blocks(old, new)
    if kind == "agreement":
        return _agreement_blocks(old, new)
    raise Invalid(f"Cannot compare records of kind {kind!r}.")


def parse_side(value: str | int) -> Side:
    """A side as the command line or a caller gives it: a revision number or "draft"."""
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text in ("draft", "working", "current"):
        return DRAFT
    try:
        return int(text)
    except ValueError:
        raise Invalid(
            f"'{value}' is neither a revision number nor 'draft'.", field="revision"
        ) from None


def side_content(
    session: Session, kind: str, record_id: int, side: Side
) -> tuple[str, dict[str, Any]]:
    """The label and content of one side: a stored revision, or the working draft now."""
    if side == DRAFT:
        return "Working draft", revisions.snapshot(session, kind, record_id)
    revision = revisions.get_revision(
        session=session, kind=kind, record_id=record_id, number=int(side)
    )
    return f"Revision {revision.number}", dict(revision.content)


def compare(
    *, session: Session, kind: str, record_id: int, old: Side, new: Side = DRAFT
) -> Comparison:
    """Compares two revisions of a record, or a revision with the working draft."""
    old_label, old_content = side_content(session, kind, record_id, old)
    new_label, new_content = side_content(session, kind, record_id, new)
    return Comparison(
        record_kind=kind,
        record_id=record_id,
        old_label=old_label,
        new_label=new_label,
        blocks=tuple(compare_content(old_content, new_content)),
    )
