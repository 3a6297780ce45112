"""Where a course keeps its files, by default: names only, so that what needs no more (the plugin's
settings, which MkDocs reads before any build, and the command line's choice of language) can know
them without loading the reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

YAML_SUFFIXES = (".yml", ".yaml")
# A course's folders, relative to mkdocs.yml, unless the plugin's options name others.
CONTENT_DIR = "content"
QUIZZES_DIR = "quizzes"
CONFIG_DIR = "site_config"
DECISIONS_DIR = "decisions"  # decision aids (issue 29); optional
COURSE_FILE = "course.yml"


@dataclass(frozen=True)
class Layout:
    """Where a course keeps its files; the plugin's options, resolved against mkdocs.yml."""

    root: Path
    content_dir: Path
    quizzes_dir: Path
    config_dir: Path
    decisions_dir: Path | None = None  # None: `decisions` beside mkdocs.yml

    @classmethod
    def at(
        cls,
        root: Path,
        content: str = CONTENT_DIR,
        quizzes: str = QUIZZES_DIR,
        config: str = CONFIG_DIR,
        decisions: str = DECISIONS_DIR,
    ) -> Layout:
        root = root.resolve()
        return cls(root, root / content, root / quizzes, root / config, root / decisions)

    @property
    def decisions(self) -> Path:
        return self.decisions_dir or self.root / DECISIONS_DIR

    @classmethod
    def from_options(cls, root: Path, options: Mapping[str, Any]) -> Layout:
        """The layout the plugin's options (`content_dir`, `quizzes_dir`, `config_dir`) describe."""
        return cls.at(
            root,
            options.get("content_dir", CONTENT_DIR),
            options.get("quizzes_dir", QUIZZES_DIR),
            options.get("config_dir", CONFIG_DIR),
            options.get("decisions_dir", DECISIONS_DIR),
        )

    @classmethod
    def of_mkdocs(cls, config: Any) -> Layout:
        """The layout a loaded MkDocs configuration describes: beside its mkdocs.yml, with the `latih`
        plugin's options (the defaults without the plugin)."""
        plugin = config.plugins.get("latih")
        root = Path(config.config_file_path or ".").parent
        return cls.from_options(root, plugin.config if plugin is not None else {})

    @property
    def course_file(self) -> Path:
        return self.config_dir / COURSE_FILE
