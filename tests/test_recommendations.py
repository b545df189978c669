"""Recommendations: the checks on wording, certainty and fields, and what readers see.

One small project (``tests/roots/test-recommendations``) with a technique page
holding two recommendations; each check is a one-line edit of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from root_build import Edit, append, build, copy_root, edit, edits

MASSAGE = "techniques/massage.md"
CONDITIONAL = ":strength: conditional-for\n:certainty: low\n"
CONSENSUS = ":strength: strong-for\n:certainty: consensus\n"


def root(tmp_path: Path, change: Edit | None = None) -> Path:
    srcdir = copy_root(tmp_path, "recommendations")
    if change is not None:
        change(srcdir)
    return srcdir


CHECKS: dict[str, tuple[Edit, list[str]]] = {
    "wording-conditional": (
        edit(MASSAGE, "Consider massage as one part", "Use massage as one part"),
        [
            "techniques/massage.md:13: WARNING: recommendation wording: a conditional "
            "recommendation for starts with 'consider', but this one starts with 'use' "
            "[handbook.recommendation]",
        ],
    ),
    "wording-against": (
        edit(MASSAGE, CONDITIONAL, ":strength: conditional-against\n:certainty: low\n"),
        [
            "techniques/massage.md:13: WARNING: recommendation wording: a recommendation "
            "against says 'do not', but this one starts with 'consider' "
            "[handbook.recommendation]",
        ],
    ),
    "wording-strong": (
        edit(MASSAGE, "Stop the session when", "Therapists should stop the session when"),
        [
            "techniques/massage.md:21: WARNING: recommendation wording: a strong "
            "recommendation for is an instruction ('offer', or a verb such as 'stop'), but "
            "this one starts with 'therapists should' [handbook.recommendation]",
        ],
    ),
    "inflated-certainty": (
        edit(MASSAGE, CONDITIONAL, ":strength: conditional-for\n:certainty: moderate\n"),
        [
            "techniques/massage.md:13: WARNING: recommendation certainty 'moderate' is higher "
            "than its sources allow: at most 'low' (trial is randomised trial, indirect; see "
            "the certainty table in the README) [handbook.recommendation]",
        ],
    ),
    "missing-field": (
        edit(MASSAGE, ":population: every client\n", ""),
        [
            "techniques/massage.md:21: WARNING: recommendation without population: add "
            "':population: ...' [handbook.recommendation]",
        ],
    ),
    "no-statement": (
        edits(
            edit(MASSAGE, "Consider massage as one part of care {cite:p}`trial`.\n", ""),
            append(MASSAGE, "\nA trial exists {cite:p}`trial`.\n"),
        ),
        [
            "techniques/massage.md:13: WARNING: recommendation without a statement: write what "
            "to do as the directive's content [handbook.recommendation]",
        ],
    ),
    "unknown-values": (
        edit(MASSAGE, CONDITIONAL, ":strength: weak\n:certainty: medium\n"),
        [
            "techniques/massage.md:13: WARNING: recommendation strength 'weak' is not one of "
            "strong-for, conditional-for, conditional-against, strong-against "
            "[handbook.recommendation]",
            "techniques/massage.md:13: WARNING: recommendation certainty 'medium' is not one "
            "of high, moderate, low, very-low, consensus [handbook.recommendation]",
        ],
    ),
    "strong-low-without-why": (
        edits(
            edit(MASSAGE, CONDITIONAL, ":strength: strong-for\n:certainty: low\n"),
            edit(MASSAGE, "Consider massage as one part", "Offer massage as one part"),
        ),
        [
            "techniques/massage.md:13: WARNING: a strong recommendation with low certainty "
            "must say why it is strong: add ':strong-because: ...' (a cited reason) "
            "[handbook.recommendation]",
        ],
    ),
    "commercial-only": (
        edits(
            edit(MASSAGE, "small benefit {cite:p}`trial`", "small benefit {cite:p}`web`"),
            edit(MASSAGE, "part of care {cite:p}`trial`", "part of care {cite:p}`web`"),
            append(MASSAGE, "\nA trial exists {cite:p}`trial`.\n"),
        ),
        [
            "techniques/massage.md:13: WARNING: recommendation rests only on commercial pages: "
            "report it as the page's own claim, not as a recommendation "
            "[handbook.recommendation]",
        ],
    ),
    "consensus-without-consensus-source": (
        edits(
            edit(MASSAGE, "asks for it {cite:p}`expert`", "asks for it {cite:p}`trial`"),
            edit(MASSAGE, "red flag appears {cite:p}`expert`", "red flag appears {cite:p}`trial`"),
            append(MASSAGE, "\nA framework exists {cite:p}`expert`.\n"),
        ),
        [
            "techniques/massage.md:21: WARNING: a consensus recommendation cites a guideline "
            "or a consensus or expert source (guideline or expert-opinion); it cites none "
            "[handbook.recommendation]",
        ],
    ),
}


def _no_recommendations(srcdir: Path) -> None:
    path = srcdir / MASSAGE
    text = path.read_text(encoding="utf-8")
    start = text.index("```{recommendation}")
    end = text.index("Check for")
    kept = "A trial and a framework exist {cite:p}`trial,expert`.\n\n"
    path.write_text(text[:start] + kept + text[end:], encoding="utf-8")


CHECKS["technique-without-recommendation"] = (
    _no_recommendations,
    [
        "techniques/massage.md:2: WARNING: a technique page needs at least one recommendation: "
        "add a ```{recommendation} block (strength, certainty, population, rationale) "
        "[handbook.recommendation]",
    ],
)


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_each_check_names_file_and_line(tmp_path: Path, check: str) -> None:
    change, expected = CHECKS[check]
    result = build(root(tmp_path, change), "dummy", warningiserror=True)
    assert result.warning_lines() == expected
    assert result.app.statuscode == 1


def test_the_base_project_is_clean(tmp_path: Path) -> None:
    result = build(root(tmp_path), "dummy", warningiserror=True)
    assert (result.warnings, result.app.statuscode) == ("", 0)


def test_indirectness_explained_keeps_the_ceiling(tmp_path: Path) -> None:
    change = edits(
        edit(MASSAGE, CONDITIONAL, ":strength: conditional-for\n:certainty: moderate\n"),
        edit(
            MASSAGE,
            ":rationale: One trial",
            ":indirectness: The trial's population is close enough {cite:p}`trial`.\n"
            ":rationale: One trial",
        ),
    )
    result = build(root(tmp_path, change), "dummy", warningiserror=True)
    assert result.warnings == ""


# --- what readers see -------------------------------------------------------------
@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = {}
    for buildername in ("html", "latex", "text"):
        result = build(root(tmp_path_factory.mktemp(buildername)), buildername)
        assert result.warnings == "", result.warnings
        found[buildername] = result.outdir
    return found


def test_bottom_line_opens_the_technique_page(outputs: dict[str, Path]) -> None:
    page = (outputs["html"] / "techniques" / "massage.html").read_text(encoding="utf-8")
    box, bottom = page.index("contraindication-box"), page.index("recommendation-bottom-line")
    # Right after the box: the red flags stay first on a phone (test_site checks the screen).
    assert box < bottom < page.index("Massage is a technique")
    line = page[bottom : page.index("Massage is a technique")]
    assert "Conditional recommendation for · low certainty</strong>" in line
    assert ": Consider massage as one part of care. " in line
    assert '<a class="reference internal" href="#recommendation-1"' in line
    assert 'id="recommendation-1"' in page and 'id="recommendation-2"' in page


def test_summary_lists_every_recommendation(outputs: dict[str, Path]) -> None:
    page = (outputs["html"] / "summary.html").read_text(encoding="utf-8")
    table = page[page.index("recommendation-summary") :]
    assert 'href="techniques/massage.html#recommendation-2"' in table
    assert "Strong recommendation for" in table and "consensus" in table
    text = (outputs["text"] / "summary.txt").read_text(encoding="utf-8")
    assert "Stop the session when a red flag appears." in text
    (tex,) = outputs["latex"].glob("*.tex")
    latex = tex.read_text(encoding="utf-8")
    assert "Conditional recommendation for · low certainty" in latex
    assert r"\begin{sphinxadmonition}{note}{Recommendation}" in latex


def test_recommendations_json(outputs: dict[str, Path]) -> None:
    data = json.loads((outputs["html"] / "recommendations.json").read_text(encoding="utf-8"))
    first, second = data["recommendations"]
    assert first == {
        "anchor": "recommendation-1",
        "certainty": "low",
        "indirectness": "",
        "line": 13,
        "page": "techniques/massage",
        "population": "adults with back pain in another population than the trial's",
        "rationale": "One trial in another population found a small benefit.",
        "sources": [{"directness": "indirect", "evidence": "randomised-trial", "key": "trial"}],
        "statement": "Consider massage as one part of care.",
        "strength": "conditional-for",
        "strong_because": "",
    }
    assert second["sources"][0]["evidence"] == "expert-opinion"


def test_a_changed_recommendation_rewrites_the_summary(tmp_path: Path) -> None:
    srcdir = root(tmp_path)
    build(srcdir)
    edit(MASSAGE, "Consider massage as one part", "Consider gentle massage as one part")(srcdir)
    second = build(srcdir, freshenv=False)
    summary = (second.outdir / "summary.html").read_text(encoding="utf-8")
    assert "Consider gentle massage as one part of care." in summary


def test_parallel_build_gives_the_same_json(tmp_path: Path) -> None:
    serial = build(root(tmp_path / "serial"))
    parallel = build(root(tmp_path / "parallel"), parallel=2)
    name = "recommendations.json"
    assert (serial.outdir / name).read_text() == (parallel.outdir / name).read_text()
