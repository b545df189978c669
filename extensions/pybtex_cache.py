"""Look pybtex plugins up once per build, not once per citation.

pybtex 0.26 finds its plugins (styles, backends) by scanning
``importlib.metadata.entry_points()`` on every call to ``find_plugin``, and
sphinxcontrib-bibtex 2.7 calls ``find_plugin`` for every citation it resolves.
The scan reads the metadata of every installed distribution, so resolving a few
thousand citations cost most of a 200-page build, and more the more packages
are installed.

This module memoises pybtex's entry-point look-up per ``(group, name)``. Only
installed entry points are cached; plugins registered at run time with
``pybtex.plugin.register_plugin`` are still looked up first, exactly as before,
so the output is unchanged (``tests/test_pybtex_cache.py`` builds with and
without the cache and compares the HTML byte for byte).

Switch it off with ``handbook_pybtex_cache = False``. Drop this module once
pybtex caches the look-up itself, or sphinxcontrib-bibtex finds its plugins once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pybtex.plugin
from sphinx.application import Sphinx
from sphinx.config import Config

_UNCACHED: Callable[..., Any] = pybtex.plugin.entry_points


@functools.cache
def _lookup(params: tuple[tuple[str, str], ...]) -> Any:
    # importlib.metadata returns an immutable EntryPoints tuple: safe to share.
    return _UNCACHED(**dict(params))


def cached_entry_points(**params: str) -> Any:
    """``importlib.metadata.entry_points(group=..., name=...)``, memoised."""
    return _lookup(tuple(sorted(params.items())))


def install() -> None:
    pybtex.plugin.entry_points = cached_entry_points


def uninstall() -> None:
    pybtex.plugin.entry_points = _UNCACHED
    _lookup.cache_clear()


def _apply(app: Sphinx, config: Config) -> None:
    if config.handbook_pybtex_cache:
        install()
    else:
        uninstall()


def setup_pybtex_cache(app: Sphinx) -> None:
    app.add_config_value("handbook_pybtex_cache", True, "", bool)
    app.connect("config-inited", _apply)


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the cache on its own: ``extensions = [..., "clinical_handbook.pybtex_cache"]``."""
    setup_pybtex_cache(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
