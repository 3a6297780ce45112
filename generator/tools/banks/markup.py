"""Text between formats: Latih's Markdown to the HTML Moodle stores, and back; plain option texts;
and the paragraphs a question text splits into (scenario, then prompt)."""

from __future__ import annotations

import html
import re

import markdown

EXTENSIONS = ["sane_lists", "tables"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="html")


def to_markdown(fragment: str) -> str:
    """HTML as an author would have written it in Markdown (Moodle's editors write HTML)."""
    from markdownify import markdownify

    text = markdownify(
        fragment,
        heading_style="ATX",
        bullets="-",
        escape_asterisks=False,
        escape_underscores=False,
        escape_misc=False,
    )
    return tidy(text)


def plain(fragment: str) -> str:
    """An option's text (plain in Latih) from HTML."""
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(fragment, "html.parser").get_text(" ").split())


def tidy(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", tidy(text)) if p.strip()]


def split_question(text: str) -> tuple[str | None, str]:
    """A question text as scenario and prompt: the last paragraph asks, those before it tell."""
    parts = paragraphs(text)
    if len(parts) <= 1:
        return None, parts[0] if parts else ""
    return "\n\n".join(parts[:-1]), parts[-1]


def escape(text: str) -> str:
    return html.escape(text, quote=False)
