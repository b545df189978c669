"""Contraindications and red flags: declared, linked, boxed, and never missed.

A technique or stage page declares the contraindications that apply to it, by
id, in its front matter::

    contraindications:
      - cauda-equina-syndrome
      - acute-flare-up: postpone deep work until the flare-up settles

A contraindication page declares what it is::

    type: contraindication
    id: cauda-equina-syndrome
    kind: red-flag                  # red-flag, absolute or relative
    signs: [loss of bladder or bowel control, saddle numbness]
    action: [stop, emergency]       # stop, adapt, postpone, refer, emergency
    synonyms: [cauda equina, CES]

From these the extension renders a contraindication box on every technique and
stage page (red flags first), the list of techniques and stages on every
contraindication page, and two views placed with directives: the
``contraindication-matrix``, the one-page ``red-flag-card`` and the intake
``screening-form`` (a yes/no checklist, one row per contraindication). The
``{contra}`` role links a contraindication by id.

The checks (warning type ``handbook``) run at ``env-updated``, on every build,
from the data kept in :class:`ContraindicationsDomain`, so an incremental build
reports what a fresh one does: ``unknown-contraindication``, ``wrong-type``,
``orphan-contraindication``, ``no-contraindications``, ``unlinked-mention``,
``duplicate-contraindication`` and ``contraindication-field``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .claims import GENERATED_CLASS
from .pagetypes import PageRecord, as_list, get_pages, warn

CONTRAINDICATION = "contraindication"
#: Page types that declare contraindications.
DECLARING_TYPES = ("technique", "stage")

#: Kinds, in the order a therapist must see them, with their labels.
KINDS: dict[str, str] = {
    "red-flag": "Red flag: stop, send to emergency care now",
    "absolute": "Absolute contraindication: no massage",
    "relative": "Relative contraindication: modify or postpone",
}
KIND_SHORT: dict[str, str] = {
    "red-flag": "RED FLAG",
    "absolute": "Absolute",
    "relative": "Relative",
}
#: What the therapist does.
ACTIONS: dict[str, str] = {
    "stop": "stop the session",
    "adapt": "adapt the technique",
    "postpone": "postpone massage",
    "refer": "refer to the client's physician",
    "emergency": "send to emergency care now",
}


# --- data ---------------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    """One contraindication declared by a technique or stage page."""

    target: str
    line: int
    how: str = ""


@dataclass(frozen=True)
class RoleUse:
    """One ``{contra}`` link, checked once every page is known."""

    target: str
    line: int


@dataclass(frozen=True)
class TextRun:
    """A paragraph's text and the links in it, for finding unlinked mentions."""

    line: int
    text: str
    links: tuple[tuple[int, int, str], ...]
    """(start, end, target): target is ``doc:<docname>`` or ``id:<page id>``."""


@dataclass
class ContraPage:
    """The declarations of one page."""

    declarations: list[Declaration] = field(default_factory=list)
    roles: list[RoleUse] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)
    has_views: bool = False


@dataclass(frozen=True)
class Contraindication:
    """A contraindication page, as the box, the matrix and the card show it."""

    id: str
    docname: str
    title: str
    kind: str
    signs: tuple[str, ...]
    actions: tuple[str, ...]
    synonyms: tuple[str, ...]

    @property
    def action_text(self) -> str:
        return "; ".join(ACTIONS[a] for a in self.actions if a in ACTIONS)

    @property
    def order(self) -> tuple[int, str]:
        kinds = list(KINDS)
        return (kinds.index(self.kind) if self.kind in kinds else len(kinds), self.title.lower())


class ContraindicationsDomain(Domain):
    """Per-page declarations, links and text, purged and merged like the todo domain."""

    name = "contra"
    label = "Contraindications"
    data_version = 1
    initial_data: dict[str, Any] = {"pages": {}}
    roles = {"ref": XRefRole()}

    @property
    def pages(self) -> dict[str, ContraPage]:
        return self.data.setdefault("pages", {})

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.pages[docname] = otherdata["pages"][docname]

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> Element | None:
        page = get_pages(env).by_id().get(target)
        if page is None:
            return contnode  # reported by the checks, with file and line
        if not node.get("refexplicit"):
            contnode = nodes.inline(page.title, page.title, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, page.docname, None, contnode, page.title)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def get_domain(env: BuildEnvironment) -> ContraindicationsDomain:
    return env.get_domain(ContraindicationsDomain.name)  # type: ignore[return-value]


def contraindications(env: BuildEnvironment) -> dict[str, Contraindication]:
    """Every contraindication page, by id."""
    found: dict[str, Contraindication] = {}
    for page in get_pages(env).by_type(CONTRAINDICATION):
        if page.id and page.id not in found:
            found[page.id] = _as_contraindication(page)
    return found


def _strings(value: Any) -> tuple[str, ...]:
    items = as_list(value) or []
    return tuple(str(item).strip() for item in items if str(item).strip())


def _as_contraindication(page: PageRecord) -> Contraindication:
    return Contraindication(
        id=page.id,
        docname=page.docname,
        title=page.title,
        kind=str(page.fields.get("kind", "")).strip(),
        signs=_strings(page.fields.get("signs")),
        actions=_strings(page.fields.get("action")),
        synonyms=_strings(page.fields.get("synonyms")),
    )


# --- nodes --------------------------------------------------------------------
class contraindication_box(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for a page's contraindication box, filled in when resolved."""


class contraindication_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the techniques and stages a contraindication applies to."""


class contraindication_matrix(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the techniques x contraindications matrix."""


class red_flag_card(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the one-page red-flag quick reference."""


class screening_form(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the intake screening form."""


VIEWS = (contraindication_matrix, red_flag_card, screening_form)
PLACEHOLDERS = (contraindication_box, contraindication_backlinks, *VIEWS)


def _skip(self: Any, node: Node) -> None:
    # A placeholder left in a doctree (never expected) writes nothing.
    raise nodes.SkipNode


class checkbox(nodes.Inline, nodes.Element):  # noqa: N801
    """A box to tick on the screening form: a checkbox in HTML, a square on paper."""


def _visit_checkbox_html(self: Any, node: checkbox) -> None:
    self.body.append(f'<input type="checkbox" aria-label="{node["label"]}" />')
    raise nodes.SkipNode


def _visit_checkbox_latex(self: Any, node: checkbox) -> None:
    self.body.append(r"$\square$")
    raise nodes.SkipNode


def _visit_checkbox_text(self: Any, node: checkbox) -> None:
    self.add_text("[ ]")
    raise nodes.SkipNode


class _View(SphinxDirective):
    """A directive that places a view generated from every contraindication page."""

    view: type[nodes.Element]

    def run(self) -> list[Node]:
        node = self.view(classes=[GENERATED_CLASS])
        self.set_source_info(node)
        return [node]


class ContraindicationMatrix(_View):
    """``contraindication-matrix``: techniques and stages x contraindications."""

    view = contraindication_matrix


class RedFlagCard(_View):
    """``red-flag-card``: every red flag with its signs and the action."""

    view = red_flag_card


class ScreeningForm(_View):
    """``screening-form``: every contraindication as a yes/no question with its action."""

    view = screening_form


class ContraindicationRole(XRefRole):
    """``{contra}`id```: a link to a contraindication page, titled with its title."""

    def create_xref_node(self) -> tuple[list[Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = ContraindicationsDomain.name, "ref"
        self.classes = ["xref", "contra"]
        return super().create_xref_node()


# --- reading a page -------------------------------------------------------------
def _declarations(page: PageRecord) -> tuple[list[Declaration], list[str]]:
    """The declared contraindications of a page, and what is wrong with them."""
    raw = page.fields.get("contraindications")
    line = page.line_of("contraindications")
    items = as_list(raw)
    if items is None:
        return [], ["'contraindications' must be a list of contraindication ids"]
    declared: list[Declaration] = []
    problems: list[str] = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            ((target, how),) = item.items()
            declared.append(Declaration(str(target).strip(), line, str(how or "").strip()))
        elif isinstance(item, str) and item.strip():
            declared.append(Declaration(item.strip(), line))
        else:
            problems.append(
                f"'contraindications' entry {item!r} is neither an id nor 'id: how it applies'"
            )
    return declared, problems


def _first_section(doctree: nodes.document) -> nodes.section | None:
    return next(iter(doctree.findall(nodes.section)), None)


_NO_TEXT = (
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.term,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.comment,
    nodes.raw,
    nodes.docinfo,
    nodes.system_message,
    nodes.substitution_definition,
    addnodes.toctree,
)


def _link_target(node: Element, docname: str) -> str | None:
    """What a link points at: ``id:<page id>`` or ``doc:<docname>``; None if not a page link."""
    if not isinstance(node, addnodes.pending_xref):
        return None
    if node.get("refdomain") == ContraindicationsDomain.name:
        return "id:" + str(node.get("reftarget", ""))
    if node.get("reftype") == "doc":
        target = str(node.get("reftarget", ""))
        return "doc:" + docname_join(node.get("refdoc", docname), target).lstrip("/")
    return None


def _text_runs(doctree: nodes.document, docname: str) -> Iterator[TextRun]:
    """The text of every paragraph-like element, with its links."""

    def collect(element: Element, parts: list[str], links: list[tuple[int, int, str]]) -> None:
        for child in element.children:
            if isinstance(child, nodes.Text):
                parts.append(str(child))
            elif isinstance(child, Element) and not isinstance(child, _NO_TEXT):
                start = sum(map(len, parts))
                collect(child, parts, links)
                target = _link_target(child, docname)
                if target:
                    links.append((start, sum(map(len, parts)), target))

    stack: list[Node] = [doctree]
    while stack:
        node = stack.pop()
        if not isinstance(node, Element) or isinstance(node, _NO_TEXT):
            continue
        if GENERATED_CLASS in node.get("classes", ()):
            continue
        if isinstance(node, nodes.TextElement):
            parts: list[str] = []
            links: list[tuple[int, int, str]] = []
            collect(node, parts, links)
            text = "".join(parts)
            if text.strip():
                yield TextRun(node.line or 0, text, tuple(links))
            continue
        stack.extend(reversed(node.children))


def collect_contraindications(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record declarations, links and text; place the boxes."""
    env = app.env
    docname = env.docname
    page = get_pages(env).pages.get(docname)
    record = ContraPage()
    section = _first_section(doctree)

    if page is not None and page.type in DECLARING_TYPES:
        record.declarations, problems = _declarations(page)
        for problem in problems:
            warn(problem, "contraindication-field", docname, page.line_of("contraindications"))
        if section is not None:
            section.insert(1, contraindication_box(docname=docname, classes=[GENERATED_CLASS]))
    if page is not None and page.type == CONTRAINDICATION and section is not None:
        section.append(contraindication_backlinks(docname=docname, classes=[GENERATED_CLASS]))

    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") == ContraindicationsDomain.name:
            record.roles.append(RoleUse(str(ref.get("reftarget", "")), ref.line or 0))
    record.runs = list(_text_runs(doctree, docname))
    record.has_views = any(next(doctree.findall(view), None) is not None for view in VIEWS)
    get_domain(env).pages[docname] = record


# --- checks ---------------------------------------------------------------------
def _check_fields(contra: Contraindication, page: PageRecord) -> Iterator[tuple[str, int]]:
    if contra.kind not in KINDS:
        yield (
            f"contraindication kind {contra.kind!r} is not one of {', '.join(KINDS)}"
            if contra.kind
            else f"contraindication page declares no kind: add 'kind: <{' | '.join(KINDS)}>'",
            page.line_of("kind"),
        )
    if not contra.signs:
        yield (
            "contraindication page declares no signs: add 'signs: [...]' (what to look for)",
            page.line_of("signs"),
        )
    unknown = [a for a in contra.actions if a not in ACTIONS]
    if not contra.actions or unknown:
        yield (
            f"contraindication action must be a list of {', '.join(ACTIONS)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "; none declared"),
            page.line_of("action"),
        )
    if as_list(page.fields.get("synonyms")) is None:
        yield ("'synonyms' must be a list of terms", page.line_of("synonyms"))


def check_contraindications(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every check that needs every page (run on every build)."""
    pages_domain = get_pages(env)
    by_id = pages_domain.by_id()
    contras = contraindications(env)
    data = get_domain(env).pages
    declared_somewhere: set[str] = set()

    for contra in contras.values():
        for message, line in _check_fields(contra, pages_domain.pages[contra.docname]):
            warn(message, "contraindication-field", contra.docname, line)

    for docname in sorted(data):
        page = pages_domain.pages.get(docname)
        record = data[docname]
        seen: set[str] = set()
        for declaration in record.declarations:
            if declaration.target in seen:
                warn(
                    f"contraindication {declaration.target!r} is listed twice",
                    "duplicate-contraindication",
                    docname,
                    declaration.line,
                )
            seen.add(declaration.target)
            if _is_contraindication(
                by_id, contras, declaration.target, "", docname, declaration.line
            ):
                declared_somewhere.add(declaration.target)
        if page is not None and page.type == "technique" and not record.declarations:
            warn(
                "technique page declares no contraindications: add 'contraindications: [...]' "
                "to its front matter",
                "no-contraindications",
                docname,
                page.line_of("type"),
            )
        for use in record.roles:
            _is_contraindication(by_id, contras, use.target, "{contra} link to ", docname, use.line)

    for contra in contras.values():
        if contra.id not in declared_somewhere:
            warn(
                f"orphan contraindication {contra.id!r}: no technique or stage page declares it",
                "orphan-contraindication",
                contra.docname,
                pages_domain.pages[contra.docname].line_of("id"),
            )

    _check_mentions(env, contras, data)


def _is_contraindication(
    by_id: dict[str, PageRecord],
    contras: dict[str, Contraindication],
    target: str,
    what: str,
    docname: str,
    line: int,
) -> bool:
    """Whether ``target`` names a contraindication page; warn where it does not."""
    page = by_id.get(target)
    if page is None:
        message = f"{what}unknown contraindication id {target!r}" + _suggestion(target, contras)
        warn(message, "unknown-contraindication", docname, line)
        return False
    if page.type != CONTRAINDICATION:
        message = (
            f"{what}{target!r}: a {page.type or 'untyped'} page ({page.docname}), "
            "not a contraindication"
        )
        warn(message, "wrong-type", docname, line)
        return False
    return True


def _suggestion(target: str, contras: dict[str, Contraindication]) -> str:
    from difflib import get_close_matches  # noqa: PLC0415

    close = get_close_matches(target, list(contras), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_mentions(
    env: BuildEnvironment, contras: dict[str, Contraindication], data: dict[str, ContraPage]
) -> None:
    """Text that names a contraindication must link to its page."""
    names: dict[str, Contraindication] = {}
    for contra in contras.values():
        for name in (contra.title, *contra.synonyms):
            if name.strip():
                names.setdefault(name.strip().casefold(), contra)
    if not names:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    for docname in sorted(data):
        for run in data[docname].runs:
            for match in pattern.finditer(run.text):
                contra = names[match.group(0).casefold()]
                if contra.docname == docname:
                    continue
                if _is_linked(match.start(), match.end(), run.links, contra):
                    continue
                line = run.line + run.text.count("\n", 0, match.start()) if run.line else None
                warn(
                    f"unlinked mention of {match.group(0)!r}: link the contraindication page "
                    f"with {{contra}}`{contra.id}`",
                    "unlinked-mention",
                    docname,
                    line,
                )


def _is_linked(
    start: int, end: int, links: Iterable[tuple[int, int, str]], contra: Contraindication
) -> bool:
    targets = {f"doc:{contra.docname}", f"id:{contra.id}"}
    return any(s <= start and end <= e and t in targets for s, e, t in links)


# --- rebuilding what shows other pages' data ------------------------------------
class _ReadTracker:
    """Which pages this build reads, to rewrite the pages that show their data."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.removed: set[str] = set()

    def outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        self.read = set(added) | set(changed)
        self.removed = set(removed)
        return []

    def updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        pages = get_pages(env).pages
        data = get_domain(env).pages
        touched = self.read | self.removed
        typed = {CONTRAINDICATION, *DECLARING_TYPES}
        if not any(d in self.removed or (d in pages and pages[d].type in typed) for d in touched):
            return []
        changed_ids = {pages[d].id for d in touched if d in pages}
        rewrite = {d for d, record in data.items() if record.has_views}
        rewrite |= {p.docname for p in pages.values() if p.type == CONTRAINDICATION}
        rewrite |= {
            d
            for d, record in data.items()
            if any(decl.target in changed_ids for decl in record.declarations)
        }
        return sorted(rewrite - touched)


# --- resolving the placeholders -------------------------------------------------
def page_link(app: Sphinx, fromdocname: str, todocname: str, title: str) -> Element:
    """A link to a page, or its plain title where the output does not hold that page.

    A PDF made of a few pages (the quick reference) cannot link to the others.
    """
    inner = nodes.inline(title, title)
    try:
        return make_refnode(app.builder, fromdocname, todocname, None, inner, title)
    except NoUri:
        return inner


def _box(app: Sphinx, docname: str, record: ContraPage) -> Node:
    contras = contraindications(app.env)
    declared = [(contras[d.target], d.how) for d in record.declarations if d.target in contras]
    declared.sort(key=lambda pair: pair[0].order)
    box = nodes.admonition(classes=["contraindication-box", GENERATED_CLASS])
    box += nodes.title("Contraindications", "Contraindications")
    if not declared:
        box += nodes.paragraph("", "None declared.")
        return box
    items = nodes.bullet_list(classes=["contraindication-list"])
    for contra, how in declared:
        paragraph = nodes.paragraph()
        label = KIND_SHORT.get(contra.kind, contra.kind)
        strong = nodes.strong(label, label)
        if contra.kind == "red-flag":
            paragraph += nodes.inline("", "", strong, classes=["handbook-redflag"])
        else:
            paragraph += strong
        paragraph += nodes.Text(": ")
        paragraph += page_link(app, docname, contra.docname, contra.title)
        action = how or contra.action_text
        if action:
            paragraph += nodes.Text(f" - {action}")
        items += nodes.list_item("", paragraph, classes=[f"contraindication-{contra.kind}"])
    box += items
    return box


def _backlinks(app: Sphinx, docname: str, contra_docname: str) -> Node:
    pages = get_pages(app.env)
    page = pages.pages.get(contra_docname)
    data = get_domain(app.env).pages
    section = nodes.container(classes=["contraindication-backlinks", GENERATED_CLASS])
    section += nodes.rubric("Applies to", "Applies to")
    users = [
        (pages.pages[d], decl)
        for d in sorted(data)
        if d in pages.pages
        for decl in data[d].declarations
        if page is not None and decl.target == page.id
    ]
    if not users:
        section += nodes.paragraph("", "No technique or stage page declares this contraindication.")
        return section
    items = nodes.bullet_list()

    def reading_order(user: tuple[PageRecord, Declaration]) -> tuple[int, str]:
        return DECLARING_TYPES.index(user[0].type), user[0].title.lower()

    for user, declaration in sorted(users, key=reading_order):
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(f"{user.type.capitalize()}: ")
        paragraph += page_link(app, docname, user.docname, user.title)
        if declaration.how:
            paragraph += nodes.Text(f" - {declaration.how}")
        items += nodes.list_item("", paragraph)
    section += items
    return section


def _table(
    headers: list[str], widths: list[int], rows: list[list[Node | str]], classes: list[str]
) -> nodes.table:
    """A generated table; ``widths`` are in characters (the text builder uses them as is)."""
    table = nodes.table(classes=[GENERATED_CLASS, *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return table


def _row(cells: list[Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, str):
            entry += nodes.paragraph(cell, cell)
        elif isinstance(cell, nodes.paragraph):
            entry += cell
        else:
            entry += nodes.paragraph("", "", cell)
        row += entry
    return row


def _matrix(app: Sphinx, docname: str) -> Node:
    pages = get_pages(app.env)
    data = get_domain(app.env).pages
    contras = sorted(contraindications(app.env).values(), key=lambda c: c.order)
    users = [p for t in DECLARING_TYPES for p in pages.by_type(t)]
    headers = ["Technique or stage", *(c.title for c in contras)]
    rows: list[list[Node | str]] = []
    for user in users:
        declared = {d.target: d for d in data.get(user.docname, ContraPage()).declarations}
        cells: list[Node | str] = [page_link(app, docname, user.docname, user.title)]
        for contra in contras:
            declaration = declared.get(contra.id)
            if declaration is None:
                cells.append("-")
            else:
                # The kind says how it applies; a page's own note says more.
                kind = KIND_SHORT.get(contra.kind, contra.kind)
                cells.append(f"{kind}: {declaration.how}" if declaration.how else kind)
        rows.append(cells)
    if not rows:
        return nodes.paragraph("", "No technique or stage pages yet.", classes=[GENERATED_CLASS])
    widths = [22] + [max(14, 60 // max(1, len(contras)))] * len(contras)
    legend = "; ".join(
        f"{KIND_SHORT[kind]}: {label.split(': ', 1)[1]}" for kind, label in KINDS.items()
    )
    key = nodes.paragraph(
        "",
        f"Each cell gives the kind of contraindication ({legend}) and the page's own note "
        "where it has one; what to do is on the contraindication's page. "
        "A dash means the page does not list it.",
        classes=["contraindication-matrix-key"],
    )
    table = _table(headers, widths, rows, ["contraindication-matrix", "longtable"])
    return nodes.container("", key, table, classes=[GENERATED_CLASS])


def _card(app: Sphinx, docname: str) -> Node:
    flags = [c for c in contraindications(app.env).values() if c.kind == "red-flag"]
    rows: list[list[Node | str]] = []
    for flag in sorted(flags, key=lambda c: c.title.lower()):
        rows.append(
            [
                page_link(app, docname, flag.docname, flag.title),
                "; ".join(flag.signs),
                flag.action_text,
            ]
        )
    if not rows:
        return nodes.paragraph("", "No red flags declared.", classes=[GENERATED_CLASS])
    headers = ["Red flag", "Signs to look for", "What to do"]
    return _table(headers, [20, 42, 30], rows, ["red-flag-card", "colwidths-given"])


def _question(contra: Contraindication) -> str:
    signs = "; ".join(contra.signs) or contra.title
    return f"{signs}?"


def _form(app: Sphinx, docname: str) -> Node:
    """Every contraindication as a yes/no question, red flags first, with the action."""
    rows: list[list[Node | str]] = []
    for contra in sorted(contraindications(app.env).values(), key=lambda c: c.order):
        question = nodes.paragraph()
        label = KIND_SHORT.get(contra.kind, contra.kind)
        question += nodes.strong(label, label)
        question += nodes.Text(" ")
        question += page_link(app, docname, contra.docname, contra.title)
        question += nodes.Text(f": {_question(contra)}")
        yes = nodes.paragraph("", "", checkbox(label=f"Yes: {contra.title}"))
        no = nodes.paragraph("", "", checkbox(label=f"No: {contra.title}"))
        rows.append([question, yes, no, contra.action_text])
    if not rows:
        return nodes.paragraph("", "No contraindications declared.", classes=[GENERATED_CLASS])
    header = nodes.paragraph(
        "",
        "Client: ______________________   Date: ____________   Therapist: ______________",
        classes=["screening-form-header"],
    )
    table = _table(
        ["Ask about, or look for", "Yes", "No", "If yes"],
        [48, 5, 5, 30],
        rows,
        ["screening-form", "colwidths-given"],
    )
    return nodes.container("", header, table, classes=[GENERATED_CLASS, "screening-form"])


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill in boxes, backlinks and views from this build's data.

    ``docname`` is the page being written (links are relative to it); for the
    LaTeX builder it is the whole book, so each placeholder names its own page.
    """
    pages = get_domain(app.env).pages
    for node in list(doctree.findall(contraindication_box)):
        record = pages.get(node["docname"], ContraPage())
        node.replace_self(_box(app, docname, record))
    for node in list(doctree.findall(contraindication_backlinks)):
        node.replace_self(_backlinks(app, docname, node["docname"]))
    for node in list(doctree.findall(contraindication_matrix)):
        node.replace_self(_matrix(app, docname))
    for node in list(doctree.findall(red_flag_card)):
        node.replace_self(_card(app, docname))
    for node in list(doctree.findall(screening_form)):
        node.replace_self(_form(app, docname))


#: LaTeX for the ``handbook-redflag`` class: red flags print in red.
LATEX_PREAMBLE = r"""
% clinical_handbook: red flags stand out in the contraindication box
\expandafter\def\csname DUrolehandbook-redflag\endcsname#1{\textcolor{red}{#1}}
"""


def _add_html_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("handbook-contraindications.css")


def _add_latex_preamble(app: Sphinx, config: Any) -> None:
    elements = dict(config.latex_elements)
    if LATEX_PREAMBLE not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def setup_contraindications(app: Sphinx) -> None:
    app.add_domain(ContraindicationsDomain)
    app.add_role("contra", ContraindicationRole())
    app.add_directive("contraindication-matrix", ContraindicationMatrix)
    app.add_directive("red-flag-card", RedFlagCard)
    app.add_directive("screening-form", ScreeningForm)
    app.add_node(
        checkbox,
        html=(_visit_checkbox_html, None),
        latex=(_visit_checkbox_latex, None),
        text=(_visit_checkbox_text, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    visitors = (_skip, None)
    for node_class in PLACEHOLDERS:
        app.add_node(
            node_class,
            html=visitors,
            latex=visitors,
            text=visitors,
            man=visitors,
            texinfo=visitors,
        )
    tracker = _ReadTracker()
    app.connect("env-get-outdated", tracker.outdated)
    app.connect("env-get-updated", tracker.updated)
    # After the page record of .pagetypes (priority 600).
    app.connect("doctree-read", collect_contraindications, priority=610)
    app.connect("env-updated", check_contraindications, priority=600)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("builder-inited", _add_html_assets)
    app.connect("config-inited", _add_latex_preamble)
