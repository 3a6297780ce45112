"""Synthetic courses for the benchmarks, at any scale, in two forms written from the same content.

- `write_latih(folder, lessons)`: a Latih course (SPEC.md format): `lessons` lessons, each with a
  practice quiz of ten questions (true_false, single and multiple mixed), a pretest and a final exam
  that unlocks the certificate, sections of ten lessons in the outline, a references catalogue.
- `write_markdown(folder, lessons)`: the baseline a user would have without Latih: the same lessons
  and the same questions as ordinary Markdown pages (headings, paragraphs, lists; the options as
  lists, explanations as text), with the same mkdocs.yml minus the latih plugin.

Content is deterministic (seeded), Indonesian-looking filler of realistic length: a lesson body of
about 2.5 KB, a question of about 0.6 KB.

    python bench/synth.py DIR --lessons 100 [--markdown]
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

QUESTIONS_PER_QUIZ = 10
LESSONS_PER_SECTION = 10
EXTRA_QUIZ_QUESTIONS = 10  # the pretest and the final exam draw on a bank of this size each

WORDS = tuple(
    (  # noqa: SIM905 - a sentence reads better than a list of words
        "aparatur sipil negara netralitas pemilihan umum kepala daerah calon kampanye dukungan media "
        "sosial pegawai instansi pejabat keputusan fasilitas jabatan larangan sanksi disiplin kode etik "
        "laporan pengawas masyarakat keluarga partai politik tahapan penetapan pasangan unggahan grup "
        "percakapan kegiatan kantor anggaran kendaraan dinas rapat warga desa kecamatan kabupaten kota "
        "provinsi pelayanan publik kepentingan umum keberpihakan perilaku tindakan aturan bukti saksi "
    ).split()
)

MKDOCS_COMMON = {
    "docs_dir": "content",
    "site_dir": "site",
    # Latih turns directory URLs off (file:// has no index pages); the baseline is built the same way
    "use_directory_urls": False,
    "theme": {
        "name": "material",
        "language": "id",
        "font": False,
        "features": ["navigation.footer", "navigation.sections", "navigation.top", "search.highlight"],
    },
    "markdown_extensions": [
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        "def_list",
        {"toc": {"permalink": True}},
        "pymdownx.details",
        "pymdownx.superfences",
        {"pymdownx.tabbed": {"alternate_style": True}},
    ],
}
REFERENCES = {
    f"ref-{i}": {
        "short": f"Peraturan {i}/2022",
        "title": f"Peraturan Nomor {i} Tahun 2022 tentang Netralitas",
    }
    for i in range(1, 6)
}


class Text:
    """Seeded filler: words, sentences and paragraphs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self, low: int = 8, high: int = 18) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


@dataclass
class Question:
    id: str
    type: str
    topic: str
    scenario: str
    prompt: str
    explanation: str
    answer: bool | None = None
    options: list[dict[str, object]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "type": self.type, "topic": self.topic}
        data |= {"scenario": self.scenario, "prompt": self.prompt}
        if self.type == "true_false":
            data["answer"] = self.answer
        else:
            data["options"] = self.options
            if self.type == "multiple":
                data["partial"] = True
        data["explanation"] = self.explanation
        if self.references:
            data["references"] = self.references
        return data


@dataclass
class Quiz:
    id: str
    title: str
    kind: str
    description: str
    questions: list[Question]

    def yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "title": self.title, "kind": self.kind}
        data |= {"description": self.description, "shuffle_options": True}
        data["questions"] = [q.yaml() for q in self.questions]
        return data


@dataclass
class Lesson:
    id: str
    title: str
    summary: str
    objectives: list[str]
    body: str
    key_points: list[str]
    references: list[str]
    quiz: str

    def yaml(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "duration_minutes": 15,
            "objectives": self.objectives,
            "body": self.body,
            "key_points": self.key_points,
            "references": [{"ref": r, "pinpoint": "Pasal 2"} for r in self.references],
            "quiz": self.quiz,
        }


def _question(text: Text, ident: str, topic: str, index: int) -> Question:
    kind = ("true_false", "single", "multiple")[index % 3]
    q = Question(
        id=ident,
        type=kind,
        topic=topic,
        scenario="Saya " + text.paragraph(2),
        prompt=text.sentence(6, 10)[:-1] + "?",
        explanation=text.paragraph(2),
        references=[f"ref-{index % 5 + 1}"],
    )
    if kind == "true_false":
        q.answer = index % 2 == 0
    else:
        correct = {0} if kind == "single" else {0, 2}
        q.options = [
            {
                "text": text.sentence(5, 9),
                **({"correct": True} if i in correct else {}),
                "feedback": text.sentence(),
            }
            for i in range(4)
        ]
    return q


def _lesson(text: Text, n: int) -> tuple[Lesson, Quiz]:
    ident = f"pelajaran-{n:04d}"
    sections = []
    for h in range(3):
        sections.append(f"## {text.words(2, 4).capitalize()} {h + 1}\n\n{text.paragraph(4)}\n")
        sections.append("\n".join(f"- {text.sentence(4, 9)}" for _ in range(4)) + "\n")
    sections.append(f'!!! note "Catatan"\n\n    {text.paragraph(2)}\n')
    quiz_id = f"cek-{n:04d}"
    lesson = Lesson(
        id=ident,
        title=f"Pelajaran {n}: {text.words(2, 4)}",
        summary=text.sentence(),
        objectives=[text.sentence(6, 10) for _ in range(3)],
        body="\n".join(sections),
        key_points=[text.sentence(6, 10) for _ in range(3)],
        references=[f"ref-{n % 5 + 1}"],
        quiz=quiz_id,
    )
    questions = [_question(text, f"soal-{i + 1:02d}", ident, i) for i in range(QUESTIONS_PER_QUIZ)]
    quiz = Quiz(quiz_id, f"Cek pemahaman {n}", "practice", text.sentence(), questions)
    return lesson, quiz


@dataclass
class Course:
    lessons: list[Lesson]
    quizzes: list[Quiz]  # the lessons' quizzes, then the pretest and the exam

    @property
    def question_count(self) -> int:
        return sum(len(q.questions) for q in self.quizzes)


def make_course(lessons: int, seed: int = 8) -> Course:
    text = Text(seed)
    pairs = [_lesson(text, n + 1) for n in range(lessons)]
    topics = [lesson.id for lesson, _ in pairs]
    extra = []
    for ident, kind in (("pra-tes", "pretest"), ("ujian-akhir", "exam")):
        bank = [
            _question(text, f"soal-{i + 1:02d}", topics[i % len(topics)], i)
            for i in range(EXTRA_QUIZ_QUESTIONS)
        ]
        extra.append(Quiz(ident, ident.replace("-", " ").capitalize(), kind, text.sentence(), bank))
    return Course([lesson for lesson, _ in pairs], [quiz for _, quiz in pairs] + extra)


def _sections(course: Course) -> list[list[Lesson]]:
    return [
        course.lessons[i : i + LESSONS_PER_SECTION]
        for i in range(0, len(course.lessons), LESSONS_PER_SECTION)
    ]


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _index(course: Course) -> str:
    return (
        f"# Kursus sintetis\n\n{len(course.lessons)} pelajaran, {course.question_count} soal: "
        "sebuah kursus untuk mengukur waktu pembangunan situs.\n"
    )


def write_latih(folder: Path, lessons: int, seed: int = 8) -> Course:
    """A Latih course in `folder` (replaced if it exists)."""
    course = make_course(lessons, seed)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content").mkdir(parents=True)
    (folder / "quizzes").mkdir()
    outline: list[dict[str, object]] = [{"quiz": "pra-tes"}]
    for i, section in enumerate(_sections(course)):
        items = [x for lesson in section for x in (lesson.id, lesson.quiz)]
        outline.append({"section": f"Bagian {i + 1}", "items": items})
    outline.append({"quiz": "ujian-akhir"})
    _dump(
        folder / "site_config" / "course.yml",
        {
            "id": "kursus-sintetis",
            "title": "Kursus sintetis",
            "version": "2026.1",
            "language": "id",
            "organization": {"name": "Unit Pelatihan"},
            "pass_mark": 80,
            "outline": outline,
            "certificate": {
                "quiz": "ujian-akhir",
                "title": "Sertifikat",
                "signatory": {"name": "Kepala Unit"},
            },
            "declaration": {"title": "Pernyataan", "statements": ["Saya akan bersikap netral."]},
            "references": REFERENCES,
        },
    )
    for lesson in course.lessons:
        _dump(folder / "content" / f"{lesson.id}.yml", lesson.yaml())
    for quiz in course.quizzes:
        _dump(folder / "quizzes" / f"{quiz.id}.yml", quiz.yaml())
    (folder / "content" / "index.md").write_text(_index(course), encoding="utf-8")
    _dump(
        folder / "mkdocs.yml",
        {"site_name": "Kursus sintetis", **MKDOCS_COMMON, "plugins": ["search", "latih", "offline"]},
    )
    return course


def _question_markdown(q: Question, number: int, labels: tuple[str, str]) -> str:
    options = labels if q.type == "true_false" else [str(o["text"]) for o in q.options]
    lines = [f"### Soal {number}", "", q.scenario, "", f"**{q.prompt}**", ""]
    lines += [f"- {text}" for text in options]
    lines += ["", f"*Penjelasan:* {q.explanation}", ""]
    lines += [f"- {o['text']}: {o['feedback']}" for o in q.options] + ([""] if q.options else [])
    return "\n".join(lines)


def quiz_markdown(quiz: Quiz) -> str:
    labels = ("Benar", "Salah")
    parts = [f"# {quiz.title}\n\n{quiz.description}\n"]
    parts += [_question_markdown(q, i + 1, labels) for i, q in enumerate(quiz.questions)]
    return "\n".join(parts)


def lesson_markdown(lesson: Lesson) -> str:
    refs = "\n".join(
        f"- {REFERENCES[r]['short']}, {REFERENCES[r]['title']}, Pasal 2" for r in lesson.references
    )
    return "\n".join(
        [
            f"# {lesson.title}\n\n{lesson.summary}\n",
            "**Tujuan pembelajaran**\n\n" + "\n".join(f"- {o}" for o in lesson.objectives) + "\n",
            lesson.body,
            "**Poin penting**\n\n" + "\n".join(f"- {k}" for k in lesson.key_points) + "\n",
            f"## Referensi\n\n{refs}\n",
            f"[Cek pemahaman]({lesson.quiz}.md)\n",
        ]
    )


def write_markdown(folder: Path, lessons: int, seed: int = 8) -> Course:
    """The same course as plain MkDocs Markdown pages, with the same outline as navigation."""
    course = make_course(lessons, seed)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content").mkdir(parents=True)
    quizzes = {q.id: q for q in course.quizzes}
    for lesson in course.lessons:
        (folder / "content" / f"{lesson.id}.md").write_text(lesson_markdown(lesson), encoding="utf-8")
    for quiz in course.quizzes:
        (folder / "content" / f"{quiz.id}.md").write_text(quiz_markdown(quiz), encoding="utf-8")
    (folder / "content" / "index.md").write_text(_index(course), encoding="utf-8")
    nav: list[object] = ["index.md", {quizzes["pra-tes"].title: "pra-tes.md"}]
    for i, section in enumerate(_sections(course)):
        items = []
        for lesson in section:
            items += [{lesson.title: f"{lesson.id}.md"}, {quizzes[lesson.quiz].title: f"{lesson.quiz}.md"}]
        nav.append({f"Bagian {i + 1}": items})
    nav.append({quizzes["ujian-akhir"].title: "ujian-akhir.md"})
    _dump(
        folder / "mkdocs.yml",
        {"site_name": "Kursus sintetis", **MKDOCS_COMMON, "plugins": ["search", "offline"], "nav": nav},
    )
    return course


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dir")
    parser.add_argument("--lessons", type=int, default=10)
    parser.add_argument("--markdown", action="store_true", help="write the plain-Markdown baseline instead")
    args = parser.parse_args()
    writer = write_markdown if args.markdown else write_latih
    course = writer(Path(args.dir), args.lessons)
    counts = f"{len(course.lessons)} lessons, {len(course.quizzes)} quizzes"
    print(f"{args.dir}: {counts}, {course.question_count} questions")


if __name__ == "__main__":
    main()
