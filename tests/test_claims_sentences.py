"""Unit tests of the sentence splitter and the evidence summary (no Sphinx build)."""

from __future__ import annotations

import pytest

from clinical_handbook.evidence import Source, summarise
from clinical_handbook.sentences import ANCHOR, LEADING_ANCHOR, clean_text, split_sentences

C = ANCHOR  # a {cite:p}
T = LEADING_ANCHOR  # a {cite:t}


def split(text: str) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text, s.anchors) for s in split_sentences(text) if s.is_text]


@pytest.mark.parametrize(
    "text",
    [
        f"Massage helps, e.g. after surgery {C}.",
        f"Massage helps, i.e. it reduces pain {C}.",
        f"Smith et al. Found it helps {C}.",
        f"Massage vs. Rest was compared {C}.",
        f"Dr. Jones agreed {C}.",
        f"Pain fell by 2.5 points {C}.",
        f"The U.S. Guideline agrees {C}.",
        f"See Fig. 2 for the position {C}.",
        f"J. Smith reported it {C}.",
        f"It helps (e.g. Smith) {C}.",
    ],
)
def test_one_sentence(text: str) -> None:
    assert len(split(text)) == 1


def test_three_sentences_one_citation() -> None:
    assert split(f"One. Two. Three {C}.") == [("One.", ()), ("Two.", ()), ("Three.", (0,))]


def test_citation_before_and_after_the_full_stop() -> None:
    assert split(f"One {C}. Two.{C} Three. {C} Four.") == [
        ("One.", (0,)),
        ("Two.", (1,)),
        ("Three.", (2,)),
        ("Four.", ()),
    ]


def test_textual_citation_opens_the_next_sentence() -> None:
    sentences = split_sentences(f"Massage helps {C}. {T} showed it.", ["a", "b"])
    assert [(s.text, s.anchors) for s in sentences] == [
        ("Massage helps.", (0,)),
        ("b showed it.", (1,)),
    ]


def test_question_exclamation_and_quotes() -> None:
    assert [t for t, _ in split('Does it help? "Yes," she said. It does!')] == [
        "Does it help?",
        '"Yes," she said.',
        "It does!",
    ]


def test_no_split_before_lower_case() -> None:
    assert len(split("Use approx. two kilograms of pressure. Then stop.")) == 2


def test_citation_only_is_not_text() -> None:
    assert split(f"{C}") == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("pain .", "pain."),
        (f"pain {C}.", "pain."),
        ("(see below )", "(see below)"),
        (f"(see below {C}).", "(see below)."),
        (f"Smith {C}, Jones {C}; and Lee {C}: all agree {C}!", "Smith, Jones; and Lee: all agree!"),
        ("the :class: myclass option", "the :class: myclass option"),
        ("use .md files", "use .md files"),
        ("link to ../stages/after-session here", "link to ../stages/after-session here"),
        ("a ...", "a ..."),
        ("weakened . . . was", "weakened . . . was"),
        ("a period . . . .", "a period . . . ."),
    ],
)
def test_clean_text_only_glues_closing_punctuation(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_sentence_text_keeps_a_role_name() -> None:
    assert split(f"Set the :class: option {C}.") == [("Set the :class: option.", (0,))]


def _source(key: str, level: str | None, directness: str | None) -> Source:
    return Source(key, level, directness, "", "", "", 0)


def test_summarise() -> None:
    sources = {
        "g": _source("g", "guideline", "direct"),
        "w": _source("w", "commercial", "indirect"),
        "w2": _source("w2", "commercial", "direct"),
    }
    mixed = summarise(["w", "g"], sources)
    assert (mixed.strongest, mixed.weakest) == ("guideline", "commercial")
    assert mixed.directness == "mixed"
    assert mixed.flags == ()
    assert summarise(["w", "w2"], sources).flags == ("commercial",)
    assert summarise(["w"], sources).flags == ("commercial", "indirect")
    assert summarise(["unknown"], sources).flags == ()
