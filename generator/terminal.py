"""Text from outside (roster cells, pasted codes, file names) made safe to print on a terminal."""

from __future__ import annotations

import re

# ANSI escape sequences (colour, cursor moves, window titles), whole, so no remnant like "[31m" stays
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
# Every other control character, and the bidirectional controls that reorder what a line shows
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` as a string a terminal shows as it is: no escapes, no control or bidi-override characters.

    Tabs and line breaks become spaces, so that one value cannot pose as another line of output.
    """
    value = _ESCAPES.sub("", str(text))
    return _CONTROLS.sub(
        "", value.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    )
