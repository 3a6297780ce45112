"""The theme's page chrome and an author's plain text: where mkdocs-material prints a title.

MkDocs treats page and navigation titles as HTML (a title taken from a heading is its escaped
text), and mkdocs-material prints them unescaped in the navigation, the header and the
previous/next links. The plugin therefore hands it every author's title escaped once. Three places
of the theme then go wrong, and are put right here, on the finished page, with exact strings:

- the tab title, `page.title | striptags`, which unescapes the title again;
- the logo's tooltip, `config.site_name | e`, which escapes the site's name a second time;
- the previous/next links' `aria-label`, `title | e`, which escapes their titles a second time.

A theme version that changes these lines leaves the page as the theme made it; the escaping test
(tests/test_neutral.py) then fails and names the page.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_FOOTER_LABEL = re.compile(r'(class="md-footer__link md-footer__link--(?:prev|next)" aria-label=")([^"]*)"')


def plain(title: str) -> str:
    """An HTML title as the text it shows (what `striptags` makes of it)."""
    return Markup(title).striptags()


# The theme names its landmarks in English whatever the page's language (no Indonesian strings)
_LANDMARKS = {
    'class="md-header__inner md-grid" aria-label="Header"': "landmark_header",
    'class="md-footer__inner md-grid" aria-label="Footer"': "landmark_footer",
}


def landmarks(output: str, ui: dict[str, str]) -> str:
    """The header's and footer's landmark labels in the course's language."""
    for theirs, key in _LANDMARKS.items():
        output = output.replace(theirs, theirs.replace(theirs.rsplit('"', 2)[1], html.escape(ui[key])), 1)
    return output


def repair(output: str, title: str | None, site_name: str) -> str:
    """A finished page with the theme's three mistakes put right (`title`, `site_name`: HTML)."""
    if title:
        text = plain(title)
        output = output.replace(
            f"<title>{text} - {site_name}</title>", f"<title>{html.escape(text)} - {site_name}</title>", 1
        )
    twice = html.escape(site_name)
    if twice != site_name:
        output = output.replace(f'title="{twice}"', f'title="{site_name}"')
    return _FOOTER_LABEL.sub(lambda m: f'{m[1]}{html.unescape(m[2])}"', output)
