"""Review dates: shown on every clinical page, checked against an injected "today"."""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import build, copy_root
from sphinx.errors import ConfigError


def build_reviews(
    tmp_path: Path, buildername: str = "html", **overrides: object
) -> tuple[Path, list[str]]:
    result = build(copy_root(tmp_path, "reviews"), buildername, confoverrides=overrides)
    return result.outdir, result.warning_lines()


def test_missing_malformed_future_and_overdue_dates(tmp_path: Path) -> None:
    _, warnings = build_reviews(tmp_path)
    assert warnings == [
        "future.md:4: WARNING: 'last-reviewed' 2026-07-01 is in the future [handbook.review-date]",
        "malformed.md:4: WARNING: 'last-reviewed' must be a date written YYYY-MM-DD, not "
        "'23/11/2025' [handbook.review-date]",
        # No review at all is one mistake: one message for the date and the reviewer.
        "missing.md:3: WARNING: background page has no 'last-reviewed: YYYY-MM-DD' or "
        "'reviewer:' in its front matter [handbook.review-date]",
        "overdue.md:4: WARNING: page is overdue for review: last reviewed 2023-05-31, more "
        "than 3 years before 2026-06-01 [handbook.review-overdue]",
    ]


def test_today_and_interval_come_from_the_configuration(tmp_path: Path) -> None:
    _, warnings = build_reviews(
        tmp_path, handbook_today="2026-05-31", handbook_review_interval_years=1
    )
    overdue = [w for w in warnings if "review-overdue" in w]
    assert overdue == [
        "boundary.md:4: WARNING: page is overdue for review: last reviewed 2023-06-01, more "
        "than 1 years before 2026-05-31 [handbook.review-overdue]",
        "current.md:4: WARNING: page is overdue for review: last reviewed 2025-01-15, more "
        "than 1 years before 2026-05-31 [handbook.review-overdue]",
        "overdue.md:4: WARNING: page is overdue for review: last reviewed 2023-05-31, more "
        "than 1 years before 2026-05-31 [handbook.review-overdue]",
    ]


def test_bad_today_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="handbook_today must be a date written YYYY-MM-DD"):
        build_reviews(tmp_path, handbook_today="tomorrow")


def test_the_date_is_shown_on_the_page(tmp_path: Path) -> None:
    outdir, _ = build_reviews(tmp_path)
    page = (outdir / "current.html").read_text(encoding="utf-8")
    assert "Last reviewed 2025-01-15 by A. Reviewer, RMT. Next review due by 2028-01-15." in page
    assert page.index("review-note") < page.index("This page is about reviews")
    assert "Review date missing." in (outdir / "missing.html").read_text(encoding="utf-8")


def test_the_date_is_in_the_pdf_source(tmp_path: Path) -> None:
    outdir, _ = build_reviews(tmp_path, "latex")
    (tex,) = outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-")
    assert "Last reviewed 2025-01-15 by A. Reviewer, RMT." in text
