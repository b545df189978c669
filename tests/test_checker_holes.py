"""No uncited claim passes, and every warning is on its sentence's own line.

Each case adds one page to a copy of ``tests/roots/test-claims-cited`` (a clean,
fully cited project) and builds once; the expected lines come from the page's
source (an independent oracle: the line where the sentence's words start).
The cases come from trying the checker on documentation nobody here wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import Build, build, copy_root

#: page name -> Markdown body (after front matter and a title).
PAGES: dict[str, str] = {
    # --- authored markup cannot claim an internal class ---------------------------
    "spoof_class": """\
```{note}
:class: handbook-not-a-claim
Spoofed note sentence one.
```

```{container} handbook-generated
Spoofed container sentence two.
```

```{admonition} Look
:class: handbook-exemption
Spoofed exemption sentence three.
```
""",
    # --- a nested table's header lends nothing to the outer table -------------------
    "nested_table": """\
::::{list-table}
:header-rows: 1

* - Outer header
  - Outer header two
* - Ice packs cure disc herniation.
  - :::{list-table}
    :header-rows: 1

    * - Inner header {cite:p}`smith2020`
    * - Inner cell rests on the inner header.
    :::
::::
""",
    # --- pre- and post-text citations ---------------------------------------------------
    "pretext": """\
Clinics advertise it widely {cite:p}`{see}clinic2021{p. 3}`.
""",
    # --- under-splitting hides an uncited sentence behind a cited one --------------
    "undersplit": """\
The recommendation has evidence grade B. Massage may be offered with exercise {cite:p}`smith2020`.

Ask whether the client takes vitamin D. Massage is given lying down {cite:p}`smith2020`.

Most trials were run in the U.S. Massage helped for weeks {cite:p}`smith2020`.

This was reported by Furlan et al. {cite:p}`smith2020` Massage cures disc herniation.
""",
    # --- generated text is not a claim ------------------------------------------------
    "generated_text": """\
```{versionadded} 2.0
```

```{versionchanged} 1.0
Massage reduces pain in changed text {cite:p}`smith2020`.

A second changed paragraph is uncited here.
```

```{article-info}
:author: Jane Doe
:date: Jul 24, 2021
:read-time: 5 min read
```

```{button-link} https://example.org/guide
```

```{button-link} https://example.org/guide
Read the guide
```

::::{card}
:::{card-header}
Card header heading
:::
Card body is cited {cite:p}`smith2020`.
:::{card-footer}
Uncited card footer sentence.
:::
::::
""",
    # --- lines ------------------------------------------------------------------------------
    "lines_table": """\
| Position | Note |
|---|---|
| Prone | See [the page](https://example.org) for prone {cite:p}`smith2020`. |
| Side | Uncited side row sentence. |
| Back | Uncited back row sentence. |
| Sitting | Uncited sitting row sentence. |
| Standing | Uncited standing row sentence. |
""",
    "lines_nested": """\
::::{tab-set}
:::{tab-item} One
```{note}
Uncited nested note sentence.
```
:::
::::

```{note}
:class: spaced
:name: named-note
Uncited sentence after options.
```

![diagram](diagram.png)
Uncited sentence after an image.

```{versionchanged} 1.0
Uncited first changed paragraph.

Uncited second changed paragraph.
```

Painful words appear here {cite:p}`smith2020`.
Pain uncited sentence two lines on.
""",
    "lines_inner_table": """\
::::{list-table}
* - Outer cell is cited {cite:p}`smith2020`.
  - :::{list-table}
    * - Uncited inner table cell.
    :::
::::
""",
}


def _page(name: str, body: str) -> str:
    return f"---\ntype: background\nid: {name.replace('_', '-')}\n---\n\n# {name}\n\n{body}"


@pytest.fixture(scope="module")
def holes(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = copy_root(tmp_path_factory.mktemp("holes"), "claims-cited")
    for name, body in PAGES.items():
        (srcdir / f"{name}.md").write_text(_page(name, body), encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "register\n", "register\n" + "\n".join(PAGES) + "\n"
        ),
        encoding="utf-8",
    )
    return build(srcdir)


def line_of(path: Path, phrase: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if phrase in line:
            return number
    raise AssertionError(f"{phrase!r} not in {path}")


def uncited(result: Build, page: str) -> list[str]:
    """``line: first words`` of every uncited warning on ``page``."""
    found = []
    for warning in result.warning_lines():
        if warning.startswith(f"{page}.md:") and "[handbook.uncited]" in warning:
            line = warning.split(":")[1]
            words = warning.split('uncited claim: "')[1].split('"')[0]
            found.append(f"{line}: {words}")
    return found


def expected(result: Build, page: str, *phrases: str) -> list[str]:
    path = result.srcdir / f"{page}.md"
    return [f"{line_of(path, phrase)}: {phrase}" for phrase in phrases]


def claims_of(result: Build, page: str) -> list[dict]:
    return [c for c in result.claims_json()["claims"] if c["page"] == page]


def test_internal_classes_are_no_opt_out(holes: Build) -> None:
    assert uncited(holes, "spoof_class") == expected(
        holes,
        "spoof_class",
        "Spoofed note sentence one.",
        "Spoofed container sentence two.",
        "Spoofed exemption sentence three.",
    )
    # Only the editorial note is counted as an exemption.
    assert [e["page"] for e in holes.claims_json()["exemptions"]] == ["technique"]


def test_nested_table_header_covers_only_its_own_rows(holes: Build) -> None:
    assert uncited(holes, "nested_table") == expected(
        holes, "nested_table", "Ice packs cure disc herniation."
    )
    inner = {c["text"]: c["keys"] for c in claims_of(holes, "nested_table")}
    assert inner["Inner cell rests on the inner header."] == ["smith2020"]


def test_citation_with_pre_and_post_text(holes: Build) -> None:
    assert "clinic2021" not in " ".join(holes.handbook_warnings("unused-source"))
    assert "malformed" not in holes.warnings
    (claim,) = claims_of(holes, "pretext")
    assert claim["keys"] == ["clinic2021"]
    assert claim["strongest"] == "commercial"
    assert claim["markers"] == ["commercial"]
    html = (holes.outdir / "pretext.html").read_text(encoding="utf-8")
    assert "claim-marker claim-commercial" in html


def test_an_uncited_sentence_cannot_hide_behind_a_cited_one(holes: Build) -> None:
    assert uncited(holes, "undersplit") == expected(
        holes,
        "undersplit",
        "The recommendation has evidence grade B.",
        "Ask whether the client takes vitamin D.",
        "Most trials were run in the U.S.",
        "Massage cures disc herniation.",
    )


def test_generated_text_is_not_a_claim(holes: Build) -> None:
    texts = [c["text"] for c in claims_of(holes, "generated_text")]
    assert texts == [
        "Massage reduces pain in changed text.",
        "A second changed paragraph is uncited here.",
        "Card body is cited.",
        "Uncited card footer sentence.",
    ]
    assert uncited(holes, "generated_text") == expected(
        holes,
        "generated_text",
        "A second changed paragraph is uncited here.",
        "Uncited card footer sentence.",
    )


def test_pipe_table_rows_after_a_link(holes: Build) -> None:
    # Each cell of a row without a citation is an uncited claim.
    rows = ("Side", "Back", "Sitting", "Standing")
    phrases = [p for row in rows for p in (row, f"Uncited {row.lower()} row sentence.")]
    assert uncited(holes, "lines_table") == expected(holes, "lines_table", *phrases)


def test_lines_of_nested_and_optioned_directives(holes: Build) -> None:
    assert uncited(holes, "lines_nested") == expected(
        holes,
        "lines_nested",
        "Uncited nested note sentence.",
        "Uncited sentence after options.",
        "Uncited sentence after an image.",
        "Uncited first changed paragraph.",
        "Uncited second changed paragraph.",
        "Pain uncited sentence two lines on.",
    )


def test_a_table_inside_a_table_is_read_once(holes: Build) -> None:
    texts = [c["text"] for c in claims_of(holes, "lines_inner_table")]
    assert texts == ["Outer cell is cited.", "Uncited inner table cell."]
    assert uncited(holes, "lines_inner_table") == expected(
        holes, "lines_inner_table", "Uncited inner table cell."
    )


def test_no_other_warnings(holes: Build) -> None:
    others = [w for w in holes.warning_lines() if "[handbook.uncited]" not in w]
    # the image of lines_nested is not in the project
    assert [w for w in others if "diagram.png" not in w] == []


def test_same_line_from_every_check(tmp_path: Path) -> None:
    """The uncited and the unlinked-mention warnings name one line for one row."""
    srcdir = copy_root(tmp_path, "contra-ok")
    massage = srcdir / "techniques" / "massage.md"
    massage.write_text(
        massage.read_text(encoding="utf-8")
        + "\n| Position | Note |\n|---|---|\n| Prone | Fine {cite:p}`src`. |\n"
        "| Side | Watch for a warning sign here. |\n",
        encoding="utf-8",
    )
    result = build(srcdir, "dummy")
    line = line_of(massage, "Watch for a warning sign here.")
    uncited_lines = [w for w in result.warning_lines() if "[handbook.uncited]" in w]
    mention_lines = [w for w in result.warning_lines() if "[handbook.unlinked-mention]" in w]
    assert uncited_lines and mention_lines
    assert all(
        w.startswith(f"techniques/massage.md:{line}:") for w in uncited_lines + mention_lines
    )


def test_markers_follow_their_claims_in_a_latex_book(tmp_path: Path) -> None:
    """A LaTeX book is one tree: each page's citations count from its own start."""
    srcdir = copy_root(tmp_path, "claims-cited")
    (srcdir / "early.md").write_text(
        _page("early", "Strong evidence first {cite:p}`smith2020`. And again {cite:p}`smith2020`."),
        encoding="utf-8",
    )
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("technique\n", "early\ntechnique\n"),
        encoding="utf-8",
    )
    result = build(srcdir, "latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    marker = r"\textsuperscript{\textsf{\footnotesize [web only]}}"
    start, clinics = tex.index("Strong evidence first"), tex.index("Many clinics offer it")
    # Only the claim resting on the clinic's web page is marked, right after its citation.
    assert marker not in tex[start:clinics]
    assert tex[clinics : tex.index("Stroking also eases")].count(marker) == 1
