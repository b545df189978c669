"""A broken BibTeX file is one warning per problem, with file and line, not a traceback.

sphinxcontrib-bibtex parses the bibliography when the builder starts, and a
syntax error there (an unclosed brace, a missing comma) stops Sphinx with an
"Extension error" and a Python traceback. The patch in
``upstream/pybtex_errors.py`` has pybtex recover from such errors during
sphinxcontrib-bibtex's own parse (the files are parsed once) and leaves out the
entry it could not read. This module reports each problem as one
``handbook.bibfile`` warning naming the file and the line and what became of
the entry; the entry really is left out, so no later check reports it again,
and the rest of the handbook still builds.

A byte that is not UTF-8 is one ``handbook.bibfile`` warning for the file (at
its first bad byte), and the file is read with the bad bytes replaced.

sphinxcontrib-bibtex keeps its parse between builds and parses again only when
a file changes. The problems are kept with it, so a build that does not parse
the files again still reports them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .shared import warn
from .sources import first_bad_byte
from .upstream import pybtex_errors

#: Where the problems of the last parse are kept, beside sphinxcontrib-bibtex's ``bibdata``.
PROBLEMS = "handbook_bibfile_problems"

_UTF_8 = {"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig"}

_recovering = False


def bibfile_paths(app: Sphinx) -> list[Path]:
    """The configured bibliography files, resolved as sphinxcontrib-bibtex does."""
    if "bibtex_bibfiles" not in app.config:  # sphinxcontrib-bibtex is not loaded
        return []
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or ()]


def _warn(path: Path | str, line: int, message: str) -> None:
    warn(message, "bibfile", f"{path}:{line or 1}")


def _before_parse(app: Sphinx) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex parses the files."""
    global _recovering
    paths = bibfile_paths(app)
    if not paths:
        return
    bad_bytes = False
    if str(app.config.bibtex_encoding).lower() in _UTF_8:
        for path in paths:
            try:
                problem = first_bad_byte(path.read_bytes())
            except OSError:
                continue  # sphinxcontrib-bibtex reports a missing file itself
            if problem:
                bad_bytes = True
                line, reason = problem
                _warn(
                    path,
                    line,
                    f"{reason}: save the file as UTF-8 (the bad bytes are read as \ufffd)",
                )
    _recovering = pybtex_errors.applies()
    if _recovering:
        pybtex_errors.start(app, lenient=bad_bytes)


def _after_parse(app: Sphinx) -> None:
    """``builder-inited``, after sphinxcontrib-bibtex has parsed the files."""
    global _recovering
    if not _recovering:
        return
    _recovering = False
    parse = pybtex_errors.finish(app)
    data = app.env.get_domain("cite").data
    if parse.reparsed:
        data[PROBLEMS] = [
            (p.path, p.line, p.message, p.outcome) for p in parse.problems
        ]  # plain tuples: the environment is pickled
    fallback = (bibfile_paths(app) or [Path(app.confdir)])[0]
    for path, line, message, outcome in data.get(PROBLEMS, []):
        text = f"BibTeX {message} ({outcome})" if outcome else f"BibTeX {message}"
        _warn(path or fallback, line, text)


def setup_bibfiles(app: Sphinx) -> None:
    app.connect("builder-inited", _before_parse, priority=100)
    app.connect("builder-inited", _after_parse, priority=900)
