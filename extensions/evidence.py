"""The evidence scale and the two extra BibTeX fields every source must carry.

Every entry of the handbook's bibliography has

* ``evidence = {...}``: one of :data:`LEVELS`, strongest first
  (``guideline``, ``systematic-review``, ``randomised-trial``, ``observational``,
  ``expert-opinion``, ``commercial``);
* ``directness = {direct}``, ``{indirect}`` or ``{not-applicable}``: whether
  the source studied people with disc herniation, or something else the claim
  extrapolates from (another condition, population or treatment); a source that
  studied no population (a commercial web page) is ``not-applicable``, and a
  commercial source must say so.

This module is the scale itself and pure code on it: :func:`summarise` gives
the strongest and weakest level of a claim's sources, their directness, and
whether it rests only on commercial web pages or only on indirect evidence.
:mod:`.bibliography` reads the fields from the ``.bib`` files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
#: The directness of a source that studied no population (a web page).
NOT_APPLICABLE = "not-applicable"
DIRECTNESS: tuple[str, ...] = ("direct", "indirect", NOT_APPLICABLE)
#: How the handbook names each directness to a reader.
DIRECTNESS_LABELS: dict[str, str] = {
    "direct": "direct",
    "indirect": "indirect",
    "not-applicable": "directness not applicable (not a study)",
}


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


def summarise(keys: Iterable[str], sources: Mapping[str, Source]) -> Summary:
    """Strongest/weakest level and directness of the known sources among ``keys``."""
    known = [sources[key] for key in keys if key in sources]
    ranks = sorted(LEVELS.index(s.level) for s in known if s.level is not None)
    kinds = {s.directness for s in known if s.directness is not None}
    if len(kinds) > 1:
        kinds.discard(NOT_APPLICABLE)  # a web page studied no one: the studies decide
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
