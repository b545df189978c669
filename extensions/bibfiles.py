"""A broken BibTeX file is a warning with its file and line, not a traceback.

sphinxcontrib-bibtex parses the bibliography when the builder starts, and a
syntax error there (an unclosed brace, a missing comma) stops Sphinx with an
"Extension error" and a Python traceback. This module parses each file first:
every syntax error becomes a ``handbook.bibfile`` warning naming the file and
the line, and pybtex is then told to recover from those errors (skipping the
broken entry) while sphinxcontrib-bibtex parses, so the rest of the handbook
still builds and every problem of the run is reported.
"""

from __future__ import annotations

from pathlib import Path

import pybtex.errors
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def bibfile_paths(app: Sphinx) -> list[Path]:
    """The configured bibliography files, resolved as sphinxcontrib-bibtex does."""
    if "bibtex_bibfiles" not in app.config:  # sphinxcontrib-bibtex is not loaded
        return []
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or ()]


def syntax_errors(path: Path, encoding: str) -> list[tuple[int, str]]:
    """Every (line, message) pybtex objects to in ``path``."""
    found: list[tuple[int, str]] = []
    with pybtex.errors.capture() as captured:
        try:
            Parser(encoding=encoding).parse_file(path)
        except PybtexError as error:  # errors pybtex cannot recover from
            captured.append(error)
        except (UnicodeDecodeError, ValueError) as error:
            found.append((0, f"cannot read the file as {encoding}: {error}"))
    for error in captured:
        line = getattr(error, "lineno", None) or 0
        message = str(error)
        if line:
            message = message.replace(f" in line {line}", "")
        found.append((line, message))
    return found


def _check_bibfiles(app: Sphinx) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex parses the files."""
    broken = False
    for path in bibfile_paths(app):
        if not path.is_file():
            continue  # sphinxcontrib-bibtex reports a missing file itself
        for line, message in syntax_errors(path, app.config.bibtex_encoding):
            broken = True
            logger.warning(
                "BibTeX %s (the entry is skipped)",
                message,
                type="handbook",
                subtype="bibfile",
                location=f"{path}:{line}" if line else str(path),
            )
    if broken:
        pybtex.errors.captured_errors = []  # recover instead of raising, until released


def _release_pybtex(app: Sphinx) -> None:
    """``builder-inited``, after sphinxcontrib-bibtex has parsed the files."""
    pybtex.errors.captured_errors = None


def setup_bibfiles(app: Sphinx) -> None:
    app.connect("builder-inited", _check_bibfiles, priority=100)
    app.connect("builder-inited", _release_pybtex, priority=900)
