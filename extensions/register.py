"""What the claim checker shows: weak-evidence markers, the evidence register, claims.json.

* Markers: a claim whose sources are all commercial web pages gets a visible
  ``[web only]`` after its citation; one resting only on indirect evidence gets
  ``[indirect]`` (HTML, LaTeX/PDF and text). ``{evidence-legend}`` explains them.
* ``{evidence-register}``: replaced, when the page is written, by every claim
  grouped by page (line, text, sources, strongest and weakest evidence,
  directness), the claims resting on each source, the editorial notes, and the
  legend. All of it is generated, so none of it is checked as a claim.
* ``claims.json`` in the output directory, in the spirit of sphinx-needs'
  ``needs.json``: every claim with its page, source file, line, text, keys,
  evidence and the recorded facts its figures and quotations matched, plus
  totals, exemptions, unused sources and every recorded fact. Sorted, so ``-j auto``
  and ``-j 1`` write the same file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from docutils import nodes
from docutils.nodes import Element, Node
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator
from sphinx.writers.text import TextTranslator

from .claim_report import Report, first_words, get_report
from .claims import Claim, get_domain
from .dependents import changed_pages
from .evidence import DIRECTNESS_LABELS, LEVEL_LABELS, LEVELS
from .shared import (
    add_placeholders,
    connect_resolver,
    generated,
    page_link,
    relative_path,
    table,
    visit_depart_null,
    warn,
)
from .source_pages import facts_by_key, get_sources

CLAIMS_JSON = "claims.json"
#: Marker text and explanation, per flag of :class:`~.evidence.Summary`.
MARKERS: dict[str, tuple[str, str]] = {
    "commercial": ("web only", "rests only on commercial or clinic web pages"),
    "indirect": (
        "indirect",
        "rests only on indirect evidence (another condition, population or treatment)",
    ),
}


class claim_marker(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A visible ``[web only]``/``[indirect]`` after a weakly supported claim."""


class evidence_register(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the evidence register, filled in when the page is written."""


def make_marker(flag: str) -> claim_marker:
    label, meaning = MARKERS[flag]
    return claim_marker(label, label, flag=flag, meaning=f"This claim {meaning}.")


# --- node visitors -------------------------------------------------------------
def visit_marker_html(self: HTML5Translator, node: Element) -> None:
    self.body.append(
        self.starttag(
            node,
            "sup",
            "[",
            CLASS=f"claim-marker claim-{node['flag']}",
            title=node["meaning"],
        )
    )


def depart_marker_html(self: HTML5Translator, node: Element) -> None:
    self.body.append("]</sup>")


def visit_marker_latex(self: LaTeXTranslator, node: Element) -> None:
    self.body.append(r"\textsuperscript{\textsf{\footnotesize [")


def depart_marker_latex(self: LaTeXTranslator, node: Element) -> None:
    self.body.append("]}}")


def visit_marker_text(self: TextTranslator, node: Element) -> None:
    self.add_text("[")


def depart_marker_text(self: TextTranslator, node: Element) -> None:
    self.add_text("]")


# --- directives -----------------------------------------------------------------
def legend() -> nodes.Element:
    """Explain the markers (a generated bullet list)."""
    items = generated(nodes.bullet_list(classes=["evidence-legend"]))
    for flag, (_, meaning) in MARKERS.items():
        para = nodes.paragraph()
        para += make_marker(flag)
        para += nodes.Text(f": the claim {meaning}.")
        items += nodes.list_item("", para)
    return items


class EvidenceLegend(SphinxDirective):
    """``{evidence-legend}``: what the evidence markers mean."""

    def run(self) -> list[Node]:
        node = legend()
        self.set_source_info(node)
        return [node]


class EvidenceRegister(SphinxDirective):
    """``{evidence-register}``: every claim and its sources, filled in at write time.

    With ``:summary:``, the reader's version: counts by evidence level and by
    page, with links; the claims themselves are on each source's page and in
    ``claims.json``.
    """

    option_spec = {"summary": directives.flag}

    def run(self) -> list[Node]:
        node = generated(evidence_register(summary="summary" in self.options))
        self.set_source_info(node)
        return [node]


# --- the register -----------------------------------------------------------------
def _level_range(strongest: str | None, weakest: str | None) -> str:
    if strongest is None or weakest is None:
        return "unknown"
    if strongest == weakest:
        return LEVEL_LABELS[strongest]
    return f"{LEVEL_LABELS[strongest]} to {LEVEL_LABELS[weakest]}"


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _claim_cells(report: Report, claim: Claim) -> list[Node]:
    summary = report.summary(claim.keys)
    evidence = nodes.paragraph()
    if claim.keys:
        evidence += nodes.Text(_level_range(summary.strongest, summary.weakest))
        directness = DIRECTNESS_LABELS.get(summary.directness or "", summary.directness)
        evidence += nodes.Text(f"; {directness or 'directness unknown'}")
        for flag in summary.flags:
            evidence += nodes.Text(" ")
            evidence += make_marker(flag)
    else:
        evidence += nodes.strong("uncited", "uncited")
    keys = ", ".join(claim.keys) or "none"
    return [
        nodes.Text(str(claim.line)),
        nodes.Text(claim.text),
        nodes.literal(keys, keys),
        evidence,
    ]


def _totals(report: Report) -> Node:
    totals = report.totals
    return generated(
        nodes.paragraph(
            "",
            f"{totals.claims} claims on {len({c.docname for c in report.claims})} pages "
            f"({totals.uncited} uncited), resting on {totals.sources_used} "
            f"of {totals.sources} sources; {totals.exemptions} editorial notes.",
        )
    )


#: The columns of the summary by page: which strongest levels each one counts.
_SUMMARY_COLUMNS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("Guideline, review, trial or observational", LEVELS[:4]),
    ("Consensus, expert or professional", ("expert-opinion",)),
    ("Web only", ("commercial",)),
)


def build_summary(app: Sphinx, fromdocname: str) -> list[Node]:
    """The reader's register: counts by evidence level and by page, with links."""
    env = app.env
    builder = app.builder
    assert builder is not None
    report = get_report(env)
    strongest = {(c.docname, c.index): report.strongest(c) for c in report.claims}
    out: list[Node] = [_totals(report)]
    out.append(generated(nodes.rubric("", "Markers")))
    out.append(legend())

    out.append(generated(nodes.rubric("", "Claims by their strongest source")))
    total = max(1, len(report.claims))
    rows: list[list[Node | str]] = []
    for level in (*LEVELS, None):
        count = sum(1 for value in strongest.values() if value == level)
        if count or level is not None:
            label = LEVEL_LABELS[level] if level else "uncited"
            rows.append([label.capitalize(), str(count), f"{100 * count / total:.0f}%"])
    out.append(
        table(
            ("Strongest source cited", "Claims", "Share"),
            (50, 10, 10),
            rows,
            ("evidence-summary-levels", "colwidths-given"),
        )
    )

    out.append(generated(nodes.rubric("", "Claims by page")))
    page_rows: list[list[Node | str]] = []
    for docname, page_claims in report.claims_by_page.items():
        if not page_claims:
            continue
        levels = [strongest[(c.docname, c.index)] for c in page_claims]
        cells: list[Node | str] = [
            page_link(builder, fromdocname, docname, _title(env, docname)),
            str(len(page_claims)),
        ]
        cells += [str(sum(1 for lv in levels if lv in kinds)) for _, kinds in _SUMMARY_COLUMNS]
        page_rows.append(cells)
    out.append(
        table(
            ("Page", "Claims", *(name for name, _ in _SUMMARY_COLUMNS)),
            (34, 8, 20, 18, 10),
            page_rows,
            ("evidence-summary-pages", "colwidths-given", "longtable"),
        )
    )
    out.append(
        generated(
            nodes.paragraph(
                "",
                "Every claim, with its sources, is listed on the page of each source it "
                "cites (chapter Sources), and every claim with its file, line, sources and "
                f"evidence is in {CLAIMS_JSON}, written beside the HTML pages.",
            )
        )
    )
    out += _exemption_list(app, fromdocname, report, lines=False)
    return out


def build_register(app: Sphinx, fromdocname: str) -> list[Node]:
    """The register's content, as plain docutils nodes for every builder."""
    env = app.env
    builder = app.builder
    assert builder is not None
    report = get_report(env)
    claims = report.claims
    sources = report.sources
    out: list[Node] = [_totals(report)]
    out.append(generated(nodes.rubric("", "Markers")))
    out.append(legend())

    out.append(generated(nodes.rubric("", "Claims by page")))
    by_page: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_page[claim.docname].append(claim)
    for docname, page_claims in by_page.items():
        heading = generated(nodes.paragraph(classes=["evidence-register-page"]))
        strong = nodes.strong()
        strong += page_link(builder, fromdocname, docname, _title(env, docname))
        heading += strong
        heading += nodes.Text(f" ({page_claims[0].source})")
        out.append(heading)
        out.append(
            table(
                ("Line", "Claim", "Sources", "Evidence"),
                (6, 50, 20, 24),
                (_claim_cells(report, c) for c in page_claims),
                ("evidence-register-table", "colwidths-given", "longtable"),
            )
        )

    out.append(generated(nodes.rubric("", "Claims by source")))
    sources_list = generated(nodes.bullet_list())
    source_pages = get_sources(env).by_key()
    for key in sorted(sources, key=str.lower):
        source = sources[key]
        item = nodes.list_item()
        para = nodes.paragraph()
        if key in source_pages:  # the page with the source's facts and own words
            para += page_link(builder, fromdocname, source_pages[key].docname, key)
        else:
            para += nodes.literal(key, key)
        described = f": {source.title}" + (f" ({source.year})" if source.year else "")
        level = LEVEL_LABELS.get(source.level or "", "evidence level unknown")
        directness = DIRECTNESS_LABELS.get(source.directness or "", "directness unknown")
        para += nodes.Text(f"{described}. {level.capitalize()}; {directness}.")
        item += para
        resting = report.claims_citing(key)
        if resting:
            claims_list = nodes.bullet_list()
            for claim in resting:
                line = nodes.paragraph()
                line += page_link(builder, fromdocname, claim.docname, _title(env, claim.docname))
                line += nodes.Text(f", line {claim.line}: {first_words(claim.text, 12)}")
                claims_list += nodes.list_item("", line)
            item += claims_list
        else:
            item += nodes.paragraph("", "No claim rests on this source.")
        sources_list += item
    out.append(sources_list)
    out += _exemption_list(app, fromdocname, report)
    return out


def _exemption_list(
    app: Sphinx, fromdocname: str, report: Report, lines: bool = True
) -> list[Node]:
    env, builder, exemptions = app.env, app.builder, report.exemptions
    out: list[Node] = [generated(nodes.rubric("", "Editorial notes (uncited text)"))]
    if exemptions:
        notes = generated(nodes.bullet_list())
        for exemption in exemptions:
            para = nodes.paragraph()
            para += page_link(
                builder, fromdocname, exemption.docname, _title(env, exemption.docname)
            )
            where = f", line {exemption.line}" if lines else ""
            para += nodes.Text(f"{where}: {exemption.reason or '(no reason given)'}")
            notes += nodes.list_item("", para)
        out.append(notes)
    else:
        out.append(generated(nodes.paragraph("", "None.")))
    return out


class PlaceMarkers(SphinxPostTransform):
    """A marker after each claim whose sources are weak, from this build's bibliography.

    The claims domain notes, for each page, after which citation (counted in
    reading order) a claim ends and which keys it rests on. Runs before the
    citations are resolved (priority 10), while they are still in place. A
    LaTeX book is one tree of many pages: each page's citations are counted
    from its own start.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        if not self.config.handbook_checks:
            return
        pages = get_domain(self.env).pages
        report = get_report(self.env)
        markers: dict[str, dict[int, tuple[str, ...]]] = {}
        for docname, index, ref in _citations_by_page(self.document, self.env.docname):
            if docname not in markers:
                page = pages.get(docname)
                markers[docname] = dict(page.markers) if page is not None else {}
            keys = markers[docname].get(index)
            flags = report.summary(keys).flags if keys else ()
            if flags and ref.parent is not None:
                at = ref.parent.index(ref) + 1
                ref.parent[at:at] = [make_marker(flag) for flag in flags]


def _citations_by_page(tree: Element, docname: str) -> list[tuple[str, int, addnodes.pending_xref]]:
    """Every ``{cite:...}`` reference with its page and its index on that page."""
    found: list[tuple[str, int, addnodes.pending_xref]] = []
    counts: dict[str, int] = {}

    def walk(node: Element, page: str) -> None:
        for child in node.children:
            if not isinstance(child, Element):
                continue
            if isinstance(child, addnodes.start_of_file):
                walk(child, child["docname"])
            elif isinstance(child, addnodes.pending_xref) and child.get("refdomain") == "cite":
                counts[page] = counts.get(page, -1) + 1
                found.append((page, counts[page], child))
            else:
                walk(child, page)

    walk(tree, docname)
    return found


def resolve_page(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    """Fill in the register."""
    if not app.config.handbook_checks:
        return
    for node in placeholders:
        try:
            build = build_summary if node.get("summary") else build_register
            node.replace_self(build(app, docname))
        except Exception as exc:  # never a traceback: say where
            warn(f"could not build the evidence register: {exc}", "checker-error", node)
            node.parent.remove(node)


# --- keeping incremental builds right ---------------------------------------------
def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the register when any claim, note, source or page title it
    shows changed; a page's markers when the evidence of a source it cites changed."""
    report = get_report(env)
    sources = report.sources
    register = (
        report.claims,
        report.exemptions,
        sorted((docname, page.cited) for docname, page in report.pages.items()),
        sorted(sources.items()),
        sorted((docname, _title(env, docname)) for docname in report.pages),
        sorted((key, page.docname) for key, page in get_sources(env).by_key().items()),
    )
    snapshots: dict[str, object] = {}
    for docname, page in report.pages.items():
        markers = tuple((key, sources.get(key)) for key in page.cited)
        holds_register = evidence_register.__name__ in page.generated
        snapshots[docname] = (register, markers) if holds_register else markers
    return changed_pages(app, env, "register", snapshots)


# --- claims.json --------------------------------------------------------------------
def claims_data(app: Sphinx) -> dict[str, Any]:
    """The register as JSON-ready data, sorted."""
    env = app.env
    report = get_report(env)
    sources = report.sources
    totals = report.totals
    exemptions = [
        {"page": e.docname, "source": e.source, "line": e.line, "reason": e.reason}
        for e in report.exemptions
    ]
    return {
        "version": 1,
        "project": app.config.project,
        "totals": {
            "pages": totals.pages,
            "claims": totals.claims,
            "uncited": totals.uncited,
            "citations": totals.citations,
            "sources": totals.sources,
            "sources_used": totals.sources_used,
            "sources_unused": totals.sources_unused,
            "exemptions": totals.exemptions,
            "figures": totals.figures,
            "figures_matched": totals.figures_matched,
            "quotations": totals.quotations,
            "quotations_matched": totals.quotations_matched,
        },
        "claims": _claim_records(report),
        "exemptions": exemptions,
        "sources": {
            key: {
                "evidence": s.level,
                "directness": s.directness,
                "title": s.title,
                "year": s.year,
                "bibfile": relative_path(env, s.bibfile) if s.bibfile else "",
                "claims": report.uses[key],
            }
            for key, s in sources.items()
        },
        "unused_sources": report.unused_sources,
        "facts": _fact_records(env),
        "pages": {
            docname: {
                "source": page.source,
                "claims": len(report.claims_by_page[docname]),
                "citations": page.citations,
            }
            for docname, page in report.pages.items()
        },
    }


def _claim_records(report: Report) -> Iterator[dict[str, Any]]:
    """Each claim as JSON-ready data, made one at a time as the file is written."""
    matched = report.facts.matched if report.facts is not None else {}
    for claim in report.claims:
        summary = report.summary(claim.keys)
        yield {
            "facts": list(matched.get((claim.docname, claim.index), ())),
            "page": claim.docname,
            "source": claim.source,
            "line": claim.line,
            "text": claim.text,
            "keys": list(claim.keys),
            "strongest": summary.strongest,
            "weakest": summary.weakest,
            "directness": summary.directness,
            "markers": list(summary.flags),
        }


def _fact_records(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """Every recorded fact of every source page, by ``key#fact-N`` as claims name them."""
    return {
        f"{key}#{fact.anchor}": {
            "page": fact.docname,
            "source": fact.source,
            "line": fact.line,
            "statement": fact.statement,
            "quote": fact.quote,
            "record": fact.record,
            "seen": fact.seen,
        }
        for key, facts in facts_by_key(env).items()
        for fact in facts
    }


def _write_json(data: dict[str, Any], file: TextIO) -> None:
    """``data`` as JSON with sorted keys, each claim on a line of its own.

    One line per claim keeps the file readable and a diff of two builds short,
    and lets the fast C encoder write the claims (an indented dump is pure Python).
    """
    file.write("{")
    for number, (key, value) in enumerate(sorted(data.items())):
        file.write(("\n" if number == 0 else ",\n") + f"  {json.dumps(key)}: ")
        if key == "claims":
            opening = "[\n    "
            for record in value:
                file.write(opening)
                file.write(json.dumps(record, ensure_ascii=False, sort_keys=True))
                opening = ",\n    "
            file.write("[]" if opening.startswith("[") else "\n  ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
            file.write(text.replace("\n", "\n  "))
    file.write("\n}\n")


def write_claims_json(app: Sphinx, exc: Exception | None) -> None:
    """``build-finished``: write ``claims.json`` into the output directory."""
    if exc is not None or not app.config.handbook_checks or app.builder.name == "dummy":
        return  # the dummy builder (make check) writes no files
    path = Path(app.outdir) / CLAIMS_JSON
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as file:
            _write_json(claims_data(app), file)
    except Exception as error:  # never a traceback: say what went wrong
        warn(f"could not write {path}: {error}", "checker-error", None)


def setup_register(app: Sphinx) -> None:
    """Markers, legend, register and claims.json."""
    add_placeholders(app, evidence_register)
    app.add_post_transform(PlaceMarkers)
    plain = (visit_depart_null, visit_depart_null)
    app.add_node(
        claim_marker,
        html=(visit_marker_html, depart_marker_html),
        latex=(visit_marker_latex, depart_marker_latex),
        text=(visit_marker_text, depart_marker_text),
        man=plain,
        texinfo=plain,
    )
    app.add_directive("evidence-register", EvidenceRegister)
    app.add_directive("evidence-legend", EvidenceLegend)
    app.connect("env-get-updated", shown_data)
    connect_resolver(app, resolve_page, evidence_register)
    app.connect("build-finished", write_claims_json)
