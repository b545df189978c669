"""What counts as a figure, and when a recorded one matches (the rules in the README)."""

from __future__ import annotations

import pytest

from clinical_handbook.figures import figures_in, find_match, normalise_quote, quotation_found


def texts(sentence: str) -> list[str]:
    return [figure.text for figure in figures_in(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("401 adults aged 20 to 65", ["401", "20 to 65"]),
        ("2.9 points (95% CI 1.8-4.0)", ["2.9", "95%", "1.8-4.0"]),
        ("25 trials with 3,096 participants", ["25", "3,096"]),
        ("within about six weeks", ["six"]),
        ("54 per cent of them", ["54 per cent"]),
        ("soreness for 24–48 hours", ["24–48"]),
        ("between 20 and 65 years", ["20 and 65"]),
        ("a 10-week course of twenty-five sessions", ["10", "twenty-five"]),
        ("the 3rd visit", ["3rd"]),
        # number words without a unit after them are ordinary words
        ("in one survey, two of them and all three", []),
        # names, sections, notes, keys and identifiers are not figures
        ("NG59, CD001929, omega-3, L4-S1, cherkin2011, [3], doi 10.1002/x", []),
        ("recommendation 1.2.7, section 3, notes 1, 2 and 5, type 2, call 911", []),
    ],
)
def test_what_is_a_figure(sentence: str, expected: list[str]) -> None:
    assert texts(sentence) == expected


@pytest.mark.parametrize(
    ("claim", "record"),
    [
        ("2.9 points", "2·9 points"),
        ("1.8 to 4.0", "1.8-4.0"),
        ("1.8 to 4", "(1.8–4.0)"),
        ("ten weeks", "10 weeks"),
        ("54%", "54 per cent"),
        ("3096 participants", "3,096 participants"),
        ("up to 30 minutes", "sessions of 20 to 30 minutes"),  # one end of a range
        ("ten treatments", "Ten massage treatments will be provided"),
    ],
)
def test_the_obvious_forms_match(claim: str, record: str) -> None:
    (figure,) = figures_in(claim)
    assert find_match(figure, figures_in(record, lenient=True))


@pytest.mark.parametrize(
    ("claim", "record"),
    [
        ("9.2 points", "2.9 points"),
        ("10 sessions a week", "10 treatments over 10 weeks"),  # a rate is not a course
        ("10 sessions", "10 weeks"),  # units of another kind
        ("54 patients", "54% of patients"),  # a count is not a percentage
        ("1.8 to 4.1", "1.8-4.0"),
        ("2 to 4", "2, 3 and 4"),  # a range only matches a range
    ],
)
def test_a_different_figure_does_not_match(claim: str, record: str) -> None:
    (figure,) = figures_in(claim)
    assert not find_match(figure, figures_in(record, lenient=True))


def test_quotations_are_matched_with_marks_dashes_case_and_ellipses_normalised() -> None:
    recorded = [normalise_quote("Do not apply massage: as a stand-alone intervention – ever.")]
    assert quotation_found("do not apply massage", recorded)
    assert quotation_found("Do not apply massage … a stand-alone intervention - ever", recorded)
    assert not quotation_found("Do apply massage", recorded)
    assert not quotation_found("a stand-alone intervention ... do not apply", recorded)  # order
