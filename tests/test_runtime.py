"""The browser runtime, in real Chromium, as a participant uses it: quizzes, storage, progress.

The test course (tests/courses/runtime) is built once per module and opened from file://, like a
site copied to a laptop. Which option is right always comes from the course YAML, never the page.
"""

from __future__ import annotations

import base64
import json
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.i18n import ui_strings
from generator.schema import option_id
from generator.scoring import KeyedQuestion, fraction_text, score_attempt
from generator.site.answer_key import conceal, reveal
from tests.conftest import COURSES, build_course, free_port, static_server

COURSE = COURSES / "runtime"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
UI = ui_strings("id")
STORAGE_KEY = "latih:v1:uji-runtime:1.0"

# Storage as some browsers leave it: disabled outright, or full.
DISABLED_STORAGE = """Object.defineProperty(window, "localStorage", {get() {
  throw new DOMException("The operation is insecure.", "SecurityError"); }});"""
FULL_STORAGE = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""


# ---- the course as its author wrote it


def quiz_yaml(quiz_id: str) -> dict[str, Any]:
    return yaml.safe_load((COURSE / "quizzes" / f"{quiz_id}.yml").read_text(encoding="utf-8"))


def lesson_title(lesson_id: str) -> str:
    return yaml.safe_load((COURSE / "content" / f"{lesson_id}.yml").read_text(encoding="utf-8"))["title"]


def keyed(quiz_id: str) -> dict[str, KeyedQuestion]:
    keys = {}
    for q in quiz_yaml(quiz_id)["questions"]:
        if q["type"] == "true_false":
            options, correct = ("a", "b"), {"a" if q["answer"] else "b"}
        else:
            options = tuple(option_id(i) for i in range(len(q["options"])))
            correct = {option_id(i) for i, o in enumerate(q["options"]) if o.get("correct")}
        keys[q["id"]] = KeyedQuestion(
            q["id"],
            q["type"],
            q.get("topic", ""),
            q.get("points", 1),
            options,
            frozenset(correct),
            q.get("partial", False),
        )
    return keys


def right(question: KeyedQuestion) -> list[str]:
    return sorted(question.correct)


def wrong(question: KeyedQuestion) -> list[str]:
    return [next(o for o in question.options if o not in question.correct)]


def option_texts(quiz_id: str, qid: str) -> dict[str, str]:
    q = next(q for q in quiz_yaml(quiz_id)["questions"] if q["id"] == qid)
    if q["type"] == "true_false":
        return {"a": "Pelanggaran", "b": "Bukan pelanggaran"}  # the course's true_false_labels
    return {option_id(i): o["text"] for i, o in enumerate(q["options"])}


# ---- sites and pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSE, tmp_path_factory.mktemp("runtime") / "site")


def variant(
    tmp: Path, course_yml: tuple[str, str] = ("", ""), mkdocs_yml: tuple[str, str] = ("", "")
) -> Path:
    """A copy of the test course with one edit to course.yml and/or mkdocs.yml."""
    shutil.copytree(COURSE, tmp / "course")
    for name, (old, new) in (("site_config/course.yml", course_yml), ("mkdocs.yml", mkdocs_yml)):
        path = tmp / "course" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return build_course(tmp / "course", tmp / "site")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return variant(tmp_path_factory.mktemp("runtime-en"), course_yml=("language: id", "language: en"))


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The course with instant navigation, over http: instant navigation needs a server and a site_url."""
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    built = variant(
        tmp_path_factory.mktemp("runtime-instant"),
        mkdocs_yml=(
            "  font: false\n",
            f"  font: false\n  features: [navigation.instant]\nsite_url: {address}\n",
        ),
    )
    with static_server(built, port):
        yield address


def url(site: Path, page: str = "") -> str:
    return (site / f"{page or 'index'}.html").as_uri()


class Participant:
    """A browser tab, with every page error and console error it saw."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.new_page()
        self.errors: list[str] = []
        self.theme_error = "\0"  # an error of mkdocs-material's own scripts this test expects
        self.page.on("pageerror", lambda e: self.errors.append(f"{e}\n{e.stack}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def open(self, address: str) -> Any:
        self.page.goto(address)
        return self.page


@pytest.fixture
def participant(browser: Any) -> Iterator[Participant]:
    context = browser.new_context()
    tab = Participant(context)
    yield tab
    context.close()
    assert [e for e in tab.errors if not e.startswith(tab.theme_error) or "/latih/" in e] == []


def retry_attempt(page: Any) -> None:
    """The results' retry button, by its label: after a pass the next steps and the code box come first."""
    page.locator(".latih-results button", has_text=UI["retry"]).last.click()


def shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    )


def layout(page: Any) -> list[tuple[str, tuple[str, ...]]]:
    """The questions on show and the order of their options, as the participant sees them."""
    return [
        (
            qid,
            tuple(
                page.eval_on_selector_all(
                    f"#soal-{qid} .latih-option", "els => els.map(e => e.dataset.option)"
                )
            ),
        )
        for qid in shown(page)
    ]


def choose(page: Any, qid: str, options: list[str]) -> None:
    """Click the labels that make `options` the answer to the question."""
    checked = page.eval_on_selector_all(f"#soal-{qid} input:checked", "els => els.map(e => e.value)")
    boxes = page.locator(f"#soal-{qid} input[type=checkbox]").count() > 0
    for option in sorted(set(options) ^ set(checked)) if boxes else options:
        page.click(f"#soal-{qid} label[data-option={option}]")


def answer_exam(page: Any, pick: Any) -> dict[str, list[str]]:
    """Answer every question on show with pick(KeyedQuestion); the answers given."""
    keys = keyed("ujian")
    answers = {qid: pick(keys[qid]) for qid in shown(page)}
    for qid, options in answers.items():
        choose(page, qid, options)
    return answers


def submit(page: Any) -> None:
    """Submit the attempt, confirming if some questions are unanswered."""
    page.click(".latih-quiz-end .latih-actions button")
    if page.locator(".latih-confirm").is_visible():
        page.click(".latih-confirm button")
    page.wait_for_selector(".latih-results:not([hidden])")


def python_score(quiz_id: str, questions: list[str], answers: dict[str, list[str]], pass_mark: int) -> Any:
    keys = keyed(quiz_id)
    return score_attempt([keys[q] for q in questions], answers, pass_mark)


# ---- the answer key


def test_reveal_mirrors_python_conceal(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "latihan"))
    data = {
        "soal-ü": {"c": ["b"], "e": "<p>Penjelasan “netral” — café ✓ 日本</p>" * 120, "f": {"a": "ñ" * 2000}}
    }
    blob = conceal(data, "a1b2c3d4e5f60718")
    assert len(json.dumps(data, ensure_ascii=False).encode()) > 2 * 4096  # the keystream repeats
    assert page.evaluate("([b, s]) => Latih.reveal(b, s)", [blob, "a1b2c3d4e5f60718"]) == data


def test_answer_key_is_not_in_plain_sight(site: Path) -> None:
    secrets = [
        "jejaknya tersimpan selamanya",  # explanation
        "Diam dan tidak meneruskan menjaga netralitas",  # feedback of the right option
        "Stiker dukungan tetap terbaca sebagai keberpihakan",  # feedback of a wrong option
        "Status cuti tidak menghapus kewajiban netralitas",
        "Gestur jari yang identik dengan nomor urut calon",
    ]
    sources = [
        (site / f"{page}.html").read_text(encoding="utf-8") for page in ("latihan", "ujian", "pra-tes")
    ]
    sources += [p.read_text(encoding="utf-8") for p in (site / "latih").rglob("*.js")]
    flag = re.compile(r"""(data-)?correct["']?\s*[:=]\s*["']?(true|1|!0)""", re.IGNORECASE)
    for text in sources:
        assert not flag.search(text)
        for secret in secrets:
            assert secret not in text
            for shift in range(3):  # base64 of the sentence at each alignment
                plain = base64.b64encode(("xx"[:shift] + secret).encode()).decode()[4:-4]
                assert plain not in text
    # ... and yet the key does hold them, for the browser to show once answered
    html = sources[0]
    seed, blob = re.search(r'data-seed="(\w+)" data-key="([^"]+)"', html).groups()  # type: ignore[union-attr]
    assert secrets[0] in json.dumps(reveal(blob, seed), ensure_ascii=False)


# ---- practice


def test_practice_right_answer_shows_feedback_and_explanation(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "latihan"))
    choose(page, "grup-keluarga", right(keyed("latihan")["grup-keluarga"]))
    page.click("#soal-grup-keluarga .latih-actions button")
    feedback = page.locator("#soal-grup-keluarga .latih-feedback")
    assert feedback.is_visible()
    text = feedback.inner_text()
    assert UI["correct"] in text
    assert "Diam dan tidak meneruskan menjaga netralitas" in text  # the chosen option's feedback
    assert "netralitas dimulai dari layar ponsel" in text  # the explanation
    assert "Meneruskan ajakan" not in text  # feedback of options not chosen stays hidden
    assert (
        page.get_attribute("#soal-grup-keluarga label[data-option=b]", "class") == "latih-option latih-right"
    )
    page.wait_for_function("document.querySelector('.latih-quiz [role=status]').textContent.length > 0")
    assert page.inner_text(".latih-quiz [role=status]") == "Soal 2: " + UI["correct"]
    assert page.locator(".latih-quiz [aria-live=polite]").count() == 1


def test_practice_reveals_the_answer_on_the_second_wrong_try_only(
    site: Path, participant: Participant
) -> None:
    page = participant.open(url(site, "latihan"))
    question = keyed("latihan")["suka-unggahan"]
    choose(page, "suka-unggahan", wrong(question))
    button = page.locator("#soal-suka-unggahan .latih-actions button")
    button.click()
    text = page.inner_text("#soal-suka-unggahan .latih-feedback")
    # First wrong try: the verdict and the chosen option's feedback, not the answer nor the explanation
    assert UI["incorrect"] in text
    assert UI["right_answer"] not in text and "jejaknya tersimpan selamanya" not in text
    assert "latih-wrong" in page.get_attribute("#soal-suka-unggahan label[data-option=b]", "class")
    assert "latih-right" not in (
        page.get_attribute("#soal-suka-unggahan label[data-option=a]", "class") or ""
    )
    assert button.inner_text() == UI["try_again"]
    assert page.get_by_role("button", name=UI["show_answer"]).first.is_visible()

    button.click()  # try again: a clean slate, focus on the first option
    assert not page.locator("#soal-suka-unggahan .latih-feedback").is_visible()
    assert page.evaluate("document.activeElement.name") == "latih-latihan-suka-unggahan"
    assert page.locator("#soal-suka-unggahan input:checked").count() == 0
    choose(page, "suka-unggahan", wrong(question))
    button.click()  # second wrong try: now the answer and why
    text = page.inner_text("#soal-suka-unggahan .latih-feedback")
    assert f"{UI['right_answer']}: Pelanggaran" in text
    assert "jejaknya tersimpan selamanya" in text
    assert "latih-right" in page.get_attribute("#soal-suka-unggahan label[data-option=a]", "class")
    button.click()
    choose(page, "suka-unggahan", right(question))
    button.click()
    assert UI["correct"] in page.inner_text("#soal-suka-unggahan .latih-feedback")


def test_practice_shows_the_answer_on_request(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "latihan"))
    question = keyed("latihan")["suka-unggahan"]
    choose(page, "suka-unggahan", wrong(question))
    page.locator("#soal-suka-unggahan .latih-actions button").click()
    assert UI["right_answer"] not in page.inner_text("#soal-suka-unggahan .latih-feedback")
    page.locator("#soal-suka-unggahan").get_by_role("button", name=UI["show_answer"]).click()
    text = page.inner_text("#soal-suka-unggahan .latih-feedback")
    assert f"{UI['right_answer']}: Pelanggaran" in text
    assert "jejaknya tersimpan selamanya" in text
    assert not page.locator("#soal-suka-unggahan").get_by_role("button", name=UI["show_answer"]).is_visible()


def test_practice_partial_credit_and_nothing_chosen(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "latihan"))
    button = page.locator("#soal-bentuk-dukungan .latih-actions button")
    button.click()
    assert page.inner_text("#soal-bentuk-dukungan .latih-feedback") == UI["choose_first"]
    choose(page, "bentuk-dukungan", right(keyed("latihan")["bentuk-dukungan"])[:1])
    button.click()
    text = page.inner_text("#soal-bentuk-dukungan .latih-feedback")
    assert UI["partly_correct"] in text
    assert "Membagikan poster menyebarluaskan pesan kampanye" in text


def test_practice_passes_once_every_question_was_right(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "latihan"))
    keys = keyed("latihan")
    for qid in shown(page):
        choose(page, qid, wrong(keys[qid]) if qid == "suka-unggahan" else right(keys[qid]))
        page.click(f"#soal-{qid} .latih-actions button")
    choose(page, "suka-unggahan", right(keys["suka-unggahan"]))
    page.click("#soal-suka-unggahan .latih-actions button")
    record = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))["quizzes"]["latihan"]
    # passed, scored on first tries: two of three right the first time
    assert [(a["percent"], a["passed"]) for a in record["attempts"]] == [(66, True)]


# ---- graded quizzes


@pytest.mark.parametrize("pick", [right, wrong, "mixed"], ids=["all-right", "all-wrong", "mixed"])
def test_exam_results_match_python_scoring(site: Path, participant: Participant, pick: Any) -> None:
    page = participant.open(url(site, "ujian"))
    questions = shown(page)
    assert (
        len(questions) == 3
        and page.inner_text(f"#soal-{questions[0]} .latih-question-number") == "Soal 1 dari 3"
    )
    keys = keyed("ujian")
    answers = {
        q: (right if pick is right or (pick == "mixed" and i == 0) else wrong)(keys[q])
        for i, q in enumerate(questions)
    }
    for qid, options in answers.items():
        choose(page, qid, options)
    submit(page)
    expected = python_score("ujian", questions, answers, 60)

    results = page.locator(".latih-results")
    assert page.evaluate("document.activeElement.tagName") == "H2"
    assert results.locator("h2").inner_text().replace("\n", " ") == f"Nilai Anda: {expected.total.percent}%"
    assert (
        UI["points"].format(earned=fraction_text(expected.total.earned), possible=3) in results.inner_text()
    )
    verdict = UI["passed" if expected.passed else "failed"].format(mark="60%")
    assert verdict in results.inner_text()
    assert page.locator(".latih-question:not([hidden]) input:not(:disabled)").count() == 0

    # one line per topic of the attempt (the last list: a fail lists the weak ones first too),
    # with a way back to the lessons of weak topics
    topics = results.locator(".latih-topics").last.locator("li")
    assert topics.count() == len(expected.topics)
    for i in range(topics.count()):
        line = topics.nth(i)
        title = line.locator(".latih-topic-title").inner_text()
        topic = next(t for t in expected.topics if lesson_title(t) == title)
        score = expected.topics[topic]
        nearest = math.floor((score.earned * 200 + score.possible) / (2 * score.possible))  # 2 of 3 is 67%
        assert line.locator(".latih-topic-percent").inner_text() == f"{nearest}%"
        links = line.locator(".latih-study a")
        if expected.topics[topic].earned * 100 < 60 * expected.topics[topic].possible:
            assert UI["study_again"] in line.inner_text()
            assert links.get_attribute("href") == url(site, topic)
        else:
            assert links.count() == 0

    # a review of every question: the answer given, the right one, feedback, explanation; the
    # right ones collapsed (opened here to read them), the others open
    items = results.locator(".latih-review-item")
    assert items.count() == 3
    for i, qid in enumerate(questions):
        right_answer = "is-correct" in (items.nth(i).get_attribute("class") or "")
        assert items.nth(i).evaluate("e => e.open") is not right_answer
        items.nth(i).evaluate("e => e.open = true")
        text = items.nth(i).inner_text()
        texts = option_texts("ujian", qid)
        assert f"{UI['your_answer']}: {'; '.join(texts[o] for o in answers[qid])}" in text
        assert f"{UI['right_answer']}: {'; '.join(texts[o] for o in right(keys[qid]))}" in text
        source = next(q for q in quiz_yaml("ujian")["questions"] if q["id"] == qid)
        assert source["explanation"] in text
        for o in answers[qid]:
            feedback = source.get("options", [{}] * 3)[ord(o) - ord("a")].get("feedback")
            assert feedback is None or feedback in text


def test_unanswered_questions_are_confirmed_in_the_page(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "ujian"))
    first, second, _ = shown(page)
    choose(page, second, right(keyed("ujian")[second]))
    page.click(".latih-quiz-end .latih-actions button")
    confirm = page.locator(".latih-confirm")
    assert confirm.is_visible()
    assert UI["unanswered_warning"].format(n=2) in confirm.inner_text()
    confirm.locator("a").first.click()  # back to the first unanswered question
    assert page.evaluate("document.activeElement.closest('.latih-question').dataset.question") == first
    page.keyboard.press("Space")
    assert not confirm.is_visible()  # answering again puts the submit button back
    page.click(".latih-quiz-end .latih-actions button")
    assert UI["unanswered_warning"].format(n=1) in confirm.inner_text()
    confirm.locator("button").click()
    page.wait_for_selector(".latih-results:not([hidden])")
    assert UI["no_answer"] in page.inner_text(".latih-results")


def test_pretest_is_submitted_and_scored(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "pra-tes"))
    keys = keyed("pra-tes")
    assert shown(page) == ["arti-netral", "hak-pilih", "unggah-dukungan"]  # written order: no shuffle
    answers = {"arti-netral": right(keys["arti-netral"]), "hak-pilih": wrong(keys["hak-pilih"])}
    for qid, options in answers.items():
        choose(page, qid, options)
    page.click(".latih-quiz-end .latih-actions button")
    page.click(".latih-confirm button")
    expected = python_score("pra-tes", shown(page), answers, 80)
    assert f"{expected.total.percent}%" in page.inner_text(".latih-results h2")


def test_retry_draws_and_orders_again(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "ujian"))
    seen = set()
    for attempt in range(1, 11):
        seen.add(tuple(layout(page)))
        label = UI["attempt"] if attempt == 1 else UI["attempt_new_set"]  # a bank of twice the draw
        assert page.inner_text(".latih-attempt") == label.format(n=attempt)
        if len(seen) > 1 and attempt > 2:
            break
        submit(page)
        retry_attempt(page)
        assert not page.locator(".latih-results").is_visible()
        assert page.locator(".latih-question input:checked").count() == 0
        assert page.locator(".latih-question input:disabled").count() == 0
    assert len(seen) > 1
    # true_false options are never shuffled
    for qid, order in seen.pop():
        if keyed("ujian")[qid].type == "true_false":
            assert order == ("a", "b")


def test_a_retry_draws_questions_the_attempt_before_did_not_show(
    site: Path, participant: Participant
) -> None:
    """The exam draws 3 from a bank of 6: each retry is a new test, and says so."""
    page = participant.open(url(site, "ujian"))
    bank = set(keyed("ujian"))
    assert len(bank) >= 2 * 3
    sets = []
    for n in range(1, 5):
        sets.append(set(shown(page)))
        assert len(sets[-1]) == 3 and sets[-1] <= bank
        if n > 1:
            assert not sets[-1] & sets[-2], f"attempt {n} repeats {sets[-1] & sets[-2]}"
            assert page.inner_text(".latih-attempt") == UI["attempt_new_set"].format(n=n)
        answer_exam(page, right)
        submit(page)
        page.reload()  # the finished attempt comes back from storage, and the retry still knows it
        retry_attempt(page)
    # the attempts' question ids, as stored, are the sets the participant saw
    stored = page.evaluate(
        f"JSON.parse(localStorage.getItem({json.dumps(STORAGE_KEY)})).quizzes.ujian.attempts"
    )
    assert [set(a["ids"]) for a in stored] == sets


def test_a_retry_from_a_bank_smaller_than_twice_the_draw_renews_what_it_can(
    tmp_path: Path, participant: Participant
) -> None:
    built = variant(tmp_path)
    quiz = built.parent / "course" / "quizzes" / "ujian.yml"
    assert quiz.exists()
    text = quiz.read_text(encoding="utf-8").replace("draw: 3", "draw: 4")
    quiz.write_text(text, encoding="utf-8")
    built = build_course(built.parent / "course", tmp_path / "site4")
    page = participant.open(url(built, "ujian"))
    first = set(shown(page))
    submit(page)
    retry_attempt(page)
    second = set(shown(page))
    assert len(second - first) == 2  # the two questions the first attempt left out, and two again
    assert page.inner_text(".latih-attempt") == UI["attempt_partly_new"].format(n=2, fresh=2, total=4)


def test_reload_resumes_the_attempt(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "ujian"))
    before = layout(page)
    first, second, _ = shown(page)
    keys = keyed("ujian")
    choose(page, first, right(keys[first]))
    choose(page, second, wrong(keys[second]))
    page.reload()
    assert layout(page) == before
    assert page.is_checked(f"#soal-{first} input[value={right(keys[first])[0]}]")
    assert page.is_checked(f"#soal-{second} input[value={wrong(keys[second])[0]}]")
    assert page.locator(".latih-note", has_text=UI["resume_note"]).count() == 1

    submit(page)
    percent = page.inner_text(".latih-results h2")
    page.reload()  # the results stay until the participant retries
    assert page.locator(".latih-results").is_visible()
    assert page.inner_text(".latih-results h2") == percent
    assert layout(page) == before


def test_a_second_tab_follows_the_first(site: Path, participant: Participant) -> None:
    first = participant.open(url(site, "ujian"))
    second = participant.context.new_page()
    second.goto(url(site, "ujian"))
    qid = shown(first)[0]
    option = right(keyed("ujian")[qid])[0]
    choose(first, qid, [option])
    second.wait_for_function(f"document.querySelector('#soal-{qid} input[value={option}]').checked")
    assert layout(second) == layout(first)


# ---- storage that fails


@pytest.mark.parametrize(
    "storage",
    [
        "{garbage",
        '["not", "a", "record"]',
        '{"lessons": 1, "quizzes": {"ujian": {"current": {"ids": ["nope"], "opts": 5}, "attempts": "x"}}}',
        '{"lessons": {}, "quizzes": {"ujian": {"current": {"ids": ["uu-pokok", "sanksi", "bagikan"], '
        '"opts": {"uu-pokok": ["a", "b", "c"], "sanksi": ["c", "b", "a"], "bagikan": ["a", "b"]}, '
        '"answers": {"uu-pokok": "a", "sanksi": ["z", "a"]}, "n": "two"}, "attempts": [null, 3], "best": "x"}}}',
    ],
    ids=["not-json", "not-a-record", "wrong-shape", "odd-answers"],
)
def test_corrupt_storage_starts_fresh(site: Path, participant: Participant, storage: str) -> None:
    page = participant.open(url(site, "ujian"))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORAGE_KEY, storage])
    page.reload()
    answer_exam(page, right)
    submit(page)
    assert "100%" in page.inner_text(".latih-results h2")
    assert page.locator(".latih-note", has_text=UI["storage_off"]).count() == 0
    assert (
        json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))["quizzes"]["ujian"]["best"] == 100
    )


@pytest.mark.parametrize("script", [DISABLED_STORAGE, FULL_STORAGE], ids=["disabled", "full"])
def test_quiz_works_without_storage_and_says_so_once(
    site: Path, participant: Participant, script: str
) -> None:
    participant.page.add_init_script(script)
    page = participant.open(url(site, "ujian"))
    answers = answer_exam(page, wrong)
    submit(page)
    assert "0%" in page.inner_text(".latih-results h2")
    retry_attempt(page)
    choose(page, shown(page)[0], ["a"])
    assert answers
    assert page.locator(".latih-note", has_text=UI["storage_off"]).count() == 1
    page.goto(url(site))  # the progress view says it too, and still renders
    assert page.locator(".latih-progress .latih-note", has_text=UI["storage_off"]).count() == 1


# ---- progress


def test_progress_view_shows_lessons_opened_and_best_scores(site: Path, participant: Participant) -> None:
    page = participant.open(url(site))
    assert UI["progress_lessons"].format(done=0, total=2) in page.inner_text(".latih-progress")
    page.goto(url(site, "dasar-hukum"))
    page.goto(url(site, "ujian"))
    answer_exam(page, right)
    submit(page)
    page.goto(url(site))
    view = page.locator(".latih-progress")
    assert UI["progress_lessons"].format(done=1, total=2) in view.inner_text()
    assert UI["progress_quizzes"].format(done=1, total=3) in view.inner_text()
    lesson = view.locator("li", has_text=lesson_title("dasar-hukum"))
    assert UI["visited"] in lesson.inner_text()
    assert lesson.locator("a").get_attribute("href") == url(site, "dasar-hukum")
    exam = view.locator("li", has_text="Ujian akhir").inner_text()
    assert UI["passed_short"] in exam and UI["best_score"].format(percent="100%") in exam
    assert UI["not_started"] in view.locator("li", has_text="Pra-tes").inner_text()


# ---- keyboard, small screens, accessibility, language


def test_exam_can_be_completed_with_the_keyboard_alone(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "ujian"))
    page.keyboard.press("Tab")  # the theme's "skip to content" link
    page.keyboard.press("Enter")
    answered = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            "() => { const e = document.activeElement, q = e.closest('.latih-question');"
            " return {q: q && q.dataset.question, tag: e.tagName, text: e.textContent}; }"
        )
        if focus["q"] and focus["q"] not in answered:
            page.keyboard.press("Space")
            answered.add(focus["q"])
        elif focus["tag"] == "BUTTON" and focus["text"] == UI["submit"]:
            page.keyboard.press("Enter")
            break
    assert answered == set(shown(page))
    assert page.locator(".latih-results").is_visible()
    assert page.evaluate("document.activeElement.id") == "latih-score-ujian"


def test_quiz_fits_a_phone_screen(site: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url(site, "ujian"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    answer_exam(page, wrong)
    submit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {preload: false})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_accessibility_audit_finds_no_serious_problem(site: Path, participant: Participant) -> None:
    page = participant.open(url(site, "dasar-hukum"))
    assert axe_violations(page) == []
    page = participant.open(url(site, "latihan"))
    choose(page, "bentuk-dukungan", ["a"])
    page.click("#soal-bentuk-dukungan .latih-actions button")
    assert axe_violations(page) == []
    page = participant.open(url(site, "ujian"))
    assert axe_violations(page) == []
    answer_exam(page, wrong)
    submit(page)
    assert axe_violations(page) == []


def test_english_course_speaks_english(english_site: Path, participant: Participant) -> None:
    ui = ui_strings("en")
    page = participant.open(url(english_site, "ujian"))
    assert page.inner_text(".latih-question:not([hidden]) .latih-question-number") == "Question 1 of 3"
    assert page.inner_text(".latih-quiz-end .latih-actions button") == ui["submit"]
    page.click(".latih-quiz-end .latih-actions button")
    assert ui["unanswered_warning"].format(n=3) in page.inner_text(".latih-confirm")
    page.click(".latih-confirm button")
    assert page.inner_text(".latih-results h2").replace("\n", " ") == "Your score: 0%"
    assert ui["review"] in page.inner_text(".latih-results")


def test_quiz_starts_after_instant_navigation(instant_server: str, participant: Participant) -> None:
    page = participant.open(instant_server)
    page.evaluate("window.notReloaded = true")
    page.click(".md-content p a[href$='ujian.html']")
    page.wait_for_selector(".latih-quiz-end .latih-actions button")
    assert page.evaluate("window.notReloaded") is True  # the page was swapped, not loaded
    answer_exam(page, right)
    submit(page)
    assert "100%" in page.inner_text(".latih-results h2")
    # The results code's script and styles were linked by neither page: fetched once needed
    page.wait_for_selector(".latih-code-box .latih-qr svg")
    assert page.evaluate("!!document.querySelector('link[href$=\"latih/codes.css\"]')")
    page.go_back()  # and the home page's progress view is drawn again, with the new score
    page.wait_for_selector(".latih-progress li")
    assert UI["best_score"].format(percent="100%") in page.inner_text(".latih-progress")
