"""A mutation test over the real handbook: change one digit of every figure on a page.

Each figure of each claim on the page gets one digit (or number word) changed,
all at once, in a copy of the handbook; the facts check must name every one of
them, on its line, and nothing else.
"""

from __future__ import annotations

import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from sphinx.application import Sphinx
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils

from clinical_handbook.claim_report import get_report
from clinical_handbook.figures import NUMBER_WORDS, Figure, figures_in

PAGES = ["background/evidence.md", "techniques/deep-tissue-massage.md", "stages/course-of-care.md"]
_WORD_AFTER = {value: word for word, value in NUMBER_WORDS.items()}


def _copy_handbook(dest: Path) -> Path:
    shutil.copy(REPO_ROOT / "conf.py", dest / "conf.py")
    shutil.copytree(REPO_ROOT / "protocols", dest / "protocols")
    return dest


def _check(root: Path) -> tuple[Sphinx, str]:
    warning = StringIO()
    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir=root / "protocols",
            confdir=root,
            outdir=root / "_build" / "dummy",
            doctreedir=root / "_build" / "doctrees",
            buildername="dummy",
            status=StringIO(),
            warning=warning,
            freshenv=True,
        )
        app.build()
    return app, strip_colors(warning.getvalue())


def mutate(figure_text: str) -> str:
    """``figure_text`` with its last digit (or its last number word) changed."""
    for at in range(len(figure_text) - 1, -1, -1):
        if figure_text[at].isdigit():
            digit = str((int(figure_text[at]) + 1) % 10)
            return figure_text[:at] + digit + figure_text[at + 1 :]
    last = figure_text.split()[-1]
    value = NUMBER_WORDS[last.lower()]
    return figure_text[: -len(last)] + _WORD_AFTER[value + 1]


@pytest.mark.parametrize("page", PAGES)
def test_every_changed_figure_on_a_page_is_caught(tmp_path: Path, page: str) -> None:
    root = _copy_handbook(tmp_path)
    app, warnings = _check(root)
    assert "WARNING" not in warnings, warnings  # the real handbook is clean
    docname = page.removesuffix(".md")
    claims = get_report(app.env).claims_by_page[docname]
    figures: list[tuple[int, Figure]] = [
        (claim.line + claim.text.count("\n", 0, figure.start), figure)
        for claim in claims
        for figure in figures_in(claim.text)
    ]
    assert len(figures) >= 5, "pick a page with more figures"

    path = root / "protocols" / page
    lines = path.read_text(encoding="utf-8").split("\n")
    cursor: dict[int, int] = {}
    expected: Counter[str] = Counter()
    for line, figure in figures:
        text = lines[line - 1]
        at = text.index(figure.text, cursor.get(line, 0))
        changed = mutate(figure.text)
        lines[line - 1] = text[:at] + changed + text[at + len(figure.text) :]
        cursor[line] = at + len(changed)
        expected[f'{page}:{line}: WARNING: figure "{changed}"'] += 1
    path.write_text("\n".join(lines), encoding="utf-8")

    _, after = _check(root)
    found = Counter(
        line.split(" is in no recorded fact", 1)[0].replace(f"{root}/protocols/", "")
        for line in after.splitlines()
        if "[handbook.figure]" in line
    )
    assert found == expected
    assert sum(found.values()) == len(figures)
