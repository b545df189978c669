"""The figures: the red-flag path and the evidence profile drawn from the handbook's
data (HTML, LaTeX and text), their warnings, and the drawn figures of the handbook."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from latex_pdf import compile_pdfs
from root_build import Build, add_source_page, append, build, copy_root, edit, edits, write

from clinical_handbook.evidence import LEVEL_LABELS, LEVELS

PATH_PAGE = """---
type: reference
id: diagrams
---

# Decision path

```{red-flag-path}
```
"""

SAME_DAY_FLAG = """---
type: contraindication
id: fracture
kind: red-flag
signs: [pain after a fall]
action: [stop, see-doctor]
urgency: same-day
escalate: [the fall was from a height]
synonyms: []
---

# Suspected fracture

Suspected fracture needs a doctor today {cite:p}`src`.
"""

WEB_SOURCE = """
@misc{web,
  author     = {{A Clinic}},
  title      = {A clinic's page},
  year       = {2021},
  evidence   = {commercial},
  directness = {not-applicable},
}
"""

#: The base root with the path on a page of its own, and a profile on the technique,
#: whose claims rest on a guideline (2) and on a commercial page (1).
WITH_DIAGRAMS = edits(
    write("diagrams.md", PATH_PAGE),
    append("refs.bib", WEB_SOURCE),
    lambda srcdir: add_source_page(srcdir, "web", "The clinic says massage helps."),
    append(
        "techniques/massage.md",
        "\n## Evidence\n\n```{evidence-profile}\n```\n\n"
        "A clinic's page says the clinic says massage helps {cite:p}`web`.\n",
    ),
)

ADD_SAME_DAY_FLAG = edits(
    write("contraindications/fracture.md", SAME_DAY_FLAG),
    edit("techniques/massage.md", "  - flag\n", "  - flag\n  - fracture\n"),
)


def project(tmp_path: Path, *changes) -> Path:
    srcdir = copy_root(tmp_path, "contra-ok")
    WITH_DIAGRAMS(srcdir)
    for change in changes:
        change(srcdir)
    return srcdir


@pytest.fixture(scope="module")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(project(tmp_path_factory.mktemp("diagrams")))


def figure(outdir: Path, page: str, kind: str) -> Tag:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    found = soup.select(f"figure.diagram-{kind}")
    assert len(found) == 1, f"{len(found)} {kind} figures on {page}"
    return found[0]


def lanes(svg: Tag) -> dict[str, list[str]]:
    """Each lane of the drawn path (its heading) with the linked flags under it."""
    result: dict[str, list[str]] = {}
    lane = ""
    for element in svg.find_all(["text", "a"]):
        if element.name == "a":
            result[lane].append(element.get_text())
        elif element.get_text() in ("EMERGENCY", "SAME DAY", "SOON"):
            lane = element.get_text()
            result[lane] = []
    return result


def accessible_name(svg: Tag) -> tuple[str, str]:
    """The title and description a screen reader gives: an image holds no links, so a
    drawing with links is a labelled group (axe's nested-interactive rule)."""
    if svg.find("a") is not None:
        assert svg["role"] == "group"
        title_id, desc_id = svg["aria-labelledby"], svg["aria-describedby"]
    else:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
    return svg.find("title", id=title_id).get_text(), svg.find("desc", id=desc_id).get_text()


# --- the red-flag path ---------------------------------------------------------
def test_the_build_is_clean(html_build: Build) -> None:
    assert html_build.warning_lines() == []


def test_path_lists_the_red_flags_by_urgency_with_links(html_build: Build) -> None:
    svg = figure(html_build.outdir, "diagrams.html", "red-flag-path").find("svg")
    assert lanes(svg) == {"EMERGENCY": ["Flag condition"]}
    assert [a["href"] for a in svg.find_all("a")] == ["contraindications/flag.html"]
    texts = [t.get_text() for t in svg.find_all("text")]
    assert "Send to emergency care now" in texts  # the action's own words
    assert "Acute flare-up" not in " ".join(texts)  # a relative contraindication: no lane


def test_a_new_red_flag_changes_the_path_on_the_next_build(tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    first = build(srcdir)
    before = figure(first.outdir, "diagrams.html", "red-flag-path").find("svg")
    assert "Suspected fracture" not in before.get_text()
    ADD_SAME_DAY_FLAG(srcdir)
    second = build(srcdir)  # incremental: diagrams.md itself did not change
    svg = figure(second.outdir, "diagrams.html", "red-flag-path").find("svg")
    assert lanes(svg) == {"EMERGENCY": ["Flag condition"], "SAME DAY": ["Suspected fracture"]}
    texts = [t.get_text() for t in svg.find_all("text")]
    assert "Send for medical assessment today" in texts
    assert any(t.startswith("Send to emergency care now instead if the fall") for t in texts)
    _, description = accessible_name(svg)
    assert "Same day, send for medical assessment today: Suspected fracture" in description


def test_path_has_a_title_and_says_everything_in_words(html_build: Build) -> None:
    shown = figure(html_build.outdir, "diagrams.html", "red-flag-path")
    title, description = accessible_name(shown.find("svg"))
    assert title == "Red-flag decision path"
    assert description.startswith("Screen for every red flag")
    assert "If yes: Stop the session: give no massage." in description
    assert "Emergency, send to emergency care now: Flag condition." in description
    assert shown.find("figcaption").get_text().strip().startswith("The red-flag decision path")


# --- the evidence profile --------------------------------------------------------
def drawn_counts(svg: Tag) -> dict[str, int]:
    """Each level's label and the count written under it."""
    texts = [t.get_text() for t in svg.find_all("text")]
    return {texts[i]: int(texts[i + 1]) for i in range(0, len(texts), 2)}


def test_profile_counts_are_claims_json_counts(html_build: Build) -> None:
    claims = [c for c in html_build.claims_json()["claims"] if c["page"] == "techniques/massage"]
    expected = Counter(claim["strongest"] for claim in claims)
    assert expected == {"guideline": 2, "commercial": 1}  # the root is what the test says
    svg = figure(html_build.outdir, "techniques/massage.html", "evidence-profile").find("svg")
    labels = [LEVEL_LABELS[level] for level in LEVELS]
    assert drawn_counts(svg) == {
        label[:1].upper() + label[1:]: expected.get(level, 0)
        for level, label in zip(LEVELS, labels, strict=True)
    }
    title, description = accessible_name(svg)
    assert title == "Evidence profile: Massage"
    assert "3 claims" in description and "Clinical guideline: 2" in description
    assert "Commercial or clinic web page: 1" in description


def test_captions_and_drawings_are_not_claims(html_build: Build) -> None:
    texts = " ".join(c["text"] for c in html_build.claims_json()["claims"])
    assert "Evidence profile" not in texts and "decision path" not in texts
    assert "Any red-flag sign" not in texts


def test_diagrams_scale_to_their_container(html_build: Build) -> None:
    for page, kind in (
        ("diagrams.html", "red-flag-path"),
        ("techniques/massage.html", "evidence-profile"),
    ):
        svg = figure(html_build.outdir, page, kind).find("svg")
        assert svg["width"] == "100%" and svg.get("height") is None
        assert re.fullmatch(r"0 0 360 [\d.]+", svg["viewbox"])
    assert (html_build.outdir / "_static" / "handbook-diagrams.css").is_file()


# --- mistakes --------------------------------------------------------------------
def test_an_option_and_a_profile_without_claims_each_give_one_warning(tmp_path: Path) -> None:
    srcdir = project(
        tmp_path,
        edit("diagrams.md", "```{red-flag-path}\n", "```{red-flag-path}\n:width: 50%\n"),
        append("views.md", "\n## Profile\n\n```{evidence-profile}\n```\n"),
    )
    result = build(srcdir)
    assert result.warning_lines() == [
        "diagrams.md:8: WARNING: red-flag-path: unknown option ':width:' (it takes no options)"
        " [handbook.diagram]",
        "views.md:25: WARNING: evidence-profile: this page has no claims to chart (place it on a"
        " page whose sentences cite sources) [handbook.diagram]",
    ]
    assert "Traceback" not in result.warnings + result.status
    soup = BeautifulSoup((result.outdir / "views.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select("figure.diagram-evidence-profile")


def test_content_gives_one_warning(tmp_path: Path) -> None:
    srcdir = project(
        tmp_path, edit("diagrams.md", "```{red-flag-path}\n", "```{red-flag-path}\nText\n")
    )
    assert build(srcdir).warning_lines() == [
        "diagrams.md:8: WARNING: red-flag-path takes no content: it is drawn from the handbook's"
        " data [handbook.diagram]"
    ]


# --- other builders --------------------------------------------------------------
def test_text_builder_writes_the_words(tmp_path: Path) -> None:
    result = build(project(tmp_path), "text")
    text = " ".join((result.outdir / "diagrams.txt").read_text(encoding="utf-8").split())
    assert "Any red-flag sign? If no: Continue" in text
    assert "Emergency, send to emergency care now: Flag condition." in text
    profile = " ".join((result.outdir / "techniques" / "massage.txt").read_text().split())
    assert "Massage: 3 claims, counted by the strongest source each cites." in profile


@pytest.fixture(scope="module")
def latex_diagrams(tmp_path_factory: pytest.TempPathFactory) -> Build:
    pytest.importorskip("cairosvg", reason="CairoSVG needs libcairo2 (make pdf-deps)")
    return build(project(tmp_path_factory.mktemp("diagrams-latex")), "latex")


def test_latex_includes_each_drawing_as_a_vector_pdf(latex_diagrams: Build) -> None:
    assert latex_diagrams.warning_lines() == []
    tex = next(latex_diagrams.outdir.glob("*.tex")).read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics\[[^]]*\]\{\{([^}]+)\}\.pdf\}", tex)
    assert sorted(name.split("-")[0] for name in included) == ["evidence", "red"]
    for name in included:
        pdf = latex_diagrams.outdir / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF"), name
        assert b"/Image" not in pdf.read_bytes()  # vector: no bitmap inside
    assert tex.count(r"\caption{") >= 2


@pytest.mark.pdf
def test_the_pdf_compiles_with_the_drawings(latex_diagrams: Build) -> None:
    result = compile_pdfs(latex_diagrams.outdir)
    pdfs = list(latex_diagrams.outdir.glob("*.pdf"))
    assert result.returncode == 0, result.stdout[-3000:]
    from pypdf import PdfReader

    book = next(p for p in pdfs if not p.name.startswith(("red-flag-path", "evidence-profile")))
    text = " ".join(page.extract_text() for page in PdfReader(book).pages)
    assert "Any red-flag sign?" in text  # the drawing's own words, as vector text
    assert "Clinical guideline" in text


# --- the drawn figures of the handbook -------------------------------------------
FIGURES = {
    "background/herniated-disc.html": ("disc-and-nerve-root.svg", "nucleus pulposus"),
    "contraindications/cauda-equina-syndrome.html": ("saddle-area.svg", "between the legs"),
}


@pytest.mark.parametrize("page", sorted(FIGURES))
def test_drawn_figures_are_in_the_handbook_with_alt_text(handbook_html, page: str) -> None:
    image, words = FIGURES[page]
    soup = BeautifulSoup((handbook_html.outdir / page).read_text(encoding="utf-8"), "html.parser")
    shown = [img for img in soup.select("figure.handbook-figure img") if img["src"].endswith(image)]
    assert len(shown) == 1, page
    assert words in shown[0]["alt"]
    assert (handbook_html.outdir / "_images" / image).is_file()
    assert shown[0].find_parent("figure").find("figcaption").get_text().strip()


@pytest.mark.parametrize("name", ["disc-and-nerve-root.svg", "saddle-area.svg"])
def test_drawn_figures_have_a_title_a_description_and_real_text(name: str) -> None:
    from conftest import REPO_ROOT

    soup = BeautifulSoup((REPO_ROOT / "protocols" / "figures" / name).read_text(), "html.parser")
    svg = soup.find("svg")
    title, description = accessible_name(svg)
    assert title and len(description) > 80
    assert svg["font-family"] == "sans-serif"
    assert svg.find("rect", recursive=False)["fill"] == "#ffffff"  # a white page, in dark mode too
    assert len(svg.find_all("text")) >= 3  # labels as text, not outlines
