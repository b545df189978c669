"""Recommendations: a statement with its strength, certainty, rationale and population.

A page writes a recommendation with the ``recommendation`` directive::

    ```{recommendation}
    :strength: conditional-for
    :certainty: low
    :population: adults with lumbar disc herniation without red flags
    :rationale: One trial in chronic low back pain found a small benefit {cite:p}`cherkin2011`.
    Consider Swedish massage as one part of care {cite:p}`cherkin2011`.
    ```

The statement (the content) and the rationale are running text, so every
sentence of them must cite (:mod:`.claims`). This module keeps each page's
recommendations in :class:`RecommendationsDomain`, purged and merged like the
domain of ``sphinx.ext.todo``, and checks them at ``env-updated`` against the
evidence levels of the sources they cite (:func:`certainty_ceiling`, the
handbook's editorial policy, written down in the README). What readers see (the
bottom line, the summary table, ``recommendations.json``) is drawn by
:mod:`.recommendation_views`.

The checks (warning type ``handbook``, subtype ``recommendation``, each with
file and line): a missing or unknown field; wording that does not match the
strength; a certainty above what the sources allow; a strong recommendation
with low or very low certainty that does not say why (``strong-because``); a
recommendation resting only on commercial pages; a page of a type in
``handbook_recommendation_types`` without any recommendation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .claim_report import get_report
from .evidence import Source
from .pagedata import PerPageDomain
from .pagetypes import get_pages
from .sentences import clean_text
from .shared import DECORATION, NOT_A_CLAIM, NOT_A_CLAIM_CLASS, mark, warn
from .text import PageText

SUBTYPE = "recommendation"

#: Strengths, with how a reader sees them.
STRENGTHS: dict[str, str] = {
    "strong-for": "Strong recommendation for",
    "conditional-for": "Conditional recommendation for",
    "conditional-against": "Conditional recommendation against",
    "strong-against": "Strong recommendation against",
}
#: GRADE's four levels of certainty, highest first, then a consensus statement.
CERTAINTIES: dict[str, str] = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very-low": "very low certainty",
    "consensus": "consensus",
}
GRADED = ("high", "moderate", "low", "very-low")

#: The handbook's editorial policy: the highest certainty the strongest cited
#: source allows (None: it cannot support a recommendation at all).
CEILINGS: dict[str, str | None] = {
    "guideline": "high",
    "systematic-review": "high",
    "randomised-trial": "moderate",
    "observational": "low",
    "expert-opinion": "very-low",
    "commercial": None,
}
#: The sources a consensus statement may rest on.
CONSENSUS_LEVELS = ("guideline", "expert-opinion")

FIELDS = ("strength", "certainty", "population", "rationale")


# --- the pure policy -------------------------------------------------------------
def certainty_ceiling(
    sources: list[Source], indirectness_explained: bool = False
) -> tuple[str | None, str]:
    """The highest certainty these sources allow, and why, under :data:`CEILINGS`.

    Each source's level gives a ceiling; an indirect source's is one step lower
    unless the rationale explains why not. The best of them is the ceiling.
    """
    best: tuple[int, str] | None = None
    for source in sources:
        if source.level is None or CEILINGS.get(source.level) is None:
            continue
        rank = GRADED.index(CEILINGS[source.level] or "")
        lowered = source.directness == "indirect" and not indirectness_explained
        if lowered:
            rank = min(rank + 1, len(GRADED) - 1)
        why = f"{source.key} is {source.level.replace('-', ' ')}" + (
            ", indirect" if lowered else ""
        )
        if best is None or rank < best[0]:
            best = (rank, why)
    if best is None:
        return None, "no cited source is above a commercial page"
    return GRADED[best[0]], best[1]


_WORDS = re.compile(r"[a-z']+")
#: Second words that show the first is a subject, not an imperative verb.
_MODALS = frozenset(
    ["may", "might", "can", "could", "should", "must", "will", "would", "is", "are"]
)
#: First words that cannot open an instruction.
_NOT_IMPERATIVE = frozenset(
    ["the", "a", "an", "this", "it", "there", "we", "massage", "therapists"]
)


def wording_problem(strength: str, statement: str) -> str | None:
    """What is wrong with the statement's wording for its strength, or None.

    NICE's convention: a strong recommendation for is an instruction ("offer",
    or an imperative verb); a conditional one says "consider"; one against says
    "do not".
    """
    words = _WORDS.findall(statement.lower().replace("\u2019", "'"))
    first = words[0] if words else ""
    against = words[:2] == ["do", "not"] or first == "don't"
    if strength.endswith("against"):
        if not against:
            return f"a recommendation against says 'do not', but this one starts with {first!r}"
        return None
    if against:
        return f"'do not' is a recommendation against, but the strength is {strength!r}"
    if strength == "conditional-for" and first != "consider":
        return (
            f"a conditional recommendation for starts with 'consider', but this one starts "
            f"with {first!r}"
        )
    if strength == "strong-for":
        if first == "consider":
            return "'consider' is a conditional recommendation, but the strength is 'strong-for'"
        if first in _NOT_IMPERATIVE or (len(words) > 1 and words[1] in _MODALS):
            return (
                f"a strong recommendation for is an instruction ('offer', or a verb such as "
                f"'stop'), but this one starts with {' '.join(words[:2])!r}"
            )
    return None


# --- data ----------------------------------------------------------------------
@dataclass(frozen=True)
class Recommendation:
    """One recommendation, as the checks and views read it."""

    docname: str
    index: int
    """Its position among the page's recommendations (0 for the first)."""
    line: int
    statement: str
    strength: str
    certainty: str
    population: str
    rationale: str
    strong_because: str
    indirectness: str
    keys: tuple[str, ...]
    """The sources cited by the statement and the rationale, in order."""

    @property
    def anchor(self) -> str:
        return recommendation_anchor(self.index)

    @property
    def label(self) -> str:
        return recommendation_label(self.strength, self.certainty)


def recommendation_anchor(index: int) -> str:
    return f"recommendation-{index + 1}"


def recommendation_label(strength: str, certainty: str) -> str:
    """The words a reader sees, in every format and in greyscale."""
    return f"{STRENGTHS.get(strength, strength)} · {CERTAINTIES.get(certainty, certainty)}"


class RecommendationsDomain(PerPageDomain):
    """Each page's recommendations, purged and merged like the todo domain."""

    name = "recommendations"
    label = "Recommendations"
    data_version = 1
    initial_data: dict[str, Any] = {"pages": {}, "summaries": {}}
    per_page = ("pages", "summaries")

    @property
    def pages(self) -> dict[str, tuple[Recommendation, ...]]:
        return self._records("pages")

    @property
    def summaries(self) -> dict[str, bool]:
        """Whether each page holds a summary of every recommendation."""
        return self._records("summaries")

    def all(self) -> list[Recommendation]:
        """Every recommendation, page by page in docname order."""
        return [rec for docname in sorted(self.pages) for rec in self.pages[docname]]


def get_domain(env: BuildEnvironment) -> RecommendationsDomain:
    return env.get_domain(RecommendationsDomain.name)  # type: ignore[return-value]


# --- the directive ------------------------------------------------------------
class recommendation(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A recommendation: its label, statement, rationale and population."""


class RecommendationDirective(SphinxDirective):
    """``recommendation``: a statement (the content) with strength, certainty and why."""

    has_content = True
    option_spec = {
        "strength": lambda value: (value or "").strip(),
        "certainty": lambda value: (value or "").strip(),
        "population": lambda value: " ".join((value or "").split()),
        "rationale": lambda value: " ".join((value or "").split()),
        "strong-because": lambda value: " ".join((value or "").split()),
        "indirectness": lambda value: " ".join((value or "").split()),
    }

    def run(self) -> list[Node]:
        node = recommendation(classes=["recommendation"])
        self.set_source_info(node)
        for name in self.option_spec:
            node[name] = self.options.get(name, "")
        strength, certainty = node["strength"], node["certainty"]
        label = nodes.paragraph(classes=["recommendation-label"])
        label += nodes.strong("", recommendation_label(strength, certainty))
        node += mark(label, DECORATION)

        statement = nodes.container(classes=["recommendation-statement"])
        statement += self.parse_content_to_nodes()
        node += statement
        for name, heading in (
            ("rationale", "Why"),
            ("strong-because", "Why strong"),
            ("indirectness", "Directness"),
        ):
            if node[name]:
                node += self._field(name, heading, node[name])
        if node["population"]:
            population = nodes.paragraph(classes=["recommendation-population", NOT_A_CLAIM_CLASS])
            population += nodes.strong("", "Applies to: ")
            population += nodes.Text(node["population"])
            node += mark(population, NOT_A_CLAIM)
        return [node]

    def _field(self, name: str, heading: str, text: str) -> Element:
        field = nodes.container(classes=[f"recommendation-{name}"])
        field += nodes.rubric(heading, heading)  # a heading: not part of the claim
        field += self.parse_text_to_nodes(text)
        return field


# --- reading a page -------------------------------------------------------------
def collect_recommendations(
    env: BuildEnvironment, docname: str, doctree: nodes.document, text: PageText
) -> None:
    """Record the page's recommendations, with the sources their text cites."""
    found: list[Recommendation] = []
    for node in doctree.findall(recommendation):
        index = len(found)
        node["ids"].append(recommendation_anchor(index))
        inside = [run for run in text.runs if _within(run.element, node)]
        keys = tuple(dict.fromkeys(key for run in inside for c in run.citations for key in c.keys))
        found.append(
            Recommendation(
                docname=docname,
                index=index,
                line=node.line or 0,
                statement=_part_text(node, "statement", inside),
                strength=node["strength"],
                certainty=node["certainty"],
                population=node["population"],
                rationale=_part_text(node, "rationale", inside),
                strong_because=_part_text(node, "strong-because", inside),
                indirectness=_part_text(node, "indirectness", inside),
                keys=keys,
            )
        )
    # The text reader notes each generated view a page holds, by tag name.
    has_summary = "recommendation_summary" in text.generated
    get_domain(env).note(docname, pages=tuple(found), summaries=has_summary)


def _part_text(node: recommendation, part: str, runs: list[Any]) -> str:
    """The running text of one part of a recommendation, without its citations."""
    found = node.next_node(
        lambda n: isinstance(n, nodes.container) and f"recommendation-{part}" in n["classes"]
    )
    if found is None:
        return ""
    return " ".join(clean_text(run.text) for run in runs if _within(run.element, found))


def _within(element: Node, ancestor: Node) -> bool:
    node: Node | None = element
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


# --- checks ---------------------------------------------------------------------
def problems_of(rec: Recommendation, sources: Mapping[str, Source]) -> Iterator[str]:
    """Every problem of one recommendation (pure: the sources are given)."""
    if not rec.statement:
        yield "recommendation without a statement: write what to do as the directive's content"
    missing = [name for name in FIELDS if not getattr(rec, name)]
    if missing:
        yield f"recommendation without {', '.join(missing)}: add ':{missing[0]}: ...'"
    if rec.strength and rec.strength not in STRENGTHS:
        yield f"recommendation strength {rec.strength!r} is not one of {', '.join(STRENGTHS)}"
    if rec.certainty and rec.certainty not in CERTAINTIES:
        yield (f"recommendation certainty {rec.certainty!r} is not one of {', '.join(CERTAINTIES)}")
    if rec.strength in STRENGTHS and rec.statement:
        wording = wording_problem(rec.strength, rec.statement)
        if wording:
            yield f"recommendation wording: {wording}"
    cited = [sources[key] for key in rec.keys if key in sources]
    if not cited:
        return  # the claim checker reports the uncited sentence or the unknown key
    if rec.certainty not in CERTAINTIES:
        return
    ceiling, why = certainty_ceiling(cited, bool(rec.indirectness))
    if ceiling is None:
        yield (
            "recommendation rests only on commercial pages: report it as the page's own "
            "claim, not as a recommendation"
        )
        return
    if rec.certainty == "consensus":
        if not any(s.level in CONSENSUS_LEVELS for s in cited):
            yield (
                "a consensus recommendation cites a guideline or a consensus or expert "
                f"source ({' or '.join(CONSENSUS_LEVELS)}); it cites none"
            )
    elif GRADED.index(rec.certainty) < GRADED.index(ceiling):
        yield (
            f"recommendation certainty {rec.certainty!r} is higher than its sources allow: "
            f"at most {ceiling!r} ({why}; see the certainty table in the README)"
        )
    if (
        rec.strength.startswith("strong")
        and rec.certainty in ("low", "very-low")
        and not rec.strong_because
    ):
        yield (
            f"a strong recommendation with {rec.certainty} certainty must say why it is "
            "strong: add ':strong-because: ...' (a cited reason)"
        )


def check_recommendations(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every recommendation, and every page that needs one."""
    sources = get_report(env).sources
    domain = get_domain(env)
    for rec in domain.all():
        for message in problems_of(rec, sources):
            warn(message, SUBTYPE, rec.docname, rec.line)
    required = set(app.config.handbook_recommendation_types)
    for page in get_pages(env).pages.values():
        if page.type in required and not domain.pages.get(page.docname):
            warn(
                f"a {page.type} page needs at least one recommendation: add a "
                "```{recommendation} block (strength, certainty, population, rationale)",
                SUBTYPE,
                page.docname,
                page.line_of("type"),
            )


def setup_recommendations(app: Sphinx) -> None:
    app.add_domain(RecommendationsDomain)
    app.add_directive("recommendation", RecommendationDirective)
    app.add_config_value(
        "handbook_recommendation_types",
        (),
        "env",
        (tuple, list),
        description="page types that must give at least one recommendation",
    )
    app.connect("env-updated", check_recommendations)
