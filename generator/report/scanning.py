"""Finding results codes in a block of pasted bytes, in one pass.

The rule is `results.find_codes`'s, on UTF-8 bytes rather than text so a block never needs
decoding: a code starts at each `LATIH1` (any case) and runs over the characters a code may hold
up to the next `LATIH` or the first other character. Every run is matched only up to the next
`LATIH`, so each byte is read a bounded number of times and the work grows with the input.
Positions in the upper-cased copy are the original's: `bytes.upper()` changes ASCII letters only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.results import WHITESPACE

PREFIX = b"LATIH"
# The characters a code may hold, upper-cased: letters but U, digits, dashes and JavaScript's \s
# (its non-ASCII members as their UTF-8 sequences).
_ASCII = re.compile(rb"[0-9A-TV-Z\- \t\n\v\f\r]*")
_WIDE = re.compile(
    rb"\xc2\xa0|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80|\xef\xbb\xbf"
)


def _run_end(upper: bytes, start: int, limit: int) -> int:
    """Where the run of code characters from `start` ends (before `limit`): ASCII in one C loop,
    a non-ASCII space now and then."""
    end = _ASCII.match(upper, start, limit).end()  # type: ignore[union-attr]
    while end < limit and upper[end] >= 0x80:
        wide = _WIDE.match(upper, end, limit)
        if wide is None:
            break
        end = _ASCII.match(upper, wide.end(), limit).end()  # type: ignore[union-attr]
    return end


_BLANK_LINE = re.compile(rb"^[ \t\r\f\v]*$", re.MULTILINE)
# How many lines at the head of a block may be a code that began in the block before.
HEAD_LINES = 1000


@dataclass
class Scan:
    """The codes of one block: each as its bytes and the block's 0-based line it starts on."""

    codes: list[tuple[int, str]] = field(default_factory=list)
    lines: int = 0  # lines in the block
    without_code: int = 0  # lines that are not blank and that no code touches
    head_without_code: list[int] = field(default_factory=list)  # those among the first lines
    spill_lines: int = 0  # lines of the lookahead that the block's last code runs into
    steps: int = 0  # bytes examined, for the test that the work is linear


def _text(code: bytes) -> str:
    # Only ASCII and whole whitespace sequences reach here, so the bytes decode as they are.
    return code.decode("utf-8", "replace").strip(WHITESPACE)


def scan(block: bytes, lookahead: bytes = b"") -> Scan:
    """Every code that starts in `block`; a code still running at its end reads on into `lookahead`."""
    result = Scan()
    upper = block.upper()
    size = len(block)
    result.lines = block.count(b"\n") + (1 if block and not block.endswith(b"\n") else 0)
    touched: set[int] = set()
    line, counted_to = 0, 0
    at = upper.find(PREFIX)
    while at != -1:
        following = upper.find(PREFIX, at + 5)
        result.steps += (following if following != -1 else size) - at
        if upper[at + 5 : at + 6] == b"1":
            limit = following if following != -1 else size
            end = _run_end(upper, at + 6, limit)
            result.steps += end - at - 6
            raw = block[at:end]
            if end == size and following == -1 and lookahead:
                # The block ends inside the code: read on into the next block, to its next LATIH.
                ahead = lookahead.upper()
                stop = ahead.find(PREFIX)
                more = _run_end(ahead, 0, stop if stop != -1 else len(ahead))
                result.steps += more
                spill = lookahead[:more].rstrip()
                raw += spill
                result.spill_lines = spill.count(b"\n") + 1 if spill else 0
            line += block.count(b"\n", counted_to, at)
            counted_to = at
            code = _text(raw)
            result.codes.append((line, code))
            # Lines the code shows on; a blank line inside a wrapped code stays a blank line.
            touched.update(line + k for k, part in enumerate(code.split("\n")) if part.strip(WHITESPACE))
        at = following
    blank = len(_BLANK_LINE.findall(block))
    if block.endswith(b"\n"):
        blank -= 1  # the empty "line" after the final line break
    touched.intersection_update(range(result.lines))  # a spill into the lookahead is not this block's
    result.without_code = result.lines - blank - len(touched)
    head = block.split(b"\n", HEAD_LINES)[:HEAD_LINES]
    result.head_without_code = [i for i, text in enumerate(head) if text.strip() and i not in touched]
    return result
