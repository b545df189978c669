"""The features together, with the default settings.

Most test projects switch review dates off (``handbook_reviewed_types = []``)
to test one feature at a time. Here the base project is built with the default
reviewed types instead, so the review notes, the contraindication boxes and
backlinks, and the claim checker all work on the same pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import BASE, Build, Edit, build, copy_root, edit, edits, write

REVIEWED = {  # the base project's pages of a reviewed type, and that type
    "techniques/massage.md": "technique",
    "contraindications/flag.md": "contraindication",
    "contraindications/flare.md": "contraindication",
    "stages/first/intake.md": "stage",
}
REVIEW = "last-reviewed: 2026-01-15\nreviewer: A. Reviewer, RMT\n"


def default_settings() -> Edit:
    """The base project with the default reviewed types, every reviewed page reviewed."""
    return edits(
        edit(
            "conf.py",
            "# Review dates are tested in test-reviews.\nhandbook_reviewed_types = []\n",
            'handbook_today = "2026-06-01"\n',
        ),
        *(edit(page, "\n---\n", f"\n{REVIEW}---\n") for page in REVIEWED),
    )


def title_only(relative: str, front: str, title: str) -> Edit:
    """The page reduced to its front matter (review fields included) and its title."""
    return write(relative, f"---\n{front}{REVIEW}---\n\n# {title}\n", in_toctree=False)


TITLE_ONLY = edits(
    title_only(
        "techniques/massage.md",
        "type: technique\nid: massage\ncontraindications:\n"
        "  - flare: postpone deep work until it settles\n  - flag\n",
        "Massage",
    ),
    title_only(
        "contraindications/flag.md",
        "type: contraindication\nid: flag\nkind: red-flag\n"
        "signs: [sudden numbness, loss of bladder control]\naction: [stop, emergency]\n"
        "synonyms: [warning sign]\n",
        "Flag condition",
    ),
)
NO_CLAIMS = (
    "WARNING: page has no claims: add cited text, or mark editorial text with an "
    "editorial-note [handbook.no-claims]"
)


def built(tmp_path: Path, *changes: Edit) -> Build:
    srcdir = copy_root(tmp_path, BASE)
    for change in changes:
        change(srcdir)
    return build(srcdir)


def test_default_settings_are_clean_and_show_every_decoration(tmp_path: Path) -> None:
    result = built(tmp_path, default_settings())
    assert result.warning_lines() == []
    massage = (result.outdir / "techniques" / "massage.html").read_text(encoding="utf-8")
    note = "Last reviewed 2026-01-15 by A. Reviewer, RMT. Next review due by 2029-01-15."
    assert note in massage
    assert massage.index("contraindication-box") < massage.index("Massage is a technique")
    flag = (result.outdir / "contraindications" / "flag.html").read_text(encoding="utf-8")
    assert note in flag and "Applies to" in flag


def test_review_dates_are_checked_by_default(tmp_path: Path) -> None:
    no_review = edit("stages/first/intake.md", REVIEW, "")
    assert built(tmp_path, default_settings(), no_review).warning_lines() == [
        "stages/first/intake.md:3: WARNING: stage page has no 'last-reviewed: YYYY-MM-DD' or "
        "'reviewer:' in its front matter [handbook.review-date]",
    ]


@pytest.mark.parametrize("settings", ["default settings", "review dates off"])
def test_a_page_with_only_a_title_has_no_claims(tmp_path: Path, settings: str) -> None:
    # The contraindication box, backlinks and review note on these pages are
    # decorations, not generated content: they exempt no page from no-claims.
    changes = [default_settings()] if settings == "default settings" else []
    result = built(tmp_path, *changes, TITLE_ONLY)
    assert sorted(result.warning_lines()) == [
        f"contraindications/flag.md:1: {NO_CLAIMS}",
        f"techniques/massage.md:1: {NO_CLAIMS}",
    ]
