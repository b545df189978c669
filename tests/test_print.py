"""A browser prints every tab and dropdown of a page, without the site navigation.

The page is printed to PDF by headless Chromium, as a therapist's browser
would print it. Without Chromium the test skips locally and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

CHROMIUM_HINT = "Chromium is not installed: run `apt-get install chromium`"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI") or os.environ.get("HANDBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM_HINT}; CI requires the print test to run")
    pytest.skip(CHROMIUM_HINT)


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> str:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    return unicodedata.normalize("NFKC", text)  # undo ligatures such as "fi"


@pytest.mark.sphinx("html", testroot="print")
def test_printed_page_shows_every_tab_and_dropdown(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    printed = print_to_pdf(Path(app.outdir) / "index.html", tmp_path / "page.pdf", tmp_path)
    assert "Alphaword content of the first tab" in printed
    assert "Betaword content of the second tab" in printed
    assert "Gammaword content hidden behind the dropdown" in printed
    assert "First tab" in printed and "Second tab" in printed
    assert "PyData Sphinx Theme" not in printed  # the footer is not printed
