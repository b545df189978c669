"""Print support: whole pages from the browser, no empty chapters in the PDF.

* **HTML.** A browser prints only the selected sphinx-design tab and only the
  open dropdowns, so clinical text would be lost on paper. A print stylesheet
  shows every tab and hides the site navigation, and a small script opens
  every ``<details>`` element before printing.
* **PDF.** A page that holds nothing LaTeX can print (the bibliography page,
  whose entries LaTeX collects at the end of the book) would become an empty
  chapter; such pages are left out of the PDF. pdfLaTeX stops at a Unicode
  character it has no definition for; the symbols clinical sources quote
  (``≥``, ``≤``, ``−``, ``→``, ``≈``, a Unicode hyphen) are defined in the
  preamble (:data:`LATEX_SYMBOLS`), so a quoted ``mean difference ≥1.54`` prints.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .shared import add_latex_preamble

PRINT_CSS = "handbook-print.css"
PRINT_JS = "handbook-print.js"
#: What a chapter may hold and still print as an empty page.
_INVISIBLE = (nodes.title, nodes.target, addnodes.index, nodes.comment)


def _add_print_assets(app: Sphinx) -> None:
    """Register the print assets, for HTML-format builders only."""
    if app.builder.format != "html":
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
"""


def setup_printing(app: Sphinx) -> None:
    # XeLaTeX and LuaLaTeX read Unicode themselves.
    add_latex_preamble(app, LATEX_SYMBOLS, engines=("pdflatex",))
    app.connect("builder-inited", _add_print_assets)
    app.connect("doctree-resolved", _drop_empty_pages)
