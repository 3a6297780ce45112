"""Interface strings in Bahasa Indonesia (default) and English, from `locale/*.yml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCALE_DIR = Path(__file__).parent / "locale"
# The languages a course and the interface speak (one locale file each), the default first
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]
# libyaml's C parser reads a locale file about six times faster than the pure-Python one
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _catalogue(language: str) -> dict[str, Any]:
    path = LOCALE_DIR / f"{language}.yml"
    if not path.is_file():
        path = LOCALE_DIR / f"{DEFAULT_LANGUAGE}.yml"
    catalogue = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    # The command line's own block (kept apart in the file to keep edits local) joins the messages
    cli = catalogue.get("cli") or {}
    banks = catalogue.get("banks") or {}
    catalogue["messages"] = {
        **catalogue["messages"],
        **(cli.get("messages") or {}),
        **(banks.get("messages") or {}),
    }
    # The bank commands' help (its own block, as above) joins the command line's
    if banks.get("help"):
        cli["help"] = {**(cli.get("help") or {}), **banks["help"]}
        catalogue["cli"] = cli
    return catalogue


def message(language: str, msg: str, /, **values: object) -> str:
    """A command-line or validation message, filled in."""
    return _catalogue(language)["messages"][msg].format(**values)


def ui_strings(language: str) -> dict[str, str]:
    """Every string the built site shows, for templates and the browser runtime."""
    return dict(_catalogue(language)["ui"])


def cli_strings(language: str, section: str) -> dict[str, str]:
    """The command line's help (`help`) or argparse's own words (`argparse`), by key."""
    return dict((_catalogue(language).get("cli") or {}).get(section) or {})


def languages() -> list[str]:
    """The languages, sorted by code (as `latih init --language` lists them)."""
    return sorted(LANGUAGES)


def true_false(language: str) -> list[str]:
    """The two options of a true/false question when the course names none (`true_false_labels`)."""
    return list(_catalogue(language)["true_false"])


def word_list(language: str, name: str) -> tuple[str, ...]:
    """A list of words or short phrases the item-writing checks read (locale `quality_words`),
    written in the locale as one comma-separated string so that each language keeps its own length."""
    text = _catalogue(language)["quality_words"][name]
    return tuple(dict.fromkeys(w.strip().casefold() for w in text.split(",") if w.strip()))


def month_names(language: str, short: bool = False) -> list[str]:
    """January .. December in the language; `short`: Jan .. Dec."""
    return list(_catalogue(language)["calendar"]["months_short" if short else "months"])


def long_date(day: dt.date, language: str) -> str:
    """23 November 2026: the date as printed on documents, the same form the browser prints."""
    return f"{day.day} {month_names(language)[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class PageNames:
    """The addresses of the pages the generator writes, in the course's language (locale `pages`)."""

    references: str
    certificate: str
    declaration: str
    facilitator: str  # a folder: <facilitator>/<quiz id>.md, <facilitator>/<roster>.md
    roster: str  # the facilitator's roster printing, inside the facilitator folder
    facilitator_site: str  # the facilitator's own site (`latih build --facilitator`), a folder
    question: str  # a question's anchor on its page: #<question>-<question id>
    verification: str  # the signed certificates' verification page

    @property
    def roster_src(self) -> str:
        return f"{self.facilitator}/{self.roster}.md"

    def facilitator_src(self, quiz_id: str) -> str:
        return f"{self.facilitator}/{quiz_id}.md"

    def reserved(self) -> tuple[str, ...]:
        """Names a lesson or quiz id may not take: its page, or its facilitator page, would clash."""
        return (self.references, self.certificate, self.declaration, self.roster, self.verification)


@cache
def page_names(language: str) -> PageNames:
    return PageNames(**_catalogue(language)["pages"])


def report_strings(language: str) -> dict[str, str]:
    """The strings of `latih report` and `latih verify`."""
    return dict(_catalogue(language)["report"])
