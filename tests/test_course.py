"""Course material: objectives, review questions with hidden answers, the course map."""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import build, copy_root


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    built = {}
    for buildername in ("html", "latex", "text"):
        result = build(copy_root(tmp_path_factory.mktemp(buildername), "course"), buildername)
        built[buildername] = (result.outdir, "\n".join(result.warning_lines()))
    return built


def test_answers_are_claims_and_stems_are_not(course: dict[str, tuple[Path, str]]) -> None:
    _, warnings = course["html"]
    lines = [line for line in warnings.splitlines() if line]
    assert lines == [
        'techniques/review.md:20: WARNING: uncited claim: "This answer has no source." (cite a '
        "source in this sentence with {cite:p}`key`, or put editorial text in an editorial-note "
        "with a reason) [handbook.uncited]"
    ]


def test_html_hides_answers_until_clicked(course: dict[str, tuple[Path, str]]) -> None:
    outdir, _ = course["html"]
    page = (outdir / "techniques" / "review.html").read_text(encoding="utf-8")
    question = page.index("What do you do first?")
    details = page.index('<details class="review-answer">', question)
    assert page.index("<summary>Show the answer</summary>", details) < page.index(
        "before anything else", details
    )


def test_pdf_collects_answers_in_an_appendix(course: dict[str, tuple[Path, str]]) -> None:
    outdir, _ = course["latex"]
    (tex,) = outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    appendix = text.index(r"\chapter{Answers to the review questions}")
    question = text.index("What do you do first?")
    assert question < appendix
    # Under the question only a pointer; the answer itself is in the appendix.
    between = text[question : text.index("Is the second question uncited?")]
    assert "before anything else" not in between
    # The number before the question, lines to write on, the page of the answer.
    assert "\\sphinxstylestrong{Question 1. }What do you do first?" in text
    assert "Answer on page \\pageref{\\detokenize{techniques/review:review-answer-1}}." in between
    assert between.count("\\rule{\\linewidth}{0.4pt}") == 3
    assert text.index("before anything else") > appendix
    assert text.index("This answer has no source.") > appendix
    # The answers, grouped under their page's title, point back to their question's page
    # and keep their page's labels, so the links to them resolve.
    answers = text[appendix:]
    assert "\\sphinxstepscope" in answers and "\\sphinxstylestrong{Question 1} (page " in answers
    assert "\\pageref{\\detokenize{techniques/review:review-question-1}}" in answers
    assert "\\label{\\detokenize{techniques/review:review-answer-1}}" in answers
    assert "\\label{\\detokenize{techniques/review:review-question-1}}" in text[:appendix]


def test_objectives_box_in_every_format(course: dict[str, tuple[Path, str]]) -> None:
    html = (course["html"][0] / "techniques" / "index.html").read_text(encoding="utf-8")
    assert "learning-objectives" in html and "Choose a technique." in html
    (tex,) = course["latex"][0].glob("*.tex")
    assert "Learning objectives" in tex.read_text(encoding="utf-8")
    text = (course["text"][0] / "techniques" / "index.txt").read_text(encoding="utf-8")
    assert "Learning objectives" in text and "Choose a technique." in text
    review = (course["text"][0] / "techniques" / "review.txt").read_text(encoding="utf-8")
    assert "Answer:" in review


def test_course_map_lists_modules_with_time_and_objectives(
    course: dict[str, tuple[Path, str]],
) -> None:
    page = (course["html"][0] / "views.html").read_text(encoding="utf-8")
    course_map = page[page.index('class="course-map') :]
    assert "Module 1: " in course_map
    assert 'href="techniques/index.html"' in course_map
    assert "3 pages, 2 review questions" in course_map
    assert "Recognise a Flag condition." in course_map  # the link's title, not its id
