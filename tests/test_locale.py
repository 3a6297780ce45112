"""Every interface string has both languages: the same keys, lists as long, the same placeholders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from generator.i18n import long_date, month_names, true_false

LOCALE = Path(__file__).resolve().parent.parent / "generator" / "locale"


def leaves(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Key path -> string, for every string in a catalogue; list items keyed by their place."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in leaves(item, (*path, str(key))).items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in leaves(item, (*path, f"[{i}]")).items()}
    return {path: value}


def catalogue(language: str) -> dict[tuple[str, ...], Any]:
    found = leaves(yaml.safe_load((LOCALE / f"{language}.yml").read_text(encoding="utf-8")))
    # argparse's own words are a translation table keyed by argparse's English: English needs none
    return {k: v for k, v in found.items() if k[:2] != ("cli", "argparse")}


def test_every_key_exists_in_both_languages_with_the_same_placeholders() -> None:
    ids, ens = catalogue("id"), catalogue("en")
    assert len(ids) > 300
    only = sorted(".".join(k) for k in set(ids) ^ set(ens))
    assert not only, f"in one language only: {only}"
    for key, text in ids.items():
        # A bare YAML word such as True or No reads as a boolean, not as the string it shows
        assert isinstance(text, str) and isinstance(ens[key], str), key
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", ens[key])), key


def test_dates_and_true_false_come_from_the_locale() -> None:
    assert long_date(dt.date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert long_date(dt.date(2026, 5, 1), "en") == "1 May 2026"
    assert month_names("id", short=True)[11] == "Des" and len(month_names("en")) == 12
    assert true_false("id") == ["Benar", "Salah"] and true_false("en") == ["True", "False"]


def test_a_tab_in_yaml_is_explained_in_the_course_language(tmp_path: Path) -> None:
    from generator.course.yamlsource import read_yaml

    path = tmp_path / "lesson.yml"
    path.write_text("id: a\nobjectives:\n\t- one\n", encoding="utf-8")
    _, problems = read_yaml(path)
    assert [p.line for p in problems] == [3]
    assert "tab" in problems[0].text("id") and "spasi" in problems[0].text("id")
    assert "tab" in problems[0].text("en") and "spaces" in problems[0].text("en")
