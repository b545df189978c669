"""Sphinx extensions for clinical protocol handbooks.

Add ``"clinical_handbook"`` to ``extensions`` in ``conf.py`` to switch every
feature on. Each feature lives in its own module and exposes its own
``setup_<feature>(app)``; this module only wires them together, and says in
:func:`read_page` what happens to a page when it is read, in order.

The data of the claims flows one way: the page's running text
(:mod:`.text`) → the claims domain (:mod:`.claims`) → one report
(:mod:`.claim_report`, with :mod:`.bibliography`) → the checks, the summary,
the register and ``claims.json`` (:mod:`.register`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .annotations import setup_annotations
from .bibfiles import setup_bibfiles
from .bibliography_style import setup_bibliography_style
from .claim_report import setup_claim_report
from .claims import collect_claims, setup_claims
from .contraindications import collect_contraindications, setup_contraindications
from .course import collect_course, setup_course
from .dependents import setup_dependents
from .diagrams import setup_diagrams
from .epub import setup_epub
from .offline import setup_offline
from .pagetypes import collect_page, setup_pagetypes
from .printing import setup_printing
from .recommendation_views import place_bottom_line, setup_recommendation_views
from .recommendations import collect_recommendations, setup_recommendations
from .register import setup_register
from .reviews import place_review_note, setup_reviews
from .safety_views import place_placeholders, setup_safety_views
from .shared import warn
from .sheets import prepare_sheet, setup_sheets
from .site_layout import setup_site_layout
from .source_pages import collect_source_page, setup_source_pages
from .source_views import setup_source_views
from .sources import setup_sources
from .text import read_page as read_text
from .text import setup_text
from .upstream.bibliography_nodes import setup_bibliography_nodes
from .upstream.citation_cache import setup_citation_cache
from .upstream.pybtex_cache import setup_pybtex_cache

STATIC_DIR = Path(__file__).parent / "static"

__version__ = "0.1.0"


def _add_static_dir(app: Sphinx) -> None:
    """The stylesheets and scripts of every feature, for HTML-format builders."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def read_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after Sphinx's own collectors have read the front matter."""
    env = app.env
    docname = env.docname
    collect_page(app, doctree)  # type and id, from the front matter
    place_placeholders(app, doctree)  # the contraindication box or backlinks
    place_bottom_line(app, doctree)  # a technique's bottom line, above that box
    place_review_note(app, doctree)  # the last-reviewed note
    collect_source_page(env, docname, doctree)  # a source page's facts
    try:
        text = read_text(env, docname, doctree)  # once, for every check below
        collect_contraindications(env, docname, doctree, text)
        collect_recommendations(env, docname, doctree, text)
        collect_course(env, docname, doctree)
        if app.config.handbook_checks:
            collect_claims(env, docname, text)
    except Exception as exc:  # never a traceback for odd input: say where
        warn(f"the claim checker could not read this page: {exc}", "checker-error", docname)
    prepare_sheet(app, doctree)  # after the checks: a client sheet drops its citations


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _add_static_dir)
    setup_dependents(app)
    setup_printing(app)
    setup_epub(app)
    setup_site_layout(app)
    setup_offline(app)
    setup_text(app)
    setup_claims(app)
    setup_claim_report(app)
    setup_register(app)
    setup_annotations(app)
    setup_pagetypes(app)
    setup_source_pages(app)
    setup_source_views(app)
    setup_contraindications(app)
    setup_safety_views(app)
    setup_diagrams(app)
    setup_recommendations(app)
    setup_recommendation_views(app)
    setup_reviews(app)
    setup_sheets(app)
    setup_course(app)
    setup_pybtex_cache(app)
    setup_citation_cache(app)
    setup_bibliography_nodes(app)
    setup_bibfiles(app)
    setup_bibliography_style(app)
    setup_sources(app)
    # After Sphinx's MetadataCollector (priority 500) has filled env.metadata.
    app.connect("doctree-read", read_page, priority=600)
    return {
        "version": __version__,
        # Bump when the data the extensions keep in the environment changes shape.
        "env_version": 8,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
