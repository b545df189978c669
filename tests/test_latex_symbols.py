"""Symbols that clinical sources quote (≥, ≤, −, →) print with pdfLaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest
from latex_pdf import compile_pdfs
from root_build import build, copy_root

PAGE = """---
type: reference
id: index
---
# Symbols

```{editorial-note} A test page; not clinical advice.
A mean difference of ≥1.54 cm, ≤ 2 points, −3, a → b and ≈ 4.
```
"""


def latex_project(tmp_path: Path) -> Path:
    srcdir = copy_root(tmp_path, "print")
    (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
    result = build(srcdir, "latex")
    assert result.warnings == "", result.warnings
    return result.outdir


def test_the_preamble_defines_the_symbols(tmp_path: Path) -> None:
    (tex,) = latex_project(tmp_path).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\DeclareUnicodeCharacter{2265}{\ensuremath{\geq}}" in text
    assert "≥1.54" in text


@pytest.mark.pdf
def test_pdflatex_prints_them(tmp_path: Path) -> None:
    done = compile_pdfs(latex_project(tmp_path))
    assert done.returncode == 0, done.stdout[-2000:]
