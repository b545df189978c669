"""Patch: pybtex looks each plugin up once per build, not once per citation.

**Upstream behaviour.** pybtex 0.26 finds its plugins (styles, backends) by
calling ``importlib.metadata.entry_points(group=..., name=...)`` on every call
to ``pybtex.plugin.find_plugin``, and sphinxcontrib-bibtex 2.7 calls
``find_plugin`` for every citation it resolves. Each call reads the metadata of
every installed distribution: resolving a few thousand citations cost most of
a 200-page build (19.7 s without the cache, 7.3 s with it), and more the more
packages are installed. No upstream issue is known; Pygments had the same cost
and now caches its entry points (pygments/pygments#2979).

**The patch.** For the length of one build (from ``config-inited`` to
``build-finished``) the module attribute ``pybtex.plugin.entry_points`` is
replaced by :func:`cached_entry_points`, which memoises the look-up per
``(group, name)``. Only installed entry points are cached: plugins registered at
run time with ``pybtex.plugin.register_plugin`` are still looked up first, as
before, so the output is unchanged (``tests/test_pybtex_cache.py`` builds with
and without the cache and compares the HTML byte for byte). After the build the
original function is back and the cache is empty, so a package installed
between two builds in one process is found.

**Tested with** pybtex 0.26.1 (and sphinxcontrib-bibtex 2.7.0); the guard admits
pybtex ``>=0.26,<0.27``. ``handbook_pybtex_cache = False`` switches it off.

**Dropping it.** Once pybtex caches the look-up itself, or sphinxcontrib-bibtex
finds its plugins once: delete this module, its ``setup_pybtex_cache`` call in
``clinical_handbook/__init__.py`` and the config value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pybtex.plugin
from sphinx.application import Sphinx
from sphinx.config import Config

from . import tested

PATCH = "the pybtex plugin cache"
PYBTEX_VERSIONS = ">=0.26,<0.27"

_UNCACHED: Callable[..., Any] = pybtex.plugin.entry_points
_cache: dict[tuple[tuple[str, str], ...], Any] = {}


def cached_entry_points(**params: str) -> Any:
    """``importlib.metadata.entry_points(group=..., name=...)``, memoised for this build."""
    key = tuple(sorted(params.items()))
    if key not in _cache:
        # importlib.metadata returns an immutable EntryPoints tuple: safe to share.
        _cache[key] = _UNCACHED(**params)
    return _cache[key]


def install() -> None:
    _cache.clear()
    pybtex.plugin.entry_points = cached_entry_points


def uninstall() -> None:
    pybtex.plugin.entry_points = _UNCACHED
    _cache.clear()


def _start(app: Sphinx, config: Config) -> None:
    if config.handbook_pybtex_cache and tested(PATCH, "pybtex", PYBTEX_VERSIONS):
        install()
    else:
        uninstall()


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    uninstall()


def setup_pybtex_cache(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_pybtex_cache",
        True,
        "",
        bool,
        description="patch: look pybtex plugins up once per build (speed only)",
    )
    app.connect("config-inited", _start)
    app.connect("build-finished", _finish)


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the cache on its own.

    ``extensions = [..., "clinical_handbook.upstream.pybtex_cache"]``
    """
    setup_pybtex_cache(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
