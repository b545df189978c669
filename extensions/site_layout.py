"""The site on a phone: the theme's header and long headings fit the screen.

pydata-sphinx-theme keeps the site title on one line at full width, so on a
phone the header is wider than the screen and pushes the search and the page's
table of contents off it. The stylesheet lets the title give way instead.
HTML builders only.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .shared import add_html_stylesheet

LAYOUT_CSS = "handbook-layout.css"


def setup_site_layout(app: Sphinx) -> None:
    add_html_stylesheet(app, LAYOUT_CSS)
