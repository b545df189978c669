"""Unit tests of the sentence splitter and the evidence summary (no Sphinx build)."""

from __future__ import annotations

import json
from pathlib import Path

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
        f"The U.S. Preventive Services Task Force agrees {C}.",
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


GOLDEN_RULES = Path(__file__).parent / "fixtures" / "pysbd_golden_rules_en.json"


def _normalise(sentences: list[str]) -> list[str]:
    return [" ".join(sentence.split()) for sentence in sentences]


def test_golden_rules(record_property: pytest.RecordProperty) -> None:
    """pySBD's English Golden Rules: all but inline enumerations, and 45 of 48 in all."""
    golden = json.loads(GOLDEN_RULES.read_text(encoding="utf-8"))
    assert golden["license"][0] == "MIT License"
    cases = golden["cases"]
    assert (len(cases), sum(bool(c.get("enumeration")) for c in cases)) == (48, 9)
    failed = []
    for case in cases:
        got = [s.text for s in split_sentences(case["text"])]
        if _normalise(got) != _normalise(case["expected"]):
            failed.append((case["text"], got, bool(case.get("enumeration"))))
    agreement = f"{len(cases) - len(failed)}/{len(cases)}"
    record_property("golden_rules_agreement", agreement)
    print(f"pySBD English Golden Rules: {agreement} agree")
    assert [f for f in failed if not f[2]] == []
    assert len(cases) - len(failed) >= 45, failed


@pytest.mark.parametrize(
    "text",
    [
        f"Massage for approx. 10 min. 3 times a day eased pain {C}.",
        f"Pain eased by wk. 4 of the course {C}.",
        f"Lift max. 5 kg at first {C}.",
        f"Press for min. 30 s on each point {C}.",
        f"She trained at Mt. Sinai in New York {C}.",
        f"Ask Dr. Lee, Prof. Khan or Ms. Roe at St. Thomas' Hospital {C}.",
        f"The positions are shown in Fig. 2 of the guideline {C}.",
        f"The dose is on p. 14 of the leaflet {C}.",
        f"See pp. 14-20 and No. 3 of the series {C}.",
    ],
)
def test_clinical_abbreviations_do_not_split(text: str) -> None:
    assert len(split(text)) == 1


@pytest.mark.parametrize(
    "month", ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
)
def test_month_before_a_number_does_not_split(month: str) -> None:
    assert len(split(f"The trial ran from {month}. 2019 to {month}. 12, 2021 {C}.")) == 1


UNITS = ["sec", "min", "mins", "hr", "hrs", "h", "wk", "wks", "mo", "mos", "yr", "yrs"]
UNITS += ["kg", "g", "mg", "lb", "cm", "mm", "ml", "mL"]


@pytest.mark.parametrize("unit", UNITS)
def test_unit_before_a_number_does_not_split(unit: str) -> None:
    assert len(split(f"Use 2 {unit}. 3 times a day {C}.")) == 1


@pytest.mark.parametrize("unit", UNITS)
def test_unit_before_a_capital_ends_the_sentence(unit: str) -> None:
    assert split(f"Use 2 {unit}. Massage helps {C}.") == [
        (f"Use 2 {unit}.", ()),
        ("Massage helps.", (0,)),
    ]


@pytest.mark.parametrize("title", ["Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Mt"])
def test_title_before_a_name_does_not_split(title: str) -> None:
    assert len(split(f"Ask {title}. Jones first {C}.")) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The recommendation has evidence grade B.", "Massage may be offered alongside exercise"),
        ("Ask whether the client takes vitamin D.", "Massage is safe"),
        ("Most trials were run in the U.S.", "Massage helped"),
        ("Most trials were run in the U.K.", "Massage helped"),
        ("Clients had pain of type A.", "Massage helped"),
        ("Screen for Hepatitis B.", "Massage is safe"),
        ("It was you and I.", "Massage helped"),
        ("The clinic opens at 8 a.m.", "Clients wait"),
        ("Clients came from Acme Inc.", "Massage helped"),
    ],
)
def test_uncited_sentence_before_a_cited_one(first: str, second: str) -> None:
    """A sentence ending in a capital or an initialism is not merged into the next one."""
    assert split(f"{first} {second} {C}.") == [(first, ()), (f"{second}.", (0,))]


def test_citation_after_an_abbreviation_closes_the_sentence() -> None:
    text = f"This was reported by Furlan et al. {C} Massage cures disc herniation."
    assert split(text) == [
        ("This was reported by Furlan et al.", (0,)),
        ("Massage cures disc herniation.", ()),
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"J. Smith reported it {C}.",
        f"J. R. R. Tolkien wrote about it {C}.",
        f"Smith J. and Jones K. found it {C}.",
        f"Did you see Albert I. Jones about it {C}?",
        f"Ask Dr. J. Smith about it {C}.",
        f"Furlan et al. {C} found it helps.",
        f"At 5 a.m. Mr. Smith had pain {C}.",
        f"The U.S. Government and the U.S. Army agree {C}.",
    ],
)
def test_initials_and_names_do_not_split(text: str) -> None:
    assert len(split(text)) == 1


@pytest.mark.parametrize("stop", [f"D {C}.", f"D. {C}", f"D.{C}"])
def test_citation_stays_with_the_sentence_it_follows(stop: str) -> None:
    assert split(f"Take vitamin {stop} Massage is safe.") == [
        ("Take vitamin D.", (0,)),
        ("Massage is safe.", ()),
    ]


def test_textual_citation_after_a_single_capital_opens_the_next_sentence() -> None:
    sentences = split_sentences(f"Take vitamin D. {T} showed it {C}.", ["a", "b"])
    assert [(s.text, s.anchors) for s in sentences] == [
        ("Take vitamin D.", ()),
        ("a showed it.", (0, 1)),
    ]


def test_abbreviation_opening_a_sentence_is_no_sentence() -> None:
    assert split(f"Massage helps {C}. J. Smith agrees {C}.") == [
        ("Massage helps.", (0,)),
        ("J. Smith agrees.", (1,)),
    ]
    assert split(f"It helps {C}. U.S. Guidelines agree {C}.") == [
        ("It helps.", (0,)),
        ("U.S. Guidelines agree.", (1,)),
    ]


def test_list_marker_is_not_a_sentence() -> None:
    assert split(f"1. Massage helps {C}.") == [("1. Massage helps.", (0,))]
    assert split(f"1. Massage helps {C} 2. Rest helps {C}") == [
        ("1. Massage helps", (0,)),
        ("2. Rest helps", (1,)),
    ]
    assert split(f"a. Massage helps {C}. b. Rest helps.") == [
        ("a. Massage helps.", (0,)),
        ("b. Rest helps.", ()),
    ]


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
