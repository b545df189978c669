"""The real handbook builds the same way every time, serial or parallel."""

from __future__ import annotations

from pathlib import Path

import pytest
from handbook_build import Build, build_handbook


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


def test_parallel_build_gives_the_same_warnings_and_claims(
    handbook_html: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    parallel = build_handbook(tmp_path_factory.mktemp("parallel"), "html", parallel=2)
    assert parallel.warnings == handbook_html.warnings
    claims = "claims.json"
    assert (parallel.outdir / claims).read_bytes() == (handbook_html.outdir / claims).read_bytes()


def test_source_date_epoch_sets_the_printed_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    latex = build_handbook(tmp_path, "latex")
    tex = (latex.outdir / "handbook.tex").read_text(encoding="utf-8")
    assert r"\date{Jan 01, 1970}" in tex
