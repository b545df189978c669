"""Copy a small test project from ``tests/roots/`` and build it with Sphinx's ``SphinxTestApp``.

Each test works on its own copy, so it can edit the sources and rebuild
incrementally without touching the others.

Projects are made by edit, not by copy: ``tests/roots/test-contra-ok`` is the
base (a clean project with every feature), a test that needs one mistake
applies :func:`edit`, :func:`append` or :func:`write` to a fresh copy of it, and
a root that only adds pages to another lists it in :data:`BASES` and holds only
the files it adds or changes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = Path(__file__).resolve().parent / "roots"
BASE = "contra-ok"

#: Roots that are another root plus their own files: name -> (base, the base's files
#: they take, or None for all of them). Their own files are copied over the base's.
BASES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "course": (BASE, None),
    "reviews": (BASE, ("refs.bib", "bibliography.md", "sources/src.md")),
    "bibfile-broken": (BASE, ("conf.py",)),
    "claims-containers": ("claims-cited", ("conf.py",)),
    "claims-problems": ("claims-cited", ("conf.py",)),
    "sources": ("claims-cited", None),
    "recommendations": (BASE, None),
}

Edit = Callable[[Path], None]
"""A change made to a copied project (its source directory)."""


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


def add_source_page(srcdir: Path, key: str, quote: str = "The source says so.") -> Path:
    """An orphan source page for ``key`` recording one fact, whose quote is ``quote``."""
    page = srcdir / "sources" / f"{key}.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(
        f"---\norphan: true\ntype: source\nid: {key}\npopulation: adults\n---\n\n"
        f"# Source {key}\n\n```{{fact}}\n:quote: {quote}\n:seen: https://example.org/{key}\n"
        f"{quote}\n```\n",
        encoding="utf-8",
    )
    return page


def copy_root(tmp: Path, name: str) -> Path:
    """A fresh copy of ``tests/roots/test-<name>`` (on top of its base, see :data:`BASES`)."""
    srcdir = tmp / name
    base, taken = BASES.get(name, (None, None))
    if base is not None:
        shutil.copytree(ROOTS / f"test-{base}", srcdir)
        if taken is not None:
            for path in sorted(srcdir.rglob("*"), reverse=True):
                relative = path.relative_to(srcdir).as_posix()
                if path.is_file() and relative not in taken:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
    shutil.copytree(ROOTS / f"test-{name}", srcdir, dirs_exist_ok=True)
    return srcdir


def edit(relative: str, old: str, new: str) -> Edit:
    """Replace the first ``old`` in a file of the project by ``new`` (``old`` must be there)."""

    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def append(relative: str, text: str) -> Edit:
    """Add ``text`` at the end of a file of the project."""

    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return apply


def write(relative: str, data: bytes | str, in_toctree: bool = True) -> Edit:
    """Write a file (a new page is added to the base's toctree, folder and all)."""

    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        if in_toctree:
            docname = Path(relative).with_suffix("").as_posix()
            edit("index.md", "bibliography\n```", f"{docname}\nbibliography\n```")(srcdir)

    return apply


def edits(*changes: Edit) -> Edit:
    """Several changes, made in order."""

    def apply(srcdir: Path) -> None:
        for change in changes:
            change(srcdir)

    return apply


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
