"""Checks on the page sources themselves: their encoding, and no raw markup.

* **Encoding.** A page that is not valid UTF-8 stops Sphinx with an "Encoding
  error" and a traceback. Before the pages are read, each one is checked: a
  bad byte is a ``handbook.encoding`` warning naming the file and line, and the
  page is then read with the bad bytes replaced (U+FFFD), so the rest of the
  handbook still builds and every problem of the run is reported.
* **Closed fences.** A Markdown code or directive fence that is never closed
  silently swallows the rest of the page into the directive. Each unclosed
  fence is a ``handbook.unclosed-fence`` warning at the line that opens it.
* **No raw markup.** Handbook pages must not inject script or markup into the
  site therapists use. Raw HTML blocks, inline HTML and ``raw`` directives are
  ``handbook.raw-markup`` warnings, and the raw content is dropped from the
  output.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The codec pages are read with: UTF-8 (with or without a BOM), bad bytes replaced.
LENIENT_CODEC = "handbook_utf_8_sig_replace"


class _ReplacingSigDecoder(codecs.getincrementaldecoder("utf-8-sig")):  # type: ignore[misc]
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT_CODEC:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=LENIENT_CODEC,
        encode=base.encode,
        decode=lambda data, errors="strict": base.decode(data, "replace"),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=_ReplacingSigDecoder,
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


codecs.register(_find_codec)


def first_bad_byte(data: bytes) -> tuple[int, str] | None:
    """(line, reason) of the first byte that is not UTF-8, or None."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return line, f"byte 0x{data[error.start]:02x} is not valid UTF-8 ({error.reason})"
    return None


def _check_encodings(app: Sphinx, env: BuildEnvironment, docnames: Sequence[str]) -> None:
    """``env-before-read-docs``: report bad bytes, then read every page leniently."""
    if env.settings.get("input_encoding", "").replace("-", "_").lower() not in {
        "utf_8",
        "utf_8_sig",
        "utf8",
        LENIENT_CODEC,
    }:
        return  # a project that chose another encoding keeps it
    for docname in docnames:
        path = env.doc2path(docname)
        try:
            problem = first_bad_byte(path.read_bytes())
        except OSError:
            continue
        if problem:
            line, reason = problem
            logger.warning(
                "%s: save the file as UTF-8 (the bad bytes are shown as \ufffd)",
                reason,
                type="handbook",
                subtype="encoding",
                location=(docname, line),
            )
    env.settings["input_encoding"] = LENIENT_CODEC


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)$")


def unclosed_fences(lines: Sequence[str], offset: int = 0) -> Iterator[int]:
    """Line numbers (1-based) of fences in ``lines`` that are never closed.

    The content of a closed directive fence (info string starting with ``{``)
    is scanned again, as MyST parses it again; code fences hold literal text.
    """
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening or (opening["marker"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        marker = opening["marker"]
        for end in range(index + 1, len(lines)):
            closing = _FENCE.match(lines[end])
            if (
                closing
                and closing["marker"][0] == marker[0]
                and len(closing["marker"]) >= len(marker)
                and not closing["info"].strip()
            ):
                if opening["info"].strip().startswith("{"):
                    yield from unclosed_fences(lines[index + 1 : end], offset + index + 1)
                index = end + 1
                break
        else:
            yield offset + index + 1
            return


def _check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: every Markdown fence that opens must close."""
    if app.env.doc2path(docname).suffix != ".md":
        return
    for line in unclosed_fences(source[0].splitlines()):
        logger.warning(
            "this fence is never closed, so it swallows the rest of the page: "
            "close it with a line of the same marker",
            type="handbook",
            subtype="unclosed-fence",
            location=(docname, line),
        )


def _drop_raw_markup(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: raw HTML (or other raw markup) is reported and removed."""
    for raw in list(doctree.findall(nodes.raw)):
        text = " ".join(raw.astext().split())
        logger.warning(
            "raw %s markup is not allowed in handbook pages: %r "
            "(write it in Markdown or with a directive)",
            raw.get("format", "") or "",
            text[:60] + ("..." if len(text) > 60 else ""),
            type="handbook",
            subtype="raw-markup",
            location=raw,
        )
        raw.parent.remove(raw)


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _check_encodings)
    app.connect("source-read", _check_fences)
    app.connect("doctree-read", _drop_raw_markup, priority=100)
