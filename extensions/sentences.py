"""Split running text into sentences, keeping track of where citations fall.

The claim checker turns each paragraph into one string in which every citation
is replaced by a single anchor character, then asks :func:`split_sentences`
which anchors belong to which sentence. Two anchors exist:

* :data:`ANCHOR` for a parenthetical citation (``{cite:p}``), which closes a
  sentence: ``... reduces pain [Smith 2020].`` and also ``... pain. [Smith 2020]``
  both cite the sentence before them;
* :data:`LEADING_ANCHOR` for a textual citation (``{cite:t}``), which may open a
  sentence: ``Smith (2020) showed ...``.

A terminator (``.``, ``!``, ``?``, ``…``) ends a sentence only when whitespace
(or a citation, or the end of the text) follows it and the next sentence starts
with a capital, a digit, an opening bracket or quote, or a textual citation. A
full stop is not a sentence end after

* an abbreviation that never ends a sentence (``e.g.``, ``i.e.``, ``et al.``,
  ``vs.``, ``approx.``) or a title before a name (``Dr.``, ``Mt.``, ``St.``);
* an abbreviation before a number: units (``10 min. 3 times a day``, ``wk. 4``,
  ``max. 5 kg``), months (``Sept. 2019``) and references (``Fig. 2``, ``p. 14``);
* an initial in a name: ``J. Smith``, ``J. R. R. Tolkien``, ``Albert I. Jones``;
* a list marker (``1.``, ``a.``) that opens the text, or an elision (``[...]``);
* an ellipsis set off by spaces, which stands for words left out (``the thing
  is . . . I``); a fourth dot ends the sentence (``a period . . . . Next``).

When in doubt the splitter splits: too many sentences only asks an author for
one more citation, too few lets an uncited claim through. So a single capital
after a lower-case word or a designation (``vitamin D.``, ``grade B.``, ``you
and I.``) ends a sentence before a capitalised word, and so does an initialism
(``in the U.S. Massage helped``) unless the next word is one that continues a
name (``U.S. Government``). A parenthetical citation right after a terminator
always closes the sentence when a new one follows, abbreviation or not
(``Furlan et al. [Furlan 2015] Massage ...``).

On the 48 English "Golden Rules" of pySBD (the test cases of the Pragmatic
Segmenter, ``tests/fixtures/pysbd_golden_rules_en.json``) this splitter agrees
on all 48 (sentences compared with whitespace collapsed); the splitter before
these rules agreed on 31 (29 before :func:`clean_text` kept spaced ellipses),
pySBD 0.3.4 itself on 47 (it splits "At 5 a.m. Mr. Smith went ...", a case its
own tests mark as failing). pySBD has had no release since 2021, so the
handbook improves this small splitter, which also knows where the citations
are, rather than depend on an unmaintained library. It makes one pass over the
text with precompiled expressions.
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
_OPENER_CHARS = "".join(sorted(_OPENERS))
#: Closing punctuation stripped from a word before looking at its case.
_WORD_PUNCT = ",;:" + "".join(sorted(_CLOSERS))

#: Words that end with a full stop without ending a sentence, whatever follows
#: (compared lower-case, without the final full stop).
ABBREVIATIONS = frozenset(
    {
        "a.k.a",
        "al",  # et al.
        "approx",
        "ca",
        "cf",
        "e.g",
        "eg",
        "esp",
        "i.e",
        "ie",
        "incl",
        "n.b",
        "nb",
        "resp",
        "v",
        "viz",
        "vs",
        # Titles, which stand before a name.
        "dr",
        "drs",
        "mr",
        "mrs",
        "ms",
        "mt",
        "prof",
        "rev",
        "st",
        "ste",
    }
)
#: Abbreviations that are one only before a number (``Fig. 2``, ``p. 14``,
#: ``10 min. 3 times``, ``Sept. 2019``); before a capital they end a sentence.
NUMBER_ABBREVIATIONS = frozenset(
    {
        # References.
        "ch",
        "chap",
        "eq",
        "eqs",
        "fig",
        "figs",
        "n°",
        "no",
        "nos",
        "nr",
        "p",
        "para",
        "pp",
        "ref",
        "refs",
        "sect",
        "suppl",
        "tab",
        "vol",
        "vols",
        # Units of time, mass, length and volume; minimum and maximum.
        "sec",
        "secs",
        "min",
        "mins",
        "h",
        "hr",
        "hrs",
        "d",
        "wk",
        "wks",
        "mo",
        "mos",
        "yr",
        "yrs",
        "g",
        "kg",
        "mg",
        "mcg",
        "µg",
        "lb",
        "lbs",
        "oz",
        "mm",
        "cm",
        "ft",
        "ml",
        "mmhg",
        "max",
        # Months (May is never abbreviated).
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
#: Words that name what a single capital letter designates (``vitamin D``,
#: ``Hepatitis B``): the letter is not an initial, so it can end a sentence.
DESIGNATIONS = frozenset(
    {
        "appendix",
        "arm",
        "box",
        "category",
        "class",
        "cohort",
        "form",
        "grade",
        "group",
        "hepatitis",
        "level",
        "list",
        "option",
        "panel",
        "part",
        "phase",
        "plan",
        "protocol",
        "schedule",
        "scenario",
        "section",
        "stage",
        "step",
        "table",
        "tier",
        "type",
        "version",
        "vitamin",
        "zone",
    }
)
#: Capitalised words that continue a name after an initialism (``U.S. Government``)
#: instead of starting a sentence.
INITIALISM_CONTINUATIONS = frozenset(
    {
        "Agency",
        "Air",
        "Army",
        "Census",
        "Centers",
        "Coast",
        "Congress",
        "Constitution",
        "Court",
        "Department",
        "Embassy",
        "Federal",
        "Food",
        "Government",
        "Marine",
        "Military",
        "Ministry",
        "National",
        "Navy",
        "Office",
        "Parliament",
        "Postal",
        "Preventive",
        "Senate",
        "Supreme",
        "Treasury",
        "Veterans",
    }
)

_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_TIME = frozenset({"a.m", "p.m"})
#: A would-be sentence that is only a time ("At 5 a.m."): an opening phrase.
_TIME_PHRASE = re.compile(r"\W*(?:[^\W\d_]+\s+){0,2}\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m", re.I)
#: A list marker at the start of the text: "1.", "1.)", "1)", "a.", "• 9.".
_LIST_MARKER = re.compile(
    r"\s*(?P<marker>(?P<bullet>[•⁃‣◦▪●]\s*)?(?:(?P<number>\d{1,3})|(?P<letter>[a-z]))"
    r"(?P<form>\.\)|\)|\.))(?=\s)"
)
_WORD = re.compile(r"[^\W\d_]+")
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


def _word_start(text: str, stop: int) -> int:
    """Where the run of non-space characters that ends at ``stop`` (exclusive) starts."""
    start = stop
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in ANCHORS:
        start -= 1
    return start


def _word_before(text: str, stop: int) -> str:
    """The run of non-space characters that ends at index ``stop`` (exclusive)."""
    return text[_word_start(text, stop) : stop].lstrip(_OPENER_CHARS)


def _previous_word(text: str, start: int) -> str:
    """The word before index ``start``, without its closing punctuation."""
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return _word_before(text, start).rstrip(_WORD_PUNCT)


def _is_initial(text: str, start: int) -> bool:
    """Whether the single capital in the word at ``start`` (before a full stop) is an initial.

    It is one after a capitalised word or another initial (``J. R. R. Tolkien``,
    ``Albert I. Jones``), not after a lower-case word (``you and I.``, ``grade
    B.``) or a designation (``Hepatitis B.``).
    """
    before = _previous_word(text, start)
    return not before or (before[0].isupper() and before.lower() not in DESIGNATIONS)


def _is_abbreviation(text: str, stop: int, k: int, sentence_start: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation rather than a sentence.

    ``k`` is where the next sentence would start, ``sentence_start`` where this one did.
    """
    start = _word_start(text, stop)
    word = text[start:stop].lstrip(_OPENER_CHARS)
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return True
    if lower in NUMBER_ABBREVIATIONS:
        return text[k].isdigit() or start <= sentence_start
    initial = len(word) == 1 and word.isupper()
    initialism = not initial and _INITIALISM.fullmatch(lower) is not None
    if not (initial or initialism):
        return False
    if start <= sentence_start:
        return True  # "J. Smith", "U.S. guidelines": no sentence of one abbreviation
    if initial:
        return _is_initial(text, start)
    if lower in _TIME:
        # "At 5 a.m. Mr. Smith went": a time alone is no sentence.
        return _TIME_PHRASE.fullmatch(text, sentence_start, stop) is not None
    # "U.S. Government" but "in the U.S. Massage helped".
    following = _WORD.match(text, k)
    return following is not None and following.group() in INITIALISM_CONTINUATIONS


def _list_items(text: str) -> list[tuple[int, int]]:
    """Spans of the list markers of an inline enumeration that opens ``text``.

    "1. The first item 2. The second item": the text must start with a marker,
    and each next marker has the same form and the next number or letter.
    """
    marker = _LIST_MARKER.match(text)
    if marker is None:
        return []
    bullet, number, letter, form = marker.group("bullet", "number", "letter", "form")
    spans = [marker.span("marker")]
    value = int(number) if number else ord(letter)
    while True:
        value += 1
        label = str(value) if number else chr(value)
        if letter and label > "z":
            break
        needle = f"{bullet or ''}{label}{form}"
        at = spans[-1][1]
        while True:
            at = text.find(needle, at)
            if at < 0:
                return spans
            after = at + len(needle)
            if text[at - 1].isspace() and (after == len(text) or text[after].isspace()):
                break
            at = after
        spans.append((at, at + len(needle)))


def _end_before(text: str, start: int) -> int:
    """The index after the last non-space character before ``start``."""
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


def _spaced_dots(text: str, stop: int) -> int:
    """The index after the dots, single spaces between them (``. . .``), from ``stop``."""
    n = len(text)
    j = stop + 1
    while j + 1 < n and text[j] == " " and text[j + 1] == ".":
        j += 2
    return j


def _boundaries(text: str) -> list[tuple[int, int]]:
    """``(end, next_start)`` for every place where one sentence stops and the next begins."""
    found: list[tuple[int, int]] = []
    n = len(text)
    markers = _list_items(text)
    marker_index = 0
    sentence_start = 0
    i = 0
    while i < n:
        terminator = _TERMINATOR_RE.search(text, i)
        if terminator is None:
            break
        stop = terminator.start()
        while marker_index < len(markers) and markers[marker_index][1] <= stop:
            marker_index += 1
        if marker_index < len(markers) and markers[marker_index][0] <= stop:
            i = markers[marker_index][1]  # the full stop of "1." or "a."
            continue
        j = stop + 1
        while j < n and text[j] in _TERMINATORS:
            j += 1
        full_stop = j == stop + 1 and text[stop] == "."  # one ".", not "?!" or "..."
        before = text[stop - 1] if stop else " "
        attached = not before.isspace()  # to a word, a closing bracket or a citation
        end_of_stop = None  # where the sentence ends if not right after the terminators
        if full_stop:
            dots_end = _spaced_dots(text, stop)
            dots = (dots_end - stop + 1) // 2
            if dots >= 3:
                # "weakened . . . was", "period . . . . Next", "compounds. . . . The".
                if attached and dots >= 4:
                    end_of_stop = j
                elif not attached and dots == 3:
                    i = dots_end
                    continue
                full_stop = False
                j = dots_end
        elif not attached and j < n and text[j].isspace() and text[stop:j] in ("...", "…"):
            i = j  # an ellipsis standing for words left out: "the thing is ... I"
            continue
        if before in "[(" and j < n and text[j] in ")]":
            i = j + 1  # "[...]"
            continue
        while j < n and text[j] in _CLOSERS:
            j += 1
        if j < n and not (text[j].isspace() or text[j] in ANCHORS):
            i = j  # "2.5", "e.g.,", "U.S.-based": not the end of a sentence
            continue
        # Parenthetical citations right after the stop still belong to this sentence.
        end = j
        k = j
        cited_after = False
        while k < n:
            if text[k].isspace():
                k += 1
            elif text[k] == ANCHOR:
                k += 1
                end = k
                cited_after = True
            else:
                break
        if k >= n:
            break
        nxt = text[k]
        starts_sentence = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt == LEADING_ANCHOR
        if not starts_sentence or (
            full_stop and not cited_after and _is_abbreviation(text, stop, k, sentence_start)
        ):
            i = j
            continue
        if end_of_stop is not None and not cited_after:
            found.append((end_of_stop, end_of_stop + 1))
            sentence_start = i = end_of_stop + 1
        else:
            found.append((end, k))
            sentence_start = i = k
    if len(markers) > 1:
        # Each next list marker opens an item, unless a sentence already starts there.
        cuts = {start: (_end_before(text, start), start) for start, _ in markers[1:]}
        cuts.update((start, (end, start)) for end, start in found)
        found = sorted(cuts.values(), key=lambda cut: cut[1])
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
