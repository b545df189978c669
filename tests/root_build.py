"""Copy a small test project from ``tests/roots/`` and build it with Sphinx's ``SphinxTestApp``.

Each test works on its own copy, so it can edit the sources and rebuild
incrementally without touching the others.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = Path(__file__).resolve().parent / "roots"


@dataclass
class Build:
    """The outcome of one Sphinx build of a test project."""

    app: SphinxTestApp
    srcdir: Path
    outdir: Path
    warnings: str
    """Every warning, colour codes removed, with absolute paths as Sphinx prints them."""
    status: str

    def warning_lines(self) -> list[str]:
        """The warnings, one a line, with paths relative to the project."""
        text = self.warnings.replace(f"{self.srcdir}/", "")
        return [line for line in text.splitlines() if line]

    def handbook_warnings(self, subtype: str = "") -> list[str]:
        tag = f"[handbook.{subtype}]" if subtype else "[handbook."
        return [line for line in self.warnings.splitlines() if tag in line]

    def claims_json(self) -> dict[str, Any]:
        return json.loads((self.outdir / "claims.json").read_text(encoding="utf-8"))


def copy_root(tmp: Path, name: str) -> Path:
    """A fresh copy of ``tests/roots/test-<name>`` in ``tmp``."""
    srcdir = tmp / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


def build(srcdir: Path, buildername: str = "html", **kwargs: Any) -> Build:
    """Build ``srcdir`` (``kwargs`` go to ``SphinxTestApp``: confoverrides, parallel...)."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(buildername, srcdir=srcdir, status=status, warning=warning, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(
        app,
        srcdir,
        Path(app.outdir),
        strip_colors(warning.getvalue()),
        strip_colors(status.getvalue()),
    )
