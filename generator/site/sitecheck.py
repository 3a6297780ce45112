"""What mkdocs.yml asks of the site, checked against the course: warnings, each at its line.

Two settings decide what a participant meets and are easy to miss in a course's own mkdocs.yml:
mkdocs-material's `offline` plugin (without it, search finds nothing on a site opened from the
file system: a USB stick, an unzipped folder) and the theme's language (the plugin makes the site
speak the course's language, so a different one in mkdocs.yml says something that is not so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from generator.problems import Problem, problem


def _child(node: Node | None, key: str) -> Node | None:
    """The value node under `key` in a mapping node (the key node for a key with no value)."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _where(node: Node | None) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)


def _tree(path: Path) -> Node | None:
    # Composing builds nodes without constructing values: MkDocs' own tags (!ENV, !relative) pass
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


# Material loads Mermaid from unpkg.com into any page that holds a diagram: a request outside the site
_MERMAID = re.compile(r"""class=["']?mermaid\b|^[ \t]*(?:```|~~~)[ \t]*\{?[ \t]*\.?mermaid\b""", re.MULTILINE)


def diagram_problems(files: Iterable[Path], read: Mapping[Path, str | None] | None = None) -> list[Problem]:
    """A warning at the first Mermaid diagram of each file (pages and lessons, read as text).
    `read`: the texts already read (the lessons' YAML), not to be read again."""
    found: list[Problem] = []
    known = read or {}
    for path in files:
        text = known.get(path)
        try:
            text = path.read_text(encoding="utf-8") if text is None else text
        except (OSError, UnicodeDecodeError):
            continue
        match = _MERMAID.search(text)
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            found.append(problem(path, line, column, "mermaid_cdn", severity="warning"))
    return found


def site_problems(
    config_file: Path, plugins: list[str], theme: dict[str, Any], language: str
) -> list[Problem]:
    """Warnings about the MkDocs configuration (`plugins`: their names; `theme`: as MkDocs read it)."""
    tree = _tree(config_file)
    found: list[Problem] = []
    if not any(name == "offline" or name.endswith("/offline") for name in plugins):
        line, column = _where(_child(tree, "plugins") or tree)
        found.append(problem(config_file, line, column, "no_offline_search", severity="warning"))
    written = theme.get("language")
    if written and written != language:
        node = _child(_child(tree, "theme"), "language") or _child(tree, "theme")
        line, column = _where(node)
        values = {"theme": written, "course": language}
        found.append(problem(config_file, line, column, "theme_language", severity="warning", **values))
    return found
