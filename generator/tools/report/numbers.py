"""Numbers written the way the course's language writes them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from generator.i18n import month_names


class Numbers:
    """Numbers written the way the course's language writes them: 72,5 in Indonesian."""

    def __init__(self, language: str) -> None:
        self.language = language

    def num(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        if digits and text.endswith("." + "0" * digits):
            text = text[: -digits - 1]
        if text == "-0":
            text = "0"
        return text.replace(".", ",") if self.language == "id" else text

    def signed(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = self.num(value, digits)
        return text if text.startswith("-") or text == "0" else "+" + text

    def share(self, value: float) -> str:
        return f"{self.num(value * 100, 0)}%"

    def points(self, value: Fraction) -> str:
        return str(value.numerator) if value.denominator == 1 else self.num(float(value), 2)

    def when(self, timestamp: int) -> str:
        moment = dt.datetime.fromtimestamp(timestamp)
        month = month_names(self.language, short=True)[moment.month - 1]
        clock = moment.strftime("%H.%M" if self.language == "id" else "%H:%M")
        return f"{moment.day} {month} {moment.year} {clock}"
