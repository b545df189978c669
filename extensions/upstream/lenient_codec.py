"""Patch: Sphinx reads the pages with a UTF-8 codec that replaces bad bytes.

**Upstream behaviour.** Sphinx 9 reads each page with
``Path.read_text(encoding=env.settings["input_encoding"])``, strictly: one byte
that is not UTF-8 stops the whole build with "Encoding error" and a traceback.
(Earlier versions replaced such bytes with ``?`` and warned;
sphinx-doc/sphinx#13679 deprecated that recovery, and #13666 source encodings
other than UTF-8.)

**The patch.** :data:`NAME` is a codec: UTF-8 with or without a byte-order
mark, bad bytes decoded as U+FFFD. ``sources.py`` reports each bad byte itself
(``handbook.encoding``, with file and line) and then, through :func:`use_for_pages`,
sets ``env.settings["input_encoding"]`` to this codec, so the page is still read
and every other problem of the run is still reported. The codec is registered
(:func:`register`) the first time it is used, not when the module is imported.

**Tested with** Sphinx 9.0.4 (docutils 0.22.4); the guard admits Sphinx
``>=9.0,<9.1``. Outside that range pages are read as Sphinx reads them: a bad
byte is still reported by ``sources.py``, and then stops the build as upstream.

**Dropping it.** If Sphinx reads pages leniently again (or reports the file and
line itself, with no traceback), delete this module and the ``use_for_pages``
call in ``sources.py``.
"""

from __future__ import annotations

import codecs

from sphinx.environment import BuildEnvironment

from . import tested

#: What this patch is called in the build log.
PATCH = "the lenient UTF-8 codec for pages"
SPHINX_VERSIONS = ">=9.0,<9.1"

#: The codec's name: UTF-8 (with or without a BOM), bad bytes replaced.
NAME = "handbook_utf_8_sig_replace"

_registered = False


class _ReplacingSigDecoder(codecs.getincrementaldecoder("utf-8-sig")):  # type: ignore[misc]
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != NAME:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=NAME,
        encode=base.encode,
        decode=lambda data, errors="strict": base.decode(data, "replace"),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=_ReplacingSigDecoder,
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


def register() -> None:
    """Make :data:`NAME` known to :func:`codecs.lookup` (once per process)."""
    global _registered
    if not _registered:
        codecs.register(_find_codec)
        _registered = True


def use_for_pages(env: BuildEnvironment) -> bool:
    """Read this build's pages with :data:`NAME`, if the installed Sphinx was tested.

    Returns whether it does.
    """
    if not tested(PATCH, "sphinx", SPHINX_VERSIONS):
        return False
    register()
    env.settings["input_encoding"] = NAME
    return True
