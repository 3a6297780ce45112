"""Draws by blueprint: the browser's own draw function over 10,000 seeded draws of the flagship's
exam bank, and `latih check` when a bank cannot fill its blueprint.

The bank (ids, topics, true/false keys) comes from the course YAML, not from the page, so the test
does not depend on how the flagship's exam is written today.
"""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.course.loader import Layout, load_course
from tests.conftest import COURSES, REPO

LOADED = load_course(Layout.at(REPO))
EXAM = LOADED.quizzes["ujian-akhir"].model
DRAWS = 10_000

SEEDED_DRAWS = """([items, count, blueprint, draws]) => {
  // mulberry32: a small seeded generator, so that a failure can be replayed
  let seed = 20261207;
  const random = () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const last = new Map();
  const out = [];
  for (let n = 0; n < draws; n++) {
    const ids = window.Latih.drawQuestions(items, count, blueprint, (x) => (last.has(x) ? last.get(x) : -1), random);
    ids.forEach((x) => last.set(x, n));  // the next draw prefers the questions this one left out
    out.push(ids);
  }
  return out;
}"""


def bank_items() -> list[dict[str, Any]]:
    return [
        {"id": q.id, "topic": q.topic or "", "tf": q.answer if q.type == "true_false" else None}
        for q in EXAM.questions
    ]


@pytest.mark.parametrize("extra", [0, 2])
def test_blueprint_draws_cover_every_topic_and_balance_true_false(
    page: Any, flagship_site: Path, extra: int
) -> None:
    items = bank_items()
    topics = sorted({x["topic"] for x in items if x["topic"]})
    per_topic = 2
    count = per_topic * len(topics) + extra  # `extra`: a remainder drawn from the rest of the bank
    blueprint = {"counts": dict.fromkeys(topics, per_topic), "balance": True}
    page.goto((flagship_site / "ujian-akhir.html").as_uri())
    draws = page.evaluate(SEEDED_DRAWS, [items, count, blueprint, DRAWS])
    assert len(draws) == DRAWS
    by_id = {x["id"]: x for x in items}
    # What the bank allows: per topic, how far its true/false keys can be levelled
    seen = Counter()
    for ids in draws:
        assert len(ids) == count == len(set(ids))
        per = Counter(by_id[x]["topic"] for x in ids)
        assert all(per[t] >= per_topic for t in topics), per
        keys = Counter(by_id[x]["tf"] for x in ids if by_id[x]["tf"] is not None)
        assert abs(keys[True] - keys[False]) <= 1, keys
        seen.update(ids)
    # Every question of the bank comes up: the draw prefers the unseen, it does not fix a set
    assert set(seen) == set(by_id)


def test_a_draw_without_blueprint_is_as_before(page: Any, flagship_site: Path) -> None:
    items = bank_items()
    page.goto((flagship_site / "ujian-akhir.html").as_uri())
    draws = page.evaluate(SEEDED_DRAWS, [items, 20, None, 200])
    assert all(len(set(ids)) == 20 for ids in draws)
    # With a bank of more than twice the draw, consecutive draws share no question
    if len(items) >= 40:
        assert all(not set(a) & set(b) for a, b in itertools.pairwise(draws))


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(COURSES / "runtime", folder)
    return folder


def set_exam(course: Path, **values: Any) -> Path:
    path = course / "quizzes" / "ujian.yml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    quiz.update(values)
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check(course: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["-f", str(course / "mkdocs.yml"), "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_check_says_when_a_topic_is_too_small_for_the_blueprint(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = set_exam(course, draw=6, blueprint={"per_topic": 4, "balance_true_false": True})
    code, said = check(course, capsys)
    assert code == 1
    line = line_of(path, "per_topic:")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("4") + 1  # the value
    for topic in ("dasar-hukum", "media-sosial"):
        assert (
            f"quizzes/ujian.yml:{line}:{column}: blueprint.per_topic: blueprint meminta 4 soal topik '{topic}' "
            "tiap pengambilan, tetapi bank hanya punya 3"
        ) in said, said


def test_check_says_when_the_blueprint_asks_more_than_the_draw(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = set_exam(course, draw=3, blueprint={"per_topic": {"dasar-hukum": 2, "media-sosial": 2}})
    code, said = check(course, capsys)
    assert code == 1
    line = line_of(path, "dasar-hukum: 2")  # the mapping's first line
    assert (
        f"quizzes/ujian.yml:{line}:5: blueprint.per_topic: blueprint meminta 4 soal per pengambilan "
        "(jumlah per topik), lebih dari draw 3"
    ) in said, said


def test_check_accepts_a_blueprint_the_bank_can_fill(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_exam(course, draw=5, blueprint={"per_topic": 2, "balance_true_false": True})
    code, said = check(course, capsys)
    assert code == 0, said


def test_a_blueprint_needs_a_draw(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = course / "quizzes" / "ujian.yml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    del quiz["draw"]
    quiz["blueprint"] = {"per_topic": 1}
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, said = check(course, capsys)
    assert code == 1 and "'blueprint' memerlukan 'draw'" in said


def test_verify_accepts_an_attempt_drawn_by_blueprint(
    page: Any, course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The results code carries the drawn questions, so `latih verify` re-scores a blueprint draw."""
    from generator.results import decode
    from tests.conftest import build_course

    set_exam(course, draw=4, blueprint={"per_topic": 2, "balance_true_false": True})
    site = build_course(course, course.parent / "site")
    page.goto((site / "ujian.html").as_uri())
    for section in page.locator(".latih-question:not([hidden])").all():
        section.locator("label").first.click()
    page.locator(".latih-quiz-end .latih-actions").get_by_role("button").first.click()
    box = page.locator(".latih-results .latih-code-box")
    box.locator("input[name=name]").fill(
        "Dr. Ir. Raden Ajeng Kusumawardhani Prawiranegara, S.H., M.Si., M.Kn."
    )
    box.locator("button[type=submit]").click()
    code = page.inner_text(".latih-code-box code.latih-code")
    bank = yaml.safe_load((course / "quizzes" / "ujian.yml").read_text(encoding="utf-8"))["questions"]
    drawn = [bank[i] for i, _ in decode(code).answers]
    assert Counter(q["topic"] for q in drawn) == {"dasar-hukum": 2, "media-sosial": 2}
    codes = course.parent / "kode.txt"
    codes.write_text(code + "\n", encoding="utf-8")
    assert main(["-f", str(course / "mkdocs.yml"), "verify", "--file", str(codes)]) == 0
    assert "Kusumawardhani" in capsys.readouterr().out


def test_check_says_it_in_english_in_an_english_course(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course_yml = course / "site_config" / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8").replace("language: id", "language: en"), "utf-8"
    )
    path = set_exam(course, draw=6, blueprint={"per_topic": {"dasar-hukum": 4, "media-sosial": 2}})
    code, said = check(course, capsys)
    assert code == 1
    line = line_of(path, "dasar-hukum: 4")
    assert (
        f"quizzes/ujian.yml:{line}:18: blueprint.per_topic.dasar-hukum: the blueprint takes 4 questions of topic "
        "'dasar-hukum' in every draw, but the bank has only 3"
    ) in said, said
