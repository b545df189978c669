"""Build the real handbook (``protocols/`` with the root ``conf.py``) in a test.

The sources and ``conf.py`` are copied into a temporary folder so that the
build never writes into the working tree, and Sphinx's own ``SphinxTestApp``
runs the build exactly as ``make html`` would (``-n`` included).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from conftest import REPO_ROOT
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

SOURCE_DIR = REPO_ROOT / "protocols"
CONF_FILE = REPO_ROOT / "conf.py"


@dataclass(frozen=True)
class Build:
    app: SphinxTestApp
    outdir: Path
    warnings: str


def copy_handbook(dest: Path) -> Path:
    """Copy the handbook's sources and configuration into ``dest/src``."""
    srcdir = dest / "src"
    shutil.copytree(SOURCE_DIR, srcdir, ignore=shutil.ignore_patterns("_build"))
    shutil.copy2(CONF_FILE, srcdir / "conf.py")
    return srcdir


def build_handbook(dest: Path, buildername: str, **confoverrides: object) -> Build:
    srcdir = copy_handbook(dest)
    warning = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=dest / "_build",
        freshenv=True,
        confoverrides={"nitpicky": True, **confoverrides},
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(app=app, outdir=Path(app.outdir), warnings=strip_colors(warning.getvalue()))
