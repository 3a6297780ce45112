"""Where a course keeps its files, by default: names only, so that what needs no more (the plugin's
settings, which MkDocs reads before any build) can know them without loading the reader."""

YAML_SUFFIXES = (".yml", ".yaml")
# A course's folders, relative to mkdocs.yml, unless the plugin's options name others.
CONTENT_DIR = "content"
QUIZZES_DIR = "quizzes"
CONFIG_DIR = "site_config"
DECISIONS_DIR = "decisions"  # decision aids (issue 29); optional
COURSE_FILE = "course.yml"
