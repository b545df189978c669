"""Running text: what the checks read on a page, with its citations, links and true lines.

One walk over a page's doctree, when the page is read, gives every run of text
(a paragraph, a line of a line block, a caption, a table cell...) as a
:class:`TextRun`. The claim checker reads the runs that are claims; the
contraindication checks look for unlinked names in all of them; both report the
same line for the same sentence, because the line of every run is worked out
here, once.

What is running text, and what is not:

* Skipped: headings and rubrics, glossary terms, code and math, comments and
  raw markup, toctrees, the bibliography, everything the extensions add to a
  page (:data:`.shared.GENERATED` content and :data:`.shared.DECORATION`), and
  the facts of a source page (:data:`.shared.RECORD`), which the facts check
  holds against their own quotes instead (and rejects on any other page).
* Read but not claims: table headers and titles (their citations cover the
  rows under them), captions, labels, field names, attributions, card headers,
  learning objectives and question stems (:data:`.shared.NOT_A_CLAIM`), the
  editorial note (:data:`.shared.EXEMPT`), and the output of the directives in
  ``handbook_not_claim_directives``: by default sphinx-design's ``article-info``
  (author, date, reading time) and its buttons, ``button-link`` and
  ``button-ref`` (a label or URL is navigation, like a toctree entry).
* Never part of a sentence: footnote and citation numbers, images, index
  entries, and the ``Changed in version 1.0:`` label of ``versionchanged`` and
  its siblings.
* Card footers and the bodies of cards, tabs, dropdowns and admonitions are
  running text.

Lines: MyST gives some nodes the line of an enclosing construct (every row of
a pipe table the table's line; the content of nested directives a line per
level too far). Each run's line is checked against the source: its first words
are looked for near the line MyST gives, and the nearest match wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from docutils import nodes
from docutils.nodes import Element, Node
from docutils.parsers.rst import Directive
from docutils.parsers.rst import directives as rst_directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join
from sphinx.util.nodes import get_node_line
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from .sentences import ANCHOR, LEADING_ANCHOR
from .shared import (
    DECORATION,
    EXEMPT,
    GENERATED,
    NOT_A_CLAIM,
    RECORD,
    mark,
    relative_path,
    text_role,
)

#: ``{cite:...}`` roles that put the citation in brackets, after what it supports.
PARENTHETICAL_ROLES = frozenset({"p", "ps", "alp", "alps", "empty", "labelpar", "yearpar"})

# Subtrees that hold no running text.
_SKIPPED: tuple[type[Node], ...] = (
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.term,
    nodes.docinfo,
    nodes.system_message,
    nodes.comment,
    nodes.raw,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.substitution_definition,
    nodes.pending,
    addnodes.compact_paragraph,
)
# Subtrees read for names but holding no claims.
_NOT_CLAIMS: tuple[type[Node], ...] = (
    nodes.caption,
    nodes.classifier,
    nodes.label,
    nodes.field_name,
    nodes.attribution,
    nodes.citation,
)
# Inline nodes whose text is not part of the sentence.
_INLINE_SKIPPED: tuple[type[Node], ...] = (
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.system_message,
    nodes.comment,
    nodes.raw,
    nodes.image,
    addnodes.index,
)
# A text element holding one of these (``versionmodified`` holds paragraphs) is walked.
_BLOCKS: tuple[type[Node], ...] = (nodes.Body, nodes.Structural)
#: Classes of inline nodes that are not part of the sentence.
_INLINE_SKIPPED_CLASSES = frozenset({"versionmodified"})
#: sphinx-design components that are headings rather than running text.
_HEADING_COMPONENTS = frozenset({"card-header"})
# What an introductory sentence ending with a colon may introduce.
_LISTS_AND_TABLES: tuple[type[Node], ...] = (
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.definition_list,
    nodes.field_list,
    nodes.option_list,
    nodes.table,
    addnodes.glossary,
)
_WORD = re.compile(r"\w[\w'-]*")
#: How many lines away from MyST's line the first words of a run may be.
_SEARCH_LINES = 8


@dataclass(frozen=True, slots=True)
class Citation:
    """One ``{cite:...}`` reference."""

    node: addnodes.pending_xref
    index: int
    """Its position among the page's citations (0 for the first), in reading order."""
    keys: tuple[str, ...]
    textual: bool
    """A ``{cite:t}`` that names the source in the sentence, rather than in brackets."""


@dataclass(frozen=True, slots=True)
class TextRun:
    """One paragraph-like run of text: a paragraph, a line, a caption, a cell."""

    element: Element
    text: str
    """The text, each citation replaced by :data:`.sentences.ANCHOR` (or
    :data:`.sentences.LEADING_ANCHOR` for a textual one)."""
    citations: tuple[Citation, ...]
    links: tuple[tuple[int, int, str], ...]
    """``(start, end, target)`` of each page link in :attr:`text`: ``id:<page id>``
    for a ``{contra}`` role, ``doc:<docname>`` for a ``{doc}`` link."""
    source: str
    """File the run was read from, relative to the source directory."""
    line: int
    """Line of ``text[0]``: ``text[i]`` is on ``line`` plus the newlines before it
    (0 when unknown)."""
    claim: bool
    """Running text whose sentences must cite."""
    lends: tuple[str, ...] = ()
    """Keys the run's table row, column headers or table title lend to it."""

    def introduces_list(self) -> bool:
        """Whether a list or table follows the paragraph directly."""
        return isinstance(self.element, nodes.paragraph) and _introduces_list(self.element)

    def line_at(self, offset: int) -> int:
        """The source line of ``text[offset]`` (0 when unknown)."""
        return self.line + self.text.count("\n", 0, offset) if self.line else 0


@dataclass(slots=True)
class PageText:
    """Everything :func:`read_page` finds on one page."""

    runs: list[TextRun] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    """Every citation on the page, in reading order, wherever it sits."""
    table_heading_citations: list[Citation] = field(default_factory=list)
    """The citations in table titles and header cells, which cover the rows below."""
    exemptions: list[Element] = field(default_factory=list)
    """The editorial notes."""
    generated: set[str] = field(default_factory=set)
    """Tag names of the generated content the page holds (toctree, bibliography...)."""


def citation_keys(node: Node) -> tuple[str, ...] | None:
    """The keys of a ``{cite:...}`` reference, or None for any other node.

    Read with sphinxcontrib-bibtex's own parser, so ``{see}key{p. 3}`` is ``key``.
    """
    if not (isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite"):
        return None
    return _keys_of_target(str(node.get("reftarget", "")))


@functools.lru_cache(maxsize=8192)
def _keys_of_target(target: str) -> tuple[str, ...]:
    try:
        return tuple(t.key for t in parse_citation_targets(target) if t.key)
    except ValueError:  # sphinxcontrib-bibtex reports the malformed target itself
        return ()


def link_target(node: Node, docname: str) -> str | None:
    """What a link points at: ``id:<page id>`` or ``doc:<docname>``; None if not a page link."""
    if not isinstance(node, addnodes.pending_xref):
        return None
    if node.get("refdomain") == "contra":
        return "id:" + str(node.get("reftarget", ""))
    if node.get("reftype") == "doc":
        target = str(node.get("reftarget", ""))
        return "doc:" + docname_join(node.get("refdoc", docname), target).lstrip("/")
    return None


Flattened = tuple[str, list[Citation], list[tuple[int, int, str]]]


def flatten(
    element: Element, docname: str, citation_of: Callable[[int], Citation | None]
) -> Flattened:
    """``element``'s text, citations (each an anchor in the text) and page links.

    ``citation_of`` maps ``id(node)`` to the :class:`Citation` of a citation node.
    """
    parts: list[str] = []
    citations: list[Citation] = []
    links: list[tuple[int, int, str]] = []
    _flatten_into(element, docname, citation_of, parts, citations, links, 0)
    return "".join(parts), citations, links


def _flatten_into(
    node: Element,
    docname: str,
    citation_of: Callable[[int], Citation | None],
    parts: list[str],
    citations: list[Citation],
    links: list[tuple[int, int, str]],
    size: int,
) -> int:
    """Append ``node``'s text to ``parts``; return the length of the text so far.

    A plain function, not a closure: it runs for every paragraph of the handbook,
    and a closure's cells are garbage the collector has to chase.
    """
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(child)
            size += len(child)
            continue
        if not isinstance(child, Element) or isinstance(child, _INLINE_SKIPPED):
            continue
        if not _INLINE_SKIPPED_CLASSES.isdisjoint(child["classes"]):
            continue
        citation = citation_of(id(child))
        if citation is not None:
            parts.append(LEADING_ANCHOR if citation.textual else ANCHOR)
            citations.append(citation)
            size += 1
            continue
        start = size
        size = _flatten_into(child, docname, citation_of, parts, citations, links, size)
        target = link_target(child, docname)
        if target:
            links.append((start, size, target))
    return size


def plain_text(element: Element, docname: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``element``'s running text (citations as anchors) and its page links."""
    citations = {
        id(node): Citation(node, index, citation_keys(node) or (), _is_textual(node))
        for index, node in enumerate(element.findall(addnodes.pending_xref))
        if node.get("refdomain") == "cite"
    }
    text, _, links = flatten(element, docname, citations.get)
    return text, links


def _is_generated(node: Element) -> bool:
    return (
        text_role(node) == GENERATED
        or isinstance(node, addnodes.toctree)
        or node.tagname == "bibliography"
        or (isinstance(node, nodes.topic) and "contents" in node["classes"])
    )


def _introduces_list(paragraph: Element) -> bool:
    sibling = paragraph.next_node(descend=False, siblings=True, ascend=False)
    while isinstance(sibling, (nodes.target, nodes.comment, addnodes.index)):
        sibling = sibling.next_node(descend=False, siblings=True, ascend=False)
    return isinstance(sibling, _LISTS_AND_TABLES) or (
        isinstance(sibling, nodes.container) and any(isinstance(c, nodes.table) for c in sibling)
    )


def _children(node: Element, kind: type[Element]) -> Iterator[Element]:
    return (child for child in node.children if isinstance(child, kind))


def _columns(row: Element) -> Iterator[tuple[range, Element]]:
    """The entries of a table row with the columns each spans."""
    column = 0
    for entry in _children(row, nodes.entry):
        span = 1 + int(entry.get("morecols", 0))
        yield range(column, column + span), entry
        column += span


@dataclass(frozen=True, slots=True)
class _Context:
    """What the walk knows about the text below the node it is at."""

    claim: bool = True
    lends: tuple[str, ...] = ()
    in_table: bool = False


@dataclass(slots=True)
class _Reader:
    """One walk over one page's doctree."""

    env: BuildEnvironment
    docname: str
    page: PageText = field(default_factory=PageText)
    lines: dict[str, list[str]] = field(default_factory=dict)
    seen: dict[int, Citation] = field(default_factory=dict)

    def read(self, doctree: nodes.document) -> PageText:
        for index, node in enumerate(
            n for n in doctree.findall(addnodes.pending_xref) if n.get("refdomain") == "cite"
        ):
            citation = Citation(node, index, citation_keys(node) or (), _is_textual(node))
            self.page.citations.append(citation)
            self.seen[id(node)] = citation
        self.walk(doctree, _Context())
        return self.page

    # --- structure ------------------------------------------------------------
    def walk(self, node: Element, context: _Context) -> None:
        for child in node.children:
            if not isinstance(child, Element):
                continue
            role = text_role(child)
            if _is_generated(child):
                self.page.generated.add(child.tagname)
            elif role in (DECORATION, RECORD) or isinstance(child, _SKIPPED):
                pass
            elif role == EXEMPT:
                self.page.exemptions.append(child)
                self.inner(child, _Context(claim=False))
            elif (
                role == NOT_A_CLAIM
                or isinstance(child, _NOT_CLAIMS)
                or child.get("design_component") in _HEADING_COMPONENTS
            ):
                self.inner(child, replace(context, claim=False))
            elif isinstance(child, nodes.table):
                self.table(child, context)
            else:
                self.inner(child, context)

    def inner(self, node: Element, context: _Context) -> None:
        if isinstance(node, nodes.TextElement) and not _holds_blocks(node):
            self.run(node, context)
        else:
            self.walk(node, context)

    def table(self, table: nodes.table, context: _Context) -> None:
        """A cell without a citation of its own rests on its row, column headers or title.

        Only the table's own rows are read here: a table inside a cell is a table
        of its own, whose headers and title cover only its rows, and which does
        not rest on the outer row's citations.
        """
        shared: list[str] = []  # a table inside a cell does not rest on the outer row
        for title in _children(table, nodes.title):
            shared += self.heading_keys(title)
        heading = _Context(claim=False, in_table=True)
        for group in _children(table, nodes.tgroup):
            header: dict[int, list[str]] = {}
            for head in _children(group, nodes.thead):
                for row in _children(head, nodes.row):
                    for columns, entry in _columns(row):
                        keys = self.heading_keys(entry)
                        for column in columns:
                            header.setdefault(column, []).extend(keys)
                        self.walk(entry, heading)
            for body in _children(group, nodes.tbody):
                for row in _children(body, nodes.row):
                    cells = list(_columns(row))
                    keys = shared + [
                        k for cols, _ in cells for c in cols for k in header.get(c, ())
                    ]
                    keys += [k for _, entry in cells for k in self.keys_in(entry)]
                    row_context = replace(context, lends=tuple(dict.fromkeys(keys)), in_table=True)
                    for _, entry in cells:
                        self.walk(entry, row_context)

    def heading_keys(self, node: Element) -> list[str]:
        """The keys cited in a table title or header cell, whose citations cover the rows."""
        citations = list(self.citations_in(node))
        self.page.table_heading_citations += citations
        return [key for citation in citations for key in citation.keys]

    def keys_in(self, node: Element) -> list[str]:
        return [key for citation in self.citations_in(node) for key in citation.keys]

    def citations_in(self, node: Element) -> Iterator[Citation]:
        """The citations in ``node``, outside any table inside it."""
        for child in node.children:
            if not isinstance(child, Element) or isinstance(child, nodes.table):
                continue
            citation = self.seen.get(id(child))
            if citation is not None:
                yield citation
            else:
                yield from self.citations_in(child)

    # --- one run --------------------------------------------------------------
    def run(self, element: Element, context: _Context) -> None:
        text, citations, links = flatten(element, self.docname, self.seen.get)
        if not text.strip() and not citations:
            return
        source = self.source_of(element)
        self.page.runs.append(
            TextRun(
                element=element,
                text=text,
                citations=tuple(citations),
                links=tuple(links),
                source=source,
                line=self.first_line(element, source, text, context.in_table),
                claim=context.claim and isinstance(element, (nodes.paragraph, nodes.line)),
                lends=context.lends,
            )
        )

    # --- lines ------------------------------------------------------------------
    def source_of(self, node: Element) -> str:
        source = node.source
        parent = node.parent
        while not source and parent is not None:
            source, parent = parent.source, parent.parent
        return relative_path(self.env, source, self.docname)

    def source_lines(self, source: str) -> list[str]:
        if source not in self.lines:
            try:
                text = (Path(self.env.srcdir) / source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.lines[source] = text.splitlines()
        return self.lines[source]

    def first_line(self, element: Element, source: str, text: str, in_table: bool) -> int:
        """The line of ``text[0]``, checked against the source file."""
        lines = self.source_lines(source)
        hint = (in_table and _pipe_table_line(element, lines)) or element.line
        hint = hint or get_node_line(element) or 0
        first = _WORD.search(text)
        if not hint or first is None or not lines:
            return hint
        before = text.count("\n", 0, first.start())
        words = _WORD.findall(text, first.start(), first.start() + 200)[:3]
        found = find_line(lines, hint + before, words)
        return found - before if found else hint


def _holds_blocks(node: Element) -> bool:
    for child in node.children:
        if isinstance(child, _BLOCKS) and not isinstance(child, nodes.Inline):
            return True
    return False


def _is_textual(node: Element) -> bool:
    return node.get("reftype", "p") not in PARENTHETICAL_ROLES


def _pipe_table_line(node: Element, lines: Sequence[str]) -> int | None:
    """Line of a cell of a Markdown pipe table, one source line per row.

    MyST gives every row the table's line (or, after a row holding a link, that
    row's line); the rows are counted instead, skipping the ``|---|`` line.
    """
    row = node.parent
    while row is not None and not isinstance(row, nodes.row):
        row = row.parent
    group = row.parent.parent if row is not None and row.parent is not None else None
    table = group.parent if group is not None else None
    if not isinstance(table, nodes.table) or not table.line or table.line > len(lines):
        return None
    if not lines[table.line - 1].lstrip(" >").startswith("|"):
        return None  # not a pipe table: rows know their own lines
    rows = [r for part in group.children for r in _children(part, nodes.row)]
    headers = sum(1 for r in rows if isinstance(r.parent, nodes.thead))
    index = rows.index(row)
    return table.line + index + (1 if headers and index >= headers else 0)


def find_line(lines: Sequence[str], hint: int, words: Sequence[str]) -> int:
    """The line nearest ``hint`` (earlier first on a tie) holding ``words``; 0 if none.

    The words must follow each other, each a whole word; with three words found
    nowhere nearby, the first word alone is tried.
    """
    if not words:
        return 0
    words = tuple(words)
    for probe_words in (words, words[:1]) if len(words) > 1 else (words,):
        for distance in range(_SEARCH_LINES + 1):
            for candidate in (hint - distance, hint + distance) if distance else (hint,):
                if 0 < candidate <= len(lines) and _holds(lines[candidate - 1], probe_words):
                    return candidate
    return 0


def _holds(line: str, words: tuple[str, ...]) -> bool:
    """Whether ``line`` holds ``words`` in a row, each a whole word."""
    if words[0] not in line:
        return False
    plain = " ".join(words)  # the usual case: the words as written, one space apart
    at = line.find(plain)
    if at >= 0 and _whole(line, at, at + len(plain)):
        return True
    return _probe(words).search(line) is not None


def _whole(line: str, start: int, end: int) -> bool:
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


@functools.lru_cache(maxsize=4096)
def _probe(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")


def read_page(env: BuildEnvironment, docname: str, doctree: nodes.document) -> PageText:
    """Every run of text on the page, its citations, editorial notes and generated content."""
    return _Reader(env, docname).read(doctree)


# --- directives whose output states no fact ------------------------------------
def _not_a_claim(directive: type[Directive]) -> type[Directive]:
    """``directive``, with every node it makes marked :data:`.shared.NOT_A_CLAIM`."""

    def run(self: Directive) -> list[Node]:
        result = directive.run(self)
        for node in result:
            if isinstance(node, Element) and not isinstance(node, nodes.system_message):
                mark(node, NOT_A_CLAIM)
        return result

    return type(directive.__name__, (directive,), {"run": run, "__doc__": directive.__doc__})


def _mark_not_claim_directives(app: Sphinx, config: Config) -> None:
    """``config-inited``: once every extension has registered its directives."""
    registered = getattr(rst_directives, "_directives", {})
    for name in config.handbook_not_claim_directives:
        directive = registered.get(name)
        if isinstance(directive, type) and issubclass(directive, Directive):
            app.add_directive(name, _not_a_claim(directive), override=True)


#: Directives whose output states no fact, by default.
NOT_CLAIM_DIRECTIVES = ["article-info", "button-link", "button-ref"]


def setup_text(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_not_claim_directives",
        NOT_CLAIM_DIRECTIVES,
        "env",
        list,
        "directives whose output (author, date, a button...) is not checked for citations",
    )
    app.connect("config-inited", _mark_not_claim_directives)
