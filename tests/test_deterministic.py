"""The handbook builds the same way every time, serial or parallel.

The real handbook is clean, so its parallel build compares claims.json; the
warnings are compared on the base test project with many mistakes made at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from handbook_build import Build, build_handbook
from root_build import BASE, build, copy_root
from test_bad_input import CASES


def outputs(build: Build) -> dict[str, bytes]:
    """Every HTML page and claims.json, by path."""
    files = [*build.outdir.rglob("*.html"), build.outdir / "claims.json"]
    return {str(f.relative_to(build.outdir)): f.read_bytes() for f in sorted(files)}


def test_two_clean_builds_are_byte_identical(
    handbook_html: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = build_handbook(tmp_path_factory.mktemp("again"), "html")
    first, second = outputs(handbook_html), outputs(again)
    assert len(first) > 30
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_parallel_build_gives_the_same_claims(
    handbook_html: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    parallel = build_handbook(tmp_path_factory.mktemp("parallel"), "html", parallel=2)
    assert parallel.warnings == handbook_html.warnings == ""  # the handbook is clean
    claims = "claims.json"
    assert (parallel.outdir / claims).read_bytes() == (handbook_html.outdir / claims).read_bytes()


#: Catalogue mistakes that can be made together, each giving one warning.
MISTAKES = (
    "unknown contraindication kind",
    "orphan contraindication",
    "page in the wrong folder",
    "duplicate id (a copied page)",
    "uncited sentence",
    "unlinked mention of a contraindication",
    "link to a missing contraindication",
    "bibliography entry that nothing cites",
    "missing evidence field",
    "file that is not UTF-8",
    "exemption without a reason",
    "unknown citation key",
    "unknown directive",
    "raw HTML block",
    "script from another host",
)


def test_parallel_build_gives_the_same_warnings(tmp_path: Path) -> None:
    cases = {case.name: case for case in CASES}
    results = []
    for parallel in (0, 2):
        srcdir = copy_root(tmp_path / str(parallel), BASE)
        for name in MISTAKES:
            cases[name].breaks(srcdir)
        results.append(build(srcdir, parallel=parallel))
    serial, parallel = (sorted(result.warning_lines()) for result in results)
    assert len(serial) == len(MISTAKES)  # one each, from every kind of check
    assert parallel == serial
    # It really read in parallel (in chunks: "[ 50%] a .. b").
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", results[1].status)


def test_source_date_epoch_sets_the_printed_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    latex = build_handbook(tmp_path, "latex")
    tex = (latex.outdir / "handbook.tex").read_text(encoding="utf-8")
    assert r"\date{Jan 01, 1970}" in tex
