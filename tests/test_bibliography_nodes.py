"""Two PDFs that share a bibliography each list every entry once (upstream patch)."""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import BASE, build, copy_root, write

PACK = (
    "---\ntype: reference\nid: pack\norphan: true\n---\n\n# Pack\n\n"
    "```{toctree}\ntechniques/massage\nbibliography\n```\n"
)
DOCUMENTS = [
    ("index", "book.tex", "Book", "Editors", "manual"),
    ("pack", "pack.tex", "Pack", "Editors", "manual"),
]


def entries_printed(tex: str) -> int:
    """How often the one entry's text is printed in the bibliography."""
    bibliography = tex[tex.index("\\begin{sphinxthebibliography}") :]
    return bibliography[: bibliography.index("\\end{sphinxthebibliography}")].count("A test source")


@pytest.mark.parametrize(("patched", "in_pack"), [(True, 1), (False, 2)])
def test_a_bibliography_in_two_pdfs_lists_each_entry_once(
    tmp_path: Path, patched: bool, in_pack: int
) -> None:
    srcdir = copy_root(tmp_path, BASE)
    write("pack.md", PACK, in_toctree=False)(srcdir)
    overrides = {"latex_documents": DOCUMENTS, "handbook_bibliography_nodes": patched}
    result = build(srcdir, "latex", confoverrides=overrides)
    assert result.warnings == ""
    assert entries_printed((result.outdir / "book.tex").read_text(encoding="utf-8")) == 1
    # Upstream fills the same stored nodes again for the second PDF.
    assert entries_printed((result.outdir / "pack.tex").read_text(encoding="utf-8")) == in_pack
