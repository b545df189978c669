"""The evidence scale and the two extra BibTeX fields every source must carry.

Every entry of the handbook's bibliography has

* ``evidence = {...}``: one of :data:`LEVELS`, strongest first
  (``guideline``, ``systematic-review``, ``randomised-trial``, ``observational``,
  ``expert-opinion``, ``commercial``);
* ``directness = {direct}`` or ``{indirect}``: whether the source studies
  massage for herniated discs itself, or something else the claim extrapolates
  from (another condition, population or treatment).

This module reads both fields from the bibliography that sphinxcontrib-bibtex
has parsed, reports entries where a field is missing or unknown (with the
``.bib`` file and line), and summarises the sources of a claim: strongest and
weakest level, directness, and whether it rests only on commercial web pages or
only on indirect evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment

#: Evidence levels, strongest first.
LEVELS: tuple[str, ...] = (
    "guideline",
    "systematic-review",
    "randomised-trial",
    "observational",
    "expert-opinion",
    "commercial",
)
#: How the handbook names each level to a reader.
LEVEL_LABELS: dict[str, str] = {
    "guideline": "clinical guideline",
    "systematic-review": "systematic review",
    "randomised-trial": "randomised trial",
    "observational": "observational study",
    "expert-opinion": "consensus, expert opinion or professional article",
    "commercial": "commercial or clinic web page",
}
DIRECTNESS: tuple[str, ...] = ("direct", "indirect")
EVIDENCE_FIELD = "evidence"
DIRECTNESS_FIELD = "directness"

_ENTRY_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,")


@dataclass(frozen=True)
class Source:
    """What the handbook knows about one bibliography entry."""

    key: str
    level: str | None
    """One of :data:`LEVELS`, or None when the field is missing or unknown."""
    directness: str | None
    """``direct``, ``indirect``, or None when the field is missing or unknown."""
    title: str
    year: str
    bibfile: str
    """Absolute path of the ``.bib`` file (empty when it cannot be found)."""
    line: int
    """Line of ``@type{key,`` in :attr:`bibfile` (0 when it cannot be found)."""


@dataclass(frozen=True)
class FieldProblem:
    """A missing or unknown ``evidence``/``directness`` value of one entry."""

    key: str
    bibfile: str
    line: int
    message: str


@dataclass(frozen=True)
class Summary:
    """The evidence behind one claim, from the sources it cites."""

    strongest: str | None
    weakest: str | None
    directness: str | None
    """``direct``, ``indirect`` or ``mixed``; None without known sources."""
    commercial_only: bool
    indirect_only: bool

    @property
    def flags(self) -> tuple[str, ...]:
        """Reader-facing warnings: ``commercial`` and/or ``indirect``."""
        return tuple(
            name
            for name, on in (("commercial", self.commercial_only), ("indirect", self.indirect_only))
            if on
        )


def _field(entry: Any, name: str) -> str | None:
    value = entry.fields.get(name)
    if value is None:
        return None
    return " ".join(str(value).split()).strip("{} ").lower() or None


def _plain(value: object) -> str:
    """A BibTeX field without braces and with single spaces."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def entry_lines(bibfiles: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """Map each key to ``(bib file, line)`` by scanning the files for ``@type{key,``."""
    found: dict[str, tuple[str, int]] = {}
    for path in bibfiles:
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        for match in _ENTRY_START.finditer(text):
            if match.group(1).lower() in {"comment", "preamble", "string"}:
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match.group(2), (str(path), line))
            found.setdefault(match.group(2).lower(), (str(path), line))
    return found


def _bibdata(env: BuildEnvironment) -> Any:
    try:
        return env.get_domain("cite").data["bibdata"]  # sphinxcontrib-bibtex's BibData
    except Exception:  # no sphinxcontrib-bibtex, or an older layout
        return None


def read_sources(env: BuildEnvironment) -> dict[str, Source]:
    """Every entry of the bibliography, keyed by citation key, in file order."""
    bibdata = _bibdata(env)
    if bibdata is None:
        return {}
    lines = entry_lines(bibdata.bibfiles)
    sources: dict[str, Source] = {}
    for key, entry in bibdata.data.entries.items():
        level = _field(entry, EVIDENCE_FIELD)
        directness = _field(entry, DIRECTNESS_FIELD)
        bibfile, line = lines.get(key) or lines.get(key.lower()) or ("", 0)
        sources[key] = Source(
            key=key,
            level=level if level in LEVELS else None,
            directness=directness if directness in DIRECTNESS else None,
            title=" ".join(
                str(entry.fields.get("title", "")).replace("{", "").replace("}", "").split()
            ),
            year=str(entry.fields.get("year", "")),
            bibfile=bibfile,
            line=line,
        )
    return sources


def field_problems(env: BuildEnvironment) -> list[FieldProblem]:
    """Entries whose ``evidence`` or ``directness`` is missing or not a known value."""
    bibdata = _bibdata(env)
    if bibdata is None:
        return []
    lines = entry_lines(bibdata.bibfiles)
    problems: list[FieldProblem] = []
    for key, entry in bibdata.data.entries.items():
        bibfile, line = lines.get(key) or lines.get(key.lower()) or ("", 0)
        for name, allowed in ((EVIDENCE_FIELD, LEVELS), (DIRECTNESS_FIELD, DIRECTNESS)):
            value = _field(entry, name)
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
    return sorted(problems, key=lambda p: (p.bibfile, p.line, p.key))


def summarise(keys: Iterable[str], sources: Mapping[str, Source]) -> Summary:
    """Strongest/weakest level and directness of the known sources among ``keys``."""
    known = [sources[key] for key in keys if key in sources]
    ranks = sorted(LEVELS.index(s.level) for s in known if s.level is not None)
    kinds = {s.directness for s in known if s.directness is not None}
    directness = None if not kinds else kinds.pop() if len(kinds) == 1 else "mixed"
    levels_known = bool(known) and all(s.level is not None for s in known)
    direct_known = bool(known) and all(s.directness is not None for s in known)
    return Summary(
        strongest=LEVELS[ranks[0]] if ranks else None,
        weakest=LEVELS[ranks[-1]] if ranks else None,
        directness=directness,
        commercial_only=levels_known and all(s.level == "commercial" for s in known),
        indirect_only=direct_known and all(s.directness == "indirect" for s in known),
    )
