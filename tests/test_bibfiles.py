"""A BibTeX error is one warning with file and line; the entry is left out; the rest builds."""

from __future__ import annotations

from pathlib import Path

from root_build import Build, add_source_page, build, copy_root

BROKEN = (
    "refs.bib:12: WARNING: BibTeX syntax error: premature end of file "
    "(the entry 'broken' is skipped) [handbook.bibfile]"
)

#: A well-formed entry, cited from the page: it must survive whatever breaks before it.
LATER = (
    "@misc{later,\n  title = {A later entry},\n  year = {2022},\n"
    "  evidence = {guideline},\n  directness = {direct},\n}\n"
)


def entries(result: Build) -> list[str]:
    return list(result.app.env.get_domain("cite").data["bibdata"].data.entries)


def test_a_syntax_error_is_the_only_warning_of_the_build(tmp_path: Path) -> None:
    result = build(copy_root(tmp_path, "bibfile-broken"))  # a traceback would raise here
    # Not four: the half-read entry is not also reported for its missing fields, or uncited.
    assert result.warning_lines() == [BROKEN]
    assert entries(result) == ["good"]
    page = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert "The page still builds" in page
    assert "A well-formed entry" in page  # the good entry survives
    assert "never closed" not in page  # and the broken one is not listed


def test_a_build_that_keeps_the_parse_still_reports_it(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "bibfile-broken")
    build(srcdir)
    again = build(srcdir)  # sphinxcontrib-bibtex keeps its parse: the file did not change
    assert "checking bibtex cache... up to date" in again.status
    assert again.warning_lines() == [BROKEN]
    assert entries(again) == ["good"]


def broken_project(tmp_path: Path, bib: str) -> Path:
    """contra-ok with ``bib`` and then :data:`LATER` appended to its bibliography."""
    srcdir = copy_root(tmp_path, "contra-ok")
    with (srcdir / "refs.bib").open("a", encoding="utf-8") as file:
        file.write(bib + "\n" + LATER)
    page = srcdir / "techniques" / "massage.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA later source agrees {cite:p}`later`.\n",
        encoding="utf-8",
    )
    add_source_page(srcdir, "later")
    return srcdir


def test_a_syntax_error_mid_file_loses_only_its_entry(tmp_path: Path) -> None:
    # refs.bib has 7 lines; the broken entry starts at line 9 and lacks a comma at line 10.
    result = build(
        broken_project(tmp_path, "\n@misc{broken,\n  title = {Broken}\n  year = 2021,\n}\n")
    )
    assert result.warning_lines() == [
        "refs.bib:11: WARNING: BibTeX syntax error: '}' expected "
        "(the entry 'broken' is skipped) [handbook.bibfile]"
    ]
    assert entries(result) == ["src", "later"]


def test_an_entry_without_a_key_leaves_no_made_up_entry(tmp_path: Path) -> None:
    result = build(broken_project(tmp_path, "\n@misc{,\n  title = {No key},\n}\n"))
    assert result.warning_lines() == [
        "refs.bib:9: WARNING: BibTeX syntax error: entry key expected "
        "(the entry is skipped) [handbook.bibfile]"
    ]
    assert entries(result) == ["src", "later"]  # no "unnamed-1"


def test_a_repeated_key_keeps_the_first_entry_and_the_rest_of_the_file(tmp_path: Path) -> None:
    result = build(broken_project(tmp_path, "\n@misc{src,\n  title = {Again},\n}\n"))
    assert result.warning_lines() == [
        "refs.bib:9: WARNING: BibTeX repeated bibliography entry: src "
        "(the second entry is skipped) [handbook.bibfile]"
    ]
    assert entries(result) == ["src", "later"]


def test_a_duplicate_field_keeps_the_first_value(tmp_path: Path) -> None:
    result = build(
        broken_project(
            tmp_path,
            "\n@misc{twice,\n  title = {First},\n  title = {Second},\n  year = {2021},\n"
            "  evidence = {guideline},\n  directness = {direct},\n}\n",
        )
    )
    lines = result.warning_lines()
    assert (
        "refs.bib:9: WARNING: BibTeX entry with key twice has a duplicate title field "
        "(the first value is kept) [handbook.bibfile]"
    ) in lines
    assert [line for line in lines if "[handbook.bibfile]" in line] == lines[:1]


def test_a_bibfile_that_is_not_utf8_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    srcdir = broken_project(tmp_path, "")
    bib = srcdir / "refs.bib"
    bib.write_bytes(bib.read_bytes().replace(b"A later entry", b"A caf\xe9 entry"))
    result = build(srcdir)  # sphinxcontrib-bibtex would raise on the byte
    assert result.warning_lines() == [
        "refs.bib:10: WARNING: byte 0xe9 is not valid UTF-8 (invalid continuation byte): "
        "save the file as UTF-8 (the bad bytes are read as \ufffd) [handbook.bibfile]"
    ]
    assert entries(result) == ["src", "later"]
