"""The generator stands as three wings over a ground floor, with the command line on top.

- ground floor (`generator/*.py` but the command line): models and pure rules shared by all;
- `course/` reads a course folder, `site/` makes the site, `tools/` are the facilitator's tools:
  each wing imports the ground floor and `course/`; `site/` and `tools/` never import each other;
- `cli`, `session`, `__main__` on top.

A package is its folder: `generator/site/plugin.py` belongs to the wing `site`. Read from the source
with `ast`, so an import inside a function or under TYPE_CHECKING counts too, and so does a relative
import. No module imports a private name (one that starts with `_`) from another module.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

GROUND = [
    "__init__",
    "schema",
    "scoring",
    "results",
    "roster",
    "participant",
    "problems",
    "i18n",
    "safety",
    "terminal",
    "templating",
    "bundles",
    "credential",
]
WINGS = {"course": 1, "site": 2, "tools": 2}
TOP = ["cli", "session", "__main__"]
# Floor of each room: ground 0, reading a course 1, site and tools 2 (side by side), command line 3
FLOORS: dict[str, int] = {**dict.fromkeys(GROUND, 0), **WINGS, **dict.fromkeys(TOP, 3)}
# Rooms on one floor that must not know each other
NEVER = {("site", "tools"), ("tools", "site")}


def room(path: Path) -> str:
    """The room a file belongs to: `site/plugin.py` -> site, `cli.py` -> cli."""
    parts = path.relative_to(GENERATOR).with_suffix("").parts
    return parts[0]


def module_name(path: Path) -> str:
    """`generator/site/plugin.py` -> generator.site.plugin; a package's `__init__` is the package."""
    parts = list(path.relative_to(GENERATOR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module an `from ... import` names, relative imports resolved against the importing module."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    if not is_package:
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (GENERATOR / relative).with_suffix(".py").is_file() or (
        GENERATOR / relative / "__init__.py"
    ).is_file()


def imports_of(path: Path, module: str | None = None) -> list[tuple[str, int, bool, list[str]]]:
    """(imported generator module, line, only under TYPE_CHECKING, names) for every import in a file.

    `module`: the file's dotted name, for relative imports (default: from its place in generator/)."""
    module = module or module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        targets: list[tuple[str, list[str]]] = []
        if isinstance(node, ast.Import):
            targets = [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = absolute(node, module, path.name == "__init__.py")
            for alias in node.names:
                # `from generator.site import plugin`: the module generator.site.plugin
                sub = f"{source}.{alias.name}"
                if source.startswith("generator") and is_module(sub):
                    targets.append((sub, []))
                else:
                    targets.append((source, [alias.name]))
        for name, names in targets:
            if name == "generator" or name.startswith("generator."):
                found.append((name, node.lineno, id(node) in typing_only, names))
    return found


def room_of(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, dict[str, list[str]]]:
    """room -> imported room -> the places (file:line, marked if type-only) that import it."""
    edges: dict[str, dict[str, list[str]]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        if "assets" in path.relative_to(GENERATOR).parts:
            continue
        source = room(path)
        for target, line, typing_only, _names in imports_of(path):
            target_room = room_of(target)
            if target_room != source:
                where = f"{path.relative_to(GENERATOR.parent)}:{line}" + (
                    " (type only)" if typing_only else ""
                )
                edges.setdefault(source, {}).setdefault(target_room, []).append(where)
    return edges


def test_the_reader_sees_imports_of_every_kind(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "import generator.schema\n"
        "from generator.course import rules\n"
        "from generator.site.pages import environment\n"
        "from . import fields\n"
        "from ..tools.report import collect\n"
        "if TYPE_CHECKING:\n"
        "    from generator.course.loader import LoadedCourse\n"
        "def late():\n"
        "    from generator.results import TO_DIGITS\n",
        encoding="utf-8",
    )
    found = sorted((m, line, t) for m, line, t, _ in imports_of(sample, "generator.site.sample"))
    assert found == [
        ("generator.course.loader", 8, True),
        ("generator.course.rules", 3, False),
        ("generator.results", 10, False),
        ("generator.schema", 2, False),
        ("generator.site.fields", 5, False),
        ("generator.site.pages", 4, False),
        ("generator.tools.report.collect", 6, False),
    ]


def test_the_wings_are_folders_and_every_room_has_a_floor() -> None:
    for wing in WINGS:
        assert (GENERATOR / wing / "__init__.py").is_file(), f"generator/{wing}/ is a package"
    rooms = {room(p) for p in GENERATOR.rglob("*.py") if "assets" not in p.parts}
    assert not rooms - set(FLOORS), "place the new module on a floor (tests/test_structure.py)"


def test_no_room_imports_one_on_a_floor_above_or_a_sibling_wing() -> None:
    wrong = [
        f"{source} (floor {FLOORS[source]}) imports {target} (floor {FLOORS[target]}) at {', '.join(places)}"
        for source, targets in graph().items()
        for target, places in targets.items()
        if FLOORS[target] > FLOORS[source] or (source, target) in NEVER
    ]
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_from_another_module() -> None:
    found = [
        f"{path.relative_to(GENERATOR.parent)}:{line} imports {', '.join(n for n in names if n.startswith('_'))} from {module}"
        for path in sorted(GENERATOR.rglob("*.py"))
        if "assets" not in path.parts
        for module, line, _t, names in imports_of(path)
        if any(n.startswith("_") and not n.startswith("__") for n in names)
    ]
    assert not found, "\n".join(found)


def test_no_import_circle() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, str] = {}  # room -> "open" while on the path, "done" after

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, {})):
            if state.get(target) == "open":
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


# One home per concept (docs/architecture.md): the places that used to spell a rule out again


def python_files(root: Path = GENERATOR) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "assets" not in p.relative_to(root).parts)


def _literal_strings(node: ast.AST) -> set[str] | None:
    """The strings of a tuple, list or set written out, when that is all it holds."""
    if not isinstance(node, ast.Tuple | ast.List | ast.Set) or not node.elts:
        return None
    values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return set(values) if len(values) == len(node.elts) and all(isinstance(v, str) for v in values) else None


def _under_literal_type(tree: ast.AST) -> set[int]:
    # `Literal["id", "en"]` is a type, checked against the constant by its own test
    return {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("Literal")
        for n in ast.walk(node.slice)
    }


def spelt_out(root: Path, home: str, check) -> list[str]:  # type: ignore[no-untyped-def]
    """file:line of every node outside `home` (a path relative to root) for which `check` says yes."""
    found = []
    for path in python_files(root):
        if path.relative_to(root).as_posix() == home:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _under_literal_type(tree)
        found += [
            f"{path.relative_to(root.parent)}:{node.lineno}"
            for node in ast.walk(tree)
            if id(node) not in skip and check(node)
        ]
    return found


def language_literals(root: Path = GENERATOR) -> list[str]:
    """ "id" as a default (an assignment, a parameter's default, a fallback) or the languages listed."""

    def check(node: ast.AST) -> bool:
        if _literal_strings(node) == {"id", "en"}:
            return True
        values: list[ast.AST | None] = []
        if isinstance(node, ast.Assign | ast.AnnAssign):
            values = [node.value]
        elif isinstance(node, ast.arguments):
            values = [*node.defaults, *node.kw_defaults]
        elif isinstance(node, ast.IfExp):
            values = [node.body, node.orelse]
        return any(isinstance(v, ast.Constant) and v.value == "id" for v in values)

    return spelt_out(root, "i18n.py", check)


def graded_kind_lists(root: Path = GENERATOR) -> list[str]:
    from generator.schema import GRADED_KINDS

    return spelt_out(root, "schema.py", lambda node: _literal_strings(node) == set(GRADED_KINDS))


def percent_arithmetic(root: Path = GENERATOR) -> list[str]:
    """Points earned times 100: a percent or a pass verdict worked out by hand."""

    def check(node: ast.AST) -> bool:
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
            return False
        sides = (node.left, node.right)
        return any(isinstance(s, ast.Constant) and s.value == 100 for s in sides) and "earned" in ast.unparse(
            node
        )

    return spelt_out(root, "scoring.py", check)


def problem_sort_keys(root: Path = GENERATOR) -> list[str]:
    return [
        f"{path.relative_to(root.parent)}"
        for path in python_files(root)
        if path.relative_to(root).as_posix() != "problems.py"
        and "str(p.path), p.line, p.column" in path.read_text(encoding="utf-8")
    ]


def tools_making_bundles(root: Path = GENERATOR) -> list[str]:
    """A facilitator's tool that imports the bundles rewrites what the build made."""
    return [
        f"{path.relative_to(root.parent)}:{line}"
        for path in python_files(root / "tools")
        for module, line, _t, _n in imports_of(
            path, ".".join(["generator", *path.relative_to(root).with_suffix("").parts])
        )
        if module == "generator.bundles"
    ]


def js_helpers_defined_again(root: Path = GENERATOR) -> list[str]:
    """`own` and `isObj` are storage.js's (exported as Latih.storage); no other script defines them."""
    return [
        path.name
        for path in sorted((root / "assets" / "js").glob("*.js"))
        if path.name != "storage.js"
        and any(f"const {name} = (" in path.read_text(encoding="utf-8") for name in ("own", "isObj"))
    ]


def test_the_default_language_and_the_languages_are_i18n_s() -> None:
    assert not language_literals(), language_literals()


def test_the_languages_have_one_locale_file_each_and_the_schema_their_twin() -> None:
    import typing

    from generator.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR
    from generator.schema import Course, Language

    assert {p.stem for p in LOCALE_DIR.glob("*.yml")} == set(LANGUAGES)
    assert typing.get_args(Language) == LANGUAGES
    assert Course.model_fields["language"].default == DEFAULT_LANGUAGE == LANGUAGES[0]


def test_graded_kinds_are_schema_s() -> None:
    assert not graded_kind_lists(), graded_kind_lists()


def test_percents_and_pass_verdicts_are_scoring_s() -> None:
    assert not percent_arithmetic(), percent_arithmetic()


def test_problem_order_is_problems_s() -> None:
    assert not problem_sort_keys(), problem_sort_keys()


def test_no_tool_rewrites_the_bundles_a_build_made() -> None:
    assert not tools_making_bundles(), tools_making_bundles()


def test_js_helpers_live_in_storage_only() -> None:
    assert not js_helpers_defined_again(), js_helpers_defined_again()
