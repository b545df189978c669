"""The site on a phone: the theme's header and long headings fit the screen.

pydata-sphinx-theme keeps the site title on one line at full width, so on a
phone the header is wider than the screen and pushes the search and the page's
table of contents off it. The stylesheet lets the title give way instead.
HTML builders only.
"""

from __future__ import annotations

from sphinx.application import Sphinx

LAYOUT_CSS = "handbook-layout.css"


def _add_stylesheet(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file(LAYOUT_CSS)


def setup_site_layout(app: Sphinx) -> None:
    app.connect("builder-inited", _add_stylesheet)
