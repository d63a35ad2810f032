"""Join tagged PDFs into one that stays tagged: pages, structure trees and bookmarks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf


def _nums(tree: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a number tree (a ParentTree), kids included."""
    pairs: list[tuple[int, Any]] = []
    if not isinstance(tree, pikepdf.Dictionary):
        return pairs
    nums = tree.get("/Nums")
    if isinstance(nums, pikepdf.Array):
        items = list(nums)
        pairs += [(int(items[i]), items[i + 1]) for i in range(0, len(items) - 1, 2)]
    kids = tree.get("/Kids")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            pairs += _nums(kid)
    return pairs


def _copy(target: pikepdf.Pdf, value: Any) -> Any:
    """``value`` of another PDF in ``target``: objects copied (once: qpdf remembers what it
    copied), a direct array of references rebuilt around the copies."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return target.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(target, item) for item in value])
    return value


def _top_elements(tree: pikepdf.Dictionary) -> list[Any]:
    kids = tree.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _title(document: pikepdf.Pdf) -> str:
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return str(meta.get("dc:title") or "")


def join_tagged(parts: Sequence[Path], target: Path, *, title: str) -> None:
    """Write ``parts`` (tagged PDFs from LibreOffice) one after another into ``target``.

    Joining pages alone (what pypdf's writer does) drops every part's structure tree, and
    the packet would reach a screen reader untagged. Here each part's tree goes under one
    Document element as a Part, its marked content still pointing at its pages (the parent
    tree is renumbered), role maps are merged, and each part gets a bookmark with its
    title. The first part's catalog (language, PDF/UA and PDF/A metadata, output intent)
    is the packet's; its title becomes ``title``.
    """
    if not parts:
        raise ValueError("nothing to join")
    with pikepdf.open(parts[0]) as base:
        tree = base.Root.get("/StructTreeRoot")
        tagged = isinstance(tree, pikepdf.Dictionary)
        document = pikepdf.Dictionary()
        bookmarks: list[tuple[str, int]] = [(_title(base) or "Cover", 0)]
        if tagged:
            assert isinstance(tree, pikepdf.Dictionary)
            document = base.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
            )
            document.P = tree
            top: list[Any] = []
            for element in _top_elements(tree):
                element.P = document
                if element.get("/S") == "/Document":
                    element.S = pikepdf.Name.Part
                top.append(element)
            document.K = pikepdf.Array(top)
            tree.K = pikepdf.Array([document])
            pairs = _nums(tree.get("/ParentTree"))
            next_key = max([k for k, _ in pairs], default=-1) + 1
            if "/ParentTreeNextKey" in tree:
                next_key = max(next_key, int(tree.ParentTreeNextKey))
            if not isinstance(tree.get("/RoleMap"), pikepdf.Dictionary):
                tree.RoleMap = pikepdf.Dictionary()
            roles = tree.RoleMap
        for part in parts[1:]:
            with pikepdf.open(part) as source:
                first_page = len(base.pages)
                bookmarks.append((_title(source) or part.stem, first_page))
                source_tree = source.Root.get("/StructTreeRoot")
                source_lang = source.Root.get("/Lang")
                # Pages first: the structure copied next then points at these copies.
                base.pages.extend(source.pages)
                if not tagged or not isinstance(source_tree, pikepdf.Dictionary):
                    continue
                offset = next_key
                source_pairs = _nums(source_tree.get("/ParentTree"))
                for page in base.pages[first_page:]:
                    if "/StructParents" in page.obj:
                        page.obj.StructParents = int(page.obj.StructParents) + offset
                    for annot in page.obj.get("/Annots", pikepdf.Array()):
                        if isinstance(annot, pikepdf.Dictionary) and "/StructParent" in annot:
                            annot.StructParent = int(annot.StructParent) + offset
                elements = _top_elements(source_tree)
                for element in elements:
                    # Not the source's tree root: copying it would drag its whole tree along.
                    if "/P" in element:
                        del element["/P"]
                copied = [_copy(base, element) for element in elements]
                for element in copied:
                    element.P = document
                    if element.get("/S") == "/Document":
                        element.S = pikepdf.Name.Part
                    if source_lang is not None and source_lang != base.Root.get("/Lang"):
                        element.Lang = source_lang
                    document.K.append(element)
                for key, value in source_pairs:
                    pairs.append((key + offset, _copy(base, value)))
                next_key = max([k for k, _ in pairs], default=-1) + 1
                source_roles = source_tree.get("/RoleMap")
                if isinstance(source_roles, pikepdf.Dictionary):
                    for name, role in source_roles.items():
                        if name not in roles:
                            roles[name] = role
        if tagged:
            assert isinstance(tree, pikepdf.Dictionary)
            flat = pikepdf.Array()
            for key, value in sorted(pairs, key=lambda pair: pair[0]):
                flat.append(key)
                flat.append(value)
            tree.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=flat))
            tree.ParentTreeNextKey = next_key
        with base.open_outline() as outline:
            outline.root.clear()
            for name, index in bookmarks:
                outline.root.append(pikepdf.OutlineItem(name, index))
        with base.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
        base.save(target)
