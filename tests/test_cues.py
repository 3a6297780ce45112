"""The item-writing checks that read words (generator/course/quality.py, issue 23): each rule on a
small bank that trips it and on one that does not, in Indonesian and in English; the knowledge-free
guess printed per graded quiz; and the rules' work growing linearly with the bank."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.course.quality import check_quiz, guess
from generator.course.validate import validate
from generator.course.yamlsource import read_yaml
from generator.schema import Quality, Quiz

WORD_RULES = {"true-false-word-cue", "absolute-words", "stem-key-overlap"}

# Per language: true/false scenarios keyed true and false, a safeguard phrase, option texts
PLACES = {
    "id": ["Kabupaten Garut", "Kabupaten Sragen", "Kota Medan", "Kota Ambon", "Kabupaten Banyuwangi",
           "Kota Pontianak", "Kota Kediri", "Kabupaten Ciamis"],
    "en": ["Leeds", "Bristol", "Cardiff", "York", "Bath", "Derby", "Exeter", "Durham"],
}  # fmt: skip
ACTS = {
    "id": ["membagikan poster calon", "menghadiri rapat tim", "memasang spanduk calon", "mengajak rekan memilih",
           "meminjamkan mobil dinas", "menyukai unggahan calon", "mengumpulkan ketua RT", "memakai kaus calon"],
    "en": ["shared a candidate poster", "attended a team meeting", "hung a candidate banner",
           "urged colleagues to vote", "lent an official car", "liked a campaign post", "gathered ward heads",
           "wore a candidate shirt"],
}  # fmt: skip
SCENARIO = {
    "id": "Saya pegawai di {place}. Saya {act} {extra}.",
    "en": "I work in {place}. I {act} {extra}.",
}
SAFEGUARD = {"id": "tanpa atribut apa pun", "en": "without any insignia at all"}
PLAIN = {"id": "pada hari Minggu", "en": "on a Sunday"}
PROMPT = {"id": "Apakah tindakan saya pelanggaran?", "en": "Was that a breach?"}


def tf_bank(language: str, cued: bool) -> list[dict[str, Any]]:
    """Eight true/false items, half keyed each way. `cued`: the safeguard phrase only in those keyed false."""
    items = []
    for n in range(8):
        answer = n % 2 == 0
        safeguard = (not answer) if cued else n in (1, 2, 5, 6)
        extra = SAFEGUARD[language] if safeguard else PLAIN[language]
        scenario = SCENARIO[language].format(place=PLACES[language][n], act=ACTS[language][n], extra=extra)
        items.append(
            {
                "id": f"tf{n}",
                "type": "true_false",
                "scenario": scenario,
                "prompt": PROMPT[language],
                "answer": answer,
            }
        )
    return items


# Single-choice items: option texts alike in length; {abs} marks where an absolute word may go
OPTIONS = {
    "id": ["Melaporkan kejadian itu ke atasannya {n}", "Mencatat kejadian itu di buku harian {n}",
           "Membahas kejadian itu di rapat dinas {n}", "Menunggu arahan dari pimpinan kantor {n}"],
    "en": ["Report the event to the direct superior {n}", "Write the event down in a private diary {n}",
           "Discuss the event with a near colleague {n}", "Wait for a decision from the unit chief {n}"],
}  # fmt: skip
ABSOLUTE = {"id": "pasti", "en": "always"}
STEMS = {
    "id": "Apa yang sebaiknya saya lakukan dalam situasi {n}?",
    "en": "What should I do in situation {n}?",
}


def single_bank(language: str, absolute_in: str | None) -> list[dict[str, Any]]:
    """Eight single-choice items, keys spread over A-D. `absolute_in`: "distractors" puts an
    absolute word in one distractor of each item, "keys" in each key, "both" in as many keys as
    distractors in proportion (2 of 8 keys, 6 of 24 distractors)."""
    items = []
    for n in range(8):
        key = n % 4
        texts = [t.format(n=n) for t in OPTIONS[language]]
        target = None
        if absolute_in == "distractors":
            target = (key + 1) % 4
        elif absolute_in == "keys":
            target = key
        elif absolute_in == "both":
            target = key if n in (0, 4) else (key + 1) % 4
        if target is not None:
            texts[target] = f"{ABSOLUTE[language].capitalize()} {texts[target][0].lower()}{texts[target][1:]}"
        options = [{"text": t, "feedback": "."} for t in texts]
        options[key]["correct"] = True
        items.append(
            {"id": f"s{n}", "type": "single", "prompt": STEMS[language].format(n=n), "options": options}
        )
    return items


def findings(tmp_path: Path, questions: list[dict[str, Any]], language: str, **settings: Any):
    data = {"id": "bank", "title": "Bank", "kind": "exam", "shuffle_options": True, "questions": questions}
    path = tmp_path / "bank.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc, problems = read_yaml(path)
    model, problems = validate(doc, Quiz)
    assert model is not None, problems
    return model, check_quiz(model, doc, Quality(**settings), language)


def word_rules(found) -> list[str]:
    return sorted(p.rule for p in found if p.rule in WORD_RULES)


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "bank.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_word_that_predicts_the_true_false_key_fires_at_its_first_item(
    tmp_path: Path, language: str
) -> None:
    _, found = findings(tmp_path, tf_bank(language, cued=False), language, word_cue_min=3)
    assert word_rules(found) == []
    _, found = findings(tmp_path, tf_bank(language, cued=True), language, word_cue_min=3)
    word = "tanpa" if language == "id" else "without"
    cues = [p for p in found if p.rule == "true-false-word-cue"]
    first = next(p for p in cues if f"'{word}'" in p.text(language))
    # At the scenario of the first item keyed false (tf1), with the figure and the advice
    assert first.line == line_of(tmp_path, "id: tf1") + 2 and first.severity == "warning"
    assert "scenario:" in (tmp_path / "bank.yml").read_text(encoding="utf-8").splitlines()[first.line - 1]
    text = first.text(language)
    assert ("4 dari 4" if language == "id" else "4 of 4") in " ".join(p.text(language) for p in cues)
    assert ("Salah" if language == "id" else "False") in text
    assert ("Saran:" if language == "id" else "Advice:") in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_word_cue_thresholds_come_from_the_course(tmp_path: Path, language: str) -> None:
    # Four items carry the cue: the default (at least 5 one way) is silent, 4 fires, and 0 other
    # items are allowed the other way when word_cue_max_other is 0 (here there are none)
    assert word_rules(findings(tmp_path, tf_bank(language, cued=True), language)[1]) == []
    found = findings(tmp_path, tf_bank(language, cued=True), language, word_cue_min=4, word_cue_max_other=0)[
        1
    ]
    assert "true-false-word-cue" in word_rules(found)
    off = findings(
        tmp_path, tf_bank(language, cued=True), language, word_cue_min=4, disabled=["true-false-word-cue"]
    )
    assert word_rules(off[1]) == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("where", "fires"), [("distractors", True), ("keys", True), ("both", False), (None, False)]
)
def test_absolute_words_only_in_distractors_or_only_in_keys_fire(
    tmp_path: Path, language: str, where: str | None, fires: bool
) -> None:
    _, found = findings(tmp_path, single_bank(language, where), language)
    hits = [p for p in found if p.rule == "absolute-words"]
    assert bool(hits) is fires, found
    if fires:
        assert hits[0].line == line_of(tmp_path, "questions:")
        assert ABSOLUTE[language] in hits[0].text(language)
        assert ("0 dari" if language == "id" else "0 of") in hits[0].text(language)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_key_that_repeats_a_distinctive_stem_word_fires_on_the_key(tmp_path: Path, language: str) -> None:
    questions = single_bank(language, None)
    word = "inspektorat" if language == "id" else "inspectorate"
    questions[2]["prompt"] += f" ({word.capitalize()})"
    questions[2]["options"][2]["text"] += f" {word}"  # the key of item 2 is option C
    _, found = findings(tmp_path, questions, language)
    hits = [p for p in found if p.rule == "stem-key-overlap"]
    assert len(hits) == 1 and word in hits[0].text(language)
    lines = (tmp_path / "bank.yml").read_text(encoding="utf-8").splitlines()
    assert word in lines[hits[0].line - 1]  # at the key
    # The same word in one distractor too: no cue left
    questions[2]["options"][0]["text"] += f" {word}"
    assert "stem-key-overlap" not in word_rules(findings(tmp_path, questions, language)[1])


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_good_bank_has_no_word_finding(tmp_path: Path, language: str) -> None:
    questions = tf_bank(language, cued=False) + single_bank(language, "both")
    assert word_rules(findings(tmp_path, questions, language, word_cue_min=3)[1]) == []


def test_strict_makes_word_findings_errors(tmp_path: Path) -> None:
    _, found = findings(tmp_path, single_bank("id", "distractors"), "id", strict=True)
    assert [p.severity for p in found if p.rule == "absolute-words"] == ["error"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_guess_reads_the_cues_a_test_wise_participant_reads(tmp_path: Path, language: str) -> None:
    clean, _ = findings(tmp_path, tf_bank(language, cued=False) + single_bank(language, None), language)
    g = guess(clean, Quality(word_cue_min=3), language)
    # Eight true/false at 1/2 and eight single choice at 1/4, whichever strategy: 37.5 %
    assert float(g.best) == pytest.approx(0.375) and float(g.majority) == pytest.approx(0.375)
    cued, _ = findings(
        tmp_path, tf_bank(language, cued=True) + single_bank(language, "distractors"), language
    )
    g = guess(cued, Quality(word_cue_min=3), language)
    # The safeguard phrase answers every true/false item; dropping the absolute option leaves 1 in 3
    assert float(g.words) == pytest.approx((8 + 8 / 3) / 16)
    assert g.best == g.words and g.majority < g.words


def test_word_rules_grow_linearly_with_the_bank(tmp_path: Path) -> None:
    def bank(copies: int) -> list[dict[str, Any]]:
        out = []
        for c in range(copies):
            for q in tf_bank("id", cued=True) + single_bank("id", "distractors"):
                out.append({**q, "id": f"{q['id']}-{c}"})
        return out

    def seconds(copies: int) -> float:
        model, _ = findings(tmp_path, bank(copies), "id")
        doc, _ = read_yaml(tmp_path / "bank.yml")
        started = time.perf_counter()
        check_quiz(model, doc, Quality(), "id")
        guess(model, Quality(), "id")
        return time.perf_counter() - started

    small, large = seconds(25), seconds(200)  # 400 and 3,200 questions
    assert large < small * 8 * 3, (small, large)  # 8 times the bank: well under 24 times the time
