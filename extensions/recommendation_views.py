"""What readers see of the recommendations: each box, the bottom line, the summary, the JSON.

* Each recommendation is drawn as a box: its label (strength and certainty in
  words, so it survives greyscale printing), the statement, why, and who it
  applies to. Strong and conditional boxes differ by border as well as colour.
* A bottom line at the top of every technique page, beside the contraindication
  box on a wide screen and just after it on a phone (the red flags stay on the
  first screen): that page's recommendations, each with its label and a link.
* ``recommendation-summary``: every recommendation in one table (page,
  statement, strength, certainty), in HTML, LaTeX and text alike.
* ``recommendations.json`` beside ``claims.json``: each recommendation's fields,
  its sources and their evidence levels.

Placeholders are placed when a page is read and filled in when it is resolved
(the pattern of ``sphinx.ext.todo``); :func:`shown_data` has a page rewritten
when the recommendations it shows change (:mod:`.dependents`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .claim_report import get_report
from .dependents import changed_pages
from .pagetypes import get_pages
from .recommendations import (
    CERTAINTIES,
    STRENGTHS,
    Recommendation,
    get_domain,
    recommendation,
)
from .shared import (
    DECORATION,
    GENERATED,
    GENERATED_CLASS,
    add_html_stylesheet,
    add_placeholders,
    connect_resolver,
    mark,
    page_link,
    table,
    visit_depart_null,
    warn,
)

RECOMMENDATIONS_JSON = "recommendations.json"
#: Page types that show a bottom line under their title.
BOTTOM_LINE_TYPES = ("technique",)
#: The placeholder of :mod:`.safety_views`' contraindication box, by tag name.
SAFETY_BOX = "contraindication_box"


class recommendation_bottom_line(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a page's bottom line, filled in when resolved."""


class recommendation_summary(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the table of every recommendation."""


# --- the box -------------------------------------------------------------------
def _visit_recommendation_html(self: Any, node: recommendation) -> None:
    strength = node.get("strength", "")
    classes = f"recommendation recommendation-{strength}"
    self.body.append(self.starttag(node, "div", CLASS=classes))


def _depart_recommendation_html(self: Any, node: recommendation) -> None:
    self.body.append("</div>\n")


def _visit_recommendation_latex(self: Any, node: recommendation) -> None:
    self.body.append("\n\\begin{sphinxadmonition}{note}{Recommendation}\n")
    self.body.append(self.hypertarget_to(node))


def _depart_recommendation_latex(self: Any, node: recommendation) -> None:
    self.body.append("\\end{sphinxadmonition}\n")


# --- placing and drawing -----------------------------------------------------------
def place_bottom_line(app: Sphinx, doctree: nodes.document) -> None:
    """The bottom line at the top of a technique page (when the page is read).

    It follows the contraindication box, if the page has one: on a phone the red
    flags stay on the first screen, and on a wide screen the stylesheet sets the
    two side by side, the bottom line first.
    """
    docname = app.env.docname
    page = get_pages(app.env).pages.get(docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if page is not None and section is not None and page.type in BOTTOM_LINE_TYPES:
        line = recommendation_bottom_line(docname=docname, classes=[GENERATED_CLASS])
        boxes = [i for i, n in enumerate(section.children) if n.tagname == SAFETY_BOX]
        section.insert(boxes[0] + 1 if boxes else 1, mark(line, DECORATION))


class RecommendationSummary(SphinxDirective):
    """``recommendation-summary``: every recommendation in one table."""

    def run(self) -> list[Node]:
        node = mark(recommendation_summary(classes=[GENERATED_CLASS]), GENERATED)
        self.set_source_info(node)
        return [node]


def _link(app: Sphinx, fromdocname: str, rec: Recommendation, text: str) -> Element:
    return page_link(app.builder, fromdocname, rec.docname, text, rec.anchor)


def _bottom_line(app: Sphinx, docname: str, page_docname: str) -> Node:
    recs = get_domain(app.env).pages.get(page_docname, ())
    box = nodes.admonition(classes=["recommendation-bottom-line", GENERATED_CLASS])
    box += nodes.title("Bottom line", "Bottom line")
    if not recs:
        box += nodes.paragraph("", "No recommendation yet.")
        return box
    items = nodes.bullet_list()
    for rec in recs:
        paragraph = nodes.paragraph()
        label = nodes.strong("", rec.label)
        paragraph += nodes.inline("", "", label, classes=[f"recommendation-{rec.strength}"])
        paragraph += nodes.Text(": " + rec.statement + " ")
        paragraph += _link(app, docname, rec, "Why")
        items += nodes.list_item("", paragraph)
    box += items
    return box


def _summary(app: Sphinx, docname: str) -> Node:
    pages = get_pages(app.env).pages
    rows: list[list[Node | str]] = []
    for rec in get_domain(app.env).all():
        page = pages.get(rec.docname)
        title = page.title if page is not None else rec.docname
        rows.append(
            [
                page_link(app.builder, docname, rec.docname, title),
                _link(app, docname, rec, rec.statement),
                STRENGTHS.get(rec.strength, rec.strength),
                CERTAINTIES.get(rec.certainty, rec.certainty),
            ]
        )
    if not rows:
        return nodes.paragraph("", "No recommendations yet.", classes=[GENERATED_CLASS])
    headers = ["Page", "Recommendation", "Strength", "Certainty"]
    return table(headers, [18, 50, 17, 15], rows, ["recommendation-summary", "longtable"])


def resolve_placeholders(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    for node in placeholders:
        if isinstance(node, recommendation_bottom_line):
            node.replace_self(_bottom_line(app, docname, node["docname"]))
        else:
            node.replace_self(_summary(app, docname))


def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose bottom line or summary would change."""
    domain = get_domain(env)
    pages = get_pages(env).pages
    every = [(rec, pages[r].title if (r := rec.docname) in pages else "") for rec in domain.all()]
    snapshots: dict[str, object] = {}
    for docname, page in pages.items():
        shown: list[object] = []
        if page.type in BOTTOM_LINE_TYPES:
            shown.append(domain.pages.get(docname, ()))
        snapshots[docname] = shown
    for docname in _pages_with_summary(env):
        snapshots[docname] = [*snapshots.get(docname, []), every]  # type: ignore[list-item]
    return changed_pages(app, env, "recommendations", snapshots)


def _pages_with_summary(env: BuildEnvironment) -> list[str]:
    return sorted(docname for docname, has in get_domain(env).summaries.items() if has)


# --- recommendations.json -------------------------------------------------------------
def recommendations_data(app: Sphinx) -> dict[str, Any]:
    sources = get_report(app.env).sources
    records = []
    for rec in get_domain(app.env).all():
        records.append(
            {
                "page": rec.docname,
                "anchor": rec.anchor,
                "line": rec.line,
                "statement": rec.statement,
                "strength": rec.strength,
                "certainty": rec.certainty,
                "population": rec.population,
                "rationale": rec.rationale,
                "strong_because": rec.strong_because,
                "indirectness": rec.indirectness,
                "sources": [
                    {
                        "key": key,
                        "evidence": sources[key].level if key in sources else None,
                        "directness": sources[key].directness if key in sources else None,
                    }
                    for key in rec.keys
                ],
            }
        )
    return {"version": 1, "project": app.config.project, "recommendations": records}


def write_recommendations_json(app: Sphinx, exc: Exception | None) -> None:
    """``build-finished``: write ``recommendations.json`` into the output directory."""
    if exc is not None or app.builder.name == "dummy":
        return
    path = Path(app.outdir) / RECOMMENDATIONS_JSON
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(recommendations_data(app), ensure_ascii=False, indent=2, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
    except Exception as error:  # never a traceback: say what went wrong
        warn(f"could not write {path}: {error}", "checker-error", None)


def setup_recommendation_views(app: Sphinx) -> None:
    plain = (visit_depart_null, visit_depart_null)
    app.add_node(
        recommendation,
        html=(_visit_recommendation_html, _depart_recommendation_html),
        latex=(_visit_recommendation_latex, _depart_recommendation_latex),
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.add_directive("recommendation-summary", RecommendationSummary)
    add_placeholders(app, recommendation_bottom_line, recommendation_summary)
    connect_resolver(app, resolve_placeholders, recommendation_bottom_line, recommendation_summary)
    app.connect("env-get-updated", shown_data)
    app.connect("build-finished", write_recommendations_json)
    add_html_stylesheet(app, "handbook-recommendations.css")
