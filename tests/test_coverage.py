"""Every statement of the two source articles has its place in the handbook.

``tests/coverage/article_statements.yaml`` maps each factual statement,
technique, contraindication and session stage of the two commercial articles
the handbook starts from (keys ``soothe`` and ``daoyi``) to the page that
discusses it, or to ``null`` with the reason it is left out. These tests read
the real build's ``claims.json`` and fail when a mapped page disappears, when
it no longer cites the article, when a left-out statement gives no reason, or
when a technique, contraindication or stage of the articles has no entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from handbook_build import Build

MAPPING = Path(__file__).resolve().parent / "coverage" / "article_statements.yaml"
ARTICLES = ("soothe", "daoyi")
FIELDS = {"article", "statement", "page", "reason"}

# What the articles name, as the handbook's pages (docnames).
TECHNIQUES = (
    "techniques/swedish-massage",
    "techniques/deep-tissue-massage",
    "techniques/myofascial-release",
    "techniques/trigger-point-therapy",
    "techniques/neural-mobilisation",
    "techniques/heat-assisted-massage",
)
CONTRAINDICATIONS = (
    "contraindications/cauda-equina-syndrome",
    "contraindications/worsening-numbness",
    "contraindications/sudden-limb-weakness",
    "contraindications/acute-flare-up",
    "contraindications/pain-during-session",
    "contraindications/no-medical-clearance",
)
STAGES = (
    "stages/intake",
    "stages/assessment",
    "stages/treatment-session",
    "stages/after-session",
    "stages/course-of-care",
)


def load_entries() -> list[dict[str, Any]]:
    entries = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries, f"{MAPPING.name} must be a non-empty list"
    return entries


ENTRIES = load_entries()


def describe(entry: dict[str, Any]) -> str:
    return f"{entry.get('article')}: {entry.get('statement')!r}"


@pytest.fixture(scope="module")
def claims_json(handbook_html: Build) -> dict[str, Any]:
    return json.loads((handbook_html.outdir / "claims.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keys_by_page(claims_json: dict[str, Any]) -> dict[str, set[str]]:
    """Every citation key cited by at least one claim, per page."""
    keys: dict[str, set[str]] = defaultdict(set)
    for claim in claims_json["claims"]:
        keys[claim["page"]].update(claim["keys"])
    return keys


def test_entries_are_well_formed() -> None:
    problems = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(ENTRIES, start=1):
        if not isinstance(entry, dict):
            problems.append(f"entry {number} is not a mapping: {entry!r}")
            continue
        if unknown := set(entry) - FIELDS:
            problems.append(f"entry {number} ({describe(entry)}) has unknown fields {unknown}")
        if entry.get("article") not in ARTICLES:
            problems.append(f"entry {number} names no known article ({', '.join(ARTICLES)})")
        statement = entry.get("statement")
        if not isinstance(statement, str) or not statement.strip():
            problems.append(f"entry {number} has no statement")
        elif (entry.get("article"), statement) in seen:
            problems.append(f"entry {number} repeats {describe(entry)}")
        seen.add((entry.get("article"), statement))
        if "page" not in entry:
            problems.append(f"entry {number} ({describe(entry)}) has no page (use null)")
        elif entry["page"] is not None and not (
            isinstance(entry["page"], str) and entry["page"].strip()
        ):
            problems.append(f"entry {number} ({describe(entry)}) has an empty page")
    assert not problems, "\n".join(problems)


def test_left_out_statements_give_a_reason() -> None:
    missing = [
        describe(entry)
        for entry in ENTRIES
        if entry.get("page") is None
        and not (isinstance(entry.get("reason"), str) and entry["reason"].strip())
    ]
    assert not missing, "left out (page: null) without a reason:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("kind", "pages"),
    [("technique", TECHNIQUES), ("contraindication", CONTRAINDICATIONS), ("stage", STAGES)],
)
def test_every_technique_contraindication_and_stage_is_mapped(
    kind: str, pages: tuple[str, ...]
) -> None:
    mapped = {entry.get("page") for entry in ENTRIES}
    missing = [page for page in pages if page not in mapped]
    assert not missing, f"no statement of the articles is mapped to these {kind} pages: {missing}"


def test_both_articles_are_sources_of_the_build(claims_json: dict[str, Any]) -> None:
    assert set(ARTICLES) <= set(claims_json["sources"]), "an article is missing from the build"


def test_mapped_pages_exist_and_cite_their_article(
    handbook_html: Build, keys_by_page: dict[str, set[str]]
) -> None:
    problems = []
    for entry in ENTRIES:
        page, article = entry.get("page"), entry.get("article")
        if page is None:
            continue
        if not (handbook_html.outdir / f"{page}.html").is_file():
            problems.append(f"{describe(entry)} is mapped to {page!r}, which is not in the build")
        elif article not in keys_by_page.get(page, set()):
            problems.append(
                f"{describe(entry)} is mapped to {page!r}, but no claim on that page "
                f"cites {article!r}"
            )
    assert not problems, "\n".join(problems)
