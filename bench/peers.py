"""Latih beside its peers on the same questions: plain MkDocs, mkdocs-quiz and mkdocs-mcq.

The same N single-choice questions (four options, feedback on every option, an explanation), twenty
to a page, written four ways:

- plain: ordinary Markdown pages (scenario, prompt, options as a list, feedback and explanation as
  text), built by plain `mkdocs build`: what an author has without any quiz tool;
- latih: a Latih course of practice quizzes, built by `latih build` (its default build: a references
  page, certificate and declaration pages if the course has them; here it has none);
- mkdocs-quiz: `<quiz>` blocks (its syntax has one feedback block per question, after the options:
  the option feedback and the explanation go there);
- mkdocs-mcq: ```` ```mcq ```` blocks with feedback under every option.

All four are built with the same MkDocs, theme and Markdown extensions, in subprocesses, interleaved
round by round (so whatever else the machine does falls on all alike); the figure is CPU time (user +
system) of the whole build, the median over the rounds, and its ratio to plain MkDocs in the same
run. "Per page" divides each build's CPU by the HTML pages it wrote, for a comparison at the same
number of pages. The peers are installed into a virtual environment of their own under bench/out/.

    python bench/peers.py --questions 1000 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import REPO, Run, checked, run
from synth import MKDOCS_COMMON, Text

OUT = Path(__file__).resolve().parent / "out" / "peers"
PER_PAGE = 20
PEERS = ("mkdocs-quiz==1.7.1", "mkdocs-mcq==0.2.0")
TOOLS = ("plain", "latih", "mkdocs-quiz", "mkdocs-mcq")


@dataclass
class Item:
    ident: str
    scenario: str
    prompt: str
    options: list[tuple[str, str]]  # (text, feedback)
    explanation: str
    correct: int  # which option is the key: every position in turn, as a good bank has it


@dataclass
class PeerResults:
    questions: int
    rounds: int
    cpu: dict[str, list[float]] = field(default_factory=dict)
    wall: dict[str, list[float]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    versions: str = ""

    def median_cpu(self, tool: str) -> float:
        return statistics.median(self.cpu[tool])

    def ratio(self, tool: str) -> float:
        return self.median_cpu(tool) / self.median_cpu("plain")

    def ratio_per_page(self, tool: str) -> float:
        return (self.median_cpu(tool) / self.pages[tool]) / (self.median_cpu("plain") / self.pages["plain"])


def items(count: int) -> list[Item]:
    text = Text(20261207)
    return [
        Item(
            ident=f"soal-{n:05d}",
            scenario="Saya " + text.paragraph(2),
            prompt=text.sentence(6, 10)[:-1] + "?",
            options=[(text.sentence(5, 9), text.sentence()) for _ in range(4)],
            explanation=text.paragraph(2),
            correct=n % 4,
        )
        for n in range(count)
    ]


def pages_of(bank: list[Item]) -> list[list[Item]]:
    return [bank[i : i + PER_PAGE] for i in range(0, len(bank), PER_PAGE)]


def _config(folder: Path, plugins: list[object], extra_ext: list[object] | None = None) -> None:
    config = {**MKDOCS_COMMON, "site_name": "Perbandingan", "plugins": plugins}
    config["markdown_extensions"] = [*MKDOCS_COMMON["markdown_extensions"], *(extra_ext or [])]  # type: ignore[misc]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def _fresh(folder: Path) -> Path:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content").mkdir(parents=True)
    return folder


def write_plain(folder: Path, bank: list[Item]) -> None:
    _fresh(folder)
    _config(folder, ["search"])
    (folder / "content" / "index.md").write_text("# Perbandingan\n\nLatihan.\n", "utf-8")
    for p, page in enumerate(pages_of(bank)):
        out = [f"# Latihan {p + 1}\n"]
        for q in page:
            out.append(f"## {q.ident}\n\n{q.scenario}\n\n**{q.prompt}**\n")
            out += [f"- {option}" for option, _ in q.options]
            out.append("")
            out += [f"*{chr(65 + i)}*: {feedback}\n" for i, (_, feedback) in enumerate(q.options)]
            out.append(f"Pembahasan: {q.explanation}\n")
        (folder / "content" / f"latihan-{p + 1:03d}.md").write_text("\n".join(out), "utf-8")


def write_latih(folder: Path, bank: list[Item]) -> None:
    _fresh(folder)
    _config(folder, ["search", "latih"])
    (folder / "quizzes").mkdir()
    (folder / "site_config").mkdir()
    (folder / "content" / "index.md").write_text("# Perbandingan\n\nLatihan.\n", "utf-8")
    ids = []
    for p, page in enumerate(pages_of(bank)):
        ident = f"latihan-{p + 1:03d}"
        ids.append(ident)
        quiz = {
            "id": ident,
            "title": f"Latihan {p + 1}",
            "kind": "practice",
            "shuffle_options": True,
            "questions": [
                {
                    "id": q.ident,
                    "type": "single",
                    "scenario": q.scenario,
                    "prompt": q.prompt,
                    "options": [
                        {
                            "text": option,
                            **({"correct": True} if i == q.correct else {}),
                            "feedback": feedback,
                        }
                        for i, (option, feedback) in enumerate(q.options)
                    ],
                    "explanation": q.explanation,
                }
                for q in page
            ],
        }
        (folder / "quizzes" / f"{ident}.yml").write_text(yaml.safe_dump(quiz, allow_unicode=True), "utf-8")
    course = {
        "id": "perbandingan",
        "title": "Perbandingan",
        "version": "1",
        "language": "id",
        "outline": [{"section": "Latihan", "items": ids}],
    }
    (folder / "site_config" / "course.yml").write_text(yaml.safe_dump(course, allow_unicode=True), "utf-8")


def write_mkdocs_quiz(folder: Path, bank: list[Item]) -> None:
    _fresh(folder)
    _config(folder, ["search", "mkdocs_quiz"])
    (folder / "content" / "index.md").write_text("# Perbandingan\n\nLatihan.\n", "utf-8")
    for p, page in enumerate(pages_of(bank)):
        out = [f"# Latihan {p + 1}\n", "<!-- mkdocs-quiz intro -->\n"]
        for q in page:
            out.append(f"<quiz>\n{q.scenario} {q.prompt}")
            out += [
                f"- [{'x' if i == q.correct else ' '}] {option}" for i, (option, _) in enumerate(q.options)
            ]
            out.append("")
            out += [f"*{chr(65 + i)}*: {feedback}\n" for i, (_, feedback) in enumerate(q.options)]
            out.append(f"{q.explanation}\n</quiz>\n")
        out.append("<!-- mkdocs-quiz results -->\n")
        (folder / "content" / f"latihan-{p + 1:03d}.md").write_text("\n".join(out), "utf-8")


def write_mkdocs_mcq(folder: Path, bank: list[Item]) -> None:
    _fresh(folder)
    _config(folder, ["search", "mcq"])
    (folder / "content" / "index.md").write_text("# Perbandingan\n\nLatihan.\n", "utf-8")
    for p, page in enumerate(pages_of(bank)):
        out = [f"# Latihan {p + 1}\n"]
        for q in page:
            question = f"{q.scenario} {q.prompt}".replace('"', "'")
            out.append(f'```mcq\n---\ntype: single\nquestion: "{question}"\n---\n')
            for i, (option, feedback) in enumerate(q.options):
                more = f" {q.explanation}" if i == q.correct else ""
                out.append(f"- [{'x' if i == q.correct else ' '}] {option}\n  > {feedback}{more}\n")
            out.append("```\n")
        (folder / "content" / f"latihan-{p + 1:03d}.md").write_text("\n".join(out), "utf-8")


WRITERS = {
    "plain": write_plain,
    "latih": write_latih,
    "mkdocs-quiz": write_mkdocs_quiz,
    "mkdocs-mcq": write_mkdocs_mcq,
}


def peer_python() -> Path:
    """A virtual environment with Latih (this checkout) and the peers, made once under bench/out/."""
    env = OUT / ".venv"
    python = env / "bin" / "python"
    if not python.exists():
        venv.create(env, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-e", str(REPO), *PEERS], check=True)
    return python


def build_command(tool: str, python: Path, folder: Path) -> list[str]:
    if tool == "latih":
        return [str(python), "-m", "generator", "build", "--out", str(folder / "site")]
    return [str(python), "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")]


def measure_peers(questions: int, rounds: int) -> PeerResults:
    python = peer_python()
    bank = items(questions)
    folders = {tool: OUT / f"{tool}-{questions}" for tool in TOOLS}
    for tool, folder in folders.items():
        WRITERS[tool](folder, bank)
    results = PeerResults(questions, rounds)
    versions = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    results.versions = ", ".join(
        v
        for v in versions
        if v.split("==")[0].lower()
        in ("mkdocs", "mkdocs-material", "mkdocs-quiz", "mkdocs_quiz", "mkdocs-mcq", "markdown")
    )
    for tool in TOOLS:
        results.cpu[tool], results.wall[tool] = [], []
    # One warm-up round (caches, .pyc), then the counted rounds, interleaved
    for counted in [False] + [True] * rounds:
        for tool, folder in folders.items():
            done: Run = checked(run(build_command(tool, python, folder), folder), f"{tool} build")
            if counted:
                results.cpu[tool].append(done.cpu)
                results.wall[tool].append(done.wall)
    for tool, folder in folders.items():
        results.pages[tool] = sum(1 for p in (folder / "site").rglob("*.html") if p.name != "404.html")
    return results


def markdown(r: PeerResults) -> str:
    lines = [
        f"## Beside the peers: {r.questions:,} single-choice questions with feedback on every option",
        "",
        f"{PER_PAGE} questions to a page; the same questions written for each tool (`bench/peers.py`); "
        f"CPU of the whole build (user + system), median of {r.rounds} interleaved rounds after a warm-up; "
        "the ratio is to plain MkDocs on the same text in the same run. Versions: " + r.versions + ".",
        "",
        "| tool | pages | CPU, median (min–max) | ratio to plain | ratio per page |",
        "| --- | --- | --- | --- | --- |",
    ]
    for tool in TOOLS:
        cpu = r.cpu[tool]
        lines.append(
            f"| {tool} | {r.pages[tool]} | {statistics.median(cpu):.2f} s ({min(cpu):.2f}–{max(cpu):.2f}) | "
            f"{r.ratio(tool):.2f}× | {r.ratio_per_page(tool):.2f}× |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = measure_peers(args.questions, args.rounds)
    text = markdown(results)
    (OUT / f"PEERS-{args.questions}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
