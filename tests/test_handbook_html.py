"""The real handbook builds clean in HTML, stays offline, prints whole and can be searched."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from handbook_build import SOURCE_DIR, Build

# Every attribute by which a page can make the browser fetch something.
FETCHING_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "input": ["src"],
}
FETCHING_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp"}


def external_fetches_in_page(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag_name, attributes in FETCHING_ATTRIBUTES.items():
        for tag in soup.find_all(tag_name):
            # <link rel="canonical"> and friends are metadata, not fetches.
            if tag_name == "link" and not FETCHING_LINK_RELS & set(tag.get("rel") or []):
                continue
            for attribute in attributes:
                for url in re.split(r",\s*", tag.get(attribute) or ""):
                    url = url.split(" ")[0]
                    if url and is_external(url):
                        found.append(f"<{tag_name} {attribute}={url!r}>")
    for style in soup.find_all("style"):
        found += [url for url in CSS_URL.findall(style.get_text()) if is_external(url)]
    for tag in soup.find_all(style=True):
        found += [url for url in CSS_URL.findall(tag["style"]) if is_external(url)]
    return found


@pytest.fixture
def html_build(handbook_html: Build) -> Build:
    return handbook_html


def test_handbook_builds_without_warnings(html_build: Build) -> None:
    assert html_build.warnings == ""


def test_every_source_page_is_built(html_build: Build) -> None:
    sources = sorted(
        p.relative_to(SOURCE_DIR).with_suffix("")
        for p in SOURCE_DIR.rglob("*.md")
        if not p.name.startswith("_")  # fragments included into pages
    )
    assert sources, "the handbook has no pages"
    for page in sources:
        assert (html_build.outdir / page).with_suffix(".html").is_file(), page


def test_no_page_loads_anything_from_another_host(html_build: Build) -> None:
    pages = sorted(html_build.outdir.rglob("*.html"))
    assert len(pages) > 3
    offenders = {}
    for page in pages:
        found = external_fetches_in_page(page.read_text(encoding="utf-8"))
        if found:
            offenders[str(page.relative_to(html_build.outdir))] = found
    for stylesheet in html_build.outdir.rglob("*.css"):
        found = [
            u for u in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")) if is_external(u)
        ]
        if found:
            offenders[str(stylesheet.relative_to(html_build.outdir))] = found
    assert offenders == {}


def test_offline_checker_finds_what_it_must() -> None:
    """The page check above is only worth something if it can fail."""
    page = """<html><head>
      <link rel="stylesheet" href="https://cdn.example.org/a.css">
      <link rel="canonical" href="https://example.org/page.html">
      <script src="//cdn.example.org/b.js"></script>
      <style>@font-face { src: url("https://fonts.example.org/c.woff2") }</style>
      </head><body><img src="_static/local.png"><iframe src="http://example.org/"></iframe>
      </body></html>"""
    assert external_fetches_in_page(page) == [
        "<script src='//cdn.example.org/b.js'>",
        "<link href='https://cdn.example.org/a.css'>",
        "<iframe src='http://example.org/'>",
        "https://fonts.example.org/c.woff2",
    ]


def test_search_works_from_disk(html_build: Build) -> None:
    """Sphinx's search loads its index with a <script> tag, so it works over file://."""
    search_page = BeautifulSoup(
        (html_build.outdir / "search.html").read_text(encoding="utf-8"), "html.parser"
    )
    scripts = [tag.get("src", "") for tag in search_page.find_all("script")]
    assert any(src.startswith("searchindex.js") for src in scripts), scripts
    assert any("searchtools.js" in src for src in scripts), scripts
    index = (html_build.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "swedish" in index.lower()


def test_every_page_links_the_print_stylesheet(html_build: Build) -> None:
    for page in ("index.html", "techniques/swedish-massage.html"):
        soup = BeautifulSoup((html_build.outdir / page).read_text(encoding="utf-8"), "html.parser")
        print_sheets = [
            link["href"]
            for link in soup.find_all("link", rel="stylesheet")
            if link.get("media") == "print"
        ]
        assert any("handbook-print.css" in href for href in print_sheets), page
    assert (html_build.outdir / "_static" / "handbook-print.css").is_file()
    assert (html_build.outdir / "_static" / "handbook-print.js").is_file()


def soup_of(build: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / page).read_text(encoding="utf-8"), "html.parser")


def test_the_front_page_and_the_quick_reference_link_the_three_pdfs(html_build: Build) -> None:
    documents = html_build.app.config.latex_documents
    names = [document[1].removesuffix(".tex") + ".pdf" for document in documents]
    assert names == ["handbook.pdf", "course-pack.pdf", "quick-reference.pdf"]
    for page, prefix in (("index.html", "pdf/"), ("quick-reference/index.html", "../pdf/")):
        links = [a["href"] for a in soup_of(html_build, page).select("a.handbook-pdf-link")]
        assert links == [prefix + name for name in names], page


def test_the_client_handout_is_a_sheet_without_citations(html_build: Build) -> None:
    sheet = soup_of(html_build, "quick-reference/client-handout.html")
    article = sheet.select_one("article.bd-article")
    assert article is not None and article.select_one("section.handbook-sheet-client")
    assert article.select(".bibtex-citation, .claim-marker, .admonition-title") == []
    text = " ".join(article.get_text(" ").split())
    assert "web only" not in text and "Editors" not in text
    assert "Go to emergency care now if you notice any of these signs" in text
    assert "Written for clients from the handbook's page After the session" in text
    # The same sentences stand with their sources on the clinical page.
    after = soup_of(html_build, "stages/after-session.html").select_one("article.bd-article")
    assert after is not None and len(after.select(".bibtex-citation")) > 20
    assert "Go to emergency care now if you notice any of these signs" in after.get_text(" ")


def citation_share(soup: BeautifulSoup) -> tuple[int, int]:
    """Characters of citations and evidence markers, and of all the article's text."""
    article = soup.select_one("article.bd-article")
    assert article is not None
    for hidden in article.select("svg, script, style, .headerlink"):
        hidden.decompose()

    def length(node: object) -> int:
        return len("".join(node.get_text(" ").split()))  # type: ignore[attr-defined]

    cited = sum(length(c) for c in article.select(".bibtex-citation, .claim-marker"))
    return cited, length(article)


def test_citations_are_a_small_share_of_what_a_reader_sees(html_build: Build) -> None:
    """On screen, citations are superscript numbers: 14% of the visible text before."""
    cited = total = 0
    for folder in ("techniques", "contraindications", "stages", "background"):
        for page in sorted((html_build.outdir / folder).glob("*.html")):
            page_cited, page_total = citation_share(
                BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            )
            assert page_cited <= 0.08 * page_total, page.name
            cited, total = cited + page_cited, total + page_total
    assert total > 100_000 and cited <= 0.05 * total
