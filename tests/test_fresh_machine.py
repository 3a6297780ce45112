"""The README's test command is enough on a fresh machine: every program a test runs comes from it.

The tests' sources are read (not run) for the programs they start (`subprocess.run`, `Popen`,
`check_output`, `call`, `check_call`, `os.system`) and the programs they look up
(`shutil.which`). Each must be installed by scripts/test.sh (its `apt_get install` line, through the
table of Debian packages below) or be Python itself, which the README's quick start asks for.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

TESTS = REPO / "tests"
TEST_SH = REPO / "scripts" / "test.sh"
README = REPO / "README.md"

# The programs each Debian package that scripts/test.sh may install puts on the PATH
PACKAGE_PROGRAMS = {
    "chromium": {"chromium"},
    "chromium-driver": {"chromedriver"},
    "poppler-utils": {
        "pdfattach", "pdfdetach", "pdffonts", "pdfimages", "pdfinfo", "pdfseparate", "pdfsig",
        "pdftocairo", "pdftohtml", "pdftoppm", "pdftops", "pdftotext", "pdfunite",
    },
    "zbar-tools": {"zbarcam", "zbarimg"},
    "python3-venv": set(),
}  # fmt: skip
PYTHON = "<python>"  # sys.executable: the virtual environment's Python
RUNNERS = {"subprocess": {"run", "Popen", "check_output", "call", "check_call"}, "os": {"system", "popen"}}


@dataclass(frozen=True)
class Use:
    program: str  # a program's name, PYTHON, or "?" when the source does not say which
    where: str  # path:line


def _program(node: ast.expr, scope: ast.AST) -> str:
    """The program an argv (or its first item) names, following names assigned in the same scope."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return shlex.split(node.value)[0] if node.value.strip() else "?"
    if isinstance(node, ast.Attribute) and node.attr == "executable":
        return PYTHON
    if isinstance(node, ast.List | ast.Tuple) and node.elts:
        first = node.elts[0]
        return _program(first.value if isinstance(first, ast.Starred) else first, scope)
    if isinstance(node, ast.BinOp):  # [program, ...] + rest
        return _program(node.left, scope)
    if isinstance(node, ast.Call) and _which(node) is not None:
        return _which(node) or "?"
    if isinstance(node, ast.Name):
        found = {
            _program(n.value, scope)
            for n in ast.walk(scope)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
        }
        if len(found) == 1:
            return found.pop()
        params = [a.arg for a in getattr(getattr(scope, "args", None), "args", [])]
        if node.id in params and isinstance(scope, ast.FunctionDef):
            return f"<argument {node.id} of {scope.name}>"
    return "?"


def _which(call: ast.Call) -> str | None:
    """The name `shutil.which("...")` looks up; "" when it is not a literal; None for another call."""
    func = call.func
    if (isinstance(func, ast.Attribute) and func.attr == "which") or (
        isinstance(func, ast.Name) and func.id == "which"
    ):
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
            return call.args[0].value
        return ""
    return None


def programs_used(source: str, name: str) -> list[Use]:
    """Every program the source starts or looks up."""
    tree = ast.parse(source, name)
    uses: list[Use] = []
    scopes: list[ast.AST] = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
    owner: dict[ast.AST, ast.AST] = {}
    for scope in scopes:  # innermost function wins: functions come after the module in `scopes`
        for node in ast.walk(scope):
            owner[node] = scope
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{name}:{node.lineno}"
        looked_up = _which(node)
        if looked_up is not None:
            uses.append(Use(looked_up or "?", where))
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            starts = func.attr in RUNNERS.get(func.value.id, set())
        else:  # from subprocess import Popen (a bare `run` or `call` is too often a local helper)
            starts = isinstance(func, ast.Name) and func.id in {"Popen", "check_output", "check_call"}
        if starts:
            argv = (
                node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "args"), None)
            )
            uses.append(Use(_program(argv, owner[node]) if argv is not None else "?", where))
    return sorted(uses, key=lambda u: int(u.where.rsplit(":", 1)[1]))


def installed_by_test_sh(script: str) -> tuple[set[str], set[str]]:
    """The Debian packages scripts/test.sh installs, and the programs its `command -v` guard checks."""
    packages: set[str] = set()
    for line in script.splitlines():
        if re.match(r"\s*apt_get install\b", line):
            packages |= {w for w in shlex.split(line)[2:] if not w.startswith("-")}
    guarded = set(re.findall(r"command -v (\S+)", script))
    return packages, guarded


def always_present(readme: str) -> set[str]:
    """What the README's quick start asks the machine to have before its two commands."""
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    named = {PYTHON} if "Python 3.11" in quick_start else set()
    return named | ({"git"} if re.search(r"\bgit\b", quick_start) else set())


def missing(uses: list[Use], packages: set[str], present: set[str]) -> list[Use]:
    available = present | {p for package in packages for p in PACKAGE_PROGRAMS.get(package, set())}
    return [u for u in uses if u.program not in available]


def source_files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def all_uses() -> list[Use]:
    return [
        use
        for path in source_files()
        for use in programs_used(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
    ]


def test_every_program_the_tests_run_is_installed_by_the_test_command() -> None:
    packages, _ = installed_by_test_sh(TEST_SH.read_text(encoding="utf-8"))
    uses = all_uses()
    found = {u.program for u in uses}
    # The scan sees what the suite is known to use, so it is looking at the right calls
    assert {PYTHON, "chromium", "pdftotext", "pdftoppm", "zbarimg"} <= found, found
    assert missing(uses, packages, always_present(README.read_text(encoding="utf-8"))) == []


def test_the_install_guard_checks_a_program_of_every_package() -> None:
    """test.sh installs only when one of the programs it checks is missing: each package must have one
    there, or a machine holding the others would never get it."""
    packages, guarded = installed_by_test_sh(TEST_SH.read_text(encoding="utf-8"))
    assert packages >= {"chromium", "poppler-utils", "zbar-tools"}
    for package in packages - {"chromium-driver"}:  # installed with chromium, for tools that need it
        assert PACKAGE_PROGRAMS[package] & guarded, package


FAKE = """
import shutil, subprocess, sys
from subprocess import check_output

def enlarge(shot):
    subprocess.run(["convert", str(shot), "-resize", "400%", str(shot)], check=True)

def read(png):
    return subprocess.run(["zbarimg", "--raw", str(png)], capture_output=True).stdout

def verify():
    command = [sys.executable, "-m", "generator", "verify"]
    return subprocess.run(command, capture_output=True)

def optional():
    if not shutil.which("node"):
        return None
    return check_output("magick identify x.png", shell=True)

def unknown(argv):
    return subprocess.Popen(argv)
"""


def test_the_scan_flags_a_program_the_test_command_does_not_install() -> None:
    uses = programs_used(FAKE, "fake.py")
    assert [u.program for u in uses] == [
        "convert",
        "zbarimg",
        PYTHON,
        "node",
        "magick",
        "<argument argv of unknown>",
    ]
    packages, _ = installed_by_test_sh(TEST_SH.read_text(encoding="utf-8"))
    flagged = missing(uses, packages, {PYTHON})
    assert [(u.program, u.where) for u in flagged] == [
        ("convert", "fake.py:6"),
        ("node", "fake.py:16"),
        ("magick", "fake.py:18"),
        ("<argument argv of unknown>", "fake.py:21"),
    ]
    # Without Python named in the README, even the interpreter would be flagged
    assert PYTHON in {
        u.program for u in missing(uses, packages, always_present("# x\n## Quick start\nrun it\n"))
    }


def test_text_from_pdfs_is_read_only_through_the_normalizing_helpers() -> None:
    """Raw text from pypdf or pdftotext differs with the fonts (ligatures, line breaks): only
    tests/helpers.py reads it, and hands it on normalized."""
    readers = ("extract_text(", '"pdftotext"')
    for path in source_files():
        if path.name in {"helpers.py", "test_fresh_machine.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert not [r for r in readers if r in text], path.relative_to(REPO).as_posix()
    assert all(r in (TESTS / "helpers.py").read_text(encoding="utf-8") for r in readers)
