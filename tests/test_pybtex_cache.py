"""The pybtex plugin cache changes nothing in the output and removes the repeated scans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pybtex.plugin
import pytest
from root_build import build, copy_root

from clinical_handbook.upstream import pybtex_cache


def build_cited(tmp_path: Path, name: str, cache: bool) -> Path:
    # The citation cache would hide most look-ups: this test is about the plugin cache alone.
    overrides = {"handbook_pybtex_cache": cache, "handbook_citation_cache": False}
    result = build(copy_root(tmp_path / name, "claims-cited"), confoverrides=overrides)
    assert result.warnings == ""
    return result.outdir


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Every scan of the installed entry points, as the cache's back end sees it."""
    calls: list[dict[str, Any]] = []
    original = pybtex_cache._UNCACHED

    def counting(**params: Any) -> Any:
        calls.append(params)
        return original(**params)

    # Restored last, after the build has put back whatever it took for the original.
    monkeypatch.setattr(pybtex.plugin, "entry_points", original)
    monkeypatch.setattr(pybtex_cache, "_UNCACHED", counting)
    yield calls


def test_output_is_byte_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    cached, uncached = (
        build_cited(tmp_path, "cached", True),
        build_cited(tmp_path, "uncached", False),
    )
    pages = sorted(p.relative_to(cached) for p in cached.rglob("*.html"))
    assert len(pages) >= 3
    for page in [*pages, Path("claims.json")]:
        assert (cached / page).read_bytes() == (uncached / page).read_bytes(), page


def test_cache_scans_each_plugin_once(tmp_path: Path, lookups: list[dict[str, Any]]) -> None:
    build_cited(tmp_path, "uncached", False)
    uncached_scans = len(lookups)
    lookups.clear()
    build_cited(tmp_path, "cached", True)
    # Per build: afterwards pybtex looks its plugins up as before, and nothing is kept.
    assert pybtex.plugin.entry_points is pybtex_cache._UNCACHED
    assert pybtex_cache._cache == {}
    distinct = {tuple(sorted(call.items())) for call in lookups}
    assert len(lookups) == len(distinct)  # never the same scan twice
    assert uncached_scans > 2 * len(lookups)  # the project has a dozen citations
