"""The handbook as an EPUB 3 book (``make epub``) that EPUBCheck accepts.

Sphinx's ``epub`` builder writes XHTML with the HTML writer (its format is
``"html"``), so every HTML feature runs in it: the contraindication boxes, the
tables, the inline SVG figures, the screening form, the citations that link to
the source pages. What an e-book needs differently is done here and in the
features themselves (each checks ``app.builder.name == "epub"``):

* **No script.** The epub theme loads no JavaScript; the print stylesheet and
  script are left out (:mod:`.printing`), and every dropdown is written open,
  since a reading system may not open a ``<details>`` element. Review answers
  stay behind their own ``<details>`` (they are meant to be hidden).
* **No link out of the book.** The list of the PDFs names the files instead of
  linking to ``pdf/`` beside the HTML (:mod:`.printing`); ``claims.json`` and
  ``recommendations.json`` are data for tools, not part of the book.
* **XHTML.** Every inline ``<svg>`` carries the SVG namespace (sphinx-design's
  icons leave it out; the HTML parser adds it, an XML parser does not), and the
  package document declares the ``svg`` property of every page that holds one
  (EPUB 3; EPUBCheck's OPF-014). The figures' links carry a ``<title>``
  (:mod:`.diagrams`). The NCX table of contents names the book's identifier,
  and a rebuild into the same folder lists the cover page once.
* **Stylesheets.** The book's copies of the stylesheets leave out the rules
  whose selector uses ``:has()``: EPUBCheck's CSS parser rejects it (CSS-008),
  and reading systems' engines mostly do not know it. Those rules only lay a
  page out on a wide screen.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

#: What the HTML builder writes that is not part of the book.
NOT_IN_BOOK = ("claims.json", "recommendations.json")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_SVG_WITHOUT_NAMESPACE = re.compile(r"<svg(?![^>]*\bxmlns=)(?=[\s>])")
_XHTML_ITEM = re.compile(
    r'<item id="[^"]*" href="(?P<href>[^"]*)" media-type="application/xhtml\+xml" />'
)


def is_epub(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name == "epub"


def with_svg_namespace(body: str) -> str:
    """``body`` with the SVG namespace on every ``<svg>`` element that lacks it."""
    return _SVG_WITHOUT_NAMESPACE.sub(f'<svg xmlns="{SVG_NAMESPACE}"', body)


def declare_svg_pages(opf: str, has_svg: Any) -> str:
    """The package document with ``properties="svg"`` on each page for which
    ``has_svg(href)`` is true."""

    def item(match: re.Match[str]) -> str:
        if not has_svg(match["href"]):
            return match[0]
        return match[0].removesuffix(" />") + ' properties="svg" />'

    return _XHTML_ITEM.sub(item, opf)


def without_has_rules(css: str) -> str:
    """``css`` without the rules whose selector uses ``:has()``; at-rule blocks
    (``@media``, ``@supports``) are kept, with the same rules left out inside."""
    out: list[str] = []
    start = i = 0
    while i < len(css):
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        char = css[i]
        if char == ";" or char == "}":
            i += 1
            continue
        if char != "{":
            i += 1
            continue
        close = _matching_brace(css, i)
        prelude = css[start:i]
        selector = _strip_comments(prelude).strip()
        if selector.startswith(("@media", "@supports")):
            out.append(prelude + "{" + without_has_rules(css[i + 1 : close]) + "}")
        elif ":has(" not in selector:
            out.append(css[start : close + 1])
        i = start = close + 1
    out.append(css[start:])
    return "".join(out)


def _strip_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)


def _matching_brace(css: str, opening: int) -> int:
    depth, i = 0, opening
    while i < len(css):
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(css) - 1


class HandbookEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with what EPUBCheck requires of the book."""

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        """The NCX's ``dtb:uid`` is the book's identifier (``epub_identifier``), as
        EPUBCheck requires (NCX-001); Sphinx 9 writes the name of the identifier's
        element (``epub_uid``) there, which matches only when both are left unset."""
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    def copy_static_files(self) -> None:
        super().copy_static_files()
        for stylesheet in sorted(Path(self.outdir, "_static").glob("*.css")):
            css = stylesheet.read_text(encoding="utf-8")
            if ":has(" in css:
                stylesheet.write_text(without_has_rules(css), encoding="utf-8")

    def build_content(self) -> None:
        outdir = Path(self.outdir)
        # Sphinx writes the cover page while it builds the manifest; a cover page
        # left by the last build would also be listed as a page of its own, and the
        # spine would name it twice (EPUBCheck: RSC-005).
        (outdir / self.coverpage_name).unlink(missing_ok=True)
        super().build_content()
        opf = outdir / "content.opf"

        def has_svg(href: str) -> bool:
            page = outdir / href
            return page.is_file() and "<svg" in page.read_text(encoding="utf-8")

        opf.write_text(declare_svg_pages(opf.read_text(encoding="utf-8"), has_svg), "utf-8")


def _leave_out_data_files(app: Sphinx) -> None:
    """``builder-inited``: the JSON files for tools are not part of the book."""
    if is_epub(app):
        excluded = list(app.config.epub_exclude_files)
        app.config.epub_exclude_files = excluded + [f for f in NOT_IN_BOOK if f not in excluded]


def _open_dropdowns(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every sphinx-design dropdown is written open."""
    if not is_epub(app):
        return
    for node in doctree.findall(nodes.Element):
        if "opened" in node.attributes and "sd-dropdown" in node.get("classes", ()):
            node["opened"] = True


def _xhtml_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the SVG namespace on every inline SVG."""
    if is_epub(app) and "<svg" in context.get("body", ""):
        context["body"] = with_svg_namespace(context["body"])


def setup_epub(app: Sphinx) -> None:
    app.add_builder(HandbookEpubBuilder, override=True)
    app.connect("builder-inited", _leave_out_data_files)
    app.connect("doctree-resolved", _open_dropdowns)
    app.connect("html-page-context", _xhtml_body)
