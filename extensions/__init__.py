"""Sphinx extensions for clinical protocol handbooks.

Add ``"clinical_handbook"`` to ``extensions`` in ``conf.py`` to switch every
feature on. Each feature lives in its own module and exposes its own
``setup_<feature>(app)``; this function only wires them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .bibfiles import setup_bibfiles
from .claims import setup_claims
from .contraindications import setup_contraindications
from .course import setup_course
from .dependents import setup_dependents
from .offline import setup_offline
from .pagetypes import setup_pagetypes
from .printing import setup_printing
from .reviews import setup_reviews
from .safety_views import setup_safety_views
from .sources import setup_sources
from .upstream.citation_cache import setup_citation_cache
from .upstream.pybtex_cache import setup_pybtex_cache

STATIC_DIR = Path(__file__).parent / "static"

__version__ = "0.1.0"


def _add_static_dir(app: Sphinx) -> None:
    """The stylesheets and scripts of every feature, for HTML-format builders."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _add_static_dir)
    setup_dependents(app)
    setup_printing(app)
    setup_offline(app)
    setup_claims(app)
    setup_pagetypes(app)
    setup_contraindications(app)
    setup_safety_views(app)
    setup_reviews(app)
    setup_course(app)
    setup_pybtex_cache(app)
    setup_citation_cache(app)
    setup_bibfiles(app)
    setup_sources(app)
    return {
        "version": __version__,
        # Bump when the data the extensions keep in the environment changes shape.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
