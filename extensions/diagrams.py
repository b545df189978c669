"""Figures drawn from the handbook's data, so they cannot drift from the pages.

* ``{red-flag-path}``: the red-flag decision path, drawn from the
  contraindication pages' front matter (:func:`.contraindications.contraindications`):
  screen, any red-flag sign?, no: continue with the page's contraindication box;
  yes: stop, then one lane per urgency (emergency, same day, soon) listing the
  red flags of that urgency, each linked to its page in HTML, with the actions'
  own words (:func:`.contraindications.referral_text`) and each flag's
  escalation. A new red-flag page changes the figure with no other edit.
* ``{evidence-profile}``: a small bar chart of the page's claims counted by
  their strongest evidence level, in the handbook's order
  (:data:`.evidence.LEVELS`), with each count written beside its bar. The
  counts are :meth:`.claim_report.Report.strongest`, the numbers of the
  evidence register's summary and of ``claims.json``.

Both are placeholders placed when the page is read and drawn when it is
resolved, after every page is known (as :mod:`.safety_views` does). Each is a
figure with a caption: in HTML an inline ``<svg role="img">`` (a ``group`` when
it holds links) whose ``<title>``
and ``<desc>`` say everything it shows in words, coloured with CSS custom
properties so light and dark mode both read, and scaled to its container; in
LaTeX the same drawing written as a vector PDF with CairoSVG and included; in
the text builder the words. A caption is not a claim and the drawing is
generated content: the claim checker reads neither.

Authoring mistakes (an option, content, a profile on a page without claims)
are one ``handbook.diagram`` warning each, with file and line.
"""

from __future__ import annotations

import hashlib
import html
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from .claim_report import get_report
from .contraindications import URGENCIES, Contraindication, contraindications, stop_step
from .contraindications import referral_text as _referral_text
from .dependents import changed_pages
from .evidence import LEVEL_LABELS, LEVELS
from .pagedata import PerPageDomain
from .shared import (
    add_html_stylesheet,
    add_placeholders,
    connect_resolver,
    first_upper,
    generated,
    skip_node,
    warn,
)

WARNING_SUBTYPE = "diagram"
#: How the lanes of the path name each urgency.
URGENCY_NAMES: dict[str, str] = {"emergency": "Emergency", "same-day": "Same day", "soon": "Soon"}


# --- nodes --------------------------------------------------------------------
class red_flag_path(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the red-flag decision path, drawn when the page is written."""


class evidence_profile(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a page's evidence profile; ``docname`` is the page it counts."""


class diagram(nodes.General, nodes.Element):  # noqa: N801
    """A drawn figure: ``svg`` (the drawing), ``alt`` (it in words), ``kind``."""


PLACEHOLDERS = (red_flag_path, evidence_profile)


# --- where the directives are ---------------------------------------------------
@dataclass(frozen=True)
class Placement:
    kind: str
    """The directive's name."""
    line: int


class DiagramsDomain(PerPageDomain):
    """The diagram directives of each page, for the checks after every page is read."""

    name = "diagrams"
    label = "Diagrams"
    data_version = 1
    initial_data: dict[str, Any] = {"pages": {}}

    @property
    def pages(self) -> dict[str, tuple[Placement, ...]]:
        return self._records("pages")


def get_domain(env: BuildEnvironment) -> DiagramsDomain:
    return env.get_domain(DiagramsDomain.name)  # type: ignore[return-value]


class _AnyOption(dict[str, Callable[[str | None], Any]]):
    """An option spec that takes every option, so an unknown one is our warning,
    with file and line, rather than the parser's."""

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return directives.unchanged

    def __bool__(self) -> bool:  # MyST reads an options block only for a non-empty spec
        return True


class _DiagramDirective(SphinxDirective):
    """A directive that places a diagram drawn from the handbook's data."""

    has_content = True
    option_spec = _AnyOption()
    placeholder: type[Element]

    def run(self) -> list[Node]:
        docname, line = self.env.docname, self.lineno
        for name in self.options:
            warn(
                f"{self.name}: unknown option ':{name}:' (it takes no options)",
                WARNING_SUBTYPE,
                docname,
                line,
            )
        if self.content:
            warn(
                f"{self.name} takes no content: it is drawn from the handbook's data",
                WARNING_SUBTYPE,
                docname,
                line,
            )
        domain = get_domain(self.env)
        domain.note(docname, pages=(*domain.pages.get(docname, ()), Placement(self.name, line)))
        node = generated(self.placeholder(docname=docname))
        self.set_source_info(node)
        return [node]


class RedFlagPath(_DiagramDirective):
    """``red-flag-path``: the decision path, from every red-flag page."""

    placeholder = red_flag_path


class EvidenceProfile(_DiagramDirective):
    """``evidence-profile``: this page's claims by their strongest source."""

    placeholder = evidence_profile


def check_placements(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a profile on a page with no claims to count (every build)."""
    if not env.config.handbook_checks:
        return
    report = get_report(env)
    for docname, placements in sorted(get_domain(env).pages.items()):
        for placement in placements:
            if placement.kind == "evidence-profile" and not report.claims_by_page.get(docname):
                warn(
                    "evidence-profile: this page has no claims to chart "
                    "(place it on a page whose sentences cite sources)",
                    WARNING_SUBTYPE,
                    docname,
                    placement.line,
                )


# --- drawing ------------------------------------------------------------------
#: Colours for the PDF (CairoSVG reads no stylesheet); in HTML the classes of
#: handbook-diagrams.css take over, with light and dark values.
PALETTE: dict[str, tuple[str, str]] = {  # class -> (fill, stroke)
    "box": ("#ffffff", "#333333"),
    "stop": ("#991b1b", "#991b1b"),
    "lane-emergency": ("#991b1b", "#991b1b"),
    "lane-same-day": ("#f6c453", "#7a5300"),
    "lane-soon": ("#fde8c8", "#7a5300"),
    "lane-body": ("#ffffff", "#555555"),
    "bar-strong": ("#1d4e89", "#1d4e89"),
    "bar-expert": ("#6b9fd4", "#1d4e89"),
    "bar-web": ("#d9d9d9", "#555555"),
    "bar-none": ("#ffffff", "#991b1b"),
    "line": ("none", "#333333"),
}
TEXT_COLOURS: dict[str, str] = {"ink": "#1a1a1a", "on-dark": "#ffffff"}
FONT = "sans-serif"
#: Average advance of a character, in ems, for wrapping (a wide sans-serif).
CHAR_EM = 0.56


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 13
    weight: str = "normal"
    anchor: str = "start"
    colour: str = "ink"
    href: str | None = None
    italic: bool = False


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str
    radius: float = 4


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    arrow: bool = True


@dataclass
class Drawing:
    """A drawing in SVG user units, rendered for HTML or for the PDF."""

    kind: str
    width: float
    title: str
    description: str
    height: float = 0
    shapes: list[Text | Rect | Line] = field(default_factory=list)

    def text(self, x: float, y: float, words: str, **style: Any) -> None:
        self.shapes.append(Text(x, y, words, **style))

    def rect(self, x: float, y: float, width: float, height: float, kind: str) -> None:
        self.shapes.append(Rect(x, y, width, height, kind))

    def line(self, *points: tuple[float, float], arrow: bool = True) -> None:
        self.shapes.append(Line(tuple(points), arrow))

    def svg(self, ident: str, for_html: bool, epub: bool = False) -> str:
        """The SVG: in HTML scaled to its container, with ids for its title and
        description; for the PDF at its own size, with the palette's colours.
        In an EPUB a drawing with links has no role (EPUBCheck allows only
        ``img``, ``document`` or ``application`` on ``svg``) and each link a title."""
        title_id, desc_id = f"{ident}-svg-title", f"{ident}-svg-desc"
        size = (
            f'width="100%" class="handbook-diagram-svg diagram-{self.kind}"'
            if for_html
            else f'width="{self.width:g}" height="{self.height:g}"'
        )
        # An image may hold no links (axe: nested-interactive); a drawing with
        # links is a labelled group, its description read as well.
        linked = for_html and any(isinstance(s, Text) and s.href for s in self.shapes)
        group = "" if epub else 'role="group" '
        role = (
            f'{group}aria-labelledby="{title_id}" aria-describedby="{desc_id}"'
            if linked
            else f'role="img" aria-labelledby="{title_id} {desc_id}"'
        )
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:g} '
            f'{self.height:g}" {size} {role} font-family="{FONT}">',
            f'<title id="{title_id}">{_escape(self.title)}</title>',
            f'<desc id="{desc_id}">{_escape(self.description)}</desc>',
            f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" class="dg-arrowhead" '
            f'fill="{PALETTE["line"][1]}"/></marker></defs>',
        ]
        if not for_html:  # the PDF's page: white, whatever the reader's theme
            out.append(
                f'<rect x="0" y="0" width="{self.width:g}" height="{self.height:g}" '
                'fill="#ffffff"/>'
            )
        for shape in self.shapes:
            out.append(_shape(shape, ident, for_html, epub))
        out.append("</svg>")
        return "\n".join(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _shape(shape: Text | Rect | Line, ident: str, for_html: bool, epub: bool = False) -> str:
    if isinstance(shape, Rect):
        fill, stroke = PALETTE[shape.kind]
        return (
            f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.width:g}" '
            f'height="{shape.height:g}" rx="{shape.radius:g}" class="dg-{shape.kind}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    if isinstance(shape, Line):
        points = " ".join(f"{x:g},{y:g}" for x, y in shape.points)
        marker = f' marker-end="url(#{ident}-arrow)"' if shape.arrow else ""
        return (
            f'<polyline points="{points}" class="dg-line" fill="none" '
            f'stroke="{PALETTE["line"][1]}" stroke-width="1.5"{marker}/>'
        )
    style = f' font-weight="{shape.weight}"' if shape.weight != "normal" else ""
    style += ' font-style="italic"' if shape.italic else ""
    style += f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
    text = (
        f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size:g}"{style} '
        f'class="dg-text-{shape.colour}" fill="{TEXT_COLOURS[shape.colour]}">'
        f"{_escape(shape.text)}</text>"
    )
    if shape.href and for_html:
        title = f"<title>{_escape(shape.text)}</title>" if epub else ""
        return f'<a href="{_escape(shape.href)}" class="dg-link">{title}{text}</a>'
    return text


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` user units at font size ``size``."""
    chars = max(8, int(width / (size * (CHAR_EM + (0.06 if bold else 0)))))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


# --- the red-flag path ----------------------------------------------------------
WIDTH = 360
MARGIN = 8
LEADING = 1.3


def _lines(
    drawing: Drawing,
    x: float,
    y: float,
    width: float,
    words: str,
    size: float = 13,
    **style: Any,
) -> float:
    """Write ``words`` wrapped into ``width`` from the top ``y``; the y below them."""
    bold = style.get("weight") == "bold"
    step = size * LEADING
    anchor_x = x + width / 2 if style.get("anchor") == "middle" else x
    for number, line in enumerate(wrap(words, width, size, bold)):
        drawing.text(anchor_x, y + size + number * step, line, size=size, **style)
    return y + size + (len(wrap(words, width, size, bold)) - 1) * step + size * 0.35


def _boxed(
    drawing: Drawing,
    x: float,
    y: float,
    width: float,
    parts: Sequence[tuple[str, dict[str, Any]]],
    kind: str,
    pad: float = 7,
) -> float:
    """A box of ``kind`` holding ``parts`` (text, style) one under the other; its bottom."""
    at = len(drawing.shapes)
    bottom = y + pad
    for words, style in parts:
        bottom = _lines(drawing, x + pad, bottom, width - 2 * pad, words, **style) + 2
    bottom += pad - 2
    drawing.shapes.insert(at, Rect(x, y, width, bottom - y, kind))
    return bottom


def red_flags(env: BuildEnvironment) -> list[Contraindication]:
    """Every red flag, most urgent first (the card's order)."""
    flags = (c for c in contraindications(env).values() if c.kind == "red-flag")
    return sorted(flags, key=lambda c: c.order)


def _lanes(flags: list[Contraindication]) -> list[tuple[str, list[Contraindication]]]:
    return [
        (urgency, [flag for flag in flags if flag.urgency == urgency])
        for urgency in URGENCIES
        if any(flag.urgency == urgency for flag in flags)
    ]


def path_words(flags: list[Contraindication]) -> tuple[str, str, str, str]:
    """The path's steps in words: screening, the question, yes, no."""
    yes = stop_step(flags) or "Act on the sign's own page."
    return (
        "Screen for every red flag at the intake and before every session.",
        "Any red-flag sign?",
        yes,
        "Continue, and follow the contraindication box of the technique or stage page.",
    )


def describe_path(flags: list[Contraindication]) -> str:
    """The whole path in words (the SVG's description and the text builder's output)."""
    screen, question, yes, no = path_words(flags)
    parts = [f"{screen} {question} If no: {no} If yes: {yes}"]
    for urgency, flagged in _lanes(flags):
        names = []
        for flag in flagged:
            escalation = flag.escalation_text
            names.append(f"{flag.title} ({escalation})" if escalation else flag.title)
        parts.append(f"{URGENCY_NAMES[urgency]}, {_referral_text(urgency)}: {'; '.join(names)}.")
    if not flags:
        parts.append("No red flags are declared.")
    return " ".join(parts)


def draw_path(flags: list[Contraindication], link: Callable[[str], str | None]) -> Drawing:
    """The decision path, top to bottom, for a phone's width; ``link`` gives a
    flag's page address in HTML (None where there is none)."""
    screen, question, yes, no = path_words(flags)
    drawing = Drawing("red-flag-path", WIDTH, "Red-flag decision path", describe_path(flags))
    inner = WIDTH - 2 * MARGIN
    y = _boxed(drawing, MARGIN, MARGIN, inner, [(screen, {"weight": "bold"})], "box")
    drawing.line((WIDTH / 2, y), (WIDTH / 2, y + 16))
    y = _boxed(
        drawing,
        WIDTH / 2 - 90,
        y + 18,
        180,
        [(question, {"weight": "bold", "anchor": "middle", "size": 14})],
        "box",
    )
    # Two branches: yes on the left (it goes on), no on the right (it ends).
    half = (inner - 12) / 2
    left, right = MARGIN, MARGIN + half + 12
    top = y + 34
    drawing.line((WIDTH / 2 - 40, y), (left + half / 2, top - 2))
    drawing.line((WIDTH / 2 + 40, y), (right + half / 2, top - 2))
    drawing.text(left + half / 2 - 18, y + 20, "Yes", size=13, weight="bold", anchor="end")
    drawing.text(right + half / 2 + 18, y + 20, "No", size=13, weight="bold")
    yes_bottom = _boxed(
        drawing,
        left,
        top,
        half,
        [("YES", {"weight": "bold", "colour": "on-dark"}), (yes, {"colour": "on-dark"})],
        "stop",
    )
    no_bottom = _boxed(drawing, right, top, half, [("NO", {"weight": "bold"}), (no, {})], "box")
    y = yes_bottom
    if flags:
        label_top = max(y + 20, no_bottom + 8)
        drawing.line((left + half / 2, y), (left + half / 2, label_top))
        y = (
            _lines(
                drawing,
                MARGIN,
                label_top + 2,
                inner,
                "Then send the client on, by the sign:",
                13,
                weight="bold",
            )
            + 6
        )
    else:
        y = max(yes_bottom, no_bottom)
    for urgency, flagged in _lanes(flags):
        y = _lane(drawing, y, urgency, flagged, link) + 10
    drawing.height = max(y, no_bottom) + MARGIN
    return drawing


def _lane(
    drawing: Drawing,
    y: float,
    urgency: str,
    flags: list[Contraindication],
    link: Callable[[str], str | None],
) -> float:
    inner = WIDTH - 2 * MARGIN
    colour = "on-dark" if urgency == "emergency" else "ink"
    header = [
        (URGENCY_NAMES[urgency].upper(), {"weight": "bold", "colour": colour, "size": 12}),
        (first_upper(_referral_text(urgency)), {"weight": "bold", "colour": colour}),
    ]
    body_top = _boxed(drawing, MARGIN, y, inner, header, f"lane-{urgency}")
    at = len(drawing.shapes)
    bottom = body_top + 4
    for flag in flags:
        drawing.text(MARGIN + 10, bottom + 13, "\u2022", size=13)
        bottom = (
            _lines(
                drawing,
                MARGIN + 22,
                bottom,
                inner - 30,
                flag.title,
                13,
                href=link(flag.docname),
            )
            + 1
        )
        escalation = flag.escalation_text
        if escalation:
            bottom = (
                _lines(
                    drawing,
                    MARGIN + 22,
                    bottom,
                    inner - 30,
                    first_upper(escalation),
                    11.5,
                    italic=True,
                )
                + 1
            )
        bottom += 4
    bottom += 3
    drawing.shapes.insert(at, Rect(MARGIN, body_top, inner, bottom - body_top, "lane-body", 0))
    return bottom


# --- the evidence profile -------------------------------------------------------
#: Which bar style each level gets (the count is written too: not colour alone).
BAR_KINDS: dict[str | None, str] = {
    **{level: "bar-strong" for level in LEVELS[:4]},
    "expert-opinion": "bar-expert",
    "commercial": "bar-web",
    None: "bar-none",
}


def profile_counts(env: BuildEnvironment, docname: str) -> list[tuple[str | None, int]]:
    """The page's claims by strongest level, every level in the handbook's order
    (and the uncited, when there are any)."""
    report = get_report(env)
    counts = report.count_by_strongest(report.claims_by_page.get(docname, ()))
    rows: list[tuple[str | None, int]] = [(level, counts.get(level, 0)) for level in LEVELS]
    if counts.get(None):
        rows.append((None, counts[None]))
    return rows


def _level_name(level: str | None) -> str:
    return first_upper(LEVEL_LABELS[level]) if level else "Uncited"


def describe_profile(title: str, rows: list[tuple[str | None, int]]) -> str:
    total = sum(count for _, count in rows)
    counted = "; ".join(f"{_level_name(level)}: {count}" for level, count in rows)
    return f"{title}: {total} claims, counted by the strongest source each cites. {counted}."


def draw_profile(title: str, rows: list[tuple[str | None, int]]) -> Drawing:
    drawing = Drawing(
        "evidence-profile", WIDTH, f"Evidence profile: {title}", describe_profile(title, rows)
    )
    most = max((count for _, count in rows), default=0) or 1
    room = WIDTH - 2 * MARGIN - 44  # the count is written after the bar
    y = MARGIN
    for level, count in rows:
        drawing.text(MARGIN, y + 13, _level_name(level), size=13.5)
        width = room * count / most
        if count:
            drawing.rect(MARGIN, y + 19, max(width, 3), 15, BAR_KINDS[level])
        drawing.text(MARGIN + width + 6, y + 32, str(count), size=14, weight="bold")
        y += 44
    drawing.height = y
    return drawing


# --- resolving the placeholders -------------------------------------------------
def _figure(
    drawing: Drawing, ident: str, caption: str, for_html: bool, latex_width: str, epub: bool
) -> nodes.figure:
    figure = generated(
        nodes.figure(ids=[ident], classes=["handbook-diagram", f"diagram-{drawing.kind}"])
    )
    figure += diagram(
        svg=drawing.svg(ident, for_html, epub),
        alt=drawing.description,
        kind=drawing.kind,
        latex_width=latex_width,
    )
    figure += nodes.caption(caption, caption)
    return figure


def resolve_diagrams(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    """Draw each path and profile from this build's data.

    ``docname`` is the page being written (links are relative to it); for the
    LaTeX builder it is the whole book, so a profile names its own page.
    """
    builder = app.builder
    for_html = builder.format == "html"
    epub = builder.name == "epub"

    def link(target: str) -> str | None:
        if not for_html:
            return None
        try:
            return builder.get_relative_uri(docname, target)
        except NoUri:
            return None

    for number, node in enumerate(placeholders):
        page = node["docname"]
        ident = f"diagram-{number + 1}"
        if isinstance(node, red_flag_path):
            drawing = draw_path(red_flags(app.env), link)
            caption = (
                "The red-flag decision path, drawn from the red-flag pages; what to say, "
                "what to record and the sources are on each flag's page."
            )
            node.replace_self(_figure(drawing, ident, caption, for_html, "0.82\\linewidth", epub))
            continue
        rows = profile_counts(app.env, page)
        if not any(count for _, count in rows):  # reported at env-updated, with its line
            node.parent.remove(node)
            continue
        title = app.env.titles[page].astext() if page in app.env.titles else page
        drawing = draw_profile(title, rows)
        total = sum(count for _, count in rows)
        caption = (
            f"Evidence profile of this page: its {total} claims by the strongest source "
            "each cites, as in the evidence register."
        )
        node.replace_self(_figure(drawing, ident, caption, for_html, "0.62\\linewidth", epub))


# --- writing the drawings ---------------------------------------------------------
def visit_diagram_html(self: Any, node: Element) -> None:
    self.body.append(node["svg"] + "\n")
    raise nodes.SkipNode


def visit_diagram_latex(self: Any, node: Element) -> None:
    """Write the drawing as a vector PDF beside the ``.tex`` file and include it."""
    data = node["svg"].encode("utf-8")
    stem = f"{node['kind']}-{hashlib.blake2b(data, digest_size=6).hexdigest()}"
    path = Path(self.builder.outdir) / f"{stem}.pdf"
    try:
        if not path.exists():
            import cairosvg  # noqa: PLC0415 (needs libcairo2: only when a PDF is made)

            cairosvg.svg2pdf(bytestring=data, write_to=str(path))
    except Exception as exc:  # no libcairo2, say: the words instead, and one warning
        warn(f"could not draw the {node['kind']} as PDF: {exc}", WARNING_SUBTYPE, node)
        self.body.append(self.encode(node["alt"]))
        raise nodes.SkipNode from None
    width = node["latex_width"]
    self.body.append(
        f"\n\\noindent\\sphinxincludegraphics[width={width},height=0.72\\textheight,"
        f"keepaspectratio]{{{{{stem}}}.pdf}}\n"
    )
    raise nodes.SkipNode


def visit_diagram_text(self: Any, node: Element) -> None:
    self.new_state(0)
    self.add_text(node["alt"])
    self.end_state()
    raise nodes.SkipNode


# --- keeping incremental builds right ---------------------------------------------
def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose path or profile would be drawn differently."""
    path = [(f.id, f.docname, f.title, f.urgency, f.actions, f.escalations) for f in red_flags(env)]
    snapshots: dict[str, object] = {}
    for docname, placements in get_domain(env).pages.items():
        kinds = {placement.kind for placement in placements}
        shown: list[object] = []
        if "red-flag-path" in kinds:
            shown.append(path)
        if "evidence-profile" in kinds and env.config.handbook_checks:
            title = env.titles.get(docname)
            shown.append((title.astext() if title else "", profile_counts(env, docname)))
        snapshots[docname] = shown
    return changed_pages(app, env, "diagrams", snapshots)


def setup_diagrams(app: Sphinx) -> None:
    app.add_domain(DiagramsDomain)
    app.add_directive("red-flag-path", RedFlagPath)
    app.add_directive("evidence-profile", EvidenceProfile)
    add_placeholders(app, *PLACEHOLDERS)
    app.add_node(
        diagram,
        html=(visit_diagram_html, None),
        latex=(visit_diagram_latex, None),
        text=(visit_diagram_text, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    connect_resolver(app, resolve_diagrams, *PLACEHOLDERS)
    app.connect("env-updated", check_placements, priority=600)
    app.connect("env-get-updated", shown_data)
    add_html_stylesheet(app, "handbook-diagrams.css")
