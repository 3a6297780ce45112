"""Random YAML, random bytes and mutated courses: the loader answers with a course or clean problems."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.course.loader import Layout, load_course
from generator.problems import Problem
from tests.conftest import STARTER

FILES = ["site_config/course.yml", "content/pelajaran-pertama.yml", "quizzes/kuis-pertama.yml"]
KEYS = ["id", "title", "version", "type", "options", "questions", "answer", "correct", "outline", "items",
        "references", "ref", "draw", "pass_mark", "kind", "prompt", "text", "body", "quiz", "section"]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["kuis-pertama", "pelajaran-pertama", "contoh-sumber", "single", "true_false", "exam"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=25,
)


def course_copy() -> Path:
    root = Path(tempfile.mkdtemp()) / "course"
    shutil.copytree(STARTER, root)
    return root


def assert_clean(root: Path) -> None:
    loaded = load_course(Layout.at(root))  # must not raise
    for p in loaded.problems:
        assert isinstance(p, Problem) and p.line >= 1 and p.column >= 1
        assert p.format("id") and p.format("en")
    assert loaded.ok or loaded.problems.errors
    shutil.rmtree(root.parent, ignore_errors=True)


fuzz = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(st.sampled_from(FILES), values)
def test_random_yaml_documents_give_a_course_or_problems(file: str, data: object) -> None:
    root = course_copy()
    (root / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_clean(root)


@fuzz
@given(st.sampled_from(FILES), st.binary(max_size=300))
def test_random_bytes_give_problems_not_exceptions(file: str, data: bytes) -> None:
    root = course_copy()
    (root / file).write_bytes(data)
    assert_clean(root)


@fuzz
@given(st.sampled_from(FILES), st.data())
def test_mutated_valid_files_give_a_course_or_problems(file: str, data: st.DataObject) -> None:
    root = course_copy()
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "char", "swap"]))
        if action == "drop" and len(lines) > 1:
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "char":
            j = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + data.draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t"))) + lines[i][j:]
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    (root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_clean(root)
