"""What a source page shows, generated, and where a citation leads.

* Under the title of a source page (:mod:`.source_pages`): the full reference in
  the bibliography's style, its evidence level, its directness, the population
  it studied and how many facts are recorded.
* At its end: every claim of the handbook that cites the source, grouped by
  page, each linked to the paragraph that holds it and naming the facts its
  figures and quotations matched: the backlinks from a source to its claims
  that sphinxcontrib-bibtex does not draw across documents.
* In HTML, a citation of a key that has a source page links to that page, so a
  reviewer goes from a claim to the source's own words in one click, and back.

Every page is rewritten when what it shows of other pages changes: a source
page when a claim citing it changes; any page when one of its keys gains or
loses a source page.
"""

from __future__ import annotations

import weakref
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri

from .claim_report import Report, first_words, get_report
from .claims import claim_anchor
from .dependents import changed_pages
from .evidence import DIRECTNESS_LABELS, LEVEL_LABELS
from .shared import add_html_stylesheet, connect_resolver, generated, page_link, warn
from .source_pages import SourcePage, get_sources, source_citations, source_reference


def _formatted_reference(app: Sphinx, key: str) -> Node | None:
    """The entry as the bibliography prints it (pybtex's style, rendered to docutils)."""
    try:
        import pybtex_docutils
        from pybtex.plugin import find_plugin

        entry = app.env.get_domain("cite").bibdata.data.entries[key]  # type: ignore[attr-defined]
        style = find_plugin("pybtex.style.formatting", app.config.bibtex_default_style)()
        return pybtex_docutils.Backend().paragraph(style.format_entry("", entry))
    except Exception:  # no sphinxcontrib-bibtex, or an entry pybtex cannot format
        return None


def _field(name: str, *body: Node) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    content = nodes.field_body()
    for part in body:
        content += (
            part
            if isinstance(part, nodes.Element) and not isinstance(part, nodes.Inline)
            else nodes.paragraph("", "", part)
        )
    field += content
    return field


def reference_box(app: Sphinx, page: SourcePage, report: Report) -> Node:
    source = report.sources.get(page.key)
    fields = nodes.field_list(classes=["source-reference"])
    reference = _formatted_reference(app, page.key)
    if reference is None:
        title = source.title if source is not None else page.key
        reference = nodes.paragraph("", title)
    fields += _field("Reference", reference)
    level = LEVEL_LABELS.get(source.level or "", "unknown") if source else "not in the bibliography"
    fields += _field("Evidence", nodes.Text(level))
    directness = DIRECTNESS_LABELS.get(source.directness or "", "unknown") if source else "unknown"
    fields += _field("Directness", nodes.Text(directness))
    fields += _field("Population", nodes.Text(page.population or "not declared"))
    quoted = sum(1 for fact in page.facts if fact.quote)
    recorded = len(page.facts) - quoted
    counted = f"{len(page.facts)}: {quoted} with the source's own words"
    if recorded:
        counted += f", {recorded} in the editors' verified wording only"
    fields += _field("Facts recorded", nodes.Text(counted if page.facts else "none"))
    return generated(fields)


def _uri(app: Sphinx, fromdocname: str, todocname: str) -> str | None:
    """The link from one page to another, or None where the output does not hold it."""
    try:
        return app.builder.get_relative_uri(fromdocname, todocname)
    except NoUri:
        return None


def citations_section(app: Sphinx, page: SourcePage, report: Report) -> list[Node]:
    """Every claim citing the page's source, grouped by page, with the facts it matched.

    A source cited by thousands of claims lists thousands of links, so each is
    built directly (one URI per page, as ``make_refnode`` would make it).
    """
    env = app.env
    claims = report.claims_citing(page.key)
    matched = report.facts.matched if report.facts is not None else {}
    out: list[Node] = [generated(nodes.rubric("", "Claims that cite this source"))]
    if not claims:
        out.append(generated(nodes.paragraph("", "No claim of the handbook cites this source.")))
        return out
    pages = len({claim.docname for claim in claims})
    out.append(
        generated(nodes.paragraph("", f"{len(claims)} claims on {pages} pages cite this source."))
    )
    listing = generated(nodes.bullet_list(classes=["source-citations"]))
    current = ""
    claims_list = nodes.bullet_list()
    uri: str | None = None
    mine = f"{page.key}#"
    for claim in claims:
        if claim.docname != current:
            current = claim.docname
            title = env.titles.get(claim.docname)
            heading = nodes.strong()
            heading += page_link(
                app.builder, page.docname, claim.docname, title.astext() if title else claim.docname
            )
            claims_list = nodes.bullet_list()
            listing += nodes.list_item("", nodes.paragraph("", "", heading), claims_list)
            uri = _uri(app, page.docname, claim.docname)
        words = first_words(claim.text, 14)
        line = nodes.paragraph()
        if uri is None:
            line += nodes.Text(words)
        else:
            target = f"{uri}#{claim_anchor(claim.index)}"
            line += nodes.reference(words, words, refuri=target, internal=True)
        facts = [
            ref[len(mine) :]
            for ref in matched.get((claim.docname, claim.index), ())
            if ref.startswith(mine)
        ]
        if facts:  # one text node: a source cited thousands of times lists thousands
            numbers = ", ".join(anchor.removeprefix("fact-") for anchor in facts)
            line += nodes.Text(f" (fact {numbers})" if len(facts) == 1 else f" (facts {numbers})")
        claims_list += nodes.list_item("", line)
    out.append(listing)
    return out


def resolve_source_page(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    pages = get_sources(app.env).pages
    for node in placeholders:
        page = pages.get(node.get("docname", docname))
        try:
            if page is None or not app.config.handbook_checks:
                node.parent.remove(node)
                continue
            report = get_report(app.env)
            if isinstance(node, source_reference):
                node.replace_self(reference_box(app, page, report))
            elif isinstance(node, source_citations):
                node.replace_self(citations_section(app, page, report))
        except Exception as exc:  # never a traceback: say where
            warn(f"could not draw the source page: {exc}", "checker-error", node)
            if node.parent is not None:
                node.parent.remove(node)


_KEYS_OF_IDS: weakref.WeakKeyDictionary[BuildEnvironment, tuple[Any, dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _keys_of_citation_ids(env: BuildEnvironment) -> dict[str, str]:
    """sphinxcontrib-bibtex's citation ids and their keys, mapped once per build
    (every page is written with the same citations), not once per page."""
    try:
        citations = env.get_domain("cite").citations  # type: ignore[attr-defined]
    except Exception:  # sphinxcontrib-bibtex is not loaded
        return {}
    known = _KEYS_OF_IDS.get(env)
    if known is None or known[0] is not citations or len(known[1]) != len(citations):
        known = (citations, {citation.citation_id: citation.key for citation in citations})
        _KEYS_OF_IDS[env] = known
    return known[1]


def link_citations_to_source_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (HTML): point each resolved citation at its source page.

    The bibliography still lists every entry; a reader who clicks a citation
    lands on the page holding the source's facts in its own words.
    """
    if app.builder is None or app.builder.format != "html":
        return
    by_key = get_sources(app.env).by_key()
    if not by_key:
        return
    key_of_id = _keys_of_citation_ids(app.env)
    if not key_of_id:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if "#" not in uri:
            continue
        page = by_key.get(key_of_id.get(uri.rpartition("#")[2], ""))
        if page is not None:
            reference["refuri"] = (
                app.builder.get_relative_uri(docname, page.docname)
                if page.docname != docname
                else "#"
            )


def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose view of other pages' data changed."""
    if not app.config.handbook_checks:
        return []
    report = get_report(env)
    by_key = get_sources(env).by_key()
    targets = {key: page.docname for key, page in by_key.items()}
    matched = report.facts.matched if report.facts is not None else {}
    snapshots: dict[str, object] = {}
    for docname, info in report.pages.items():
        snapshots[docname] = tuple((key, targets.get(key)) for key in info.cited)
    for key, page in by_key.items():
        cited_by = tuple(
            (
                claim.docname,
                claim.index,
                first_words(claim.text, 14),
                str(env.titles.get(claim.docname, "")),
                matched.get((claim.docname, claim.index), ()),
            )
            for claim in report.claims_citing(key)
        )
        snapshots[page.docname] = (snapshots.get(page.docname), report.sources.get(key), cited_by)
    return changed_pages(app, env, "source-pages", snapshots)


def setup_source_views(app: Sphinx) -> None:
    add_html_stylesheet(app, "handbook-sources.css")
    app.connect("doctree-resolved", link_citations_to_source_pages)
    app.connect("env-get-updated", shown_data)
    connect_resolver(app, resolve_source_page, source_reference, source_citations)
