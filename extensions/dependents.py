"""Rewrite a page that shows other pages' data when, and only when, that data changed.

Sphinx rewrites a page when its own source changes. A page with generated
content (a contraindication box, the matrix, the evidence register, the course
map) also shows data read from other pages, so it must be rewritten when that
data changes, and need not be when it has not: writing the register alone
takes longer than writing the page that was edited.

Each feature computes, at ``env-get-updated``, a *snapshot* of the data every
such page shows (any value whose ``repr`` is stable) and passes it to
:func:`changed_pages`, which compares it with the snapshot of the last build
**by the same builder** and returns the pages to rewrite. Keeping one record
per builder matters because ``make check`` and ``make html`` share an
environment: a change seen first by the dummy builder must still reach the
HTML pages on the next HTML build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment


class DependentsDomain(Domain):
    """Digests of what each page showed when each builder last wrote it."""

    name = "dependents"
    label = "Pages showing other pages' data"
    data_version = 1
    # builder name -> feature -> docname -> digest
    initial_data: dict[str, Any] = {"shown": {}}

    def clear_doc(self, docname: str) -> None:
        # A re-read page is rewritten anyway; its digest is replaced by the next snapshot.
        pass

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        # Snapshots are taken in the main process, after reading: nothing to merge.
        pass

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def digest(snapshot: object) -> bytes:
    return hashlib.blake2b(repr(snapshot).encode("utf-8"), digest_size=16).digest()


def changed_pages(
    app: Sphinx, env: BuildEnvironment, feature: str, snapshots: Mapping[str, object]
) -> list[str]:
    """The pages whose snapshot differs from the last build by this builder; remembers it."""
    builder = app.builder.name if app.builder is not None else ""
    shown = env.get_domain(DependentsDomain.name).data["shown"]
    previous: dict[str, bytes] = shown.setdefault(builder, {}).get(feature, {})
    current = {docname: digest(snapshot) for docname, snapshot in snapshots.items()}
    shown[builder][feature] = current
    return sorted(
        docname
        for docname, value in current.items()
        if previous.get(docname) != value and docname in env.all_docs
    )


def setup_dependents(app: Sphinx) -> None:
    app.add_domain(DependentsDomain)
