"""The figures and quotations of a sentence, and whether a recorded fact holds them.

Pure code on text, used by the facts check (:mod:`.fact_check`) and by the
source pages (:mod:`.source_pages`), which read their facts' figures once.

A *figure* is a number a sentence states:

* a number in digits: ``401``, ``3,096``, ``2.9`` (or ``2·9``), ``54%``,
  ``54 per cent``, an ordinal such as ``3rd``, a number joined to a unit such as
  ``10-week``;
* a number word (``one`` to ``ninety-nine``, ``hundred``, ``dozen``) directly
  before a unit word of :data:`UNITS` (``ten weeks``, ``six sessions``,
  ``two types``); a number in digits takes its unit from the next word or the
  one after (``27 licensed therapists``);
* a range or confidence interval: ``1.8 to 4.0``, ``1.8-4.0``, ``1.8–4.0``,
  ``between 20 and 65``: one figure with two values.

A figure carries its unit's class (``week``, ``session``, ``person``...) when a
unit word follows it, and a rate when ``a``/``per``/``each``/``every`` and a time
unit follow (``10 sessions a week``).

Not figures: numbers that are part of a name (``NG59``, ``CD001929``,
``omega-3``, ``L4``, a citation key such as ``cherkin2011``, anything joined to
``/``: a DOI or a path), numbers with two dots or more (``1.2.7``, a section
number), a number alone in square brackets (``[3]``, a note), and numbers
right after a word that numbers things (:data:`NUMBERING_WORDS`: ``section 3``,
``notes 1, 2 and 5``, ``recommendation 1.2.7``, ``type 2``, ``call 911``).
List numbering is not in a sentence's text at all.

Two figures *match* when their values are equal as numbers (``4.0`` = ``4``),
both or neither are percentages, their rates agree, and their units agree
where both have one. A single value also matches either end of a recorded
range. Quotations match when, with whitespace, quotation marks, dashes and
case normalised, each part (split at an ellipsis) appears in a recorded quote,
in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = {word: value for value, word in enumerate(_SMALL)}
NUMBER_WORDS.update({word: 20 + 10 * i for i, word in enumerate(_TENS)})
NUMBER_WORDS["hundred"] = 100
NUMBER_WORDS["dozen"] = 12

#: Unit words and the class a figure's unit is compared by.
UNITS: dict[str, str] = {}
for _class, _words in {
    "second": "second seconds sec",
    "minute": "minute minutes min mins",
    "hour": "hour hours h hr hrs",
    "day": "day days",
    "week": "week weeks wk wks",
    "month": "month months",
    "year": "year years",
    "session": "session sessions treatment treatments visit visits appointment appointments",
    "study": "trial trials study studies review reviews paper papers report reports "
    "article articles guideline guidelines",
    "person": "participant participants patient patients people person persons adult "
    "adults client clients subject subjects nurse nurses case cases woman women man men",
    "therapist": "therapist therapists practitioner practitioners",
    "point": "point points",
    "kind": "type types kind kinds technique techniques",
    "time": "time times",
    "group": "group groups arm arms",
    "recommendation": "recommendation recommendations",
    "flag": "flag flags",
}.items():
    for _word in _words.split():
        UNITS[_word] = _class
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})

#: Words after which a number names or numbers something rather than stating a figure.
NUMBERING_WORDS = frozenset(
    [
        "section",
        "sections",
        "chapter",
        "chapters",
        "recommendation",
        "recommendations",
        "table",
        "tables",
        "figure",
        "figures",
        "fig",
        "appendix",
        "step",
        "steps",
        "module",
        "modules",
        "question",
        "questions",
        "part",
        "parts",
        "item",
        "items",
        "note",
        "notes",
        "page",
        "pages",
        "p",
        "pp",
        "vol",
        "volume",
        "issue",
        "no",
        "number",
        "line",
        "lines",
        "grade",
        "level",
        "stage",
        "stages",
        "phase",
        "type",
        "class",
        "version",
        "lesson",
        "unit",
        "call",
        "dial",
        "phone",
        "ng",
        "nct",
        "cd",
        "art",
    ]
)
#: Words that may not stand between a number word and its unit.
_STOPWORDS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "or",
        "and",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "that",
        "this",
        "it",
    ]
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:[.·]\d+)?|\d+(?:[.·]\d+)?"
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_TOKEN = re.compile(
    rf"(?P<digits>{_NUMBER})"
    rf"|(?P<word>\b(?:{_WORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)\b)?\b)",
    re.IGNORECASE,
)
_NUMBER_LIST = re.compile(r"(?:\s*(?:,|and|or|to|-|–)\s*\[?\d+\]?)+")
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+){2,}")
_RANGE_JOIN = re.compile(r"\s*(?:%|\s?per ?cent)?\s*(?P<joiner>-|–|—|to|and)\s*", re.IGNORECASE)
_PERCENT = re.compile(r"\s?(?:%|per ?cent\b)", re.IGNORECASE)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_PLURAL = re.compile(r"s\b")
_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+)\.?")
_RATE = re.compile(r"\s+(?:a|an|per|each|every)\s+([A-Za-z]+)", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"\b([A-Za-z]+)\.?\s*$")
#: Letters a figure may carry: an ordinal, a plural, a unit written without a space.
_GLUED_SUFFIX = re.compile(r"(?:st|nd|rd|th|s|min|h|hr|hrs|wk|wks)\b", re.IGNORECASE)


class Figure(NamedTuple):
    """One figure of a text: its value (two for a range), kind and place.

    A claim keeps its figures as plain tuples (``tuple(figure)``; rebuild with
    ``Figure._make``): a big handbook holds hundreds of thousands, and Python's
    garbage collector stops tracking a plain tuple of strings, not an object.
    """

    values: tuple[str, ...]
    """Each value as a canonical decimal string: ``4.0`` and ``4`` are both ``"4"``."""
    percent: bool
    unit: str
    """The unit's class (see :data:`UNITS`), or empty."""
    per: str
    """The time unit of a rate (``week`` in ``10 sessions a week``), or empty."""
    text: str
    """The figure as written."""
    start: int


def canonical(number: Decimal) -> str:
    """``number`` as the one string every way of writing it gives (``4.0`` -> ``4``)."""
    return format(number.normalize(), "f")


def _value(token: str) -> str | None:
    word = token.lower().replace("-", " ").split()
    if word and word[0] in NUMBER_WORDS:
        return str(sum(NUMBER_WORDS.get(part, 0) for part in word))
    try:
        return canonical(Decimal(token.replace(",", "").replace("·", ".")))
    except InvalidOperation:
        return None


def _is_name(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``text[start:end]`` are part of a name, not a figure."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or before in "/_#\ue000\ue001" or (before == "[" and after == "]"):
        return True  # NG59, a DOI, a key, a note such as [3]
    if before in "-–" and start > 1 and text[start - 2].isalpha():
        return True  # omega-3, COVID-19
    if before == "." and start > 1 and text[start - 2].isalnum():
        return True  # v.2, pub.3
    if after in "/_" or (after == "." and text[end + 1 : end + 2].isdigit()):
        return True
    if after.isalpha() and not _GLUED_SUFFIX.match(text, end):
        return True  # 5HT, 3D, i6748
    word = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return bool(word and word[1].lower() in NUMBERING_WORDS)


def _unit_after(text: str, end: int, allow_gap: bool = True) -> tuple[str, int]:
    """The unit class of the word after ``end`` (or after one more word), and where it ends."""
    match = _NEXT_WORD.match(text, end)
    if not match:
        return "", end
    word = match[1].lower()
    if word in UNITS:
        return UNITS[word], match.end(1)
    if allow_gap and word not in _STOPWORDS and word not in NUMBER_WORDS:
        second = re.compile(r"\s+([A-Za-z]+)").match(text, match.end(1))
        if second and second[1].lower() in UNITS:
            return UNITS[second[1].lower()], second.end(1)
    return "", end


def _rate_after(text: str, end: int) -> str:
    match = _RATE.match(text, end)
    if match and UNITS.get(match[1].lower()) in TIME_UNITS:
        return UNITS[match[1].lower()]
    rest = text[end : end + 12].lower().lstrip()
    for word, unit in (("weekly", "week"), ("daily", "day"), ("monthly", "month")):
        if rest.startswith(word):
            return unit
    return ""


_MAY_HOLD = re.compile(rf"\d|[“\"‘]|\b(?:{_WORD})\b", re.IGNORECASE)


def may_hold_figures(text: str) -> bool:
    """A quick test: ``text`` has a digit, a number word or a quotation mark."""
    return _MAY_HOLD.search(text) is not None


def figures_in(text: str, *, lenient: bool = False) -> tuple[Figure, ...]:
    """The figures of ``text`` in order.

    With ``lenient`` (for recorded facts, which are only matched against), a
    number word counts without a unit after it.
    """
    found: list[Figure] = []
    skip_to = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        if start < skip_to:
            continue
        section = _SECTION_NUMBER.match(text, start)
        if section and match["digits"]:
            skip_to = section.end()
            continue
        token = match.group()
        end = match.end()
        if match["digits"] and _is_name(text, start, end):
            following = _NUMBER_LIST.match(text, end)
            skip_to = following.end() if following else end  # "notes 1, 2 and 5"
            continue
        if match["word"] and start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        first = _value(token)
        if first is None:
            continue
        values = [first]
        percent = bool(_PERCENT.match(text, end))
        second = _range_end(text, match)
        if second is not None:
            values.append(second[0])
            end = second[1]
        percent_match = _PERCENT.match(text, end)
        if percent_match:
            percent = True
            end = percent_match.end()
        elif match["digits"]:
            suffix = _ORDINAL.match(text, end) or _PLURAL.match(text, end)
            end = suffix.end() if suffix else end
        gap = bool(match["digits"]) or lenient  # "ten massage treatments" only in a record
        unit, unit_end = ("", end) if percent else _unit_after(text, end, allow_gap=gap)
        if match["word"] and not unit and not percent and not lenient:
            continue  # "one of them", "all three": not a figure
        per = _rate_after(text, unit_end if unit else end)
        found.append(
            Figure(
                values=tuple(values),
                percent=percent,
                unit=unit,
                per=per,
                text=text[start:end].strip(),
                start=start,
            )
        )
        skip_to = end
    return tuple(found)


def _range_end(text: str, first: re.Match[str]) -> tuple[str, int] | None:
    """The second value of a range that starts with ``first``, and where it ends.

    ``and`` joins a range only after ``between``; a number word does not end a
    range of digits (``2 to four``), and a name does not end any range.
    """
    join = _RANGE_JOIN.match(text, first.end())
    if not join:
        return None
    if join["joiner"].lower() == "and":
        before = text[max(0, first.start() - 8) : first.start()]
        if not before.lower().rstrip().endswith("between"):
            return None
    other = _TOKEN.match(text, join.end())
    if other is None or (other["word"] and not first["word"]):
        return None
    if other["digits"] and _is_name(text, other.start(), other.end()):
        return None
    value = _value(other.group())
    return (value, other.end()) if value is not None else None


def matches(figure: Figure, known: Figure) -> bool:
    """Whether ``known`` (recorded) holds ``figure`` (stated in a claim)."""
    if figure.percent != known.percent or figure.per != known.per:
        return False
    if figure.unit and known.unit and figure.unit != known.unit:
        return False
    if len(figure.values) == 2:
        return figure.values == known.values
    return figure.values[0] in known.values


def find_match(figure: Figure, known: Iterable[Figure]) -> bool:
    return any(matches(figure, candidate) for candidate in known)


# --- quotations -------------------------------------------------------------------
_QUOTED = re.compile(
    r"“(?P<curly>[^”]+)”"
    r'|"(?P<straight>[^"]+)"'
    r"|(?:(?<=^)|(?<=[\s(\[]))‘(?P<single>[^’]+?)’(?![A-Za-z])",
)
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[\.\.\.\])\s*")
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "·": "."})


def quotations_in(text: str) -> tuple[str, ...]:
    """The text between quotation marks in ``text``."""
    return tuple(
        next(group for group in match.groups() if group is not None)
        for match in _QUOTED.finditer(text)
    )


def normalise_quote(text: str) -> str:
    """``text`` with typographic quotes, dashes, whitespace and case normalised."""
    return " ".join(text.translate(_QUOTE_MARKS).replace('"', "").split()).casefold()


def _parts(quotation: str) -> Iterator[str]:
    for part in _ELLIPSIS.split(quotation):
        part = normalise_quote(part).strip(" .,;:!?'")
        if part:
            yield part


def quotation_found(quotation: str, recorded: Iterable[str]) -> bool:
    """Whether every part of ``quotation`` appears, in order, in one recorded quote."""
    parts = list(_parts(quotation))
    if not parts:
        return True
    for quote in recorded:
        at = 0
        for part in parts:
            at = quote.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            return True
    return False
