"""The vocabulary every feature shares, and the building blocks of generated content.

Every feature module imports this one and no other feature's internals:

* the one warning type, :data:`WARNING_TYPE`, and :func:`warn`, which gives
  every warning a subtype and a location;
* the *text roles* that tell the running-text reader (:mod:`.text`) what a node
  the extensions made is: :data:`GENERATED` content (the evidence register, the
  views, the course map, the bibliography), a per-page :data:`DECORATION` (the
  contraindication box, backlinks, the review note), text that states
  :data:`NOT_A_CLAIM` (learning objectives, question stems),
  :data:`EXEMPT` text (the editorial note), and a source's :data:`RECORD`
  (a fact on a source page). The role is a node attribute, which
  no Markdown or reStructuredText markup can set; the CSS classes the nodes also
  carry (``handbook-generated``...) style them and mean nothing to the checks;
* :func:`relative_path`, a file relative to the source directory;
* tables, page links, the directive that places a view, placeholders and the
  resolver hook for generated content,
  built from plain docutils nodes so HTML, LaTeX and text builders all render it;
* :func:`add_html_stylesheet`, a feature's stylesheet for HTML builders.
"""

from __future__ import annotations

import functools
import os
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

logger = logging.getLogger("clinical_handbook")

#: The type of every warning of the handbook's checks: ``handbook.<subtype>``.
WARNING_TYPE = "handbook"

#: CSS class of the nodes the extensions generate (styling only).
GENERATED_CLASS = "handbook-generated"
#: CSS class of the admonition made by the ``editorial-note`` directive.
EXEMPTION_CLASS = "handbook-exemption"
#: CSS class of learning objectives and question stems.
NOT_A_CLAIM_CLASS = "handbook-not-a-claim"

#: The node attribute that holds a text role; markup cannot set it.
TEXT_ROLE = "handbook_text_role"
#: Content computed from the handbook's data, placed by an authored directive.
GENERATED = "generated"
#: Content added to every page of a type (a box, backlinks, a review note).
DECORATION = "decoration"
#: Authored text that states no fact: learning objectives, question stems.
NOT_A_CLAIM = "not-a-claim"
#: The editorial note: visible, counted, exempt from the citation rule.
EXEMPT = "exempt"
#: A recorded fact of a source: its own words and the handbook's record of them,
#: checked against each other (:mod:`.fact_check`), not as running text.
RECORD = "record"

E = TypeVar("E", bound=Element)


def mark(node: E, role: str) -> E:
    """Give ``node`` a text role (one of the five above) and return it."""
    node[TEXT_ROLE] = role
    return node


def text_role(node: Node) -> str | None:
    return node.get(TEXT_ROLE) if isinstance(node, Element) else None


def generated(node: E) -> E:
    """``node`` as generated content: the role for the checks, the class for CSS."""
    if GENERATED_CLASS not in node["classes"]:
        node["classes"].insert(0, GENERATED_CLASS)
    return mark(node, GENERATED)


def warn(
    message: str,
    subtype: str,
    location: str | Node | None,
    line: int | None = None,
) -> None:
    """A ``handbook.<subtype>`` warning at ``location``: a docname (with ``line``,
    when known), a node, or a ``path:line`` string for a file that is not a page."""
    where: str | Node | tuple[str, int] | None = location
    if line and isinstance(location, str):
        where = (location, line)
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=where)


def first_upper(text: str) -> str:
    """``text`` with its first letter in capitals and the rest as it is (``str.capitalize``
    would lower-case the rest: "CES" in a sentence)."""
    return text[:1].upper() + text[1:]


def relative_path(env: BuildEnvironment, source: str | None, docname: str = "") -> str:
    """``source`` (or, when it is empty, the page ``docname``'s own file) relative to
    the source directory, with ``/`` separators."""
    if not source:
        return env.doc2path(docname, False).as_posix()
    return _relative(str(source), str(env.srcdir))


@functools.lru_cache(maxsize=4096)
def _relative(source: str, srcdir: str) -> str:
    try:
        return Path(os.path.relpath(source, srcdir)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(source).as_posix()


def page_link(
    builder: Builder, fromdocname: str, todocname: str, title: str, anchor: str | None = None
) -> Element:
    """A link to a page (at ``anchor``, if given), or its plain title where the
    output does not hold that page.

    A PDF made of a few pages (the quick reference) cannot link to the others.
    """
    inner = nodes.inline(title, title)
    try:
        return make_refnode(builder, fromdocname, todocname, anchor, inner, title)
    except NoUri:
        return inner


def table(
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Node | str]],
    classes: Sequence[str],
) -> nodes.table:
    """A generated table; ``widths`` are in characters (the text builder uses them as is)."""
    result = generated(nodes.table(classes=list(classes)))
    group = nodes.tgroup(cols=len(headers))
    result += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return result


def _row(cells: Sequence[Node | str]) -> nodes.row:
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


Resolver = Callable[[Sphinx, nodes.document, str, list[Element]], None]
_RESOLVERS: weakref.WeakKeyDictionary[Sphinx, list[tuple[tuple[type[Element], ...], Resolver]]] = (
    weakref.WeakKeyDictionary()
)


def connect_resolver(app: Sphinx, resolver: Resolver, *placeholders: type[Element]) -> None:
    """Have ``resolver`` draw the ``placeholders`` of a page when it is written.

    At ``doctree-resolved``, one walk over the page finds the placeholders of
    every resolver; each resolver is called with its own, in reading order, and
    only when the page holds one. Not for the dummy builder (``make check``): it
    writes no page, and every check runs from the environment's data.
    """
    if app not in _RESOLVERS:
        _RESOLVERS[app] = []
        app.connect("doctree-resolved", _draw)
    _RESOLVERS[app].append((placeholders, resolver))


def _draw(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder is not None and app.builder.name == "dummy":
        return
    resolvers = _RESOLVERS.get(app, [])
    kinds = tuple(kind for placeholders, _ in resolvers for kind in placeholders)
    found = list(doctree.findall(lambda node: isinstance(node, kinds)))
    for placeholders, resolver in resolvers:
        mine = [node for node in found if isinstance(node, placeholders)]
        if mine:
            resolver(app, doctree, docname, mine)


def add_html_stylesheet(app: Sphinx, filename: str) -> None:
    """Link a stylesheet of the package's static folder from every page, for
    HTML-format builders only (LaTeX and text builders have no use for it)."""

    def add(app: Sphinx) -> None:
        if app.builder.format == "html":
            app.add_css_file(filename)

    app.connect("builder-inited", add)


def add_latex_preamble(app: Sphinx, text: str, engines: tuple[str, ...] = ()) -> None:
    """Add ``text`` to the LaTeX preamble once (only for ``engines``, if given)."""

    def add(app: Sphinx, config: Any) -> None:
        if engines and config.latex_engine not in engines:
            return
        elements = dict(config.latex_elements)
        if text not in elements.get("preamble", ""):
            elements["preamble"] = elements.get("preamble", "") + text
        config.latex_elements = elements

    app.connect("config-inited", add)


def skip_node(self: Any, node: Node) -> None:
    """A visitor that writes nothing for the node and its children."""
    raise nodes.SkipNode


def visit_depart_null(self: Any, node: Node) -> None:
    """A visitor that writes nothing for the node itself (its children are written)."""


class ViewDirective(SphinxDirective):
    """A directive that places a view generated from the handbook's data: a placeholder
    node (``view``) that a resolver draws when the page is written."""

    view: type[Element]

    def run(self) -> list[Node]:
        node = mark(self.view(classes=[GENERATED_CLASS]), GENERATED)
        self.set_source_info(node)
        return [node]


def add_placeholders(app: Sphinx, *node_classes: type[Element]) -> None:
    """Register nodes that are replaced before writing; a builder that meets one writes nothing."""
    skip = (skip_node, None)
    for node_class in node_classes:
        app.add_node(node_class, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)


#: ``@type{key,`` at the start of a line of a ``.bib`` file.
_BIB_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)


def bib_entry_starts(text: str) -> Iterator[tuple[str, str, int]]:
    """``(type, key, line)`` of every entry of a ``.bib`` file's text (lines from 1)."""
    line, counted = 1, 0
    for match in _BIB_ENTRY_START.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield match[1], match[2], line
