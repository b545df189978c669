"""A page that would load a file from another host is a warning naming the page."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors


@pytest.mark.sphinx("html", testroot="offline")
def test_remote_script_is_reported(app: SphinxTestApp) -> None:
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "index.md: WARNING: page 'index' would load a script from another host: " in warnings
    assert "https://cdn.example.org/tracker.js" in warnings
    assert "[handbook.offline]" in warnings
    assert "local.css" not in warnings
    assert warnings.count("WARNING") == 1


@pytest.mark.sphinx("text", testroot="offline")
def test_other_builders_are_not_checked(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue()
