"""Incremental builds rewrite a page that shows other pages' data exactly when that data changed.

Each test edits one page of a small project, rebuilds, and reads which pages
Sphinx wrote (``writing output... [..%] <page>``) and what they now say.
"""

from __future__ import annotations

import re
from pathlib import Path

from root_build import build, copy_root


def written(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_prose_edit_rewrites_no_page_that_shows_other_pages(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    build(srcdir)
    edit(srcdir / "techniques" / "massage.md", "is a technique", "is a hands-on technique")
    rebuilt = build(srcdir)
    assert rebuilt.warnings == ""
    pages = written(rebuilt.status)
    assert "techniques/massage" in pages
    assert not pages & {"views", "contraindications/flag", "contraindications/flare"}
    assert "stages/first/intake" not in pages


def test_changed_declaration_rewrites_its_backlinks_and_the_views(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    build(srcdir)
    edit(srcdir / "techniques" / "massage.md", "postpone deep work", "postpone all deep work")
    rebuilt = build(srcdir)
    pages = written(rebuilt.status)
    assert {"techniques/massage", "contraindications/flare", "views"} <= pages
    # The note is on the flare-up only: the red flag's backlinks did not change.
    assert "contraindications/flag" not in pages
    html = srcdir / "_build" / "html"
    flare = (html / "contraindications" / "flare.html").read_text(encoding="utf-8")
    assert "postpone all deep work" in flare
    assert "postpone all deep work" in (html / "views.html").read_text(encoding="utf-8")


def test_a_check_between_two_html_builds_leaves_no_page_stale(tmp_path: Path) -> None:
    """``make check`` and ``make html`` share the environment (``_build/doctrees``)."""
    srcdir = copy_root(tmp_path, "contra-ok")
    build(srcdir)
    edit(srcdir / "contraindications" / "flag.md", "# Flag condition", "# Renamed condition")
    checked = build(srcdir, "dummy")
    assert "reading sources... [100%] contraindications/flag" in checked.status
    rebuilt = build(srcdir)  # reads nothing: the check already did
    assert "reading sources... [" not in rebuilt.status
    assert {"techniques/massage", "stages/first/intake", "views"} <= written(rebuilt.status)
    html = srcdir / "_build" / "html"
    for page in ("techniques/massage.html", "stages/first/intake.html", "views.html"):
        assert "Renamed condition" in (html / page).read_text(encoding="utf-8"), page


def test_contra_link_text_follows_a_renamed_page(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    build(srcdir)
    edit(srcdir / "contraindications" / "flag.md", "# Flag condition", "# Renamed condition")
    build(srcdir)
    massage = (srcdir / "_build" / "html" / "techniques" / "massage.html").read_text("utf-8")
    body = massage[massage.index("Check for") :]
    assert "Renamed condition" in body[: body.index("first")]


def test_course_map_follows_a_new_review_question(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "course")
    build(srcdir)
    review = srcdir / "techniques" / "review.md"
    review.write_text(
        review.read_text(encoding="utf-8")
        + "\n::::{review-question}\nA third question?\n\n:::{answer}\n"
        "Yes, a third one {cite:p}`src`.\n:::\n::::\n",
        encoding="utf-8",
    )
    rebuilt = build(srcdir)
    assert "views" in written(rebuilt.status)
    page = (srcdir / "_build" / "html" / "views.html").read_text(encoding="utf-8")
    assert "3 pages, 3 review questions" in page


def test_register_is_rewritten_only_when_a_claim_changes(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-cited")
    build(srcdir)
    page = srcdir / "technique.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # no claim moves
    assert "register" not in written(build(srcdir).status)
    edit(page, "The strokes follow", "The long strokes follow")
    assert "register" in written(build(srcdir).status)
    register = (srcdir / "_build" / "html" / "register.html").read_text(encoding="utf-8")
    assert "The long strokes follow" in register
