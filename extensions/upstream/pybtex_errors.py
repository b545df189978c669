"""Patch: pybtex recovers from errors in a ``.bib`` file, and what it half-read is dropped.

**Upstream behaviour.** sphinxcontrib-bibtex 2.7 parses the bibliography files
when the builder starts (``builder-inited``), with pybtex 0.26 in its strict
mode: the first syntax error (an unclosed brace, a missing comma) raises out of
the event handler and Sphinx stops with "Extension error" and a traceback
(reported as mcmtroffaes/sphinxcontrib-bibtex#104 and sphinx-doc/sphinx#3815;
2.7 still raises). A repeated key
raises too; sphinxcontrib-bibtex catches that one, but loses the rest of the
file. A byte the file's encoding cannot decode raises as well. pybtex can
recover instead (``pybtex.errors.captured_errors`` set to a list, as
``pybtex.errors.capture`` does): it records each error and reads on. But it
keeps the entry it was reading when a syntax error struck, with the fields read
so far, or, when the key itself could not be read, under a made-up key
``unnamed-N``; later checks would then report that half entry too.

**The patch.** :func:`start`, called before sphinxcontrib-bibtex parses, puts
pybtex in recovering mode, and, when asked to, has it read the files with the
lenient codec of :mod:`.lenient_codec` (bad bytes become U+FFFD). :func:`finish`,
called after, restores both, removes every half-read entry from the data
sphinxcontrib-bibtex keeps (``BibtexDomain.bibdata``: its entries and the keys
of each file), so no citation, bibliography or check sees it, and returns what
went wrong as :class:`BibProblem` s, each with its file and line and what
became of the entry. ``bibfiles.py`` reports them.

**Tested with** pybtex 0.26.1 and sphinxcontrib-bibtex 2.7.0; the guard admits
pybtex ``>=0.26,<0.27`` and sphinxcontrib-bibtex ``>=2.7,<2.8``. The patch
relies on pybtex's error classes and the state of its parser when it reports an
error, and on sphinxcontrib-bibtex parsing at ``builder-inited`` (priority 500)
into the domain data ``bibdata``. Outside that range both behave as upstream: a
syntax error stops the build.

**Dropping it.** Once sphinxcontrib-bibtex reports BibTeX errors as warnings
with file and line and leaves broken entries out: delete this module and the
calls to it in ``bibfiles.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import DuplicateField, UndefinedMacro
from pybtex.scanner import PybtexSyntaxError
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import BibData

from ..shared import bib_entry_starts
from . import lenient_codec, tested

PATCH = "the recovery from BibTeX errors"
PYBTEX_VERSIONS = ">=0.26,<0.27"
BIBTEX_VERSIONS = ">=2.7,<2.8"

_REPEATED = "repeated bibliography entry: "


@dataclass(frozen=True)
class BibProblem:
    """One error pybtex recovered from."""

    path: str
    line: int
    """1-based; 0 when neither pybtex nor the file tells."""
    message: str
    """pybtex's message, without its ``in line N``."""
    outcome: str
    """What became of the entry: ``the entry 'key' is skipped``..."""


@dataclass
class Parse:
    """What :func:`finish` found."""

    problems: list[BibProblem]
    reparsed: bool
    """Whether sphinxcontrib-bibtex parsed the files in this build (or kept its cache)."""


class _Captured(list):  # type: ignore[type-arg]
    """pybtex's captured errors, each with the key of the entry being read when it struck."""

    def append(self, error: Any) -> None:
        parser = getattr(error, "parser", None)  # syntax errors only: pybtex's scanner
        super().append((error, getattr(parser, "current_entry_key", None)))


_captured: _Captured | None = None
_bibdata_before: BibData | None = None
_encoding_before: str | None = None


def applies() -> bool:
    """Whether the installed pybtex and sphinxcontrib-bibtex are ones this patch was tested with."""
    return tested(PATCH, "pybtex", PYBTEX_VERSIONS) and tested(
        PATCH, "sphinxcontrib-bibtex", BIBTEX_VERSIONS
    )


def start(app: Sphinx, lenient: bool = False) -> None:
    """Before sphinxcontrib-bibtex parses: recover from errors; ``lenient``: replace bad bytes."""
    global _captured, _bibdata_before, _encoding_before
    _captured = _Captured()
    pybtex.errors.captured_errors = _captured
    _bibdata_before = app.env.get_domain("cite").data["bibdata"]
    _encoding_before = None
    if lenient:
        lenient_codec.register()
        _encoding_before = app.config.bibtex_encoding
        app.config.bibtex_encoding = lenient_codec.NAME


def finish(app: Sphinx) -> Parse:
    """After sphinxcontrib-bibtex parsed: strict again, half-read entries dropped."""
    global _captured, _bibdata_before, _encoding_before
    captured, before = _captured or _Captured(), _bibdata_before
    pybtex.errors.captured_errors = None
    if _encoding_before is not None:
        app.config.bibtex_encoding = _encoding_before
    _captured = _bibdata_before = _encoding_before = None
    bibdata: BibData = app.env.get_domain("cite").data["bibdata"]
    return Parse(_recover(list(captured), bibdata), reparsed=bibdata is not before)


def _recover(captured: list[tuple[Any, str | None]], bibdata: BibData) -> list[BibProblem]:
    texts: dict[Path, str] = {}

    def text(path: Path) -> str:
        if path not in texts:
            try:
                texts[path] = path.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                texts[path] = ""
        return texts[path]

    def starts(key: str) -> list[tuple[Path, int]]:
        """Where ``@type{key,`` stands, in every file, in the order sphinxcontrib-bibtex reads."""
        found = []
        for path in bibdata.bibfiles:
            for _, entry_key, line in bib_entry_starts(text(path)):
                if entry_key.lower() == key.lower():
                    found.append((path, line))
        return found

    problems: list[BibProblem] = []
    keyless: set[Path] = set()
    for index, (error, key) in enumerate(captured):
        message = str(error)
        if isinstance(error, PybtexSyntaxError):
            path = Path(str(error.filename))
            line = error.lineno or 0
            message = message.replace(f" in line {line}", "")
            if isinstance(error, UndefinedMacro):  # the entry is read on, without it
                outcome = "it is left out of the value"
            elif key is None:
                keyless.add(path)
                outcome = "the entry is skipped"
            else:
                _drop_partial(bibdata, path, key, captured[index + 1 :])
                outcome = f"the entry {key!r} is skipped"
            problems.append(BibProblem(str(path), line, message, outcome))
        elif isinstance(error, DuplicateField):
            where = starts(_key_of_duplicate(message))
            path, line = where[0] if where else (Path(), 0)
            problems.append(BibProblem(str(path), line, message, "the first value is kept"))
        elif isinstance(error, BibliographyDataError) and message.startswith(_REPEATED):
            where = starts(message.removeprefix(_REPEATED))
            path, line = where[1] if len(where) > 1 else where[0] if where else (Path(), 0)
            problems.append(BibProblem(str(path), line, message, "the second entry is skipped"))
        else:
            filename = getattr(error, "filename", None)
            problems.append(BibProblem(str(filename or ""), 0, message, ""))
    for path in keyless:
        _drop_unnamed(bibdata, path, text(path))
    return problems


def _key_of_duplicate(message: str) -> str:
    # pybtex: "entry with key {key} has a duplicate {field} field"
    return message.removeprefix("entry with key ").split(" has a duplicate ")[0]


def _drop_partial(
    bibdata: BibData, path: Path, key: str, later: list[tuple[Any, str | None]]
) -> None:
    """Remove the entry ``key`` that pybtex half-read from ``path``."""
    for error, _key in later:
        if isinstance(error, PybtexSyntaxError):
            break
        if str(error) == f"{_REPEATED}{key}":
            return  # the key was taken already: pybtex did not keep the half entry
    bibfile = bibdata.bibfiles.get(path)
    if bibfile is None or key not in bibdata.data.entries:
        return
    canonical = bibdata.data.entries[key].key
    if canonical in bibfile.keys:
        del bibfile.keys[canonical]
        del bibdata.data.entries[canonical]


def _drop_unnamed(bibdata: BibData, path: Path, text: str) -> None:
    """Remove the ``unnamed-N`` entries pybtex made up for entries whose key it could not read."""
    bibfile = bibdata.bibfiles.get(path)
    if bibfile is None:
        return
    for key in [k for k in bibfile.keys if re.fullmatch(r"unnamed-\d+", k)]:
        if not re.search(rf"[{{(]\s*{key}\s*,", text):  # not a key someone wrote
            del bibfile.keys[key]
            del bibdata.data.entries[key]
