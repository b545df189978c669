"""``handbook.unclosed-fence``: a fence MyST never closes, and nothing else.

Each case appends Markdown to a page of a copy of ``tests/roots/test-contra-ok``
and builds it. The page has 13 lines, so the appended text starts at line 15.
A fence that MyST does not take for a fence (one in a code block's content, say)
must give no warning; one that MyST never closes gives exactly one, saying what
it swallows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import build, copy_root

PAGE = "techniques/massage.md"

#: A directive whose content is literal text, as sphinxcontrib-mermaid's is.
LITERAL_DIRECTIVE = """
from docutils import nodes
from docutils.parsers.rst import Directive


class Diagram(Directive):
    has_content = True

    def run(self):
        text = "\\n".join(self.content)
        return [nodes.literal_block(text, text)]


def setup(app):
    app.add_directive("mermaid", Diagram)
"""
COLON_FENCE = 'myst_enable_extensions = ["colon_fence"]\n'
SPHINX_DESIGN = 'extensions.append("sphinx_design")\n'


def build_with(tmp_path: Path, markdown: str, conf: str = "") -> list[str]:
    """The warnings of a build of the base project with ``markdown`` appended to the page."""
    srcdir = copy_root(tmp_path, "contra-ok")
    page = srcdir / PAGE
    text = page.read_text(encoding="utf-8")
    assert text.count("\n") == 13
    page.write_text(text + "\n" + markdown, encoding="utf-8")
    if conf:
        with (srcdir / "conf.py").open("a", encoding="utf-8") as file:
            file.write(conf)
    result = build(srcdir)
    assert "Traceback" not in result.warnings + result.status
    return result.warning_lines()


def unclosed_fences(warnings: list[str]) -> list[str]:
    return [line for line in warnings if "[handbook.unclosed-fence]" in line]


FALSE_ALARMS = {
    "fence on a bullet list item": ("- ```python\n  print('a list of code')\n  ```\n", ""),
    "directive fence on a numbered list item": (
        "1. ```{note}\n   A note in a list {cite:p}`src`.\n   ```\n",
        "",
    ),
    "code-block showing an unclosed fence": (
        "````{code-block} markdown\n```python\nprint('the closing fence is missing')\n````\n",
        "",
    ),
    "code directive showing an unclosed fence": ("````{code} markdown\n```python\n````\n", ""),
    "sourcecode directive showing an unclosed fence": (
        "````{sourcecode} markdown\n```python\n````\n",
        "",
    ),
    "eval-rst holding a literal fence": (
        "````{eval-rst}\n.. code-block:: markdown\n\n   ```python\n   x = 1\n````\n",
        "",
    ),
    "math holding a backtick line": ("````{math}\na = b\n```\n````\n", ""),
    "literal directive of an extension (mermaid-style)": (
        "````{mermaid}\ngraph TD\n```\n````\n",
        LITERAL_DIRECTIVE,
    ),
    "colon-fenced code-block showing an unclosed fence": (
        ":::{code-block} markdown\n```python\nx = 1\n:::\n",
        COLON_FENCE,
    ),
    "indented code block showing a fence": (
        "An example follows {cite:p}`src`.\n\n    ```\n    an indented code block\n",
        "",
    ),
}


@pytest.mark.parametrize("case", FALSE_ALARMS, ids=list(FALSE_ALARMS))
def test_no_false_alarm(tmp_path: Path, case: str) -> None:
    markdown, conf = FALSE_ALARMS[case]
    assert unclosed_fences(build_with(tmp_path, markdown, conf)) == []


def never_closed(line: int, swallows: str, then: str = "close it with a line of ```") -> str:
    return (
        f"{PAGE}:{line}: WARNING: this fence is never closed, so it swallows the rest of "
        f"{swallows}: {then} [handbook.unclosed-fence]"
    )


TRUE_CASES = {
    "directive fence at the top level": (
        "```{note}\nThis note never ends {cite:p}`src`.\n",
        "",
        never_closed(15, "the page"),
    ),
    "code fence in a note": (
        "````{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n````\n",
        "",
        never_closed(18, "the {note} directive opened at line 15"),
    ),
    "code fence in a note whose fence is no longer": (
        # Line 20 closes the note, so line 21 opens an empty fence: one mistake, one warning.
        "```{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n```\n```\n",
        "",
        never_closed(
            18,
            "the {note} directive opened at line 15",
            "the line meant to close it (line 20) closes the directive instead; "
            "open and close the directive with ````, longer than the fences inside it",
        ),
    ),
    "code fence on a list item": (
        "- ```python\n  x = 1\n- The next item {cite:p}`src`.\n",
        "",
        never_closed(15, "its list item", "close it with a line of ``` inside it"),
    ),
    "code fence in a colon-fenced note": (
        "::::{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n::::\n",
        COLON_FENCE,
        never_closed(18, "the {note} directive opened at line 15"),
    ),
    "code fence in a dropdown": (
        "````{dropdown} Details\nMore detail {cite:p}`src`.\n\n~~~python\nx = 1\n````\n",
        SPHINX_DESIGN,
        never_closed(
            18, "the {dropdown} directive opened at line 15", "close it with a line of ~~~"
        ),
    ),
    "code fence in a tab item of a tab set": (
        "`````{tab-set}\n````{tab-item} One\nThe first tab {cite:p}`src`.\n\n```python\n"
        "x = 1\n````\n`````\n",
        SPHINX_DESIGN,
        never_closed(19, "the {tab-item} directive opened at line 16"),
    ),
    "code fence in a card": (
        "````{card} A card\nA card {cite:p}`src`.\n\n```python\nx = 1\n````\n",
        SPHINX_DESIGN,
        never_closed(18, "the {card} directive opened at line 15"),
    ),
}


@pytest.mark.parametrize("case", TRUE_CASES, ids=list(TRUE_CASES))
def test_an_unclosed_fence_is_one_warning_saying_what_it_swallows(
    tmp_path: Path, case: str
) -> None:
    markdown, conf, warning = TRUE_CASES[case]
    assert unclosed_fences(build_with(tmp_path, markdown, conf)) == [warning]


def test_which_directives_have_their_content_parsed_as_markdown() -> None:
    from docutils.parsers.rst.directives.admonitions import Admonition, Note
    from docutils.parsers.rst.directives.body import Epigraph
    from sphinx.directives.code import CodeBlock, LiteralInclude
    from sphinx.directives.patches import Code, MathDirective
    from sphinx_design.cards import CardDirective
    from sphinx_design.dropdown import DropdownDirective
    from sphinx_design.grids import GridItemCardDirective
    from sphinx_design.tabs import TabItemDirective

    from clinical_handbook.sources import parses_content

    for markdown in (
        Note,
        Admonition,
        Epigraph,  # through the parser's block_quote
        DropdownDirective,
        TabItemDirective,
        CardDirective,
        GridItemCardDirective,  # through CardDirective's code
    ):
        assert parses_content(markdown), markdown
    for literal in (CodeBlock, Code, LiteralInclude, MathDirective):
        assert not parses_content(literal), literal


def test_a_page_s_own_myst_configuration_counts(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    page = srcdir / PAGE
    text = page.read_text(encoding="utf-8").replace(
        "id: massage\n", "id: massage\nmyst:\n  enable_extensions: [colon_fence]\n"
    )  # two lines more: the appended text starts at line 17
    note = "::::{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n::::\n"
    page.write_text(text + "\n" + note, encoding="utf-8")
    result = build(srcdir)
    assert unclosed_fences(result.warning_lines()) == [
        never_closed(20, "the {note} directive opened at line 17")
    ]
