"""Compiling a LaTeX build's PDFs in the tests, and what to do without TeX.

Without TeX a PDF test skips, saying how to install it; in CI (``CI`` or
``HANDBOOK_REQUIRE_PDF`` set) it fails instead, so a PDF that silently stops
building turns CI red.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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


def compile_pdfs(outdir: Path) -> subprocess.CompletedProcess[str]:
    """Sphinx's ``make all-pdf`` in a LaTeX build's folder, stopping at the first error."""
    require_tex()
    return subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"],
        capture_output=True,
        text=True,
        env={**os.environ, "LATEXMKOPTS": "-halt-on-error -interaction=nonstopmode"},
        check=False,
    )
