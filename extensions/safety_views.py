"""What a therapist sees of the contraindications: boxes, backlinks and views.

* On every technique and stage page, under the title, a contraindication box:
  red flags first and marked in red, each linked to its page with the action.
* On every contraindication page, the techniques and stages it applies to.
* Views placed with directives, drawn from every contraindication page:
  ``contraindication-matrix`` (techniques and stages x contraindications),
  ``red-flag-card`` (every red flag with its signs and the action, one printed
  page) and ``screening-form`` (a yes/no question per contraindication with the
  action: a checklist in HTML, tick boxes on paper).

Placeholders are placed when a page is read and filled in when it is resolved,
from that build's data (the pattern of ``sphinx.ext.todo``), in HTML, LaTeX and
text alike. :func:`shown_data` has a page rewritten when the data it shows
changes (:mod:`.dependents`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .contraindications import (
    CONTRAINDICATION,
    DECLARING_TYPES,
    KIND_SHORT,
    KINDS,
    URGENCIES,
    Contraindication,
    ContraPage,
    Declaration,
    contraindications,
    get_domain,
    referral_text,
    stop_step,
)
from .dependents import changed_pages
from .pagetypes import PageRecord, as_list, get_pages
from .shared import (
    DECORATION,
    GENERATED_CLASS,
    ViewDirective,
    add_html_stylesheet,
    add_latex_preamble,
    add_placeholders,
    connect_resolver,
    first_upper,
    mark,
    page_link,
    skip_node,
    table,
)


# --- nodes --------------------------------------------------------------------
class contraindication_box(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for a page's contraindication box, filled in when resolved."""


class contraindication_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the techniques and stages a contraindication applies to."""


class contraindication_matrix(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the techniques x contraindications matrix."""


class red_flag_card(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the one-page red-flag quick reference."""


class screening_form(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the intake screening form."""


VIEWS = (contraindication_matrix, red_flag_card, screening_form)
PLACEHOLDERS = (contraindication_box, contraindication_backlinks, *VIEWS)


class checkbox(nodes.Inline, nodes.Element):  # noqa: N801
    """A box to tick on the screening form: a square on paper; in HTML a checkbox,
    or, with a ``group``, one of a question's radio buttons (Yes or No, not both)."""


def _visit_checkbox_html(self: Any, node: checkbox) -> None:
    label = self.attval(node["label"])
    group = node.get("group")
    if group:  # Yes and No of one question: ticking one clears the other
        name = self.attval(f"screen-{group}")
        self.body.append(f'<input type="radio" name="{name}" aria-label="{label}" />')
    else:
        self.body.append(f'<input type="checkbox" aria-label="{label}" />')
    raise nodes.SkipNode


def _visit_checkbox_latex(self: Any, node: checkbox) -> None:
    self.body.append(r"$\square$")
    raise nodes.SkipNode


def _visit_checkbox_text(self: Any, node: checkbox) -> None:
    self.add_text("[ ]")
    raise nodes.SkipNode


class ContraindicationMatrix(ViewDirective):
    """``contraindication-matrix``: techniques and stages x contraindications."""

    view = contraindication_matrix


class RedFlagCard(ViewDirective):
    """``red-flag-card``: every red flag with its signs and the action."""

    view = red_flag_card


class ScreeningForm(ViewDirective):
    """``screening-form``: every contraindication as a yes/no question with its action."""

    view = screening_form


def _index_entries(page: PageRecord) -> tuple[nodes.target, addnodes.index]:
    """Index entries that send a reader to the page itself, as its main entry: its title
    and, for a contraindication, its synonyms ("cauda equina syndrome", "CES")."""
    words = [page.title]
    if page.type == CONTRAINDICATION:
        words += [str(s) for s in as_list(page.fields.get("synonyms")) or []]
    target = f"index-page-{page.id or 'page'}"
    entries = []
    for word in dict.fromkeys(w.strip() for w in words if w.strip()):
        # Lower-case like a glossary term, so both land in one entry, this page's in bold.
        text = word if word.isupper() else word[0].lower() + word[1:]
        entries.append(("single", text, target, "main", None))
    return nodes.target("", "", ids=[target]), addnodes.index(entries=entries)


def place_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """The box under a technique's or stage's title, and backlinks at the end of a
    contraindication page (when the page is read); index entries to the page."""
    docname = app.env.docname
    page = get_pages(app.env).pages.get(docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if page is not None and section is not None:
        if page.type in (*DECLARING_TYPES, CONTRAINDICATION):
            target, index = _index_entries(page)
            section[1:1] = [target, index]
            # Sphinx's index collector has read the page already (doctree-read, 500).
            app.env.domains.index_domain.entries.setdefault(docname, []).extend(index["entries"])
        if page.type in DECLARING_TYPES:
            box = contraindication_box(docname=docname, classes=[GENERATED_CLASS])
            section.insert(1, mark(box, DECORATION))
        elif page.type == CONTRAINDICATION:
            backlinks = contraindication_backlinks(docname=docname, classes=[GENERATED_CLASS])
            section.append(mark(backlinks, DECORATION))


# --- resolving the placeholders -------------------------------------------------
def _box(app: Sphinx, docname: str, record: ContraPage) -> Node:
    contras = contraindications(app.env)
    declared = [(contras[d.target], d.how) for d in record.declarations if d.target in contras]
    declared.sort(key=lambda pair: pair[0].order)
    box = nodes.admonition(classes=["contraindication-box", GENERATED_CLASS])
    box += nodes.title("Contraindications", "Contraindications")
    if not declared:
        box += nodes.paragraph("", "None declared.")
        return box
    items = nodes.bullet_list(classes=["contraindication-list"])
    for contra, how in declared:
        paragraph = nodes.paragraph()
        label = KIND_SHORT.get(contra.kind, contra.kind)
        strong = nodes.strong(label, label)
        if contra.kind == "red-flag":
            paragraph += nodes.inline("", "", strong, classes=["handbook-redflag"])
        else:
            paragraph += strong
        paragraph += nodes.Text(": ")
        paragraph += page_link(app.builder, docname, contra.docname, contra.title)
        action = how or contra.action_text
        if action:
            paragraph += nodes.Text(f" - {action}")
        items += nodes.list_item("", paragraph, classes=[f"contraindication-{contra.kind}"])
    box += items
    return box


def _backlinks(app: Sphinx, docname: str, contra_docname: str) -> Node:
    pages = get_pages(app.env).pages
    page = pages.get(contra_docname)
    section = nodes.container(classes=["contraindication-backlinks", GENERATED_CLASS])
    section += nodes.rubric("Applies to", "Applies to")
    declared_by = get_domain(app.env).declared_by().get(page.id, []) if page else []
    users = [(pages[d], decl) for d, decl in declared_by if d in pages]
    if not users:
        section += nodes.paragraph("", "No technique or stage page declares this contraindication.")
        return section
    items = nodes.bullet_list()

    def reading_order(user: tuple[PageRecord, Declaration]) -> tuple[int, str]:
        return DECLARING_TYPES.index(user[0].type), user[0].title.lower()

    for user, declaration in sorted(users, key=reading_order):
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(f"{user.type.capitalize()}: ")
        paragraph += page_link(app.builder, docname, user.docname, user.title)
        if declaration.how:
            paragraph += nodes.Text(f" - {declaration.how}")
        items += nodes.list_item("", paragraph)
    section += items
    return section


#: A symbol per kind, so the matrix reads in greyscale and without colour.
KIND_SYMBOLS: dict[str, str] = {"red-flag": "\u25a0", "absolute": "\u2716", "relative": "\u25b2"}


def _matrix(app: Sphinx, docname: str) -> Node:
    """Techniques and stages x contraindications: one column for all the red flags
    (the answer is the same for each: stop), one for each other contraindication."""
    pages = get_pages(app.env)
    data = get_domain(app.env).pages
    contras = sorted(contraindications(app.env).values(), key=lambda c: c.order)
    flags = [c for c in contras if c.kind == "red-flag"]
    others = [c for c in contras if c.kind != "red-flag"]
    users = [p for t in DECLARING_TYPES for p in pages.by_type(t)]
    if not users or not contras:
        missing = "technique or stage" if not users else "contraindication"
        return nodes.paragraph("", f"No {missing} pages yet.", classes=[GENERATED_CLASS])
    headers: list[str] = ["Technique or stage"]
    if flags:
        headers.append(f"{KIND_SYMBOLS['red-flag']} Red flags")
    headers += [f"{KIND_SYMBOLS.get(c.kind, '')} {c.title}".strip() for c in others]
    rows: list[list[Node | str]] = []
    for user in users:
        declared = {d.target: d for d in data.get(user.docname, ContraPage()).declarations}
        cells: list[Node | str] = [page_link(app.builder, docname, user.docname, user.title)]
        if flags:
            cells.append(
                _red_flag_cell(app, docname, [f for f in flags if f.id in declared], flags)
            )
        for contra in others:
            declaration = declared.get(contra.id)
            if declaration is None:
                cells.append("\u2013")
            else:  # the page's own note says how it applies
                symbol = KIND_SYMBOLS.get(contra.kind, "")
                cells.append(f"{symbol} {declaration.how or 'applies'}".strip())
        rows.append(cells)
    kinds = [kind for kind in KINDS if any(c.kind == kind for c in contras)]
    legend = "; ".join(f"{KIND_SYMBOLS[kind]} {KINDS[kind].lower()}" for kind in kinds)
    key = nodes.paragraph(
        "",
        f"{legend}; \u2013 the page does not list it. A cell holds the page's own note "
        "where it has one; what to do is on the contraindication's page.",
        classes=["contraindication-matrix-key"],
    )
    matrix = table(
        headers,
        [16] + [84 // (len(headers) - 1)] * (len(headers) - 1),
        rows,
        ["contraindication-matrix"],
    )
    return nodes.container("", key, matrix, classes=[GENERATED_CLASS, "contraindication-matrix"])


def _red_flag_cell(
    app: Sphinx, docname: str, declared: list[Contraindication], flags: list[Contraindication]
) -> Node:
    symbol = KIND_SYMBOLS["red-flag"]
    if not declared:
        return nodes.paragraph("", "\u2013")
    if len(declared) == len(flags):
        return nodes.paragraph("", f"{symbol} Stop: all {len(flags)}")
    cell = nodes.paragraph("", f"{symbol} Stop: ")
    for number, flag in enumerate(declared):
        if number:
            cell += nodes.Text(", ")
        cell += page_link(app.builder, docname, flag.docname, flag.title)
    return cell


def _card_steps(app: Sphinx, docname: str, flags: list[Contraindication]) -> Node:
    """The card's banner and numbered steps, from the red flags' own actions and urgency."""
    steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    if stop_step(flags):
        steps += nodes.list_item("", nodes.paragraph("", stop_step(flags)))
    escalating = [flag for flag in flags if flag.escalation_text]
    for urgency in URGENCIES:
        urgent = [flag for flag in flags if flag.urgency == urgency]
        if urgent:
            words = first_upper(referral_text(urgency))
            step = nodes.paragraph("", "", nodes.strong("", words), nodes.Text(": "))
            for number, flag in enumerate(urgent):
                if number:
                    step += nodes.Text(", ")
                step += page_link(app.builder, docname, flag.docname, flag.title)
            if urgency == "emergency":
                for flag in escalating:  # the flags that become emergencies, and when
                    step += nodes.Text("; and ")
                    step += page_link(app.builder, docname, flag.docname, flag.title)
                    step += nodes.Text(f" if {' or '.join(flag.escalations)}")
            step += nodes.Text(".")
            steps += nodes.list_item("", step)
    steps += nodes.list_item(
        "", nodes.paragraph("", "What to tell the client, and what to record: the flag's page.")
    )
    banner = nodes.paragraph(classes=["red-flag-stop"])
    banner += nodes.strong("", "STOP if the client has any sign below.")
    return nodes.container("", banner, steps, classes=["red-flag-steps"])


def _card(app: Sphinx, docname: str) -> Node:
    flags = sorted(
        (c for c in contraindications(app.env).values() if c.kind == "red-flag"),
        key=lambda c: c.order,  # the most urgent first
    )
    rows: list[list[Node | str]] = []
    for flag in flags:
        # Stopping is step 1 of the banner above; the row says where the client goes,
        # and when that becomes an emergency.
        rows.append(
            [
                page_link(app.builder, docname, flag.docname, flag.title),
                "; ".join(flag.signs),
                first_upper(flag.actions_text(leave_out=("stop",))),
            ]
        )
    if not rows:
        return nodes.paragraph("", "No red flags declared.", classes=[GENERATED_CLASS])
    headers = ["Red flag", "Signs to look for", "Send the client"]
    card = table(headers, [20, 46, 26], rows, ["red-flag-card", "colwidths-given"])
    return nodes.container("", _card_steps(app, docname, flags), card, classes=[GENERATED_CLASS])


def _question(contra: Contraindication) -> str:
    signs = "; ".join(contra.signs) or contra.title
    return f"{signs}?"


def _form(app: Sphinx, docname: str) -> Node:
    """Every contraindication as a yes/no question, red flags first, with the action."""
    rows: list[list[Node | str]] = []
    for contra in sorted(contraindications(app.env).values(), key=lambda c: c.order):
        question = nodes.paragraph()
        label = KIND_SHORT.get(contra.kind, contra.kind)
        strong = nodes.strong(label, label)
        if contra.kind == "red-flag":  # in red, as in the box
            question += nodes.inline("", "", strong, classes=["handbook-redflag"])
        else:
            question += strong
        question += nodes.Text(" ")
        question += page_link(app.builder, docname, contra.docname, contra.title)
        question += nodes.Text(f": {_question(contra)}")
        yes = nodes.paragraph("", "", checkbox(label=f"Yes: {contra.title}", group=contra.id))
        no = nodes.paragraph("", "", checkbox(label=f"No: {contra.title}", group=contra.id))
        rows.append([question, yes, no, contra.action_text])
    if not rows:
        return nodes.paragraph("", "No contraindications declared.", classes=[GENERATED_CLASS])
    header = nodes.paragraph(
        "",
        "Client: ______________________   Date: ____________   Therapist: ______________",
        classes=["screening-form-header"],
    )
    form = table(
        ["Ask about, or look for", "Yes", "No", "If yes"],
        [48, 5, 5, 30],
        rows,
        ["screening-form", "colwidths-given"],
    )
    return nodes.container("", header, form, classes=[GENERATED_CLASS, "screening-form"])


def resolve_placeholders(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    """Fill in boxes, backlinks and views from this build's data.

    ``docname`` is the page being written (links are relative to it); for the
    LaTeX builder it is the whole book, so each placeholder names its own page.
    """
    pages = get_domain(app.env).pages
    for node in placeholders:
        if isinstance(node, contraindication_box):
            drawn = _box(app, docname, pages.get(node["docname"], ContraPage()))
        elif isinstance(node, contraindication_backlinks):
            drawn = _backlinks(app, docname, node["docname"])
        elif isinstance(node, contraindication_matrix):
            drawn = _matrix(app, docname)
        elif isinstance(node, red_flag_card):
            drawn = _card(app, docname)
        else:
            drawn = _form(app, docname)
        node.replace_self(drawn)


def _has_views(record: ContraPage) -> bool:
    return any(view.__name__ in record.generated for view in VIEWS)


def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose box, backlinks, views or ``{contra}`` link
    text would change, from a snapshot of everything the resolvers above read."""
    pages = get_pages(env)
    records = get_domain(env).pages
    contras = contraindications(env)
    by_id = pages.by_id()
    declared_by = get_domain(env).declared_by()
    users = [user for page_type in DECLARING_TYPES for user in pages.by_type(page_type)]
    declared = {
        user.docname: [
            (d.target, d.how) for d in records.get(user.docname, ContraPage()).declarations
        ]
        for user in users
    }
    views = (
        sorted(contras.items()),
        [(user.docname, user.type, user.title, declared[user.docname]) for user in users],
    )
    snapshots: dict[str, object] = {}
    for docname in set(records) | set(pages.pages):
        record = records.get(docname, ContraPage())
        page = pages.pages.get(docname)
        shown: list[object] = [views] if _has_views(record) else []
        if page is not None and page.type in DECLARING_TYPES:
            shown.append([(how, contras.get(target)) for target, how in declared[docname]])
        if page is not None and page.type == CONTRAINDICATION:
            backlinks = [
                (d, user.type, user.title, decl.how)
                for d, decl in declared_by.get(page.id, [])
                if (user := pages.pages.get(d)) is not None
            ]
            shown.append((page.id, backlinks))
        for target in sorted({use.target for use in record.roles}):
            linked = by_id.get(target)
            shown.append((target, linked.docname, linked.title) if linked else (target,))
        snapshots[docname] = shown
    return changed_pages(app, env, "contraindications", snapshots)


#: LaTeX for the ``handbook-redflag`` class: red flags print in red.
LATEX_PREAMBLE = r"""
% clinical_handbook: red flags stand out in the contraindication box
\expandafter\def\csname DUrolehandbook-redflag\endcsname#1{\textcolor{red}{#1}}
% the matrix: small, ragged right, no hyphens in safety words
\newenvironment{sphinxclasscontraindication-matrix}{\footnotesize\raggedright
  \hyphenpenalty=10000\exhyphenpenalty=10000}{}
% the red-flag card's STOP banner and steps, in a heavy black frame
\newsavebox{\handbookstopbox}
\newenvironment{sphinxclassred-flag-steps}{%
  \par\noindent\begin{lrbox}{\handbookstopbox}%
  \begin{minipage}{\dimexpr\linewidth-2\fboxsep-4pt\relax}}{%
  \end{minipage}\end{lrbox}%
  {\setlength{\fboxrule}{2pt}\fbox{\usebox{\handbookstopbox}}}\par}
"""


def setup_safety_views(app: Sphinx) -> None:
    app.add_directive("contraindication-matrix", ContraindicationMatrix)
    app.add_directive("red-flag-card", RedFlagCard)
    app.add_directive("screening-form", ScreeningForm)
    app.add_node(
        checkbox,
        html=(_visit_checkbox_html, None),
        latex=(_visit_checkbox_latex, None),
        text=(_visit_checkbox_text, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    add_placeholders(app, *PLACEHOLDERS)
    connect_resolver(
        app, resolve_placeholders, contraindication_box, contraindication_backlinks, *VIEWS
    )
    app.connect("env-get-updated", shown_data)
    add_html_stylesheet(app, "handbook-contraindications.css")
    add_latex_preamble(app, LATEX_PREAMBLE)
