"""Sphinx configuration for the massage-for-herniated-discs clinical handbook.

The sources live in ``protocols/``; this file sits at the repository root and is
passed with ``-c .`` (see the Makefile), so nothing outside ``protocols/``
(README, tests, extensions, build output) can ever be read as a page.
"""

project = "Massage Therapy for Herniated Discs"
author = "The handbook's editors"
copyright = "2026, the handbook's editors"
version = "0.1"
release = version

root_doc = "index"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxcontrib.cairosvgconverter",
    "clinical_handbook",
]

# Files whose name starts with "_" are fragments included into pages, not pages.
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints", "_*.md", "**/_*.md"]
nitpicky = True

# Every technique and stage page gives at least one recommendation.
handbook_recommendation_types = ["technique", "stage"]

# --- MyST --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# --- Bibliography ------------------------------------------------------------
bibtex_bibfiles = ["protocols/references.bib"]  # relative to this file
# pybtex's plain and author_year, with "and others" printed as "et al."
bibtex_default_style = "handbook"
bibtex_reference_style = "handbook_author_year"
# On screen, citations are small superscript numbers (the full entry is in the
# link's title and on the source page it opens); the PDFs keep author-year.
handbook_html_reference_style = "handbook_super"

# --- HTML --------------------------------------------------------------------
# pydata-sphinx-theme: fast navigation at 1,000 pages, responsive, bundles its
# own fonts and icons (nothing from a CDN), and prints cleanly. See README.md.
html_theme = "pydata_sphinx_theme"
html_title = "Massage for Herniated Discs"
html_theme_options = {
    "navigation_depth": 2,
    "show_nav_level": 1,
    "collapse_navigation": True,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 6,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
# Top-level pages with no pages under them would show an empty "Section
# Navigation" column, which squeezes their tables: no primary sidebar there.
html_sidebars = {page: [] for page in ("glossary", "bibliography", "evidence-register")}
html_show_sourcelink = False
html_copy_source = False

# --- LaTeX / PDF -------------------------------------------------------------
latex_engine = "pdflatex"
# Three PDFs: the full handbook and the course pack (modules, objectives, review
# questions, answer appendix, bibliography) as books with a title page, and the
# chair-side quick reference as a set of sheets (red-flag card, screening form,
# matrix, client handout, recommendations), each on its own page, with the
# title at the head of the first page and no table of contents.
latex_documents = [
    ("index", "handbook.tex", project, author, "manual"),
    ("course-pack", "course-pack.tex", f"{project}: Course Pack", author, "manual"),
    (
        "quick-reference/index",
        "quick-reference.tex",
        f"{project}: Quick Reference",
        author,
        "howto",
        True,  # the sheets only, not the index page's links
    ),
]
latex_show_pagerefs = True
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Chapters start on the next page, not the next right-hand page: no blank pages.
    "extraclassoptions": "openany",
    # A figure stays where the text puts it, beside the sentences that cite its facts.
    "figure_align": "H",
    # A set of sheets (the "howto" class) needs no table of contents.
    "preamble": r"\makeatletter\@ifclassloaded{sphinxhowto}"
    r"{\renewcommand{\sphinxtableofcontents}{}}{}\makeatother"
    "\n",
}

# --- EPUB --------------------------------------------------------------------
# make epub: Sphinx's EPUB 3 builder (see extensions/epub.py); tests/test_epub.py
# validates the book with EPUBCheck. The cover is drawn for the handbook:
# protocols/_static/handbook-cover.svg, rendered to the PNG readers show.
html_static_path = ["protocols/_static"]
epub_basename = "handbook"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = language
epub_description = (
    "An open protocol handbook for registered massage therapists treating clients "
    "with a herniated disc: red flags, contraindications, techniques and session "
    "stages, every claim cited."
)
epub_scheme = "uuid"
epub_identifier = "urn:uuid:6f1c3d3e-4b7a-4f2e-9a61-2c5d8e0b7a14"
epub_uid = "handbook-id"
epub_cover = ("_static/handbook-cover.png", "epub-cover.html")
# A link's address after its text, as a footnote at the end of the page.
epub_show_urls = "footnote"
