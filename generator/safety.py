"""What a command may replace: only what Latih made, never an author's files.

Two kinds of output:

- a **site folder** (`build --out`, `site_dir`): every build writes `MARKER` at its top, a regular
  file naming the course and listing every file the build wrote with its SHA-256; a folder is
  replaced only when it does not exist, is empty, or is exactly such a build of this course (nothing
  added, nothing changed: a copied site in a git checkout holds a `.git` the build did not write),
  and never when it is, holds or sits inside one of the course's own folders, the home folder or a
  root;
- a **single file** (`report --out`, `declarations --out/--pdf`, `package --out`, `schema --out`):
  Latih notes the SHA-256 of every file it writes in `LEDGER` inside the course folder; an existing
  file is replaced only when its bytes are still the ones Latih wrote (an author who edited it
  made it theirs), or with `--force`. A course source file (`mkdocs.yml`, or anything inside
  content/, quizzes/, site_config/ or docs_dir) is never an output, even with `--force`. The file is
  written beside its target and renamed over it (`write_file`): never through a link.

The deciding functions are pure over the paths they are given (and what is on disk there); they
return a refusal as a message key with its values, or None.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MARKER = ".latih-build"
LEDGER = ".latih/written.json"
MARKER_FORMAT = "latih-build/2"
# Whom a site is for (the plugin's `audience`); a marker without one is a participants' site
PARTICIPANTS, FACILITATOR = "participants", "facilitator"
# Refusals that only say "this folder is not a build of ours": plain `mkdocs build` may still go on
NOT_OURS = frozenset(
    {
        "out_foreign",
        "out_not_folder",
        "out_marker_link",
        "out_marker_other",
        "out_marker_old",
        "out_extra_file",
        "out_changed_file",
    }
)


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


def folder_refusal(
    out: Path, sources: Sources, course_id: str = "", audience: str = PARTICIPANTS
) -> Refusal | None:
    """Why a site folder may not be (re)placed at `out` by a build for `audience`, or None when it may."""
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
    if out.is_dir() and any(out.iterdir()):
        return build_refusal(out, course_id, audience)
    return None


def read_marker(folder: Path) -> dict[str, object] | None:
    """The marker of a build as written by `mark_build`, or None (absent, a link, unreadable, old)."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode) or marker.lstat().st_size > 64 << 20:
            return None
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        return None
    if not isinstance(data.get("files"), dict):
        return None
    return data


def build_refusal(folder: Path, course_id: str, audience: str = PARTICIPANTS) -> Refusal | None:
    """None when `folder` is exactly a previous build of this course that a build for `audience` may
    replace; else why it is not. The facilitator's site (every answer key) never replaces the
    participants' one, which is the one that gets published.

    Linear in the folder's size: every file is listed once and hashed once."""
    marker = folder / MARKER
    if not marker.exists() and not marker.is_symlink():
        return Refusal("out_foreign", {"folder": folder, "marker": MARKER})
    if marker.is_symlink() or not marker.is_file():
        return Refusal("out_marker_link", {"folder": folder, "marker": MARKER})
    data = read_marker(folder)
    if data is None:
        return Refusal("out_marker_old", {"folder": folder, "marker": MARKER})
    if data.get("course") != course_id:
        other = data.get("course")
        return Refusal("out_marker_other", {"folder": folder, "other": other, "course": course_id})
    if audience == FACILITATOR and data.get("audience", PARTICIPANTS) != FACILITATOR:
        return Refusal("out_participants_site", {"folder": folder})
    listed: dict[str, object] = data["files"]  # type: ignore[assignment]
    for path in sorted(_walk(folder)):
        name = path.relative_to(folder).as_posix()
        if name == MARKER:
            continue
        if path.is_symlink() or not path.is_file() or name not in listed:
            return Refusal("out_extra_file", {"folder": folder, "file": name})
        try:
            same = _digest(path) == listed[name]
        except OSError:
            same = False
        if not same:
            return Refusal("out_changed_file", {"folder": folder, "file": name})
    return None


def _walk(folder: Path) -> Iterable[Path]:
    """Every entry under `folder` but its folders (links to folders included); links are not followed."""
    for top, dirs, files in os.walk(folder):
        base = Path(top)
        for d in dirs:
            if (base / d).is_symlink():
                yield base / d
        for f in files:
            yield base / f


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
    # A read-only course folder: the file is written, only replacing it later needs --force
    with contextlib.suppress(OSError):
        write_file(file, json.dumps(ledger, indent=1, sort_keys=True) + "\n")


def mark_build(folder: Path, course_id: str, audience: str = PARTICIPANTS) -> None:
    """List every file of a finished build, with its digest, and whom it is for in the build's marker."""
    files = {p.relative_to(folder).as_posix(): _digest(p) for p in sorted(_walk(folder)) if p.name != MARKER}
    data = {"format": MARKER_FORMAT, "course": course_id, "audience": audience, "files": files}
    (folder / MARKER).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def mark_pending(folder: Path, course_id: str) -> None:
    """The marker of a build under way: lets a later build remove it if this one is killed."""
    data = {"format": MARKER_FORMAT, "course": course_id, "files": {}, "pending": True}
    (folder / MARKER).write_text(json.dumps(data) + "\n", encoding="utf-8")


def write_file(path: Path, data: str | bytes) -> None:
    """Write beside `path` and rename over it: a link at `path` is replaced, never followed, and
    a file hard-linked to it keeps its bytes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".latih-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
