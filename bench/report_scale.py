"""`latih report` at 10k, 100k and 1M codes: codes per second, peak memory, and the ratio to a
floor measured in the same run (reading the same file and computing its CRC-32s).

Usage: python bench/report_scale.py [--scales 10000 100000 1000000]
Codes are sat on the flagship course: each participant takes the pretest and the posttest (pra-tes
and pasca-tes, 12 questions each), every code genuine (its shown percent is the re-scored one),
participants spread over 500 agencies in 34 provinces. Each
figure is one whole `latih report` process, timed with /usr/bin/time -v. Writes bench/out/.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import re
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out" / "report"

from generator.course.loader import Layout, load_course  # noqa: E402
from generator.participant import Person  # noqa: E402
from generator.results import (  # noqa: E402
    ALPHABET,
    GROUP,
    PREFIX,
    ResultsCode,
    fingerprint,
    payload,
    verify,
)

_RFC = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = bytes.maketrans(_RFC, ALPHABET.encode())


def fast_encode(code: ResultsCode) -> str:
    """`results.encode` through base64's C base32 and a translation table: the same text, faster."""
    body = payload(code).encode("utf-8")
    framed = len(body).to_bytes(2, "big") + body
    symbols = base64.b32encode(framed + zlib.crc32(framed).to_bytes(4, "big")).rstrip(b"=")
    text = symbols.translate(_TO_CROCKFORD).decode()
    return PREFIX + "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


# A session as the issue describes it: each participant takes the pretest and the posttest
QUIZZES = ("pra-tes", "pasca-tes")


def generate(count: int, path: Path) -> None:
    loaded = load_course(Layout.at(REPO))
    course = loaded.course.model  # type: ignore[union-attr]
    models = loaded.quiz_models()
    rng = random.Random(count)
    quizzes = []
    for quiz_id in QUIZZES:
        quiz = loaded.quizzes[quiz_id].model
        keys = [(q.option_ids(), q.correct_ids()) for q in quiz.questions]
        quizzes.append((quiz, fingerprint([q.id for q in quiz.questions]), keys, quiz.draw or len(keys)))
    provinces = [f"Provinsi {i + 1:02d}" for i in range(34)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            person = n // 2
            quiz, print_, keys, shown = quizzes[n % 2]
            agency = person % 500
            skill = 0.45 + 0.4 * ((agency * 7919) % 100) / 100 + (0.15 if n % 2 else 0)
            picked = sorted(rng.sample(range(len(keys)), shown)) if shown < len(keys) else list(range(shown))
            answers = []
            for index in picked:
                options, correct = keys[index]
                ids = tuple(sorted(correct)) if rng.random() < skill else (rng.choice(options),)
                answers.append((index, ids))
            code = ResultsCode(
                course.id,
                course.version,
                quiz.id,
                print_,
                1767225600 + n,
                Person(
                    f"Peserta {person:06d}",
                    f"19800101{person:010d}",
                    "Analis Kebijakan",
                    f"Dinas {agency:03d} {provinces[agency % 34]}",
                ),
                0,
                tuple(answers),
            )
            # The percent the participant's page showed: the re-scored one, so every code is genuine
            scored = verify(code, course, models).score
            code = replace(code, displayed_percent=scored.total.percent)  # type: ignore[union-attr]
            out.write(f"[{n % 24:02d}:{n % 60:02d}] Peserta {person}: {fast_encode(code)}\n")


def timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB of the largest process, CPU seconds of all) of one whole process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - started
    if done.returncode:
        sys.exit(done.stderr[-2000:])
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    return wall, peak / 1024, cpu


# This checkout's `latih`, run by the interpreter running the benchmark (any venv, any worktree)
LATIH = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {str(REPO)!r}); from generator.cli import main; sys.exit(main())",
]

FLOOR = (
    "import sys, zlib\nwith open(sys.argv[1], 'rb') as f:\n"
    "    c = 0\n    for line in f: c = zlib.crc32(line, c)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in args.scales:
        path = OUT / f"codes-{count}.txt"
        if not path.exists():
            generate(count, path)
        floor, _, floor_cpu = timed([sys.executable, "-c", FLOOR, str(path)])
        html = OUT / f"report-{count}.html"
        wall, peak, cpu = timed([*LATIH, "report", str(path), "--out", str(html)])
        size = path.stat().st_size / 1e6
        rows.append(
            (
                count,
                size,
                wall,
                count / wall,
                peak,
                floor,
                wall / floor,
                html.stat().st_size / 1e6,
                cpu,
                cpu / max(floor_cpu, 1e-3),
            )
        )
        print(rows[-1], flush=True)
    lines = [
        "| codes | file MB | report s | codes/s | peak MB | floor s | ratio to floor | HTML MB "
        "| report CPU s | CPU ratio to floor |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r[0]:,} | {r[1]:.0f} | {r[2]:.1f} | {r[3]:,.0f} | {r[4]:.0f} | {r[5]:.2f} "
            f"| {r[6]:.0f}x | {r[7]:.2f} | {r[8]:.1f} | {r[9]:.0f}x |"
        )
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    text = [
        "# Benchmark: `latih report` at scale",
        "",
        f"Written by `bench/report_scale.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, load average {' '.join(load)} at the end of the run. Each figure is one "
        "whole process (`/usr/bin/time -v`): wall seconds, the peak resident memory of the largest "
        "process, and CPU seconds (user + system, all processes). The floor reads the same file and "
        "computes its CRC-32s, in the same run.",
        "",
        *lines,
        "",
        "The machine was shared with other jobs while this ran: wall times are noisy, ratios less so.",
    ]
    (REPO / "bench" / "RESULTS-report.md").write_text("\n".join(text) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
