"""An author list that ends in "and others" prints as "et al.", in citations and references."""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import append, build, copy_root
from sphinx.errors import ConfigError

HANDBOOK_STYLES = {
    "bibtex_default_style": "handbook",
    "bibtex_reference_style": "handbook_author_year",
}
SURVEY = """
@misc{survey2005,
  author = {Sherman, K. J. and others},
  howpublished = {BMC Complementary and Alternative Medicine 5:13},
  year = {2005},
  evidence = {observational},
  directness = {indirect},
}
"""
PAGE_TEXT = "\nMost clients also saw a physician {cite:p}`survey2005`.\n"


def survey_build(tmp_path: Path, **confoverrides: object) -> str:
    srcdir = copy_root(tmp_path, "claims-cited")
    append("refs.bib", SURVEY)(srcdir)
    append("technique.md", PAGE_TEXT)(srcdir)
    result = build(srcdir, confoverrides=confoverrides)
    assert result.warnings == "", result.warnings
    return (result.outdir / "technique.html").read_text(encoding="utf-8")


def test_others_is_et_al_in_the_citation_and_the_reference(tmp_path: Path) -> None:
    page = survey_build(tmp_path, **HANDBOOK_STYLES)
    assert ">Sherman <em>et al.</em>, 2005<" in page  # as a shortened list of three
    assert "K. J. Sherman et al." in page  # the reference, in the link's title
    assert "and others" not in page


def test_complete_author_lists_print_as_before(tmp_path: Path) -> None:
    """Two authors and one author: the same page with the handbook's styles as without."""
    plain = build(copy_root(tmp_path / "plain", "claims-cited"))
    styled = build(copy_root(tmp_path / "styled", "claims-cited"), confoverrides=HANDBOOK_STYLES)
    page = (styled.outdir / "technique.html").read_text(encoding="utf-8")
    assert "Smith and Doe, 2020" in page
    assert page == (plain.outdir / "technique.html").read_text(encoding="utf-8")


def test_the_upstream_styles_still_print_others(tmp_path: Path) -> None:
    page = survey_build(tmp_path)  # the root's own author_year and plain
    assert "Sherman and others, 2005" in page


UNSIGNED = """
@misc{unsigned2017,
  title = {{Effects of a Technique on Pain and Disability in Patients with a Long Condition}},
  shorttitle = {Effects of a Technique},
  howpublished = {A Journal 1(1):1-2},
  year = {2017},
  evidence = {randomised-trial},
  directness = {direct},
}
"""


def test_a_source_without_author_is_cited_by_its_short_title(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-cited")
    append("refs.bib", UNSIGNED)(srcdir)
    append("technique.md", "\nA trial tested it {cite:p}`unsigned2017`.\n")(srcdir)
    result = build(srcdir, confoverrides=HANDBOOK_STYLES)
    assert result.warnings == "", result.warnings
    page = (result.outdir / "technique.html").read_text(encoding="utf-8")
    assert "><em>Effects of a Technique</em>, 2017<" in page  # the label
    assert "Patients with a Long Condition" in page  # the whole title, in the link's title


def test_screen_citations_are_superscript_numbers_and_print_keeps_author_year(
    tmp_path: Path,
) -> None:
    styles = {**HANDBOOK_STYLES, "handbook_html_reference_style": "handbook_super"}
    srcdir = copy_root(tmp_path, "claims-cited")
    append("refs.bib", SURVEY)(srcdir)
    append("technique.md", PAGE_TEXT)(srcdir)
    html = build(srcdir, confoverrides=styles)
    assert html.warnings == "", html.warnings
    page = (html.outdir / "technique.html").read_text(encoding="utf-8")
    assert 'class="bibtex-citation"' in page
    assert "Sherman <em>et al.</em>, 2005" not in page  # no author-year label on screen
    citation = page[page.index('class="bibtex-citation"') :]
    assert citation.index("<sup><a ") < citation.index("</a></sup>") < 400
    # The full reference is one tap away: the link's title and the page it opens.
    assert 'title="K. J. Sherman et al.' in page
    latex = build(srcdir, "latex", confoverrides=styles)
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Sherman \\sphinxstyleemphasis{et al.}, 2005" in tex


def test_an_unknown_screen_style_is_one_configuration_error(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-cited")
    with pytest.raises(ConfigError, match="'supper' is not a referencing style"):
        build(srcdir, confoverrides={"handbook_html_reference_style": "supper"})
