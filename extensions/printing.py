"""Print support for the HTML handbook.

A browser prints only the selected sphinx-design tab and only the open
dropdowns, so clinical text would be lost on paper. This module adds a print
stylesheet that shows every tab and hides the site navigation, and a small
script that opens every ``<details>`` element before printing. Other builders
are untouched: they already receive the full content.
"""

from __future__ import annotations

from sphinx.application import Sphinx

PRINT_CSS = "handbook-print.css"
PRINT_JS = "handbook-print.js"


def _add_print_assets(app: Sphinx) -> None:
    """Register the print assets, for HTML-format builders only."""
    if app.builder.format != "html":
        return
    app.add_css_file(PRINT_CSS, media="print")
    app.add_js_file(PRINT_JS)


def setup_printing(app: Sphinx) -> None:
    app.connect("builder-inited", _add_print_assets)
