"""Typed pages and contraindications, each check built as one edit of the base project.

``tests/roots/test-contra-ok`` has every feature and no problem. Each check
below makes one kind of mistake in a fresh copy of it (:data:`CHECKS`) and
asserts every warning of the build: text, file and line. Single mistakes of
every kind are also in the bad-input catalogue (``test_bad_input.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from root_build import BASE, Edit, append, build, copy_root, edit, edits, write

MASSAGE = "techniques/massage.md"
FLAG = "contraindications/flag.md"
CONTRAINDICATIONS = "contraindications:\n  - flare: postpone deep work until it settles\n  - flag\n"
TYPES = "background, chapter, contraindication, reference, review, source, stage, technique"


def base_root(tmp_path: Path, change: Edit | None = None) -> Path:
    """A fresh copy of the base project, with ``change`` made."""
    srcdir = copy_root(tmp_path, BASE)
    if change is not None:
        change(srcdir)
    return srcdir


def stage(folder: str, page_id: str, text: str) -> Edit:
    return write(
        f"{folder}/{page_id}.md",
        f"---\ntype: stage\nid: {page_id}\ncontraindications: [flag]\n---\n\n"
        f"# {page_id.title()}\n\n{text} {{cite:p}}`src`.\n",
    )


UNLINKED_MENTIONS = """
Stop at once if the client shows a flag condition {cite:p}`src`.
A Warning Sign needs the same care {cite:p}`src`.

A linked {contra}`flag` is fine, and so is
{doc}`a flag condition <../contraindications/flag>` {cite:p}`src`.

Flagging, flagged and warnings signal nothing here {cite:p}`src`.

## Flag condition in a heading is fine

Headings are not checked {cite:p}`src`.
"""

# --- one edit of the base project per check ----------------------------------------
#: check -> (the mistake, every warning it gives).
CHECKS: dict[str, tuple[Edit, list[str]]] = {
    "unknown-id": (
        edits(
            edit(MASSAGE, CONTRAINDICATIONS, "contraindications: [flag, flare, flga]\n"),
            append(MASSAGE, "\nSee {contra}`no-such-page` {cite:p}`src`.\n"),
        ),
        [
            "techniques/massage.md:4: WARNING: unknown contraindication id 'flga' "
            "(did you mean 'flag'?) [handbook.unknown-contraindication]",
            "techniques/massage.md:13: WARNING: {contra} link to unknown contraindication id "
            "'no-such-page' [handbook.unknown-contraindication]",
        ],
    ),
    "orphan": (
        write(
            "contraindications/lonely.md",
            "---\ntype: contraindication\nid: lonely\nkind: absolute\nsigns: [fever]\n"
            "action: [stop, refer]\n---\n\n# Lonely condition\n\n"
            "Nothing declares this page {cite:p}`src`.\n",
        ),
        [
            "contraindications/lonely.md:3: WARNING: orphan contraindication 'lonely': no "
            "technique or stage page declares it [handbook.orphan-contraindication]",
        ],
    ),
    "no-contraindications": (
        edit(MASSAGE, CONTRAINDICATIONS, "contraindications: []\n"),
        [
            "techniques/massage.md:2: WARNING: technique page declares no contraindications: "
            "add 'contraindications: [...]' to its front matter [handbook.no-contraindications]",
        ],
    ),
    "unlinked-mention": (
        append(MASSAGE, UNLINKED_MENTIONS),
        [
            "techniques/massage.md:15: WARNING: unlinked mention of 'flag condition': link the "
            "contraindication page with {contra}`flag` [handbook.unlinked-mention]",
            "techniques/massage.md:16: WARNING: unlinked mention of 'Warning Sign': link the "
            "contraindication page with {contra}`flag` [handbook.unlinked-mention]",
        ],
    ),
    "wrong-type": (
        edits(
            edit(MASSAGE, CONTRAINDICATIONS, "contraindications: [flag, flare, home]\n"),
            append(MASSAGE, "\nSee {contra}`massage` {cite:p}`src`.\n"),
        ),
        [
            "techniques/massage.md:4: WARNING: 'home': a reference page (index), not a "
            "contraindication [handbook.wrong-type]",
            "techniques/massage.md:13: WARNING: {contra} link to 'massage': a technique page "
            "(techniques/massage), not a contraindication [handbook.wrong-type]",
        ],
    ),
    "duplicate-id": (
        write(
            "techniques/other.md",
            "---\ntype: technique\nid: massage\ncontraindications: [flag]\n---\n\n"
            "# Other massage\n\nAnother technique {cite:p}`src`.\n",
        ),
        [
            "techniques/other.md:3: WARNING: duplicate page id 'massage': also declared by "
            "techniques/massage.md:3 [handbook.duplicate-id]",
        ],
    ),
    "folder": (
        edits(
            stage("techniques", "lost", "A stage in the wrong folder"),
            write(
                "techniques/about.md",
                "---\ntype: background\nid: about\n---\n\n# About\n\nBackground {cite:p}`src`.\n",
            ),
        ),
        [
            "techniques/about.md:2: WARNING: pages in techniques/ must have the type "
            "'technique', not 'background' [handbook.folder]",
            "techniques/lost.md:2: WARNING: a page of type 'stage' belongs in stages/, not in "
            "techniques/ [handbook.folder]",
        ],
    ),
    "listed-twice": (
        edit(MASSAGE, CONTRAINDICATIONS, "contraindications: [flag, flare, flag]\n"),
        [
            "techniques/massage.md:4: WARNING: contraindication 'flag' is listed twice "
            "[handbook.duplicate-contraindication]",
        ],
    ),
    "fields": (
        edits(
            edit(FLAG, "kind: red-flag", "kind: urgent"),
            edit(FLAG, "signs: [sudden numbness, loss of bladder control]\n", ""),
            edit(FLAG, "action: [stop, emergency]", "action: [stop, panic]"),
        ),
        [
            "contraindications/flag.md:4: WARNING: contraindication kind 'urgent' is not one of "
            "red-flag, absolute, relative [handbook.contraindication-field]",
            "contraindications/flag.md:3: WARNING: contraindication page declares no signs: add "
            "'signs: [...]' (what to look for) [handbook.contraindication-field]",
            "contraindications/flag.md:5: WARNING: contraindication action must be a list of "
            "stop, stop-stroke, adapt, postpone, refer, see-doctor, emergency; unknown: panic "
            "[handbook.contraindication-field]",
        ],
    ),
    "urgency": (
        edits(
            edit(FLAG, "action: [stop, emergency]", "action: [stop, see-doctor]"),
            edit(
                "contraindications/flare.md",
                "kind: relative\n",
                "kind: relative\nurgency: today\n",
            ),
        ),
        [
            "contraindications/flag.md:4: WARNING: a red flag must say how soon the client "
            "needs care: add 'urgency: <emergency | same-day | soon>' "
            "[handbook.contraindication-field]",
            "contraindications/flare.md:5: WARNING: contraindication urgency 'today' is not one "
            "of emergency | same-day | soon [handbook.contraindication-field]",
        ],
    ),
    "urgency-agrees": (
        edits(
            edit(FLAG, "action: [stop, emergency]", "action: [stop]\nurgency: soon"),
            edit(
                "contraindications/flare.md", "kind: relative\n", "kind: relative\nurgency: soon\n"
            ),
        ),
        [
            "contraindications/flag.md:6: WARNING: a red flag must send the client on: add "
            "'emergency' or 'see-doctor' to its action [handbook.contraindication-field]",
            "contraindications/flare.md:5: WARNING: only a red flag has an urgency: remove "
            "'urgency', or make the kind red-flag [handbook.contraindication-field]",
        ],
    ),
    "escalate": (
        edit(FLAG, "action: [stop, emergency]", "action: [stop, emergency]\nescalate: [later]"),
        [
            "contraindications/flag.md:7: WARNING: 'escalate' says when a red flag that is not "
            "an emergency becomes one: it needs urgency same-day or soon "
            "[handbook.contraindication-field]",
        ],
    ),
    "page-types": (
        edits(
            edit("index.md", "---\ntype: reference\nid: home\n---\n", ""),
            edit(MASSAGE, "type: technique\nid: massage", "type: tecnique\nid: Massage Page"),
        ),
        [
            f"index.md:1: WARNING: page declares no type and no id: add 'type: <one of {TYPES}>' "
            "and 'id: <stable-id>' to its front matter [handbook.page-type]",
            "techniques/massage.md:2: WARNING: unknown page type 'tecnique' (expected one of "
            f"{TYPES}) [handbook.page-type]",
            "techniques/massage.md:3: WARNING: page id 'Massage Page' is not a "
            "lowercase-hyphenated id such as 'swedish-massage' [handbook.page-id]",
        ],
    ),
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_each_check_names_file_and_line(tmp_path: Path, check: str) -> None:
    change, expected = CHECKS[check]
    assert build(base_root(tmp_path, change)).warning_lines() == expected


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_every_check_fails_a_strict_build(tmp_path: Path, check: str) -> None:
    change, expected = CHECKS[check]
    strict = build(base_root(tmp_path, change), "dummy", warningiserror=True)  # make check
    assert strict.app.statuscode == 1
    assert strict.warning_lines() == expected  # what an HTML build reports, no more


def test_the_base_project_is_clean(tmp_path: Path) -> None:
    strict = build(base_root(tmp_path), "dummy", warningiserror=True)
    assert (strict.warnings, strict.app.statuscode) == ("", 0)


# --- the generated views, in every format -----------------------------------------
@pytest.fixture(scope="module")
def ok_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outdirs = {}
    for buildername in ("html", "latex", "text"):
        result = build(base_root(tmp_path_factory.mktemp(buildername)), buildername)
        assert result.warnings == "", result.warnings
        outdirs[buildername] = result.outdir
    return outdirs


def test_box_lists_red_flags_first_with_links(ok_builds: dict[str, Path]) -> None:
    page = (ok_builds["html"] / "techniques" / "massage.html").read_text(encoding="utf-8")
    box = page[page.index("contraindication-box") :]
    red, relative = box.index("RED FLAG"), box.index("Relative")
    assert red < relative  # declared second, shown first
    assert 'href="../contraindications/flag.html"' in box[:relative]
    assert 'class="contraindication-red-flag"' in box
    assert "postpone deep work until it settles" in box
    assert page.index("contraindication-box") < page.index("Massage is a technique")


def test_contraindication_page_lists_where_it_applies(ok_builds: dict[str, Path]) -> None:
    page = (ok_builds["html"] / "contraindications" / "flag.html").read_text(encoding="utf-8")
    applies = page[page.index("Applies to") :]
    assert re.search(r'Technique: <a [^>]*href="../techniques/massage.html"', applies)
    assert re.search(r'Stage: <a [^>]*href="../stages/first/intake.html"', applies)


def test_matrix_and_card_in_html(ok_builds: dict[str, Path]) -> None:
    page = (ok_builds["html"] / "views.html").read_text(encoding="utf-8")
    matrix = page[page.index('<table class="handbook-generated contraindication-matrix') :]
    # One column for every red flag; a symbol per kind, so greyscale loses nothing.
    assert "<p>\u25a0 Stop: all 1</p>" in matrix
    assert "\u25a0 Red flags</p></th>" in matrix and "\u25b2 Acute flare-up</p></th>" in matrix
    assert "<p>\u25b2 postpone deep work until it settles</p>" in matrix
    assert "<p>\u2013</p>" in matrix  # intake does not list the flare-up
    card = page[page.index("red-flag-card") : page.index("screening-form")]
    assert "sudden numbness; loss of bladder control" in card
    assert "Acute flare-up" not in card  # only red flags


def test_red_flags_say_how_soon_and_the_most_urgent_come_first(tmp_path: Path) -> None:
    second_flag = (
        "---\ntype: contraindication\nid: slow-flag\nkind: red-flag\n"
        "signs: [fever with back pain]\naction: [stop, see-doctor]\nurgency: same-day\n"
        "escalate: [the client is very unwell]\n"
        "synonyms: []\n---\n\n# A slow flag\n\nA slow flag needs a doctor today {cite:p}`src`.\n"
    )
    change = edits(
        write("contraindications/slow-flag.md", second_flag),
        edit(MASSAGE, "contraindications:\n", "contraindications:\n  - slow-flag\n"),
    )
    result = build(base_root(tmp_path, change))
    assert result.warnings == "", result.warnings
    views = (result.outdir / "views.html").read_text(encoding="utf-8")
    card = views[views.index("red-flag-card") : views.index("screening-form")]
    # The banner says "stop" once; each row says where to send, and when it is an emergency.
    assert (
        "Send for medical assessment today; "
        "send to emergency care now instead if the client is very unwell" in card
    )
    steps = views[views.index("red-flag-steps") : views.index("red-flag-card")]
    assert "STOP if the client has any sign below." in steps
    emergency = steps[steps.index("Send to emergency care now") : steps.index("today")]
    assert "Flag condition" in emergency and "the client is very unwell" in emergency
    # Emergency before same-day, although "A slow flag" sorts first by title.
    assert card.index("Flag condition") < card.index("A slow flag")
    massage = (result.outdir / "techniques" / "massage.html").read_text(encoding="utf-8")
    box = massage[massage.index("contraindication-box") :]
    assert box.index("Flag condition") < box.index("A slow flag") < box.index("Relative")


def test_views_in_latex(ok_builds: dict[str, Path]) -> None:
    (tex,) = ok_builds["latex"].glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\DUrole{handbook-redflag}{\sphinxstylestrong{RED FLAG}}" in text
    # The card's STOP banner and steps print in a heavy frame.
    assert r"\newenvironment{sphinxclassred-flag-steps}" in text
    assert r"\begin{sphinxuseclass}{red-flag-steps}" in text
    assert "Applies to" in text
    assert "sudden numbness; loss of bladder control" in text  # the card
    assert "\u25b2 postpone deep work until it settles" in text  # the matrix
    assert "\\DeclareUnicodeCharacter{25B2}" in text  # which pdfLaTeX can print


def test_views_in_text(ok_builds: dict[str, Path]) -> None:
    massage = (ok_builds["text"] / "techniques" / "massage.txt").read_text(encoding="utf-8")
    assert "**RED FLAG**: Flag condition - stop the session" in massage
    views = (ok_builds["text"] / "views.txt").read_text(encoding="utf-8")
    assert "| Flag condition " in views and "\u25b2 postpone deep work" in views


def test_screening_form_in_every_format(ok_builds: dict[str, Path]) -> None:
    html = (ok_builds["html"] / "views.html").read_text(encoding="utf-8")
    form = html[html.index('<table class="handbook-generated screening-form') :]
    assert form.index("Flag condition") < form.index("Acute flare-up")  # red flags first
    # Yes and No of one question are one radio group: they cannot both be ticked.
    assert '<input type="radio" name="screen-flag" aria-label="Yes: Flag condition" />' in form
    assert '<input type="radio" name="screen-flare" aria-label="No: Acute flare-up" />' in form
    assert "sudden numbness; loss of bladder control?" in form
    assert "stop the session; send to emergency care now" in form
    (tex,) = ok_builds["latex"].glob("*.tex")
    assert r"$\square$" in tex.read_text(encoding="utf-8")
    text = (ok_builds["text"] / "views.txt").read_text(encoding="utf-8")
    assert "| [ ] " in text


def test_new_contraindication_page_joins_the_form(tmp_path: Path) -> None:
    srcdir = base_root(tmp_path)
    build(srcdir)
    (srcdir / "contraindications" / "fever.md").write_text(
        "---\ntype: contraindication\nid: fever\nkind: absolute\n"
        "signs: [a temperature above normal]\naction: [postpone]\nsynonyms: []\n---\n\n"
        "# Fever\n\nA fever is a reason to postpone {cite:p}`src`.\n",
        encoding="utf-8",
    )
    build(srcdir)  # incremental: only the new page is read
    views = (srcdir / "_build" / "html" / "views.html").read_text(encoding="utf-8")
    assert "a temperature above normal?" in views
    assert '<input type="radio" name="screen-fever" aria-label="Yes: Fever" />' in views


# --- incremental and parallel builds ---------------------------------------------
def test_changed_contraindication_updates_the_pages_that_show_it(tmp_path: Path) -> None:
    srcdir = base_root(tmp_path)
    build(srcdir)
    flag = srcdir / "contraindications" / "flag.md"
    flag.write_text(
        flag.read_text(encoding="utf-8").replace("# Flag condition", "# Renamed condition"),
        encoding="utf-8",
    )
    rebuilt = build(srcdir)
    warnings, status = rebuilt.warnings, rebuilt.status
    assert warnings == ""
    assert "reading sources... [100%] contraindications/flag" in status  # incremental
    html = srcdir / "_build" / "html"
    assert "Renamed condition" in (html / "techniques" / "massage.html").read_text("utf-8")
    assert "Renamed condition" in (html / "stages" / "first" / "intake.html").read_text("utf-8")
    assert "Renamed condition" in (html / "views.html").read_text("utf-8")


def test_incremental_build_reports_what_a_fresh_build_does(tmp_path: Path) -> None:
    srcdir = base_root(tmp_path)
    massage = srcdir / "techniques" / "massage.md"
    original = massage.read_text(encoding="utf-8")
    build(srcdir)
    massage.write_text(original.replace("  - flag\n", ""), encoding="utf-8")
    warnings = build(srcdir).warnings  # only massage is read again; intake still declares flag
    assert warnings == ""
    stage = srcdir / "stages" / "first" / "intake.md"
    stage.write_text(stage.read_text("utf-8").replace("[flag]", "[flare]"), encoding="utf-8")
    warnings = build(srcdir).warnings
    assert "orphan contraindication 'flag'" in warnings
    again = build(srcdir).warnings  # nothing changed: still reported
    assert "orphan contraindication 'flag'" in again
    page = (srcdir / "_build" / "html" / "contraindications" / "flag.html").read_text("utf-8")
    assert "No technique or stage page declares this contraindication." in page


def test_parallel_build_gives_the_same_warnings(tmp_path: Path) -> None:
    change, expected = CHECKS["unlinked-mention"]
    parallel = build(base_root(tmp_path, change), parallel=2)
    assert parallel.warning_lines() == expected  # the serial build's, above


def test_a_contraindication_link_reads_as_prose_not_code(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "contra-ok")
    page = srcdir / "techniques" / "massage.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nWatch for {contra}`a flare of pain <flare>` as well {cite:p}`src`.\n",
        encoding="utf-8",
    )
    result = build(srcdir)
    html = (result.outdir / "techniques" / "massage.html").read_text(encoding="utf-8")
    (paragraph,) = [p for p in html.split("<p>") if "a flare of pain" in p]
    assert "<code" not in paragraph.split("</p>", 1)[0]
    tex = build(srcdir, "latex")
    text = next(tex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxcode{\sphinxupquote{a flare of pain}}" not in text
    assert "a flare of pain" in text


def test_the_index_sends_a_reader_to_the_page_itself(ok_builds: dict[str, Path]) -> None:
    """A contraindication's title and synonyms, and a technique's title, are main index
    entries of their own page (the glossary's entry for a term comes after)."""
    index = (ok_builds["html"] / "genindex.html").read_text(encoding="utf-8")
    for word, page in (
        ("flag condition", "contraindications/flag.html"),
        ("warning sign", "contraindications/flag.html"),
        ("massage", "techniques/massage.html"),
    ):
        assert re.search(rf'<a href="{page}#index-page-[\w-]+"><strong>{word}</strong></a>', index)
    (tex,) = ok_builds["latex"].glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\index{flag condition@\spxentry{flag condition}|spxpagem}" in text
    assert r"\protected\def\sphinxstyleindexentry#1{#1}" in text  # not in typewriter


def test_views_without_any_contraindication_page_say_so(tmp_path: Path) -> None:
    """No traceback when a handbook has no contraindication page yet: each view says so."""

    def no_contraindications(srcdir: Path) -> None:
        for name in ("flag", "flare"):
            (srcdir / "contraindications" / f"{name}.md").unlink()
            edit("index.md", f"contraindications/{name}\n", "")(srcdir)
        edit(MASSAGE, CONTRAINDICATIONS, "")(srcdir)
        edit("stages/first/intake.md", "contraindications: [flag]\n", "")(srcdir)

    result = build(base_root(tmp_path, no_contraindications))
    assert "Traceback" not in result.warnings and "Exception" not in result.warnings
    views = (result.outdir / "views.html").read_text(encoding="utf-8")
    assert "No contraindication pages yet." in views
    assert "No red flags declared." in views


def test_the_card_keeps_the_capitals_of_a_flags_own_words(tmp_path: Path) -> None:
    """Only the first letter of a row is raised; "CES" stays "CES" (str.capitalize
    would print "ces")."""
    change = edit(
        FLAG,
        "action: [stop, emergency]",
        "action: [stop, see-doctor]\nurgency: same-day\nescalate: [CES signs appear]",
    )
    result = build(base_root(tmp_path, change))
    views = (result.outdir / "views.html").read_text(encoding="utf-8")
    card = views[views.index("red-flag-card") : views.index("screening-form")]
    assert "send to emergency care now instead if CES signs appear" in card
