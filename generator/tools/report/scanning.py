"""Finding results codes in a block of pasted bytes, in one pass.

The rule is `results.find_codes`'s, on UTF-8 bytes rather than text so a block never needs
decoding: a code starts at each `LATIH1` (any case) and runs over the characters a code may hold
up to the next `LATIH` or the first other character. Every run is matched only up to the next
`LATIH`, so each byte is read a bounded number of times and the work grows with the input.
Positions in the upper-cased copy are the original's: `bytes.upper()` changes ASCII letters only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from generator.results import CODE_CHARACTERS, TO_DIGITS, WHITESPACE

PREFIX = b"LATIH"
# The characters a code may hold (`results.CODE_CHARACTERS`) as the upper-cased bytes show them:
# the ASCII ones in one class (letters but U, digits, dashes, ASCII whitespace), the others
# (JavaScript's wider \s) each as its UTF-8 sequence. bytes.upper() changes ASCII letters only.
_NARROW = "".join(sorted({c.upper() for c in CODE_CHARACTERS if c.isascii()}))
_ASCII = re.compile(b"[" + re.escape(_NARROW).encode() + b"]*")
_WIDE = re.compile(b"|".join(re.escape(c.encode()) for c in sorted(CODE_CHARACTERS) if not c.isascii()))


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
    return _needed(code.decode("utf-8", "replace").strip(WHITESPACE))


# In a code's text every character is a symbol or a separator (a dash or whitespace).
_SEPARATOR = "[" + re.escape("-" + WHITESPACE) + "]"
_SYMBOL = "[^" + re.escape("-" + WHITESPACE) + "]"


@functools.lru_cache(maxsize=256)
def _symbols(count: int) -> re.Pattern[str]:
    """The first `count` symbols of a code's body and the separators between them."""
    return re.compile(f"{_SEPARATOR}*(?:{_SYMBOL}{_SEPARATOR}*){{{count - 1}}}{_SYMBOL}")


def _needed(code: str) -> str:
    """The code up to its last needed symbol: words after it ("terima kasih") are not the code's,
    so their line counts as a line without a code. A code too short to say is kept whole."""
    head = code[6:40].translate(TO_DIGITS)
    if len(head) < 4:
        return code
    length = int(head[:4], 32) >> 4
    needed = -(-(2 + length + 4) * 8 // 5)
    found = _symbols(needed).match(code, 6)
    return code[: found.end()] if found else code


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
                raw += lookahead[:more]
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
    # Lines past the block are the lookahead's: its own block must not count them again.
    result.spill_lines = max(touched, default=-1) + 1 - result.lines if touched else 0
    result.spill_lines = max(0, result.spill_lines)
    touched.intersection_update(range(result.lines))
    result.without_code = result.lines - blank - len(touched)
    head = block.split(b"\n", HEAD_LINES)[:HEAD_LINES]
    result.head_without_code = [i for i, text in enumerate(head) if text.strip() and i not in touched]
    return result
