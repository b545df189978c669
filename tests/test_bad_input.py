"""The bad-input catalogue: every authoring mistake gives one clear message, never a traceback.

Each case breaks one thing in a copy of ``tests/roots/test-contra-ok`` (a clean
project with every feature). The build must then: finish without an exception
or traceback; print exactly one message, naming the file (and the line, where a
line exists); fail under ``-W``; and still write the rest of the handbook.

Every warning of the build counts, the handbook's and Sphinx's, MyST's and
sphinxcontrib-bibtex's alike. A case whose mistake still gives follow-on
warnings names them in ``extra``, from one of the lists below, each with the
module that causes them: fixing that module makes the case fail until its
``extra`` is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from root_build import BASE, Edit, append, build, copy_root, edit, edits, write

from clinical_handbook.reference import emitted_subtypes

MASSAGE = "techniques/massage.md"
FLAG = "contraindications/flag.md"
INTAKE = "stages/first/intake.md"
EXTENSIONS = Path(__file__).resolve().parent.parent / "extensions"

TYPES = "background, chapter, contraindication, reference, review, source, stage, technique"
LEVELS = "guideline, systematic-review, randomised-trial, observational, expert-opinion, commercial"
CITE_HELP = (
    "(cite a source in this sentence with {cite:p}`key`, or put editorial text in an "
    "editorial-note with a reason)"
)
RAW_HELP = "(write it in Markdown or with a directive)"


def edit_bytes(relative: str, old: bytes, new: bytes) -> Edit:
    def apply(srcdir: Path) -> None:
        path = srcdir / relative
        data = path.read_bytes()
        assert old in data, f"{old!r} not in {relative}"
        path.write_bytes(data.replace(old, new, 1))

    return apply


def page(body: str, front: str = "type: background\nid: extra") -> bytes:
    return f"---\n{front}\n---\n\n# Extra page\n\n{body}\n".encode()


def huge_page() -> bytes:
    cited = "Gentle massage is discussed at length in this sentence {cite:p}`src`. " * 6
    paragraphs = "\n\n".join([cited] * 2600)  # about 1 MB
    return page(paragraphs + "\n\nThe very last sentence has no source.")


def reviewed(page_type: str) -> Edit:
    """Review dates checked for one page type, on a fixed "today"."""
    return edit(
        "conf.py",
        "handbook_reviewed_types = []",
        f'handbook_reviewed_types = ["{page_type}"]\nhandbook_today = "2026-06-01"',
    )


# --- follow-on warnings still given ------------------------------------------------
# Each list is the exact extra lines of one case, the code that causes them and the
# fix suggested. A fix makes its case fail until the list is deleted.

#: An empty file: Sphinx's own toctree warning (the page has no title), which only a
#: filter on Sphinx's log could take away; the handbook adds nothing to it.
EMPTY_PAGE_FOLLOW_ONS = (
    "index.md:10: WARNING: toctree contains reference to document 'extra' that doesn't "
    "have a title: no link will be generated [toc.no_title]",
)
#: Giving a page another page's id also takes its own id away, so what declared the
#: old id ('flare') now names an unknown id: a second true fact, kept on purpose
#: (telling the two apart would need a guess), unlike a copied page.
RENAMED_ID_IS_GONE = (
    "techniques/massage.md:4: WARNING: unknown contraindication id 'flare' (did you mean "
    "'flag'?) [handbook.unknown-contraindication]",
)


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Edit
    message: str
    """The one warning line the mistake gives: file:line: WARNING: text [type.subtype]."""
    extra: tuple[str, ...] = ()
    """Follow-on warnings still given (one of the lists above); empty when the promise holds."""


LONELY = (
    "---\ntype: contraindication\nid: lonely\nkind: absolute\nsigns: [fever]\n"
    "action: [stop, refer]\n---\n\n# Lonely condition\n\nNothing declares this page "
    "{cite:p}`src`.\n"
)
CONTRAINDICATIONS = "contraindications:\n  - flare: postpone deep work until it settles\n  - flag\n"
MASSAGE_FRONT = f"---\ntype: technique\nid: massage\n{CONTRAINDICATIONS}---\n\n"

CASES = [
    # --- front matter and page types
    Case(
        "broken YAML front matter",
        edit(MASSAGE, "contraindications:\n", "contraindications: [oops\n"),
        "techniques/massage.md:1: WARNING: Malformed YAML [myst.topmatter]",
    ),
    Case(
        "front matter that is not a mapping",
        write(
            MASSAGE,
            "---\n- technique\n- massage\n---\n\n# Massage\n\nMassage is a technique "
            "{cite:p}`src`.\n",
            in_toctree=False,
        ),
        "techniques/massage.md:1: WARNING: YAML is not a dict: <class 'list'> [myst.topmatter]",
    ),
    Case(
        "no front matter",
        edit(MASSAGE, MASSAGE_FRONT, ""),
        "techniques/massage.md:1: WARNING: page declares no type and no id: add 'type: <one "
        f"of {TYPES}>' and 'id: <stable-id>' to its front matter [handbook.page-type]",
    ),
    Case(
        "unknown page type",
        edit(MASSAGE, "type: technique", "type: tecnique"),
        "techniques/massage.md:2: WARNING: unknown page type 'tecnique' (expected one of "
        f"{TYPES}) [handbook.page-type]",
    ),
    Case(
        "generated figure with content",
        append("views.md", "\n```{red-flag-path}\nsome words\n```\n"),
        "views.md:23: WARNING: red-flag-path takes no content: it is drawn from the "
        "handbook's data [handbook.diagram]",
    ),
    Case(
        "unknown recommendation strength",
        append(
            MASSAGE,
            "\n```{recommendation}\n:strength: maybe\n:certainty: low\n:population: adults\n"
            ":rationale: A test {cite:p}`src`.\nConsider massage {cite:p}`src`.\n```\n",
        ),
        "techniques/massage.md:15: WARNING: recommendation strength 'maybe' is not one of "
        "strong-for, conditional-for, conditional-against, strong-against "
        "[handbook.recommendation]",
    ),
    Case(
        "unknown sheet",
        edit("views.md", "id: views\n", "id: views\nsheet: poster\n"),
        "views.md:4: WARNING: unknown sheet 'poster' (expected 'staff' or 'client') "
        "[handbook.sheet]",
    ),
    Case(
        "missing id",
        edit(MASSAGE, "id: massage\n", ""),
        "techniques/massage.md:1: WARNING: page declares no id: add 'id: <stable-id>' to its "
        "front matter [handbook.page-id]",
    ),
    Case(
        "id that is not lowercase-hyphenated",
        edit(MASSAGE, "id: massage", "id: Massage Page"),
        "techniques/massage.md:3: WARNING: page id 'Massage Page' is not a "
        "lowercase-hyphenated id such as 'swedish-massage' [handbook.page-id]",
    ),
    Case(
        "duplicate id (a copied page)",
        write(
            "techniques/other.md",
            "---\ntype: technique\nid: massage\ncontraindications: [flag]\n---\n\n"
            "# Other massage\n\nAnother technique {cite:p}`src`.\n",
        ),
        "techniques/other.md:3: WARNING: duplicate page id 'massage': also declared by "
        "techniques/massage.md:3 [handbook.duplicate-id]",
    ),
    Case(
        "duplicate id (an id changed to another page's)",
        edit("contraindications/flare.md", "id: flare", "id: flag"),
        "contraindications/flare.md:3: WARNING: duplicate page id 'flag': also declared by "
        "contraindications/flag.md:3 [handbook.duplicate-id]",
        extra=RENAMED_ID_IS_GONE,
    ),
    Case(
        "page in the wrong folder",
        write(
            "techniques/lost.md",
            page(
                "A stage in techniques {cite:p}`src`.",
                "type: stage\nid: lost\ncontraindications: [flag]",
            ),
        ),
        "techniques/lost.md:2: WARNING: a page of type 'stage' belongs in stages/, not in "
        "techniques/ [handbook.folder]",
    ),
    Case(
        "chapter type on a page that is not an index",
        write("chapter.md", page("A chapter {cite:p}`src`.", "type: chapter\nid: chapter")),
        "chapter.md:2: WARNING: only a chapter's index page may have the type 'chapter' "
        "[handbook.folder]",
    ),
    Case(
        "page in no toctree",
        write("extra.md", page("An extra page {cite:p}`src`."), in_toctree=False),
        "extra.md: WARNING: document isn't included in any toctree [toc.not_included]",
    ),
    Case(
        "empty page",
        write("extra.md", b""),
        f"extra.md:1: WARNING: page declares no type and no id: add 'type: <one of {TYPES}>' "
        "and 'id: <stable-id>' to its front matter [handbook.page-type]",
        extra=EMPTY_PAGE_FOLLOW_ONS,
    ),
    # --- the page source
    Case(
        "file that is not UTF-8",
        write("extra.md", page("Cafe clients {cite:p}`src`.").replace(b"Cafe", b"Caf\xe9")),
        "extra.md:8: WARNING: byte 0xe9 is not valid UTF-8 (invalid continuation byte): save "
        "the file as UTF-8 (the bad bytes are shown as \N{REPLACEMENT CHARACTER}) "
        "[handbook.encoding]",
    ),
    Case(
        "unclosed directive fence",
        append(MASSAGE, "\n```{note}\nThis note never ends {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: this fence is never closed, so it swallows the "
        "rest of the page: close it with a line of ``` [handbook.unclosed-fence]",
    ),
    Case(
        "unclosed code fence in a note",
        append(MASSAGE, "\n````{note}\nA note {cite:p}`src`.\n\n```python\nx = 1\n````\n"),
        "techniques/massage.md:18: WARNING: this fence is never closed, so it swallows the "
        "rest of the {note} directive opened at line 15: close it with a line of ``` "
        "[handbook.unclosed-fence]",
    ),
    Case(
        "raw HTML block",
        append(MASSAGE, "\n<script>alert('hi')</script>\n"),
        "techniques/massage.md:15: WARNING: raw html markup is not allowed in handbook pages: "
        f"\"<script>alert('hi')</script>\" {RAW_HELP} [handbook.raw-markup]",
    ),
    Case(
        "inline HTML",
        append(MASSAGE, "\nSome <b>bold</b> text {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: raw html markup is not allowed in handbook pages: "
        f"'<b>\u2026</b>' {RAW_HELP} [handbook.raw-markup]",
    ),
    Case(
        "unknown directive",
        append(MASSAGE, "\n```{warnung}\nA typo {cite:p}`src`.\n```\n"),
        "techniques/massage.md:15: WARNING: Unknown directive type: 'warnung' "
        "[myst.directive_unknown]",
    ),
    Case(
        "unknown role",
        append(MASSAGE, "\nA {citep}`src` typo {cite:p}`src`.\n"),
        'techniques/massage.md:15: WARNING: Unknown interpreted text role "citep". '
        "[myst.role_unknown]",
    ),
    Case(
        "link to a missing page",
        append(MASSAGE, "\nSee {doc}`nowhere` {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: unknown document: 'nowhere' [ref.doc]",
    ),
    # --- contraindications
    Case(
        "technique without contraindications",
        edit(MASSAGE, CONTRAINDICATIONS, ""),
        "techniques/massage.md:2: WARNING: technique page declares no contraindications: add "
        "'contraindications: [...]' to its front matter [handbook.no-contraindications]",
    ),
    Case(
        "unknown contraindication declared",
        edit(MASSAGE, "  - flag\n", "  - flag\n  - flga\n"),
        "techniques/massage.md:4: WARNING: unknown contraindication id 'flga' (did you mean "
        "'flag'?) [handbook.unknown-contraindication]",
    ),
    Case(
        "link to a missing contraindication",
        append(MASSAGE, "\nSee {contra}`flagg` first {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: {contra} link to unknown contraindication id "
        "'flagg' (did you mean 'flag'?) [handbook.unknown-contraindication]",
    ),
    Case(
        "contraindication list nested in a list",
        edit(MASSAGE, CONTRAINDICATIONS, "contraindications: [[flare, flag]]\n"),
        "techniques/massage.md:4: WARNING: 'contraindications' entry ['flare', 'flag'] is "
        "neither an id nor 'id: how it applies' [handbook.contraindication-field]",
    ),
    Case(
        "contraindication listed twice",
        edit(MASSAGE, "  - flag\n", "  - flag\n  - flag\n"),
        "techniques/massage.md:4: WARNING: contraindication 'flag' is listed twice "
        "[handbook.duplicate-contraindication]",
    ),
    Case(
        "contraindication declared that is a page of another type",
        edit(MASSAGE, "  - flag\n", "  - flag\n  - home\n"),
        "techniques/massage.md:4: WARNING: 'home': a reference page (index), not a "
        "contraindication [handbook.wrong-type]",
    ),
    Case(
        "contraindication link to a page of another type",
        append(MASSAGE, "\nSee {contra}`intake` {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: {contra} link to 'intake': a stage page "
        "(stages/first/intake), not a contraindication [handbook.wrong-type]",
    ),
    Case(
        "orphan contraindication",
        write("contraindications/lonely.md", LONELY),
        "contraindications/lonely.md:3: WARNING: orphan contraindication 'lonely': no "
        "technique or stage page declares it [handbook.orphan-contraindication]",
    ),
    Case(
        "unknown contraindication kind",
        edit(FLAG, "kind: red-flag", "kind: urgent"),
        "contraindications/flag.md:4: WARNING: contraindication kind 'urgent' is not one of "
        "red-flag, absolute, relative [handbook.contraindication-field]",
    ),
    Case(
        "contraindication without signs",
        edit(FLAG, "signs: [sudden numbness, loss of bladder control]\n", ""),
        "contraindications/flag.md:3: WARNING: contraindication page declares no signs: add "
        "'signs: [...]' (what to look for) [handbook.contraindication-field]",
    ),
    Case(
        "unknown action",
        edit(FLAG, "action: [stop, emergency]", "action: [stop, panic]"),
        "contraindications/flag.md:6: WARNING: contraindication action must be a list of "
        "stop, stop-stroke, adapt, postpone, refer, see-doctor, emergency; unknown: panic "
        "[handbook.contraindication-field]",
    ),
    Case(
        "unlinked mention of a contraindication",
        append(MASSAGE, "\nWatch for a warning sign {cite:p}`src`.\n"),
        "techniques/massage.md:15: WARNING: unlinked mention of 'warning sign': link the "
        "contraindication page with {contra}`flag` [handbook.unlinked-mention]",
    ),
    # --- claims and sources
    Case(
        "uncited sentence",
        append(MASSAGE, "\nMassage cures everything.\n"),
        f'techniques/massage.md:15: WARNING: uncited claim: "Massage cures everything." '
        f"{CITE_HELP} [handbook.uncited]",
    ),
    Case(
        "huge page (1 MB)",
        write("extra.md", huge_page()),
        f'extra.md:5208: WARNING: uncited claim: "The very last sentence has no source." '
        f"{CITE_HELP} [handbook.uncited]",
    ),
    Case(
        "page with only a title",
        write("extra.md", page("")),
        "extra.md:1: WARNING: page has no claims: add cited text, or mark editorial text with "
        "an editorial-note [handbook.no-claims]",
    ),
    Case(
        "exemption without a reason",
        append(MASSAGE, "\n```{editorial-note}\nNot a claim.\n```\n"),
        "techniques/massage.md:15: WARNING: editorial-note without a reason: give one as its "
        "argument, e.g. ```{editorial-note} How to use this page; not clinical advice. "
        "[handbook.exemption-reason]",
    ),
    Case(
        "unknown citation key",
        append(MASSAGE, "\nA claim with a mistyped key {cite:p}`srcc`.\n"),
        'techniques/massage.md:15: WARNING: could not find bibtex key "srcc" '
        "[bibtex.key_not_found]",
    ),
    Case(
        "BibTeX syntax error",
        append("refs.bib", "\n@misc{broken,\n  title = {never closed,\n"),
        "refs.bib:10: WARNING: BibTeX syntax error: premature end of file (the entry "
        "'broken' is skipped) [handbook.bibfile]",
    ),
    Case(
        "repeated BibTeX key",
        append("refs.bib", "\n@misc{src,\n  title = {Again},\n}\n"),
        "refs.bib:9: WARNING: BibTeX repeated bibliography entry: src (the second entry is "
        "skipped) [handbook.bibfile]",
    ),
    Case(
        "BibTeX file that is not UTF-8",
        edit_bytes("refs.bib", b"A test source", b"A caf\xe9 source"),
        "refs.bib:3: WARNING: byte 0xe9 is not valid UTF-8 (invalid continuation byte): save "
        "the file as UTF-8 (the bad bytes are read as \N{REPLACEMENT CHARACTER}) "
        "[handbook.bibfile]",
    ),
    Case(
        "unknown evidence level",
        edit("refs.bib", "{guideline}", "{anecdote}"),
        "refs.bib:1: WARNING: bibliography entry 'src' has unknown evidence 'anecdote' (use "
        f"one of: {LEVELS}) [handbook.evidence-field]",
    ),
    Case(
        "missing evidence field",
        edit("refs.bib", "  evidence   = {guideline},\n", ""),
        "refs.bib:1: WARNING: bibliography entry 'src' has no evidence field (use one of: "
        f"{LEVELS}) [handbook.evidence-field]",
    ),
    # --- source pages and their facts
    Case(
        "a figure that no recorded fact holds",
        edit(MASSAGE, "Massage is a technique", "Massage is a technique used in 12 sessions"),
        'techniques/massage.md:11: WARNING: figure "12" is in no recorded fact of src: '
        '"Massage is a technique used in 12 sessions." (record it, with the source\'s words, '
        "on its source page, or correct the figure) [handbook.figure]",
    ),
    Case(
        "a quotation that no recorded quote holds",
        edit(MASSAGE, "Massage is a technique", 'Massage is "a proven cure"'),
        'techniques/massage.md:11: WARNING: quotation "a proven cure" is in no recorded quote '
        "of src: quote the source's words exactly as its source page records them, or do not "
        "put the text in quotation marks [handbook.quotation]",
    ),
    Case(
        "a cited source without a source page",
        edits(
            lambda srcdir: (srcdir / "sources" / "src.md").unlink(),
            edit("index.md", "sources/src\n", ""),
        ),
        "refs.bib:1: WARNING: bibliography entry 'src' has no source page: add a page with "
        "'type: source' and 'id: src' (in sources/) that records its facts "
        "[handbook.source-page]",
    ),
    Case(
        "a fact without a quote",
        edit("sources/src.md", ":quote: The test source says massage is a test.\n", ""),
        "sources/src.md:10: WARNING: fact 1 has no quote: give the source's own words as "
        ":quote: (or, where the editors' verified list has no verbatim quote, its wording "
        "as :record:) [handbook.fact]",
    ),
    Case(
        "bibliography entry that nothing cites",
        append(
            "refs.bib",
            "\n@misc{spare,\n  title = {Spare},\n  year = {2021},\n"
            "  evidence = {guideline},\n  directness = {direct},\n}\n",
        ),
        "refs.bib:9: WARNING: bibliography entry 'spare' is not cited on any page (cite it or "
        "remove it) [handbook.unused-source]",
    ),
    # --- review dates (switched on for stage pages)
    Case(
        "page without a review",
        reviewed("stage"),
        "stages/first/intake.md:3: WARNING: stage page has no 'last-reviewed: YYYY-MM-DD' or "
        "'reviewer:' in its front matter [handbook.review-date]",
    ),
    Case(
        "review without a reviewer",
        edits(
            reviewed("stage"),
            edit(INTAKE, "id: intake\n", "id: intake\nlast-reviewed: 2026-01-15\n"),
        ),
        "stages/first/intake.md:3: WARNING: stage page has no 'reviewer:' in its front matter "
        "[handbook.review-date]",
    ),
    Case(
        "review date in another format",
        edits(
            reviewed("stage"),
            edit(INTAKE, "id: intake\n", "id: intake\nlast-reviewed: 23/11/2025\nreviewer: A\n"),
        ),
        "stages/first/intake.md:4: WARNING: 'last-reviewed' must be a date written "
        "YYYY-MM-DD, not '23/11/2025' [handbook.review-date]",
    ),
    Case(
        "page overdue for review",
        edits(
            reviewed("stage"),
            edit(INTAKE, "id: intake\n", "id: intake\nlast-reviewed: 2020-01-15\nreviewer: A\n"),
        ),
        "stages/first/intake.md:4: WARNING: page is overdue for review: last reviewed "
        "2020-01-15, more than 3 years before 2026-06-01 [handbook.review-overdue]",
    ),
    # --- configuration
    Case(
        "script from another host",
        append("conf.py", 'html_js_files = ["https://cdn.example.org/tracker.js"]\n'),
        # offline.py names the first page written, not conf.py, which has no line to give.
        "bibliography.md: WARNING: page 'bibliography' would load a script from another host: "
        "https://cdn.example.org/tracker.js (ship it locally through html_static_path) "
        "[handbook.offline]",
    ),
]

#: Messages without a line number, and why none exists.
WITHOUT_A_LINE = {
    "page in no toctree": "the page is fine; what is missing is a toctree entry elsewhere",
    "script from another host": "the setting is in conf.py, read as Python, not by line",
}
#: Handbook subtypes no authoring mistake can produce.
NOT_AN_AUTHORING_MISTAKE = {
    "checker-error": "the checker itself failed (an internal error, an unwritable claims.json)",
}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_one_clear_message(tmp_path: Path, case: Case) -> None:
    srcdir = copy_root(tmp_path, BASE)
    case.breaks(srcdir)
    result = build(srcdir, warningiserror=True)  # an uncaught exception would fail here
    assert "Traceback" not in result.warnings + result.status
    # Every line of the warning stream counts, whoever wrote it.
    assert sorted(result.warning_lines()) == sorted([case.message, *case.extra])
    assert result.app.statuscode == 1  # -W fails the build
    outdir = result.outdir
    for written in ("index.html", "contraindications/flag.html", "views.html"):
        assert (outdir / written).is_file(), written  # the rest still builds


_LINE = re.compile(
    r"^(?P<file>[\w./-]+?)(?::(?P<line>\d+))?: (?:WARNING|ERROR): .+ \[[\w-]+\.[\w-]+\]$"
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_message_names_file_line_and_type(case: Case) -> None:
    match = _LINE.match(case.message)
    assert match, case.message
    assert (match["line"] is None) == (case.name in WITHOUT_A_LINE), case.message


def test_the_catalogue_covers_every_handbook_warning() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
    subtypes = emitted_subtypes()
    produced = {
        tag.removeprefix("handbook.")
        for case in CASES
        for tag in re.findall(r"\[(handbook\.[\w-]+)\]$", case.message)
    }
    assert produced <= subtypes, produced - subtypes  # a case names a subtype that does not exist
    assert set(NOT_AN_AUTHORING_MISTAKE) <= subtypes
    missing = subtypes - produced - set(NOT_AN_AUTHORING_MISTAKE)
    assert not missing, f"no case of the catalogue produces handbook.{sorted(missing)}"
