"""The handbook in a real browser: it prints whole, and search works from disk.

Headless Chromium prints a page to PDF as a therapist's browser would, and
runs the search page over ``file://``. Without Chromium these tests skip
locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbook_build import Build
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

CHROMIUM_HINT = "Chromium is not installed: run `make browser-deps` (Debian's chromium)"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI") or os.environ.get("HANDBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM_HINT}; CI requires the browser tests to run")
    pytest.skip(CHROMIUM_HINT)


def run_chromium(profile: Path, *arguments: str) -> str:
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> str:
    run_chromium(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    return unicodedata.normalize("NFKC", text)  # undo ligatures such as "fi"


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="print")
def test_printed_page_shows_every_tab_and_dropdown(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    printed = print_to_pdf(Path(app.outdir) / "index.html", tmp_path / "page.pdf", tmp_path)
    assert "Alphaword content of the first tab" in printed
    assert "Betaword content of the second tab" in printed
    assert "Gammaword content hidden behind the dropdown" in printed
    assert "First tab" in printed and "Second tab" in printed
    assert "PyData Sphinx Theme" not in printed  # the footer is not printed


@pytest.mark.browser
def test_search_finds_a_technique_from_disk(handbook_html: Build, tmp_path: Path) -> None:
    search_page = (handbook_html.outdir / "search.html").as_uri() + "?q=swedish"
    dom = run_chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", search_page)
    results = BeautifulSoup(dom, "html.parser").select("ul.search li a")
    assert "techniques/swedish-massage.html" in [a["href"] for a in results], dom[-2000:]
