"""The shared shape of the handbook's domains: records kept per page, purged and merged.

Like the domain of ``sphinx.ext.todo``, each domain keeps one dict per kind of
record, keyed by docname. A page read again replaces only its own records, and a
parallel build (``-j auto``) merges the records its workers read. Values derived
from every page (an index by id, the contraindications) are computed once and
dropped whenever a record changes, so a view drawn on hundreds of pages does not
rescan every page for each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sphinx.domains import Domain

T = TypeVar("T")


class PerPageDomain(Domain):
    """A domain whose ``data[key]``, for each key of ``per_page``, maps docname to records."""

    per_page: tuple[str, ...] = ("pages",)

    def _records(self, key: str) -> dict[str, Any]:
        return self.data.setdefault(key, {})

    def note(self, docname: str, **records: Any) -> None:
        """Store one page's records, one keyword per ``per_page`` key."""
        for key, value in records.items():
            self._records(key)[docname] = value
        self.forget_derived()

    def clear_doc(self, docname: str) -> None:
        for key in self.per_page:
            self._records(key).pop(docname, None)
        self.forget_derived()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_page:
            theirs = otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    self._records(key)[docname] = theirs[docname]
        self.forget_derived()

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until a record changes."""
        memo: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if name not in memo:
            memo[name] = compute()
        return memo[name]

    def forget_derived(self) -> None:
        self.__dict__.pop("_derived", None)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []
