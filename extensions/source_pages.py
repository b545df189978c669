"""Source pages: one page per bibliography entry, holding the facts taken from it.

A page of type ``source`` (in ``sources/``, its id the entry's BibTeX key)
records what the handbook takes from one source. Its front matter gives the
population the source studied; its ``fact`` directives give the facts::

    ---
    type: source
    id: cherkin2011
    population: 401 adults aged 20 to 65 with non-specific chronic low back pain
    ---

    # Cherkin 2011: two types of massage and usual care

    :::{fact}
    :quote: Ten massage treatments will be provided over 10 weeks.
    :seen: https://trialsjournal.biomedcentral.com/articles/10.1186/1745-6215-10-96
    Massage was given as ten treatments over ten weeks.
    :::

A fact is a statement in the handbook's words, the source's own words that
support it (``:quote:``, about 25 words at most) and where they were seen
(``:seen:``, a URL or a page). Where the editors' verified reference list
records a fact in its own words and no verbatim quote of the source was
recorded, ``:record:`` holds that wording instead, and the page says so; a
quotation in a claim is only ever matched against ``:quote:``.

Each source page also shows, generated, the full reference with its evidence
level, directness and population under its title, and at its end every claim
of the handbook that cites it, grouped by page, each with the facts its figures
matched; in HTML, every citation of the key links to the source page. Those
views are :mod:`.source_views`.

The records are kept per page in :class:`SourcesDomain`. The checks on them
(:mod:`.fact_check`) run with the other claim checks in :mod:`.claim_report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import get_node_line

from .figures import Figure, figures_in, normalise_quote
from .pagedata import PerPageDomain
from .pagetypes import front_matter_lines, get_pages
from .shared import (
    DECORATION,
    GENERATED_CLASS,
    RECORD,
    add_placeholders,
    mark,
    relative_path,
)

SOURCE_TYPE = "source"
#: The node attribute that marks a fact's container.
FACT = "handbook_fact"


# --- the records -----------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    """One recorded fact of a source."""

    docname: str
    number: int
    """1 for the page's first fact: its anchor is ``fact-<number>``."""
    statement: str
    quote: str
    """The source's own words (empty when only a :attr:`record` is given)."""
    record: str
    """The editors' verified wording, where no verbatim quote was recorded."""
    seen: str
    source: str
    line: int
    known: tuple[Figure, ...]
    """The figures of the quote or record: what a claim's figures are matched against.
    A fact with neither (itself an error) offers its statement's, so that one
    mistake gives one message, not one for every figure that rests on it."""
    stated: tuple[Figure, ...]
    """The figures of the statement, which the quote or record must hold."""

    @property
    def anchor(self) -> str:
        return f"fact-{self.number}"

    @property
    def normalised_quote(self) -> str:
        return normalise_quote(self.quote) if self.quote else ""


@dataclass(frozen=True)
class SourcePage:
    """A page's facts, and, on a page of type ``source``, what it declares."""

    docname: str
    source: str
    is_source_page: bool
    key: str
    """The page id: the BibTeX key it records (empty on other pages)."""
    line: int
    population: str
    population_line: int
    population_figures: tuple[Figure, ...]
    facts: tuple[Fact, ...]


class SourcesDomain(PerPageDomain):
    """Per-page source-page records, purged and merged like the todo domain."""

    name = "sources"
    label = "Source pages"
    data_version = 1
    initial_data: dict[str, Any] = {"pages": {}}

    @property
    def pages(self) -> dict[str, SourcePage]:
        return self._records("pages")

    def by_key(self) -> dict[str, SourcePage]:
        """Source pages by the key they record; with two for one key, the first docname."""

        def first_of_each_key() -> dict[str, SourcePage]:
            found: dict[str, SourcePage] = {}
            for docname in sorted(self.pages):
                page = self.pages[docname]
                if page.is_source_page and page.key:
                    found.setdefault(page.key, page)
            return found

        return self.derived("keys", first_of_each_key)


def get_sources(env: BuildEnvironment) -> SourcesDomain:
    domain = env.get_domain(SourcesDomain.name)
    assert isinstance(domain, SourcesDomain)
    return domain


# --- the fact directive -------------------------------------------------------------
def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


class FactDirective(SphinxDirective):
    """``fact``: one recorded fact, with the source's words and where they were seen."""

    has_content = True
    option_spec = {
        "quote": directives.unchanged,
        "record": directives.unchanged,
        "seen": directives.unchanged,
    }

    def run(self) -> list[Node]:
        number = self.env.new_serialno(FACT) + 1
        quote = _one_line(self.options.get("quote"))
        record = _one_line(self.options.get("record"))
        seen = _one_line(self.options.get("seen"))
        node = nodes.container(classes=["handbook-fact"], ids=[f"fact-{number}"])
        self.set_source_info(node)
        body = self.parse_content_to_nodes()
        statement = " ".join(" ".join(part.astext() for part in body).split())
        node[FACT] = {
            "number": number,
            "statement": statement,
            "quote": quote,
            "record": record,
            "seen": seen,
        }
        mark(node, RECORD)
        label = nodes.strong(f"Fact {number}. ", f"Fact {number}. ")
        if body and isinstance(body[0], nodes.paragraph):
            body[0].insert(0, label)
        else:
            body.insert(0, nodes.paragraph("", "", label))
        node += body
        if quote:
            node += nodes.block_quote("", nodes.paragraph("", f"“{quote}”"), classes=["fact-quote"])
        elif record:
            text = "Editors' verified record (no verbatim quote of the source recorded): "
            node += nodes.paragraph(
                "", "", nodes.emphasis(text, text), nodes.Text(record), classes=["fact-record"]
            )
        if seen:
            where = nodes.paragraph("", "Seen at: ", classes=["fact-seen"])
            url = seen.split()[0]
            if url.startswith(("http://", "https://")):
                where += nodes.reference(url, url, refuri=url)
                where += nodes.Text(seen[len(url) :])
            else:
                where += nodes.Text(seen)
            node += where
        return [node]


# --- reading a page -------------------------------------------------------------------
class source_reference(nodes.General, nodes.Element):
    """Placeholder: the full reference, level, directness and population, under the title."""


class source_citations(nodes.General, nodes.Element):
    """Placeholder: every claim that cites the page's source, grouped by page."""


def collect_source_page(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Record the page's facts, and place the generated parts of a source page."""
    page = get_pages(env).pages.get(docname)
    is_source = page is not None and page.type == SOURCE_TYPE
    facts = []
    for node in doctree.findall(lambda n: isinstance(n, Element) and FACT in n):
        data = node[FACT]
        statement = data["statement"]
        facts.append(
            Fact(
                docname=docname,
                number=data["number"],
                statement=statement,
                quote=data["quote"],
                record=data["record"],
                seen=data["seen"],
                source=relative_path(env, node.source, docname),
                line=get_node_line(node) or 0,
                known=figures_in(
                    f"{data['quote']} {data['record']}"
                    if data["quote"] or data["record"]
                    else statement,
                    lenient=True,
                ),
                stated=figures_in(statement),
            )
        )
    if not facts and not is_source:
        get_sources(env).clear_doc(docname)
        return
    population = _one_line(str(page.fields.get("population", ""))) if is_source and page else ""
    lines = front_matter_lines(env, docname) if is_source else {}
    get_sources(env).note(
        docname,
        pages=SourcePage(
            docname=docname,
            source=relative_path(env, None, docname),
            is_source_page=is_source,
            key=page.id if is_source and page else "",
            line=page.line_of("id") if page else 1,
            population=population,
            population_line=lines.get("population", lines.get("id", 1)),
            population_figures=figures_in(population),
            facts=tuple(facts),
        ),
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    if is_source and section is not None:
        # The page's docname goes with it: a LaTeX book resolves every page in one tree.
        reference = source_reference(docname=docname, classes=[GENERATED_CLASS])
        section.insert(1, mark(reference, DECORATION))
        section.append(
            mark(source_citations(docname=docname, classes=[GENERATED_CLASS]), DECORATION)
        )


def setup_source_pages(app: Sphinx) -> None:
    app.add_domain(SourcesDomain)
    app.add_directive("fact", FactDirective)
    add_placeholders(app, source_reference, source_citations)


def facts_by_key(env: BuildEnvironment) -> dict[str, tuple[Fact, ...]]:
    """The facts recorded for each key, from its source page."""
    return {key: page.facts for key, page in get_sources(env).by_key().items()}
