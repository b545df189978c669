"""Workarounds for behaviour of the handbook's dependencies, each a labelled patch.

One module per workaround. Each module's docstring says what upstream behaviour
it works around, the upstream issue where one is known, which versions it was
written and tested against, and how to drop it.

Each patch is guarded by the versions it was tested with: before it patches
anything it asks :func:`tested` whether the installed version of the package it
works around lies in that range. Outside it the patch stays off, the package's
own behaviour applies, and the build log says so in one line (an info message,
not a warning: nothing is wrong with the handbook). When a dependency is
upgraded, check the patch against the new version and widen its range, or drop
the patch if the new version no longer needs it.
"""

from __future__ import annotations

from importlib import metadata

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion
from sphinx.util import logging

logger = logging.getLogger(__name__)


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def tested(patch: str, distribution: str, versions: str) -> bool:
    """Whether the installed ``distribution`` is one that ``patch`` was tested with.

    ``versions`` is a version specifier such as ``">=0.26,<0.27"``. When the
    installed version is outside it (or the package is missing), the build log
    gets one line saying that ``patch`` is off.
    """
    found = installed_version(distribution)
    try:
        ok = found is not None and SpecifierSet(versions).contains(found, prereleases=True)
    except (InvalidSpecifier, InvalidVersion):  # a version no one can compare
        ok = False
    if not ok:
        logger.info(
            "handbook: %s is off (tested with %s %s, found %s): %s behaves as upstream",
            patch,
            distribution,
            versions,
            found or "none",
            distribution,
        )
    return ok
