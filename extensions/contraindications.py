"""Contraindications and red flags: declared, linked, boxed, and never missed.

A technique or stage page declares the contraindications that apply to it, by
id, in its front matter::

    contraindications:
      - cauda-equina-syndrome
      - acute-flare-up: postpone deep work until the flare-up settles

A contraindication page declares what it is::

    type: contraindication
    id: cauda-equina-syndrome
    kind: red-flag                  # red-flag, absolute or relative
    signs: [loss of bladder or bowel control, saddle numbness]
    action: [stop, emergency]       # see ACTIONS
    urgency: emergency              # red flags: emergency, same-day or soon
                                    # (the emergency action implies emergency)
    escalate: [after a major injury]  # a same-day or soon red flag: when it is
                                      # emergency care now instead
    synonyms: [cauda equina, CES]

This module keeps what the pages declare (:class:`ContraindicationsDomain`),
provides the ``{contra}`` role that links a contraindication by id, checks it
all. What the reader sees (the boxes, backlinks, matrix, red-flag card and
screening form) is drawn by :mod:`.safety_views`, which also has those pages
rewritten when the data they show changes.

The checks (warning type ``handbook``) run at ``env-updated``, on every build,
from the data kept in :class:`ContraindicationsDomain`, so an incremental build
reports what a fresh one does: ``unknown-contraindication``, ``wrong-type``,
``orphan-contraindication``, ``no-contraindications``, ``unlinked-mention``,
``duplicate-contraindication`` and ``contraindication-field``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .pagedata import PerPageDomain
from .pagetypes import PageRecord, as_list, get_pages
from .shared import first_upper, warn
from .text import PageText

CONTRAINDICATION = "contraindication"
#: Page types that declare contraindications.
DECLARING_TYPES = ("technique", "stage")

#: Kinds, in the order a therapist must see them, with their labels.
KINDS: dict[str, str] = {
    "red-flag": "Red flag: stop, send for emergency or urgent medical care",
    "absolute": "Absolute contraindication: no massage",
    "relative": "Relative contraindication: modify or postpone",
}
KIND_SHORT: dict[str, str] = {
    "red-flag": "RED FLAG",
    "absolute": "Absolute",
    "relative": "Relative",
}
#: What the therapist does.
ACTIONS: dict[str, str] = {
    "stop": "stop the session",
    "stop-stroke": "stop the stroke, pressure or position that caused it",
    "adapt": "adapt the technique",
    "postpone": "postpone massage",
    "refer": "refer to the client's family doctor or physiotherapist",
    "see-doctor": "send for medical assessment",
    "emergency": "send to emergency care now",
}
#: How soon a red flag needs medical care, most urgent first, and the words
#: that finish the ``see-doctor`` action.
URGENCIES: dict[str, str] = {
    "emergency": "now",
    "same-day": "today",
    "soon": "within a few days, with no massage until then",
}
#: Actions that send the client on; a red flag needs one of them.
REFERRING_ACTIONS = ("emergency", "see-doctor")


def stop_step(flags: list[Contraindication]) -> str:
    """The first step for red flags that all stop the session, or "" if some do not."""
    if flags and all("stop" in flag.actions for flag in flags):
        return f"{first_upper(ACTIONS['stop'])}: give no massage."
    return ""


def referral_text(urgency: str) -> str:
    """Where and how soon the client goes, for one urgency, in the actions' words."""
    if urgency == "emergency":
        return ACTIONS["emergency"]
    return f"{ACTIONS['see-doctor']} {URGENCIES[urgency]}"


# --- data ---------------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    """One contraindication declared by a technique or stage page."""

    target: str
    line: int
    how: str = ""


@dataclass(frozen=True)
class RoleUse:
    """One ``{contra}`` link, checked once every page is known."""

    target: str
    line: int


@dataclass(frozen=True)
class ScannedText:
    """A run of a page's text and the links in it, for finding unlinked mentions."""

    line: int
    text: str
    links: tuple[tuple[int, int, str], ...]
    """(start, end, target): target is ``doc:<docname>`` or ``id:<page id>``."""


@dataclass
class ContraPage:
    """The declarations of one page."""

    declarations: list[Declaration] = field(default_factory=list)
    roles: list[RoleUse] = field(default_factory=list)
    runs: list[ScannedText] = field(default_factory=list)
    generated: tuple[str, ...] = ()
    """Tag names of the generated content on the page (the views, say)."""


@dataclass(frozen=True)
class Contraindication:
    """A contraindication page, as the box, the matrix and the card show it."""

    id: str
    docname: str
    title: str
    kind: str
    signs: tuple[str, ...]
    actions: tuple[str, ...]
    synonyms: tuple[str, ...]
    urgency: str = ""
    escalations: tuple[str, ...] = ()
    """When a red flag that is not an emergency becomes one (``escalate``)."""

    @property
    def action_text(self) -> str:
        return self.actions_text()

    def actions_text(self, leave_out: tuple[str, ...] = ()) -> str:
        """The actions in words, with when a red flag becomes an emergency; ``leave_out``
        drops actions said elsewhere (the card's banner says "stop" once for all)."""

        def label(action: str) -> str:
            if action == "see-doctor" and self.urgency in URGENCIES:
                return referral_text(self.urgency)
            return ACTIONS[action]

        parts = [label(a) for a in self.actions if a in ACTIONS and a not in leave_out]
        if self.escalation_text:
            parts.append(self.escalation_text)
        return "; ".join(parts)

    @property
    def escalation_text(self) -> str:
        """When a red flag that is not an emergency becomes one, in words (or "")."""
        if self.escalations and self.urgency != "emergency":
            return f"{ACTIONS['emergency']} instead if {' or '.join(self.escalations)}"
        return ""

    @property
    def order(self) -> tuple[int, int, str]:
        kinds, urgencies = list(KINDS), list(URGENCIES)
        return (
            kinds.index(self.kind) if self.kind in kinds else len(kinds),
            urgencies.index(self.urgency) if self.urgency in urgencies else len(urgencies),
            self.title.lower(),
        )


class ContraindicationsDomain(PerPageDomain):
    """Per-page declarations, links and text, purged and merged like the todo domain."""

    name = "contra"
    label = "Contraindications"
    data_version = 1
    initial_data: dict[str, Any] = {"pages": {}}
    roles = {"ref": XRefRole()}

    @property
    def pages(self) -> dict[str, ContraPage]:
        return self._records("pages")

    def declared_by(self) -> dict[str, list[tuple[str, Declaration]]]:
        """For each contraindication id, the pages that declare it and how, by docname."""

        def index() -> dict[str, list[tuple[str, Declaration]]]:
            found: dict[str, list[tuple[str, Declaration]]] = {}
            for docname in sorted(self.pages):
                for declaration in self.pages[docname].declarations:
                    found.setdefault(declaration.target, []).append((docname, declaration))
            return found

        return self.derived("declared_by", index)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> Element | None:
        page = get_pages(env).by_id().get(target)
        if page is None:
            return contnode  # reported by the checks, with file and line
        if not node.get("refexplicit"):
            contnode = nodes.inline(page.title, page.title, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, page.docname, None, contnode, page.title)


def get_domain(env: BuildEnvironment) -> ContraindicationsDomain:
    return env.get_domain(ContraindicationsDomain.name)  # type: ignore[return-value]


def contraindications(env: BuildEnvironment) -> dict[str, Contraindication]:
    """Every contraindication page, by id (computed once until a page record changes)."""
    pages = get_pages(env)

    def by_id() -> dict[str, Contraindication]:
        found: dict[str, Contraindication] = {}
        for page in pages.by_type(CONTRAINDICATION):
            if page.id and page.id not in found:
                found[page.id] = _as_contraindication(page)
        return found

    return pages.derived("contraindications", by_id)


def _strings(value: Any) -> tuple[str, ...]:
    items = as_list(value) or []
    return tuple(str(item).strip() for item in items if str(item).strip())


def _as_contraindication(page: PageRecord) -> Contraindication:
    actions = _strings(page.fields.get("action"))
    return Contraindication(
        id=page.id,
        docname=page.docname,
        title=page.title,
        kind=str(page.fields.get("kind", "")).strip(),
        signs=_strings(page.fields.get("signs")),
        actions=actions,
        synonyms=_strings(page.fields.get("synonyms")),
        urgency=_urgency(page, actions),
        escalations=_strings(page.fields.get("escalate")),
    )


def _urgency(page: PageRecord, actions: tuple[str, ...]) -> str:
    """The declared urgency; the ``emergency`` action implies it when none is declared."""
    declared = str(page.fields.get("urgency") or "").strip()
    if not declared and "emergency" in actions and page.fields.get("kind") == "red-flag":
        return "emergency"
    return declared


class ContraindicationRole(XRefRole):
    """``{contra}`id```: a link to a contraindication page, titled with its title.

    It reads as an ordinary link, with or without explicit text: a mention in
    running text (or in the client handout) is prose, not code.
    """

    innernodeclass = nodes.inline

    def create_xref_node(self) -> tuple[list[Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = ContraindicationsDomain.name, "ref"
        self.classes = ["xref", "contra"]
        return super().create_xref_node()


# --- reading a page -------------------------------------------------------------
def _declarations(page: PageRecord) -> tuple[list[Declaration], list[str]]:
    """The declared contraindications of a page, and what is wrong with them."""
    raw = page.fields.get("contraindications")
    line = page.line_of("contraindications")
    items = as_list(raw)
    if items is None:
        return [], ["'contraindications' must be a list of contraindication ids"]
    declared: list[Declaration] = []
    problems: list[str] = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            ((target, how),) = item.items()
            declared.append(Declaration(str(target).strip(), line, str(how or "").strip()))
        elif isinstance(item, str) and item.strip():
            declared.append(Declaration(item.strip(), line))
        else:
            problems.append(
                f"'contraindications' entry {item!r} is neither an id nor 'id: how it applies'"
            )
    return declared, problems


def collect_contraindications(
    env: BuildEnvironment, docname: str, doctree: nodes.document, text: PageText
) -> None:
    """Record the page's declarations, links and text (when the page is read)."""
    page = get_pages(env).pages.get(docname)
    record = ContraPage()

    if page is not None and page.type in DECLARING_TYPES:
        record.declarations, problems = _declarations(page)
        for problem in problems:
            warn(problem, "contraindication-field", docname, page.line_of("contraindications"))

    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") == ContraindicationsDomain.name:
            record.roles.append(RoleUse(str(ref.get("reftarget", "")), ref.line or 0))
    record.runs = [ScannedText(run.line, run.text, run.links) for run in text.runs]
    record.generated = tuple(sorted(text.generated))
    get_domain(env).note(docname, pages=record)


# --- checks ---------------------------------------------------------------------
def _check_fields(contra: Contraindication, page: PageRecord) -> Iterator[tuple[str, int]]:
    if contra.kind not in KINDS:
        yield (
            f"contraindication kind {contra.kind!r} is not one of {', '.join(KINDS)}"
            if contra.kind
            else f"contraindication page declares no kind: add 'kind: <{' | '.join(KINDS)}>'",
            page.line_of("kind"),
        )
    if not contra.signs:
        yield (
            "contraindication page declares no signs: add 'signs: [...]' (what to look for)",
            page.line_of("signs"),
        )
    unknown = [a for a in contra.actions if a not in ACTIONS]
    if not contra.actions or unknown:
        yield (
            f"contraindication action must be a list of {', '.join(ACTIONS)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "; none declared"),
            page.line_of("action"),
        )
    if as_list(page.fields.get("synonyms")) is None:
        yield ("'synonyms' must be a list of terms", page.line_of("synonyms"))
    if contra.actions and not unknown and contra.kind in KINDS:
        yield from _check_urgency(contra, page)


def _check_urgency(contra: Contraindication, page: PageRecord) -> Iterator[tuple[str, int]]:
    """A red flag says how soon, and its actions agree with it."""
    choices = " | ".join(URGENCIES)
    line = page.line_of("urgency") if "urgency" in page.fields else page.line_of("kind")
    if contra.urgency and contra.urgency not in URGENCIES:
        yield (f"contraindication urgency {contra.urgency!r} is not one of {choices}", line)
        return
    if contra.kind == "red-flag":
        if not contra.urgency:
            yield (
                f"a red flag must say how soon the client needs care: add 'urgency: <{choices}>'",
                line,
            )
            return
        if not any(action in contra.actions for action in REFERRING_ACTIONS):
            yield (
                "a red flag must send the client on: add 'emergency' or 'see-doctor' to its action",
                page.line_of("action"),
            )
    elif contra.urgency:
        yield ("only a red flag has an urgency: remove 'urgency', or make the kind red-flag", line)
        return
    if "escalate" in page.fields:
        escalate_line = page.line_of("escalate")
        if as_list(page.fields.get("escalate")) is None or not contra.escalations:
            yield (
                "'escalate' must be a list of when the client needs emergency care",
                escalate_line,
            )
        elif contra.kind != "red-flag" or contra.urgency == "emergency":
            yield (
                "'escalate' says when a red flag that is not an emergency becomes one: "
                "it needs urgency same-day or soon",
                escalate_line,
            )
    if contra.urgency == "emergency" and "see-doctor" in contra.actions:
        yield (
            "urgency 'emergency' goes with the action 'emergency', not 'see-doctor'",
            page.line_of("action"),
        )
    if contra.urgency and contra.urgency != "emergency" and "emergency" in contra.actions:
        yield (
            f"the action 'emergency' means urgency 'emergency', not {contra.urgency!r}",
            line,
        )


def check_contraindications(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every check that needs every page (run on every build)."""
    pages_domain = get_pages(env)
    by_id = pages_domain.by_id()
    contras = contraindications(env)
    data = get_domain(env).pages
    declared_somewhere: set[str] = set()

    for contra in contras.values():
        for message, line in _check_fields(contra, pages_domain.pages[contra.docname]):
            warn(message, "contraindication-field", contra.docname, line)

    for docname in sorted(data):
        page = pages_domain.pages.get(docname)
        record = data[docname]
        seen: set[str] = set()
        for declaration in record.declarations:
            if declaration.target in seen:
                warn(
                    f"contraindication {declaration.target!r} is listed twice",
                    "duplicate-contraindication",
                    docname,
                    declaration.line,
                )
            seen.add(declaration.target)
            if _is_contraindication(
                by_id, contras, declaration.target, "", docname, declaration.line
            ):
                declared_somewhere.add(declaration.target)
        if page is not None and page.type == "technique" and _declares_none(page):
            warn(
                "technique page declares no contraindications: add 'contraindications: [...]' "
                "to its front matter",
                "no-contraindications",
                docname,
                page.line_of("type"),
            )
        for use in record.roles:
            _is_contraindication(by_id, contras, use.target, "{contra} link to ", docname, use.line)

    for contra in contras.values():
        if contra.id not in declared_somewhere and _declarations_known(pages_domain.pages, data):
            warn(
                f"orphan contraindication {contra.id!r}: no technique or stage page declares it",
                "orphan-contraindication",
                contra.docname,
                pages_domain.pages[contra.docname].line_of("id"),
            )

    _check_mentions(env, contras, data)


def _declarations_known(pages: dict[str, PageRecord], data: dict[str, ContraPage]) -> bool:
    """Whether every page's declarations are known, so an undeclared page is an orphan.

    A page without a known type (no front matter, front matter MyST could not read,
    an unknown type) or a technique that lists none is reported already, and may be
    the page that declares the contraindication.
    """
    return not any(
        not page.type
        or (page.type == "technique" and not (docname in data and data[docname].declarations))
        for docname, page in pages.items()
    )


def _declares_none(page: PageRecord) -> bool:
    """No ``contraindications`` field, or an empty list (a malformed one is reported as such)."""
    return as_list(page.fields.get("contraindications")) == []


def _is_contraindication(
    by_id: dict[str, PageRecord],
    contras: dict[str, Contraindication],
    target: str,
    what: str,
    docname: str,
    line: int,
) -> bool:
    """Whether ``target`` names a contraindication page; warn where it does not."""
    page = by_id.get(target)
    if page is None:
        message = f"{what}unknown contraindication id {target!r}" + _suggestion(target, contras)
        warn(message, "unknown-contraindication", docname, line)
        return False
    if page.type != CONTRAINDICATION:
        message = (
            f"{what}{target!r}: a {page.type or 'untyped'} page ({page.docname}), "
            "not a contraindication"
        )
        warn(message, "wrong-type", docname, line)
        return False
    return True


def _suggestion(target: str, contras: dict[str, Contraindication]) -> str:
    from difflib import get_close_matches  # noqa: PLC0415

    close = get_close_matches(target, list(contras), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_mentions(
    env: BuildEnvironment, contras: dict[str, Contraindication], data: dict[str, ContraPage]
) -> None:
    """Text that names a contraindication must link to its page."""
    names: dict[str, Contraindication] = {}
    for contra in contras.values():
        for name in (contra.title, *contra.synonyms):
            if name.strip():
                names.setdefault(name.strip().casefold(), contra)
    if not names:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    for docname in sorted(data):
        for run in data[docname].runs:
            for match in pattern.finditer(run.text):
                contra = names[match.group(0).casefold()]
                if contra.docname == docname:
                    continue
                if _is_linked(match.start(), match.end(), run.links, contra):
                    continue
                line = run.line + run.text.count("\n", 0, match.start()) if run.line else None
                warn(
                    f"unlinked mention of {match.group(0)!r}: link the contraindication page "
                    f"with {{contra}}`{contra.id}`",
                    "unlinked-mention",
                    docname,
                    line,
                )


def _is_linked(
    start: int, end: int, links: Iterable[tuple[int, int, str]], contra: Contraindication
) -> bool:
    targets = {f"doc:{contra.docname}", f"id:{contra.id}"}
    return any(s <= start and end <= e and t in targets for s, e, t in links)


def setup_contraindications(app: Sphinx) -> None:
    app.add_domain(ContraindicationsDomain)
    app.add_role("contra", ContraindicationRole())
    app.connect("env-updated", check_contraindications, priority=600)
