"""The version guards of the upstream patches: outside the tested versions, a patch stays off.

Each test pretends that one dependency is at a version the patch was not tested
with (by replacing the version look-up), and checks that the patch is not
applied, that the build log says so in one line, and that the build still
gives the right output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pybtex.errors
import pybtex.plugin
import pytest
from root_build import build, copy_root
from sphinx.errors import ExtensionError
from sphinxcontrib.bibtex.domain import BibtexDomain

import clinical_handbook.upstream as upstream
from clinical_handbook.upstream import lenient_codec, pybtex_cache
from clinical_handbook.upstream.citation_cache import CachingBibtexDomain


def pretend(monkeypatch: pytest.MonkeyPatch, distribution: str, version: str) -> None:
    """Make the guards see ``version`` of ``distribution``, and every other version as it is."""
    real: Callable[[str], str | None] = upstream.installed_version
    monkeypatch.setattr(
        upstream,
        "installed_version",
        lambda name: version if name.lower() == distribution else real(name),
    )


def outputs(outdir: Path) -> dict[Path, bytes]:
    return {
        path.relative_to(outdir): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".json"}
    }


def test_tested_compares_the_installed_version_with_the_range() -> None:
    assert upstream.tested("a patch", "pybtex", ">=0.26,<0.27")
    assert not upstream.tested("a patch", "pybtex", ">=0.27")
    assert not upstream.tested("a patch", "no-such-distribution-here", ">=0")


def test_the_pybtex_cache_stays_off_for_an_untested_pybtex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = {"handbook_citation_cache": False}  # so that pybtex is asked at every citation
    expected = build(copy_root(tmp_path / "patched", "claims-cited"), confoverrides=overrides)
    pretend(monkeypatch, "pybtex", "0.27.0")
    installs: list[bool] = []
    monkeypatch.setattr(pybtex_cache, "install", lambda: installs.append(True))
    result = build(copy_root(tmp_path / "guarded", "claims-cited"), confoverrides=overrides)
    assert installs == []
    assert pybtex.plugin.entry_points is pybtex_cache._UNCACHED
    assert (
        "handbook: the pybtex plugin cache is off (tested with pybtex >=0.26,<0.27, "
        "found 0.27.0): pybtex behaves as upstream"
    ) in result.status
    assert result.warnings == ""
    assert outputs(result.outdir) == outputs(expected.outdir)


def test_the_citation_cache_stays_off_for_an_untested_sphinxcontrib_bibtex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = build(copy_root(tmp_path / "patched", "contra-ok"))
    assert type(expected.app.env.get_domain("cite")) is CachingBibtexDomain
    pretend(monkeypatch, "sphinxcontrib-bibtex", "2.8.0")
    # The BibTeX error recovery is guarded by the same version: it stays off too.
    result = build(copy_root(tmp_path / "guarded", "contra-ok"))
    assert type(result.app.env.get_domain("cite")) is BibtexDomain
    assert "handbook: the citation cache is off" in result.status
    assert result.warnings == ""
    assert outputs(result.outdir) == outputs(expected.outdir)


def test_the_bibtex_error_recovery_stays_off_for_an_untested_pybtex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pretend(monkeypatch, "pybtex", "0.25.0")
    monkeypatch.setattr(pybtex_cache, "install", lambda: None)  # guarded by pybtex too
    result = build(copy_root(tmp_path / "good", "contra-ok"))
    assert "handbook: the recovery from BibTeX errors is off" in result.status
    assert result.warnings == ""
    assert (result.outdir / "index.html").is_file()
    # As upstream: the first syntax error stops the build, with no recovery.
    with pytest.raises(ExtensionError, match="premature end of file"):
        build(copy_root(tmp_path / "broken", "bibfile-broken"))
    assert pybtex.errors.captured_errors is None


def test_the_lenient_codec_stays_off_for_an_untested_sphinx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = build(copy_root(tmp_path / "patched", "contra-ok"))
    assert expected.app.env.settings["input_encoding"] == lenient_codec.NAME
    pretend(monkeypatch, "sphinx", "9.1.0")
    result = build(copy_root(tmp_path / "guarded", "contra-ok"))
    assert result.app.env.settings["input_encoding"] == "utf-8-sig"  # as Sphinx reads pages
    assert "handbook: the lenient UTF-8 codec for pages is off" in result.status
    assert result.warnings == ""
    assert outputs(result.outdir) == outputs(expected.outdir)
