"""The Jinja2 environment every part of Latih renders with, and the filters its templates share.

Each wing passes its own template folders; the shared folder (`templates/`, the declaration sheet
that both the site's page and the printed declarations show) is searched last.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.schema import option_id

SHARED = Path(__file__).parent / "templates"

# Characters Python-Markdown gives a meaning to; a backslash makes them plain text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_text(value: str) -> Markup:
    """Plain text placed where Markdown is parsed (headings, link labels): shown exactly as written.

    Quotes stay as they are: text needs no entity for them, and an entity's '#' (&#34;) would be
    escaped for Markdown, and MkDocs would then take a page's title from the heading as "&#34;"."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)))


def md(value: str) -> Markup:
    """An author's Markdown field, trusted, placed at column 0 between blank lines."""
    return Markup(value.strip("\n"))


@cache
def environment(*folders: Path) -> Environment:
    """Templates from `folders`, searched in order, then the shared ones."""
    env = Environment(
        loader=FileSystemLoader([*folders, SHARED]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["md_text"] = md_text
    env.filters["md"] = md
    env.globals["option_id"] = option_id
    return env
