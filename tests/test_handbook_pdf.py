"""The real handbook builds as a PDF that loses no text.

Without TeX these tests skip, saying how to install it; in CI (``CI`` or
``HANDBOOK_REQUIRE_PDF`` set) a missing TeX fails instead, so a PDF that
silently stops building turns CI red.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from handbook_build import Build, build_handbook
from pdf_text import contains, letters_and_digits, missing_fragments, text_fragments
from pypdf import PdfReader

TEX_HINT = (
    "TeX is not installed: run `make pdf-deps` (Debian packages texlive-latex-recommended "
    "texlive-fonts-recommended texlive-latex-extra tex-gyre latexmk)"
)


def require_tex() -> None:
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return
    if os.environ.get("CI") or os.environ.get("HANDBOOK_REQUIRE_PDF"):
        pytest.fail(f"{TEX_HINT}; CI requires the PDF tests to run")
    pytest.skip(TEX_HINT)


@pytest.fixture(scope="module")
def latex_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    require_tex()
    return build_handbook(tmp_path_factory.mktemp("handbook-latex"), "latex")


@pytest.fixture(scope="module")
def pdf_path(latex_build: Build) -> Path:
    result = subprocess.run(
        ["make", "-C", str(latex_build.outdir), "all-pdf"],
        capture_output=True,
        text=True,
        env={**os.environ, "LATEXMKOPTS": "-halt-on-error -interaction=nonstopmode"},
        check=False,
    )
    pdf = latex_build.outdir / "handbook.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stdout[-3000:] + result.stderr[-2000:]
    return pdf


@pytest.fixture(scope="module")
def pdf_reader(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


def test_latex_build_has_no_warnings(latex_build: Build) -> None:
    assert latex_build.warnings == ""


def test_pdf_has_title_page_contents_and_bookmarks(pdf_reader: PdfReader) -> None:
    first_page = pdf_reader.pages[0].extract_text()
    assert "Massage Therapy for Herniated Discs" in first_page
    full_text = "\n".join(page.extract_text() for page in pdf_reader.pages[:4])
    assert "contents" in full_text.casefold()
    bookmarks = [item for item in pdf_reader.outline if not isinstance(item, list)]
    titles = [b.title for b in bookmarks]
    assert any("Background" in t for t in titles), titles


def test_pdf_has_numbered_chapters_and_an_index(pdf_reader: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in pdf_reader.pages)
    assert "CHAPTER\nONE" in text
    assert "1.1" in text  # sections are numbered too
    back_matter = "\n".join(page.extract_text() for page in pdf_reader.pages[-3:])
    assert "INDEX" in back_matter
    assert "sciatica" in back_matter  # a glossary term's index entry


def test_cross_references_show_page_numbers(latex_build: Build) -> None:
    tex = (latex_build.outdir / "handbook.tex").read_text(encoding="utf-8")
    assert r"\autopageref*{" in tex


def test_pdf_contains_the_text_of_every_page(latex_build: Build, pdf_reader: PdfReader) -> None:
    pdf_text = letters_and_digits("\n".join(page.extract_text() for page in pdf_reader.pages))
    env = latex_build.app.env
    missing = {}
    checked = 0
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        checked += sum(1 for _ in text_fragments(doctree))
        lost = missing_fragments(doctree, pdf_text)
        if lost:
            missing[docname] = lost
    assert missing == {}
    assert checked > 20 * len(env.found_docs) / 2  # the comparison saw real text


def test_text_comparison_can_fail() -> None:
    pdf = letters_and_digits(
        "Chapter 2. Background 17 The disc has a gel-like core. Cherkin et al."
    )
    assert contains(pdf, letters_and_digits("The disc has a gel-like core."))
    assert contains(pdf, letters_and_digits("Background The disc has"))  # across a page header
    assert not contains(pdf, letters_and_digits("The annulus fibrosus tears under load."))
