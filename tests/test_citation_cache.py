"""The citation cache changes nothing in the output and formats each distinct citation once."""

from __future__ import annotations

from pathlib import Path

import pytest
from root_build import build, copy_root
from sphinxcontrib.bibtex.domain import BibtexDomain


def build_cited(
    tmp_path: Path, name: str, cache: bool, builder: str = "html", root: str = "claims-cited"
) -> Path:
    result = build(
        copy_root(tmp_path / name, root),
        builder,
        confoverrides={"handbook_citation_cache": cache},
    )
    assert result.warnings == ""
    return result.outdir


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
# contra-ok cites from pages in three folders; claims-cited from the bibliography's own page.
@pytest.mark.parametrize("root", ["claims-cited", "contra-ok"])
def test_output_is_byte_identical_with_and_without_the_cache(
    tmp_path: Path, builder: str, root: str
) -> None:
    cached = build_cited(tmp_path, "cached", True, builder, root)
    uncached = build_cited(tmp_path, "uncached", False, builder, root)
    files = sorted(
        p.relative_to(cached)
        for p in cached.rglob("*")
        if p.is_file() and p.suffix in {".html", ".tex", ".txt", ".json"}
    )
    assert len(files) >= 2
    for file in files:
        assert (cached / file).read_bytes() == (uncached / file).read_bytes(), file


def test_each_distinct_citation_is_formatted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formatted: list[tuple[str, str, str]] = []
    original = BibtexDomain.resolve_xref

    def counting(self, env, fromdocname, builder, typ, target, node, contnode):  # noqa: ANN001
        formatted.append((fromdocname, typ, target))
        return original(self, env, fromdocname, builder, typ, target, node, contnode)

    monkeypatch.setattr(BibtexDomain, "resolve_xref", counting)
    build_cited(tmp_path, "uncached", False)
    uses = len(formatted)
    formatted.clear()
    build_cited(tmp_path, "cached", True)
    assert len(formatted) == len(set(formatted))  # never the same citation twice
    assert uses > 2 * len(formatted)  # the project cites the same sources many times


def test_an_unknown_key_is_still_reported_at_every_use(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "claims-problems")
    page = srcdir / "unknown.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nAgain a claim {cite:p}`nosuchkey2000`.\n", encoding="utf-8")
    warnings = build(srcdir).warnings
    assert warnings.count('could not find bibtex key "nosuchkey2000"') == 2
