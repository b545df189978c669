"""The real handbook builds as a PDF that loses no text (without TeX: see latex_pdf.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes
from handbook_build import Build, build_handbook
from latex_pdf import compile_pdfs, require_tex
from pdf_text import contains, letters_and_digits, missing_fragments, text_fragments
from pypdf import PdfReader


@pytest.fixture(scope="module")
def latex_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    require_tex()
    return build_handbook(tmp_path_factory.mktemp("handbook-latex"), "latex")


@pytest.fixture(scope="module")
def pdf_path(latex_build: Build) -> Path:
    result = compile_pdfs(latex_build.outdir)
    pdf = latex_build.outdir / "handbook.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stdout[-3000:] + result.stderr[-2000:]
    return pdf


@pytest.fixture(scope="module")
def pdf_reader(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.mark.pdf
def test_latex_build_has_no_warnings(latex_build: Build) -> None:
    assert latex_build.warnings == ""


@pytest.mark.pdf
def test_pdf_has_title_page_contents_and_bookmarks(pdf_reader: PdfReader) -> None:
    first_page = pdf_reader.pages[0].extract_text()
    assert "Massage Therapy for Herniated Discs" in first_page
    full_text = "\n".join(page.extract_text() for page in pdf_reader.pages[:4])
    assert "contents" in full_text.casefold()
    bookmarks = [item for item in pdf_reader.outline if not isinstance(item, list)]
    titles = [b.title for b in bookmarks]
    assert any("Background" in t for t in titles), titles


@pytest.mark.pdf
def test_pdf_has_numbered_chapters_and_an_index(pdf_reader: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in pdf_reader.pages)
    assert "CHAPTER\nONE" in text
    assert "1.1" in text  # sections are numbered too
    back_matter = "\n".join(page.extract_text() for page in pdf_reader.pages[-3:])
    assert "INDEX" in back_matter
    assert "sciatica" in back_matter  # a glossary term's index entry


@pytest.mark.pdf
def test_cross_references_show_page_numbers(latex_build: Build) -> None:
    tex = (latex_build.outdir / "handbook.tex").read_text(encoding="utf-8")
    assert r"\autopageref*{" in tex


@pytest.mark.pdf
def test_pdf_contains_the_text_of_every_page(
    latex_build: Build, pdf_reader: PdfReader, pdf_path: Path
) -> None:
    all_text = letters_and_digits(pdf_text(pdf_path))
    env = latex_build.app.env
    # A page that is the root of another PDF (the course pack) is checked in that PDF.
    roots = {
        doc[0]: letters_and_digits(pdf_text(pdf_path.parent / doc[1].replace(".tex", ".pdf")))
        for doc in latex_build.app.config.latex_documents
    }
    in_handbook = reachable(env.toctree_includes, env.config.root_doc)
    missing = {}
    checked = 0
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        checked += sum(1 for _ in text_fragments(doctree))
        expected_in = all_text if docname in in_handbook else roots.get(docname, all_text)
        lost = missing_fragments(doctree, expected_in)
        if lost:
            missing[docname] = lost
    assert missing == {}
    assert checked > 20 * len(env.found_docs) / 2  # the comparison saw real text


def test_text_comparison_can_fail() -> None:
    pdf = letters_and_digits(
        "Chapter 2. Background 17 The disc has a gel-like core. Cherkin et al."
    )
    assert contains(pdf, letters_and_digits("The disc has a gel-like core."))
    assert contains(pdf, letters_and_digits("Background The disc has"))  # across a page header
    assert not contains(pdf, letters_and_digits("The annulus fibrosus tears under load."))


def reachable(toctree_includes: dict[str, list[str]], root: str) -> set[str]:
    """Every page the toctrees reach from ``root``: the pages of that PDF."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname not in seen:
            seen.add(docname)
            stack.extend(toctree_includes.get(docname, ()))
    return seen


def pdf_text(path: Path) -> str:
    """The PDF's text without running headers and footers (page numbers, the
    section title at the foot), so a page break reads as one short gap."""
    return "\n".join(_body(page.extract_text()) for page in PdfReader(path).pages)


#: The running header of the handbook and of the course pack.
RUNNING_HEADER = re.compile(r"Massage Therapy for Herniated Discs(: [^,]+)?, Release \S+")


def _body(page: str) -> str:
    lines = page.splitlines()
    if lines and RUNNING_HEADER.fullmatch(lines[0]):
        lines = lines[1:]  # the running header, of the handbook or the course pack
    if lines and re.fullmatch(r"\d+", lines[-1].strip()):
        lines = lines[:-1]  # a page number alone, at the foot of a chapter's first page
    elif lines and re.search(r"\s\d+$", lines[-1]) and re.match(r"\d+(\.\d+)*\. ", lines[-1]):
        lines = lines[:-1]  # "3.12. Review questions: ... 57": a right-hand page's footer
    elif lines and re.match(r"\d+ Chapter \d+\. ", lines[-1]):
        lines = lines[:-1]  # "80 Chapter 4. Techniques": a left-hand page's footer
    return "\n".join(lines)


@pytest.mark.pdf
def test_three_pdfs_each_with_its_title_page(pdf_path: Path) -> None:
    latex = pdf_path.parent
    titles = {
        "handbook.pdf": "Massage Therapy for Herniated Discs",
        "course-pack.pdf": "Course Pack",
        "quick-reference.pdf": "Quick Reference",
    }
    for name, title in titles.items():
        first_page = PdfReader(latex / name).pages[0].extract_text()
        assert title in first_page, name


@pytest.mark.pdf
def test_quick_reference_holds_the_chair_side_tools(pdf_path: Path) -> None:
    text = letters_and_digits(pdf_text(pdf_path.parent / "quick-reference.pdf"))
    for part in (
        "Signs to look for",  # the red-flag card
        "Intake screening form",
        "Contraindication matrix",
        "Client handout: after your massage",
        "Get help now",
    ):
        assert letters_and_digits(part) in text, part


@pytest.mark.pdf
def test_course_pack_prints_answers_in_the_appendix_only(
    latex_build: Build, pdf_path: Path
) -> None:
    from clinical_handbook.course import review_answer, review_question

    def longest_run(node: nodes.Node) -> str:
        """The longest stretch of plain text (links print differently on paper)."""
        return max(text_fragments(node), key=len)[:60]

    env = latex_build.app.env
    stems, answers = [], []
    for docname in sorted(env.found_docs):
        for question in env.get_doctree(docname).findall(review_question):
            stems.append(longest_run(question.children[0]))
            answers += [longest_run(answer) for answer in question.findall(review_answer)]
    assert len(stems) >= 8 and len(answers) == len(stems)
    text = letters_and_digits(pdf_text(pdf_path.parent / "course-pack.pdf"))
    starts = sorted(text.index(stem) for stem in stems)
    last_question = starts[-1]
    in_print_order = sorted(zip(stems, answers, strict=True), key=lambda pair: text.index(pair[0]))
    for number, (stem, answer) in enumerate(in_print_order, start=1):
        start = text.index(stem)
        later = [s for s in starts if s > start]
        end = min([*later[:1], start + 400])  # the question and what is printed under it
        under_question = text[start:end]
        assert answer not in under_question, answer  # not printed under its question
        assert "answeronpage" in under_question, number
        assert f"question{number}" in text[max(0, start - 300) : start], number  # before it
        assert text.find(answer, last_question) > last_question, answer  # in the appendix


@pytest.mark.pdf
def test_no_empty_chapter_for_the_bibliography_page(latex_build: Build) -> None:
    tex = (latex_build.outdir / "handbook.tex").read_text(encoding="utf-8")
    assert r"\chapter{Bibliography}" not in tex  # the page would print as an empty chapter
    assert r"\begin{sphinxthebibliography}" in tex  # the entries themselves are at the end


def test_only_pages_without_content_count_as_empty() -> None:
    from sphinx import addnodes

    from clinical_handbook.printing import is_empty_page

    def page(*children: nodes.Node) -> addnodes.start_of_file:
        section = nodes.section("", nodes.title("Title", "Title"), *children)
        return addnodes.start_of_file("", section)

    assert is_empty_page(page(nodes.container()))
    assert not is_empty_page(page(nodes.paragraph("Text.", "Text.")))
    assert not is_empty_page(page(nodes.container("", nodes.paragraph("Text.", "Text."))))
