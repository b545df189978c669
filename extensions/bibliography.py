"""The bibliography as the checks see it: every entry with its evidence fields, read once.

sphinxcontrib-bibtex parses the ``.bib`` files when the builder starts (and
again only when a file changed). :func:`get_bibliography` reads that parse
through its public ``BibtexDomain.bibdata`` once per build and keeps the result
until the parse changes: every entry as a :class:`~.evidence.Source` with the
file and line of its ``@type{key,``, and the entries whose ``evidence`` or
``directness`` field is missing or unknown.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment

from .evidence import DIRECTNESS, LEVELS, NOT_APPLICABLE, Source
from .shared import bib_entry_starts

EVIDENCE_FIELD = "evidence"
DIRECTNESS_FIELD = "directness"


@dataclass(frozen=True)
class FieldProblem:
    """A missing or unknown ``evidence``/``directness`` value of one entry."""

    key: str
    bibfile: str
    line: int
    message: str


@dataclass(frozen=True)
class Bibliography:
    """Every entry of the project's bibliography, in file order."""

    sources: dict[str, Source]
    field_problems: tuple[FieldProblem, ...]


_EMPTY = Bibliography({}, ())
_READ: weakref.WeakKeyDictionary[BuildEnvironment, tuple[Any, Bibliography]] = (
    weakref.WeakKeyDictionary()
)


def get_bibliography(env: BuildEnvironment) -> Bibliography:
    """The bibliography of this build, read once per parse of the ``.bib`` files."""
    try:
        bibdata = env.get_domain("cite").bibdata  # type: ignore[attr-defined]
    except Exception:  # sphinxcontrib-bibtex is not loaded
        return _EMPTY
    known = _READ.get(env)
    if known is None or known[0] is not bibdata:
        known = (bibdata, _read(bibdata))
        _READ[env] = known
    return known[1]


def _field(entry: Any, name: str) -> str | None:
    value = entry.fields.get(name)
    if value is None:
        return None
    return " ".join(str(value).split()).strip("{} ").lower() or None


def _plain(value: object) -> str:
    """A BibTeX field without braces and with single spaces."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def entry_lines(bibfiles: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """Map each key (and its lower-case form) to ``(bib file, line)`` of ``@type{key,``."""
    found: dict[str, tuple[str, int]] = {}
    for path in bibfiles:
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        for kind, key, line in bib_entry_starts(text):
            if kind.lower() in {"comment", "preamble", "string"}:
                continue
            found.setdefault(key, (str(path), line))
            found.setdefault(key.lower(), (str(path), line))
    return found


def _read(bibdata: Any) -> Bibliography:
    lines = entry_lines(bibdata.bibfiles)
    sources: dict[str, Source] = {}
    problems: list[FieldProblem] = []
    for key, entry in bibdata.data.entries.items():
        bibfile, line = lines.get(key) or lines.get(key.lower()) or ("", 0)
        level = _field(entry, EVIDENCE_FIELD)
        directness = _field(entry, DIRECTNESS_FIELD)
        sources[key] = Source(
            key=key,
            level=level if level in LEVELS else None,
            directness=directness if directness in DIRECTNESS else None,
            title=_plain(entry.fields.get("title", "")),
            year=str(entry.fields.get("year", "")),
            bibfile=bibfile,
            line=line,
        )
        for name, value, allowed in (
            (EVIDENCE_FIELD, level, LEVELS),
            (DIRECTNESS_FIELD, directness, DIRECTNESS),
        ):
            if value in allowed:
                continue
            what = f"has no {name} field" if value is None else f"has unknown {name} {value!r}"
            problems.append(
                FieldProblem(
                    key,
                    bibfile,
                    line,
                    f"bibliography entry {key!r} {what} (use one of: {', '.join(allowed)})",
                )
            )
        if level == "commercial" and directness in DIRECTNESS and directness != NOT_APPLICABLE:
            problems.append(
                FieldProblem(
                    key,
                    bibfile,
                    line,
                    f"bibliography entry {key!r} is a commercial web page with directness "
                    f"{directness!r}: a web page studied no population, so give it "
                    f"directness = {{{NOT_APPLICABLE}}}",
                )
            )
    problems.sort(key=lambda p: (p.bibfile, p.line, p.key))
    return Bibliography(sources, tuple(problems))
