"""Sphinx extensions for clinical protocol handbooks.

Add ``"clinical_handbook"`` to ``extensions`` in ``conf.py`` to switch every
feature on. Each feature lives in its own module and exposes its own
``setup_<feature>(app)``; this function only wires them together.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .claims import setup_claims
from .offline import setup_offline
from .printing import setup_printing

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    setup_printing(app)
    setup_offline(app)
    setup_claims(app)
    return {
        "version": __version__,
        # Bump when the data the extensions keep in the environment changes shape.
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
