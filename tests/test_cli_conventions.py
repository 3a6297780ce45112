"""The command line as MkDocs users expect it, in one language: the course's, or LANG's outside one."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import partial
from pathlib import Path

import pytest

from generator import __version__
from tests.conftest import COURSES, STARTER
from tests.helpers import latih as run_latih

ENGLISH_COURSE = COURSES / "english" / "mkdocs.yml"
COMMANDS = ["check", "build", "serve", "init", "new", "schema", "declarations", "verify", "report", "package"]
# argparse's own English, and the English of Latih's help
ARGPARSE_ENGLISH = re.compile(
    r"usage|positional arguments|options|optional arguments|show this help|and exit|"
    r"unrecognized arguments|the following arguments are required|invalid choice|"
    r"\berror\b|\bargument\b|\bexpected\b|\bdefault\b|\bcommands?\b|"
    r"(?-i:\bPATH\b|\bFILE\b|\bDIR\b|\bCODE\b|\bCOMMAND\b)",
    re.IGNORECASE,
)


# In the C locale unless a test names another
latih = partial(run_latih, lang="C.UTF-8")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    shutil.copytree(STARTER, root)
    return root


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_of_every_command_has_no_english_in_an_indonesian_course(
    course: Path, command: str | None
) -> None:
    result = latih(*([command] if command else []), "--help", cwd=course)
    assert result.returncode == 0
    assert result.stdout.startswith("penggunaan: latih")
    assert "tampilkan bantuan ini lalu keluar" in result.stdout
    assert not ARGPARSE_ENGLISH.findall(result.stdout), result.stdout


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_of_every_command_is_english_for_an_english_course(tmp_path: Path, command: str | None) -> None:
    args = [command, "-f", str(ENGLISH_COURSE)] if command and command != "init" else [command or "-h"]
    if command == "init" or command is None:
        args = ["-f", str(ENGLISH_COURSE), *([command] if command else [])]
    result = latih(*args, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: latih")
    assert "show this help message and exit" in result.stdout
    assert not re.search(r"penggunaan|tampilkan|berkas|kursus|bawaan", result.stdout), result.stdout


def test_outside_a_course_lang_decides(tmp_path: Path) -> None:
    assert latih("--help", cwd=tmp_path, lang="en_GB.UTF-8").stdout.startswith("usage: latih")
    assert latih("--help", cwd=tmp_path, lang="id_ID.UTF-8").stdout.startswith("penggunaan: latih")
    assert latih("--help", cwd=tmp_path, lang="C").stdout.startswith("penggunaan: latih")
    missing = latih("check", cwd=tmp_path, lang="en_US.UTF-8")
    assert missing.returncode == 1 and missing.stderr.startswith("error: no mkdocs.yml in")


def test_the_course_language_wins_over_lang(course: Path) -> None:
    assert latih("--help", cwd=course, lang="en_US.UTF-8").stdout.startswith("penggunaan: latih")


@pytest.mark.parametrize(
    ("args", "indonesian", "english"),
    [
        (["build", "--bogus"], "argumen tidak dikenal: --bogus", "unrecognized arguments: --bogus"),
        (["report"], "argumen berikut wajib diisi:", "the following arguments are required:"),
        (["new", "homework", "x"], "pilihan tidak valid: 'homework'", "invalid choice: 'homework'"),
        (["package"], "salah satu argumen ini wajib diisi", "one of the arguments --zip --scorm is required"),
        (
            ["declarations", "--out", "x.html", "--blank", "dua"],
            "nilai tidak valid: 'dua'",
            "invalid int value",
        ),
        (["nonsense"], "pilihan tidak valid: 'nonsense'", "invalid choice: 'nonsense'"),
    ],
)
def test_argparse_errors_speak_the_course_language(
    course: Path, tmp_path: Path, args: list[str], indonesian: str, english: str
) -> None:
    result = latih(*args, cwd=course)
    assert result.returncode == 2
    assert indonesian in result.stderr and "galat:" in result.stderr, result.stderr
    assert not ARGPARSE_ENGLISH.findall(result.stderr), result.stderr
    result = latih("-f", str(ENGLISH_COURSE), *args, cwd=tmp_path)
    assert english in result.stderr and "error:" in result.stderr, result.stderr


def test_version() -> None:
    result = latih("--version", cwd=Path.cwd())
    assert result.returncode == 0 and result.stdout.strip() == f"latih {__version__}"


@pytest.mark.parametrize("where", ["after", "before"])
def test_f_goes_after_the_command_as_with_mkdocs(course: Path, tmp_path: Path, where: str) -> None:
    config = str(course / "mkdocs.yml")
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()

    def run(command: str, *rest: str) -> subprocess.CompletedProcess[str]:
        args = [command, "-f", config, *rest] if where == "after" else ["-f", config, command, *rest]
        return latih(*args, cwd=elsewhere)

    assert run("check").stdout.startswith("Kursus 'Kursus Baru' valid")
    built = run("build", "--out", str(tmp_path / "situs"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "situs" / "index.html").is_file()
    packed = run("package", "--zip", "--out", str(tmp_path / "paket.zip"))
    assert packed.returncode == 0, packed.stderr and (tmp_path / "paket.zip").is_file()
    assert run("schema").returncode == 0 and (course / ".latih" / "schema" / "quiz.schema.json").is_file()
    (elsewhere / "kode.txt").write_text("")
    assert run("verify", "ABC").stdout.startswith("Kode 1: ABC\n  Ini bukan kode hasil")
    assert run("report", "kode.txt", "--out", "laporan.html").returncode == 0
    assert run("declarations", "--out", "p.html").stderr.startswith("galat: course.yml tidak memuat")
    assert run("serve", "--help").returncode == 0
    assert run("new", "lesson", f"baru-{where}").returncode == 0
    assert (course / "content" / f"baru-{where}.yml").is_file()


def test_f_after_serve_is_the_course_served(course: Path, tmp_path: Path) -> None:
    (course / "mkdocs.yml").unlink()
    result = latih("serve", "-f", str(tmp_path / "tidak-ada" / "mkdocs.yml"), cwd=tmp_path)
    assert (
        result.returncode == 1 and f"mkdocs.yml tidak ditemukan di {tmp_path / 'tidak-ada'}" in result.stderr
    )


INDONESIAN_WORDS = re.compile(
    r"\b(pelajaran|kuis|judul|bawaan|selamat|soal|yang|dan|untuk|isi)\b", re.IGNORECASE
)
ENGLISH_WORDS = re.compile(r"\b(the|lesson|quiz title|default|what|which|welcome|and|of)\b", re.IGNORECASE)


def _prose(path: Path) -> str:
    """The words an author reads in a starter file, without its keys and schema comment."""
    lines = [line for line in path.read_text().splitlines() if "yaml-language-server" not in line]
    text = "\n".join(line.split(":", 1)[1] if re.match(r"\s*-?\s*[a-z_]+:", line) else line for line in lines)
    return re.sub(
        r"\b(true_false|single|multiple|practice|pretest|posttest|exam|references|kind|pass_mark)\b", "", text
    )


@pytest.mark.parametrize(
    ("lang", "language", "foreign"),
    [("en_US.UTF-8", "en", INDONESIAN_WORDS), ("id_ID.UTF-8", "id", ENGLISH_WORDS)],
)
def test_init_and_new_write_starters_in_one_language(
    tmp_path: Path, lang: str, language: str, foreign: re.Pattern[str]
) -> None:
    made = latih("init", "baru", cwd=tmp_path, lang=lang)
    assert made.returncode == 0, made.stderr
    course = tmp_path / "baru"
    assert f"language: {language}" in (course / "site_config" / "course.yml").read_text()
    assert latih("new", "lesson", "kedua", cwd=course).returncode == 0
    assert latih("new", "quiz", "uji-kedua", cwd=course).returncode == 0
    files = [p for p in course.rglob("*") if p.suffix in (".yml", ".md")]
    assert len(files) == 7
    for path in files:
        assert not foreign.findall(_prose(path)), (path, foreign.findall(_prose(path)))
    checked = latih("check", cwd=course, lang="C")
    assert checked.returncode == 0, checked.stderr
    # messages follow the course, whatever LANG says
    assert checked.stdout.startswith("Course 'New Course'" if language == "en" else "Kursus 'Kursus Baru'")


def test_init_language_option_beats_lang(tmp_path: Path) -> None:
    made = latih("init", "baru", "--language", "en", cwd=tmp_path, lang="id_ID.UTF-8")
    assert made.returncode == 0 and made.stdout.startswith("A new course was written")
    assert "language: en" in (tmp_path / "baru" / "site_config" / "course.yml").read_text()


@pytest.mark.parametrize("where", ["course", "elsewhere"])
def test_build_prints_each_warning_once(course: Path, tmp_path: Path, where: str) -> None:
    assert latih("new", "lesson", "ekstra", cwd=course).returncode == 0  # not in the outline: a warning
    cwd = course if where == "course" else tmp_path
    result = latih("build", "-f", str(course / "mkdocs.yml"), "--out", str(tmp_path / "situs"), cwd=cwd)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "ekstra" in line]
    assert len(warnings) == 1 and "peringatan: pelajaran 'ekstra' tidak disebut di outline" in warnings[0]
    assert not [line for line in result.stderr.splitlines() if line.strip() in ("WARNING:", "")]
