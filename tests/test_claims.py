"""The citation checker, evidence levels and claims register, built on small projects.

Each project under ``tests/roots/test-claims-*`` is copied to a temporary folder
and built once per module (the builds are the slow part), then several tests
look at the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from root_build import Build, build, copy_root
from sphinx.testing.util import SphinxTestApp

CONTAINERS = [
    # page, a unique phrase of its uncited sentence
    ("list.md", "Uncited list item sentence."),
    ("table.md", "Uncited table cell sentence."),
    ("deflist.md", "Uncited definition sentence."),
    ("glossary.md", "Uncited glossary sentence."),
    ("admonition.md", "Uncited admonition sentence."),
    ("dropdown.md", "Uncited dropdown sentence."),
    ("tab.md", "Uncited tab sentence."),
    ("card.md", "Uncited card sentence."),
    ("rst.rst", "Uncited reStructuredText sentence."),
]


def line_of(path: Path, phrase: str) -> int:
    """The 1-based line of ``path`` where ``phrase`` starts (an independent oracle)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if phrase in line:
            return number
    raise AssertionError(f"{phrase!r} not in {path}")


@pytest.fixture(scope="module")
def containers(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(copy_root(tmp_path_factory.mktemp("c"), "claims-containers"))


@pytest.fixture(scope="module")
def cited_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Build]:
    cache: dict[str, Build] = {}

    def get(buildername: str) -> Build:
        if buildername not in cache:
            srcdir = copy_root(tmp_path_factory.mktemp(buildername), "claims-cited")
            cache[buildername] = build(srcdir, buildername)
        return cache[buildername]

    return get


@pytest.fixture(scope="module")
def problems(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(copy_root(tmp_path_factory.mktemp("p"), "claims-problems"))


# --- the rule: one warning per uncited sentence, wherever it is -----------------
@pytest.mark.parametrize(("page", "phrase"), CONTAINERS, ids=[p for p, _ in CONTAINERS])
def test_uncited_sentence_in_container(containers: Build, page: str, phrase: str) -> None:
    line = line_of(containers.srcdir / page, phrase)
    expected = f'{page}:{line}: WARNING: uncited claim: "{phrase}'
    found = [w for w in containers.handbook_warnings("uncited") if f"/{page}:" in w]
    assert len(found) == 1, found
    assert expected in found[0]


def test_three_sentences_one_citation_fails_for_the_first_two(containers: Build) -> None:
    found = [w for w in containers.handbook_warnings("uncited") if "/paragraph.md:" in w]
    assert len(found) == 2, found
    assert 'paragraph.md:7: WARNING: uncited claim: "First uncited sentence of three."' in found[0]
    # Both sentences start on the paragraph's first line, 7 (the second runs onto line 8).
    assert 'paragraph.md:7: WARNING: uncited claim: "Second uncited sentence of' in found[1]
    assert "Third sentence" not in containers.warnings


def test_exemption_content_is_not_checked(containers: Build) -> None:
    assert "/editorial.md" not in containers.warnings
    assert "This text is not checked" not in containers.warnings


def test_only_the_expected_warnings(containers: Build) -> None:
    # 9 containers + 2 sentences of the paragraph, nothing else from any extension.
    assert len(containers.handbook_warnings()) == len(CONTAINERS) + 2
    assert "WARNING" not in containers.warnings.replace("[handbook.uncited]", "").replace(
        "WARNING: uncited claim", ""
    )


def test_uncited_warning_explains_the_fix(containers: Build) -> None:
    warning = containers.handbook_warnings("uncited")[0]
    assert "{cite:p}" in warning
    assert "editorial-note" in warning


def test_summary_lists_counts_and_uncited_sentences(containers: Build) -> None:
    assert "claims: 12 pages, 22 claims (11 uncited), 11 citations" in containers.status
    assert "sources: 2 in the bibliography, 2 used, 0 unused" in containers.status
    assert "exemptions (editorial notes): 1" in containers.status
    assert re.search(r"list\.md:8: \"Uncited list item sentence\.\"", containers.status)


# --- cited text passes --------------------------------------------------------------
def test_cited_project_builds_without_warnings(cited_factory: Callable[[str], Build]) -> None:
    result = cited_factory("html")
    assert result.warnings == ""


def test_splitting_keeps_abbreviations_decimals_and_early_citations(
    cited_factory: Callable[[str], Build],
) -> None:
    claims = [c for c in cited_factory("html").claims_json()["claims"] if c["page"] == "technique"]
    texts = [c["text"] for c in claims]
    assert "Effleurage reduces pain, e.g. in the lumbar region, by 2.5 points on average." in texts
    assert "smith2020 compared it vs. rest in 120 adults." in texts
    assert "Smith et al. reported fewer relapses." in texts
    assert "Pressure stays light (i.e. no pain)." in texts
    assert "Dr. Smith\u2019s protocol lasts 20 min." in texts  # smart quotes
    # The citation placed after the full stop still supports its sentence.
    assert "Sessions last up to thirty minutes." in texts
    # The sentence introducing the list is not a claim; the items are.
    assert not any(t.startswith("The positions are") for t in texts)
    assert all(c["keys"] for c in claims)


def test_table_cells_rest_on_their_row_and_column_header(
    cited_factory: Callable[[str], Build],
) -> None:
    cells = {c["text"]: c for c in cited_factory("html").claims_json()["claims"]}
    assert cells["Prone"]["keys"] == ["smith2020"]
    assert cells["60%"]["keys"] == ["smith2020"]
    assert cells["Side-lying"]["line"] == 30


def test_claims_json(cited_factory: Callable[[str], Build]) -> None:
    data = cited_factory("html").claims_json()
    assert data["totals"] == {
        "pages": 3,
        "claims": 15,
        "uncited": 0,
        "citations": 12,
        "sources": 3,
        "sources_used": 3,
        "sources_unused": 0,
        "exemptions": 1,
        # the project has no source pages (handbook_source_pages = False): see test_source_pages
        "figures": 0,
        "figures_matched": 0,
        "quotations": 0,
        "quotations_matched": 0,
    }
    first = data["claims"][0]
    assert first["page"] == "technique"
    assert first["source"] == "technique.md"
    assert first["line"] == 7
    assert first["keys"] == ["smith2020"]
    assert (first["strongest"], first["weakest"], first["directness"]) == (
        "randomised-trial",
        "randomised-trial",
        "direct",
    )
    mixed = next(c for c in data["claims"] if c["keys"] == ["smith2020", "review2019"])
    assert (mixed["strongest"], mixed["weakest"]) == ("systematic-review", "randomised-trial")
    assert mixed["directness"] == "mixed"
    web = next(c for c in data["claims"] if c["keys"] == ["clinic2021"])
    assert web["markers"] == ["commercial"]
    indirect = next(c for c in data["claims"] if c["keys"] == ["review2019"])
    assert indirect["markers"] == ["indirect"]
    assert data["exemptions"] == [
        {
            "page": "technique",
            "source": "technique.md",
            "line": 20,
            "reason": "Explains the layout of the page; not clinical advice.",
        }
    ]
    assert data["unused_sources"] == []
    lines = [(c["page"], c["line"]) for c in data["claims"]]
    assert lines == sorted(lines)


def test_markers_and_register_in_html(cited_factory: Callable[[str], Build]) -> None:
    result = cited_factory("html")
    page = (result.outdir / "technique.html").read_text(encoding="utf-8")
    assert page.count('class="claim-marker claim-commercial"') == 2  # claim + legend
    assert page.count('class="claim-marker claim-indirect"') == 2
    # Readers see whose words a note holds; its reason is for reviewers, in the register.
    assert "Editors\u2019 note" in page
    assert "uncited" not in page
    assert "Explains the layout of the page" not in page
    register = (result.outdir / "register.html").read_text(encoding="utf-8")
    assert "Claims by page" in register
    assert "Claims by source" in register
    assert "Many clinics offer it." in register
    assert 'href="technique.html"' in register
    assert "Explains the layout of the page; not clinical advice." in register
    assert "systematic review to randomised trial; mixed" in register


def test_markers_and_register_in_latex(cited_factory: Callable[[str], Build]) -> None:
    tex = next(cited_factory("latex").outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\textsuperscript{\textsf{\footnotesize [web only]}}" in tex
    assert r"\textsuperscript{\textsf{\footnotesize [indirect]}}" in tex
    assert "Claims by page" in tex
    assert "Many clinics offer it." in tex
    assert "\\begin{sphinxadmonition}{note}{Editors\u2019 note}" in tex


def test_markers_and_register_in_text(cited_factory: Callable[[str], Build]) -> None:
    result = cited_factory("text")
    assert result.warnings == ""
    page = (result.outdir / "technique.txt").read_text(encoding="utf-8")
    assert "[web only]" in page
    assert "Editors\u2019 note" in page
    assert "Explains the layout of the page" not in page
    register = (result.outdir / "register.txt").read_text(encoding="utf-8")
    assert "Claims by source" in register
    assert "Many clinics offer it." in register


@pytest.mark.parametrize("buildername", ["html", "latex"])
def test_register_summary_counts_without_the_claims(tmp_path: Path, buildername: str) -> None:
    """The reader's register: counts by level and by page, no claim text, line or path."""
    srcdir = copy_root(tmp_path, "claims-cited")
    register = srcdir / "register.md"
    register.write_text(
        register.read_text(encoding="utf-8").replace(
            "```{evidence-register}\n", "```{evidence-register}\n:summary:\n"
        ),
        encoding="utf-8",
    )
    result = build(srcdir, buildername)
    assert result.warnings == ""
    out = result.outdir / "register.html"
    text = (
        out.read_text(encoding="utf-8")
        if buildername == "html"
        else next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    )
    start = text.index("Claims by their strongest source")
    summary = text[start:]
    assert "Claims by page" in summary and "Claims by source" not in summary
    assert "Many clinics offer it." not in summary  # claims live on the source pages
    assert "technique.md" not in summary and ", line " not in summary
    assert "Commercial or clinic web page" in summary
    if buildername == "html":
        row = re.search(r'href="technique.html".*?</tr>', summary, re.S)
        assert row is not None
        cells = re.findall(r"<p>(\d+)</p>", row.group(0))
        assert cells == ["15", "14", "0", "1"], cells  # claims, strong, expert, web only


# --- the other warnings ------------------------------------------------------------
def test_unknown_key_is_a_warning_with_file_and_line(problems: Build) -> None:
    # sphinxcontrib-bibtex's own warning: a real warning, so -W fails the build.
    assert 'unknown.md:7: WARNING: could not find bibtex key "nosuchkey2000"' in problems.warnings


def test_unused_source(problems: Build) -> None:
    (warning,) = problems.handbook_warnings("unused-source")
    assert "refs.bib:24: WARNING: bibliography entry 'unused2016' is not cited" in warning


def test_missing_and_unknown_evidence_fields(problems: Build) -> None:
    found = problems.handbook_warnings("evidence-field")
    assert len(found) == 3
    assert "refs.bib:9: WARNING: bibliography entry 'nolevel2018' has no evidence field" in found[0]
    assert "refs.bib:16:" in found[1] and "unknown evidence 'anecdote'" in found[1]
    assert "refs.bib:16:" in found[2] and "unknown directness 'sideways'" in found[2]


def test_exemption_with_and_without_reason(problems: Build) -> None:
    (warning,) = problems.handbook_warnings("exemption-reason")
    assert "exempt.md:13: WARNING: editorial-note without a reason" in warning
    assert "exemptions (editorial notes): 2" in problems.status
    assert "exempt.md:9: Describes the page layout." in problems.status
    assert "exempt.md:13: (no reason)" in problems.status
    assert not problems.handbook_warnings("uncited")


def test_page_without_claims(problems: Build) -> None:
    found = problems.handbook_warnings("no-claims")
    assert len(found) == 2
    assert "empty.md:1: WARNING: page has no claims" in found[0]
    assert "titleonly.md:1: WARNING: page has no claims" in found[1]
    # index.md holds only a toctree and the bibliography: a navigation page.
    assert "index.md:1: WARNING: page has no claims" not in problems.warnings


def test_page_without_claims_on_a_reviewed_page(tmp_path: Path) -> None:
    # With review dates on, titleonly.md gets a review note under its title; the
    # note's placeholder carries the generated-content class, which exempts the page.
    reviewed = {"handbook_reviewed_types": ["background"], "handbook_today": "2026-06-01"}
    result = build(copy_root(tmp_path, "claims-problems"), "dummy", confoverrides=reviewed)
    assert [w for w in result.warning_lines() if w.endswith("[handbook.no-claims]")] == [
        "empty.md:1: WARNING: page has no claims: add cited text, or mark editorial text with "
        "an editorial-note [handbook.no-claims]",
        "titleonly.md:1: WARNING: page has no claims: add cited text, or mark editorial text "
        "with an editorial-note [handbook.no-claims]",
    ]


def test_warnings_fail_the_build_with_W(tmp_path: Path) -> None:
    status, warning = StringIO(), StringIO()
    srcdir = copy_root(tmp_path, "claims-problems")
    app = SphinxTestApp("dummy", srcdir=srcdir, status=status, warning=warning, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 1


def test_suppress_warnings_cannot_silence_the_checks(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-containers")
    result = build(srcdir, "dummy", confoverrides={"suppress_warnings": ["handbook.uncited"]})
    assert "suppress_warnings cannot silence the claim checks" in result.warnings
    assert len(result.handbook_warnings("uncited")) == len(CONTAINERS) + 2


def test_switching_the_checks_off_is_loud(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-containers")
    result = build(srcdir, "dummy", confoverrides={"handbook_checks": False})
    assert "handbook_checks = False: claims are NOT checked" in result.warnings
    assert not result.handbook_warnings("uncited")


def test_github_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(tmp_path)
    build(copy_root(tmp_path, "claims-problems"), "dummy")
    out = capsys.readouterr().out
    assert "::error file=claims-problems/exempt.md,line=13::editorial-note without a reason" in out
    assert "::error file=claims-problems/refs.bib,line=24::bibliography entry 'unused2016'" in out
    assert "::error file=claims-problems/unknown.md,line=7::could not find bibtex key" in out
    assert "::error file=claims-problems/empty.md,line=1::page has no claims" in out


# --- engineering: parallel and incremental builds --------------------------------
def test_parallel_build_matches_serial(tmp_path: Path, containers: Build) -> None:
    parallel = build(copy_root(tmp_path, "claims-containers"), parallel=2)

    def normalise(result: Build) -> list[str]:
        return sorted(line.replace(str(result.srcdir), "") for line in result.warnings.splitlines())

    assert normalise(parallel) == normalise(containers)
    assert parallel.claims_json() == containers.claims_json()
    # It really read and wrote in parallel (in chunks: "[ 50%] admonition .. glossary").
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.status)


def test_incremental_edit(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-cited")
    page = srcdir / "technique.md"
    original = page.read_text(encoding="utf-8")
    assert build(srcdir).warnings == ""

    page.write_text(original.replace(" {cite:p}`review2019`", ""), encoding="utf-8")
    edited = build(srcdir)
    assert "reading sources... [100%] technique" in edited.status  # really incremental
    (warning,) = edited.handbook_warnings("uncited")
    assert 'technique.md:13: WARNING: uncited claim: "Stroking also eases neck stiffness."' in (
        warning
    )
    assert edited.claims_json()["totals"]["uncited"] == 1
    register = (srcdir / "_build" / "html" / "register.html").read_text(encoding="utf-8")
    assert "Stroking also eases neck stiffness." in register
    assert "uncited</strong>" in register  # the register page was rewritten too

    page.write_text(original, encoding="utf-8")
    restored = build(srcdir)
    assert restored.warnings == ""
    assert restored.claims_json()["totals"]["uncited"] == 0


def test_incremental_bib_change_updates_markers(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-cited")
    build(srcdir)
    page = srcdir / "_build" / "html" / "technique.html"
    assert page.read_text(encoding="utf-8").count("claim-commercial") == 2  # claim + legend
    bib = srcdir / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("{commercial}", "{guideline}"), encoding="utf-8"
    )
    result = build(srcdir)
    assert result.warnings == ""
    assert page.read_text(encoding="utf-8").count("claim-commercial") == 1  # legend only
    web = next(c for c in result.claims_json()["claims"] if c["keys"] == ["clinic2021"])
    assert web["strongest"] == "guideline"
