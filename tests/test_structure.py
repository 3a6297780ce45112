"""The generator's modules stand in layers: none imports one above it, and no two import each other.

Read from the source with `ast`, so an import inside a function or under TYPE_CHECKING counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# Lowest first. A module (or package) of generator/ must be placed here to be allowed at all.
LAYERS: dict[str, int] = {
    # ground floor: models and pure rules
    **dict.fromkeys(
        ["__init__", "schema", "scoring", "results", "roster", "participant", "problems", "i18n", "safety", "terminal"], 0
    ),
    # reading a course folder
    **dict.fromkeys(["yamlsource", "yamlslips", "validate", "rules", "quality", "loader"], 1),
    # the site
    **dict.fromkeys(["plugin", "render", "bundles", "chrome", "preview", "sitecheck"], 2),
    # the facilitator's tools
    **dict.fromkeys(["documents", "package", "report"], 3),
    # the command line
    **dict.fromkeys(["cli", "session", "__main__"], 4),
}
# Imports for type annotations only that still reach up a floor, each waiting for its fix.
TYPE_ONLY_UPWARD = {
    # results.verify takes the loaded course; it should take the course and quiz models (issue 16)
    ("results", "loader"),
}


def top_module(path: Path) -> str:
    """The generator module a file belongs to: `render/__init__.py` -> render, `cli.py` -> cli."""
    parts = path.relative_to(GENERATOR).with_suffix("").parts
    return parts[0]


def is_module(name: str) -> bool:
    return (GENERATOR / f"{name}.py").is_file() or (GENERATOR / name / "__init__.py").is_file()


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported generator module, line, only under TYPE_CHECKING) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "generator":  # a module of the package, or a name from its face
                names = [f"generator.{a.name if is_module(a.name) else '__init__'}" for a in node.names]
            else:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.append((parts[1], node.lineno, id(node) in typing_only))
    return found


def graph() -> dict[str, dict[str, list[str]]]:
    """module -> imported module -> the places (file:line, marked if type-only) that import it."""
    edges: dict[str, dict[str, list[str]]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        if "assets" in path.relative_to(GENERATOR).parts:
            continue
        source = top_module(path)
        for target, line, typing_only in imports_of(path):
            if target != source:
                where = f"{path.relative_to(GENERATOR.parent)}:{line}" + (
                    " (type only)" if typing_only else ""
                )
                edges.setdefault(source, {}).setdefault(target, []).append(where)
    return edges


def test_the_reader_sees_imports_of_every_kind(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "import generator.schema\n"
        "from generator import rules\n"
        "from generator.render import environment\n"
        "if TYPE_CHECKING:\n"
        "    from generator.loader import LoadedCourse\n"
        "def late():\n"
        "    from generator.report import collect\n",
        encoding="utf-8",
    )
    assert sorted(imports_of(sample)) == [
        ("loader", 6, True),
        ("render", 4, False),
        ("report", 8, False),
        ("rules", 3, False),
        ("schema", 2, False),
    ]


def test_every_module_has_a_floor() -> None:
    modules = {top_module(p) for p in GENERATOR.rglob("*.py") if "assets" not in p.parts}
    assert not modules - set(LAYERS), "place the new module in LAYERS (tests/test_structure.py)"


def test_no_module_imports_one_on_a_floor_above() -> None:
    upward = [
        f"{source} (floor {LAYERS[source]}) imports {target} (floor {LAYERS[target]}) at {', '.join(places)}"
        for source, targets in graph().items()
        for target, places in targets.items()
        if LAYERS[target] > LAYERS[source]
        and not ((source, target) in TYPE_ONLY_UPWARD and all(p.endswith("(type only)") for p in places))
    ]
    assert not upward, "\n".join(upward)


def test_no_import_circle() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, str] = {}  # module -> "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, {})):
            if state.get(target) == "open":
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(" -> ".join(c) for c in circles)
