"""Typed pages: every page declares its type and a stable id in its front matter.

A handbook page starts with front matter such as::

    ---
    type: technique
    id: swedish-massage
    contraindications: [cauda-equina-syndrome, acute-flare-up]
    ---

The types and the folders they must live in come from ``handbook_page_types``
in ``conf.py``. Contraindication pages also declare ``kind``, ``signs``,
``action``, ``synonyms`` and, for a red flag, ``urgency`` (see
:mod:`.contraindications`). A chapter's
``index`` page may use the type ``chapter``, and a module's review questions the
type ``review``, in any folder.

Records are kept per page in :class:`PagesDomain`, which purges and merges them
like the domain of ``sphinx.ext.todo``, so ``-j`` and incremental builds agree.
Checks that need every page (duplicate ids, folders) run at ``env-updated``,
on every build, so an incremental build reports what a fresh one does.
Warnings have the type ``handbook`` and the subtypes ``page-type``,
``page-id``, ``duplicate-id`` and ``folder``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from myst_parser.config.main import TopmatterReadError, read_topmatter
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .pagedata import PerPageDomain
from .shared import relative_path, warn

CHAPTER_TYPE = "chapter"
#: A module's review questions: allowed in any folder.
REVIEW_TYPE = "review"

#: type -> folder (relative to the source directory) it must live in, or None.
DEFAULT_PAGE_TYPES: dict[str, str | None] = {
    "technique": "techniques",
    "contraindication": "contraindications",
    "stage": "stages",
    "source": "sources",
    "background": None,
    "reference": None,
    CHAPTER_TYPE: None,
    REVIEW_TYPE: None,
}

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class PageRecord:
    """What one page declares about itself."""

    docname: str
    title: str
    type: str
    id: str
    line: int  # line of the ``id:`` (or ``type:``) declaration, for messages
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.field_lines.get(key, self.line)


class PagesDomain(PerPageDomain):
    """Per-page records of the declared front matter."""

    name = "page"
    label = "Handbook pages"
    data_version = 2
    initial_data: dict[str, Any] = {"pages": {}}

    @property
    def pages(self) -> dict[str, PageRecord]:
        return self._records("pages")

    def by_type(self, page_type: str) -> tuple[PageRecord, ...]:
        """The pages of one type, by docname."""
        return self.derived(
            f"type:{page_type}",
            lambda: tuple(
                sorted((p for p in self.pages.values() if p.type == page_type), key=_docname)
            ),
        )

    def by_id(self) -> dict[str, PageRecord]:
        """Pages by id; with duplicate ids, the first docname in sorted order wins."""

        def first_of_each_id() -> dict[str, PageRecord]:
            found: dict[str, PageRecord] = {}
            for docname in sorted(self.pages):
                found.setdefault(self.pages[docname].id, self.pages[docname])
            return found

        return self.derived("ids", first_of_each_id)


def _docname(page: PageRecord) -> str:
    return page.docname


def get_pages(env: BuildEnvironment) -> PagesDomain:
    return env.get_domain(PagesDomain.name)  # type: ignore[return-value]


_FRONT_MATTER_KEY = re.compile(r"^:?([A-Za-z_][\w-]*):")


def front_matter_lines(env: BuildEnvironment, docname: str) -> dict[str, int]:
    """Line of each top-level front-matter key (``key:`` in Markdown, ``:key:`` in rST)."""
    lines: dict[str, int] = {}
    try:
        text = env.doc2path(docname).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    head = text.split("\n", 200)[:200]
    fenced = bool(head) and head[0].rstrip() == "---"  # Markdown: stop at the closing ---
    for number, line in enumerate(head, start=1):
        if fenced and number > 1 and line.rstrip() == "---":
            break
        match = _FRONT_MATTER_KEY.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _front_matter_unreadable(env: BuildEnvironment, docname: str) -> bool:
    """Whether the page opens with a front-matter block that is not a YAML mapping."""
    try:
        read_topmatter(env.doc2path(docname).read_text(encoding="utf-8"))
    except TopmatterReadError:
        return True
    except (OSError, UnicodeDecodeError):
        return False
    return False


def as_list(value: Any) -> list[Any] | None:
    """A front-matter list: MyST stores it as JSON text, rST as comma-separated text."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                decoded = json.loads(text)
            except ValueError:
                return None
            return decoded if isinstance(decoded, list) else None
        return [part.strip() for part in text.split(",") if part.strip()]
    return None


def _page_title(doctree: nodes.document) -> str:
    for section in doctree.findall(nodes.section):
        return section[0].astext() if section.children else ""
    return ""


def collect_page(app: Sphinx, doctree: nodes.document) -> None:
    """Read and validate the page's own declarations (when the page is read)."""
    env = app.env
    docname = env.docname
    metadata = env.metadata.get(docname, {})
    lines = front_matter_lines(env, docname)
    page_types: dict[str, str | None] = app.config.handbook_page_types

    page_type = str(metadata.get("type", "")).strip()
    page_id = str(metadata.get("id", "")).strip()
    types = ", ".join(sorted(page_types))
    # No front matter, or front matter MyST could not read, is one mistake: one message.
    unreadable = not page_type and not page_id and _front_matter_unreadable(env, docname)
    if unreadable:
        pass  # MyST has reported it (myst.topmatter)
    elif not page_type and not page_id:
        warn(
            f"page declares no type and no id: add 'type: <one of {types}>' and "
            "'id: <stable-id>' to its front matter",
            "page-type",
            docname,
            1,
        )
    elif not page_type:
        warn(
            f"page declares no type: add 'type: <one of {types}>' to its front matter",
            "page-type",
            docname,
            1,
        )
    elif page_type not in page_types:
        warn(
            f"unknown page type {page_type!r} (expected one of {types})",
            "page-type",
            docname,
            lines.get("type"),
        )
    if page_type and not page_id:
        warn(
            "page declares no id: add 'id: <stable-id>' to its front matter",
            "page-id",
            docname,
            1,
        )
    elif page_id and not _ID_PATTERN.match(page_id):
        warn(
            f"page id {page_id!r} is not a lowercase-hyphenated id such as 'swedish-massage'",
            "page-id",
            docname,
            lines.get("id"),
        )
    if page_type not in page_types:
        page_type = ""

    record = PageRecord(
        docname=docname,
        title=_page_title(doctree),
        type=page_type,
        id=page_id,
        line=lines.get("id") or lines.get("type") or 1,
        fields={k: v for k, v in metadata.items() if k not in ("myst_slugs", "wordcount")},
        field_lines=lines,
    )
    get_pages(env).note(docname, pages=record)


def _folder_of(docname: str) -> str:
    return docname.rpartition("/")[0]


def _within(folder: str, parent: str) -> bool:
    """``folder`` is ``parent`` or one of its subfolders."""
    return folder == parent or folder.startswith(parent + "/")


def check_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """Checks across pages: duplicate ids and folders (``env-updated``)."""
    page_types: dict[str, str | None] = app.config.handbook_page_types
    typed_folders = {folder: t for t, folder in page_types.items() if folder}
    pages = get_pages(env).pages

    seen: dict[str, PageRecord] = {}
    for docname in sorted(pages):
        page = pages[docname]
        if page.id and page.id in seen:
            first = seen[page.id]
            warn(
                f"duplicate page id {page.id!r}: also declared by "
                f"{relative_path(env, None, first.docname)}:{first.line_of('id')}",
                "duplicate-id",
                docname,
                page.line_of("id"),
            )
        elif page.id:
            seen[page.id] = page

    for docname in sorted(pages):
        page = pages[docname]
        if not page.type:
            continue
        folder = _folder_of(docname)
        expected = page_types.get(page.type)
        if page.type == REVIEW_TYPE:
            continue
        if page.type == CHAPTER_TYPE:
            if docname.rpartition("/")[2] != "index":
                warn(
                    "only a chapter's index page may have the type 'chapter'",
                    "folder",
                    docname,
                    page.line_of("type"),
                )
        elif expected and not _within(folder, expected):
            warn(
                f"a page of type {page.type!r} belongs in {expected}/, not in "
                f"{folder + '/' if folder else 'the top folder'}",
                "folder",
                docname,
                page.line_of("type"),
            )
        else:
            owner = next((f for f in typed_folders if _within(folder, f)), None)
            if owner and typed_folders[owner] != page.type:
                warn(
                    f"pages in {owner}/ must have the type {typed_folders[owner]!r}, "
                    f"not {page.type!r}",
                    "folder",
                    docname,
                    page.line_of("type"),
                )


def setup_pagetypes(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_page_types",
        DEFAULT_PAGE_TYPES,
        "env",
        types=(dict,),
        description="page types and the folder each must live in (None: anywhere)",
    )
    app.add_domain(PagesDomain)
    app.connect("env-updated", check_pages)
