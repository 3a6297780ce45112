"""One test per validation rule of SPEC.md: each names the file, line and column it reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.course.loader import Layout, load_course
from tests.conftest import STARTER

Found = tuple[str, int, int, str]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(STARTER, root)
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path, severity: str = "error", language: str = "id") -> list[Found]:
    loaded = load_course(Layout.at(root))
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.column, p.text(language))
        for p in loaded.problems.sorted()
        if p.severity == severity
    ]


def only(root: Path, severity: str = "error") -> Found:
    found = problems(root, severity)
    assert len(found) == 1, found
    return found[0]


def test_starter_course_is_valid(course: Path) -> None:
    assert problems(course) == []
    assert problems(course, "warning") == []


def test_yaml_syntax_error_names_line_and_column(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "title: Kuis pertama", "title: [Kuis pertama")
    path, line, column, text = only(course)
    # where the author opened the list, not where the parser gave up a line later
    assert (path, line, column) == ("quizzes/kuis-pertama.yml", 3, 8)
    assert "YAML tidak valid" in text and "tidak ditutup dengan ]" in text


def test_tab_indentation_is_named_as_such(course: Path) -> None:
    edit(course, "content/pelajaran-pertama.yml", "  - Memahami", "\t- Memahami")
    path, line, _, text = only(course)
    assert (path, line) == ("content/pelajaran-pertama.yml", 7)
    assert "tab" in text


def test_unknown_key_suggests_the_close_one(course: Path) -> None:
    edit(
        course,
        "quizzes/kuis-pertama.yml",
        "    explanation: Soal `single`",
        "    explaination: Soal `single`",
    )
    assert only(course) == (
        "quizzes/kuis-pertama.yml",
        26,
        5,
        "kunci 'explaination' tidak dikenal; mungkin maksud Anda 'explanation'?",
    )


def test_unknown_key_without_close_match_lists_allowed_keys(course: Path) -> None:
    edit(course, "site_config/course.yml", "pass_mark: 80", "pass_mark: 80\nzzz: 1")
    path, line, column, text = only(course)
    assert (path, line, column) == ("site_config/course.yml", 9, 1)
    assert "kunci yang boleh" in text and "outline" in text


def test_missing_required_key_points_at_its_mapping(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "    prompt: Apakah isi pelajaran boleh memakai Markdown?\n", "")
    assert only(course) == ("quizzes/kuis-pertama.yml", 7, 5, "kunci wajib 'prompt' tidak ada")


def test_wrong_type_names_the_value(course: Path) -> None:
    edit(course, "site_config/course.yml", 'version: "0.1"', "version: 0.1")
    path, line, column, text = only(course)
    assert (path, line, column) == ("site_config/course.yml", 4, 10)
    assert 'tanda kutip, misalnya "0.1"' in text


def test_wrong_type_list_for_text(course: Path) -> None:
    edit(course, "content/pelajaran-pertama.yml", "title: Pelajaran pertama", "title: [a, b]")
    assert only(course) == ("content/pelajaran-pertama.yml", 3, 8, "harus berupa teks, bukan daftar")


def test_id_that_is_not_a_slug(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "  - id: jenis-soal", "  - id: Jenis_Soal")
    path, line, column, text = only(course)
    assert (path, line, column) == ("quizzes/kuis-pertama.yml", 15, 9)
    assert "'Jenis_Soal' bukan id yang sah" in text


def test_lessons_and_quizzes_share_one_id_namespace(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "id: kuis-pertama", "id: pelajaran-pertama")
    found = problems(course)
    assert ("quizzes/kuis-pertama.yml", 2, 5) in [f[:3] for f in found]
    text = next(f[3] for f in found if f[0] == "quizzes/kuis-pertama.yml")
    assert "pelajaran-pertama.yml:2" in text  # names the other place


def test_duplicate_question_id_names_both_lines(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "  - id: jenis-soal", "  - id: format-yaml")
    assert only(course) == (
        "quizzes/kuis-pertama.yml",
        15,
        9,
        "id soal 'format-yaml' sudah dipakai di kuis ini (baris 7)",
    )


def test_duplicate_yaml_key_is_rejected(course: Path) -> None:
    edit(
        course,
        "content/pelajaran-pertama.yml",
        "duration_minutes: 10",
        "duration_minutes: 10\nduration_minutes: 20",
    )
    assert only(course) == (
        "content/pelajaran-pertama.yml",
        6,
        1,
        "kunci 'duration_minutes' muncul dua kali dalam satu pemetaan (pertama di baris 5)",
    )


def test_unknown_quiz_of_a_lesson(course: Path) -> None:
    edit(course, "content/pelajaran-pertama.yml", "quiz: kuis-pertama", "quiz: kuis-kedua")
    assert only(course) == ("content/pelajaran-pertama.yml", 19, 7, "'kuis-kedua' bukan id kuis yang dikenal")


def test_unknown_item_in_outline(course: Path) -> None:
    edit(
        course,
        "site_config/course.yml",
        "items: [pelajaran-pertama, kuis-pertama]",
        "items: [pelajaran-kedua]",
    )
    found = problems(course)
    assert found[0] == (
        "site_config/course.yml",
        12,
        13,
        "'pelajaran-kedua' bukan id pelajaran atau kuis yang dikenal",
    )


def test_unknown_reference_in_lesson_and_question(course: Path) -> None:
    edit(course, "content/pelajaran-pertama.yml", "{ref: contoh-sumber", "{ref: tidak-ada")
    edit(course, "quizzes/kuis-pertama.yml", "references: [contoh-sumber]", "references: [uu-lain]")
    assert [f[:3] for f in problems(course)] == [
        ("content/pelajaran-pertama.yml", 18, 5),
        ("quizzes/kuis-pertama.yml", 14, 18),
    ]


def test_single_question_needs_exactly_one_correct_option(course: Path) -> None:
    edit(
        course,
        "quizzes/kuis-pertama.yml",
        "      - text: multiple\n",
        "      - text: multiple\n        correct: true\n",
    )
    assert only(course) == (
        "quizzes/kuis-pertama.yml",
        20,
        7,
        "soal single harus punya tepat satu opsi benar, bukan 2",
    )


def test_single_question_with_no_correct_option(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "        correct: true\n", "")
    assert only(course)[3] == "soal single harus punya tepat satu opsi benar, bukan 0"


def test_multiple_question_needs_a_correct_option(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "    type: single", "    type: multiple")
    edit(course, "quizzes/kuis-pertama.yml", "        correct: true\n", "")
    assert only(course)[:3] == ("quizzes/kuis-pertama.yml", 20, 7)


def test_true_false_question_needs_an_answer(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "    answer: true\n", "")
    assert only(course) == (
        "quizzes/kuis-pertama.yml",
        7,
        5,
        "soal true_false memerlukan 'answer: true' atau 'answer: false'",
    )


def test_draw_larger_than_the_bank(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "kind: practice", "kind: exam\ndraw: 3")
    assert only(course) == (
        "quizzes/kuis-pertama.yml",
        5,
        7,
        "draw 3 lebih besar dari jumlah soal di bank (2)",
    )


@pytest.mark.parametrize(("file", "old", "new", "where"), [
    ("site_config/course.yml", "pass_mark: 80", "pass_mark: 101", (8, 12)),
    ("quizzes/kuis-pertama.yml", "kind: practice", "kind: practice\npass_mark: -1", (5, 12)),
])  # fmt: skip
def test_pass_mark_outside_0_to_100(
    course: Path, file: str, old: str, new: str, where: tuple[int, int]
) -> None:
    edit(course, file, old, new)
    path, line, column, _ = only(course)
    assert (path, (line, column)) == (file, where)


def test_outline_naming_an_item_twice(course: Path) -> None:
    edit(
        course,
        "site_config/course.yml",
        "items: [pelajaran-pertama, kuis-pertama]",
        "items: [pelajaran-pertama, kuis-pertama]\n  - quiz: kuis-pertama",
    )
    assert only(course) == (
        "site_config/course.yml",
        13,
        11,
        "'kuis-pertama' sudah disebut di outline (baris 12); setiap pelajaran dan kuis muncul paling banyak sekali",
    )


def test_lesson_missing_from_outline_is_a_warning(course: Path) -> None:
    edit(
        course, "site_config/course.yml", "items: [pelajaran-pertama, kuis-pertama]", "items: [kuis-pertama]"
    )
    assert problems(course) == []
    path, line, column, text = only(course, "warning")
    assert (path, line, column) == ("content/pelajaran-pertama.yml", 2, 5)
    assert "pelajaran 'pelajaran-pertama' tidak disebut di outline" in text


def test_certificate_quiz_must_exist(course: Path) -> None:
    edit(course, "site_config/course.yml", "outline:", "certificate:\n  quiz: ujian\noutline:")
    assert only(course)[:3] == ("site_config/course.yml", 11, 9)


def test_asset_path_may_not_leave_site_config(course: Path) -> None:
    edit(
        course,
        "site_config/course.yml",
        "  name: Unit Pelatihan",
        "  name: Unit Pelatihan\n  logo: ../../etc/passwd",
    )
    path, line, column, text = only(course)
    assert (path, line, column) == ("site_config/course.yml", 8, 9)
    assert "keluar dari folder" in text


def test_yaml_tags_are_not_constructed(course: Path) -> None:
    edit(
        course,
        "content/pelajaran-pertama.yml",
        "title: Pelajaran pertama",
        "title: !!python/object/apply:os.system [echo hi]",
    )
    path, line, column, text = problems(course)[0]
    assert (path, line, column) == ("content/pelajaran-pertama.yml", 3, 8)
    assert "tag YAML" in text


def test_bytes_that_are_not_utf8(course: Path) -> None:
    (course / "content/pelajaran-pertama.yml").write_bytes(b"id: x\ntitle: caf\xe9\n")
    assert only(course)[:3] == ("content/pelajaran-pertama.yml", 2, 11)


def test_byte_order_mark_is_accepted(course: Path) -> None:
    path = course / "content/pelajaran-pertama.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems(course) == []


def test_alias_bomb_is_refused_quickly(course: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    (course / "content/bom.yml").write_text("\n".join(lines) + "\n")
    path, _, _, text = only(course)
    assert path == "content/bom.yml" and "alias" in text


def test_every_error_of_a_run_is_reported_together(course: Path) -> None:
    edit(course, "site_config/course.yml", "pass_mark: 80", "pass_mark: 800")
    edit(course, "content/pelajaran-pertama.yml", "duration_minutes: 10", "duration_minutes: ten")
    edit(course, "quizzes/kuis-pertama.yml", "    answer: true\n", "")
    assert sorted({f[0] for f in problems(course)}) == [
        "content/pelajaran-pertama.yml",
        "quizzes/kuis-pertama.yml",
        "site_config/course.yml",
    ]


def test_a_broken_quiz_does_not_cascade_into_unknown_id_errors(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "title: Kuis pertama", "titel: Kuis pertama")
    assert [f[0] for f in problems(course)] == ["quizzes/kuis-pertama.yml", "quizzes/kuis-pertama.yml"]


def test_messages_follow_the_course_language(course: Path) -> None:
    edit(course, "quizzes/kuis-pertama.yml", "    answer: true\n", "")
    loaded = load_course(Layout.at(course))
    assert loaded.problems[0].text("en") == "a true_false question needs 'answer: true' or 'answer: false'"
