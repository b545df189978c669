"""Every claim cites a source: the claims of each page, read into a domain.

Every sentence of running text on every page is a *claim* and must carry at
least one ``{cite:p}``/``{cite:t}`` citation in that sentence. What running text
is, and which line it is on, is :mod:`.text`'s business; this module splits the
running text into sentences (:mod:`.sentences`) and records, per page, each
claim with its keys and the figures and quotations it states (:mod:`.figures`,
for the facts check of :mod:`.fact_check`), the editorial notes, and the
page's citations, in
:class:`ClaimsDomain`, which purges and merges them per page like the domain of
``sphinx.ext.todo``, so ``-j`` and incremental builds keep the same data.

A table row states one fact, like a sentence: a body cell without a citation
of its own rests on the citations elsewhere in its row, in the column headers
or in the table's title. A last sentence ending with a colon that introduces
the list or table right after it is not a claim.

The one way to exempt text is the visible, counted ``editorial-note`` directive,
whose argument is the reason::

    ```{editorial-note} How to use this handbook; not clinical advice.
    Text that is not checked for citations.
    ```

The checks on these records, the ``make check`` summary, the register and
``claims.json`` all read one model of them, :mod:`.claim_report`.
Bump :attr:`ClaimsDomain.data_version` when the pickled records change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import get_node_line

from .figures import figures_in, may_hold_figures, quotations_in
from .pagedata import PerPageDomain
from .sentences import split_sentences
from .shared import EXEMPT, EXEMPTION_CLASS, mark, relative_path
from .text import PageText, TextRun


# --- the data ----------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Claim:
    """One sentence of running text, and the citation keys it carries.

    Claims sort by page, then in reading order (:attr:`index`).
    """

    docname: str
    index: int
    """Position of the claim on its page (0 for the first)."""
    source: str
    """Source file, relative to the source directory (``/`` separators)."""
    line: int
    text: str
    keys: tuple[str, ...]
    figures: tuple[tuple, ...] = field(default=(), compare=False, repr=False)
    """The figures the sentence states, read with the page, as plain tuples
    (:class:`.figures.Figure`, which says why)."""
    quotations: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The text it puts in quotation marks."""


@dataclass(frozen=True, order=True)
class Exemption:
    """One ``editorial-note``: text exempt from the citation rule, and why."""

    docname: str
    source: str
    line: int
    reason: str


@dataclass(frozen=True)
class PageInfo:
    """What the checks and views need to know about a page besides its claims."""

    source: str
    generated: tuple[str, ...]
    """Tag names of the generated content the page holds (a toctree, the
    bibliography, the register, a view), sorted; a page with none must have claims."""
    citations: int
    """Number of citation roles on the page (claims, exempt text and headings)."""
    cited: tuple[str, ...]
    """Every key cited anywhere on the page, sorted."""
    markers: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """``(citation index, keys)``: after the page's n-th citation, the keys whose
    evidence decides whether a weak-evidence marker follows (the last citation
    of each claim, and each citation of a table title or header)."""

    @property
    def has_generated_content(self) -> bool:
        return bool(self.generated)


class ClaimsDomain(PerPageDomain):
    """Per-page claims, exemptions and citations, purged and merged like the todo domain."""

    name = "claims"
    label = "Claims"
    data_version = 4
    initial_data: dict[str, Any] = {
        "pages": {},  # docname -> PageInfo
        "claims": {},  # docname -> tuple[Claim, ...]
        "exemptions": {},  # docname -> tuple[Exemption, ...]
    }
    per_page = ("pages", "claims", "exemptions")

    @property
    def pages(self) -> dict[str, PageInfo]:
        return self.data["pages"]

    def note_page(
        self,
        docname: str,
        page: PageInfo,
        claims: Iterable[Claim],
        exemptions: Iterable[Exemption],
    ) -> None:
        self.note(docname, pages=page, claims=tuple(claims), exemptions=tuple(exemptions))


def get_domain(env: BuildEnvironment) -> ClaimsDomain:
    domain = env.get_domain(ClaimsDomain.name)
    assert isinstance(domain, ClaimsDomain)
    return domain


#: A claim's first words, as quoted in warnings.
FIRST_WORDS = 8


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("..." if len(words) > count else "")


@dataclass(frozen=True)
class Problem:
    """One thing that fails the build."""

    subtype: str
    message: str
    path: str
    """The file, relative to the source directory (or absolute, outside it); may be empty."""
    line: int
    docname: str = ""
    claim: Claim | None = None


# --- the exemption -----------------------------------------------------------
#: The label a reader sees on an editorial note.
EDITORS_NOTE_TITLE = "Editors\u2019 note"  # as smartquotes would print it


class EditorialNote(SphinxDirective):
    """``editorial-note``: visible text exempt from the citation rule, with a reason."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[Node]:
        reason = " ".join(self.arguments[0].split()) if self.arguments else ""
        # Readers see whose words these are; the reason is for reviewers (claims.json,
        # the register's list of notes and the summary of ``make check``).
        title = EDITORS_NOTE_TITLE
        node = nodes.admonition("", nodes.title(title, title), classes=["editorial-note"])
        node["classes"].append(EXEMPTION_CLASS)
        node["reason"] = reason
        mark(node, EXEMPT)
        self.set_source_info(node)
        node += self.parse_content_to_nodes()
        return [node]


# --- reading a page's claims ---------------------------------------------------
def claim_anchor(index: int) -> str:
    """The id of the target, at the start of its paragraph, of a page's claim ``index``."""
    return f"claim-{index + 1}"


def _claims_of(
    run: TextRun, docname: str, first_index: int, markers: dict[int, tuple], facts: bool
) -> list:
    """The claims of one run of running text, noting the markers of their citations."""
    labels = [",".join(citation.keys) for citation in run.citations]
    sentences = [s for s in split_sentences(run.text, labels) if s.is_text]
    found: list[Claim] = []
    for sentence in sentences:
        citations = [run.citations[a] for a in sentence.anchors]
        keys = tuple(dict.fromkeys(key for citation in citations for key in citation.keys))
        if keys:
            markers[citations[-1].index] = keys
        keys = keys or run.lends
        if (
            not keys
            and sentence is sentences[-1]
            and sentence.text.endswith(":")
            and run.introduces_list()
        ):
            continue  # "The positions are:" before a list is not a claim
        first = len(run.text) - len(run.text[sentence.start :].lstrip())
        # Where a source page's backlink lands: an empty target, which HTML and
        # LaTeX both write (LaTeX writes no label for a paragraph's own ids).
        run.element.insert(0, nodes.target("", "", ids=[claim_anchor(first_index + len(found))]))
        text = sentence.text
        checked = facts and bool(keys) and may_hold_figures(text)
        found.append(
            Claim(
                docname,
                first_index + len(found),
                run.source,
                run.line_at(first),
                text,
                keys,
                tuple(tuple(figure) for figure in figures_in(text)) if checked else (),
                quotations_in(text) if checked else (),
            )
        )
    return found


def collect_claims(env: BuildEnvironment, docname: str, text: PageText) -> None:
    """Record the page's claims, editorial notes and citations in the claims domain."""
    claims: list[Claim] = []
    markers: dict[int, tuple[str, ...]] = {}
    facts = bool(env.config.handbook_source_pages)  # read the figures for the facts check
    for citation in text.table_heading_citations:
        if citation.keys:
            markers[citation.index] = citation.keys
    for run in text.runs:
        if run.claim:
            claims += _claims_of(run, docname, len(claims), markers, facts)
    exemptions = [
        Exemption(
            docname,
            relative_path(env, note.source, docname),
            note.line or get_node_line(note) or 0,
            str(note.get("reason", "")),
        )
        for note in text.exemptions
    ]
    page = PageInfo(
        source=relative_path(env, None, docname),
        generated=tuple(sorted(text.generated)),
        citations=len(text.citations),
        cited=tuple(sorted({key for citation in text.citations for key in citation.keys})),
        markers=tuple(sorted(markers.items())),
    )
    get_domain(env).note_page(docname, page, claims, exemptions)


def setup_claims(app: Sphinx) -> None:
    app.add_domain(ClaimsDomain)
    app.add_directive("editorial-note", EditorialNote)
