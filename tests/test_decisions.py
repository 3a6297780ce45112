"""Decision aids (issue 29): the graph's rules in `latih check`, in both languages, at file:line:col."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.course.decisions import verdict_paths, walk
from generator.course.loader import Layout, load_course
from generator.tools.graph import mermaid

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "generator" / "starter"
# What each language's starter course offers the aid to cite and to link
CITES = {"en": ("sample-source", "first-lesson"), "id": ("contoh-sumber", "pelajaran-pertama")}
VERDICTS = """
decisions:
  max_depth: 2
  verdicts:
    ok: {label: OK, tone: positive}
    stop: {label: Stop, tone: negative}
"""

# A valid aid; each case below changes one thing in it. REF and LESSON are the starter's own ids.
BASE = """\
id: aid
title: Aid
start: q
nodes:
  - id: q
    question: Which one?
    choices:
      - {text: One, to: v1}
      - {text: Two, to: v2}
  - id: v1
    verdict: ok
    explanation: E.
    references: [REF]
    lessons: [LESSON]
  - id: v2
    verdict: stop
    explanation: E.
    references: [REF]
"""


def course(tmp_path: Path, language: str) -> Path:
    root = tmp_path / language
    shutil.copytree(STARTER / language / "course", root)
    with (root / "site_config" / "course.yml").open("a", encoding="utf-8") as f:
        f.write(VERDICTS)
    (root / "decisions").mkdir()
    return root


def findings(root: Path, text: str, language: str) -> list[str]:
    ref, lesson = CITES[language]
    (root / "decisions" / "aid.yml").write_text(text.replace("REF", ref).replace("LESSON", lesson), "utf-8")
    loaded = load_course(Layout.at(root))
    return [p.format(language, root) for p in loaded.problems.sorted() if p.severity != "note"]


def test_the_base_aid_is_valid_in_both_languages(tmp_path: Path) -> None:
    for language in ("en", "id"):
        assert findings(course(tmp_path, language), BASE, language) == []


# name -> ((text in BASE, its replacement), the findings in English, the same in Indonesian)
CASES = {
    "unknown_target": (
        ("{text: Two, to: v2}", "{text: Two, to: v9}"),
        [
            "decisions/aid.yml:9:25: nodes[1].choices[2].to: 'v9' is not a node of this decision aid",
            "decisions/aid.yml:15:9: nodes[3].id: the node 'v2' cannot be reached from the start ('q')",
        ],
        [
            "decisions/aid.yml:9:25: nodes[1].choices[2].to: 'v9' bukan simpul di alat bantu keputusan ini",
            "decisions/aid.yml:15:9: nodes[3].id: simpul 'v2' tidak dapat dicapai dari awal ('q')",
        ],
    ),
    "unknown_start": (
        ("start: q", "start: qq"),
        ["decisions/aid.yml:3:8: start: 'qq' is not a node of this decision aid"],
        ["decisions/aid.yml:3:8: start: 'qq' bukan simpul di alat bantu keputusan ini"],
    ),
    "unreachable": (
        (
            "  - id: v2\n",
            "  - id: lost\n    verdict: ok\n    explanation: E.\n    references: [REF]\n  - id: v2\n",
        ),
        ["decisions/aid.yml:15:9: nodes[3].id: the node 'lost' cannot be reached from the start ('q')"],
        ["decisions/aid.yml:15:9: nodes[3].id: simpul 'lost' tidak dapat dicapai dari awal ('q')"],
    ),
    "cycle": (
        ("      - {text: Two, to: v2}\n", "      - {text: Two, to: v2}\n      - {text: Again, to: q}\n"),
        [
            "decisions/aid.yml:10:27: nodes[1].choices[3].to: the choice from 'q' to 'q' closes a loop; mark it 'back: true' if it is meant to go back"
        ],
        [
            "decisions/aid.yml:10:27: nodes[1].choices[3].to: pilihan dari 'q' ke 'q' membentuk putaran; tandai 'back: true' bila memang dimaksudkan untuk kembali"
        ],
    ),
    "back_choice_is_no_cycle": (
        (
            "      - {text: Two, to: v2}\n",
            "      - {text: Two, to: v2}\n      - {text: Again, to: q, back: true}\n",
        ),
        [],
        [],
    ),
    "dead_end": (
        (
            "      - {text: One, to: v1}\n      - {text: Two, to: v2}\n",
            "      - {text: One, to: q2}\n      - {text: Two, to: v2}\n  - id: q2\n    question: And?\n    choices:\n      - {text: Back, to: q, back: true}\n      - {text: v1, to: v1, back: true}\n",
        ),
        [
            "decisions/aid.yml:13:7: nodes[2].choices: every choice of the question 'q2' goes back: a path through it never reaches a verdict"
        ],
        [
            "decisions/aid.yml:13:7: nodes[2].choices: semua pilihan pertanyaan 'q2' kembali ke belakang: jalur melaluinya tidak pernah sampai ke putusan"
        ],
    ),
    "unknown_verdict": (
        ("verdict: stop", "verdict: halt"),
        [
            "decisions/aid.yml:16:14: nodes[3].verdict: 'halt' is not a verdict of course.yml (decisions.verdicts: ok, stop)"
        ],
        [
            "decisions/aid.yml:16:14: nodes[3].verdict: 'halt' bukan putusan di course.yml (decisions.verdicts: ok, stop)"
        ],
    ),
    "unknown_reference": (
        (
            "verdict: stop\n    explanation: E.\n    references: [REF]",
            "verdict: stop\n    explanation: E.\n    references: [REF, nowhere]",
        ),
        [
            "decisions/aid.yml:18:33: nodes[3].references[2]: 'nowhere' is not in the references catalogue of course.yml"
        ],
        [
            "decisions/aid.yml:18:33: nodes[3].references[2]: 'nowhere' tidak ada di katalog references di course.yml"
        ],
    ),
    "no_reference": (
        (
            "verdict: stop\n    explanation: E.\n    references: [REF]",
            "verdict: stop\n    explanation: E.\n    references: []",
        ),
        [
            "decisions/aid.yml:15:5: nodes[3]: the verdict 'v2' cites no reference; add at least one id from the references catalogue"
        ],
        [
            "decisions/aid.yml:15:5: nodes[3]: putusan 'v2' tidak mengutip rujukan; tambahkan sedikitnya satu id dari katalog references"
        ],
    ),
    "duplicate_node": (
        (
            "  - id: v2\n",
            "  - id: v1\n    verdict: ok\n    explanation: E.\n    references: [REF]\n  - id: v2\n",
        ),
        [
            "decisions/aid.yml:15:9: nodes[3].id: the node id 'v1' is already used in this decision aid (line 10)"
        ],
        [
            "decisions/aid.yml:15:9: nodes[3].id: id simpul 'v1' sudah dipakai di alat bantu keputusan ini (baris 10)"
        ],
    ),
    "too_deep": (
        (
            "      - {text: One, to: v1}\n",
            "      - {text: One, to: q2}\n  - id: q2\n    question: Second?\n    choices:\n      - {text: Three, to: q3}\n  - id: q3\n    question: Third?\n    choices:\n      - {text: Four, to: v1}\n",
        ),
        [
            "decisions/aid.yml:3:8: start: the longest path asks 3 questions; at most 2 (decisions.max_depth in course.yml)"
        ],
        [
            "decisions/aid.yml:3:8: start: jalur terpanjang mengajukan 3 pertanyaan; paling banyak 2 (decisions.max_depth di course.yml)"
        ],
    ),
    "neither_kind": (
        ("    verdict: stop\n", ""),
        [
            "decisions/aid.yml:15:5: nodes[3]: the node 'v2' must be either a question (question and choices) or a verdict (verdict, explanation, references)"
        ],
        [
            "decisions/aid.yml:15:5: nodes[3]: simpul 'v2' harus berupa pertanyaan (question dan choices) atau putusan (verdict, explanation, references)"
        ],
    ),
    "unknown_lesson": (
        ("lessons: [LESSON]", "lessons: [no-such-lesson]"),
        ["decisions/aid.yml:14:15: nodes[2].lessons[1]: 'no-such-lesson' is not a known lesson id"],
        ["decisions/aid.yml:14:15: nodes[2].lessons[1]: 'no-such-lesson' bukan id pelajaran yang dikenal"],
    ),
    "long_choice": (
        ("{text: One, to: v1}", "{text: One of the many long and winding ways, to: v1}"),
        [
            "decisions/aid.yml:8:16: warning: [decision-long-choice] nodes[1].choices[1].text: this choice (37 characters) is at least twice as long as every other choice of the question (the next longest: 3); a long choice draws the reader's eye"
        ],
        [
            "decisions/aid.yml:8:16: peringatan: [decision-long-choice] nodes[1].choices[1].text: pilihan ini (37 karakter) sedikitnya dua kali lebih panjang daripada setiap pilihan lain pada pertanyaan ini (terpanjang berikutnya: 3); pilihan yang panjang menarik mata pembaca"
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_graph_problem_is_named_at_its_place(tmp_path: Path, name: str) -> None:
    (old, new), english, indonesian = CASES[name]
    assert old in BASE
    text = BASE.replace(old, new, 1)
    assert findings(course(tmp_path, "en"), text, "en") == english
    assert findings(course(tmp_path, "id"), text, "id") == indonesian


def test_a_lessons_link_names_an_aid_and_a_node_that_exist(tmp_path: Path) -> None:
    root = course(tmp_path, "en")
    lesson = root / "content" / "first-lesson.yml"
    original = lesson.read_text("utf-8")
    lesson.write_text(original + "decision: {aid: aid, node: v1}\n", "utf-8")
    assert findings(root, BASE, "en") == []
    lesson.write_text(original + "decision: {aid: aid, node: v7}\n", "utf-8")
    line = original.count("\n") + 1
    assert findings(root, BASE, "en") == [
        f"content/first-lesson.yml:{line}:28: decision.node: 'v7' is not a node of this decision aid"
    ]
    lesson.write_text(original + "decision: {aid: other, node: v1}\n", "utf-8")
    assert findings(root, BASE, "en") == [
        f"content/first-lesson.yml:{line}:17: decision.aid: 'other' is not a known decision aid id"
    ]


def test_an_aid_whose_id_is_a_lessons_is_refused(tmp_path: Path) -> None:
    root = course(tmp_path, "id")
    text = BASE.replace("id: aid", "id: pelajaran-pertama", 1)
    assert findings(root, text, "id") == [
        "decisions/aid.yml:1:5: id: id alat bantu keputusan 'pelajaran-pertama' bentrok dengan pelajaran, "
        "kuis atau halaman bernama sama"
    ]


def test_an_aid_in_a_course_without_verdicts_says_what_to_add(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(STARTER / "en" / "course", root)
    (root / "decisions").mkdir()
    (root / "decisions" / "aid.yml").write_text(
        BASE.replace("REF", "sample-source").replace("LESSON", "first-lesson"), "utf-8"
    )
    problems = load_course(Layout.at(root)).problems.errors
    assert [p.key for p in problems] == ["decision_no_verdicts"]


def test_the_rules_stay_linear_on_a_long_chain(tmp_path: Path) -> None:
    # 20,000 questions in a row: no recursion limit, and the depth rule says how deep it is
    count = 20_000
    nodes = [
        f"  - id: q{i}\n    question: Q{i}?\n    choices:\n      - {{text: Next, to: q{i + 1}}}\n"
        for i in range(count)
    ]
    nodes.append(f"  - id: q{count}\n    verdict: ok\n    explanation: E.\n    references: [REF]\n")
    text = "id: aid\ntitle: Aid\nstart: q0\nnodes:\n" + "".join(nodes)
    found = findings(course(tmp_path, "en"), text, "en")
    assert found == [
        f"decisions/aid.yml:3:8: start: the longest path asks {count} questions; at most 2 "
        "(decisions.max_depth in course.yml)"
    ]


def test_check_graph_prints_every_node_and_choice_as_mermaid(tmp_path: Path) -> None:
    root = course(tmp_path, "en")
    (root / "decisions" / "aid.yml").write_text(
        BASE.replace("REF", "sample-source").replace("LESSON", "first-lesson")
    )
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--graph", "aid", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "flowchart TD"
    assert '  n_q{"Which one?"}' in run.stdout
    assert '  n_q -->|"One"| n_v1' in run.stdout
    assert '  n_v2(["v2: STOP (Sample source)"])' in run.stdout
    unknown = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--graph", "nope", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert unknown.returncode == 1
    assert "no decision aid 'nope' in this course (known: aid)" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_the_editor_schemas_include_the_decision_kind(tmp_path: Path) -> None:
    from generator.cli import write_schemas

    names = write_schemas(tmp_path)
    assert "decision.schema.json" in names
    schema = (tmp_path / "decision.schema.json").read_text("utf-8")
    assert '"start"' in schema and '"choices"' in schema and '"verdict"' in schema
    # The flagship's aid and course, and the English fixture's, are valid against the schemas
    import json

    import jsonschema
    import yaml

    for kind, path in [
        ("decision", REPO / "decisions" / "boleh-atau-tidak.yml"),
        ("course", REPO / "site_config" / "course.yml"),
        ("decision", REPO / "tests" / "courses" / "english" / "decisions" / "may-i.yml"),
    ]:
        schema_of = json.loads((tmp_path / f"{kind}.schema.json").read_text("utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema_of)


# The flagship's aid: every path, and its verdicts against the quiz keys

FLAGSHIP_AID = "boleh-atau-tidak"
# Verdict node -> graded or practice questions about the same situation (quiz, question id). A
# true/false key "Pelanggaran" (true) must meet "tidak-boleh"; "Bukan pelanggaran" (false) must meet
# "boleh" or "bersyarat" (allowed when its conditions hold, as the question's scenario has them).
AGREES_WITH = {
    "ms-suka-calon": [("pra-tes", "like-unggahan-calon")],
    "ms-suka-bakal": [("pasca-tes", "komentar-bakal-calon-tiktok")],
    "ms-bagikan": [("ujian-akhir", "bagikan-video-grup-keluarga")],
    "ms-ikuti": [("cek-media-sosial", "ikuti-akun-tim-kampanye")],
    "ms-status": [("ujian-akhir", "status-whatsapp-poster")],
    "ms-keluar-grup": [("ujian-akhir", "keluar-grup-kampanye")],
    "ms-baca": [("ujian-akhir", "baca-berita-kampanye")],
    "ac-tugas": [("pra-tes", "pos-kesehatan-kampanye"), ("ujian-akhir", "tugas-atur-lalu-lintas")],
    "ac-foto-gestur": [("cek-media-sosial", "foto-salam-jari")],
    "kel-cltn-daftar": [("ujian-akhir", "cltn-dampingi-pendaftaran-suami")],
    "kel-cltn-hadir": [("ujian-akhir", "cltn-hadir-kampanye-istri")],
    "kel-cltn-medsos": [("cek-keluarga-calon", "cltn-unggah-dukungan-pasangan")],
    "kel-tanpa-calon": [("pasca-tes", "dampingi-istri-tanpa-cltn")],
    "kel-kerabat-kampanye": [("ujian-akhir", "kampanye-untuk-adik")],
    "kel-kerabat-grup": [("ujian-akhir", "anak-caleg-grup-kantor")],
    "pt-dicatut": [("ujian-akhir", "keberatan-nama-dicatut-partai")],
    "pt-penjaringan": [("cek-partai-dan-pencalonan", "daftar-penjaringan-tanpa-cltn")],
    "pt-ktp": [("cek-partai-dan-pencalonan", "fotokopi-ktp-calon-perseorangan")],
    "pt-tim": [("ujian-akhir", "penasihat-program-capres"), ("ujian-akhir", "anggota-tim-kampanye-resmi")],
    "fs-kendaraan": [("pra-tes", "mobil-dinas-tim-kampanye")],
    "fs-aula-pilkada": [("cek-fasilitas-dan-keputusan", "aula-sekolah-rapat-relawan")],
    "fs-stiker": [("cek-fasilitas-dan-keputusan", "stiker-calon-di-bantuan-pemda")],
    "fs-bantuan": [("pasca-tes", "percepat-bantuan-basis-calon")],
    "fs-kumpulkan": [
        ("ujian-akhir", "kepala-dinas-wajibkan-hadir"),
        ("ujian-akhir", "rumah-dinas-kumpulkan-kades"),
    ],
    "fs-layanan": [("ujian-akhir", "layanan-sama-semua-calon")],
    "pl-edukasi": [("ujian-akhir", "edukasi-cara-mencoblos")],
    "lapor-tepat": [("cek-melaporkan", "kirim-bukti-ke-bawaslu")],
    "lapor-bawahan": [("ujian-akhir", "atasan-tegur-tanpa-periksa")],
}
# Single-choice questions whose key states the verdict in words: the key's opening words
KEY_WORDS = {
    "ac-pasif": [
        ("ujian-akhir", "penonton-pasif-kampanye", "Berisiko tinggi"),
        ("cek-kampanye", "dialog-balai-desa", "Berisiko tinggi"),
    ],
    "ac-narasumber": [("ujian-akhir", "narasumber-acara-partai", "Tergantung")],
    "ac-seragam": [("ujian-akhir", "seragam-dinas-mampir-kampanye", "Pelanggaran disiplin")],
    "ac-pemenangan": [("ujian-akhir", "simpatisan-rapat-tim-kampanye", "Pelanggaran")],
    "kel-kerabat-cltn": [("ujian-akhir", "cltn-untuk-kakak", "Pelanggaran")],
    "ac-bakal": [("ujian-akhir", "silaturahmi-bakal-calon", "Pelanggaran kode etik")],
    "lapor-terlambat": [("cek-melaporkan", "lapor-sepuluh-hari", "Tergantung")],
    "pt-ditetapkan": [("ujian-akhir", "mundur-saat-ditetapkan", "Berhenti sebagai ASN")],
}


@pytest.fixture(scope="module")
def flagship():  # type: ignore[no-untyped-def]
    loaded = load_course(Layout.at(REPO))
    assert loaded.ok, [p.format("id", REPO) for p in loaded.problems.errors]
    return loaded


def test_every_path_of_the_flagship_aid_ends_at_a_cited_verdict(flagship) -> None:  # type: ignore[no-untyped-def]
    aid = flagship.decisions[FLAGSHIP_AID].model
    course = flagship.course.model
    nodes = {n.id: n for n in aid.nodes}
    paths = verdict_paths(aid)
    ends = set()
    for path in paths:
        last_question, choice = path[-1]
        end = nodes[nodes[last_question].choices[choice].to]
        assert end.verdict in course.decisions.verdicts, path
        assert end.references and all(c.ref in course.references for c in end.references), end.id
        assert end.explanation and end.lessons, end.id
        assert all(lesson in flagship.lessons for lesson in end.lessons), end.id
        ends.add(end.id)
    # At least 40 situations, each one a verdict a path reaches
    assert len(ends) >= 40
    assert ends == {n.id for n in aid.nodes if n.verdict}
    assert len(paths) >= len(ends)
    # Every path answers in a few taps: the rule's limit holds
    assert max(len(p) for p in paths) <= course.decisions.max_depth
    # The labels are the course's own
    labels = {v.label for v in course.decisions.verdicts.values()}
    assert labels == {"Boleh", "Tidak boleh", "Boleh dengan syarat"}


def test_the_flagship_aid_covers_the_situations_the_issue_names(flagship) -> None:  # type: ignore[no-untyped-def]
    aid = flagship.decisions[FLAGSHIP_AID].model
    start = {n.id: n for n in aid.nodes}[aid.start]
    topics = " ".join(c.text.lower() for c in start.choices or [])
    for words in ("media sosial", "kampanye", "keluarga", "partai", "fasilitas", "melaporkan", "mencalonkan"):
        assert words in topics, words


@pytest.mark.parametrize("node", sorted(AGREES_WITH))
def test_each_verdict_agrees_with_the_true_false_keys(flagship, node: str) -> None:  # type: ignore[no-untyped-def]
    aid = flagship.decisions[FLAGSHIP_AID].model
    verdict = {n.id: n for n in aid.nodes}[node].verdict
    assert node in walk(aid).reached
    for quiz, question in AGREES_WITH[node]:
        found = [q for q in flagship.quizzes[quiz].model.questions if q.id == question]
        assert found, f"{quiz}: no question {question}; update the table"
        assert found[0].type == "true_false"
        violation = found[0].answer
        assert (verdict == "tidak-boleh") == violation, (node, verdict, quiz, question)


@pytest.mark.parametrize("node", sorted(KEY_WORDS))
def test_each_verdict_agrees_with_the_keyed_option(flagship, node: str) -> None:  # type: ignore[no-untyped-def]
    aid = flagship.decisions[FLAGSHIP_AID].model
    verdict = {n.id: n for n in aid.nodes}[node].verdict
    expected = {"Berisiko tinggi": "tidak-boleh", "Pelanggaran": "tidak-boleh", "Tergantung": "bersyarat"}
    for quiz, question, opening in KEY_WORDS[node]:
        found = [q for q in flagship.quizzes[quiz].model.questions if q.id == question]
        assert found, f"{quiz}: no question {question}; update the table"
        keyed = [o.text for o in found[0].options or [] if o.correct]
        assert keyed and keyed[0].startswith(opening), (quiz, question, keyed)
        kind = next((v for k, v in expected.items() if opening.startswith(k)), "bersyarat")
        assert verdict == kind, (node, verdict, quiz, question)


def test_the_flagship_graph_names_every_verdict(flagship) -> None:  # type: ignore[no-untyped-def]
    aid = flagship.decisions[FLAGSHIP_AID].model
    text = mermaid(aid, flagship.course.model)
    verdicts = [n for n in aid.nodes if n.verdict]
    assert text.count("([") == len(verdicts)
    assert text.count(" -->|") + text.count(" -.->|") == sum(len(n.choices or []) for n in aid.nodes)
