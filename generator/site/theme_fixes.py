"""The theme's page chrome and an author's plain text: where mkdocs-material prints a title.

MkDocs treats page and navigation titles as HTML (a title taken from a heading is its escaped
text), and mkdocs-material prints them unescaped in the navigation, the header and the
previous/next links. The plugin therefore hands it every author's title escaped once. Three places
of the theme then go wrong; two are put right by template overrides (overrides/):

- the tab title, `page.title | striptags`, which unescapes the title again: `{% block htmltitle %}`
  (partials/latih-title.html, in main.html and latih-page.html);
- the previous/next links' `aria-label`, `title | e`, which escapes their titles a second time:
  partials/footer.html.

The third has no block of its own, and is put right here, on the finished page, with an exact string:

- the logo's tooltip, `config.site_name | e` (in the theme's header and navigation), which escapes
  the site's name a second time. Only a name with `&`, `<`, `>` or quotes needs it.

A theme version that changes these lines leaves the page as the theme made it; the escaping test
(tests/test_neutral.py) then fails and names the page.
"""

from __future__ import annotations

import html

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


def repair(output: str, site_name: str) -> str:
    """A finished page with the logo's tooltip escaped once (`site_name`: HTML)."""
    twice = html.escape(site_name)
    if twice == site_name:
        return output
    return output.replace(f'title="{twice}"', f'title="{site_name}"')
