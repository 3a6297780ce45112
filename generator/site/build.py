"""Build a course into its output folder with MkDocs, replacing the folder only on success.

Like `mkdocs.commands.build`, a plain function that commands compose: the command line checks the
target first (`safety.folder_refusal`) and speaks to the user; this module only builds and swaps.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator.safety import PARTICIPANTS, build_refusal, mark_build, mark_pending, read_marker

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@contextmanager
def mkdocs_log(hold: bool = False) -> Iterator[list[logging.LogRecord]]:
    """MkDocs' warnings and errors while the block runs, as log records, for the caller to say its way.

    `hold`: kept from the terminal too (a command says them once, in its words); otherwise they go
    on to the terminal as well (the preview shows them in the page and on the terminal)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(handler)
    if hold:
        logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        if hold:
            logger.propagate = propagate


class BuildFailed(Exception):
    """MkDocs (or the file system) stopped the build; the previous output folder is as it was."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class OutputChanged(Exception):
    """The output folder changed during the build into something not ours: it is kept as it is."""

    def __init__(self, key: str, values: dict[str, object]) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def build_site(config: MkDocsConfig, out: Path, course_id: str, audience: str = PARTICIPANTS) -> int:
    """Build into `out` for `audience`, replacing it only when the build succeeded; the number of
    pages built."""
    from mkdocs.commands.build import build

    # Build beside the target and swap only on success: a failed build leaves the old site as it was
    tmp = out.parent / f".{out.name}.latih-new-{os.getpid()}"
    old = out.parent / f".{out.name}.latih-old-{os.getpid()}"
    remove_leftovers(out, course_id)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        mark_pending(tmp, course_id)  # MkDocs empties site_dir but keeps dot files
        config["site_dir"] = str(tmp)
        build(config)
        mark_build(tmp, course_id, audience)
        # Checked again at the swap: a folder made or filled at `out` during the build is kept
        if out.exists() or out.is_symlink():
            refusal = _not_replaceable(out, course_id, audience)
            if refusal is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                raise OutputChanged(refusal.key, refusal.values)
            out.rename(old)
        tmp.rename(out)
    except OutputChanged:
        raise
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise BuildFailed(detail.strip()) from None
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in out.rglob("*.html") if p.name != "404.html")


def _not_replaceable(out: Path, course_id: str, audience: str):  # type: ignore[no-untyped-def]
    from generator.safety import Refusal

    if out.is_symlink() or not out.is_dir():
        return Refusal("out_not_folder", {"folder": out})
    if not any(out.iterdir()):
        return None
    return build_refusal(out, course_id, audience)


def remove_leftovers(out: Path, course_id: str) -> None:
    """Temporary folders of a build of this course that was killed before it could clean up after
    itself: only folders named as Latih names them and carrying its marker for this course."""
    for leftover in sorted(out.parent.glob(f".{out.name}.latih-*-*")):
        kind, _, pid = leftover.name[len(out.name) + 1 :].rpartition("-")
        if kind not in (".latih-new", ".latih-old"):
            continue
        if not pid.isdigit() or not Path("/proc/self").exists() or Path(f"/proc/{pid}").exists():
            continue  # another build still running, or no way to tell
        if leftover.is_symlink() or not leftover.is_dir():
            continue
        marker = read_marker(leftover)
        if marker is None or marker.get("course") != course_id:
            continue  # not ours: kept
        if kind.endswith("old") and not out.exists() and build_refusal(leftover, course_id) is None:
            leftover.rename(out)  # killed between the two renames: the previous site comes back
        elif kind.endswith("new") or build_refusal(leftover, course_id) is None:
            shutil.rmtree(leftover, ignore_errors=True)
