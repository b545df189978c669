"""Sheets: pages printed on their own, such as the red-flag card or a client handout.

A page whose front matter says ``sheet: staff`` or ``sheet: client`` is a sheet:

* **In print** it starts on a new page and the next page starts after it
  (LaTeX ``\\clearpage`` on both sides, in a smaller type), so it can be
  photocopied on its own. In HTML its first section carries the class
  ``handbook-sheet``, and the print stylesheet sets such a page on one A4 page.
* **A client sheet** is for clients. They do not read citations, evidence
  markers or page numbers of a book they do not have, so these are left out of
  what the sheet shows: citations are removed, links become plain text and
  editorial notes lose their label. The claims are still read and checked
  first (this runs after them), and a client sheet's text should be an
  ``{include}`` of a fragment that a clinical page also includes: a line at the
  foot of the sheet names that page, where the same sentences stand with their
  sources. A line at the top leaves room for the clinic's name and phone number.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .dependents import changed_pages
from .pagetypes import get_pages
from .shared import (
    DECORATION,
    EXEMPTION_CLASS,
    GENERATED_CLASS,
    add_latex_preamble,
    add_placeholders,
    connect_resolver,
    mark,
    page_link,
    warn,
)

#: The values of ``sheet:`` and who reads the sheet.
SHEETS = {"staff": "therapists", "client": "clients"}
SHEET_CLASS = "handbook-sheet"
#: A sheet's LaTeX, before and after it: a smaller type for a staff sheet, and
#: two columns for a client sheet, whose lines of advice are short.
LATEX_WRAPPERS = {
    "staff": ("\\begingroup\\footnotesize", "\\par\\endgroup"),
    "client": ("\\begingroup\\small\\begin{multicols}{2}", "\\end{multicols}\\endgroup"),
}
LATEX_PREAMBLE = "\\usepackage{multicol}\n"


class sheet_sources(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder: the line naming the page where a client sheet's sources stand."""


def sheet_kind(env: BuildEnvironment, docname: str) -> str | None:
    """``staff``, ``client`` or None, from the page's front matter."""
    page = get_pages(env).pages.get(docname)
    kind = str(page.fields.get("sheet", "")).strip() if page is not None else ""
    return kind if kind in SHEETS else None


def _check_kind(env: BuildEnvironment, docname: str) -> None:
    page = get_pages(env).pages.get(docname)
    if page is None or "sheet" not in page.fields or sheet_kind(env, docname):
        return
    expected = " or ".join(repr(k) for k in SHEETS)
    kind = str(page.fields["sheet"]).strip()
    warn(f"unknown sheet {kind!r} (expected {expected})", "sheet", docname, page.line_of("sheet"))


def clinical_pages(env: BuildEnvironment, sheet: str) -> list[str]:
    """The pages, not sheets themselves, that include a fragment the sheet includes."""
    fragments = env.included.get(sheet, set())
    return sorted(
        other
        for other, included in env.included.items()
        if other != sheet and fragments & included and sheet_kind(env, other) is None
    )


def prepare_sheet(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the checks have read the page: lay out a sheet."""
    docname = app.env.docname
    _check_kind(app.env, docname)
    kind = sheet_kind(app.env, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if kind is None or section is None:
        return
    section["classes"].extend([SHEET_CLASS, f"{SHEET_CLASS}-{kind}"])
    at = section.parent.index(section)
    start, end = LATEX_WRAPPERS[kind]
    section.parent.insert(at + 1, nodes.raw("", f"{end}\\clearpage\n", format="latex"))
    section.parent.insert(at, nodes.raw("", f"\\clearpage{start}\n", format="latex"))
    if kind == "client":
        _for_clients(section)
        blanks = nodes.paragraph(
            "", "Clinic: ______________________________   Phone: ____________________"
        )
        blanks["classes"] += [GENERATED_CLASS, "handbook-sheet-blanks"]
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(
            section.index(title) + 1 if title is not None else 0, mark(blanks, DECORATION)
        )
        sources = sheet_sources(docname=docname, classes=[GENERATED_CLASS])
        section.append(mark(sources, DECORATION))


def _for_clients(section: Element) -> None:
    """Citations out, links to plain text, editorial notes without their label."""
    for ref in list(section.findall(addnodes.pending_xref)):
        if ref.get("refdomain") == "cite":
            _remove_with_space(ref)
        else:
            ref.replace_self(nodes.inline("", "", *ref.children))
    for note in list(section.findall(nodes.admonition)):
        if EXEMPTION_CLASS in note["classes"]:
            note.replace_self(
                [child for child in note.children if not isinstance(child, nodes.title)]
            )


def _remove_with_space(node: Element) -> None:
    parent = node.parent
    at = parent.index(node)
    before = parent[at - 1] if at else None
    parent.remove(node)
    if isinstance(before, nodes.Text) and before.endswith(" "):
        parent.replace(before, nodes.Text(before.rstrip(" ")))


def check_sheets(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a client sheet's sentences must stand with their sources elsewhere."""
    for page in get_pages(env).pages.values():
        if sheet_kind(env, page.docname) == "client" and not clinical_pages(env, page.docname):
            warn(
                "a client sheet shows no citations: take its text from a fragment "
                "({include}) that a clinical page also includes, where its sources are shown",
                "sheet",
                page.docname,
                page.line_of("sheet"),
            )


def _resolve_sources(
    app: Sphinx, doctree: nodes.document, docname: str, found: list[Element]
) -> None:
    titles = {d: p.title for d, p in get_pages(app.env).pages.items()}
    for node in found:
        clinical = clinical_pages(app.env, node["docname"])
        if not clinical:  # check_sheets has said so
            node.parent.remove(node)
            continue
        line = nodes.paragraph(classes=["handbook-sheet-sources"])
        line += nodes.Text("Written for clients from the handbook's page ")
        for number, other in enumerate(clinical):
            if number:
                line += nodes.Text(", ")
            line += page_link(app.builder, docname, other, titles.get(other, other))
        line += nodes.Text(", which gives the sources of every statement.")
        node.replace_self(line)


def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a client sheet is rewritten when the pages its closing line
    names, or their titles, change."""
    pages = get_pages(env).pages
    snapshots = {
        page.docname: [
            (other, pages[other].title if other in pages else "")
            for other in clinical_pages(env, page.docname)
        ]
        for page in pages.values()
        if sheet_kind(env, page.docname) == "client"
    }
    return changed_pages(app, env, "sheets", snapshots)


def setup_sheets(app: Sphinx) -> None:
    add_latex_preamble(app, LATEX_PREAMBLE)
    add_placeholders(app, sheet_sources)
    connect_resolver(app, _resolve_sources, sheet_sources)
    app.connect("env-updated", check_sheets)
    app.connect("env-get-updated", shown_data)
