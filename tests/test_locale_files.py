"""The locale files are the one home of every interface string: each key said once per language."""

from __future__ import annotations

import pytest
import yaml

from generator.i18n import LOCALE_DIR


class _Strict(yaml.SafeLoader):
    """A loader that refuses a key said twice in one mapping (PyYAML keeps the last silently)."""


def _mapping(loader: _Strict, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise AssertionError(
                f"key {key!r} at line {key_node.start_mark.line + 1} repeats line {seen[key]}"
            )
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_interface_string_is_defined_twice(language: str) -> None:
    yaml.load((LOCALE_DIR / f"{language}.yml").read_text(encoding="utf-8"), Loader=_Strict)


def test_the_strict_loader_catches_a_repeated_key() -> None:
    with pytest.raises(AssertionError, match="repeats line 2"):
        yaml.load("ui:\n  locked: a\n  locked: b\n", Loader=_Strict)
