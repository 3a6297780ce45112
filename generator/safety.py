"""What a command may replace: only what Latih made, never an author's files.

Two kinds of output:

- a **site folder** (`build --out`, `site_dir`): every build writes `MARKER` (the course id) at its
  top; a folder is replaced only when it does not exist, is empty, or holds that marker, and never
  when it is, holds or sits inside one of the course's own folders, the home folder or a root;
- a **single file** (`report --out`, `declarations --out/--pdf`, `package --out`, `schema --out`):
  Latih notes the SHA-256 of every file it writes in `LEDGER` inside the course folder; an existing
  file is replaced only when its bytes are still the ones Latih wrote (an author who edited it
  made it theirs), or with `--force`. A course source file (`mkdocs.yml`, or anything inside
  content/, quizzes/, site_config/ or docs_dir) is never an output, even with `--force`.

The deciding functions are pure over the paths they are given (and what is on disk there); they
return a refusal as a message key with its values, or None.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MARKER = ".latih-build"
LEDGER = ".latih/written.json"


@dataclass(frozen=True)
class Sources:
    """The folders and files an output must never replace or enter."""

    root: Path  # the folder of mkdocs.yml
    config_file: Path
    folders: tuple[Path, ...]  # content/, quizzes/, site_config/, docs_dir (resolved)

    @classmethod
    def of(cls, config_file: Path, folders: Iterable[Path]) -> Sources:
        config_file = config_file.resolve()
        return cls(config_file.parent, config_file, tuple(dict.fromkeys(f.resolve() for f in folders)))


@dataclass(frozen=True)
class Refusal:
    key: str  # a message key of locale/*.yml
    values: dict[str, object]


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _home() -> Path | None:
    home = os.environ.get("HOME")
    return Path(home).resolve() if home else None


def _source_folder(path: Path, sources: Sources) -> Path | None:
    for folder in sources.folders:
        if _within(path, folder):
            return folder
    return None


def folder_refusal(out: Path, sources: Sources) -> Refusal | None:
    """Why a site folder may not be (re)placed at `out`, or None when it may."""
    out = out.resolve()
    home = _home()
    if out.parent == out:
        return Refusal("out_root", {"folder": out})
    if home is not None and _within(home, out):
        return Refusal("out_home", {"folder": out})
    if out == sources.root:
        return Refusal("out_is_course", {"folder": out})
    if out in sources.folders:
        return Refusal("out_is_source", {"folder": out})
    for folder in (sources.root, *sources.folders):
        if _within(folder, out):
            return Refusal("out_course", {"folder": out, "course": folder})
    inside = _source_folder(out, sources)
    if inside is not None:
        return Refusal("out_source", {"folder": out, "source": inside})
    if out.exists() and not out.is_dir():
        return Refusal("out_not_folder", {"folder": out})
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        return Refusal("out_foreign", {"folder": out, "marker": MARKER})
    return None


def file_refusal(out: Path, sources: Sources, force: bool = False) -> Refusal | None:
    """Why a single output file may not be written at `out`, or None when it may."""
    out = out.resolve()
    if out == sources.config_file or out.name == "mkdocs.yml":
        return Refusal("out_source_file", {"path": out})
    inside = _source_folder(out, sources)
    if inside is not None:
        return Refusal("out_file_in_source", {"path": out, "source": inside})
    if out.is_dir():
        return Refusal("out_is_folder", {"path": out})
    if not out.exists():
        return None
    if out.suffix.lower() in (".yml", ".yaml", ".md"):
        return Refusal("out_source_file", {"path": out})
    if force or written_by_latih(out, sources.root):
        return None
    return Refusal("out_foreign_file", {"path": out})


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _ledger(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def written_by_latih(path: Path, root: Path) -> bool:
    """True when the file's bytes are exactly those Latih last wrote there for this course."""
    recorded = _ledger(root).get(str(path.resolve()))
    try:
        return recorded is not None and recorded == _digest(path)
    except OSError:
        return False


def note_written(paths: Iterable[Path], root: Path) -> None:
    """Remember what Latih wrote, so a later run may replace it (and only it)."""
    ledger = _ledger(root)
    for path in paths:
        path = path.resolve()
        if path.is_file():
            ledger[str(path)] = _digest(path)
    file = root / LEDGER
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}")
        tmp.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(file)
    except OSError:
        pass  # a read-only course folder: the file is written, only replacing it later needs --force


def mark_build(folder: Path, course_id: str) -> None:
    (folder / MARKER).write_text(f"{course_id}\n", encoding="utf-8")
