"""Course material: learning objectives, review questions and the course map.

Directives:

``learning-objectives``
    A list of objectives, opening a module (its chapter page). Rendered as a
    box in every format; objectives state no fact, so they are not claims.
``review-question`` with a nested ``answer``
    The question stem is not a claim; the answer is, and must cite. In HTML
    the answer is hidden until clicked. In LaTeX/PDF each question is numbered
    and followed by lines for a written answer and the page of its answer; the
    answers are collected in an appendix at the end of the book, grouped by
    module, each giving the page of its question.
``course-map``
    The modules in the order of the root table of contents, each with its
    estimated study time (MyST's reading-time estimate of its pages) and its
    objectives: a syllabus generated from the pages, so it cannot drift.

Objectives and question counts are kept per page in :class:`CourseDomain`,
purged and merged like the domain of ``sphinx.ext.todo``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from docutils.nodes import Element, Node
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .dependents import changed_pages
from .pagedata import PerPageDomain
from .pagetypes import get_pages
from .sentences import clean_text
from .shared import (
    GENERATED,
    GENERATED_CLASS,
    NOT_A_CLAIM,
    NOT_A_CLAIM_CLASS,
    add_placeholders,
    connect_resolver,
    mark,
    page_link,
    visit_depart_null,
)
from .text import plain_text

APPENDIX_TITLE = "Answers to the review questions"


class review_question(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A question stem and its answer."""


class review_answer(nodes.General, nodes.Element):  # noqa: N801
    """The answer to a review question: hidden in HTML, in the appendix on paper."""


class course_map(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the course map, filled in when the page is resolved."""


class CourseDomain(PerPageDomain):
    """Per-page learning objectives and question counts."""

    name = "course"
    label = "Course material"
    data_version = 1
    # docname -> objectives; docname -> number of questions; docname -> has a course map
    initial_data: dict[str, Any] = {"objectives": {}, "questions": {}, "maps": {}}
    per_page = ("objectives", "questions", "maps")


def get_domain(env: BuildEnvironment) -> CourseDomain:
    return env.get_domain(CourseDomain.name)  # type: ignore[return-value]


_CONTRA = "\x00"


def _objective_text(item: Element, docname: str) -> str:
    """An objective's text; a ``{contra}`` link without its own text is kept as a
    marker for its page title, filled in when the course map is drawn."""
    text, links = plain_text(item, docname)
    for start, end, target in reversed(links):
        kind, _, contra_id = target.partition(":")
        if kind == "id" and text[start:end] == contra_id:
            text = f"{text[:start]}{_CONTRA}{contra_id}{_CONTRA}{text[end:]}"
    return clean_text(text)


def _with_titles(text: str, titles: dict[str, str]) -> str:
    pieces = text.split(_CONTRA)
    return "".join(titles.get(p, p) if i % 2 else p for i, p in enumerate(pieces))


class LearningObjectives(SphinxDirective):
    """``learning-objectives``: what the learner can do after the module."""

    has_content = True

    def run(self) -> list[Node]:
        box = mark(
            nodes.admonition(classes=["learning-objectives", NOT_A_CLAIM_CLASS]), NOT_A_CLAIM
        )
        box += nodes.title("Learning objectives", "Learning objectives")
        self.set_source_info(box)
        box += self.parse_content_to_nodes()
        self.state.document[_HOLDS_COURSE] = True
        return [box]


class ReviewQuestion(SphinxDirective):
    """``review-question``: a question stem, then a nested ``answer``."""

    has_content = True

    def run(self) -> list[Node]:
        question = review_question(classes=["review-question"])
        self.set_source_info(question)
        stem = mark(
            nodes.container(classes=["review-question-stem", NOT_A_CLAIM_CLASS]), NOT_A_CLAIM
        )
        for node in self.parse_content_to_nodes():
            (question if isinstance(node, review_answer) else stem).append(node)
        question.insert(0, stem)
        self.state.document[_HOLDS_COURSE] = True
        return [question]


class Answer(SphinxDirective):
    """``answer``: the answer to the enclosing review question (a claim: it cites)."""

    has_content = True

    def run(self) -> list[Node]:
        answer = review_answer(classes=["review-answer"])
        self.set_source_info(answer)
        answer += self.parse_content_to_nodes()
        return [answer]


class CourseMap(SphinxDirective):
    """``course-map``: the modules with study time and objectives."""

    def run(self) -> list[Node]:
        node = mark(course_map(classes=[GENERATED_CLASS]), GENERATED)
        self.set_source_info(node)
        self.state.document[_HOLDS_COURSE] = True
        return [node]


_COURSE_NODES = (nodes.admonition, review_question, course_map)
#: Set on a page's document by the course directives, so other pages are not searched.
_HOLDS_COURSE = "handbook_holds_course"


def collect_course(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Record the page's objectives, review questions and course map (when it is read)."""
    objectives: list[str] = []
    questions = 0
    records: dict[str, Any] = {}
    if not doctree.get(_HOLDS_COURSE):
        return
    for node in doctree.findall(lambda n: isinstance(n, _COURSE_NODES)):
        if isinstance(node, review_question):
            questions += 1
        elif isinstance(node, course_map):
            records["maps"] = True
        elif "learning-objectives" in node["classes"]:
            objectives += (_objective_text(i, docname) for i in node.findall(nodes.list_item))
    if objectives:
        records["objectives"] = objectives
    if questions:
        records["questions"] = questions
    if records:
        get_domain(env).note(docname, **records)


# --- writers ------------------------------------------------------------------
def visit_question_html(self: Any, node: review_question) -> None:
    self.body.append(self.starttag(node, "div", CLASS="review-question"))


def depart_question_html(self: Any, node: review_question) -> None:
    self.body.append("</div>\n")


def visit_answer_html(self: Any, node: review_answer) -> None:
    self.body.append(self.starttag(node, "details", CLASS="review-answer"))
    self.body.append("<summary>Show the answer</summary>\n<div>")


def depart_answer_html(self: Any, node: review_answer) -> None:
    self.body.append("</div></details>\n")


def visit_answer_text(self: Any, node: review_answer) -> None:
    self.new_state(0)
    self.add_text("Answer: ")


def depart_answer_text(self: Any, node: review_answer) -> None:
    self.end_state()


# --- the answer appendix (PDF) ------------------------------------------------
def _root_section(doctree: nodes.document) -> nodes.Element:
    return next(iter(doctree.findall(nodes.section)), doctree)


def _questions_by_page(tree: Element, page: str) -> Iterator[tuple[str, review_question]]:
    """Every review question of a LaTeX book, with the page it was written on."""
    for child in tree.children:
        if isinstance(child, addnodes.start_of_file):
            yield from _questions_by_page(child, child["docname"])
        elif isinstance(child, review_question):
            yield page, child
        elif isinstance(child, Element):
            yield from _questions_by_page(child, page)


def _page_number(page: str, target: str, before: str, after: str) -> nodes.inline:
    """``before`` + the printed page of ``target`` (a target on ``page``) + ``after``."""
    ref = f"\\pageref{{\\detokenize{{{page}:{target}}}}}"
    return nodes.inline(
        "", "", nodes.Text(before), nodes.raw("", ref, format="latex"), nodes.Text(after)
    )


#: Lines left under a printed question for a written answer.
WRITING_LINES = 3
_LINES = "\\par\\vspace{1.2em}\\noindent\\rule{\\linewidth}{0.4pt}" * WRITING_LINES + "\\par"


def move_answers_to_appendix(doctree: nodes.document, titles: dict[str, str] | None = None) -> int:
    """Number each question, leave lines and the page of its answer under it, and
    collect the answers in a last chapter, grouped by the page of their questions,
    each with the page of its question."""
    docname = doctree.get("docname", "")
    questions = list(_questions_by_page(doctree, docname))
    if not questions:
        return 0
    appendix = nodes.section(ids=["review-answers"], names=["review-answers"])
    appendix += nodes.title(APPENDIX_TITLE, APPENDIX_TITLE)
    groups: dict[str, addnodes.start_of_file] = {}
    for number, (page, question) in enumerate(questions, start=1):
        asked, answered = f"review-question-{number}", f"review-answer-{number}"
        stem = next(iter(question.findall(nodes.container)), None)
        if page not in groups:  # the answers keep their page's labels (and links)
            groups[page] = addnodes.start_of_file(docname=page)
            title = (titles or {}).get(page, page)
            groups[page] += nodes.rubric(title, title)
            appendix += groups[page]
        entry = nodes.container(classes=["review-answer-entry"])
        entry += nodes.target("", "", ids=[answered])
        heading = nodes.paragraph()
        heading += nodes.strong(f"Question {number}", f"Question {number}")
        heading += _page_number(page, asked, " (page ", ")")
        entry += heading
        if stem is not None:
            entry += [child.deepcopy() for child in stem.children]
            first = next(iter(stem.findall(nodes.paragraph)), None)
            if first is not None:  # the number comes first, where a reader looks for it
                first.insert(0, nodes.strong(f"Question {number}. ", f"Question {number}. "))
        question.insert(0, nodes.target("", "", ids=[asked]))
        for answer in list(question.findall(review_answer)):
            entry += answer.children
            pointer = nodes.paragraph(classes=["review-answer-pointer"])
            pointer += _page_number(page, answered, "Answer on page ", ".")
            pointer += nodes.raw("", _LINES, format="latex")
            answer.replace_self(pointer)
        groups[page] += entry
    _root_section(doctree).append(appendix)
    return len(questions)


# --- the course map -------------------------------------------------------------
def _descendants(env: BuildEnvironment, docname: str) -> Iterator[str]:
    yield docname
    for child in env.toctree_includes.get(docname, ()):
        yield from _descendants(env, child)


def _minutes(env: BuildEnvironment, docnames: Iterable[str]) -> int:
    total = 0
    for docname in docnames:
        wordcount = env.metadata.get(docname, {}).get("wordcount", {})
        if isinstance(wordcount, dict):
            total += int(wordcount.get("minutes", 0) or 0)
    return total


def _course_map(app: Sphinx, docname: str, node: course_map) -> Node:
    env = app.env
    domain = get_domain(env)
    root = app.config.root_doc
    titles = {page.id: page.title for page in get_pages(env).pages.values()}
    rows = nodes.bullet_list(classes=["course-map", GENERATED_CLASS])
    number = 0
    for chapter in env.toctree_includes.get(root, ()):
        objectives = domain.data["objectives"].get(chapter)
        if not objectives:
            continue
        number += 1
        pages = list(dict.fromkeys(_descendants(env, chapter)))
        questions = sum(domain.data["questions"].get(page, 0) for page in pages)
        title = env.titles[chapter].astext() if chapter in env.titles else chapter
        item = nodes.list_item()
        head = nodes.paragraph()
        head += nodes.strong(f"Module {number}: ", f"Module {number}: ")
        head += page_link(app.builder, docname, chapter, title)
        head += nodes.Text(
            f" - about {_minutes(env, pages)} min of reading, {len(pages)} pages, "
            f"{questions} review questions"
        )
        item += head
        goals = nodes.bullet_list()
        for objective in objectives:
            text = _with_titles(objective, titles)
            goals += nodes.list_item("", nodes.paragraph(text, text))
        item += goals
        rows += item
    if number == 0:
        return nodes.paragraph("", "No module declares learning objectives yet.")
    return rows


def shown_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages with a course map, when anything it shows changed."""
    domain = get_domain(env)
    root = app.config.root_doc
    modules = []
    for chapter in env.toctree_includes.get(root, ()):
        pages = tuple(dict.fromkeys(_descendants(env, chapter)))
        title = env.titles[chapter].astext() if chapter in env.titles else chapter
        modules.append(
            (
                chapter,
                title,
                pages,
                domain.data["objectives"].get(chapter),
                [domain.data["questions"].get(page, 0) for page in pages],
                _minutes(env, pages),
            )
        )
    titles = sorted((page.id, page.title) for page in get_pages(env).pages.values())
    shown = (modules, titles)
    return changed_pages(app, env, "course", {d: shown for d in domain.data["maps"]})


def resolve_course(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[Element]
) -> None:
    """The course map."""
    for node in placeholders:
        node.replace_self(_course_map(app, docname, node))


def _answers_to_appendix(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: in LaTeX, the answers move to an appendix."""
    if app.builder.format == "latex":
        titles = {d: p.title for d, p in get_pages(app.env).pages.items()}
        doctree["docname"] = docname
        move_answers_to_appendix(doctree, titles)


def setup_course(app: Sphinx) -> None:
    app.add_domain(CourseDomain)
    app.add_directive("learning-objectives", LearningObjectives)
    app.add_directive("review-question", ReviewQuestion)
    app.add_directive("answer", Answer)
    app.add_directive("course-map", CourseMap)
    plain = (visit_depart_null, visit_depart_null)
    app.add_node(
        review_question,
        html=(visit_question_html, depart_question_html),
        latex=plain,
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.add_node(
        review_answer,
        html=(visit_answer_html, depart_answer_html),
        latex=plain,
        text=(visit_answer_text, depart_answer_text),
        man=plain,
        texinfo=plain,
    )
    add_placeholders(app, course_map)
    connect_resolver(app, resolve_course, course_map)
    app.connect("doctree-resolved", _answers_to_appendix)
    app.connect("env-get-updated", shown_data)
