"""One model of the project's claims, and the checks and summary that read it.

:func:`get_report` turns the claims domain (:mod:`.claims`) and the
bibliography (:mod:`.bibliography`) into one :class:`Report`: the claims and
editorial notes in order, the keys cited, the totals, and every problem. It is
computed once and kept until a page's records change; the checks, the
``make check`` summary, the evidence register and ``claims.json``
(:mod:`.register`) all read the same object.

The checks warn at ``env-updated``, on every build, before any page is
written, like the other checks of the handbook, with the warning type
``handbook.<subtype>``: ``uncited``, ``evidence-field``, ``unused-source``,
``exemption-reason``, ``no-claims``. An unknown citation key is
sphinxcontrib-bibtex's own warning ``bibtex.key_not_found``.
``suppress_warnings`` cannot silence these checks; the summary is printed at
``build-finished``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .bibliography import Bibliography, get_bibliography
from .claims import Claim, Exemption, PageInfo, Problem, first_words, get_domain
from .evidence import Source, Summary, summarise
from .fact_check import FactsCheck, check_facts
from .pagetypes import get_pages
from .shared import WARNING_TYPE, warn
from .source_pages import get_sources

logger = logging.getLogger(__name__)

#: Our warning subtypes; ``suppress_warnings`` may not name them.
SUBTYPES = (
    "uncited",
    "evidence-field",
    "unused-source",
    "exemption-reason",
    "no-claims",
    "figure",
    "quotation",
    "source-page",
    "fact",
    "checker-error",
)


@dataclass(frozen=True)
class Totals:
    pages: int
    claims: int
    uncited: int
    citations: int
    sources: int
    sources_used: int
    exemptions: int
    figures: int = 0
    figures_matched: int = 0
    quotations: int = 0
    quotations_matched: int = 0

    @property
    def sources_unused(self) -> int:
        return self.sources - self.sources_used


@dataclass
class Report:
    """The project's claims, notes, sources and problems, in a stable order."""

    claims: list[Claim]
    exemptions: list[Exemption]
    pages: dict[str, PageInfo]
    claims_by_page: dict[str, tuple[Claim, ...]]
    bibliography: Bibliography
    cited: frozenset[str]
    uses: Counter[str]
    """How many claims rest on each key."""
    totals: Totals
    problems: list[Problem]
    facts: FactsCheck | None = None
    """What the facts check found (None with ``handbook_source_pages = False``)."""
    _summaries: dict[tuple[str, ...], Summary] = field(default_factory=dict, repr=False)
    _by_key: dict[str, list[Claim]] | None = field(default=None, repr=False)

    @property
    def sources(self) -> dict[str, Source]:
        return self.bibliography.sources

    @property
    def unused_sources(self) -> list[str]:
        return sorted(key for key in self.sources if key not in self.cited)

    def claims_citing(self, key: str) -> list[Claim]:
        """The claims that rest on ``key``, in order (indexed once per report)."""
        if self._by_key is None:
            self._by_key = {}
            for claim in self.claims:
                for cited in claim.keys:
                    self._by_key.setdefault(cited, []).append(claim)
        return self._by_key.get(key, [])

    def strongest(self, claim: Claim) -> str | None:
        """The strongest evidence level among the sources a claim cites (None when
        uncited or unknown): what the register's summary and ``claims.json`` count."""
        return self.summary(claim.keys).strongest if claim.keys else None

    def count_by_strongest(self, claims: Iterable[Claim]) -> Counter[str | None]:
        """How many of ``claims`` have each strongest level (None: uncited or unknown)."""
        return Counter(self.strongest(claim) for claim in claims)

    def summary(self, keys: Iterable[str]) -> Summary:
        """The evidence behind these keys, computed once per set of keys."""
        keys = tuple(keys)
        if keys not in self._summaries:
            self._summaries[keys] = summarise(keys, self.sources)
        return self._summaries[keys]


def get_report(env: BuildEnvironment) -> Report:
    """The report for this build, kept until a page's records change."""
    domain = get_domain(env)
    bibliography = get_bibliography(env)
    report = domain.derived("report", lambda: _build_report(env, bibliography))
    if report.bibliography is not bibliography:  # the .bib files were parsed again
        domain.forget_derived()
        report = domain.derived("report", lambda: _build_report(env, bibliography))
    return report


def _build_report(env: BuildEnvironment, bibliography: Bibliography) -> Report:
    domain = get_domain(env)
    pages = dict(sorted(domain.pages.items()))
    claims_by_page = {doc: domain.data["claims"].get(doc, ()) for doc in pages}
    claims = sorted(c for page in claims_by_page.values() for c in page)
    exemptions = sorted(e for page in domain.data["exemptions"].values() for e in page)
    cited = frozenset(key for page in pages.values() for key in page.cited)
    sources = bibliography.sources
    totals = Totals(
        pages=len(pages),
        claims=len(claims),
        uncited=sum(1 for c in claims if not c.keys),
        citations=sum(p.citations for p in pages.values()),
        sources=len(sources),
        sources_used=sum(1 for key in sources if key in cited),
        exemptions=len(exemptions),
    )
    report = Report(
        claims=claims,
        exemptions=exemptions,
        pages=pages,
        claims_by_page=claims_by_page,
        bibliography=bibliography,
        cited=cited,
        uses=Counter(key for claim in claims for key in claim.keys),
        totals=totals,
        problems=[],
    )
    untyped = {doc for doc, page in get_pages(env).pages.items() if not page.type}
    sources_domain = get_sources(env)
    source_pages = sources_domain.pages
    with_facts = {doc for doc, page in source_pages.items() if page.facts or page.is_source_page}
    report.problems.extend(_problems(report, domain.data["exemptions"], untyped | with_facts))
    if env.config.handbook_source_pages:
        facts = check_facts(claims, bibliography, source_pages, sources_domain.by_key(), cited)
        report.facts = facts
        report.totals = replace(
            totals,
            figures=facts.figures,
            figures_matched=facts.figures_matched,
            quotations=facts.quotations,
            quotations_matched=facts.quotations_matched,
        )
        report.problems.extend(facts.problems)
    return report


def _problems(
    report: Report, exemptions: dict[str, tuple[Exemption, ...]], not_checked: set[str]
) -> Iterator[Problem]:
    """Everything the checks object to, in a stable order."""
    for problem in report.bibliography.field_problems:
        yield Problem("evidence-field", problem.message, problem.bibfile, problem.line)
    for docname, page in report.pages.items():
        page_claims = report.claims_by_page[docname]
        page_exemptions = sorted(exemptions.get(docname, ()))
        for claim in page_claims:
            if not claim.keys:
                yield Problem(
                    "uncited",
                    f'uncited claim: "{first_words(claim.text)}" '
                    "(cite a source in this sentence with {cite:p}`key`, "
                    "or put editorial text in an editorial-note with a reason)",
                    claim.source,
                    claim.line,
                    docname,
                    claim,
                )
        for exemption in page_exemptions:
            if not exemption.reason:
                yield Problem(
                    "exemption-reason",
                    "editorial-note without a reason: give one as its argument, "
                    "e.g. ```{editorial-note} How to use this page; not clinical advice.",
                    exemption.source,
                    exemption.line,
                    docname,
                )
        if (
            not page_claims
            and not page_exemptions
            and not page.has_generated_content
            and docname not in not_checked  # untyped (already reported) or holding facts
        ):
            yield Problem(
                "no-claims",
                "page has no claims: add cited text, or mark editorial text with an editorial-note",
                page.source,
                1,
                docname,
            )
    for source in report.sources.values():
        if source.key not in report.cited:
            yield Problem(
                "unused-source",
                f"bibliography entry {source.key!r} is not cited on any page "
                "(cite it or remove it)",
                source.bibfile,
                source.line,
            )


# --- the checks and the summary -------------------------------------------------
def _location(env: BuildEnvironment, problem: Problem) -> str | tuple[str, int] | None:
    if problem.path:
        path = Path(env.srcdir, problem.path)
        return f"{path}:{problem.line}" if problem.line else str(path)
    return (problem.docname, 0) if problem.docname else None


def check_claims(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: warn about every problem, before any page is written."""
    if not app.config.handbook_checks:
        return
    try:
        problems = get_report(env).problems
    except Exception as error:  # never a traceback: the build still fails, with a reason
        warn(f"the claim checks could not run: {error}", "checker-error", None)
        return
    for problem in problems:
        warn(problem.message, problem.subtype, _location(env, problem))


def _display_path(env: BuildEnvironment, path: str) -> str:
    try:
        return os.path.relpath(Path(env.srcdir, path))
    except ValueError:
        return path


def summary_lines(env: BuildEnvironment) -> Iterator[str]:
    """The ``make check`` summary."""
    report = get_report(env)
    totals = report.totals
    yield ""
    yield (
        f"claims: {totals.pages} pages, {totals.claims} claims ({totals.uncited} uncited), "
        f"{totals.citations} citations"
    )
    yield (
        f"sources: {totals.sources} in the bibliography, {totals.sources_used} used, "
        f"{totals.sources_unused} unused"
    )
    if report.facts is not None:
        yield (
            f"facts: {totals.figures_matched} of {totals.figures} figures and "
            f"{totals.quotations_matched} of {totals.quotations} quotations match a recorded fact"
        )
    yield f"exemptions (editorial notes): {totals.exemptions}"
    for exemption in report.exemptions:
        where = _display_path(env, exemption.source)
        yield f"  {where}:{exemption.line}: {exemption.reason or '(no reason)'}"
    uncited = [p for p in report.problems if p.subtype == "uncited" and p.claim is not None]
    if uncited:
        yield "uncited sentences:"
        for problem in uncited:
            assert problem.claim is not None
            where = _display_path(env, problem.path)
            yield f'  {where}:{problem.line}: "{first_words(problem.claim.text)}"'
    others = Counter(p.subtype for p in report.problems if p.subtype != "uncited")
    if others:
        yield "other problems: " + ", ".join(f"{others[s]} {s}" for s in SUBTYPES if others[s])


def print_summary(app: Sphinx, exc: Exception | None) -> None:
    """``build-finished``: the counts, the exemptions and every uncited sentence."""
    if exc is not None or not app.config.handbook_checks:
        return
    try:
        for line in summary_lines(app.env):
            logger.info(line)
    except Exception as error:  # never a traceback: say why
        warn(f"the claim summary could not be printed: {error}", "checker-error", None)


# --- set-up -------------------------------------------------------------------
def no_silencing(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``suppress_warnings`` may not switch the checks off."""
    ours = {WARNING_TYPE, f"{WARNING_TYPE}.*"} | {f"{WARNING_TYPE}.{s}" for s in SUBTYPES}
    dropped = sorted(ours & set(config.suppress_warnings))
    if dropped:
        config.suppress_warnings = [e for e in config.suppress_warnings if e not in ours]
        logger.warning(
            "suppress_warnings cannot silence the claim checks; ignoring %s "
            "(exempt text with an editorial-note instead)",
            ", ".join(dropped),
        )


def checks_off(app: Sphinx) -> None:
    """``builder-inited``: switching the checks off is loud, so a -W build fails."""
    if not app.config.handbook_checks:
        logger.warning(
            "handbook_checks = False: claims are NOT checked (for benchmarking only)",
        )


def setup_claim_report(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_checks",
        True,
        "env",
        bool,
        description="the claim checks; False is for benchmarking only and fails a -W build",
    )
    app.add_config_value(
        "handbook_source_pages",
        True,
        "env",
        bool,
        description="the facts check: a claim's figures and quotations against its sources' facts",
    )
    app.connect("config-inited", no_silencing)
    app.connect("builder-inited", checks_off)
    app.connect("env-updated", check_claims)
    app.connect("build-finished", print_summary)
