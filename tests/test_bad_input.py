"""The bad-input catalogue: every authoring mistake gives a clear message, never a traceback.

Each case breaks one thing in a copy of ``tests/roots/test-contra-ok`` (a clean
project with every feature). The build must then: finish without an
exception or traceback; print a message naming the file (and the line, where a
line exists); fail under ``-W``; and still write the rest of the handbook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from root_build import ROOTS, build, copy_root

MASSAGE = "techniques/massage.md"
FLAG = "contraindications/flag.md"


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def append(relative: str, text: str) -> Callable[[Path], None]:
    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return apply


def write(relative: str, data: bytes, in_toctree: bool = True) -> Callable[[Path], None]:
    def apply(srcdir: Path) -> None:
        (srcdir / relative).write_bytes(data)
        if in_toctree:
            edit("index.md", "bibliography\n```", f"{Path(relative).stem}\nbibliography\n```")(
                srcdir
            )

    return apply


def page(body: str, front: str = "type: background\nid: extra") -> bytes:
    return f"---\n{front}\n---\n\n# Extra page\n\n{body}\n".encode()


def huge_page() -> bytes:
    cited = "Gentle massage is discussed at length in this sentence {cite:p}`src`. " * 6
    paragraphs = "\n\n".join([cited] * 2600)  # about 1 MB
    return page(paragraphs + "\n\nThe very last sentence has no source.")


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], None]
    message: str
    """A regular expression the warnings must match: file, line and what is wrong."""


CASES = [
    Case(
        "broken YAML front matter",
        edit(MASSAGE, "contraindications:\n", "contraindications: [oops\n"),
        r"techniques/massage\.md:1: WARNING: Malformed YAML",
    ),
    Case(
        "front matter that is not a mapping",
        write(MASSAGE, b"---\n- technique\n- massage\n---\n\n# Massage\n", in_toctree=False),
        r"techniques/massage\.md:1: WARNING: .*YAML is not a dict",
    ),
    Case(
        "unknown page type",
        edit(MASSAGE, "type: technique", "type: tecnique"),
        r"techniques/massage\.md:2: WARNING: unknown page type 'tecnique'",
    ),
    Case(
        "missing id",
        edit(MASSAGE, "id: massage\n", ""),
        r"techniques/massage\.md:1: WARNING: page declares no id",
    ),
    Case(
        "duplicate id",
        edit("contraindications/flare.md", "id: flare", "id: flag"),
        r"contraindications/flare\.md:3: WARNING: duplicate page id 'flag'",
    ),
    Case(
        "page in the wrong folder",
        write(
            "techniques/lost.md",
            page(
                "A stage in techniques {cite:p}`src`.",
                "type: stage\nid: lost\ncontraindications: [flag]",
            ),
        ),
        r"techniques/lost\.md:2: WARNING: a page of type 'stage' belongs in stages/",
    ),
    Case(
        "unknown citation key",
        append(MASSAGE, "\nA claim with a mistyped key {cite:p}`srcc`.\n"),
        r'techniques/massage\.md:15: WARNING: could not find bibtex key "srcc"',
    ),
    Case(
        "BibTeX syntax error",
        append("refs.bib", "\n@misc{broken,\n  title = {never closed,\n"),
        r"refs\.bib:10: WARNING: BibTeX syntax error: premature end of file "
        r"\(the entry 'broken' is skipped\)",
    ),
    Case(
        "repeated BibTeX key",
        append("refs.bib", "\n@misc{src,\n  title = {Again},\n}\n"),
        r"refs\.bib:9: WARNING: BibTeX repeated bibliography entry: src "
        r"\(the second entry is skipped\)",
    ),
    Case(
        "BibTeX file that is not UTF-8",
        write(
            "refs.bib",
            (ROOTS / "test-contra-ok" / "refs.bib")
            .read_bytes()
            .replace(b"A test source", b"A caf\xe9 source"),
            in_toctree=False,
        ),
        r"refs\.bib:3: WARNING: byte 0xe9 is not valid UTF-8",
    ),
    Case(
        "unknown evidence level",
        edit("refs.bib", "{guideline}", "{anecdote}"),
        r"refs\.bib:1: WARNING: .*'src'.*anecdote",
    ),
    Case(
        "missing evidence field",
        edit("refs.bib", "  evidence   = {guideline},\n", ""),
        r"refs\.bib:1: WARNING: bibliography entry 'src' has no evidence field",
    ),
    Case(
        "page in no toctree",
        write("extra.md", page("An extra page {cite:p}`src`."), in_toctree=False),
        r"extra\.md: WARNING: document isn't included in any toctree",
    ),
    Case(
        "empty page",
        write("extra.md", b""),
        r"extra\.md:1: WARNING: page declares no type",
    ),
    Case(
        "file that is not UTF-8",
        write("extra.md", page("Cafe clients {cite:p}`src`.").replace(b"Cafe", b"Caf\xe9")),
        r"extra\.md:8: WARNING: byte 0xe9 is not valid UTF-8",
    ),
    Case(
        "unclosed directive fence",
        append(MASSAGE, "\n```{note}\nThis note never ends {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: this fence is never closed, so it swallows the "
        r"rest of the page: close it with a line of ```",
    ),
    Case(
        "unclosed code fence in a note",
        append(MASSAGE, "\n````{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n````\n"),
        r"techniques/massage\.md:18: WARNING: this fence is never closed, so it swallows the "
        r"rest of the \{note\} directive opened at line 15: close it with a line of ```",
    ),
    Case(
        "link to a missing contraindication",
        append(MASSAGE, "\nSee {contra}`flagg` first {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: \{contra\} link to unknown contraindication id "
        r"'flagg' \(did you mean 'flag'\?\)",
    ),
    Case(
        "contraindication listed twice",
        edit(MASSAGE, "  - flag\n", "  - flag\n  - flag\n"),
        r"techniques/massage\.md:4: WARNING: contraindication 'flag' is listed twice",
    ),
    Case(
        "huge page (1 MB)",
        write("extra.md", huge_page()),
        r"extra\.md:5208: WARNING: uncited claim: \"The very last sentence has no source\.\"",
    ),
    Case(
        "raw HTML block",
        append(MASSAGE, "\n<script>alert('hi')</script>\n"),
        r"techniques/massage\.md:15: WARNING: raw html markup is not allowed",
    ),
    Case(
        "inline HTML",
        append(MASSAGE, "\nSome <b>bold</b> text {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: raw html markup is not allowed",
    ),
    Case(
        "unknown contraindication kind",
        edit(FLAG, "kind: red-flag", "kind: urgent"),
        r"contraindications/flag\.md:4: WARNING: contraindication kind 'urgent'",
    ),
    Case(
        "contraindication link to a page of another type",
        append(MASSAGE, "\nSee {contra}`intake` {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: \{contra\} link to 'intake': a stage page",
    ),
    Case(
        "unlinked mention of a contraindication",
        append(MASSAGE, "\nWatch for a warning sign {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: unlinked mention of 'warning sign'",
    ),
    Case(
        "exemption without a reason",
        append(MASSAGE, "\n```{editorial-note}\nNot a claim.\n```\n"),
        r"techniques/massage\.md:15: WARNING: editorial-note without a reason",
    ),
    Case(
        "uncited sentence",
        append(MASSAGE, "\nMassage cures everything.\n"),
        r"techniques/massage\.md:15: WARNING: uncited claim: \"Massage cures everything\.\"",
    ),
    Case(
        "bibliography entry that nothing cites",
        append(
            "refs.bib",
            "\n@misc{spare,\n  title = {Spare},\n  year = {2021},\n"
            "  evidence = {guideline},\n  directness = {direct},\n}\n",
        ),
        r"refs\.bib:9: WARNING: bibliography entry 'spare' is not cited on any page",
    ),
    Case(
        "unknown directive",
        append(MASSAGE, "\n```{warnung}\nA typo {cite:p}`src`.\n```\n"),
        r"techniques/massage\.md:15: (WARNING|ERROR): Unknown directive type",
    ),
    Case(
        "unknown role",
        append(MASSAGE, "\nA {citep}`src` typo {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: (WARNING|ERROR): Unknown interpreted text role",
    ),
    Case(
        "link to a missing page",
        append(MASSAGE, "\nSee {doc}`nowhere` {cite:p}`src`.\n"),
        r"techniques/massage\.md:15: WARNING: unknown document: 'nowhere'",
    ),
    Case(
        "technique without contraindications",
        edit(
            MASSAGE,
            "contraindications:\n  - flare: postpone deep work until it settles\n  - flag\n",
            "",
        ),
        r"techniques/massage\.md:2: WARNING: technique page declares no contraindications",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_a_clear_message(tmp_path: Path, case: Case) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    case.breaks(srcdir)
    result = build(srcdir, warningiserror=True)  # an uncaught exception would fail here
    output = "\n".join(result.warning_lines())
    assert "Traceback" not in result.warnings + result.status
    assert re.search(case.message, output), output[-3000:]
    assert result.app.statuscode == 1  # -W fails the build
    outdir = result.outdir
    for written in ("index.html", "contraindications/flag.html", "views.html"):
        assert (outdir / written).is_file(), written  # the rest still builds


def test_the_catalogue_is_complete() -> None:
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)
