"""Question fields are rendered with the site's own Markdown settings, not lifted out of the page.

A quiz page's Markdown holds only the page's prose (title, facts, description); the scenario,
explanation, feedback and discussion of every question go through a Markdown instance built from
mkdocs.yml's extensions, one field at a time. A relative link in a field is written from the quiz
page, as in any page's Markdown, and must reach the same file from the quiz page and from its
facilitator page one folder deeper.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.i18n import page_names
from generator.site.answer_key import reveal
from tests.conftest import COURSES, build_course

NAMES = page_names("en")
QUIZ = "check-sharing"


def key_of(html: str) -> dict[str, Any]:
    found = re.search(r'data-seed="([0-9a-f]+)" data-key="([^"]+)"', html)
    assert found, "no concealed key on the page"
    return reveal(found[2], found[1])


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', html)


@pytest.fixture(scope="module")
def linked_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("fields") / "course"
    shutil.copytree(COURSES / "dataprotection", course)
    quiz = course / "quizzes" / f"{QUIZ}.yml"
    text = quiz.read_text(encoding="utf-8")
    text = text.replace(
        '      A manager from another department asks me for a resident\'s full case file "just in case".\n',
        "      A manager from another department asks me for a resident's file ([rules](sharing-rules.md)).\n",
    )
    text = text.replace(
        "      The request fails the need-to-know test: ask what they need and why.\n",
        "      The request fails the need-to-know test ([breaches](breaches.md#reporting),"
        " [the start](index.md), [the law](https://example.org/law.md), [above](#top)).\n",
    )
    text = text.replace(
        "feedback: It is encrypted and logged.}",
        "feedback: 'It is encrypted and logged ([breaches](breaches.md)).'}",
    )
    quiz.write_text(text, encoding="utf-8")
    return course


@pytest.fixture(scope="module")
def linked_site(linked_course: Path) -> Path:
    return build_course(linked_course, linked_course.parent / "site")


def test_a_link_in_an_explanation_reaches_its_page_from_the_quiz_page(linked_site: Path) -> None:
    key = key_of((linked_site / f"{QUIZ}.html").read_text(encoding="utf-8"))
    explanation = key["manager-request"]["e"]
    assert hrefs(explanation) == [
        "breaches.html#reporting",
        "index.html",
        "https://example.org/law.md",
        "#top",
    ]
    assert hrefs(key["channel"]["f"]["a"]) == ["breaches.html"]
    # The references line still follows the explanation
    assert 'class="latih-question-refs"' in explanation


def test_a_link_in_an_explanation_reaches_its_page_from_the_facilitator_page(linked_site: Path) -> None:
    page = linked_site / NAMES.facilitator / f"{QUIZ}.html"
    key = key_of(page.read_text(encoding="utf-8"))
    explanation = key["manager-request"]["e"]
    assert hrefs(explanation) == [
        "../breaches.html#reporting",
        "../index.html",
        "https://example.org/law.md",
        "#top",
    ]
    assert hrefs(key["channel"]["f"]["a"]) == ["../breaches.html"]
    for href in hrefs(explanation)[:2]:
        assert (page.parent / href.split("#")[0]).resolve().is_file(), href


def test_a_link_in_a_scenario_is_shown_on_both_pages_pointing_at_the_same_file(linked_site: Path) -> None:
    quiz = (linked_site / f"{QUIZ}.html").read_text(encoding="utf-8")
    room = (linked_site / NAMES.facilitator / f"{QUIZ}.html").read_text(encoding="utf-8")
    assert '<a href="sharing-rules.html">rules</a>' in quiz
    assert '<a href="../sharing-rules.html">rules</a>' in room


def test_no_page_carries_marker_comments(linked_site: Path) -> None:
    for page in linked_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "latih-part" not in html and "latih-body" not in html and "@latih-root" not in html, page


def test_a_link_to_a_missing_page_in_a_field_is_named_in_the_course_language(
    linked_course: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    course = tmp_path / "course"
    shutil.copytree(linked_course, course)
    quiz = course / "quizzes" / f"{QUIZ}.yml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("(index.md)", "(no-such-page.md)"), encoding="utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.latih"):
        site = build_course(course, tmp_path / "site")
    said = [r.getMessage() for r in caplog.records if "no-such-page.md" in r.getMessage()]
    assert said == [
        f"{QUIZ}.md: a question's field links to 'no-such-page.md', which is not among the site's pages"
    ]
    # Kept as written, from the quiz page's folder
    assert hrefs(key_of((site / f"{QUIZ}.html").read_text(encoding="utf-8"))["manager-request"]["e"])[1] == (
        "no-such-page.md"
    )


def test_a_quiz_pages_markdown_holds_only_the_pages_prose() -> None:
    # The course-to-pages step runs without a MkDocs build: a function of the loaded course
    from generator.course.loader import Layout, load_course
    from generator.i18n import ui_strings
    from generator.site.pages import Renderer

    loaded = load_course(Layout.from_options(COURSES / "dataprotection", {}))
    assert loaded.ok and loaded.course
    renderer = Renderer(loaded, ui_strings("en"))
    markdown = renderer.quiz_page(loaded.quizzes[QUIZ].model)
    assert markdown.startswith("---\ntemplate: latih-quiz.html\n---\n")
    assert "Two situations from an ordinary week." in markdown
    for q in loaded.quizzes[QUIZ].model.questions:
        for text in (q.scenario, q.explanation, q.discussion, *(o.feedback for o in q.options or [])):
            if text:
                assert text.strip() not in markdown
    assert "<!--" not in markdown


SAMPLES = [
    "Plain text, one paragraph.",
    "*Emphasis*, `code` and a [link](https://example.org).",
    "- a list\n- of items\n\n1. and numbers",
    "> A quote\n\nand a table:\n\n| a | b |\n| - | - |\n| 1 | 2 |",
    "## A heading\n\nunder it",
    "A setext heading\n---\n\ntext",
    "<h3>Raw heading</h3>",
    "#hashtag at the start",
    "[TOC]\n\n# One\n\n## Two",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_a_field_renders_as_the_sites_markdown_renders_it(text: str) -> None:
    from markdown import Markdown
    from mkdocs.structure.files import Files

    from generator.site.fields import FieldRenderer

    extensions: list[object] = ["toc", "tables", "attr_list", "md_in_html"]
    configs: dict[str, dict[str, object]] = {"toc": {"permalink": True}}
    fields = FieldRenderer(extensions, configs, Files([]), "en")
    site = Markdown(extensions=extensions, extension_configs=configs)
    assert fields.render(text) == site.convert(text)
    # Reset between fields: a heading's id does not depend on the fields before it
    assert fields.render(text) == site.reset().convert(text)


def test_a_heading_in_a_field_gets_its_anchor() -> None:
    from mkdocs.structure.files import Files

    from generator.site.fields import FieldRenderer

    fields = FieldRenderer(["toc"], {"toc": {"permalink": True}}, Files([]), "en")
    html = fields.render("## Step one\n\nThen step two.")
    assert '<h2 id="step-one">' in html and 'class="headerlink"' in html


# The fast path for a plain line (fields.PLAIN) against Markdown itself, with every extension it
# trusts: the text a bank is made of, the characters around its edges, and a space or dash too many
PLAIN_ALPHABET = "abcXYZéşİ0129 ,.;:?!'\"()/%-–—‘’“”"
ALL_SAFE = [
    ["toc", "tables", "attr_list", "md_in_html", "admonition", "def_list", "abbr", "footnotes", "sane_lists"],
    ["nl2br", "codehilite", "legacy_attrs", "wikilinks", "fenced_code", "extra"],
    ["pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.emoji", "pymdownx.keys"],
    ["pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.critic", "pymdownx.arithmatex"],
    ["pymdownx.betterem", "pymdownx.inlinehilite", "pymdownx.highlight", "pymdownx.tasklist"],
    ["pymdownx.escapeall", "pymdownx.progressbar", "pymdownx.saneheaders", "pymdownx.snippets"],
    ["pymdownx.striphtml", "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.html"],
    ["pymdownx.blocks.tab", "pymdownx.extra"],
]


def test_every_trusted_extension_is_checked_against_markdown() -> None:
    from generator.site.fields import PLAIN_SAFE

    checked = {name for group in ALL_SAFE for name in group}
    assert {name.removeprefix("markdown.extensions.") for name in PLAIN_SAFE} == checked


@pytest.mark.parametrize("extensions", ALL_SAFE, ids=lambda group: group[0])
def test_a_plain_line_skips_markdown_only_where_markdown_would_leave_it_as_it_is(
    extensions: list[str],
) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markdown import Markdown
    from mkdocs.structure.files import Files

    from generator.site.fields import PLAIN, FieldRenderer

    configs: dict[str, dict[str, object]] = {"toc": {"permalink": True}} if "toc" in extensions else {}
    fields = FieldRenderer(list(extensions), configs, Files([]), "en")
    assert fields.plain_safe
    site = Markdown(extensions=list(extensions), extension_configs=configs)

    bank = ["Kurang tepat: ASN dilarang (lihat Pasal 9 ayat 2) - ikut kampanye.", "Benar.", "Ya, boleh?"]

    words = st.text(alphabet=PLAIN_ALPHABET, max_size=40)
    lines = st.builds(
        lambda first, rest, end: first + rest + end,
        st.sampled_from("aXéİ"),
        words,
        st.sampled_from(["", "\n"]),
    )
    fast: list[str] = []

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.one_of(st.sampled_from(bank), lines, words))
    def agrees(text: str) -> None:
        fields.seen.clear()
        assert fields.render(text) == site.reset().convert(text)
        if PLAIN.fullmatch(text.removesuffix("\n")):
            fast.append(text)

    agrees()
    assert len(fast) >= 100  # the path was taken, not only skipped
    assert all(PLAIN.fullmatch(text) for text in bank)  # the bank's lines do take the fast path


@pytest.mark.parametrize("extension", ["smarty", "pymdownx.smartsymbols", "pymdownx.magiclink", "meta"])
def test_an_extension_that_rewrites_plain_text_turns_the_fast_path_off(extension: str) -> None:
    from markdown import Markdown
    from mkdocs.structure.files import Files

    from generator.site.fields import FieldRenderer

    fields = FieldRenderer(["toc", extension], {}, Files([]), "en")
    assert not fields.plain_safe
    text = {"meta": "Catatan: ini bukan metadata"}.get(extension, "Lihat www.example.org (c) 1/2 'kutip'...")
    assert fields.render(text) == Markdown(extensions=["toc", extension]).convert(text)
