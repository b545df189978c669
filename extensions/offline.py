"""Keep the HTML handbook offline and private.

A therapist's tablet may have no network, and a clinical site must not tell a
third party which pages a clinician reads. Every page is checked as it is
written: a stylesheet or script that would load from another host (a CDN,
web fonts, analytics, a remote MathJax) is a warning naming the page, so a
``-W`` build fails. Ship such files locally instead (``html_static_path``).
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from .shared import warn


def is_remote(url: str) -> bool:
    """True when ``url`` names another host (``https://…``, ``//…``, ``data:`` excluded)."""
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp"}


def _asset_url(asset: Any) -> str:
    # Sphinx passes _CascadingStyleSheet / _JavaScript objects (with .filename)
    # or, from older themes, plain strings.
    return str(getattr(asset, "filename", asset) or "")


def _check_page_assets(
    reported: set[str],
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    for key, kind in (("css_files", "stylesheet"), ("script_files", "script")):
        for asset in context.get(key, ()):
            url = _asset_url(asset)
            if is_remote(url) and url not in reported:
                reported.add(url)
                warn(
                    f"page {pagename!r} would load a {kind} from another host: {url} "
                    "(ship it locally through html_static_path)",
                    "offline",
                    pagename if pagename in app.env.all_docs else None,
                )


def setup_offline(app: Sphinx) -> None:
    reported: set[str] = set()  # each remote URL is reported once per build
    app.connect("html-page-context", partial(_check_page_assets, reported))
