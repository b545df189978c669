"""Print support: whole pages from the browser, no empty chapters in the PDF.

* **HTML.** A browser prints only the selected sphinx-design tab and only the
  open dropdowns, so clinical text would be lost on paper. A print stylesheet
  shows every tab and hides the site navigation, and a small script opens
  every ``<details>`` element before printing.
* **PDF.** A page that holds nothing LaTeX can print (the bibliography page,
  whose entries LaTeX collects at the end of the book) would become an empty
  chapter; such pages are left out of the PDF. pdfLaTeX stops at a Unicode
  character it has no definition for; the symbols clinical sources quote
  (``≥``, ``≤``, ``−``, ``→``, ``≈``, a Unicode hyphen), and the matrix's
  symbols (``■``, ``▲``, ``✖``), are defined in the preamble
  (:data:`LATEX_SYMBOLS`), so a quoted ``mean difference ≥1.54`` prints.
* **Index and page breaks.** Index entries print in the text's type, not
  Sphinx's typewriter, and no page holds only a paragraph's last one or two lines.
* **Links to the PDFs.** The ``pdf-links`` directive lists the project's
  ``latex_documents`` (so a renamed PDF cannot leave a stale link) as links to
  ``pdf/<name>.pdf`` beside the HTML, where ``make pdf`` copies them. The PDFs
  themselves leave it out, and the EPUB names the files without linking them
  (they are not in the book).
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from .shared import (
    ViewDirective,
    add_latex_preamble,
    add_placeholders,
    connect_resolver,
)

PRINT_CSS = "handbook-print.css"
PRINT_JS = "handbook-print.js"
#: What a chapter may hold and still print as an empty page.
_INVISIBLE = (nodes.title, nodes.target, addnodes.index, nodes.comment)


def _add_print_assets(app: Sphinx) -> None:
    """Register the print assets, for HTML-format builders only (an e-book is not
    printed, and needs no script)."""
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    app.add_css_file(PRINT_CSS, media="print")
    app.add_js_file(PRINT_JS)


def _prints_nothing(node: nodes.Node) -> bool:
    # An empty container is what sphinxcontrib-bibtex leaves of a bibliography in LaTeX.
    return isinstance(node, _INVISIBLE) or (isinstance(node, nodes.container) and not node.children)


def is_empty_page(page: addnodes.start_of_file) -> bool:
    """A page of the assembled book whose sections hold nothing but titles."""
    sections = [child for child in page.children if isinstance(child, nodes.section)]
    others = [child for child in page.children if not isinstance(child, nodes.section)]
    return (
        bool(sections)
        and all(_prints_nothing(child) for child in others)
        and all(_prints_nothing(child) for section in sections for child in section.children)
    )


def _drop_empty_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX): leave out pages that would print as empty chapters."""
    if app.builder.format != "latex":
        return
    for page in list(doctree.findall(addnodes.start_of_file)):
        if is_empty_page(page):
            page.parent.remove(page)


#: Symbols clinical text quotes that pdfLaTeX's utf8 input does not define.
LATEX_SYMBOLS = r"""
% clinical_handbook: symbols quoted from clinical sources
\DeclareUnicodeCharacter{2265}{\ensuremath{\geq}}
\DeclareUnicodeCharacter{2264}{\ensuremath{\leq}}
\DeclareUnicodeCharacter{2212}{\ensuremath{-}}
\DeclareUnicodeCharacter{2192}{\ensuremath{\rightarrow}}
\DeclareUnicodeCharacter{2248}{\ensuremath{\approx}}
\DeclareUnicodeCharacter{2010}{-}
\DeclareUnicodeCharacter{2011}{-}
\DeclareUnicodeCharacter{25A0}{\rule{0.6em}{0.6em}}
\DeclareUnicodeCharacter{25B2}{\ensuremath{\blacktriangle}}
\DeclareUnicodeCharacter{2716}{\ensuremath{\boldsymbol{\times}}}
"""


#: Where, beside the HTML, ``make pdf`` puts the PDFs.
PDF_FOLDER = "pdf"


class pdf_links(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the list of the project's PDFs."""


class PdfLinks(ViewDirective):
    """``pdf-links``: links to the PDFs of ``latex_documents``."""

    view = pdf_links


def _pdf_links(app: Sphinx, doctree: nodes.document, docname: str, found: list[Element]) -> None:
    for node in found:
        if app.builder.format != "html":
            node.parent.remove(node)
            continue
        items = nodes.bullet_list(classes=["handbook-pdf-links"])
        for document in app.config.latex_documents:
            target, title = document[1], document[2]
            pdf = target.removesuffix(".tex") + ".pdf"
            label = f"{title} (PDF)"
            if app.builder.name == "epub":  # not in the book: named, not linked
                para = nodes.paragraph("", f"{label}: ", nodes.literal("", f"{PDF_FOLDER}/{pdf}"))
                para += nodes.Text(" beside the HTML handbook")
                items += nodes.list_item("", para)
                continue
            uri = relative_uri(app.builder.get_target_uri(docname), f"{PDF_FOLDER}/{pdf}")
            link = nodes.reference("", label, refuri=uri, classes=["handbook-pdf-link"])
            items += nodes.list_item("", nodes.paragraph("", "", link))
        node.replace_self(items)


#: Index entries in the text's own type, not Sphinx's typewriter (made for code);
#: no page that holds only the last line or two of a paragraph, and no page that
#: ends with the first line or two of one.
LATEX_INDEX = r"""
% clinical_handbook: index entries and page breaks
\protected\def\sphinxstyleindexentry#1{#1}
\widowpenalties 3 10000 10000 150
\clubpenalties 3 10000 10000 150
"""


def setup_printing(app: Sphinx) -> None:
    app.add_directive("pdf-links", PdfLinks)
    add_placeholders(app, pdf_links)
    connect_resolver(app, _pdf_links, pdf_links)
    # XeLaTeX and LuaLaTeX read Unicode themselves.
    add_latex_preamble(app, LATEX_SYMBOLS, engines=("pdflatex",))
    add_latex_preamble(app, LATEX_INDEX)
    app.connect("builder-inited", _add_print_assets)
    app.connect("doctree-resolved", _drop_empty_pages)
