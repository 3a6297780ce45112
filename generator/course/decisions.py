"""Rules of a decision aid's graph (decisions/*.yml). Pure: models and documents in, Problems out.

A decision aid is a directed graph of named nodes: questions, whose choices lead on, and verdicts,
where every path must end. Every rule here runs in time linear in the nodes and choices: one pass
to index the nodes, one depth-first walk from `start` for reachability, cycles and depth.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.course.yamlsource import Document, Loc, Sourced
from generator.problems import Problem, problem
from generator.schema import Course, Decision, DecisionNode, Lesson, Quality

# Item-writing: a choice this many times as long as every other choice of its question stands out
LONG_CHOICE_RATIO = 2.0
LONG_CHOICE_MIN_CHARS = 25  # short choices ("Ya", "Tidak") are not compared
RULE_LONG_CHOICE = "decision-long-choice"


def _at(doc: Document, loc: Loc, msg: str, /, severity: str = "error", **values: object) -> Problem:
    line, column = doc.where(loc)
    return problem(doc.path, line, column, msg, severity=severity, field=doc.original(loc), **values)  # type: ignore[arg-type]


def is_question(node: DecisionNode) -> bool:
    return node.question is not None or node.choices is not None


@dataclass(frozen=True)
class Walk:
    """What a walk from `start` found: the nodes reached, and the first path to each of them."""

    reached: set[str]
    path_to: dict[str, list[str]]  # node id -> the node ids after `start` on the first path found


def walk(decision: Decision) -> Walk:
    """Every node reachable from `start`, each with the first path to it (breadth first: shortest)."""
    nodes = {n.id: n for n in decision.nodes}
    path_to: dict[str, list[str]] = {decision.start: []} if decision.start in nodes else {}
    queue = list(path_to)
    for ident in queue:  # the list grows while it is read: a breadth-first walk, each node once
        for choice in nodes[ident].choices or []:
            if choice.to in nodes and choice.to not in path_to:
                path_to[choice.to] = [*path_to[ident], choice.to]
                queue.append(choice.to)
    return Walk(set(path_to), path_to)


def check(
    decisions: list[Sourced[Decision]],
    course: Course | None,
    lessons: dict[str, Sourced[Lesson]],
    taken: set[str],
    root: Path,
    broken: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    """Every rule of the decision aids, and of the lessons' links into them. `taken`: the ids of
    lessons, quizzes and pages, which a decision aid's page must not clash with; `broken`: ids of
    files with errors of their own, known, so a verdict naming one is not reported again."""
    found: list[Problem] = []
    seen: dict[str, Document] = {}
    for item in decisions:
        ident = item.model.id
        if ident in seen:
            other = seen[ident]
            where = f"{_relative(other.path, root)}:{other.where(('id',))[0]}"
            found.append(_at(item.doc, ("id",), "decision_duplicate_id", id=ident, other=where))
            continue
        seen[ident] = item.doc
        if ident in taken:
            found.append(_at(item.doc, ("id",), "decision_id_clash", id=ident))
        found += check_decision(item.model, item.doc, course, set(lessons) | set(broken))
    table = {d.model.id: d.model for d in decisions}
    for lesson in lessons.values():
        link = lesson.model.decision
        if link is None:
            continue
        if link.aid not in table:
            found.append(_at(lesson.doc, ("decision", "aid"), "decision_unknown_aid", id=link.aid))
        elif link.node not in {n.id for n in table[link.aid].nodes}:
            found.append(_at(lesson.doc, ("decision", "node"), "decision_unknown_node", id=link.node))
    return found


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def check_decision(
    decision: Decision, doc: Document, course: Course | None, lesson_ids: set[str]
) -> list[Problem]:
    found: list[Problem] = []
    settings = course.decisions if course else None
    if course is not None and settings is None:
        found.append(_at(doc, ("id",), "decision_no_verdicts"))
    verdicts = set(settings.verdicts) if settings else None
    refs = set(course.references) if course else None
    quality = course.quality if course else Quality()

    # Ids, and which index holds each node
    index: dict[str, int] = {}
    for i, node in enumerate(decision.nodes):
        if node.id in index:
            line = doc.where(("nodes", index[node.id], "id"))[0]
            found.append(_at(doc, ("nodes", i, "id"), "decision_duplicate_node", id=node.id, line=line))
        else:
            index[node.id] = i
    if decision.start not in index:
        found.append(_at(doc, ("start",), "decision_unknown_node", id=decision.start))

    # Each node on its own: its kind, its targets, its verdict, references and lessons
    for i, node in enumerate(decision.nodes):
        found += _check_node(doc, ("nodes", i), node, index, verdicts, refs, lesson_ids, quality)

    # The graph: reachable from start, no loop but the marked ones, no path too long
    if decision.start in index:
        found += _check_graph(decision, doc, index, settings.max_depth if settings else 8)
    return found


def _check_node(
    doc: Document,
    here: Loc,
    node: DecisionNode,
    index: dict[str, int],
    verdicts: set[str] | None,
    refs: set[str] | None,
    lesson_ids: set[str],
    quality: Quality,
) -> list[Problem]:
    found: list[Problem] = []
    question, verdict = is_question(node), node.verdict is not None
    if question == verdict:  # neither, or both
        found.append(_at(doc, here, "decision_node_kind", id=node.id))
        return found
    if question:
        if node.question is None:
            found.append(_at(doc, here, "missing", key="question"))
        if not node.choices:
            found.append(_at(doc, here, "decision_no_choices", id=node.id))
            return found
        for key in ("explanation", "references", "lessons", "steps"):
            if getattr(node, key):
                found.append(_at(doc, (*here, key), "decision_verdict_key", key=key))
        for j, choice in enumerate(node.choices):
            if choice.to not in index:
                found.append(_at(doc, (*here, "choices", j, "to"), "decision_unknown_node", id=choice.to))
        if not any(not c.back for c in node.choices):
            found.append(_at(doc, (*here, "choices"), "decision_dead_end", id=node.id))
        found += _long_choice(doc, here, node, quality)
        return found
    # A verdict
    if node.help is not None:
        found.append(_at(doc, (*here, "help"), "decision_question_key", key="help"))
    if verdicts is not None and node.verdict not in verdicts:
        found.append(
            _at(
                doc,
                (*here, "verdict"),
                "decision_unknown_verdict",
                id=node.verdict,
                known=", ".join(sorted(verdicts)),
            )
        )
    if node.explanation is None:
        found.append(_at(doc, here, "missing", key="explanation"))
    if not node.references:
        found.append(_at(doc, here, "decision_needs_reference", id=node.id))
    for j, citation in enumerate(node.references):
        if refs is not None and citation.ref not in refs:
            found.append(_at(doc, (*here, "references", j), "unknown_reference", id=citation.ref))
    for j, lesson in enumerate(node.lessons):
        if lesson not in lesson_ids:
            found.append(_at(doc, (*here, "lessons", j), "unknown_lesson", id=lesson))
    return found


def _long_choice(doc: Document, here: Loc, node: DecisionNode, quality: Quality) -> list[Problem]:
    """One choice much longer than the others draws the eye, and the reader's answer with it."""
    lengths = sorted(((len(c.text), j) for j, c in enumerate(node.choices or []) if not c.back), reverse=True)
    if len(lengths) < 2 or lengths[0][0] < LONG_CHOICE_MIN_CHARS:
        return []
    (longest, j), (second, _) = lengths[0], lengths[1]
    if longest < LONG_CHOICE_RATIO * second:
        return []
    severity = "error" if quality.strict else "warning"
    finding = _at(
        doc,
        (*here, "choices", j, "text"),
        "decision_long_choice",
        severity=severity,
        longest=longest,
        other=second,
    )
    return [replace(finding, rule=RULE_LONG_CHOICE)]


def _check_graph(decision: Decision, doc: Document, index: dict[str, int], max_depth: int) -> list[Problem]:
    found: list[Problem] = []
    nodes = decision.nodes
    # Depth-first from start, without recursion (a long chain must not overflow Python's stack).
    # state: 1 on the current path, 2 finished; depth: questions on the longest path from a node
    state: dict[str, int] = {}
    depth: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(decision.start, 0)]
    state[decision.start] = 1
    while stack:
        ident, j = stack[-1]
        node = nodes[index[ident]]
        choices = (node.choices or []) if node.verdict is None else []
        if j < len(choices):
            stack[-1] = (ident, j + 1)
            choice = choices[j]
            if choice.to not in index or choice.back:
                continue
            if state.get(choice.to) == 1:
                found.append(
                    _at(
                        doc,
                        ("nodes", index[ident], "choices", j, "to"),
                        "decision_cycle",
                        id=ident,
                        to=choice.to,
                    )
                )
            elif choice.to not in state:
                state[choice.to] = 1
                stack.append((choice.to, 0))
            continue
        stack.pop()
        state[ident] = 2
        onward = [depth.get(c.to, 0) for c in choices if not c.back and c.to in index]
        depth[ident] = (1 + max(onward, default=0)) if choices else 0
    reached = walk(decision).reached  # back choices count here: they lead somewhere
    for i, node in enumerate(nodes):
        if node.id not in reached and index.get(node.id) == i:
            found.append(
                _at(doc, ("nodes", i, "id"), "decision_unreachable", id=node.id, start=decision.start)
            )
    longest = depth.get(decision.start, 0)
    if longest > max_depth:
        found.append(_at(doc, ("start",), "decision_too_deep", depth=longest, limit=max_depth))
    return found


def verdict_paths(decision: Decision) -> list[list[tuple[str, int]]]:
    """Every path from start to a verdict, as (question id, choice index) steps: for tests and the
    graph's reviewers. The number of paths can grow fast with the graph; version 1's aids are trees
    with a few shared verdicts, so this stays small."""
    nodes = {n.id: n for n in decision.nodes}
    paths: list[list[tuple[str, int]]] = []
    stack: list[tuple[str, list[tuple[str, int]]]] = [(decision.start, [])]
    while stack:
        ident, path = stack.pop()
        node = nodes[ident]
        if node.verdict is not None:
            paths.append(path)
            continue
        for j, choice in enumerate(node.choices or []):
            if not choice.back:
                stack.append((choice.to, [*path, (ident, j)]))
    return paths
