"""Split running text into sentences, keeping track of where citations fall.

The claim checker turns each paragraph into one string in which every citation
is replaced by a single anchor character, then asks :func:`split_sentences`
which anchors belong to which sentence. Two anchors exist:

* :data:`ANCHOR` for a parenthetical citation (``{cite:p}``), which closes a
  sentence: ``... reduces pain [Smith 2020].`` and also ``... pain. [Smith 2020]``
  both cite the sentence before them;
* :data:`LEADING_ANCHOR` for a textual citation (``{cite:t}``), which may open a
  sentence: ``Smith (2020) showed ...``.

A full stop ends a sentence only when whitespace (or a citation, or the end of
the text) follows it and the next sentence starts with a capital, a digit, an
opening bracket or quote, or a textual citation. So decimals (``2.5 cm``),
``e.g.``/``i.e.`` followed by anything, and ``et al.``/``vs.``/``Dr.`` and single
initials followed by a capital do not split a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: Stands for a parenthetical citation in the text handed to :func:`split_sentences`.
ANCHOR = "\ue000"
#: Stands for a textual citation (``{cite:t}``), which can open a sentence.
LEADING_ANCHOR = "\ue001"
ANCHORS = frozenset(ANCHOR + LEADING_ANCHOR)

_TERMINATORS = frozenset(".!?…")
_CLOSERS = frozenset("\"')]}»”’")
_OPENERS = frozenset("\"'([{«“‘¿¡")

#: Words that end with a full stop without ending a sentence (compared lower-case,
#: without the final full stop).
ABBREVIATIONS = frozenset(
    {
        "al",  # et al.
        "approx",
        "ca",
        "cf",
        "dr",
        "e.g",
        "eg",
        "esp",
        "i.e",
        "ie",
        "inc",
        "incl",
        "jr",
        "ltd",
        "mr",
        "mrs",
        "ms",
        "nb",
        "prof",
        "resp",
        "sr",
        "st",
        "v",
        "viz",
        "vs",
    }
)
#: Abbreviations that are one only before a number (``Fig. 2``, ``p. 14``, ``No. 3``).
NUMBER_ABBREVIATIONS = frozenset(
    {"ch", "eq", "fig", "figs", "no", "nos", "p", "para", "pp", "ref", "refs", "sect", "tab", "vol"}
)
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")
#: Space before punctuation that ends a word or clause: " ." before a space or the end.
_SPACE_BEFORE_PUNCT = re.compile(r" ([.,;:!?)\]}]+[\"'”’»]*)(?=\s|$)")
_SPACES = re.compile(r"\s+")
_TERMINATOR_RE = re.compile(f"[{re.escape(''.join(sorted(_TERMINATORS)))}]")
_ANCHOR_RE = re.compile(f"[{ANCHOR}{LEADING_ANCHOR}]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: its span, its clean text and the anchors it holds."""

    start: int
    end: int
    text: str
    anchors: tuple[int, ...]
    """Indices (0 for the first anchor of the whole text, 1 for the next…) of the
    citations that belong to this sentence."""

    @property
    def is_text(self) -> bool:
        """False for a 'sentence' without a letter or digit (a lone dash, a citation)."""
        return any(ch.isalnum() for ch in self.text)


def _glue(match: re.Match[str]) -> str:
    """Drop the space before closing punctuation, but keep spaced ellipses (``. . .``)."""
    punct = match.group(1)
    if ".." in punct:
        return match.group()
    if punct[0] == ".":
        text, at = match.string, match.start()
        if text.startswith(" .", match.end()) or (at > 0 and text[at - 1] == "."):
            return match.group()
    return punct


def clean_text(raw: str, labels: Iterator[str] | None = None) -> str:
    """``raw`` with collapsed whitespace and no space before closing punctuation.

    Parenthetical anchors are dropped. A textual anchor is replaced by the next
    item of ``labels`` (the cited key, say), or dropped when there is none.
    Space is dropped before punctuation that closes a word or clause (``pain .``,
    ``(see below )``), not before punctuation that opens one (``the :class:
    option``, ``.md files``) nor before an ellipsis (``a ...``, ``. . .``).
    """

    def replace(match: re.Match[str]) -> str:
        label = next(labels, "") if labels is not None else ""
        return f" {label} " if match.group() == LEADING_ANCHOR else " "

    text = _ANCHOR_RE.sub(replace, raw)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(_glue, text)


def _word_before(text: str, stop: int) -> str:
    """The run of non-space characters that ends at index ``stop`` (exclusive)."""
    start = stop
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in ANCHORS:
        start -= 1
    return text[start:stop].lstrip("".join(_OPENERS))


def _is_abbreviation(text: str, stop: int, next_char: str) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation rather than a sentence."""
    word = _word_before(text, stop)
    lower = word.lower()
    if lower in ABBREVIATIONS or _INITIALISM.fullmatch(lower):
        return True
    if lower in NUMBER_ABBREVIATIONS and next_char.isdigit():
        return True
    # A single capital is an initial: "J. Smith".
    return len(word) == 1 and word.isupper()


def _boundaries(text: str) -> list[tuple[int, int]]:
    """``(end, next_start)`` for every place where one sentence stops and the next begins."""
    found: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        terminator = _TERMINATOR_RE.search(text, i)
        if terminator is None:
            break
        i = stop = terminator.start()
        j = i + 1
        while j < n and text[j] in _TERMINATORS:
            j += 1
        while j < n and text[j] in _CLOSERS:
            j += 1
        if j < n and not (text[j].isspace() or text[j] in ANCHORS):
            i = j  # "2.5", "e.g.,", "U.S.-based": not the end of a sentence
            continue
        # Parenthetical citations right after the stop still belong to this sentence.
        end = j
        k = j
        while k < n:
            if text[k].isspace():
                k += 1
            elif text[k] == ANCHOR:
                k += 1
                end = k
            else:
                break
        if k >= n:
            break
        nxt = text[k]
        starts_sentence = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt == LEADING_ANCHOR
        if starts_sentence and not (text[stop] == "." and _is_abbreviation(text, stop, nxt)):
            found.append((end, k))
            i = k
        else:
            i = j
    return found


def split_sentences(text: str, labels: Sequence[str] = ()) -> list[Sentence]:
    """Split ``text`` (with citations replaced by anchors) into sentences.

    Every anchor belongs to exactly one sentence; whitespace between sentences
    belongs to none. Sentences are returned in order, including ones without
    words (check :attr:`Sentence.is_text`). ``labels`` (one per anchor, in
    order) name textual citations in :attr:`Sentence.text`.
    """
    cuts = _boundaries(text)
    starts = [0] + [start for _, start in cuts]
    ends = [end for end, _ in cuts] + [len(text)]
    anchors_by_sentence: list[list[int]] = [[] for _ in starts]
    for index, match in enumerate(_ANCHOR_RE.finditer(text)):
        anchors_by_sentence[bisect_right(starts, match.start()) - 1].append(index)
    label_list = list(labels)
    sentences = []
    for start, end, anchors in zip(starts, ends, anchors_by_sentence, strict=True):
        own = iter([label_list[a] if a < len(label_list) else "" for a in anchors])
        sentences.append(Sentence(start, end, clean_text(text[start:end], own), tuple(anchors)))
    return sentences
