"""Patch: sphinxcontrib-bibtex formats each distinct citation once per build, not once per use.

**Upstream behaviour.** sphinxcontrib-bibtex 2.7 runs pybtex's rich-text
templates for every citation it resolves (``BibtexDomain.resolve_xref``). In a
handbook where every sentence cites, that is thousands of identical
formattings: at 200 synthetic pages, 4,000 citations of 24 sources took about a
sixth of the whole build. No upstream issue is known.

**The patch.** What a resolved citation looks like depends only on the role
(``cite:p``, ``cite:t``...), the target (keys with any pre- and post-text), the
builder, and where the citing page sits relative to each bibliography that
holds the keys (a page may link to its own bibliography by id; others link by
relative URI). :class:`CachingBibtexDomain`, a subclass of sphinxcontrib-bibtex's
``cite`` domain that replaces it, keeps the resolved nodes under exactly that
key and hands out deep copies; a citation of an unknown key, or one whose link
cannot be computed, is always resolved (and reported) by sphinxcontrib-bibtex
itself. The cache is emptied whenever sphinxcontrib-bibtex recomputes its
citations (``env_updated``), so it lives for one build at most.
``tests/test_citation_cache.py`` builds with and without the cache and compares
the output byte for byte.

**Tested with** sphinxcontrib-bibtex 2.7.0 (pybtex 0.26.1, Sphinx 9.0.4); the
guard admits sphinxcontrib-bibtex ``>=2.7,<2.8`` (the subclass relies on its
``citations`` and ``bibliographies`` data and on ``resolve_xref``'s signature).
``handbook_citation_cache = False`` switches it off.

**Dropping it.** Once sphinxcontrib-bibtex caches formatted references itself:
delete this module, its ``setup_citation_cache`` call in
``clinical_handbook/__init__.py`` and the config value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain

from . import tested

PATCH = "the citation cache"
BIBTEX_VERSIONS = ">=2.7,<2.8"

#: For each bibliography page: its name, whether it is the citing page, the link to it.
Place = tuple[tuple[str, bool, str], ...]
CacheKey = tuple[str, str, str, Place]


class CachingBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, resolving each distinct citation once."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._resolved: dict[CacheKey, Element] = {}
        self._bibliography_pages: dict[str, set[str]] | None = None
        self._targets: dict[str, tuple[str, ...] | None] = {}
        self._places: dict[tuple[str, tuple[str, ...]], Place | None] = {}

    def env_updated(self) -> Iterable[str]:
        self._forget()
        return super().env_updated()

    def _forget(self) -> None:
        self._resolved.clear()
        self._bibliography_pages = None
        self._targets.clear()
        self._places.clear()

    def _pages_holding(self, key: str) -> set[str]:
        """The pages whose bibliography lists ``key`` as a citation."""
        if self._bibliography_pages is None:
            pages: dict[str, set[str]] = defaultdict(set)
            for citation in self.citations:
                if self.bibliographies[citation.bibliography_key].list_ == "citation":
                    pages[citation.key].add(citation.bibliography_key.docname)
            self._bibliography_pages = dict(pages)
        return self._bibliography_pages.get(key, set())

    def _cache_key(
        self, fromdocname: str, builder: Builder, typ: str, target: str
    ) -> CacheKey | None:
        pages = self._pages_citing(target)
        if pages is None:
            return None  # an unknown key: sphinxcontrib-bibtex warns, at every use
        place_key = (fromdocname, pages)
        if place_key not in self._places:
            try:
                self._places[place_key] = tuple(
                    (page, page == fromdocname, builder.get_relative_uri(fromdocname, page))
                    for page in pages
                )
            except Exception:  # NoUri and the like: not worth caching
                self._places[place_key] = None
        place = self._places[place_key]
        return None if place is None else (builder.name, typ, target, place)

    def _pages_citing(self, target: str) -> tuple[str, ...] | None:
        """The bibliography pages that hold every key of ``target``; None if one is unknown."""
        if target not in self._targets:
            pages: set[str] = set()
            for citation_target in parse_citation_targets(target):
                holding = self._pages_holding(citation_target.key)
                if not holding:
                    self._targets[target] = None
                    break
                pages |= holding
            else:
                self._targets[target] = tuple(sorted(pages))
        return self._targets[target]

    def resolve_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element:
        key = None
        if env.config.handbook_citation_cache:
            key = self._cache_key(fromdocname, builder, typ, target)
        if key is None:
            return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            self._resolved[key] = resolved
        return resolved.deepcopy()


def _replace_domain(app: Sphinx, config: Config) -> None:
    # At config-inited every extension is set up and no domain is created yet.
    if (
        "sphinxcontrib.bibtex" in app.extensions
        and config.handbook_citation_cache
        and tested(PATCH, "sphinxcontrib-bibtex", BIBTEX_VERSIONS)
    ):
        app.add_domain(CachingBibtexDomain, override=True)


def setup_citation_cache(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_citation_cache",
        True,
        "",
        bool,
        description="patch: resolve each distinct citation once per build (speed only)",
    )
    app.connect("config-inited", _replace_domain)


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the cache on its own.

    ``extensions = [..., "clinical_handbook.upstream.citation_cache"]``, with
    ``sphinxcontrib.bibtex`` anywhere in the list.
    """
    setup_citation_cache(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
