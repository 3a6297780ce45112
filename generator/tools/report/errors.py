"""The one error of the report's readers: input that cannot be read, said in the course's words."""

from __future__ import annotations


class ReadError(Exception):
    """Input that cannot be read; `key` and `values` fill a message in locale's `report` strings."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
