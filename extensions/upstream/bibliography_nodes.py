"""Patch: a bibliography printed in two PDFs lists each entry once in each, not twice.

**Upstream behaviour.** sphinxcontrib-bibtex 2.7 keeps, for each bibliography,
one citation node per entry in its domain data (``citation_nodes``), and its
post-transform ``BibliographyTransform`` fills those very nodes with the
entry's label and text each time it resolves the bibliography. A page is
resolved once per HTML build, but the LaTeX builder resolves it once per
document in ``latex_documents`` that includes it: the second PDF (here the
course pack, after the handbook) prints every entry's text twice under one
number, the third three times. No upstream issue is known.

**The patch.** :class:`FreshBibliographyTransform`, the same transform, lets it
fill copies of the stored nodes and puts the originals back afterwards, so every
resolution starts from empty nodes. It replaces sphinxcontrib-bibtex's own in
Sphinx's list of post-transforms (nothing is patched in the package itself).
``tests/test_bibliography_nodes.py`` builds two PDFs that share a bibliography
with and without it.

**Tested with** sphinxcontrib-bibtex 2.7.0 (Sphinx 9.0.4); the guard admits
``>=2.7,<2.8`` (it relies on ``citation_nodes`` and on the transform's
``run``). ``handbook_bibliography_nodes = False`` switches it off.

**Dropping it.** Once sphinxcontrib-bibtex copies the stored nodes itself:
delete this module, its ``setup_bibliography_nodes`` call in
``clinical_handbook/__init__.py`` and the config value.
"""

from __future__ import annotations

from typing import Any

from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinxcontrib.bibtex.transforms import BibliographyTransform

from . import tested

PATCH = "the bibliography-nodes patch"
BIBTEX_VERSIONS = ">=2.7,<2.8"


class FreshBibliographyTransform(BibliographyTransform):
    """sphinxcontrib-bibtex's bibliography transform, on copies of the stored nodes."""

    def run(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("cite")
        stored: list[tuple[dict[str, Element], dict[str, Element]]] = [
            (bibliography.citation_nodes, dict(bibliography.citation_nodes))
            for bibliography in domain.bibliographies.values()  # type: ignore[attr-defined]
        ]
        for nodes, originals in stored:
            nodes.update({key: node.deepcopy() for key, node in originals.items()})
        try:
            super().run(**kwargs)
        finally:
            for nodes, originals in stored:
                nodes.clear()
                nodes.update(originals)


def _replace_transform(app: Sphinx, config: Config) -> None:
    transforms = app.registry.post_transforms
    if (
        config.handbook_bibliography_nodes
        and BibliographyTransform in transforms
        and tested(PATCH, "sphinxcontrib-bibtex", BIBTEX_VERSIONS)
    ):
        transforms[transforms.index(BibliographyTransform)] = FreshBibliographyTransform


def setup_bibliography_nodes(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_bibliography_nodes",
        True,
        "",
        bool,
        description="patch: a bibliography in several PDFs lists each entry once in each",
    )
    app.connect("config-inited", _replace_transform)


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the patch on its own.

    ``extensions = [..., "clinical_handbook.upstream.bibliography_nodes"]``.
    """
    setup_bibliography_nodes(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
