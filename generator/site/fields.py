"""The Markdown fields of a quiz's questions, rendered with the site's own Markdown settings.

A question's scenario, explanation, option feedback and discussion prompt are Markdown an author
wrote; the page around them is not (it comes from a page template). As mkdocs-material's blog
renders a post's excerpt, each field goes through a Markdown instance built from the site's
`markdown_extensions` and `mdx_configs`, reset between fields: no markers in the page's Markdown,
nothing lifted out of its HTML afterwards.

A relative link in a field is written from the quiz page's place in the docs folder, as in any
page's Markdown. `SiteLinks` resolves it against the site's files (`x.md` -> the page's `x.html`)
and writes it from the site's root behind `ROOT`; `for_page` then points the fields from the page
that shows them (the quiz page, its facilitator page one folder deeper), so the bank is rendered
once per build and placed on two pages.
"""

from __future__ import annotations

import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.files import Files

from generator.i18n import message
from generator.schema import Quiz, option_id
from generator.site.answer_key import Parts
from generator.site.pages import ROOT

log = logging.getLogger("mkdocs.plugins.latih")
# A heading the table of contents would give an id (ATX, setext, raw HTML), or text from elsewhere
HEADING = re.compile(r"^ {0,3}#|^ {0,3}(?:=+|-+)[ \t]*$|<h[1-6]|--8<--", re.MULTILINE | re.IGNORECASE)
TOC_NAMES = ("toc", "markdown.extensions.toc")

# Most fields are one line of words and ordinary punctuation ("Kurang tepat: ASN dilarang ..."), which
# Markdown turns into `<p>` + the same text + `</p>`. Such a line skips the conversion when every
# extension of the site is one that leaves it as it is. None of them acts on these characters: their
# syntax needs `*_`[]{}<>&|#~^=+$@\\`, a line that starts with a marker, a ":" glued to a word (an
# emoji's `:name:`) or "--". Extensions that rewrite quotes, dots, "(c)", "1/2" or web addresses
# (smarty, smartsymbols, magiclink), `meta` (a first line "Key: value" is metadata) and any other
# extension turn this path off for the whole site. tests/test_fields.py checks it against Markdown.
MARKDOWN_SAFE = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "sane_lists",
    "tables",
    "toc",
    "nl2br",
    "codehilite",
    "legacy_attrs",
    "wikilinks",
]
PYMDOWNX_SAFE = [
    "arithmatex",
    "betterem",
    "blocks.admonition",
    "blocks.details",
    "blocks.html",
    "blocks.tab",
    "caret",
    "critic",
    "details",
    "emoji",
    "escapeall",
    "extra",
    "highlight",
    "inlinehilite",
    "keys",
    "mark",
    "progressbar",
    "saneheaders",
    "snippets",
    "striphtml",
    "superfences",
    "tabbed",
    "tasklist",
    "tilde",
]
PLAIN_SAFE = frozenset(
    [f"{prefix}{name}" for name in MARKDOWN_SAFE for prefix in ("", "markdown.extensions.")]
    + [f"pymdownx.{name}" for name in PYMDOWNX_SAFE]
)
PLAIN = re.compile(
    r"[^\W\d_](?:[^\W_]|[ ,.;?!'\"()/%\u2013\u2014\u2018\u2019\u201c\u201d]|:(?= )|-(?!-))*(?<! )"
)
LINKED = (("a", "href"), ("img", "src"), ("source", "src"), ("audio", "src"), ("video", "src"))


def relative(url: str) -> bool:
    """An address written from the page: no scheme, no host, not from the root, not this page's own."""
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#", "\\")) or not parts.path)


class SiteLinks(Treeprocessor):
    """Relative links and images of a field, resolved against the site's files from `src_uri`."""

    def __init__(self, md: Markdown | None, files: Files, language: str) -> None:
        super().__init__(md)
        self.files = files
        self.language = language
        self.src_uri = ""  # the page the author wrote the field for (its quiz page's source)

    def run(self, root: etree.Element) -> None:
        for tag, attribute in LINKED:
            for element in root.iter(tag):
                url = element.get(attribute)
                if url and relative(url):
                    element.set(attribute, self.resolve(url))

    def resolve(self, url: str) -> str:
        parts = urlsplit(url)
        folder = posixpath.dirname(self.src_uri)
        found = self.files.get_file_from_path(posixpath.normpath(posixpath.join(folder, unquote(parts.path))))
        if found is None and parts.path.endswith(".md"):
            # As MkDocs warns of a page's own Markdown; the address is kept, from the same folder
            log.warning(message(self.language, "field_link_not_found", page=self.src_uri, link=url))
        path = found.url if found is not None else posixpath.normpath(posixpath.join(folder, parts.path))
        return urlunsplit(("", "", ROOT + path, parts.query, parts.fragment))


class _Links(Extension):
    def __init__(self, processor: SiteLinks) -> None:
        super().__init__()
        self.processor = processor

    def extendMarkdown(self, md: Markdown) -> None:
        # Where MkDocs resolves a page's own links: after the inline patterns, before serializing
        md.treeprocessors.register(self.processor, "latih_links", 0)


@dataclass
class FieldRenderer:
    """One Markdown instance per build, with the site's extensions; reset before every field."""

    extensions: list[object]
    configs: dict[str, dict[str, object]]
    files: Files
    language: str
    cache: dict[str, Parts] = field(default_factory=dict)  # quiz id -> its fields, from the root
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, text) -> its HTML

    def __post_init__(self) -> None:
        self.links = SiteLinks(None, self.files, self.language)  # one for both instances below
        self.md = self._markdown(self.extensions)
        # The table of contents does nothing to a field without a heading, yet costs a sixth of the
        # time of each of thousands of small conversions: such fields go through the same settings
        # without it
        without_toc = [e for e in self.extensions if e not in TOC_NAMES]
        self.no_toc = self.md if len(without_toc) == len(self.extensions) else self._markdown(without_toc)
        toc = next((self.configs[e] for e in TOC_NAMES if e in self.configs), {})
        self.toc_marker = str(toc.get("marker", "[TOC]")) or None
        self.plain_safe = all(isinstance(e, str) and e in PLAIN_SAFE for e in self.extensions)

    def _markdown(self, extensions: list[object]) -> Markdown:
        md = Markdown(extensions=extensions, extension_configs=self.configs)
        _Links(self.links).extendMarkdown(md)
        return md

    def render(self, text: str) -> str:
        # A bank repeats short feedback ("Benar.", "Kurang tepat."): the same text from the same
        # folder renders to the same HTML, since every field starts from a reset
        key = (posixpath.dirname(self.links.src_uri), text)
        if key in self.seen:
            return self.seen[key]
        line = text.removesuffix("\n")  # as YAML's folded and literal blocks end
        if self.plain_safe and PLAIN.fullmatch(line) and not (self.toc_marker and self.toc_marker in line):
            html = self.seen[key] = f"<p>{line}</p>"
            return html
        plain = not HEADING.search(text) and not (self.toc_marker and self.toc_marker in text)
        md = self.no_toc if plain else self.md
        md.reset()
        html = self.seen[key] = md.convert(text)
        return html

    def quiz(self, quiz: Quiz, src_uri: str, citations: dict[str, str]) -> Parts:
        """Every Markdown field of `quiz`'s questions as HTML (links from the root), once per build.

        `citations`: question id -> the HTML of its references line, shown under its explanation."""
        if quiz.id in self.cache:
            return self.cache[quiz.id]
        self.links.src_uri = src_uri
        parts: Parts = {}
        for q in quiz.questions:
            fields: dict[str, str] = {}
            if q.scenario:
                fields["scenario"] = self.render(q.scenario)
            if q.explanation or q.references:
                shown = [self.render(q.explanation) if q.explanation else "", citations.get(q.id, "")]
                fields["explanation"] = "\n".join(s for s in shown if s)
            for i, option in enumerate(q.options or []):
                if option.feedback:
                    fields[option_id(i)] = self.render(option.feedback)
            if q.discussion:
                fields["discussion"] = self.render(q.discussion)
            parts[q.id] = fields
        self.cache[quiz.id] = parts
        return parts


def for_page(parts: Parts, root: str) -> Parts:
    """Fields rendered from the site's root, pointed from a page whose way to the root is `root`."""
    if not any(ROOT in html for fields in parts.values() for html in fields.values()):
        return parts
    return {q: {f: html.replace(ROOT, root) for f, html in fields.items()} for q, fields in parts.items()}
