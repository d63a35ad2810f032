"""Find the Word templates (the office's own first) and check their tags against the schema."""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .. import paths
from ..errors import Invalid, NotFound
from . import bounds
from .environment import make_environment
from .schema import DATE, SCHEMA, TOP_LEVEL, Field

#: The template file of each kind of document.
TEMPLATE_FILES: Mapping[str, str] = {
    "motion": "motion.docx",
    "resolution": "resolution.docx",
    "agreement": "agreement.docx",
    "vote_sheet": "vote_sheet.docx",
    "packet_cover": "packet_cover.docx",
}


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    path: Path
    #: "office" (the user's templates folder) or "shipped" (comes with the app).
    source: str
    #: True when an office template hides a shipped one of the same name.
    overrides: bool


@dataclass(frozen=True)
class Problem:
    """Something in a template that would fail or misprint."""

    field: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        return self.message


def _folders() -> list[tuple[str, Path]]:
    return [("office", paths.office_templates_dir()), ("shipped", paths.shipped_templates_dir())]


def _is_file(path: Path) -> bool:
    """Path.is_file, and False for a name no file system takes (too long, a NUL byte)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find_template(name: str) -> Path:
    """The template called ``name`` ("motion" or "motion.docx"): the office's own copy when
    there is one, else the shipped one. A path to an existing file is taken as it is."""
    as_path = Path(name).expanduser()
    if "/" in name or "\\" in name:
        if _is_file(as_path):
            return as_path.resolve()
        raise NotFound(f"There is no template file {name}.")
    file_name = name if name.lower().endswith(".docx") else f"{name}.docx"
    for _, folder in _folders():
        candidate = folder / file_name
        if _is_file(candidate):
            return candidate
    if _is_file(as_path):
        return as_path.resolve()
    known = ", ".join(t.name for t in list_templates()) or "none"
    raise NotFound(
        f"There is no template called {file_name!r} in the office templates folder "
        f"({paths.office_templates_dir()}) or among the shipped ones. Known templates: {known}."
    )


def template_for(kind: str) -> Path:
    try:
        return find_template(TEMPLATE_FILES[kind])
    except KeyError:
        raise Invalid(f"There is no template for documents of kind {kind!r}.") from None


def list_templates() -> list[TemplateInfo]:
    """Every template the app can use, office ones first, each name once."""
    found: dict[str, TemplateInfo] = {}
    shipped_names = {p.name for p in paths.shipped_templates_dir().glob("*.docx")}
    for source, folder in _folders():
        for path in sorted(folder.glob("*.docx")):
            if path.name.startswith("~$") or path.name in found:
                continue  # "~$x.docx" is Word's lock file while x.docx is open
            found[path.name] = TemplateInfo(
                name=path.name,
                path=path,
                source=source,
                overrides=source == "office" and path.name in shipped_names,
            )
    return list(found.values())


def kind_of(path: Path) -> str | None:
    """The kind of document a template file is for, from its name (None if unknown)."""
    for kind, file_name in TEMPLATE_FILES.items():
        if path.name.lower() == file_name:
            return kind
    return None


# --------------------------------------------------------------------------- checking


def check_environment() -> SandboxedEnvironment:
    """The environment templates are parsed with (the same syntax as rendering)."""
    return make_environment()


def ensure_docx(path: Path) -> None:
    """Refuse anything that is not a readable Word .docx file, saying what to do."""
    if not path.is_file():
        raise NotFound(f"The template {path} does not exist.")
    if path.suffix.lower() != ".docx":
        raise Invalid(
            f"{path.name} is not a Word .docx file. Templates must be saved from Word as "
            "'Word Document (*.docx)' (not .doc, .dotx, .odt or .pdf)."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/document.xml")
            parts = archive.infolist()
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise Invalid(
            f"{path.name} is not a valid Word .docx file ({exc}). Open it in Word and save it "
            "again as 'Word Document (*.docx)'."
        ) from exc
    # A small file can hold a huge part (an image of zeros compresses a thousandfold), which
    # rendering would unpack into memory and copy into every document.
    for part in parts:
        if part.file_size > bounds.MAX_PART_BYTES:
            raise Invalid(
                f"{path.name} holds a part of {part.file_size:,} bytes ({part.filename}); a "
                f"template's parts may be at most {bounds.MAX_PART_BYTES:,} bytes. Use a "
                "smaller image (Word: Picture Format > Compress Pictures)."
            )


def template_source(path: Path) -> str:
    """The Jinja source of a template: body, headers and footers, as docxtpl renders them."""
    tpl = DocxTemplate(str(path))
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise Invalid(
            f"{path.name} cannot be opened as a Word document ({exc}). Open it in Word and "
            "save it again as 'Word Document (*.docx)'."
        ) from exc
    parts = [tpl.patch_xml(etree.tostring(doc.element.body, encoding="unicode"))]
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            xml = etree.tostring(parse_xml(rel.target_part.blob), encoding="unicode")
            parts.append(tpl.patch_xml(xml))
    return "\n".join(parts)


# A resolved schema position: what a name or attribute chain points at.
_Node = tuple[str, Mapping[str, Field]]  # ("object" | "list" | "date" | "scalar", fields)


def _nearest(name: str, candidates: list[str]) -> str | None:
    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    return match[0] if match else None


#: A name of Python's internals inside a string ("__class__"); blanks to fill in by hand
#: ("____________") are underscores too, but no letter follows them.
_DUNDER = re.compile(r"__[A-Za-z]")


class _Checker:
    def __init__(self, allowed: tuple[str, ...], globals_: set[str]) -> None:
        self.allowed = allowed
        self.globals = globals_
        self.problems: list[Problem] = []
        self._seen: set[str] = set()

    def report(self, problem: Problem) -> None:
        if problem.field not in self._seen:
            self._seen.add(problem.field)
            self.problems.append(problem)

    # -- resolving ---------------------------------------------------------------------

    @staticmethod
    def _of(f: Field) -> _Node:
        if f.type == "date":
            return ("date", DATE)
        if f.type == "list":
            return ("list", f.fields)
        if f.type == "object":
            return ("object", f.fields)
        return ("scalar", {})

    def _step(self, at: _Node, attr: str, path: str) -> _Node | None:
        kind, fields = at
        if attr.startswith("_"):
            self.report(
                Problem(
                    path,
                    f"'{path}' reaches into the program's internals ('{attr}'); templates may "
                    "use only the documented fields. Remove this tag.",
                )
            )
            return None
        if kind in ("object", "date"):
            if attr in fields:
                return self._of(fields[attr])
            base = path.rsplit(".", 1)[0]
            near = _nearest(attr, list(fields))
            hint = f" Did you mean '{base}.{near}'?" if near else ""
            self.report(
                Problem(
                    path,
                    f"unknown field '{path}'.{hint}",
                    f"{base}.{near}" if near else None,
                )
            )
            return None
        # Methods of text and lists ("upper", "strip") are the sandbox's business.
        return None

    # -- walking -------------------------------------------------------------------------

    def visit(self, node: nodes.Node, scope: dict[str, _Node]) -> None:
        if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            # Another file pulled in would escape every check made here.
            tag = type(node).__name__.lower().replace("fromimport", "from ... import")
            self.report(
                Problem(
                    f"({tag})",
                    f"templates cannot {tag} other files ('{{% {tag} ... %}}'); put the text "
                    "in the template itself. Remove this tag.",
                )
            )
            return
        if (
            isinstance(node, nodes.Const)
            and isinstance(node.value, str)
            and _DUNDER.search(node.value)
        ):
            # attr('__class__'), ['__globals__'], '{0.__class__}'.format(...): the same
            # reach into internals as a dotted name, spelled as text.
            self.report(
                Problem(
                    node.value,
                    f"'{node.value}' reaches into the program's internals; templates may use "
                    "only the documented fields. Remove this tag.",
                )
            )
            return
        if isinstance(node, nodes.For):
            source = bounds.loop_source(node.iter)
            self.visit(source, scope)
            inner = dict(scope)
            resolved = self._resolve(source, scope)
            if isinstance(node.target, nodes.Name):
                if resolved is not None and resolved[0] == "list":
                    inner[node.target.name] = ("object", resolved[1])
                else:
                    inner.pop(node.target.name, None)
            else:
                for name in _target_names(node.target):
                    inner.pop(name.name, None)
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for name in _target_names(node.target):
                scope.pop(name.name, None)
                scope[name.name] = ("unknown", {})
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self._resolve(node, scope)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            self._resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _resolve(self, node: nodes.Node, scope: dict[str, _Node]) -> _Node | None:
        """The schema position an expression points at (None when unknown), reporting
        unknown fields on the way."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.allowed:
                return self._of(SCHEMA[node.name])
            if node.name in SCHEMA:
                self.report(
                    Problem(
                        node.name,
                        f"'{node.name}' is not available in this kind of document (it has: "
                        f"{', '.join(self.allowed)}).",
                    )
                )
                return None
            if node.name in self.globals or node.name == "loop":
                return ("unknown", {})
            near = _nearest(node.name, list(self.allowed))
            hint = f" Did you mean '{near}'?" if near else ""
            self.report(Problem(node.name, f"unknown field '{node.name}'.{hint}", near))
            return None
        if isinstance(node, nodes.Getattr):
            at = self._resolve(node.node, scope)
            path = self._path(node)
            if at is None or at[0] == "unknown":
                if node.attr.startswith("_"):
                    self._step(("scalar", {}), node.attr, path)
                return None
            return self._step(at, node.attr, path)
        if isinstance(node, nodes.Getitem):
            at = self._resolve(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                path = f"{self._path(node.node)}.{arg.value}"
                if at is None or at[0] == "unknown":
                    if arg.value.startswith("_"):
                        self._step(("scalar", {}), arg.value, path)
                    return None
                return self._step(at, arg.value, path)
            self.visit(arg, scope)
            if at is not None and at[0] == "list":
                return ("object", at[1])
            return None
        self.visit(node, scope)
        return None

    def _path(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, nodes.Getattr):
            return f"{self._path(node.node)}.{node.attr}"
        if isinstance(node, nodes.Getitem):
            arg = node.arg
            if isinstance(arg, nodes.Const):
                return f"{self._path(node.node)}.{arg.value}"
            return f"{self._path(node.node)}[]"
        return "(expression)"


def _target_names(target: nodes.Node) -> list[nodes.Name]:
    """The names a set or for tag assigns: the target itself, or those of a tuple."""
    if isinstance(target, nodes.Name):
        return [target]
    return list(target.find_all(nodes.Name))


def check_template(path: Path, kind: str | None = None) -> list[Problem]:
    """Every problem of a template: syntax errors, fields not in the schema (with the nearest
    valid name), and tags that reach into the program. Raises Invalid for a file that is not
    a .docx. ``kind`` defaults to the kind its file name says; unknown names get every
    top-level name of the schema."""
    path = Path(path)
    ensure_docx(path)
    kind = kind or kind_of(path)
    allowed = TOP_LEVEL[kind] if kind is not None and kind in TOP_LEVEL else tuple(SCHEMA)
    env = check_environment()
    source = template_source(path)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [Problem("(syntax)", f"a tag is malformed: {exc.message}.")]
    # Every name the template uses (what docxtpl's get_undeclared_template_variables lists,
    # from this same source): they must all be documented.
    names = meta.find_undeclared_variables(tree)
    checker = _Checker(allowed, set(env.globals))
    checker.visit(tree, {})
    # Sizes and loops that would run away whatever the data (nothing is run to find them).
    for too_big in bounds.check_tree(tree):
        checker.report(Problem(too_big.tag, f"{too_big}."))
    # docxtpl lists a name the template sets itself ({% set n = ... %}) as undeclared;
    # the walk above has checked what such a name is set from.
    assigned = {
        name.name
        for node in tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.For))
        for name in _target_names(node.target)  # type: ignore[attr-defined]
    }
    for name in sorted(names - assigned):
        if name not in allowed and name not in env.globals and name not in SCHEMA:
            near = _nearest(name, list(allowed))
            hint = f" Did you mean '{near}'?" if near else ""
            checker.report(Problem(name, f"unknown field '{name}'.{hint}", near))
    return checker.problems
