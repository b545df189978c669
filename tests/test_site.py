"""The built handbook in a real browser, driven by Playwright.

Playwright drives Debian's Chromium (``make browser-deps``); no browser is
downloaded. The site is served on 127.0.0.1 and every request that would
leave the machine is blocked and recorded. Without Chromium these tests skip
locally and fail in CI (``CI`` or ``HANDBOOK_REQUIRE_BROWSER`` set).
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO_ROOT
from handbook_build import Build
from playwright.sync_api import Browser, Page, Route, sync_playwright
from pypdf import PdfReader
from test_browser import chromium

ARTIFACTS = REPO_ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
PHONE = {"width": 390, "height": 844}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(handbook_html: Build) -> Iterator[str]:
    """The built handbook, served on a free port of 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(handbook_html.outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def outside_requests() -> list[str]:
    """Every request a page tried to make to another host, across the module."""
    return []


@pytest.fixture
def page(browser: Browser, outside_requests: list[str]) -> Iterator[Page]:
    context = browser.new_context()

    def guard(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            outside_requests.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
def test_search_finds_a_technique(page: Page, site: str) -> None:
    page.goto(site + "search.html?q=myofascial")
    page.wait_for_selector("ul.search li a", timeout=15000)
    results = page.eval_on_selector_all("ul.search li a", "links => links.map(a => a.href)")
    assert any(href.endswith("techniques/myofascial-release.html") for href in results), results


@pytest.mark.browser
def test_red_flag_link_opens_its_page(page: Page, site: str) -> None:
    page.goto(site + "techniques/swedish-massage.html")
    red_flags = page.locator(".contraindication-box li.contraindication-red-flag a")
    assert red_flags.count() >= 3
    first = red_flags.first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "/contraindications/" in page.url
    assert title in page.locator("h1").first.inner_text()  # "3.1. Cauda equina syndrome"


@pytest.mark.browser
def test_phone_screenshot(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site + "techniques/swedish-massage.html")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "swedish-massage-phone.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    # The red-flag box is on the first screen of a phone.
    box = page.locator(".contraindication-box").bounding_box()
    assert box is not None and box["y"] < PHONE["height"]


@pytest.mark.browser
def test_bottom_line_sits_beside_the_contraindications_on_a_wide_screen(
    page: Page, site: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site + "techniques/swedish-massage.html")
    box = page.locator(".contraindication-box").bounding_box()
    line = page.locator(".recommendation-bottom-line").bounding_box()
    assert box is not None and line is not None
    assert abs(box["y"] - line["y"]) < 20 and line["x"] < box["x"]  # first, on the left
    assert line["y"] < 900  # both on the first screen


@pytest.mark.browser
def test_screening_form_yes_and_no_exclude_each_other_and_are_big_enough(
    page: Page, site: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site + "quick-reference/screening-form.html")
    yes = page.locator('table.screening-form input[aria-label^="Yes: "]').first
    no = page.locator('table.screening-form input[aria-label^="No: "]').first
    yes.check()
    no.check()
    assert no.is_checked() and not yes.is_checked()
    box = yes.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24


@pytest.mark.browser
def test_safety_boxes_have_their_own_style_and_red_flags_are_red(page: Page, site: str) -> None:
    page.goto(site + "techniques/swedish-massage.html")
    box = page.locator(".contraindication-box").first
    line = page.locator(".recommendation-bottom-line").first
    assert box.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(153, 27, 27)"
    assert line.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(26, 94, 58)"
    page.goto(site + "quick-reference/screening-form.html")
    label = page.locator("table.screening-form .handbook-redflag strong").first
    assert label.inner_text() == "RED FLAG"
    assert label.evaluate("e => getComputedStyle(e).color") == "rgb(153, 27, 27)"


#: The sheets of the quick reference, each printed on one A4 page.
SHEETS = (
    "quick-reference/red-flag-card.html",
    "quick-reference/screening-form.html",
    "quick-reference/contraindication-matrix.html",
    "quick-reference/client-handout.html",
)
#: The folders of clinical pages: every page in them is scanned for accessibility.
CLINICAL_FOLDERS = ("quick-reference", "techniques", "contraindications", "stages", "background")


WIDTHS = (320, 360, 390, 768, 1366)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(
    page: Page, site: str, handbook_html: Build, width: int
) -> None:
    """Every built page fits the screen: the header's search and page contents stay on it."""
    page.set_viewport_size({"width": width, "height": 800})
    wider = []
    pages = sorted(handbook_html.outdir.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        relative = path.relative_to(handbook_html.outdir).as_posix()
        if relative.startswith("_"):
            continue
        page.goto(site + relative)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wider.append(f"{relative}: {scroll_width} px")
    assert wider == [], f"at {width} px: " + ", ".join(wider[:10])


def clinical_pages(outdir: Path) -> list[str]:
    pages = ["index.html"]
    for folder in CLINICAL_FOLDERS:
        pages += sorted(p.relative_to(outdir).as_posix() for p in (outdir / folder).glob("*.html"))
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    page: Page, site: str, handbook_html: Build, scheme: str
) -> None:
    """axe-core on every clinical page, in the theme's light and dark mode."""
    pages = clinical_pages(handbook_html.outdir)
    assert len(pages) > 35
    page.emulate_media(color_scheme=scheme)  # the theme follows the system's mode
    found = []
    for path in pages:
        page.goto(site + path)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in {"serious", "critical"}:
                found.append(
                    f"{path}: {v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} "
                    f"element(s), e.g. {v['nodes'][0]['target']}"
                )
    assert found == []


def pdf_pages(page: Page, greyscale: bool = False) -> int:
    """How many A4 pages the browser prints the page on (its own @page size)."""
    page.emulate_media(media="print")
    if greyscale:
        page.add_style_tag(content="html { filter: grayscale(1); }")
    pages = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages
    assert all(round(p.mediabox.width) == 595 and round(p.mediabox.height) == 842 for p in pages)
    return len(pages)  # A4 is 595 x 842 pt


@pytest.mark.browser
@pytest.mark.parametrize("path", SHEETS)
def test_each_sheet_prints_on_one_a4_page(page: Page, site: str, path: str) -> None:
    page.goto(site + path)
    assert pdf_pages(page) == 1
    assert pdf_pages(page, greyscale=True) == 1


@pytest.mark.browser
def test_the_red_flag_cards_stop_banner_does_not_rest_on_colour(page: Page, site: str) -> None:
    page.goto(site + "quick-reference/red-flag-card.html")
    page.emulate_media(media="print")
    banner = page.locator(".red-flag-steps").first
    assert banner.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert banner.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(17, 17, 17)"
    assert banner.locator("strong").first.inner_text().startswith("STOP")
    steps = banner.locator("ol > li")
    assert steps.count() >= 3


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_matrix_fits_its_box(page: Page, site: str, width: int) -> None:
    """Wide screens show the whole matrix; a phone scrolls it inside its own box, with
    the technique column held in place, and the page itself does not scroll sideways."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + "quick-reference/contraindication-matrix.html")
    table = page.locator("table.contraindication-matrix")
    box = table.locator("xpath=..")
    table_width = table.evaluate("e => e.getBoundingClientRect().width")
    box_width = box.evaluate("e => e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width >= 768:
        assert table_width <= box_width + 1
    else:
        assert box.evaluate("e => getComputedStyle(e).overflowX") in {"auto", "scroll"}
        first = table.locator("td").first
        assert first.evaluate("e => getComputedStyle(e).position") == "sticky"


@pytest.mark.browser
def test_no_page_shows_an_empty_section_navigation(
    page: Page, site: str, handbook_html: Build
) -> None:
    """A primary sidebar on a wide screen holds links; otherwise it only squeezes the page."""
    page.set_viewport_size({"width": 1366, "height": 800})
    empty = []
    for path in sorted(handbook_html.outdir.rglob("*.html")):
        relative = path.relative_to(handbook_html.outdir).as_posix()
        if relative.startswith("_") or relative in {"search.html", "genindex.html"}:
            continue
        page.goto(site + relative)
        sidebar = page.locator(".bd-sidebar-primary")
        links = page.locator(".bd-sidebar-primary nav.bd-docs-nav a")
        if sidebar.count() and sidebar.first.is_visible() and links.count() == 0:
            empty.append(relative)
    assert empty == []


@pytest.mark.browser
def test_no_request_left_the_machine(page: Page, site: str, outside_requests: list[str]) -> None:
    # Runs last in this module: every page above was guarded by the same list.
    for path in ("index.html", "search.html?q=disc", "bibliography.html"):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert outside_requests == []


@pytest.mark.browser
def test_the_guard_would_see_an_outside_request(page: Page, outside_requests: list[str]) -> None:
    before = len(outside_requests)
    page.set_content('<img src="https://example.org/pixel.png">')
    page.wait_for_timeout(300)
    assert outside_requests[before:] == ["https://example.org/pixel.png"]
    del outside_requests[before:]


def test_artifact_folder_is_ignored_by_git() -> None:
    assert "test-artifacts/" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8")
    assert Path(ARTIFACTS).name == "test-artifacts"
