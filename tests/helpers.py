"""Text read back from printed PDFs, in one comparable form.

Chromium embeds the fonts it finds, and with some of them (DejaVu, for one) the PDF holds
typographic ligatures: "Whitfield" is extracted as "Whit\ufb01eld". Every test that compares text
taken from a PDF goes through `normalize` (Unicode NFKC, whitespace collapsed) on both sides, so
what is compared is the text, not the font's glyphs or the line breaks.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pypdf

from generator.schema import Question, Quiz
from generator.scoring import KeyedQuestion

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_module(name: str) -> Any:
    """A script of bench/ (synth, peers, weight) as a module, for the tests that use its parts."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # the scripts import each other by name
    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def normalize(text: str) -> str:
    """Unicode NFKC (ligatures such as "\ufb01" become "fi", no-break spaces spaces), whitespace runs
    collapsed to one space, no space at either end."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squeeze(text: str) -> str:
    """Normalized text without any whitespace: a wrapped line is the same text."""
    return re.sub(r"\s+", "", normalize(text))


def pdf_pages(pdf: Path) -> list[str]:
    """The normalized text of each page, as pypdf extracts it."""
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]


def pdf_page(pdf: Path, index: int) -> str:
    """The normalized text of one page (0-based), without reading the others."""
    return normalize(pypdf.PdfReader(pdf).pages[index].extract_text())


def pdf_text(pdf: Path) -> str:
    """The normalized text of the whole document, as pypdf extracts it."""
    return " ".join(pdf_pages(pdf))


def pdftotext_layout(pdf: Path) -> str:
    """The normalized text of the document, as poppler's `pdftotext -layout` reads it."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return normalize(out.stdout)


@dataclass(frozen=True)
class Word:
    text: str  # normalized
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageWords:
    width: float
    height: float
    words: list[Word]


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: Path) -> list[PageWords]:
    """Each page's size and its words with their boxes, as `pdftotext -bbox` places them; each
    word's text is normalized like any other text read from a PDF."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return parse_bbox(out)


PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def parse_bbox(out: str) -> list[PageWords]:
    pages = [
        PageWords(
            float(page[1]),
            float(page[2]),
            [
                Word(normalize(unescape(m[5])), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
                for m in WORD.finditer(page[3])
            ],
        )
        for page in PAGE.finditer(out)
    ]
    assert pages, "pdftotext -bbox gave no page"
    return pages


def keyed(question: Question) -> KeyedQuestion:
    """A question as the scoring rules see it, built here from the model's fields: the tests' own
    key, independent of `results.key_of`, which it checks."""
    return KeyedQuestion(
        question.id,
        question.type,
        question.topic or "",
        question.points,
        tuple(question.option_ids()),
        frozenset(question.correct_ids()),
        bool(question.partial),
    )


def keyed_quiz(quiz: Quiz) -> list[KeyedQuestion]:
    return [keyed(q) for q in quiz.questions]


def latih(
    *args: str, cwd: Path, lang: str | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`latih ARGS` as its own process in `cwd`, its output captured as text. `lang`: the locale it
    runs in (LANG, the LC_ variables dropped); `home`: its home folder."""
    env = dict(os.environ)
    if lang is not None:
        env = {k: v for k, v in env.items() if not k.startswith("LC_")}
        env["LANG"] = lang
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
