"""Every figure and quotation of a claim is in a recorded fact of a source it cites.

:func:`check_facts` is pure: it reads the claims (:mod:`.claims`), the
bibliography (:mod:`.bibliography`) and the source pages
(:mod:`.source_pages`) and returns which facts each claim's figures and
quotations matched, the counts, and the problems, which :mod:`.claim_report`
adds to its own. What counts as a figure and when two match is
:mod:`.figures`.

* A figure of a claim must match a figure of a recorded fact (its quote or
  record) of one of the claim's cited sources, or the source's year or title.
* A quotation in a claim must appear in a recorded quote of one of them (or in
  its title). A ``:record:`` is the editors' wording, not the source's: it
  never supports a quotation.
* A fact's statement may state only figures its own quote or record holds, and
  a source page's population only figures its facts hold.
* Every cited entry of the bibliography has a source page, every source page
  records an entry and declares its population, and every fact gives its
  words and where they were seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .bibliography import Bibliography
from .claims import Claim, Problem, first_words
from .evidence import Source
from .figures import (
    Figure,
    canonical,
    figures_in,
    find_match,
    matches,
    normalise_quote,
    quotation_found,
    quotations_in,
)
from .source_pages import SOURCE_TYPE, Fact, SourcePage

#: A quote longer than this is no longer "a short quote of about 25 words".
MAX_QUOTE_WORDS = 35


@dataclass(frozen=True)
class FactsCheck:
    """What the facts check found."""

    matched: dict[tuple[str, int], tuple[str, ...]]
    """``(docname, claim index)`` -> the facts its figures and quotations matched,
    as ``key#fact-N``."""
    figures: int
    figures_matched: int
    quotations: int
    quotations_matched: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Known:
    """What one key's source page and reference data hold."""

    page: SourcePage | None
    reference: tuple[Figure, ...]
    title: str
    by_value: dict[str, list[tuple[str, Figure]]] = field(default_factory=dict)
    """Each recorded figure (as ``(key#fact-N, figure)``) under each of its values."""

    @classmethod
    def of(cls, key: str, page: SourcePage | None, source: Source) -> _Known:
        reference = figures_in(source.title, lenient=True)
        year = _value(source.year)
        if year is not None:
            reference += (Figure((year,), False, "", "", source.year, 0),)
        by_value: dict[str, list[tuple[str, Figure]]] = {}
        for fact in page.facts if page is not None else ():
            for figure in fact.known:
                for value in set(figure.values):
                    by_value.setdefault(value, []).append((f"{key}#{fact.anchor}", figure))
        return cls(page, reference, normalise_quote(source.title), by_value)

    def facts_holding(self, figure: Figure) -> list[str]:
        return [
            ref for ref, known in self.by_value.get(figure.values[0], ()) if matches(figure, known)
        ]

    @property
    def has_broken_fact(self) -> bool:
        """A fact without its words is reported itself; what it held is unknown."""
        return self.page is not None and any(
            not fact.quote and not fact.record for fact in self.page.facts
        )


def _value(year: str) -> str | None:
    return canonical(Decimal(year.strip())) if year.strip().isdigit() else None


def _keys_named(keys: Iterable[str]) -> str:
    keys = list(keys)
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " or " + keys[-1]


def check_facts(
    claims: Iterable[Claim],
    bibliography: Bibliography,
    pages: Mapping[str, SourcePage],
    by_key: Mapping[str, SourcePage],
    cited: frozenset[str],
) -> FactsCheck:
    """Match every claim's figures and quotations to the facts of its sources' pages.

    ``by_key`` is the source page of each key (:meth:`.SourcesDomain.by_key`).
    Every cited entry of the bibliography needs a source page; an uncited one
    is reported as unused instead: one message per mistake.
    """
    known: dict[str, _Known] = {}
    for key, source in bibliography.sources.items():
        known[key] = _Known.of(key, by_key.get(key), source)
    problems: list[Problem] = []
    matched: dict[tuple[str, int], tuple[str, ...]] = {}
    counts = [0, 0, 0, 0]
    for claim in claims:
        if not claim.figures and not claim.quotations:
            continue
        facts, found = _check_claim(claim, known, counts)
        problems.extend(found)
        if facts:
            matched[(claim.docname, claim.index)] = facts
    problems.extend(_page_problems(bibliography, pages, by_key, cited))
    for page in sorted(pages.values(), key=lambda p: p.docname):
        problems.extend(_fact_problems(page, known.get(page.key)))
    return FactsCheck(matched, *counts, problems=tuple(problems))


def _check_claim(
    claim: Claim, known: Mapping[str, _Known], counts: list[int]
) -> tuple[tuple[str, ...], list[Problem]]:
    cited = [known[key] for key in claim.keys if key in known]
    matched: dict[str, None] = {}
    problems: list[Problem] = []
    for raw in claim.figures:
        figure = Figure._make(raw)
        counts[0] += 1
        hits = [ref for entry in cited for ref in entry.facts_holding(figure)]
        if hits or any(find_match(figure, entry.reference) for entry in cited):
            counts[1] += 1
            matched.update(dict.fromkeys(hits))
            continue
        if len(cited) < len(claim.keys) or any(entry.has_broken_fact for entry in cited):
            continue  # one message per mistake: the unknown key, or the fact that lost its words
        problems.append(
            Problem(
                "figure",
                f'figure "{figure.text}" is in no recorded fact of {_keys_named(claim.keys)}: '
                f'"{first_words(claim.text)}" (record it, with the source\'s words, on its '
                "source page, or correct the figure)" + _missing_pages(claim, known),
                claim.source,
                claim.line + claim.text.count("\n", 0, figure.start),
                claim.docname,
                claim,
            )
        )
    for quotation in claim.quotations:
        counts[2] += 1
        hits = [
            f"{entry.page.key}#{fact.anchor}"
            for entry in cited
            if entry.page is not None
            for fact in entry.page.facts
            if fact.quote and quotation_found(quotation, [fact.normalised_quote])
        ]
        if hits or quotation_found(quotation, [entry.title for entry in cited]):
            counts[3] += 1
            matched.update(dict.fromkeys(hits))
            continue
        if len(cited) < len(claim.keys):
            continue  # the unknown key is the one message
        problems.append(
            Problem(
                "quotation",
                f'quotation "{first_words(quotation)}" is in no recorded quote of '
                f"{_keys_named(claim.keys)}: quote the source's words exactly as its source "
                "page records them, or do not put the text in quotation marks"
                + _missing_pages(claim, known),
                claim.source,
                claim.line,
                claim.docname,
                claim,
            )
        )
    return tuple(matched), problems


def _missing_pages(claim: Claim, known: Mapping[str, _Known]) -> str:
    missing = [key for key in claim.keys if key not in known or known[key].page is None]
    if not missing:
        return ""
    return f"; no source page records {_keys_named(missing)}"


def _page_problems(
    bibliography: Bibliography,
    pages: Mapping[str, SourcePage],
    by_key: Mapping[str, SourcePage],
    cited: frozenset[str],
) -> Iterator[Problem]:
    for source in bibliography.sources.values():
        if source.key not in by_key and source.key in cited:
            yield Problem(
                "source-page",
                f"bibliography entry {source.key!r} has no source page: add a page with "
                f"'type: {SOURCE_TYPE}' and 'id: {source.key}' (in sources/) that records "
                "its facts",
                source.bibfile,
                source.line,
            )
    for docname in sorted(pages):
        page = pages[docname]
        if not page.is_source_page:
            continue
        if page.key and page.key not in bibliography.sources:
            yield Problem(
                "source-page",
                f"source page id {page.key!r} is not a key of the bibliography "
                "(the id of a source page is the BibTeX key of the entry it records)",
                page.source,
                page.line,
                docname,
            )
        if not page.population:
            yield Problem(
                "source-page",
                "source page declares no population: add 'population: ...' to its front "
                "matter (who the source studied; for a web page, 'none: not a study')",
                page.source,
                page.population_line,
                docname,
            )


def _fact_problems(page: SourcePage, known: _Known | None) -> Iterator[Problem]:
    reference = known.reference if known is not None else ()
    for fact in page.facts:
        yield from _one_fact(page, fact, reference)
    facts_known = [figure for fact in page.facts for figure in fact.known]
    broken = any(not fact.quote and not fact.record for fact in page.facts)
    for figure in page.population_figures if not broken else ():
        if not find_match(figure, facts_known) and not find_match(figure, reference):
            yield Problem(
                "figure",
                f'population states "{figure.text}", which no recorded fact of '
                f"{page.key or 'this page'} holds",
                page.source,
                page.population_line,
                page.docname,
            )


def _one_fact(page: SourcePage, fact: Fact, reference: tuple[Figure, ...]) -> Iterator[Problem]:
    def problem(subtype: str, message: str) -> Problem:
        return Problem(subtype, message, fact.source, fact.line, page.docname)

    name = f"fact {fact.number}"
    if not page.is_source_page:
        yield problem(
            "fact",
            f"{name} is on a page that is not a source page: record facts on the page of "
            f"type '{SOURCE_TYPE}' of the source they quote",
        )
    if not fact.statement:
        yield problem("fact", f"{name} states nothing: write the fact in the handbook's words")
    if not fact.quote and not fact.record:
        yield problem(
            "fact",
            f"{name} has no quote: give the source's own words as :quote: (or, where the "
            "editors' verified list has no verbatim quote, its wording as :record:)",
        )
    elif fact.quote and fact.record:
        yield problem("fact", f"{name} has both :quote: and :record:; give one of them")
    if not fact.seen:
        yield problem(
            "fact",
            f"{name} does not say where its words were seen: add :seen: with the URL or page",
        )
    words = len((fact.quote or fact.record).split())
    if words > MAX_QUOTE_WORDS:
        yield problem(
            "fact",
            f"{name}'s quote has {words} words: keep to the words that support the fact "
            f"(about 25, at most {MAX_QUOTE_WORDS})",
        )
    for figure in fact.stated if fact.quote or fact.record else ():
        if not find_match(figure, fact.known) and not find_match(figure, reference):
            yield problem(
                "figure",
                f'{name} states "{figure.text}", which its own quote or record does not hold',
            )
    for quotation in quotations_in(fact.statement):
        if not fact.quote or not quotation_found(quotation, [fact.normalised_quote]):
            yield problem(
                "quotation",
                f'{name} quotes "{first_words(quotation)}", which its own quote does not hold',
            )
