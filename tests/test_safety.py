"""No command replaces what Latih did not make, whatever output an author types."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.safety import MARKER, Sources, file_refusal, folder_refusal, mark_build
from tests.conftest import STARTER
from tests.helpers import latih


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder below `folder`, with the hash of each file's bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        found[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    shutil.copytree(STARTER, root)
    (tmp_path / "catatan.txt").write_text("catatan pribadi penulis\n")
    return root


DANGEROUS_OUT = [
    (".", "adalah folder kursus itu sendiri"),
    ("content", "adalah folder sumber kursus"),
    ("quizzes", "adalah folder sumber kursus"),
    ("site_config", "adalah folder sumber kursus"),
    ("content/situs", "berada di dalam folder sumber"),
    ("quizzes/lama", "berada di dalam folder sumber"),
    ("site_config/", "adalah folder sumber kursus"),
    ("..", "memuat"),
    ("/", "akar sistem berkas"),
]


@pytest.mark.parametrize(("out", "reason"), DANGEROUS_OUT)
def test_build_refuses_a_dangerous_out_and_touches_nothing(course: Path, out: str, reason: str) -> None:
    before = snapshot(course.parent)
    result = latih("build", "--out", out, cwd=course)
    assert result.returncode == 1
    assert reason in result.stderr and "Traceback" not in result.stderr
    assert "Selesai" not in result.stdout
    assert snapshot(course.parent) == before


def test_build_refuses_the_home_folder(course: Path, tmp_path: Path) -> None:
    home = tmp_path / "rumah"
    home.mkdir()
    (home / "skripsi.docx").write_bytes(b"bab 1")
    before = snapshot(tmp_path)
    result = latih("build", "--out", str(home), cwd=course, home=home)
    assert result.returncode == 1
    assert f"{home} adalah folder rumah Anda" in result.stderr
    assert snapshot(tmp_path) == before


def test_build_refuses_a_folder_that_is_not_a_latih_build(course: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "dokumen"
    (foreign / "sub").mkdir(parents=True)
    (foreign / "sub" / "laporan.docx").write_bytes(b"penting")
    before = snapshot(tmp_path)
    result = latih("build", "--out", "../dokumen", cwd=course)
    assert result.returncode == 1
    assert f"{foreign} sudah berisi berkas yang bukan hasil bangun Latih" in result.stderr
    assert snapshot(tmp_path) == before


def test_build_refuses_a_file_as_output_folder(course: Path, tmp_path: Path) -> None:
    (tmp_path / "situs").write_text("bukan folder")
    before = snapshot(tmp_path)
    result = latih("build", "--out", "../situs", cwd=course)
    assert result.returncode == 1 and "adalah berkas, bukan folder" in result.stderr
    assert snapshot(tmp_path) == before


def test_build_refuses_a_custom_docs_dir(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content", "docs_dir: halaman"))
    (course / "halaman").mkdir()
    (course / "halaman" / "index.md").write_text("# Beranda\n")
    before = snapshot(tmp_path)
    for out in ("halaman", "halaman/situs"):
        result = latih("build", "--out", out, cwd=course)
        assert result.returncode == 1, result.stdout
        assert str(course / "halaman") in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("site_dir", [".", "content", "quizzes", "site_config", "..", "content/situs"])
def test_site_dir_in_mkdocs_yml_is_protected_like_out(course: Path, site_dir: str) -> None:
    config = course / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_dir: {site_dir}\n")
    before = snapshot(course.parent)
    result = latih("build", cwd=course)
    assert result.returncode == 1
    assert "galat:" in result.stderr and "Traceback" not in result.stderr
    assert "Config value" not in result.stderr  # said in the course's language, not MkDocs' English
    assert snapshot(course.parent) == before


def test_a_previous_build_is_replaced_and_marked(course: Path, tmp_path: Path) -> None:
    first = latih("build", "--out", "../situs", cwd=course)
    assert first.returncode == 0, first.stderr
    site = tmp_path / "situs"
    marker = json.loads((site / MARKER).read_text())
    assert marker["course"] == "kursus-baru" and "index.html" in marker["files"]
    # A file the build did not write makes the folder not a previous build: refused, kept
    (site / "sisa-lama.html").write_text("bukan dari build")
    refused = latih("build", "--out", "../situs", cwd=course)
    assert refused.returncode == 1 and "sisa-lama.html" in refused.stderr
    assert (site / "sisa-lama.html").read_text() == "bukan dari build"
    (site / "sisa-lama.html").unlink()
    second = latih("build", "--out", "../situs", cwd=course)
    assert second.returncode == 0, second.stderr
    assert (site / "index.html").is_file()
    # nothing left beside it: the swap's temporary folders are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catatan.txt", "kursus", "situs"]


def test_an_empty_folder_may_receive_a_build(course: Path, tmp_path: Path) -> None:
    (tmp_path / "kosong").mkdir()
    result = latih("build", "--out", "../kosong", cwd=course)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kosong" / "index.html").is_file()


def test_a_failed_build_leaves_the_previous_site(course: Path, tmp_path: Path) -> None:
    assert latih("build", "--out", "../situs", cwd=course).returncode == 0
    before = snapshot(tmp_path / "situs")
    (course / "content" / "pelajaran-pertama.yml").write_text("id: [\n")
    assert latih("build", "--out", "../situs", cwd=course).returncode == 1
    assert snapshot(tmp_path / "situs") == before


# Single-file outputs


def test_report_refuses_source_files_and_foreign_files(course: Path, tmp_path: Path) -> None:
    (course / "kode.txt").write_text("")
    (course / "milik-saya.html").write_text("<p>catatan</p>")
    before = snapshot(tmp_path)
    for out, reason in [
        ("mkdocs.yml", "adalah berkas sumber kursus"),
        ("site_config/course.yml", "berada di dalam folder sumber"),
        ("content/laporan.html", "berada di dalam folder sumber"),
        ("catatan.yml", None),
        ("milik-saya.html", "bukan tulisan Latih"),
        ("content", "berada di dalam folder sumber"),
        ("..", "adalah folder"),
    ]:
        result = latih("report", "kode.txt", "--out", out, cwd=course)
        assert result.returncode == (0 if reason is None else 1), (out, result.stderr)
        if reason is None:
            (course / out).unlink()  # a new file is fine; removed to keep the comparison below
            (course / ".latih").exists() and shutil.rmtree(course / ".latih")
            continue
        assert reason in result.stderr, (out, result.stderr)
    assert snapshot(tmp_path) == before


def test_an_existing_yml_is_never_overwritten_even_with_force(course: Path) -> None:
    (course / "kode.txt").write_text("")
    (course / "catatan.yml").write_text("penting: ya\n")
    result = latih("report", "kode.txt", "--out", "catatan.yml", "--force", cwd=course)
    assert result.returncode == 1 and "berkas sumber kursus" in result.stderr
    assert (course / "catatan.yml").read_text() == "penting: ya\n"


def test_report_replaces_its_own_file_and_force_replaces_a_foreign_one(course: Path) -> None:
    (course / "kode.txt").write_text("")
    assert latih("report", "kode.txt", "--out", "laporan.html", cwd=course).returncode == 0
    again = latih("report", "kode.txt", "--out", "laporan.html", cwd=course)
    assert again.returncode == 0, again.stderr
    # once the author edits it, it is theirs
    with (course / "laporan.html").open("a") as f:
        f.write("<!-- catatan saya -->")
    edited = latih("report", "kode.txt", "--out", "laporan.html", cwd=course)
    assert edited.returncode == 1 and "bukan tulisan Latih" in edited.stderr
    assert (course / "laporan.html").read_text().endswith("<!-- catatan saya -->")
    forced = latih("report", "kode.txt", "--out", "laporan.html", "--force", cwd=course)
    assert forced.returncode == 0
    assert not (course / "laporan.html").read_text().endswith("<!-- catatan saya -->")


def test_package_refuses_a_source_file_and_a_foreign_zip(course: Path, tmp_path: Path) -> None:
    (tmp_path / "arsip.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    before = snapshot(tmp_path)
    for out in ("quizzes/kuis-pertama.yml", "mkdocs.yml", "../arsip.zip"):
        result = latih("package", "--zip", "--out", out, cwd=course)
        assert result.returncode == 1 and "galat:" in result.stderr, out
    assert snapshot(tmp_path) == before


def test_package_builds_in_a_private_folder_and_leaves_no_marker_in_the_zip(course: Path) -> None:
    import zipfile

    config = course / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: ../situs\n")
    result = latih("package", "--zip", "--out", "../paket.zip", cwd=course)
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(course.parent / "paket.zip").namelist()
    assert "index.html" in names and MARKER not in names
    assert not (course.parent / "situs").exists()  # site_dir untouched: the build went elsewhere
    again = latih("package", "--zip", "--out", "../paket.zip", cwd=course)
    assert again.returncode == 0, again.stderr


def test_schema_refuses_source_folders_and_rewrites_its_own(course: Path) -> None:
    result = latih("schema", "--out", "content", cwd=course)
    assert result.returncode == 1 and "berada di dalam folder sumber" in result.stderr
    assert not list((course / "content").glob("*.json"))
    assert latih("schema", cwd=course).returncode == 0
    assert latih("schema", cwd=course).returncode == 0
    (course / "lain").mkdir()
    (course / "lain" / "quiz.schema.json").write_text('{"title": "skema saya"}')
    foreign = latih("schema", "--out", "lain", cwd=course)
    assert foreign.returncode == 1 and "bukan tulisan Latih" in foreign.stderr
    assert (course / "lain" / "quiz.schema.json").read_text() == '{"title": "skema saya"}'


# The deciding functions, directly


def test_folder_refusal_is_none_only_for_new_empty_or_marked_folders(tmp_path: Path) -> None:
    root = tmp_path / "k"
    sources = Sources.of(root / "mkdocs.yml", [root / "content", root / "quizzes"])
    assert folder_refusal(tmp_path / "baru", sources) is None
    marked = tmp_path / "lama"
    marked.mkdir()
    (marked / "index.html").write_text("x")
    assert folder_refusal(marked, sources).key == "out_foreign"  # type: ignore[union-attr]
    (marked / MARKER).write_text("k\n")  # an earlier Latih's marker: lists no files
    assert folder_refusal(marked, sources, "k").key == "out_marker_old"  # type: ignore[union-attr]
    mark_build(marked, "k")
    assert folder_refusal(marked, sources, "k") is None
    assert folder_refusal(marked, sources, "lain").key == "out_marker_other"  # type: ignore[union-attr]
    assert folder_refusal(root / "content" / "a" / "b", sources).key == "out_source"  # type: ignore[union-attr]
    assert file_refusal(root / "content" / "x.html", sources).key == "out_file_in_source"  # type: ignore[union-attr]


@pytest.mark.parametrize("site_dir", ["quizzes", "site_config", "quizzes/lama"])
def test_plain_mkdocs_build_refuses_the_course_folders_too(course: Path, site_dir: str) -> None:
    config = course / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_dir: {site_dir}\n")
    before = snapshot(course.parent)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "folder" in result.stderr and "kursus" in result.stderr
    assert snapshot(course.parent) == before


def test_a_link_to_a_source_folder_is_refused_as_that_folder(course: Path, tmp_path: Path) -> None:
    (tmp_path / "pintasan").symlink_to(course / "quizzes")
    before = snapshot(course)
    result = latih("build", "--out", "../pintasan", cwd=course)
    assert result.returncode == 1 and f"{course / 'quizzes'} adalah folder sumber kursus" in result.stderr
    assert snapshot(course) == before and (tmp_path / "pintasan").is_symlink()
