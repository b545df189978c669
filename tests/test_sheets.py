"""Sheets: pages printed on their own, and client sheets without citations.

Each test edits a fresh copy of the base project (``tests/roots/test-contra-ok``):
a fragment with a cited sentence, included by the intake stage (a clinical
page) and by a client sheet.
"""

from __future__ import annotations

from pathlib import Path

from root_build import BASE, Edit, append, build, copy_root, edit, edits, write

FRAGMENT = "stages/first/_advice.md"
ADVICE = "Rest for a day after a strong session {cite:p}`src`.\n"
SHEET = "handout.md"
CLIENT_SHEET = (
    "---\ntype: reference\nid: handout\nsheet: client\n---\n\n"
    "# After your massage\n\n```{include} stages/first/_advice.md\n```\n"
)


def handout_root(tmp_path: Path, *changes: Edit) -> Path:
    srcdir = copy_root(tmp_path, BASE)
    edits(
        edit(
            "conf.py", 'exclude_patterns = ["_build"]', 'exclude_patterns = ["_build", "**/_*.md"]'
        ),
        write(FRAGMENT, ADVICE, in_toctree=False),
        append("stages/first/intake.md", "\n```{include} _advice.md\n```\n"),
        write(SHEET, CLIENT_SHEET),
        *changes,
    )(srcdir)
    return srcdir


def test_a_client_sheet_shows_no_citations_and_names_the_page_that_does(tmp_path: Path) -> None:
    result = build(handout_root(tmp_path))
    assert result.warnings == ""
    sheet = (result.outdir / "handout.html").read_text(encoding="utf-8")
    assert "Rest for a day after a strong session." in sheet  # no space left before the stop
    assert "bibtex-citation" not in sheet
    assert "Clinic: ___" in sheet and "Phone: ___" in sheet
    assert (
        "Written for clients from the handbook's page "
        '<a class="reference internal" href="stages/first/intake.html" title="Intake">'
    ) in sheet
    clinical = (result.outdir / "stages/first/intake.html").read_text(encoding="utf-8")
    assert "Rest for a day after a strong session" in clinical
    assert clinical.count('class="bibtex-citation"') == 2  # both sentences keep their citations
    assert 'class="handbook-sheet handbook-sheet-client"' in sheet
    assert "handbook-sheet" not in clinical


def test_a_client_sheet_still_has_its_claims_checked(tmp_path: Path) -> None:
    uncited = edit(FRAGMENT, ADVICE, ADVICE + "Drink plenty of water.\n")
    result = build(handout_root(tmp_path, uncited), "dummy")
    uncited_lines = [line for line in result.warning_lines() if "[handbook.uncited]" in line]
    assert uncited_lines
    assert all(line.startswith(f"{FRAGMENT}:2:") for line in uncited_lines), uncited_lines


def test_a_client_sheet_whose_text_no_clinical_page_includes_is_an_error(tmp_path: Path) -> None:
    alone = edit("stages/first/intake.md", "\n```{include} _advice.md\n```\n", "\n")
    result = build(handout_root(tmp_path, alone), "dummy")
    assert result.warning_lines() == [
        f"{SHEET}:4: WARNING: a client sheet shows no citations: take its text from a "
        "fragment ({include}) that a clinical page also includes, where its sources are "
        "shown [handbook.sheet]"
    ]


def test_an_unknown_sheet_is_an_error(tmp_path: Path) -> None:
    result = build(handout_root(tmp_path, edit(SHEET, "sheet: client", "sheet: patient")), "dummy")
    assert result.warning_lines() == [
        f"{SHEET}:4: WARNING: unknown sheet 'patient' (expected 'staff' or 'client') "
        "[handbook.sheet]"
    ]


def test_a_sheet_starts_and_ends_its_own_printed_page(tmp_path: Path) -> None:
    staff = edit("views.md", "id: views\n", "id: views\nsheet: staff\n")
    result = build(handout_root(tmp_path, staff), "latex")
    assert result.warnings == ""
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    start = tex.index("\\clearpage\\begingroup\\footnotesize")
    after = tex[start:].removeprefix("\\clearpage\\begingroup\\footnotesize")
    assert after.lstrip("\n").startswith("\\chapter{Safety views}")
    assert "\\clearpage\\begingroup\\small\\begin{multicols}{2}" in tex
    assert "\\end{multicols}\\endgroup\\clearpage" in tex
    assert "\\usepackage{multicol}" in tex


def test_a_client_sheet_is_rewritten_when_its_clinical_page_is_renamed(tmp_path: Path) -> None:
    srcdir = handout_root(tmp_path)
    build(srcdir)
    edit("stages/first/intake.md", "# Intake\n", "# Intake and history\n")(srcdir)
    result = build(srcdir)  # incremental: only the intake page is read again
    assert result.warnings == ""
    sheet = (result.outdir / "handout.html").read_text(encoding="utf-8")
    assert "<span>Intake and history</span></a>, which gives the sources" in sheet
