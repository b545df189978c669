"""Checks on the page sources themselves: their encoding, and no raw markup.

* **Encoding.** A page that is not valid UTF-8 stops Sphinx with an "Encoding
  error" and a traceback. Before the pages are read, each one is checked: a
  bad byte is a ``handbook.encoding`` warning naming the file and line, and the
  page is then read with the bad bytes replaced (U+FFFD; the patch in
  ``upstream/lenient_codec.py``), so the rest of the handbook still builds and
  every problem of the run is reported.
* **Closed fences.** A Markdown code or directive fence that is never closed
  silently swallows the rest of its container: of the page, of the directive
  it sits in, or of its list item. Each unclosed fence is a
  ``handbook.unclosed-fence`` warning at the line that opens it, saying what it
  swallows. The page is parsed with MyST's own parser, and the content of a
  directive is checked again only when MyST parses it as Markdown (a note, a
  dropdown), not when it is literal text (a code block, math, a diagram).
* **No raw markup.** Handbook pages must not inject script or markup into the
  site therapists use. Raw HTML blocks, inline HTML and ``raw`` directives are
  ``handbook.raw-markup`` warnings, and the raw content is dropped from the
  output.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import CodeType, FunctionType
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst import languages as rst_languages
from docutils.parsers.rst.states import MarkupError
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import get_node_line

from .shared import warn
from .upstream import lenient_codec


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
        lenient_codec.NAME,
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
            warn(
                f"{reason}: save the file as UTF-8 (the bad bytes are shown as \ufffd)",
                "encoding",
                docname,
                line,
            )
    lenient_codec.use_for_pages(env)  # read every page, bad bytes replaced


# --- Closed fences ------------------------------------------------------------
#
# The pages are parsed with MyST's own markdown-it parser (block rules only), so
# a fence is what MyST takes for a fence: one opened on a list item's line, one
# indented as code, or a ":::" line without the colon_fence extension all come
# out right. markdown-it closes a fence that never finds its closing line at the
# end of its container (the page, a list item, a block quote, the content of a
# directive), so such a fence's content runs to the end of its line range.

#: What a reader calls each container a fence can sit in, by its opening token.
_CONTAINERS = {
    "list_item_open": "its list item",
    "blockquote_open": "its block quote",
    "dd_open": "its definition",
    "footnote_reference_open": "its footnote",
    "fieldlist_body_open": "its field",
}

#: What a directive calls to have its content parsed as markup: MyST then parses
#: it as Markdown. A directive that never calls one of these (code-block, math,
#: mermaid...) keeps its content as literal text, so its fences are not fences.
_NESTED_PARSE = frozenset(
    {
        "nested_parse",
        "nested_parse_with_titles",
        "nested_parse_to_nodes",
        "nested_list_parse",
        "parse_content_to_nodes",
        "block_quote",
    }
)
#: The helpers every directive inherits: they can parse, whether a directive uses them or not.
_BASES = (object, Directive, SphinxDirective)


def _names_used(code: CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _names_used(constant)
    return names


def _asks_for_nested_parse(function: Any, seen: set[int]) -> bool:
    """Whether ``function``, or a class or function of its module it names, asks for one."""
    function = getattr(function, "__func__", function)
    code = getattr(function, "__code__", None)
    if not isinstance(code, CodeType) or id(code) in seen:
        return False
    seen.add(id(code))
    names = _names_used(code)
    if names & _NESTED_PARSE:
        return True
    module = getattr(function, "__globals__", {})
    for name in names:
        # sphinx-design's grid-item-card, say, builds its card with CardDirective's code.
        named = module.get(name)
        if isinstance(named, type) and issubclass(named, Directive) and named not in _BASES:
            if _code_asks(named, seen):
                return True
        elif isinstance(named, FunctionType) and _asks_for_nested_parse(named, seen):
            return True
    return False


def _code_asks(directive_class: type[Directive], seen: set[int]) -> bool:
    return any(
        _asks_for_nested_parse(value, seen)
        for klass in directive_class.__mro__
        if klass not in _BASES
        for value in vars(klass).values()
    )


@functools.cache
def parses_content(directive_class: type[Directive]) -> bool:
    """Whether ``directive_class`` has its content parsed as markup (Markdown, in MyST).

    True when the directive takes content and its own code (not the helpers
    every directive inherits from docutils and Sphinx), or code it calls by
    name in its module, asks for a nested parse.
    """
    return bool(getattr(directive_class, "has_content", False)) and _code_asks(
        directive_class, set()
    )


@dataclass(frozen=True)
class Enclosing:
    """A directive (or ``:::`` block) whose content holds a fence."""

    description: str
    """How a reader names it: ``the {note} directive opened at line 12``."""
    marker: str
    """Its fence's marker (`````...``)."""
    closing_line: int
    """Line (1-based) of its closing line, 0 when it is never closed."""
    noun: str = "directive"
    """What it is: ``directive`` or ``block``."""


@dataclass(frozen=True)
class UnclosedFence:
    line: int
    """Line (1-based) of the fence's opening line."""
    message: str
    closed_its_directive: Enclosing | None = None
    """The enclosing directive, when its closing line would have closed this fence."""


class FenceChecker:
    """Finds the fences of a page that are never closed, as MyST parses the page.

    ``md`` is MyST's parser for the page (see :func:`fence_parser`);
    ``directive_class`` looks a directive up by name, as MyST does.
    """

    def __init__(
        self,
        md: MarkdownIt,
        config: MdParserConfig,
        directive_class: Callable[[str], type[Directive] | None],
    ) -> None:
        self.md = md
        self.config = config
        self.directive_class = directive_class
        colon_fence = "colon_fence" in config.enable_extensions
        #: A text without any of these holds no fence, and need not be parsed.
        self.markers = ("```", "~~~", ":::") if colon_fence else ("```", "~~~")

    def may_hold_fences(self, text: str) -> bool:
        return any(marker in text for marker in self.markers)

    def unclosed(
        self, text: str, offset: int = 0, enclosing: Enclosing | None = None
    ) -> Iterator[UnclosedFence]:
        """Every unclosed fence of ``text``, whose first line is line ``offset + 1``."""
        if not self.may_hold_fences(text):
            return
        stack: list[str] = []
        # A directive fence closed by the line meant for a fence in its content
        # usually leaves that line's twin just after it, opening an empty fence:
        # the same mistake, reported once (at the fence in the content).
        twin = -1
        for token in self.md.parse(text if text.endswith("\n") else text + "\n"):
            if token.nesting == 1:
                stack.append(token.type)
            elif token.nesting == -1:
                stack.pop()
            elif token.type in ("fence", "colon_fence") and token.map:
                start, end = token.map
                line = offset + start + 1
                # A closed fence's content stops a line before the end of its range.
                closed = token.content.count("\n") != end - start - 1
                if not closed and not (start == twin and not token.info.strip()):
                    yield self._unclosed(token, line, stack, enclosing)
                inner = self._content(token, line, offset + end if closed else 0)
                if inner is not None:
                    nested = list(self.unclosed(*inner))
                    yield from nested
                    if any(fence.closed_its_directive is inner[2] for fence in nested):
                        twin = end

    def _unclosed(
        self, token: Token, line: int, stack: list[str], enclosing: Enclosing | None
    ) -> UnclosedFence:
        marker = token.markup
        if stack:
            swallowed = _CONTAINERS.get(stack[-1], "its enclosing block")
            return UnclosedFence(
                line,
                f"this fence is never closed, so it swallows the rest of {swallowed}: "
                f"close it with a line of {marker} inside it",
            )
        if enclosing is None:
            return UnclosedFence(
                line,
                "this fence is never closed, so it swallows the rest of the page: "
                f"close it with a line of {marker}",
            )
        swallows = f"this fence is never closed, so it swallows the rest of {enclosing.description}"
        outer = enclosing.marker
        if enclosing.closing_line and outer[0] == marker[0] and len(outer) <= len(marker):
            # The directive's fence is no longer than this one, so the line meant to
            # close this fence closed the directive.
            return UnclosedFence(
                line,
                f"{swallows}: the line meant to close it (line {enclosing.closing_line}) "
                f"closes the {enclosing.noun} instead; open and close the {enclosing.noun} "
                f"with {marker[0] * (len(marker) + 1)}, longer than the fences inside it",
                closed_its_directive=enclosing,
            )
        return UnclosedFence(line, f"{swallows}: close it with a line of {marker}")

    def _content(
        self, token: Token, line: int, closing_line: int
    ) -> tuple[str, int, Enclosing] | None:
        """The content of ``token`` that MyST parses as Markdown, its offset, what it is in."""
        parts = token.info.split(maxsplit=1)
        name = parts[0] if parts else ""
        first_line = parts[1] if len(parts) > 1 else ""
        content = token.content
        if not self.may_hold_fences(content):
            return None
        start = line  # 0-based line of the content's first line
        braced = name.startswith("{") and name.endswith("}")
        if token.type == "colon_fence" and not braced:  # a ``:::`` block of Markdown
            enclosing = Enclosing(
                f"the {token.markup} block opened at line {line}",
                token.markup,
                closing_line,
                noun="block",
            )
            return content, start, enclosing
        if token.type == "fence" and (
            self.config.commonmark_only
            or self.config.gfm_only
            or name == "{eval-rst}"
            or not (braced or name in self.config.fence_as_directive)
        ):
            return None  # code (or reStructuredText): literal text to MyST
        name = name[1:-1] if braced else name
        directive_class = self.directive_class(name)
        if directive_class is None or not parses_content(directive_class):
            return None
        if token.type == "colon_fence" and content.startswith(":::"):
            content = "\n" + content  # as MyST does, so that it is not read as options
            start -= 1
        try:
            parsed = parse_directive_text(
                directive_class, first_line, content, validate_options=False
            )
        except MarkupError:
            return None  # MyST reports it
        enclosing = Enclosing(
            f"the {{{name}}} directive opened at line {line}", token.markup, closing_line
        )
        return "\n".join(parsed.body), start + parsed.body_offset, enclosing


_LOOKUP_DOCUMENT: nodes.document | None = None


def _directive_class(env: BuildEnvironment) -> Callable[[str], type[Directive] | None]:
    """Look directives up as MyST does (with Sphinx's domains), while a page is read."""
    global _LOOKUP_DOCUMENT
    if _LOOKUP_DOCUMENT is None:
        # docutils reports an unknown name to a document; nobody reads this one.
        # (Not Sphinx's new_document: it shares one reporter among its documents.)
        _LOOKUP_DOCUMENT = utils.new_document("<handbook fence check>")
    language = rst_languages.get_language(env.settings.get("language_code") or "en")

    def lookup(name: str) -> type[Directive] | None:
        directive_class, _messages = directives.directive(name, language, _LOOKUP_DOCUMENT)
        return directive_class

    return lookup


_PARSER: tuple[MdParserConfig, MarkdownIt] | None = None


def fence_parser(config: MdParserConfig) -> MarkdownIt:
    """MyST's markdown-it parser for ``config``, block rules only (the fences are blocks).

    The parser for the last configuration asked for is kept: the project's, for
    every page but one with a ``myst:`` front matter of its own.
    """
    global _PARSER
    if _PARSER is None or _PARSER[0] is not config:
        md = create_md_parser(config, RendererHTML)
        md.disable(["inline", "text_join", "wordcount"], ignoreInvalid=True)
        _PARSER = (config, md)
    return _PARSER[1]


def _page_config(env: BuildEnvironment, text: str) -> MdParserConfig:
    """The MyST configuration of a page: the project's, with the page's own ``myst:``."""
    config: MdParserConfig = env.myst_config  # type: ignore[attr-defined]
    end = text.find("\n---", 3) if text.startswith("---") else -1
    if end < 0 or "myst" not in text[:end]:
        return config
    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError:
        return config  # MyST reports it
    if not topmatter:
        return config
    return merge_file_level(config, topmatter, lambda *_: None)


def _check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: every Markdown fence that opens must close."""
    env = app.env
    if env.doc2path(docname).suffix != ".md" or not hasattr(env, "myst_config"):
        return
    text = source[0]
    config = _page_config(env, text)
    checker = FenceChecker(fence_parser(config), config, _directive_class(env))
    for fence in checker.unclosed(text):
        warn(fence.message, "unclosed-fence", docname, fence.line)


def _drop_raw_markup(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: raw HTML (or other raw markup) is reported and removed.

    One message per source line: MyST makes a raw node of every inline tag, so
    ``<b>bold</b>`` is two nodes and one mistake.
    """
    by_line: dict[tuple[str, int, str], list[nodes.raw]] = {}
    for raw in doctree.findall(nodes.raw):
        line = raw.line or get_node_line(raw) or 0
        key = (raw.source or "", line, raw.get("format", "") or "")
        by_line.setdefault(key, []).append(raw)
    for (_, _, markup), raws in by_line.items():
        text = "\u2026".join(" ".join(raw.astext().split()) for raw in raws)
        shown = text[:60] + ("..." if len(text) > 60 else "")
        warn(
            f"raw {markup} markup is not allowed in handbook pages: {shown!r} "
            "(write it in Markdown or with a directive)",
            "raw-markup",
            raws[0],
        )
        for raw in raws:
            raw.parent.remove(raw)


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _check_encodings)
    app.connect("source-read", _check_fences)
    app.connect("doctree-read", _drop_raw_markup, priority=100)
