"""A BibTeX syntax error is one warning with file and line; the rest still builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors


@pytest.mark.sphinx("html", testroot="bibfile-broken")
def test_broken_bibfile_is_a_warning_not_a_traceback(app: SphinxTestApp) -> None:
    app.build()  # a traceback would raise here
    warnings = strip_colors(app.warning.getvalue())
    assert (
        "refs.bib:12: WARNING: BibTeX syntax error: premature end of file "
        "(the entry is skipped) [handbook.bibfile]"
    ) in warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "The page still builds" in page
    assert "A well-formed entry" in page  # the good entry survives
