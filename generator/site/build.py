"""Build a course into its output folder with MkDocs, replacing the folder only on success.

Like `mkdocs.commands.build`, a plain function that commands compose: the command line checks the
target first (`safety.folder_refusal`) and speaks to the user; this module only builds and swaps.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from generator.safety import MARKER, mark_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class BuildFailed(Exception):
    """MkDocs (or the file system) stopped the build; the previous output folder is as it was."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def build_site(config: MkDocsConfig, out: Path, course_id: str) -> int:
    """Build into `out`, replacing it only when the build succeeded; the number of pages built."""
    from mkdocs.commands.build import build

    # Build beside the target and swap only on success: a failed build leaves the old site as it was
    tmp = out.parent / f".{out.name}.latih-new-{os.getpid()}"
    old = out.parent / f".{out.name}.latih-old-{os.getpid()}"
    remove_leftovers(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        config["site_dir"] = str(tmp)
        build(config)
        mark_build(tmp, course_id)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
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


def remove_leftovers(out: Path) -> None:
    """Temporary folders of a build that was killed before it could clean up after itself."""
    for leftover in sorted(out.parent.glob(f".{out.name}.latih-*-*")):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or Path(f"/proc/{pid}").exists():
            continue  # another build still running
        if ".latih-old-" in leftover.name and not out.exists() and (leftover / MARKER).is_file():
            leftover.rename(out)  # killed between the two renames: the previous site comes back
        elif leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
