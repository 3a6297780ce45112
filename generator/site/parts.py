"""The question fields of a quiz page, rendered by MkDocs' Markdown between marker comments and
lifted out again, so that the scenario, explanation and feedback are the site's own Markdown."""

from __future__ import annotations

import re

_PART = re.compile(r"<!-- latih-part:([a-z0-9-]+)/([a-z0-9-]+) -->(.*?)<!-- /latih-part -->", re.DOTALL)
BODY_MARKER = "<!-- latih-body -->"
# Question id -> field (scenario, explanation, an option id for its feedback, discussion) -> HTML
Parts = dict[str, dict[str, str]]


def extract_parts(html: str) -> tuple[str, Parts]:
    """Lift the latih-part blocks out of a rendered page: (page without them, parts by question)."""
    parts: Parts = {}

    def keep(match: re.Match[str]) -> str:
        parts.setdefault(match[1], {})[match[2]] = match[3].strip()
        return ""

    return _PART.sub(keep, html), parts


# A relative address in an attribute: no scheme, not from the root, not a fragment of the page
_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)')


def rebase(parts: Parts, prefix: str) -> Parts:
    """Parts rendered for one page, for a page `prefix` deeper ("../"): relative addresses adjusted."""
    moved = rf"\1{prefix}"
    return {q: {f: _RELATIVE.sub(moved, html) for f, html in fields.items()} for q, fields in parts.items()}


