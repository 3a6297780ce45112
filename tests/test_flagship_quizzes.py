"""The flagship's quizzes measure what they claim to: no answer cues, and the law as FACTS.md states it.

Every figure here is computed from the quiz files themselves, independently of the item-writing
rule code in the generator, so a bug in the rules cannot hide a cue in the flagship. Scores of
the simulated guessing strategies go through the real scoring rules (generator/scoring.py), the
same ones the browser and the facilitator's tools use.

Run as a script (`.venv/bin/python -m tests.test_flagship_quizzes`) to print the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from fractions import Fraction

import pytest

from generator.course.loader import Layout, LoadedCourse, load_course
from generator.schema import Question, Quiz
from generator.scoring import score_attempt
from tests.conftest import REPO
from tests.helpers import keyed_quiz

GRADED = ("pretest", "posttest", "exam")

# Thresholds of issue 14 (Haladyna, Downing & Rodriguez, 2002), restated here on purpose.
MAX_POSITION_SHARE = Fraction(40, 100)  # with >= 5 single-choice questions
MIN_SINGLE_FOR_POSITION = 5
MAX_LONGEST_SHARE = Fraction(40, 100)
MAX_LENGTH_RATIO = Fraction(3, 2)
TF_MIN_QUESTIONS = 6
TF_SHARE = (Fraction(30, 100), Fraction(70, 100))

ALL_OR_NONE = re.compile(
    r"\b(semua (jawaban|pilihan|pernyataan)? ?(di atas )?(benar|salah)|tidak ada (jawaban )?yang benar|"
    r"semua (yang )?di atas|bukan salah satu|all of the above|none of the above)\b",
    re.IGNORECASE,
)
NEGATIVE = re.compile(r"(?<![\w*])(tidak|bukan|kecuali)(?![\w*])")  # lower case, not inside **bold**


@pytest.fixture(scope="module")
def loaded() -> LoadedCourse:
    course = load_course(Layout.at(REPO))
    assert course.ok, [p.format("id") for p in course.problems]
    return course


def all_quizzes() -> list[Quiz]:
    course = load_course(Layout.at(REPO))
    return sorted((s.model for s in course.quizzes.values()), key=lambda q: q.id)


QUIZZES = all_quizzes()
GRADED_QUIZZES = [q for q in QUIZZES if q.kind in GRADED]


def singles(quiz: Quiz) -> list[Question]:
    return [q for q in quiz.questions if q.type == "single"]


def key_index(q: Question) -> int:
    return next(i for i, o in enumerate(q.options or []) if o.correct)


def position_counts(quiz: Quiz) -> Counter[int]:
    return Counter(key_index(q) for q in singles(quiz))


def key_is_longest(q: Question) -> bool:
    """Ties count as longest: a participant choosing the longest option would pick the key."""
    options = q.options or []
    key = options[key_index(q)]
    return all(len(key.text) >= len(o.text) for o in options)


def length_ratio(q: Question) -> Fraction:
    options = q.options or []
    key = options[key_index(q)]
    return Fraction(len(key.text), max(len(o.text) for o in options if not o.correct))


def tf_answers(quiz: Quiz) -> Counter[bool]:
    return Counter(bool(q.answer) for q in quiz.questions if q.type == "true_false")


def pass_mark(quiz: Quiz, loaded: LoadedCourse) -> int:
    assert loaded.course
    return quiz.pass_mark if quiz.pass_mark is not None else loaded.course.model.pass_mark


# A strategy answers one question from its form alone, never from its meaning.
Strategy = Callable[[Question], list[str]]


def _longest(q: Question) -> str:
    options = q.options or []
    return q.option_ids()[max(range(len(options)), key=lambda i: (len(options[i].text), -i))]


def _choice(pick: Callable[[Question], str], tf: str) -> Strategy:
    return lambda q: [tf] if q.type == "true_false" else [pick(q)]


STRATEGIES: dict[str, Strategy] = {
    "longest option, Pelanggaran": _choice(_longest, "a"),
    "longest option, Bukan pelanggaran": _choice(_longest, "b"),
    "option A, Pelanggaran": _choice(lambda q: "a", "a"),
    "option A, Bukan pelanggaran": _choice(lambda q: "a", "b"),
    "last option, Pelanggaran": _choice(lambda q: q.option_ids()[-1], "a"),
    "every option of a multiple, first of a single, Pelanggaran": lambda q: (
        ["a"] if q.type != "multiple" else q.option_ids()
    ),
}


def strategy_score(quiz: Quiz, strategy: Strategy, loaded: LoadedCourse) -> tuple[int, bool]:
    answers = {q.id: strategy(q) for q in quiz.questions}
    score = score_attempt(keyed_quiz(quiz), answers, pass_mark(quiz, loaded))
    return score.total.percent, score.passed


def pelanggaran_knowing_the_rest(quiz: Quiz, loaded: LoadedCourse) -> tuple[int, bool]:
    """Always "Pelanggaran" on true/false, and every other question right: the strongest guesser."""
    answers = {q.id: ["a"] if q.type == "true_false" else q.correct_ids() for q in quiz.questions}
    score = score_attempt(keyed_quiz(quiz), answers, pass_mark(quiz, loaded))
    return score.total.percent, score.passed


# --- item-writing figures, per quiz -------------------------------------------------------------


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_key_positions_are_balanced_in_yaml_order(quiz: Quiz) -> None:
    counts = position_counts(quiz)
    total = sum(counts.values())
    if total >= MIN_SINGLE_FOR_POSITION:
        assert max(counts.values()) <= MAX_POSITION_SHARE * total, (quiz.id, dict(counts))
    multiples = [q for q in quiz.questions if q.type == "multiple"]
    prefixes = [q.id for q in multiples if q.correct_ids() == q.option_ids()[: len(q.correct_ids())]]
    assert not multiples or len(prefixes) < len(multiples), (quiz.id, prefixes)


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_the_key_is_not_the_longest_option_too_often(quiz: Quiz) -> None:
    qs = singles(quiz)
    longest = [q.id for q in qs if key_is_longest(q)]
    assert len(longest) <= MAX_LONGEST_SHARE * len(qs), (quiz.id, longest)
    for q in qs:
        assert length_ratio(q) <= MAX_LENGTH_RATIO, (quiz.id, q.id, float(length_ratio(q)))


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_true_false_answers_are_balanced(quiz: Quiz) -> None:
    answers = tf_answers(quiz)
    total = sum(answers.values())
    if total >= TF_MIN_QUESTIONS:
        for value in (True, False):
            assert TF_SHARE[0] * total <= answers[value] <= TF_SHARE[1] * total, (quiz.id, dict(answers))


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_options_are_well_formed(quiz: Quiz) -> None:
    for q in quiz.questions:
        texts = [o.text for o in q.options or []]
        assert len({t.strip().casefold() for t in texts}) == len(texts), (quiz.id, q.id, "duplicate option")
        if q.type == "single":
            assert len(texts) >= 3, (quiz.id, q.id)
        for text in texts:
            assert not ALL_OR_NONE.search(text), (quiz.id, q.id, text)
        if quiz.kind == "practice":
            assert all(o.feedback for o in q.options or []), (quiz.id, q.id, "distractor without feedback")


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_negative_stems_are_emphasised(quiz: Quiz) -> None:
    for q in quiz.questions:
        assert not NEGATIVE.search(q.prompt), (quiz.id, q.id, q.prompt)


def test_the_negative_stem_check_would_catch_a_plain_negative() -> None:
    assert NEGATIVE.search("Mana yang tidak termasuk larangan?")
    assert not NEGATIVE.search("Mana yang **tidak** termasuk larangan?")
    assert not NEGATIVE.search("Mana yang TIDAK termasuk larangan?")
    assert ALL_OR_NONE.search("Semua jawaban benar") and ALL_OR_NONE.search("Tidak ada yang benar")


@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda q: q.id)
def test_graded_quizzes_shuffle_questions_and_options(quiz: Quiz) -> None:
    assert quiz.shuffle_questions and quiz.shuffle_options, quiz.id


def test_the_exam_bank_allows_a_new_set_on_retry(loaded: LoadedCourse) -> None:
    exam = next(q for q in GRADED_QUIZZES if q.kind == "exam")
    assert exam.draw and len(exam.questions) >= 2 * exam.draw


# --- guessing strategies ------------------------------------------------------------------------


@pytest.mark.parametrize("name", STRATEGIES)
@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda q: q.id)
def test_answering_by_form_fails_every_graded_quiz(quiz: Quiz, name: str, loaded: LoadedCourse) -> None:
    percent, passed = strategy_score(quiz, STRATEGIES[name], loaded)
    assert not passed, (quiz.id, name, percent)


@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda q: q.id)
def test_always_pelanggaran_fails_even_knowing_every_other_answer(quiz: Quiz, loaded: LoadedCourse) -> None:
    percent, passed = pelanggaran_knowing_the_rest(quiz, loaded)
    assert not passed, (quiz.id, percent)


def cue(q: Question) -> Question:
    """The question as a careless author writes it: key first and longest, verdict "Pelanggaran"."""
    if q.type == "true_false":
        return q.model_copy(update={"answer": True})
    options = [o.model_copy(update={"correct": i == 0, "text": o.text + " " + "x" * 200 if i == 0 else o.text})
               for i, o in enumerate(q.options or [])]  # fmt: skip
    return q.model_copy(update={"options": options})


def test_the_strategies_would_catch_a_cue_ridden_quiz(loaded: LoadedCourse) -> None:
    exam = next(q for q in GRADED_QUIZZES if q.kind == "exam")
    cued = exam.model_copy(update={"questions": [cue(q) for q in exam.questions]})
    assert strategy_score(cued, STRATEGIES["longest option, Pelanggaran"], loaded)[1]
    assert strategy_score(cued, STRATEGIES["option A, Pelanggaran"], loaded)[1]


# --- the law as FACTS.md states it (issue 15) ---------------------------------------------------


def texts(quiz: Quiz) -> Iterator[tuple[str, str]]:
    yield quiz.id, quiz.description or ""
    for q in quiz.questions:
        for part in (q.scenario, q.prompt, q.explanation, q.discussion):
            yield q.id, part or ""
        for o in q.options or []:
            yield q.id, o.text
            yield q.id, o.feedback or ""


ALL_TEXTS = [(quiz.id, qid, t) for quiz in QUIZZES for qid, t in texts(quiz)]
Text = tuple[str, str, str]  # quiz id, question id, text


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;])\s+", text)


COURSE_TALK = re.compile(
    r"\bkursus\b|belum kami verifikasi|tidak kami cantumkan|sumber yang kami himpun|yang kami himpun|"
    r"baru bersandar pada satu sumber|kami bahas|kami belum|belum terverifikasi|sejauh yang diketahui",
    re.IGNORECASE,
)


def course_talk(found_in: list[Text]) -> list[Text]:
    """Text that speaks about the training's own making, or calls it a "kursus" (FACTS.md, register)."""
    return [(quiz, qid, m[0]) for quiz, qid, t in found_in for m in [COURSE_TALK.search(t)] if m]


def criminal_miscitations(found_in: list[Text]) -> list[Text]:
    """Pasal 188 without UU 1/2015 or without "dan/atau"; Pasal 494 as anything but kurungan."""
    wrong = []
    for quiz, qid, t in found_in:
        for sentence in sentences(t):
            if re.search(r"Pasal 188\b", sentence) and "UU 1/2015" not in sentence:
                wrong.append((quiz, qid, sentence))
            penalty = re.search(r"pidana|penjara|kurungan", sentence)
            if "Pasal 494" in sentence and penalty and ("kurungan" not in sentence or "penjara" in sentence):
                wrong.append((quiz, qid, sentence))
        if re.search(r"Pasal 188\b[^.]*(penjara|denda)", t) and "dan/atau" not in t:
            wrong.append((quiz, qid, t))
    return wrong


def spouse_campaign_as_ethics(found_in: list[Text]) -> list[Text]:
    """A sentence that makes campaigning without CLTN an ethics matter for anyone but a bakal calon."""
    return [
        (quiz, qid, sentence)
        for quiz, qid, t in found_in
        for sentence in sentences(t)
        if re.search(r"tanpa (CLTN|cuti)", sentence)
        and "kode etik" in sentence
        and "bakal calon" not in sentence
    ]


def pp_42_binds_pppk(found_in: list[Text]) -> list[Text]:
    return [
        (quiz, qid, sentence)
        for quiz, qid, t in found_in
        for sentence in sentences(t)
        if "PP 42/2004" in sentence and "PPPK" in sentence and not re.search(r"PNS|bukan|tidak", sentence)
    ]


def test_no_course_talk_in_learner_text() -> None:
    assert not course_talk(ALL_TEXTS)


def test_criminal_provisions_are_cited_as_the_law_has_them() -> None:
    assert not criminal_miscitations(ALL_TEXTS)
    cited = " ".join(t for _, _, t in ALL_TEXTS)
    for provision in ("Pasal 188 UU 1/2015", "Putusan MK 136/PUU-XXII/2024", "Pasal 70 ayat (1) jo. Pasal 189",
                      "Pasal 494", "Pasal 493", "Pasal 282", "Pasal 283", "Sentra Gakkumdu"):  # fmt: skip
        assert provision in cited, provision


def test_a_designated_spouses_campaign_is_discipline_not_ethics() -> None:
    assert not spouse_campaign_as_ethics(ALL_TEXTS)
    ids = {("pasca-tes", "dampingi-istri-tanpa-cltn"), ("ujian-akhir", "cltn-hadir-kampanye-istri"),
           ("cek-keluarga-calon", "syarat-pendampingan-pasangan")}  # fmt: skip
    by_id = {(quiz.id, q.id): q for quiz in QUIZZES for q in quiz.questions}
    for key in ids:
        text = " ".join(t for _, t in texts_of(by_id[key]))
        assert "Pasal 5 huruf n angka 1" in text and "disiplin sedang" in text, key


def test_the_legal_checks_would_catch_the_first_editions_sentences() -> None:
    first_edition = [
        ("q", "a", "Tidak tercatat dalam bahan kursus ini."),
        ("q", "b", "Sumber yang kami himpun menyebut pengecualian ini, tetapi belum kami verifikasi."),
        (
            "q",
            "c",
            "UU 10/2016 Pasal 71 ayat (1) jo. Pasal 188 (penjara 1–6 bulan, denda Rp600 ribu–Rp6 juta).",
        ),
        ("q", "d", "Pasal 494 mengancamnya dengan pidana penjara paling lama 1 tahun."),
        ("q", "e", "SKB 2/2022 menggolongkan kampanye pasangan tanpa CLTN sebagai pelanggaran kode etik."),
        ("q", "f", "PP 42/2004 mengatur kode etik PPPK."),
    ]
    assert {qid for _, qid, _ in course_talk(first_edition)} == {"a", "b"}
    assert {qid for _, qid, _ in criminal_miscitations(first_edition)} == {"c", "d"}
    assert {qid for _, qid, _ in spouse_campaign_as_ethics(first_edition)} == {"e"}
    assert {qid for _, qid, _ in pp_42_binds_pppk(first_edition)} == {"f"}


def texts_of(q: Question) -> Iterator[tuple[str, str]]:
    for part in (q.scenario, q.prompt, q.explanation):
        yield q.id, part or ""
    for o in q.options or []:
        yield q.id, o.text
        yield q.id, o.feedback or ""


def test_a_siblings_campaign_on_cltn_is_a_violation() -> None:
    exam = next(q for q in QUIZZES if q.id == "ujian-akhir")
    q = next(q for q in exam.questions if q.id == "cltn-untuk-kakak")
    right = next(o.text for o in q.options or [] if o.correct)
    assert right.startswith("Pelanggaran"), right
    assert "Kerabat lain tidak mendapat pengecualian" in (q.explanation or "")


def test_one_position_on_passive_attendance() -> None:
    # FACTS.md: "berisiko tinggi; tidak ada pengecualian tertulis; hindari", everywhere
    by_id = {(quiz.id, q.id): q for quiz in QUIZZES for q in quiz.questions}
    for key in (("ujian-akhir", "penonton-pasif-kampanye"), ("cek-kampanye", "dialog-balai-desa")):
        right = next(o.text for o in by_id[key].options or [] if o.correct)
        assert right.startswith("Berisiko tinggi") and "tidak ada pengecualian tertulis" in right, key
    for quiz, qid, t in ALL_TEXTS:
        assert not re.search(r"menteri dan pejabat Bawaslu|wilayah abu-abu|diperdebatkan", t), (quiz, qid, t)


def test_pp_42_2004_is_not_said_to_bind_pppk() -> None:
    assert not pp_42_binds_pppk(ALL_TEXTS)


def test_terms_of_the_official_register() -> None:
    for quiz, qid, t in ALL_TEXTS:
        assert not re.search(r"\bpemilu\b", t), (quiz, qid, "Pemilu")
        assert not re.search(r"\bPPK\b", t), (quiz, qid, "write out Pejabat Pembina Kepegawaian")
        assert not re.search(r"story Instagram|tim sukses|tim pemenangan", t), (quiz, qid, t)
        assert "pejabat pembina kepegawaian" not in t, (quiz, qid, "Pejabat Pembina Kepegawaian")


def figures(loaded: LoadedCourse) -> str:
    lines = []
    for quiz in QUIZZES:
        qs = singles(quiz)
        counts = position_counts(quiz)
        tf = tf_answers(quiz)
        longest = sum(key_is_longest(q) for q in qs)
        worst = max((length_ratio(q) for q in qs), default=Fraction(0))
        lines.append(
            f"{quiz.id} ({quiz.kind}, {len(quiz.questions)} q): single keys by position "
            f"{''.join(f'{chr(97 + i)}={counts[i]} ' for i in range(max(counts, default=-1) + 1))}"
            f"| key longest {longest}/{len(qs)} | max ratio {float(worst):.2f} "
            f"| tf Pelanggaran {tf[True]}/{tf[True] + tf[False]}"
        )
        if quiz.kind in GRADED:
            for name, strategy in STRATEGIES.items():
                percent, passed = strategy_score(quiz, strategy, loaded)
                lines.append(f"    {name}: {percent}% {'PASS' if passed else 'fail'}")
            percent, passed = pelanggaran_knowing_the_rest(quiz, loaded)
            lines.append(
                f"    always Pelanggaran, all else right: {percent}% {'PASS' if passed else 'fail'}"
                f" (pass mark {pass_mark(quiz, loaded)})"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(figures(load_course(Layout.at(REPO))))
