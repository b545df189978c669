"""Build the real handbook in a test, exactly as ``make html`` does.

The sources are read from ``protocols/`` with the root ``conf.py`` (Sphinx's
``-c .``); only the output and the doctrees go to a temporary folder, so the
working tree is never written to.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from conftest import REPO_ROOT
from sphinx.application import Sphinx
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils

SOURCE_DIR = REPO_ROOT / "protocols"


@dataclass(frozen=True)
class Build:
    app: Sphinx
    outdir: Path
    warnings: str


def build_handbook(
    dest: Path, buildername: str, parallel: int = 0, **confoverrides: object
) -> Build:
    warning = StringIO()
    with patch_docutils(REPO_ROOT), docutils_namespace():
        app = Sphinx(
            srcdir=SOURCE_DIR,
            confdir=REPO_ROOT,
            outdir=dest / buildername,
            doctreedir=dest / "doctrees",
            buildername=buildername,
            confoverrides={"nitpicky": True, **confoverrides},
            status=StringIO(),
            warning=warning,
            freshenv=True,
            parallel=parallel,
        )
        app.build()
    return Build(app=app, outdir=Path(app.outdir), warnings=strip_colors(warning.getvalue()))
