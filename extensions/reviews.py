"""Review dates: every clinical page says when it was last reviewed, and by whom.

Clinical guidelines expire; so do handbook pages. Each page of a reviewed type
(``handbook_reviewed_types``: techniques, contraindications, stages and
background chapters) declares in its front matter::

    last-reviewed: 2026-11-23
    reviewer: Jane Doe, RMT

The date and reviewer are shown under the page title in every format. The
checks run on every build (``env-updated``), with the warning type
``handbook``:

* ``review-date``: a missing or malformed date, a date in the future, or a
  missing reviewer (file and line);
* ``review-overdue``: the page is older than ``handbook_review_interval_years``
  (3 by default) on ``handbook_today`` (an ISO date for tests and reproducible
  builds; by default the date of ``SOURCE_DATE_EPOCH``, else today).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from .pagetypes import PageRecord, get_pages
from .shared import DECORATION, GENERATED_CLASS, add_placeholders, connect_resolver, mark, warn

DATE_FIELD = "last-reviewed"
REVIEWER_FIELD = "reviewer"
DEFAULT_REVIEWED_TYPES = ("technique", "contraindication", "stage", "background")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class review_note(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the "last reviewed" line, filled in when the page is resolved."""


def parse_date(value: Any) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` date, or None."""
    text = str(value or "").strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``handbook_today`` is an ISO date or unset."""
    if config.handbook_today and parse_date(config.handbook_today) is None:
        msg = f"handbook_today must be a date written YYYY-MM-DD, not {config.handbook_today!r}"
        raise ConfigError(msg)


def today(app: Sphinx) -> dt.date:
    configured = parse_date(app.config.handbook_today)
    if configured:
        return configured
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def _add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _reviewed(app: Sphinx, page: PageRecord | None) -> bool:
    return page is not None and page.type in app.config.handbook_reviewed_types


def place_review_note(app: Sphinx, doctree: nodes.document) -> None:
    """A placeholder under the title of every reviewed page (when the page is read)."""
    docname = app.env.docname
    if not _reviewed(app, get_pages(app.env).pages.get(docname)):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        note = review_note(docname=docname, classes=[GENERATED_CLASS])
        section.insert(1, mark(note, DECORATION))


def check_reviews(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: dates present, well formed and not overdue."""
    interval = app.config.handbook_review_interval_years
    now = today(app)
    pages = get_pages(env).pages
    for docname in sorted(pages):
        page = pages[docname]
        if not _reviewed(app, page):
            continue
        raw = page.fields.get(DATE_FIELD)
        line = page.line_of(DATE_FIELD)
        date = parse_date(raw)
        no_reviewer = not str(page.fields.get(REVIEWER_FIELD, "")).strip()
        if raw in (None, ""):
            # No review at all is one mistake: one message.
            also = f" or '{REVIEWER_FIELD}:'" if no_reviewer else ""
            warn(
                f"{page.type} page has no '{DATE_FIELD}: YYYY-MM-DD'{also} in its front matter",
                "review-date",
                docname,
                line,
            )
        elif date is None:
            warn(
                f"'{DATE_FIELD}' must be a date written YYYY-MM-DD, not {raw!r}",
                "review-date",
                docname,
                line,
            )
        elif date > now:
            warn(
                f"'{DATE_FIELD}' {date.isoformat()} is in the future",
                "review-date",
                docname,
                line,
            )
        elif _add_years(date, interval) < now:
            warn(
                f"page is overdue for review: last reviewed {date.isoformat()}, more than "
                f"{interval} years before {now.isoformat()}",
                "review-overdue",
                docname,
                line,
            )
        if no_reviewer and raw not in (None, ""):
            warn(
                f"{page.type} page has no '{REVIEWER_FIELD}:' in its front matter",
                "review-date",
                docname,
                page.line_of(REVIEWER_FIELD),
            )


def resolve_review_notes(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    """The "Last reviewed ... by ..." note, from the page's front matter."""
    pages = get_pages(app.env).pages
    interval = app.config.handbook_review_interval_years
    for node in placeholders:
        page = pages.get(node["docname"])
        date = parse_date(page.fields.get(DATE_FIELD)) if page else None
        reviewer = str(page.fields.get(REVIEWER_FIELD, "")).strip() if page else ""
        if date is None:
            text = "Review date missing."
        else:
            text = f"Last reviewed {date.isoformat()}"
            text += f" by {reviewer}." if reviewer else "."
            text += f" Next review due by {_add_years(date, interval).isoformat()}."
        node.replace_self(nodes.paragraph(text, text, classes=["review-note", GENERATED_CLASS]))


def setup_reviews(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_review_interval_years",
        3,
        "env",
        int,
        description="years after its last review that a page is overdue",
    )
    app.add_config_value(
        "handbook_today",
        None,
        "",
        (str, type(None)),
        description="the date review ages count from (YYYY-MM-DD); else SOURCE_DATE_EPOCH or today",
    )
    app.add_config_value(
        "handbook_reviewed_types",
        DEFAULT_REVIEWED_TYPES,
        "env",
        (tuple, list),
        description="page types that must declare last-reviewed and reviewer",
    )
    app.connect("config-inited", _check_config)
    add_placeholders(app, review_note)
    app.connect("env-updated", check_reviews, priority=610)
    connect_resolver(app, resolve_review_notes, review_note)
