"""The screening form's checkboxes carry their sign as an escaped accessible name."""

from __future__ import annotations

from pathlib import Path

from root_build import build, copy_root


def test_checkbox_label_is_escaped(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    flag = srcdir / "contraindications" / "flag.md"
    text = flag.read_text(encoding="utf-8")
    flag.write_text(text.replace("# Flag condition", "# Bladder & bowel flag"), encoding="utf-8")
    html = (build(srcdir).outdir / "views.html").read_text(encoding="utf-8")
    assert 'aria-label="Yes: Bladder &amp; bowel flag"' in html
