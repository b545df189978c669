"""Pull-request annotations: every build warning as a GitHub Actions ``::error``.

Under GitHub Actions (``GITHUB_ACTIONS=true``) each warning the build shows is
also printed to standard output as ``::error file=<path>,line=<n>::<message>``,
with the path relative to the working directory (the repository root in CI), so
GitHub shows it on the changed line of the pull request. This covers the claim
checks, sphinxcontrib-bibtex's unknown keys and every other Sphinx warning; a
warning removed by ``suppress_warnings`` is not shown and not annotated.

It works as a last filter on Sphinx's warning handler, so it sees each warning
once, after Sphinx has turned its location into ``path:line``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from typing import TextIO

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

_LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?:?$")
_TYPE_SUFFIX = re.compile(r" \[[\w.-]+\]$")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(message: str, location: str | None, cwd: str | None = None) -> str:
    """The ``::error`` line for one warning (``location`` as Sphinx prints it)."""
    props = []
    if location:
        match = _LOCATION.match(location)
        path = match.group("path") if match else location
        line = match.group("line") if match else None
        if path and path != "<unknown>":
            with contextlib.suppress(ValueError):
                path = os.path.relpath(path, cwd or os.getcwd())
            props.append(f"file={_escape_property(path.replace(os.sep, '/'))}")
        if line:
            props.append(f"line={line}")
    head = "::error " + ",".join(props) if props else "::error"
    return f"{head}::{_escape_data(message)}"


class GitHubAnnotator(logging.Filter):
    """A filter that lets every record through and prints its annotation."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self.stream = stream

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            # Not getMessage(): Sphinx's records prepend the location and "WARNING:".
            try:
                message = str(record.msg) % record.args if record.args else str(record.msg)
            except (TypeError, ValueError):
                message = str(record.msg)
            message = _TYPE_SUFFIX.sub("", message)
            location = getattr(record, "location", None)
            stream = self.stream or sys.stdout
            stream.write(annotation(message, location if isinstance(location, str) else None))
            stream.write("\n")
            stream.flush()
        return True


def setup_annotations(app: Sphinx) -> None:
    """Attach the annotator to Sphinx's warning output when running on GitHub Actions."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
            isinstance(f, GitHubAnnotator) for f in handler.filters
        ):
            handler.addFilter(GitHubAnnotator())
