"""Compare the text of built doctrees with the text extracted from a PDF.

LaTeX hyphenates, adds running headers, page numbers and footnote marks, and
turns quotes into typographic ones, so the comparison works on letters and
digits only and tolerates a few short interruptions (a page break inside a
paragraph). A missing paragraph, tab or dropdown body still fails.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes

# Nodes whose text is not expected verbatim in the PDF: references resolved
# differently per builder (citations, terms), generated navigation, markup.
NOT_VERBATIM = (
    addnodes.pending_xref,
    addnodes.toctree,
    addnodes.index,
    nodes.comment,
    nodes.raw,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.target,
)
MIN_FRAGMENT = 8
MAX_GAP = 600
MAX_BREAKS = 4


def letters_and_digits(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def text_fragments(doctree: nodes.Node) -> Iterator[str]:
    """Runs of visible text, broken wherever a non-verbatim node sits."""
    for element in doctree.findall(nodes.TextElement):
        if isinstance(element.parent, nodes.TextElement):
            continue  # its text is collected with the outermost element
        if any(isinstance(a, NOT_VERBATIM) for a in _ancestors(element)):
            continue
        yield from _runs(element)


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    while node is not None:
        yield node
        node = node.parent


def _runs(element: nodes.Element) -> Iterator[str]:
    current: list[str] = []
    stack: list[nodes.Node] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, NOT_VERBATIM):
            yield "".join(current)
            current = []
        elif isinstance(node, nodes.Text):
            current.append(letters_and_digits(node.astext()))
        else:
            stack.extend(reversed(node.children))
    yield "".join(current)


def contains(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack``, allowing a few short interruptions."""
    return needle in haystack or _contains_with_breaks(
        haystack, needle, 0, len(haystack), MAX_BREAKS
    )


def _contains_with_breaks(haystack: str, needle: str, lo: int, hi: int, breaks: int) -> bool:
    # The longest prefix of needle that starts within [lo, hi].
    best, low, high = 0, 1, len(needle)
    while low <= high:
        mid = (low + high) // 2
        if haystack.find(needle[:mid], lo, hi + mid) >= 0:
            best, low = mid, mid + 1
        else:
            high = mid - 1
    if best == len(needle):
        return True
    if best < MIN_FRAGMENT or breaks == 0:
        return False
    prefix, rest = needle[:best], needle[best:]
    position = haystack.find(prefix, lo, hi + best)
    for _ in range(20):
        if position < 0:
            return False
        end = position + best
        if _contains_with_breaks(haystack, rest, end, end + MAX_GAP, breaks - 1):
            return True
        position = haystack.find(prefix, position + 1, hi + best)
    return False


def missing_fragments(doctree: nodes.Node, pdf_text: str) -> list[str]:
    return [
        fragment
        for fragment in text_fragments(doctree)
        if len(fragment) >= MIN_FRAGMENT and not contains(pdf_text, fragment)
    ]
