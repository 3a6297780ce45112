"""A decision aid as a Mermaid flowchart: every question, choice and verdict, for a legal reviewer.

Mermaid's text is readable as it is, and GitHub, GitLab, MkDocs-Material (with its Mermaid
extension) and mermaid.live draw it. Node labels are quoted, and the characters Mermaid gives a
meaning to inside quotes are written as entities.
"""

from __future__ import annotations

from generator.schema import Course, Decision

_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "\n": " "}


def _label(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _name(ident: str) -> str:
    # Mermaid ids: letters, digits and underscores are safe everywhere ("end" is a keyword)
    return "n_" + ident.replace("-", "_")


def mermaid(decision: Decision, course: Course) -> str:
    """The flowchart, top to bottom; verdicts as rounded boxes with their label and references."""
    labels = course.decisions.verdicts if course.decisions else {}
    refs = course.references
    lines = ["flowchart TD"]
    for node in decision.nodes:
        if node.verdict is not None:
            label = labels[node.verdict].label if node.verdict in labels else node.verdict
            cited = ", ".join(refs[c.ref].short if c.ref in refs else c.ref for c in node.references)
            text = f"{node.id}: {label.upper()} ({cited})"
            lines.append(f'  {_name(node.id)}(["{_label(text, 140)}"])')
            lines.append(f"  class {_name(node.id)} v_{node.verdict.replace('-', '_')}")
        else:
            lines.append(f'  {_name(node.id)}{{"{_label(node.question or node.id)}"}}')
    for node in decision.nodes:
        for choice in node.choices or []:
            arrow = "-.->" if choice.back else "-->"
            lines.append(
                f'  {_name(node.id)} {arrow}|"{_label(choice.crumb or choice.text, 60)}"| {_name(choice.to)}'
            )
    colours = {"positive": "#d8f0d8", "negative": "#f8d8d8", "caution": "#fff0c0", "neutral": "#e8e8e8"}
    for ident, verdict in labels.items():
        lines.append(f"  classDef v_{ident.replace('-', '_')} fill:{colours[verdict.tone]},stroke:#333")
    return "\n".join(lines) + "\n"
