"""Source pages and the facts check: every figure and quotation traces to a recorded fact.

Each test edits one thing in a copy of ``tests/roots/test-sources`` (the
claims-cited project, its facts check switched back on, with a source page for
each of its three entries) and asserts the exact warning, file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from root_build import Build, append, build, copy_root, edit, edits

TECHNIQUE = "technique.md"
SMITH = "sources/smith2020.md"
FIGURE_HELP = "(record it, with the source's words, on its source page, or correct the figure)"


#: claims-cited switches the facts check off; this project is about it.
FACTS_ON = edit("conf.py", "handbook_source_pages = False", "handbook_source_pages = True")


def sources(tmp_path: Path, *changes) -> Path:
    srcdir = copy_root(tmp_path, "sources")
    edits(FACTS_ON, *changes)(srcdir)
    return srcdir


def figure_warning(line: int, figure: str, claim: str, keys: str = "smith2020") -> str:
    return (
        f'{TECHNIQUE}:{line}: WARNING: figure "{figure}" is in no recorded fact of {keys}: '
        f'"{claim}" {FIGURE_HELP} [handbook.figure]'
    )


def test_a_project_whose_figures_all_match_builds_clean(tmp_path: Path) -> None:
    result = build(sources(tmp_path))
    assert result.warning_lines() == []
    data = result.claims_json()
    first = data["claims"][0]
    assert first["text"].startswith("Effleurage reduces pain")
    assert first["facts"] == ["smith2020#fact-1"]
    fact = data["facts"]["smith2020#fact-1"]
    assert fact["page"] == "sources/smith2020"
    assert fact["line"] == 9
    assert fact["quote"].startswith("Effleurage lowered pain by 2.5 points")
    assert data["totals"]["figures"] == data["totals"]["figures_matched"] == 6
    assert "facts: 6 of 6 figures and 0 of 0 quotations match a recorded fact" in result.status


@pytest.mark.parametrize(
    ("old", "new", "line", "figure", "claim"),
    [
        # a wrong figure in digits
        (
            "by 2.5 points",
            "by 3.5 points",
            7,
            "3.5",
            "Effleurage reduces pain, e.g. in the lumbar region,...",
        ),
        # a figure in words: thirty matches 30, forty matches nothing
        (
            "up to thirty minutes",
            "up to forty minutes",
            11,
            "forty",
            "Sessions last up to forty minutes.",
        ),
        # a count: 120 adults recorded, 12 stated
        ("in 120 adults", "in 12 adults", 7, "12", "smith2020 compared it vs. rest in 12 adults."),
        # a range: both ends must be one recorded range
        (
            "lasts 20 min",
            "lasts 20 to 40 min",
            9,
            "20 to 40",
            "Dr. Smith’s protocol lasts 20 to 40 min.",
        ),
        # a percentage is not the same number of people
        ("| Prone | 60% |", "| Prone | 60 |", 29, "60", "60"),
    ],
    ids=["digits", "words", "count", "range", "percent"],
)
def test_a_figure_no_fact_holds_is_named_with_its_line(
    tmp_path: Path, old: str, new: str, line: int, figure: str, claim: str
) -> None:
    result = build(sources(tmp_path, edit(TECHNIQUE, old, new)))
    assert result.warning_lines() == [figure_warning(line, figure, claim)]


CI_CLAIM = "\nThe difference was 2.5 points (95% CI 1.2 to 3.8) {cite:p}`smith2020`.\n"


def test_a_confidence_interval_matches_in_any_form(tmp_path: Path) -> None:
    forms = ["1.2 to 3.8", "1.2-3.8", "1.2–3.8", "1·2 to 3·8"]
    srcdir = sources(tmp_path)
    page = srcdir / TECHNIQUE
    base = page.read_text(encoding="utf-8")
    for form in forms:
        page.write_text(base + CI_CLAIM.replace("1.2 to 3.8", form), encoding="utf-8")
        assert build(srcdir).warning_lines() == [], form


def test_a_changed_end_of_a_confidence_interval_is_caught(tmp_path: Path) -> None:
    srcdir = sources(tmp_path, append(TECHNIQUE, CI_CLAIM.replace("3.8", "3.9")))
    assert build(srcdir).warning_lines() == [
        figure_warning(32, "1.2 to 3.9", "The difference was 2.5 points (95% CI 1.2..."),
    ]


def test_a_rate_is_not_a_course(tmp_path: Path) -> None:
    """10 treatments over 10 weeks is not 10 sessions a week."""
    srcdir = sources(
        tmp_path,
        edit(SMITH, "in sessions of 20 to 30 minutes.", "in 10 treatments over 10 weeks."),
    )
    page = srcdir / TECHNIQUE
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nIt was given as 10 treatments over 10 weeks {cite:p}`smith2020`.\n")
    assert "10 treatments over 10 weeks" not in "".join(build(srcdir).warning_lines())
    page.write_text(text + "\nIt was given as 10 sessions a week {cite:p}`smith2020`.\n")
    assert build(srcdir).warning_lines()[-1] == figure_warning(
        32, "10", "It was given as 10 sessions a week."
    )


def test_names_numbers_and_the_year_are_not_figures(tmp_path: Path) -> None:
    names = (
        "\nSee recommendation 1.2.7 of NG59, section 3, note [4] and doi 10.1000/xyz123; "
        "in 2020 the trial used omega-3 oils {cite:p}`smith2020`.\n"
    )
    assert build(sources(tmp_path, append(TECHNIQUE, names))).warning_lines() == []


def test_a_quotation_must_be_a_recorded_quote(tmp_path: Path) -> None:
    quoted = (
        "\nThe trial calls effleurage “a gentle stroke along the muscle fibres” "
        "{cite:p}`smith2020`.\n"
    )
    srcdir = sources(tmp_path)
    page = srcdir / TECHNIQUE
    base = page.read_text(encoding="utf-8")
    page.write_text(base + quoted, encoding="utf-8")
    result = build(srcdir)
    assert result.warning_lines() == []
    (quoting,) = [c for c in result.claims_json()["claims"] if "calls effleurage" in c["text"]]
    assert quoting["facts"] == ["smith2020#fact-2"]
    page.write_text(base + quoted.replace("gentle stroke", "gentle massage"), encoding="utf-8")
    assert build(srcdir).warning_lines() == [
        f'{TECHNIQUE}:32: WARNING: quotation "a gentle massage along the muscle fibres" is in '
        "no recorded quote of smith2020: quote the source's words exactly as its source page "
        "records them, or do not put the text in quotation marks [handbook.quotation]"
    ]


def test_a_record_never_supports_a_quotation(tmp_path: Path) -> None:
    srcdir = sources(
        tmp_path, append(TECHNIQUE, '\nThe trial saw "fewer relapses" {cite:p}`smith2020`.\n')
    )
    assert [w.rpartition("[")[2] for w in build(srcdir).warning_lines()] == ["handbook.quotation]"]


def test_a_cited_source_without_a_source_page(tmp_path: Path) -> None:
    srcdir = sources(tmp_path, edit("index.md", "sources/review2019\n", ""))
    (srcdir / "sources" / "review2019.md").unlink()
    assert build(srcdir).warning_lines() == [
        "refs.bib:18: WARNING: bibliography entry 'review2019' has no source page: add a page "
        "with 'type: source' and 'id: review2019' (in sources/) that records its facts "
        "[handbook.source-page]"
    ]


def test_a_source_page_for_no_entry(tmp_path: Path) -> None:
    srcdir = sources(tmp_path, edit("sources/review2019.md", "id: review2019", "id: review2091"))
    lines = build(srcdir).warning_lines()
    assert (
        "sources/review2019.md:3: WARNING: source page id 'review2091' is not a key of the "
        "bibliography (the id of a source page is the BibTeX key of the entry it records) "
        "[handbook.source-page]"
    ) in lines


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            edit(SMITH, ":quote: Effleurage lowered pain", ":note: Effleurage lowered pain"),
            None,  # MyST's own warning, and the fact then has no quote: below
        ),
        (
            edit(SMITH, ":seen: https://example.org/smith2020\n", ""),
            "sources/smith2020.md:9: WARNING: fact 1 does not say where its words were seen: "
            "add :seen: with the URL or page [handbook.fact]",
        ),
        (
            edit(
                SMITH,
                "Effleurage lowered pain by 2.5 points (95% CI 1.2 to 3.8) in 120 adults.",
                "Effleurage lowered pain by 2.5 points in 130 adults.",
            ),
            'sources/smith2020.md:9: WARNING: fact 1 states "130", which its own quote or record '
            "does not hold [handbook.figure]",
        ),
        (
            edit(
                SMITH,
                ":record: Fewer relapses were seen after effleurage.\n",
                ":record: Fewer relapses were seen after effleurage.\n"
                ":quote: Fewer relapses were seen.\n",
            ),
            "sources/smith2020.md:21: WARNING: fact 3 has both :quote: and :record:; give one "
            "of them [handbook.fact]",
        ),
        (
            edit(
                "sources/clinic2021.md",
                'population: "none: a commercial web page, not a study"\n',
                "",
            ),
            "sources/clinic2021.md:3: WARNING: source page declares no population: add "
            "'population: ...' to its front matter (who the source studied; for a web page, "
            "'none: not a study') [handbook.source-page]",
        ),
    ],
    ids=["unknown-option", "no-seen", "statement-figure", "quote-and-record", "no-population"],
)
def test_each_fact_mistake_is_one_message(tmp_path: Path, change, message: str | None) -> None:
    result = build(sources(tmp_path, change))
    lines = result.warning_lines()
    if message is None:
        assert lines == [
            "sources/smith2020.md:10: WARNING: 'fact': Unknown option key: 'note' (allowed: "
            "['quote', 'record', 'seen']) [myst.directive_option]",
            "sources/smith2020.md:9: WARNING: fact 1 has no quote: give the source's own words "
            "as :quote: (or, where the editors' verified list has no verbatim quote, its "
            "wording as :record:) [handbook.fact]",
        ]
    else:
        assert lines == [message]


def test_a_commercial_page_recorded_as_direct_fails(tmp_path: Path) -> None:
    srcdir = sources(
        tmp_path, edit("refs.bib", "directness = {not-applicable}", "directness = {direct}")
    )
    assert build(srcdir).warning_lines() == [
        "refs.bib:10: WARNING: bibliography entry 'clinic2021' is a commercial web page with "
        "directness 'direct': a web page studied no population, so give it directness = "
        "{not-applicable} [handbook.evidence-field]"
    ]


def test_the_source_page_shows_the_reference_and_every_claim_citing_it(tmp_path: Path) -> None:
    result = build(sources(tmp_path))
    page = (result.outdir / "sources" / "smith2020.html").read_text(encoding="utf-8")
    assert "Massage for lumbar disc herniation: a randomised trial" in page  # the reference
    assert "randomised trial" in page and "120 adults with lumbar disc herniation" in page
    assert "Claims that cite this source" in page
    assert 'href="../technique.html#claim-1"' in page  # one click back to the claim
    assert "(fact 1)" in page  # and names the fact it matched
    assert 'id="fact-1"' in page
    assert "“a gentle stroke along the muscle fibres”" in page
    assert "Editors' verified record" in page or "Editors’ verified record" in page
    technique = (result.outdir / "technique.html").read_text(encoding="utf-8")
    assert 'href="sources/smith2020.html"' in technique  # a citation leads to the source page
    assert 'id="claim-1"' in technique
    web = (result.outdir / "sources" / "clinic2021.html").read_text(encoding="utf-8")
    assert "directness not applicable (not a study)" in web


def test_a_changed_fact_is_checked_and_shown_on_an_incremental_build(tmp_path: Path) -> None:
    srcdir = sources(tmp_path)
    assert build(srcdir).warning_lines() == []
    edit(SMITH, "in 120 adults, in sessions", "in 121 adults, in sessions")(srcdir)
    edit(SMITH, "3.8) in 120 adults.", "3.8) in 121 adults.")(srcdir)
    edit(SMITH, "population: 120 adults", "population: 121 adults")(srcdir)
    again = build(srcdir)
    assert again.warning_lines() == [
        figure_warning(7, "120", "smith2020 compared it vs. rest in 120 adults."),
    ]
    edit(TECHNIQUE, "compared it vs. rest", "compared it with rest")(srcdir)
    third = build(srcdir)
    page = (third.outdir / "sources" / "smith2020.html").read_text(encoding="utf-8")
    assert "compared it with rest" in page  # the source page follows the claim it lists


def test_parallel_and_serial_builds_agree(tmp_path: Path) -> None:
    broken = edit(TECHNIQUE, "by 2.5 points", "by 3.5 points")
    serial = build(sources(tmp_path / "serial", broken))
    parallel = build(sources(tmp_path / "parallel", broken), parallel=2)
    assert serial.warning_lines() == parallel.warning_lines()
    assert _json(serial) == _json(parallel)


def _json(result: Build) -> str:
    return json.dumps(result.claims_json(), sort_keys=True)


def test_a_review_answer_is_checked_like_any_claim(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "course")
    edit(
        "techniques/review.md",
        "Check for the {contra}`flag` before anything else",
        "Check for the {contra}`flag` in the first 5 minutes",
    )(srcdir)
    lines = build(srcdir).warning_lines()
    assert (
        'techniques/review.md:12: WARNING: figure "5" is in no recorded fact of src: '
        '"Check for the flag in the first 5..." '
        f"{FIGURE_HELP} [handbook.figure]"
    ) in lines


def test_an_unknown_key_is_one_message_not_also_a_figure(tmp_path: Path) -> None:
    srcdir = sources(
        tmp_path,
        edit(
            TECHNIQUE,
            "by 2.5 points on average {cite:p}`smith2020`",
            "by 2.5 points on average {cite:p}`smith2002`",
        ),
    )
    lines = build(srcdir).warning_lines()
    assert len(lines) == 1 and "[bibtex.key_not_found]" in lines[0], lines


def test_the_printed_source_page_shows_the_reference_and_its_claims(tmp_path: Path) -> None:
    """A LaTeX book resolves every page in one tree: the page's own data must still reach it."""
    result = build(sources(tmp_path), "latex")
    assert result.warning_lines() == []
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    smith = tex[tex.index("Smith 2020: effleurage") :]
    assert "Massage for lumbar disc herniation: a randomised trial" in smith[:3000]
    assert "Claims that cite this source" in smith
    assert r"\hyperref[\detokenize{technique:claim-1}]" in smith  # back to the claim
    assert r"\label{\detokenize{technique:claim-1}}" in tex  # which LaTeX can find
