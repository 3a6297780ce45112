"""A course on any topic, in either language: author text shown as written on every page, one
language per site, no trace of the flagship (its page addresses, its words), and `latih check`
saying when mkdocs.yml works against the course."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape

from generator.i18n import page_names, ui_strings
from tests.conftest import COURSES, REPO, STARTER, build_course

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"


def hostile(name: str) -> str:
    """A plain-text field as an author might write it, with every character HTML gives a meaning to."""
    return f"{name} <b>bold</b> & \"double\" 'single'"


# Every plain-text field of the course, each with its own words so that a test can find it.
T = {
    key: hostile(label)
    for key, label in {
        "site": "Site",
        "description": "Description",
        "course": "Course",
        "org": "Org",
        "section": "Section",
        "lesson": "Lesson",
        "lesson2": "Second lesson",
        "summary": "Summary",
        "objective": "Objective",
        "point": "Point",
        "practice": "Practice quiz",
        "exam": "Exam quiz",
        "prompt": "Prompt",
        "option_a": "Option A",
        "option_b": "Option B",
        "true": "Yes label",
        "false": "No label",
        "ref_short": "Ref",
        "ref_title": "Reference title",
        "pinpoint": "Pinpoint",
        "cert_title": "Certificate title",
        "cert_page": "Certificate page",
        "signatory": "Signatory",
        "signatory_title": "Signatory title",
        "decl_title": "Declaration title",
        "decl_page": "Declaration page",
        "statement": "Statement",
        "place": "Place",
    }.items()
}


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_hostile_course(root: Path) -> Path:
    write_yaml(
        root / "mkdocs.yml",
        {
            "site_name": T["site"],
            "site_description": T["description"],
            "docs_dir": "content",
            "theme": {"name": "material", "language": "en", "font": False, "features": ["navigation.footer"]},
            "plugins": ["search", "latih", "offline"],
            "markdown_extensions": ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}],
        },
    )
    write_yaml(
        root / "site_config" / "course.yml",
        {
            "id": "hostile",
            "title": T["course"],
            "version": "1",
            "language": "en",
            "organization": {"name": T["org"]},
            "true_false_labels": [T["true"], T["false"]],
            "outline": [
                {"section": T["section"], "items": ["lesson-one", "practice"]},
                {"lesson": "lesson-two"},
                {"quiz": "exam"},
            ],
            "certificate": {
                "quiz": "exam",
                "title": T["cert_title"],
                "page_title": T["cert_page"],
                "signatory": {"name": T["signatory"], "title": T["signatory_title"]},
            },
            "declaration": {
                "title": T["decl_title"],
                "page_title": T["decl_page"],
                "statements": [T["statement"]],
                "place": T["place"],
            },
            "references": {"ref": {"short": T["ref_short"], "title": T["ref_title"]}},
        },
    )
    lesson = {
        "id": "lesson-one",
        "title": T["lesson"],
        "summary": T["summary"],
        "objectives": [T["objective"]],
        "body": "A plain paragraph.",
        "key_points": [T["point"]],
        "references": [{"ref": "ref", "pinpoint": T["pinpoint"]}],
        "quiz": "practice",
    }
    write_yaml(root / "content" / "lesson-one.yml", lesson)
    write_yaml(
        root / "content" / "lesson-two.yml", {"id": "lesson-two", "title": T["lesson2"], "body": "Text."}
    )
    (root / "content" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    questions = [
        {
            "id": "q1",
            "type": "single",
            "topic": "lesson-one",
            "prompt": T["prompt"],
            "options": [{"text": T["option_a"], "correct": True}, {"text": T["option_b"]}],
        },
        {"id": "q2", "type": "true_false", "topic": "lesson-one", "prompt": "Plain?", "answer": True},
    ]
    for ident, kind in (("practice", "practice"), ("exam", "exam")):
        title = T["practice" if kind == "practice" else "exam"]
        write_yaml(
            root / "quizzes" / f"{ident}.yml",
            {"id": ident, "title": title, "kind": kind, "questions": questions},
        )
    return root


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_course(tmp_path_factory.mktemp("hostile") / "course")


@pytest.fixture(scope="module")
def hostile_site(hostile_course: Path) -> Path:
    return build_course(hostile_course, hostile_course.parent / "site")


@pytest.fixture(scope="module")
def dataprotection_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSES / "dataprotection", tmp_path_factory.mktemp("dataprotection") / "site")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# Escaping: every page, in a real browser

# What a page shows and says: text (also hidden and template text) and the attributes people read.
SHOWN = """() => {
  const texts = [];
  const walk = (root) => {
    const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = it.currentNode; n; n = it.nextNode()) {
      if (n.nodeType === 3) {
        const p = n.parentElement;
        if (p && !["SCRIPT", "STYLE"].includes(p.tagName) && n.data.trim()) texts.push(n.data.trim());
      } else if (n.nodeType === 1) {
        for (const a of ["title", "aria-label", "alt", "placeholder", "data-title"])
          if (n.hasAttribute(a)) texts.push(n.getAttribute(a));
        if (n.tagName === "TEMPLATE") walk(n.content);
      }
    }
  };
  walk(document.documentElement);
  const injected = document.querySelectorAll("b").length
    + [...document.querySelectorAll("template")].reduce((n, t) => n + t.content.querySelectorAll("b").length, 0);
  return { texts, injected, title: document.title };
}"""
DOUBLE_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|#39|#x27|#34);")


def test_author_text_is_shown_as_written_on_every_page(page, hostile_site: Path) -> None:  # type: ignore[no-untyped-def]
    names = page_names("en")
    seen: set[str] = set()
    for path in pages(hostile_site):
        where = path.relative_to(hostile_site).as_posix()
        page.goto(path.as_uri())
        shown = page.evaluate(SHOWN)
        assert shown["injected"] == 0, f"{where}: an author's <b> became an element"
        texts = [*shown["texts"], shown["title"]]
        leaked = [t for t in texts if DOUBLE_ESCAPED.search(t)]
        assert not leaked, f"{where}: escaped twice: {leaked}"
        joined = "\n".join(texts)
        seen |= {key for key, value in T.items() if value in joined}
        if where == "lesson-one.html":
            assert shown["title"] == f"{T['lesson']} - {T['site']}"
            assert page.inner_text("article h1").strip(" ¶") == T["lesson"]
            nav = page.eval_on_selector_all(
                ".md-nav--primary .md-ellipsis", "els => els.map(e => e.textContent.trim())"
            )
            assert T["section"] in nav and T["lesson"] in nav and T["lesson2"] in nav
            assert T["cert_page"] in nav and T["decl_page"] in nav
            header = page.eval_on_selector_all(
                ".md-header__topic .md-ellipsis", "els => els.map(e => e.textContent.trim())"
            )
            assert header == [T["site"], T["lesson"]]
            assert page.get_attribute(".md-header__button.md-logo", "title") == T["site"]
            assert page.get_attribute(".md-header__button.md-logo", "aria-label") == T["site"]
            assert page.text_content(".md-footer__link--next .md-ellipsis").strip() == T["practice"]
            assert page.get_attribute(".md-footer__link--next", "aria-label") == f"Next: {T['practice']}"
            assert page.get_attribute('meta[name="description"]', "content") == T["description"]
        if where == "practice.html":
            options = page.eval_on_selector_all(".latih-option-text", "els => els.map(e => e.textContent)")
            assert options[:2] == [T["option_a"], T["option_b"]] and T["true"] in options
            assert page.text_content(".md-footer__link--prev .md-ellipsis").strip() == T["lesson"]
        if where == f"{names.certificate}.html":
            assert page.text_content(".latih-certificate-org") == T["org"]
            assert page.text_content(".latih-certificate-course") == T["course"]
            assert page.text_content(".latih-certificate-title") == T["cert_title"]
            assert page.inner_text("article h1").strip(" ¶") == T["cert_page"]
        if where == f"{names.declaration}.html":
            assert page.inner_text("article h1").strip(" ¶") == T["decl_page"]
            assert page.text_content(".latih-declaration-title") == T["decl_title"]
            assert page.text_content(".latih-statements li").strip() == T["statement"]
        if where == f"{names.facilitator}/{names.roster}.html":
            title = page.evaluate(
                "document.getElementById('latih-declaration-template').content.querySelector('h2').textContent"
            )
            assert title == T["decl_title"]
        if where == f"{names.facilitator}/practice.html":
            assert page.text_content(".latih-worksheet-title") == T["practice"]
    # Every field reached some page, so none of them was left out of the checks above
    assert seen >= set(T) - {"description"}, set(T) - seen


def test_search_index_holds_author_text_escaped_once(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = index["docs"]
    assert not [e for e in entries if "<b>" in e["title"] + e["text"]]
    titles = {e["location"]: e["title"] for e in entries}
    # The theme's search shows titles as HTML: escaped exactly once
    assert titles["lesson-one.html"] == html.escape(T["lesson"], quote=False)
    assert not [t for t in titles.values() if "&amp;amp;" in t or "&amp;lt;" in t]


def test_scorm_manifest_and_launch_page_hold_the_title_as_text(
    hostile_course: Path, hostile_site: Path
) -> None:
    from generator.course.loader import Layout, load_course
    from generator.tools.package import launch_page, manifest

    loaded = load_course(Layout.at(hostile_course))
    files = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*") if p.is_file())
    tree = ET.fromstring(manifest(loaded, files))
    ns = {"m": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    assert [t.text for t in tree.iterfind(".//m:title", ns)] == [T["course"], T["course"]]
    launch = launch_page(loaded, "index.html")
    assert "<b>bold" not in launch and str(escape(T["course"])) in launch


def test_printed_declarations_hold_author_text_as_text(hostile_course: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'Name,NIP,Position,Agency\n"Ana <b>x</b> & co",,Clerk,"Agency ""A"""\n', encoding="utf-8"
    )
    out = tmp_path / "declarations.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "-f",
            str(hostile_course / "mkdocs.yml"),
            "declarations",
            str(roster),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "<b>" not in text
    assert str(escape(T["decl_title"])) in text and "Ana &lt;b&gt;x&lt;/b&gt; &amp; co" in text


def test_report_holds_author_text_as_text(hostile_course: Path, tmp_path: Path) -> None:
    from generator.course.loader import Layout, load_course
    from generator.participant import Person
    from generator.results import ResultsCode, encode, fingerprint

    loaded = load_course(Layout.at(hostile_course))
    exam = loaded.quizzes["exam"].model
    bank = fingerprint([q.id for q in exam.questions])
    codes = []
    for i in range(4):  # everyone chooses the wrong option B, so it is the most chosen wrong answer
        who = Person(f'Ana <b>{i}</b> & "co"', "", "Clerk", "Agency 'A'")
        code = ResultsCode(
            "hostile", "1", "exam", bank, 1_700_000_000 + i, who, 0, ((0, ("b",)), (1, ("a",)))
        )
        codes.append(encode(code))
    pasted = tmp_path / "codes.txt"
    pasted.write_text("\n".join(codes), encoding="utf-8")
    out = tmp_path / "report.html"
    command = ["-f", str(hostile_course / "mkdocs.yml"), "report", str(pasted), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = out.read_text(encoding="utf-8")
    assert "<b>" not in report
    for key in ("course", "org", "exam", "prompt", "option_b"):
        assert str(escape(T[key])) in report, key


# One language on every page


def material_strings(language: str) -> dict[str, str]:
    source = (MATERIAL_LANGUAGES / f"{language}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)"', source, re.M))


def fragments(texts: list[str]) -> set[str]:
    """The words of interface strings, split at their placeholders: what a page would show of them."""
    found = set()
    for text in texts:
        for part in re.split(r"\{\w+\}|\n", text):
            part = part.strip(" .,:;!?()\"'·–-")
            if len(part) >= 8 and " " in part:
                found.add(part)
    return found


def foreign_strings(language: str) -> set[str]:
    """Interface strings of the other language (ours and the theme's) that this language never uses."""
    other = "en" if language == "id" else "id"
    own = " ".join([*ui_strings(language).values(), *material_strings(language).values()])
    theirs = fragments([*ui_strings(other).values(), *material_strings(other).values()])
    if other == "en":
        theirs |= {"Made with", "Permanent link"}  # the theme's and Python-Markdown's own English
    return {s for s in theirs if s not in own}


class Shown(HTMLParser):
    """Every text and read-out attribute of a page, the theme's runtime translations included."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skip = 0
        self.config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.config = tag == "script" and values.get("id") == "__config"
        self.skip += tag in ("script", "style") and not self.config
        self.texts += [
            v for k, v in attrs if k in ("title", "aria-label", "alt", "placeholder", "content") and v
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - (not self.config))
            self.config = False

    def handle_data(self, data: str) -> None:
        if self.config:
            self.texts += [str(v) for v in json.loads(data).get("translations", {}).values()]
        elif not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def shown_text(path: Path) -> str:
    parser = Shown()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.texts)


@pytest.mark.parametrize("which", ["flagship", "dataprotection"])
def test_every_page_speaks_one_language(which: str, flagship_site: Path, dataprotection_site: Path) -> None:
    site, language = (flagship_site, "id") if which == "flagship" else (dataprotection_site, "en")
    foreign = foreign_strings(language)
    assert len(foreign) > 50  # the scan looks for something
    found = {}
    for path in pages(site):
        text = shown_text(path)
        hits = sorted(s for s in foreign if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))
        if hits:
            found[path.relative_to(site).as_posix()] = hits
    assert not found


def test_an_english_course_has_no_indonesian_page_address(dataprotection_site: Path) -> None:
    indonesian = page_names("id")
    words = {
        indonesian.references,
        indonesian.certificate,
        indonesian.declaration,
        indonesian.roster,
        indonesian.facilitator,
    }
    names = {p.relative_to(dataprotection_site).as_posix() for p in dataprotection_site.rglob("*")}
    assert not [n for n in names if any(w in n for w in words)]
    for path in pages(dataprotection_site):
        page = path.read_text(encoding="utf-8")
        links = re.findall(r'(?:href|src)="([^"]*)"', page)
        assert not [link for link in links if any(w in link for w in words)], path
        assert f'id="{indonesian.question}-' not in page, path
    assert (dataprotection_site / "certificate.html").is_file()
    assert (dataprotection_site / "facilitator" / "print-declarations.html").is_file()
    assert 'id="question-manager-request"' in (dataprotection_site / "check-sharing.html").read_text(
        encoding="utf-8"
    )


def test_an_english_course_asks_for_no_civil_service_number(dataprotection_site: Path) -> None:
    for path in pages(dataprotection_site):
        text = shown_text(path)
        assert not re.search(r"\b(?:NIP|PNS|PPPK)\b", text), path.relative_to(dataprotection_site)


def test_the_flagship_keeps_its_indonesian_addresses(flagship_site: Path) -> None:
    for name in ("sertifikat.html", "pernyataan.html", "referensi.html", "fasilitator/cetak-pernyataan.html"):
        assert (flagship_site / name).is_file(), name
    assert 'id="soal-' in (flagship_site / "ujian-akhir.html").read_text(encoding="utf-8")


def test_facilitator_tools_are_not_in_the_participants_navigation(
    dataprotection_site: Path, flagship_site: Path
) -> None:
    for site, names in ((dataprotection_site, page_names("en")), (flagship_site, page_names("id"))):
        nav = re.search(
            r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', (site / "index.html").read_text(), re.S
        )
        assert nav and f"{names.facilitator}/" not in nav[0]
        roster = (site / names.facilitator / f"{names.roster}.html").read_text(encoding="utf-8")
        assert "data-latih-roster" in roster
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [e for e in index["docs"] if e["location"].startswith(f"{names.facilitator}/")]
    practice = (dataprotection_site / "facilitator" / "check-sharing.html").read_text(encoding="utf-8")
    assert 'href="print-declarations.html"' in practice


def nav_labels(site: Path) -> list[str]:
    nav = re.search(
        r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', (site / "index.html").read_text(), re.S
    )
    assert nav
    return [
        " ".join(label.split())
        for label in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav[0], re.S)
    ]


def test_declaration_label_is_neutral_unless_the_course_names_it(
    dataprotection_site: Path, flagship_site: Path
) -> None:
    english = nav_labels(dataprotection_site)
    assert "Declaration" in english and "Certificate in Data Protection" in english
    assert not [label for label in english if "Neutrality" in label or "facilitator" in label.lower()]
    assert "Pernyataan netralitas" in nav_labels(flagship_site)


def test_theme_credit_and_permalinks_follow_the_language(
    flagship_site: Path, dataprotection_site: Path
) -> None:
    flagship = (flagship_site / "media-sosial.html").read_text(encoding="utf-8")
    assert "Dibuat dengan" in flagship and "Made with" not in flagship
    assert 'title="Tautan ke bagian ini"' in flagship and "Permanent link" not in flagship
    assert "Made with" in (dataprotection_site / "index.html").read_text(encoding="utf-8")


def test_theme_credit_can_be_switched_off(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSES / "dataprotection", course)
    config = yaml.safe_load((course / "mkdocs.yml").read_text())
    config["extra"] = {"generator": False}
    write_yaml(course / "mkdocs.yml", config)
    site = build_course(course, tmp_path / "site")
    assert "Material for MkDocs" not in (site / "index.html").read_text(encoding="utf-8")


# latih check: mkdocs.yml against the course


def latih_check(course: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=course, capture_output=True, text=True, timeout=120
    )


def test_check_warns_without_offline_search_and_with_another_theme_language(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    text = (course / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  language: id ", "  language: en ").replace("  - offline ", "  # - offline ")
    (course / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = latih_check(course)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    plugins = text.splitlines().index("plugins:") + 1
    language = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("  language:"))
    assert any(
        line.startswith(f"mkdocs.yml:{plugins + 1}:3: peringatan: plugins: tidak ada plugin 'offline'")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"mkdocs.yml:{language}:13: peringatan: theme.language: bahasa tema 'en'")
        for line in lines
    ), lines
    assert "(2 peringatan)" in result.stdout


def test_check_is_quiet_when_mkdocs_yml_fits_the_course(tmp_path: Path) -> None:
    for course in (STARTER, COURSES / "dataprotection", REPO):
        result = latih_check(course)
        assert result.returncode == 0, result.stderr
        assert "offline" not in result.stderr and "theme.language" not in result.stderr, course


# Page names: one home, both languages


def test_page_names_are_slugs_in_both_languages_and_differ_from_each_other() -> None:
    for language in ("id", "en"):
        names = page_names(language)
        values = [
            names.references,
            names.certificate,
            names.declaration,
            names.facilitator,
            names.roster,
            names.question,
        ]
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) for v in values), values
        assert len(set(values)) == len(values)


def test_a_lesson_may_not_take_a_generated_page_name_of_its_language(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSES / "dataprotection", course)
    lesson = course / "content" / "breaches.yml"
    lesson.write_text(lesson.read_text().replace("id: breaches", "id: certificate"), encoding="utf-8")
    course_yml = course / "site_config" / "course.yml"
    course_yml.write_text(
        course_yml.read_text().replace("lesson: breaches", "lesson: certificate"), encoding="utf-8"
    )
    result = latih_check(course)
    assert result.returncode == 1
    assert "content/breaches.yml:1:5:" in result.stderr and "certificate" in result.stderr


def test_a_second_build_from_the_same_configuration_escapes_once(
    hostile_course: Path, tmp_path: Path
) -> None:
    # A preview server may build again from the configuration it loaded once
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(hostile_course / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    build(config)
    page = (tmp_path / "site" / "lesson-one.html").read_text(encoding="utf-8")
    assert f'aria-label="{html.escape(T["site"])}"' in page  # the theme prints it as HTML: escaped once
    assert "&amp;amp;" not in page and "&amp;lt;" not in page


def test_both_languages_have_every_key_with_the_same_placeholders() -> None:
    catalogues = {
        language: yaml.safe_load(
            (REPO / "generator" / "locale" / f"{language}.yml").read_text(encoding="utf-8")
        )
        for language in ("id", "en")
    }
    for section in ("pages", "messages", "ui"):
        ids, ens = catalogues["id"][section], catalogues["en"][section]
        assert set(ids) == set(ens), (section, set(ids) ^ set(ens))
        for key in ids:
            placeholders = [set(re.findall(r"\{(\w+)\}", str(c[section][key]))) for c in catalogues.values()]
            assert placeholders[0] == placeholders[1], (section, key)
