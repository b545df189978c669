"""The handbook as an EPUB 3 book: EPUBCheck finds no error, and no text is lost.

The book is built once per module, as ``make epub`` builds it. The EPUBCheck
test needs Debian's ``epubcheck`` (``make epub-deps``): without it the test
skips locally and fails in CI (``CI`` or ``HANDBOOK_REQUIRE_EPUB`` set).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbook_build import Build, build_handbook
from pdf_text import letters_and_digits, missing_fragments, text_fragments

from clinical_handbook.epub import declare_svg_pages, with_svg_namespace, without_has_rules

EPUBCHECK_HINT = "EPUBCheck is not installed: run `make epub-deps` (Debian's epubcheck)"


def epubcheck_command() -> list[str]:
    """Debian's ``/usr/bin/epubcheck`` is the jar itself, run through binfmt
    (jarwrapper), which a container may not have: run the jar with Java then."""
    program = shutil.which("epubcheck")
    if program is None:
        if os.environ.get("CI") or os.environ.get("HANDBOOK_REQUIRE_EPUB"):
            pytest.fail(f"{EPUBCHECK_HINT}; CI requires the EPUB test to run")
        pytest.skip(EPUBCHECK_HINT)
    jar = Path(program).resolve()
    if jar.suffix == ".jar":
        return [shutil.which("java") or "java", "-jar", str(jar)]
    return [program]


@pytest.fixture(scope="module")
def epub_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_handbook(tmp_path_factory.mktemp("handbook-epub"), "epub")


@pytest.fixture(scope="module")
def epub_file(epub_build: Build) -> Path:
    book = epub_build.outdir / f"{epub_build.app.config.epub_basename}.epub"
    assert book.is_file()
    return book


@pytest.fixture(scope="module")
def pages(epub_file: Path) -> dict[str, str]:
    """Every XHTML file of the book, by its path in the zip."""
    with zipfile.ZipFile(epub_file) as book:
        return {
            name: book.read(name).decode("utf-8")
            for name in book.namelist()
            if name.endswith(".xhtml")
        }


@pytest.fixture(scope="module")
def epubcheck() -> list[str]:
    return epubcheck_command()


def test_epub_builds_without_warnings(epub_build: Build) -> None:
    assert epub_build.warnings == ""


@pytest.mark.epub
def test_epubcheck_finds_no_errors(epubcheck: list[str], epub_file: Path, tmp_path: Path) -> None:
    report = tmp_path / "epubcheck.json"
    result = subprocess.run(
        [*epubcheck, str(epub_file), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert report.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    problems = [
        f"{m['severity']} {m['ID']}: {m['message']} "
        f"{[loc.get('path') for loc in m.get('locations', [])][:3]}"
        for m in messages
        if m["severity"] in {"FATAL", "ERROR"}
    ]
    assert problems == [], "\n".join(problems)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_epub_contains_the_text_of_every_page(epub_build: Build, pages: dict[str, str]) -> None:
    """The PDF test's rule: every run of a page's visible text is in the book."""
    text = letters_and_digits(
        "\n".join(BeautifulSoup(xhtml, "html.parser").get_text(" ") for xhtml in pages.values())
    )
    env = epub_build.app.env
    missing, checked = {}, 0
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        checked += sum(1 for _ in text_fragments(doctree))
        if lost := missing_fragments(doctree, text):
            missing[docname] = lost
    assert missing == {}
    assert checked > 20 * len(env.found_docs) / 2  # the comparison saw real text


def test_epub_has_a_cover_and_a_table_of_contents(epub_file: Path, pages: dict[str, str]) -> None:
    with zipfile.ZipFile(epub_file) as book:
        opf = book.read("content.opf").decode("utf-8")
        names = set(book.namelist())
    cover = re.search(r'<meta name="cover" content="([^"]+)"', opf)
    assert cover is not None
    assert re.search(rf'<item id="{cover[1]}" href="_static/handbook-cover.png"', opf)
    assert "_static/handbook-cover.png" in names
    first = re.search(r'<itemref idref="([^"]+)"', opf)
    assert first is not None
    assert re.search(rf'<item id="{first[1]}" href="epub-cover.xhtml"', opf)  # read first
    nav = BeautifulSoup(pages["nav.xhtml"], "html.parser")
    chapters = [a.get_text() for a in nav.select("nav ol > li > a")]
    for chapter in ("Background", "Contraindications and red flags", "Techniques"):
        assert any(chapter in title for title in chapters), chapters


def test_epub_needs_no_script_and_links_nowhere_outside(pages: dict[str, str]) -> None:
    for name, xhtml in pages.items():
        assert "<script" not in xhtml, name
        assert 'href="pdf/' not in xhtml and 'href="../pdf/' not in xhtml, name
        assert "handbook-print" not in xhtml, name
    front = BeautifulSoup(pages["index.xhtml"], "html.parser")
    assert "pdf/handbook.pdf" in front.select_one("ul.handbook-pdf-links").get_text()
    evidence = BeautifulSoup(pages["background/evidence.xhtml"], "html.parser")
    assert all(d.has_attr("open") for d in evidence.select("details.sd-dropdown"))


def test_epub_citations_link_to_their_source_pages(pages: dict[str, str]) -> None:
    page = BeautifulSoup(pages["techniques/swedish-massage.xhtml"], "html.parser")
    links = [a["href"] for a in page.select("span.bibtex-citation a[href]")]
    assert links, "no citation links"
    for href in links:
        target = href.split("#")[0]
        assert f"sources/{Path(target).name}" in pages, href


def test_epub_shows_the_contraindication_box_and_figures(pages: dict[str, str]) -> None:
    technique = BeautifulSoup(pages["techniques/deep-tissue-massage.xhtml"], "html.parser")
    box = technique.select_one(".contraindication-box")
    assert box is not None and "Cauda equina" in box.get_text()
    matrix = BeautifulSoup(pages["quick-reference/contraindication-matrix.xhtml"], "html.parser")
    assert matrix.select("table.contraindication-matrix tbody tr")
    form = BeautifulSoup(pages["quick-reference/screening-form.xhtml"], "html.parser")
    assert form.select("input"), "the screening form's answers"
    figures = BeautifulSoup(pages["contraindications/index.xhtml"], "html.parser")
    assert figures.select("figure.handbook-diagram svg title")
    for name, xhtml in pages.items():
        for svg in re.findall(r"<svg\b[^>]*>", xhtml):
            assert 'xmlns="http://www.w3.org/2000/svg"' in svg, name


# --- the EPUB module's pure parts ----------------------------------------------------
def test_stylesheets_lose_only_the_rules_with_has() -> None:
    css = (
        "/* head */\n.a { color: red; }\n"
        "@media screen and (min-width: 1200px) {\n"
        "  .box:has(+ .line) { float: right; }\n  .box + .line { overflow: hidden; }\n}\n"
        "html:has(section.sheet) { font-size: 8pt; }\n.b{x:y}"
    )
    out = without_has_rules(css)
    assert ":has(" not in out
    assert "/* head */\n.a { color: red; }" in out
    assert ".box + .line { overflow: hidden; }" in out and "@media screen" in out
    assert out.rstrip().endswith(".b{x:y}")
    assert without_has_rules(".a{b:c}") == ".a{b:c}"


def test_every_svg_gets_the_namespace_once() -> None:
    body = '<p><svg width="1"><path/></svg><svg xmlns="http://www.w3.org/2000/svg"></svg></p>'
    out = with_svg_namespace(body)
    assert out.count('xmlns="http://www.w3.org/2000/svg"') == 2
    assert with_svg_namespace(out) == out


def test_pages_with_svg_are_declared() -> None:
    opf = (
        '<item id="a" href="a.xhtml" media-type="application/xhtml+xml" />\n'
        '<item id="b" href="b.xhtml" media-type="application/xhtml+xml" />\n'
        '<item id="c" href="c.css" media-type="text/css" />'
    )
    out = declare_svg_pages(opf, lambda href: href in {"b.xhtml", "c.css"})
    assert 'href="a.xhtml" media-type="application/xhtml+xml" />' in out
    assert 'href="b.xhtml" media-type="application/xhtml+xml" properties="svg" />' in out
    assert 'href="c.css" media-type="text/css" />' in out
