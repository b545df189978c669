"""Building blocks for the content the extensions generate.

Tables, page links, placeholders, and the hook that has resolvers fill them in.

Everything built here carries the ``handbook-generated`` class, so the claim
checker never reads it as a claim, and uses plain docutils nodes, so HTML,
LaTeX and text builders all render it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from .claims import GENERATED_CLASS


def page_link(builder: Builder, fromdocname: str, todocname: str, title: str) -> Element:
    """A link to a page, or its plain title where the output does not hold that page.

    A PDF made of a few pages (the quick reference) cannot link to the others.
    """
    inner = nodes.inline(title, title)
    try:
        return make_refnode(builder, fromdocname, todocname, None, inner, title)
    except NoUri:
        return inner


def table(
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Node | str]],
    classes: Sequence[str],
) -> nodes.table:
    """A generated table; ``widths`` are in characters (the text builder uses them as is)."""
    result = nodes.table(classes=[GENERATED_CLASS, *classes])
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


Resolver = Callable[[Sphinx, nodes.document, str], None]


def connect_resolver(app: Sphinx, resolver: Resolver) -> None:
    """Run ``resolver`` at ``doctree-resolved`` to draw generated content into a page.

    Not for the dummy builder (``make check``): it writes no page, and every
    check runs from the environment's data, not from what is drawn.
    """

    def draw(app: Sphinx, doctree: nodes.document, docname: str) -> None:
        if app.builder is None or app.builder.name != "dummy":
            resolver(app, doctree, docname)

    app.connect("doctree-resolved", draw)


def skip_node(self: Any, node: Node) -> None:
    """A visitor that writes nothing for the node and its children."""
    raise nodes.SkipNode


def add_placeholders(app: Sphinx, *node_classes: type[Element]) -> None:
    """Register nodes that are replaced before writing; a builder that meets one writes nothing."""
    skip = (skip_node, None)
    for node_class in node_classes:
        app.add_node(node_class, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
