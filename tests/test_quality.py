"""Item-writing checks (generator/course/quality.py): one rule at a time, a quiz that trips it and one
that does not; then the course's `quality:` settings, `latih check --strict` and the JSON Schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.course.loader import Layout, load_course
from generator.course.quality import check_quiz, key_figures, negative_word
from generator.course.validate import validate
from generator.course.yamlsource import read_yaml
from generator.schema import Quality, Quiz
from tests.conftest import REPO, STARTER
from tests.helpers import latih

LONG = "Melaporkan kepada atasan langsung dan mencatat kejadian itu"  # options alike in length


def single(n: int, key: int = 0, count: int = 4, texts: list[str] | None = None) -> dict[str, Any]:
    texts = texts or [f"{LONG} nomor {n}{chr(65 + i)}" for i in range(count)]
    options = [{"text": t, "feedback": "Mengapa."} for t in texts]
    options[key]["correct"] = True
    return {
        "id": f"s{n}",
        "type": "single",
        "prompt": f"Apa yang sebaiknya saya lakukan {n}?",
        "options": options,
    }


def true_false(n: int, answer: bool) -> dict[str, Any]:
    return {"id": f"tf{n}", "type": "true_false", "prompt": f"Apakah ini pelanggaran {n}?", "answer": answer}


def multiple(n: int, correct: list[int]) -> dict[str, Any]:
    options = [{"text": f"{LONG} pilihan {n}{i}", "feedback": "Mengapa."} for i in range(4)]
    for i in correct:
        options[i]["correct"] = True
    return {"id": f"m{n}", "type": "multiple", "prompt": f"Mana saja yang boleh {n}?", "options": options}


def findings(
    tmp_path: Path, questions: list[dict[str, Any]], settings: dict[str, Any] | None = None, **quiz: Any
):
    """(rule, line) of every finding on a quiz written out as YAML, as an author would."""
    data = {
        "id": "kuis",
        "title": "Kuis",
        "kind": "practice",
        "shuffle_options": True,
        **quiz,
        "questions": questions,
    }
    path = tmp_path / "kuis.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc, problems = read_yaml(path)
    model, problems = validate(doc, Quiz)
    assert model is not None, problems
    return [(p.rule, p.line) for p in check_quiz(model, doc, Quality(**(settings or {})))]


def rules(found: list[tuple[str | None, int]]) -> set[str | None]:
    return {rule for rule, _ in found}


def line_of(tmp_path: Path, text: str, nth: int = 1) -> int:
    lines = (tmp_path / "kuis.yml").read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if text in line]
    return hits[nth - 1]


# ---- rules over a quiz


def test_key_position_fires_when_one_position_holds_over_40_percent(tmp_path: Path) -> None:
    found = findings(tmp_path, [single(n, key=0 if n < 3 else n % 4) for n in range(6)])  # A: 3 of 6
    assert ("key-position", line_of(tmp_path, "questions:")) in found
    assert "key-position" not in rules(findings(tmp_path, [single(n, key=n % 4) for n in range(6)]))


def test_key_position_needs_five_single_choice_questions(tmp_path: Path) -> None:
    assert "key-position" not in rules(findings(tmp_path, [single(n) for n in range(4)]))
    assert "key-position" in rules(findings(tmp_path, [single(n) for n in range(5)]))


def test_key_position_scales_with_the_number_of_options(tmp_path: Path) -> None:
    # Three options: one position may hold up to 53 % (40 % x 4/3); five options: 32 %
    three = [single(n, key=[0, 0, 0, 1, 1, 2][n], count=3) for n in range(6)]  # A: 50 %
    assert "key-position" not in rules(findings(tmp_path, three))
    three[3] = single(3, key=0, count=3)  # A: 67 %
    assert "key-position" in rules(findings(tmp_path, three))
    five = [single(n, key=[0, 0, 1, 2, 3, 4, 1, 2, 3, 4][n], count=5) for n in range(10)]  # 20 % each
    assert "key-position" not in rules(findings(tmp_path, five))
    five[2] = single(2, key=0, count=5)  # A: 30 %
    assert "key-position" not in rules(findings(tmp_path, five))
    five[3] = single(3, key=0, count=5)  # A: 40 %, over 32 %
    assert "key-position" in rules(findings(tmp_path, five))


def test_multiple_choice_keys_always_first_fires(tmp_path: Path) -> None:
    found = findings(tmp_path, [multiple(1, [0, 1]), multiple(2, [0])])
    assert ("multiple-key-position", line_of(tmp_path, "questions:")) in found
    assert "multiple-key-position" not in rules(
        findings(tmp_path, [multiple(1, [0, 1]), multiple(2, [1, 3])])
    )


def test_longest_option_share_over_40_percent_fires(tmp_path: Path) -> None:
    def q(n: int, key_longest: bool) -> dict[str, Any]:
        texts = [f"{LONG} {n}{i}" for i in range(4)]
        texts[0 if key_longest else 1] += " juga"
        return single(n, key=0, texts=texts)

    tripping = [q(n, n < 3) for n in range(6)] + [single(9, key=1)]  # longest 3 of 7 = 43 %
    found = findings(tmp_path, tripping, settings={"disabled": ["key-position"]})
    assert ("longest-option", line_of(tmp_path, "questions:")) in found
    fine = [q(n, n < 2) for n in range(6)]  # 2 of 6 = 33 %
    assert "longest-option" not in rules(findings(tmp_path, fine, settings={"disabled": ["key-position"]}))


def test_true_false_balance_fires_outside_30_to_70_percent(tmp_path: Path) -> None:
    found = findings(tmp_path, [true_false(n, n != 0) for n in range(6)])  # 5 of 6 true
    assert ("true-false-balance", line_of(tmp_path, "questions:")) in found
    assert "true-false-balance" not in rules(
        findings(tmp_path, [true_false(n, n < 4) for n in range(6)])
    )  # 67 %
    assert "true-false-balance" not in rules(
        findings(tmp_path, [true_false(n, True) for n in range(5)])
    )  # < 6


def test_unshuffled_graded_quiz_fires_unless_the_course_says_why(tmp_path: Path) -> None:
    questions = [true_false(1, True), true_false(2, False)]
    found = findings(tmp_path, questions, kind="exam", shuffle_options=False)
    assert ("unshuffled-graded", line_of(tmp_path, "shuffle_options:")) in found
    assert "unshuffled-graded" not in rules(findings(tmp_path, questions, kind="exam"))
    assert "unshuffled-graded" not in rules(
        findings(tmp_path, questions, kind="practice", shuffle_options=False)
    )
    reason = {"unshuffled_reason": "Lembar kertas dan layar harus sama urutannya."}
    assert "unshuffled-graded" not in rules(
        findings(tmp_path, questions, reason, kind="exam", shuffle_options=False)
    )


# ---- rules over a question


@pytest.mark.parametrize(
    "text",
    ["Semua jawaban benar", "Semua benar.", "Tidak ada yang benar", "Semua jawaban di atas benar",
     "All of the above", "None of the above", "tidak ada jawaban yang benar", "A dan B benar"],
)  # fmt: skip
def test_all_or_none_of_the_above_fires_in_both_languages(tmp_path: Path, text: str) -> None:
    texts = [f"{LONG} satu", f"{LONG} dua", f"{LONG} tiga", text]
    found = findings(tmp_path, [single(1, texts=texts)])
    assert ("all-none-above", line_of(tmp_path, text)) in found


def test_options_that_only_mention_all_or_none_do_not_fire(tmp_path: Path) -> None:
    texts = [
        "Semua calon dilayani sama",
        "Tidak ada yang boleh saya tolak",
        "Melapor ke atasan",
        "All of them vote",
    ]
    assert "all-none-above" not in rules(findings(tmp_path, [single(1, texts=texts)]))


def test_duplicate_option_texts_fire_on_the_second(tmp_path: Path) -> None:
    texts = ["Melapor ke atasan", "Melapor  ke atasan.", "Diam saja", "Membagikan unggahan"]
    found = findings(tmp_path, [single(1, texts=texts)])
    assert ("duplicate-options", line_of(tmp_path, "Melapor  ke atasan")) in found
    texts[1] = "Melapor ke Bawaslu"
    assert "duplicate-options" not in rules(findings(tmp_path, [single(1, texts=texts)]))


def test_single_choice_with_two_options_fires(tmp_path: Path) -> None:
    found = findings(tmp_path, [single(1, count=2)])
    assert ("few-options", line_of(tmp_path, "  options:")) in found
    assert "few-options" not in rules(findings(tmp_path, [single(1, count=3)]))
    assert "few-options" not in rules(findings(tmp_path, [single(1, count=2)], settings={"min_options": 2}))


def test_key_much_longer_than_every_distractor_fires_on_the_key(tmp_path: Path) -> None:
    texts = [
        "Melaporkan kepada atasan langsung, lalu mencatat tanggal, tempat dan saksinya",
        "Diam",
        "Pergi",
        "Ikut",
    ]
    found = findings(tmp_path, [single(1, texts=texts)])
    assert ("longest-option-question", line_of(tmp_path, "Melaporkan kepada atasan")) in found
    texts[1:] = [
        "Mengabaikannya karena terjadi di luar jam kerja kantor",
        "Ikut membagikan undangan acara itu",
        "X",
    ]
    assert "longest-option-question" not in rules(findings(tmp_path, [single(1, texts=texts)]))


def test_distractor_without_feedback_fires_in_practice_only(tmp_path: Path) -> None:
    q = single(1)
    del q["options"][2]["feedback"]
    found = findings(tmp_path, [q])
    assert ("distractor-feedback", line_of(tmp_path, "nomor 1C")) in found
    assert "distractor-feedback" not in rules(findings(tmp_path, [q], kind="exam"))
    del q["options"][0]["feedback"]  # the key's feedback is welcome, not required
    q["options"][2]["feedback"] = "Mengapa."
    assert "distractor-feedback" not in rules(findings(tmp_path, [q]))


@pytest.mark.parametrize(
    ("prompt", "fires"),
    [
        ("Mana yang tidak boleh saya lakukan?", True),
        ("Semua boleh, kecuali yang mana?", True),
        ("Which of these is not allowed?", True),
        ("What should you never do?", True),
        ("Mana yang **tidak** boleh saya lakukan?", False),
        ("Mana yang TIDAK boleh saya lakukan?", False),
        ("Which of these is **not allowed**?", False),
        ("Apakah ini pelanggaran atau bukan?", False),
        ("Mana yang boleh saya lakukan?", False),
        ("Apakah tindakan ini sesuai aturan?", False),
    ],
)
def test_negative_stem_fires_unless_emphasised(tmp_path: Path, prompt: str, fires: bool) -> None:
    q = single(1)
    q["prompt"] = prompt
    found = findings(tmp_path, [q])
    assert (("negative-stem", line_of(tmp_path, "prompt:")) in found) is fires
    assert (negative_word(prompt) is not None) is fires


def test_a_clean_quiz_has_no_finding(tmp_path: Path) -> None:
    questions = [single(n, key=n % 4) for n in range(8)] + [true_false(n, n % 2 == 0) for n in range(8)]
    questions += [multiple(1, [0, 2]), multiple(2, [1, 3])]
    assert findings(tmp_path, questions, kind="exam", shuffle_options=True) == []


def test_key_figures_count_in_the_order_written(tmp_path: Path) -> None:
    questions = [single(n, key=[0, 0, 1, 3][n]) for n in range(4)] + [
        true_false(1, True),
        multiple(1, [0, 1]),
    ]
    data = {"id": "k", "title": "K", "questions": questions}
    figures = key_figures(Quiz.model_validate(data, strict=False))
    assert figures.positions == (2, 1, 0, 1)
    assert (figures.single, figures.true_false, figures.true_answers) == (4, 1, 1)
    assert (figures.multiple, figures.multiple_first) == (1, 1)


# ---- the course's settings, the command line, the JSON Schema

CUED = """\
id: kuis-berisyarat
title: Kuis berisyarat
kind: exam
shuffle_options: false
questions:
""" + "".join(
    f"""\
  - id: soal-{n}
    type: single
    prompt: Apa yang sebaiknya saya lakukan {n}?
    options:
      - {{text: "Melaporkan kepada atasan langsung lalu mencatat tanggal dan saksinya", correct: true}}
      - {{text: "Diam saja {n}"}}
      - {{text: "Ikut acara {n}"}}
"""
    for n in range(6)
)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    shutil.copytree(STARTER, root)
    (root / "quizzes" / "kuis-berisyarat.yml").write_text(CUED, encoding="utf-8")
    config = root / "site_config" / "course.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("kuis-pertama]", "kuis-pertama, kuis-berisyarat]")
    )
    return root


def set_quality(root: Path, block: str) -> None:
    config = root / "site_config" / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + "quality:\n" + block, encoding="utf-8")


def course_rules(root: Path, severity: str = "warning") -> list[str | None]:
    loaded = load_course(Layout.at(root))
    return sorted(p.rule for p in loaded.problems if p.severity == severity and p.rule)


def test_course_quality_settings_change_thresholds_and_switch_rules_off(course: Path) -> None:
    assert course_rules(course) == [
        "key-position", "longest-option", *["longest-option-question"] * 6, "unshuffled-graded"
    ]  # fmt: skip
    set_quality(
        course,
        "  key_position_max_share: 100\n  longest_option_max_share: 100\n  longest_option_max_ratio: 10\n"
        "  disabled: [unshuffled-graded]\n",
    )
    assert course_rules(course) == []


def test_course_quality_strict_makes_findings_errors(course: Path) -> None:
    set_quality(course, "  strict: true\n  disabled: [longest-option-question]\n")
    assert course_rules(course, "error") == ["key-position", "longest-option", "unshuffled-graded"]
    result = latih("build", "--out", str(course / "situs"), cwd=course)
    assert result.returncode == 1
    assert "[key-position]" in result.stderr and not (course / "situs").exists()


def test_bad_quality_setting_names_its_line(course: Path) -> None:
    set_quality(course, "  disabled: [kunci-posisi]\n")
    loaded = load_course(Layout.at(course))
    bad = [p for p in loaded.problems.errors if p.path.name == "course.yml"]
    assert len(bad) == 1 and bad[0].line == len(
        (course / "site_config" / "course.yml").read_text().splitlines()
    )


def test_check_warns_with_rule_place_figure_and_advice(course: Path) -> None:
    result = latih("check", cwd=course)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if "[key-position]" in x)
    assert line.startswith("quizzes/kuis-berisyarat.yml:5:1: peringatan: [key-position] ")
    assert "6 dari 6" in line and "100 %" in line and "batas 53 %" in line and "Saran:" in line  # 3 options
    # and the one-line summary of each graded quiz, on standard output
    assert (
        "kuis-berisyarat (exam): kunci pilihan tunggal A 6 · B 0 · C 0; kunci = opsi terpanjang 6/6"
        in result.stdout
    )


def test_check_strict_exits_1_on_item_writing_warnings(course: Path) -> None:
    result = latih("check", "--strict", cwd=course)
    assert result.returncode == 1
    assert "quizzes/kuis-berisyarat.yml:5:1: [key-position]" in result.stderr
    (course / "quizzes" / "kuis-berisyarat.yml").unlink()
    (course / "site_config" / "course.yml").write_text(
        (course / "site_config" / "course.yml").read_text().replace(", kuis-berisyarat]", "]")
    )
    assert latih("check", "--strict", cwd=course).returncode == 0


def test_check_in_english_speaks_english(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "courses" / "english", root)
    config = root / "site_config" / "course.yml"
    config.write_text(
        config.read_text().replace("  disabled: [few-options, longest-option-question]", "  disabled: []")
    )
    result = latih("check", cwd=root)
    assert (
        "warning: [few-options] single-choice question with only 2 options (at least 3). Advice:"
        in result.stderr
    )
    assert "final-exam (exam): single-choice keys A 1 · B 1" in result.stdout


def test_json_schema_accepts_the_quality_section(course: Path, tmp_path: Path) -> None:
    import jsonschema

    latih("schema", "--out", str(tmp_path / "s"), cwd=course)
    schema = json.loads((tmp_path / "s" / "course.schema.json").read_text())
    data = yaml.safe_load((course / "site_config" / "course.yml").read_text())
    data["quality"] = {"strict": True, "disabled": ["negative-stem"], "key_position_max_share": 50,
                       "longest_option_max_ratio": 1.8, "unshuffled_reason": "Sama dengan lembar kertas."}  # fmt: skip
    jsonschema.validate(data, schema)
    data["quality"]["disabled"] = ["kunci-posisi"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
