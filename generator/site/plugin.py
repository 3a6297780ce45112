"""The MkDocs plugin: turn the loaded course into pages, navigation and runtime files. Nothing else."""

from __future__ import annotations

import json
import logging
import os
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from generator.course.folders import (
    CONFIG_DIR,
    CONTENT_DIR,
    DECISIONS_DIR,
    QUIZZES_DIR,
    YAML_SUFFIXES,
    Layout,
)
from generator.i18n import DEFAULT_LANGUAGE, message
from generator.safety import FACILITATOR as FOR_FACILITATOR
from generator.safety import PARTICIPANTS
from generator.site import theme_fixes

# MkDocs imports this module to read its settings (`mkdocs serve`, `build`, `gh-deploy`, and any
# command that only reads mkdocs.yml): nothing is imported here that a build may not need. The reader
# (YAML, the typed models), the pages, the answer keys and the bundles are imported by the events
# that use them, from `on_config` on.
if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from generator.course.loader import LoadedCourse
    from generator.site.fields import FieldRenderer
    from generator.site.pages import Renderer

log = logging.getLogger("mkdocs.plugins.latih")

COURSE_SCRIPT = "latih/course.js"
CREDENTIALS_SCRIPT = "latih/credentials.js"  # the pinned public keys and revocations, for verification
# mkdocs-material's offline plugin would load this polyfill from a CDN; the site ships its own copy
IFRAME_WORKER = "latih/vendor/iframe-worker/shim.js"
VENDORED = "vendor/iframe-worker/shim.js"  # with the vendored libraries' licences (bundles.LICENCES)
CORE_SCRIPT = "latih/latih.js"
# The page template of what Latih makes (overrides/): it links the bundles of the page's kind; quiz
# and facilitator pages name theirs in their front matter
PAGE_TEMPLATE = "latih-page.html"
OVERRIDES = Path(__file__).parent / "overrides"
PROGRESS_FROM = 50  # pages; smaller builds finish before progress would help
# Who a build is for, when not the plugin's `audience` setting: `latih build --facilitator` says it
# here, so the command line never edits a loaded plugin's settings (plain `mkdocs build` can too)
AUDIENCE_VARIABLE = "LATIH_AUDIENCE"
AUDIENCES = (PARTICIPANTS, FOR_FACILITATOR)  # safety's: the build marker records which
# Where the site runs, when not the plugin's `target` setting: `latih package --scorm` says it here
TARGET_VARIABLE = "LATIH_TARGET"


def audience_of(config: MkDocsConfig, override: str | None = None) -> str:
    """Whom a build of `config` is for: `override`, else LATIH_AUDIENCE, else the plugin's setting."""
    ours = [p for p in config.plugins.values() if isinstance(p, LatihPlugin)]
    return override or resolved_audience(ours[0].config.audience if ours else PARTICIPANTS)


def resolved_audience(setting: str) -> str:
    """The plugin's `audience` setting, unless LATIH_AUDIENCE names another (`latih build --facilitator`)."""
    return os.environ.get(AUDIENCE_VARIABLE) or setting


class LatihConfig(base.Config):
    # Settings for the course folders, relative to mkdocs.yml
    content_dir = c.Type(str, default=CONTENT_DIR)
    quizzes_dir = c.Type(str, default=QUIZZES_DIR)
    config_dir = c.Type(str, default=CONFIG_DIR)
    decisions_dir = c.Type(str, default=DECISIONS_DIR)  # decision aids (issue 29), if any
    # Who the site is for. "participants": no facilitator page of a graded quiz and no page marked
    # `latih: {audience: facilitator}`, in files, navigation or search. "facilitator": every quiz's
    # facilitator page, the facilitator-only pages and a start page as home (LATIH_AUDIENCE overrides)
    audience = c.Choice(AUDIENCES, default=PARTICIPANTS)
    # Where the site runs. "web": a web host, a USB stick, a folder. "scorm": inside a SCORM package,
    # its pages reporting to the LMS (bundles.TARGETS); `latih package --scorm` builds so (LATIH_TARGET
    # overrides; checked against bundles.TARGETS when a build starts, so the bundles are not read here)
    target = c.Type(str, default="web")
    # Which practice quizzes get a facilitator page in the participants' site (fasilitator/<quiz>.html,
    # in English courses facilitator/<quiz>.html): "practice" (all of them, linked from the quiz) or
    # "none". A graded quiz's page shows its answers: only the facilitator's site has it ("all" is
    # read as "practice")
    facilitator_pages = c.Choice(("all", "practice", "none"), default="practice")


def facilitator_only(docs_dir: Path, pages: list[str]) -> list[str]:
    """The hand-written pages whose front matter says `latih: {audience: facilitator}`."""
    found = []
    for page in pages:
        try:
            _, meta = get_data((docs_dir / page).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue
        latih = meta.get("latih") if isinstance(meta, dict) else None
        if isinstance(latih, dict) and latih.get("audience") == "facilitator":
            found.append(page)
    return found


def page_title(path: Path) -> str:
    """A hand-written page's title as MkDocs finds it: front matter, else its first heading."""
    try:
        markdown, meta = get_data(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return path.stem
    if isinstance(meta.get("title"), str):
        return meta["title"]
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
    return heading[1] if heading else path.stem.replace("-", " ").capitalize()


def format_problems(loaded: LoadedCourse, which: str = "errors") -> str:
    from generator.problems import in_order

    problems = loaded.problems.errors if which == "errors" else loaded.problems.warnings
    ordered = in_order(problems)
    return "\n".join(p.format(loaded.language, loaded.layout.root) for p in ordered)


class LatihPlugin(BasePlugin[LatihConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.loaded: LoadedCourse | None = None
        self.renderer: Renderer | None = None
        self.pages: dict[str, str] = {}  # src_uri of a generated page -> lesson or quiz id
        self.keyed: dict[str, tuple[str, bool]] = {}  # src_uri -> (quiz id, for the facilitator)
        self.rendered = 0
        self.rooms: set[str] = set()  # quizzes with a facilitator page in this site
        self.fields: FieldRenderer | None = None  # the questions' Markdown fields, with the site's settings
        self.escaped: dict[str, str] = {}  # setting -> the value this plugin escaped it to
        self.credentials: dict[str, Any] = {}  # what the verification page checks against
        self.audience = "participants"
        self.target = "web"
        self.facilitator_only: list[str] = []  # hand-written pages marked for the facilitator

    def refuse_site_dir(self, config: MkDocsConfig, loaded: LoadedCourse) -> None:
        """Plain `mkdocs build` empties site_dir first: never when it is, holds or sits in the course's
        own folders, the home folder or a root (`latih build` checks more, and builds elsewhere)."""
        from generator.safety import NOT_OURS, Sources, folder_refusal

        layout = loaded.layout
        folders = [
            layout.content_dir,
            layout.quizzes_dir,
            layout.config_dir,
            layout.decisions,
            Path(config.docs_dir),
        ]
        sources = Sources.of(Path(config.config_file_path or "mkdocs.yml"), folders)
        refusal = folder_refusal(Path(config.site_dir), sources)
        if refusal is not None and refusal.key not in NOT_OURS:
            raise PluginError(message(loaded.language, refusal.key, **refusal.values))

    @event_priority(50)  # before mkdocs-material's offline plugin, which adds a CDN script otherwise
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from generator.bundles import TARGETS
        from generator.course.loader import load_course
        from generator.i18n import ui_strings
        from generator.site.pages import Renderer

        # Read every YAML file once; everything downstream works on the typed models.
        loaded = load_course(Layout.of_mkdocs(config))
        self.refuse_site_dir(config, loaded)
        # One record per warning: `latih build` has said them already and drops exactly these
        for line in format_problems(loaded, "warnings").splitlines():
            log.warning(line)
        if not loaded.ok:
            raise PluginError("\n" + format_problems(loaded))
        assert loaded.course is not None
        course = loaded.course.model
        self.loaded = loaded
        self.credentials = self.pinned(loaded)
        self.renderer = Renderer(loaded, ui_strings(course.language))
        self.audience = resolved_audience(self.config.audience)
        if self.audience not in AUDIENCES:
            raise PluginError(
                message(loaded.language, "bad_audience", value=self.audience, allowed=", ".join(AUDIENCES))
            )
        self.target = os.environ.get(TARGET_VARIABLE) or self.config.target
        if self.target not in TARGETS:
            raise PluginError(
                message(loaded.language, "bad_target", value=self.target, allowed=", ".join(TARGETS))
            )
        self.facilitator_only = facilitator_only(Path(config.docs_dir), loaded.pages)

        # Every site must work opened from the file system, where a folder URL shows a file listing,
        # and must fetch nothing from outside: no directory URLs, no web fonts from a CDN
        config.use_directory_urls = False
        config.theme["font"] = False
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))

        # The site's name and description are the author's plain text; the theme prints them as HTML.
        # Once: a configuration used for a second build is already escaped
        for setting in ("site_name", "site_description"):
            value = config[setting]
            if value and value != self.escaped.get(setting):
                config[setting] = self.escaped[setting] = escape(value)

        # The theme speaks the course's language, not MkDocs' default English, down to the
        # headings' permalink titles (the footer's credit line: overrides/partials/copyright.html)
        config.theme["language"] = course.language
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", self.renderer.ui["permalink"])
        features = config.theme.get("features") or []
        if "navigation.footer" not in features:
            config.theme["features"] = [*features, "navigation.footer"]  # previous / next
        if course.organization and course.organization.logo and not config.theme.get("logo"):
            config.theme["logo"] = f"latih/{course.organization.logo}"

        # Generated pages nest HTML and Markdown; these two extensions make that work
        for extension in ("md_in_html", "attr_list"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)

        if any(name.endswith("offline") for name in config.plugins):
            others = [p for p in config.extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
            config.extra["polyfills"] = [IFRAME_WORKER, *others]

        # Every page links the core; a page Latih makes adds what its kind needs (overrides/latih-page.html)
        config.extra_css = ["latih/latih.css", *config.extra_css]
        config.extra_javascript = [COURSE_SCRIPT, CORE_SCRIPT, *config.extra_javascript]
        if not config.nav:
            config.nav = self.navigation()
        return config

    def pinned(self, loaded: LoadedCourse) -> dict[str, Any]:
        """The course's public keys and revocations (keys.json, revoked.json); never a private key."""
        from generator.credential import read_keys, read_revoked

        pinned, problems = read_keys(loaded.layout.config_dir)
        revoked, more = read_revoked(loaded.layout.config_dir)
        problems += more
        if problems:
            raise PluginError(
                "\n" + "\n".join(p.format(loaded.language, loaded.layout.root) for p in problems)
            )
        keys = pinned.as_json() if pinned else {"issuer": None, "keys": []}
        return {**keys, "revoked": revoked}

    def navigation(self) -> list[Any]:
        """The outline as MkDocs nav: sections become nav sections; other pages follow.

        Navigation titles are HTML to MkDocs and the theme (a heading's title is), so the authors'
        plain-text titles and section names go in escaped."""
        from generator.schema import outline_order

        assert self.loaded and self.loaded.course and self.renderer
        loaded, renderer = self.loaded, self.renderer
        pages, course = renderer.pages, loaded.course.model

        def title(ident: str) -> dict[str, str]:
            item = loaded.lessons.get(ident) or loaded.quizzes[ident]
            return {escape(item.model.title): f"{ident}.md"}

        facilitator = self.audience == FOR_FACILITATOR
        named = {"index.md", *self.facilitator_only}
        nav: list[Any] = ["index.md"] if "index.md" in loaded.pages or facilitator else []
        if facilitator:
            # The facilitator's home first, their guides and the quizzes to present, then the course
            nav += self.facilitator_only
            rooms = [
                {escape(q.model.title): pages.facilitator_src(ident)}
                for ident, q in ((i, loaded.quizzes[i]) for i in outline_order(course, loaded.quizzes))
            ]
            nav.append({escape(renderer.ui["facilitator_quizzes"]): rooms})
            if loaded.course.model.declaration:
                nav.append({escape(renderer.ui["facilitator_print"]): pages.roster_src})
        # Decision aids answer "may I?" at once: right after the home page (issue 29)
        nav += [{escape(d.model.title): f"{ident}.md"} for ident, d in loaded.decisions.items()]
        for entry in loaded.course.model.outline:
            if entry.section is not None:
                nav.append({escape(entry.section): [title(i) for i in entry.items or []]})
            elif entry.page:
                nav.append(entry.page)
                named.add(entry.page)
            else:
                nav.append(title(entry.lesson or entry.quiz or ""))
        if course.certificate:
            nav.append({escape(renderer.certificate_label()): f"{pages.certificate}.md"})
        if course.declaration and course.certificate:
            nav.append({escape(renderer.declaration_label()): f"{pages.declaration}.md"})
        nav += [p for p in loaded.pages if p not in named]
        # The roster printing is the facilitator's: in their folder, not in the participants' navigation
        # (the facilitator's site names it near the top)
        if course.references:
            nav.append(f"{pages.references}.md")
        return nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from mkdocs.structure.files import File, InclusionLevel

        from generator.bundles import ASSETS, LICENCES, site_assets
        from generator.site.pages import CERTIFICATE_URL
        from generator.site.sources import FACILITATOR, FACILITATOR_HOME, GRADED, LESSON, QUIZ, course_pages

        assert self.loaded and self.renderer and self.loaded.course
        loaded, renderer = self.loaded, self.renderer

        # The YAML sources are input, never part of the published site; pages for the facilitator
        # are part of the facilitator's site only, whose home is their start page
        facilitator = self.audience == FOR_FACILITATOR
        for file in list(files):
            if (
                file.src_uri.endswith(YAML_SUFFIXES)
                or (file.src_uri in self.facilitator_only and not facilitator)
                or (facilitator and file.src_uri == FACILITATOR_HOME)
            ):
                files.remove(file)
        # A link that leads out of the course would publish whatever it points at
        root = loaded.layout.root.resolve()
        assets = loaded.layout.config_dir / "assets"
        docs = Path(config.docs_dir).absolute()
        linked = [
            Path(f.abs_src_path)
            for f in files
            if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)
        ]
        if assets.is_dir():
            linked += [p for p in assets.rglob("*") if p.is_file()]
        for path in linked:
            target = path.resolve()
            if not target.is_relative_to(root):
                shown = path.relative_to(root) if path.is_relative_to(root) else path
                raise PluginError(message(loaded.language, "link_outside_course", path=shown, target=target))

        self.pages, self.keyed, self.kinds, self.rooms = {}, {}, {}, set()
        self.rendered = 0
        self.fields = None
        docs = Path(config.docs_dir)
        guides = [(src, page_title(docs / src)) for src in self.facilitator_only] if facilitator else []
        which = self.config.facilitator_pages
        for page in course_pages(
            loaded, renderer, facilitator=facilitator, facilitator_pages=which, guides=guides
        ):
            self.kinds[page.src_uri] = page.kind
            if page.kind in (LESSON, QUIZ, GRADED) and page.ident:
                self.pages[page.src_uri] = page.ident
            if page.kind in (QUIZ, GRADED, FACILITATOR):
                self.keyed[page.src_uri] = (page.ident, page.kind == FACILITATOR)
            if page.kind == FACILITATOR:
                self.rooms.add(page.ident)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        pinned = json.dumps(self.credentials, ensure_ascii=False, separators=(",", ":"))
        files.append(
            File.generated(config, CREDENTIALS_SCRIPT, content=f"window.LatihCredentials={pinned};\n")
        )

        for path, text in site_assets(self.target).items():
            files.append(File.generated(config, path, content=text))
        for name in (VENDORED, *LICENCES):
            files.append(File.generated(config, f"latih/{name}", abs_src_path=str(ASSETS / name)))
        assets = loaded.layout.config_dir / "assets"
        if assets.is_dir():
            for path in sorted(p for p in assets.rglob("*") if p.is_file()):
                relative = path.relative_to(loaded.layout.config_dir).as_posix()
                files.append(File.generated(config, f"latih/{relative}", abs_src_path=str(path)))

        # Course data as a script, since pages opened from file:// cannot fetch JSON
        urls = {ident: files.get_file_from_path(src).url for src, ident in self.pages.items()}
        certificate = files.get_file_from_path(f"{renderer.pages.certificate}.md")
        if certificate is not None:
            urls[CERTIFICATE_URL] = certificate.url
        data = json.dumps(renderer.course_data(urls), ensure_ascii=False, separators=(",", ":"))
        files.append(File.generated(config, COURSE_SCRIPT, content=f"window.LatihCourse={data};\n"))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # A page Latih makes is rendered from its page template unless its front matter names one
        if self.page_kind(page.file.src_uri) != "lesson" or page.file.src_uri in self.pages:
            page.meta.setdefault("template", PAGE_TEMPLATE)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        from generator.site.answer_key import key_element
        from generator.site.fields import FieldRenderer, for_page
        from generator.site.pages import ROOT

        assert self.loaded and self.loaded.course and self.renderer
        self._progress()
        # Raw HTML (logos, signatures) names site files from the root; point it from this page
        root = get_relative_url(".", page.url).rstrip("/") + "/" if page.url else "./"
        if ROOT in html:
            html = html.replace(ROOT, root)
        ident, facilitator = self.keyed.get(page.file.src_uri, ("", False))
        quiz = self.loaded.quizzes.get(ident)
        if quiz is None:
            return html
        # The questions follow the page's own Markdown. Their Markdown fields are rendered once per
        # build with the site's settings: scenarios go into the questions, explanations and feedback
        # (and for the facilitator, discussion prompts) into the concealed key
        if self.fields is None or self.fields.files is not files:
            self.fields = FieldRenderer(
                config.markdown_extensions, config.mdx_configs, files, self.loaded.language
            )
        course = self.loaded.course.model
        rendered = self.fields.quiz(quiz.model, f"{ident}.md", self.renderer.question_refs(quiz.model))
        parts = for_page(rendered, "" if root == "./" else root)
        key = key_element(quiz.model, course.id, course.version, parts, discussion=facilitator)
        if facilitator:
            return f"{html}\n{self.renderer.facilitator_body(quiz.model, parts, key)}"
        room = (
            files.get_file_from_path(self.renderer.pages.facilitator_src(ident))
            if ident in self.rooms
            else None
        )
        link = get_relative_url(room.url, page.url) if room is not None else None
        return f"{html}\n{self.renderer.quiz_body(quiz.model, parts, key, link)}"

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        from generator.bundles import PAGE_KINDS

        # What the page template links beyond the core, for this page's kind (bundles.PAGE_KINDS)
        scripts, styles = PAGE_KINDS[self.page_kind(page.file.src_uri)]
        context["latih_bundles"] = {"scripts": scripts, "styles": styles}
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # The theme's own templates (overrides/) speak the course's language too
        env.globals["latih_ui"] = self.renderer.ui if self.renderer else {}
        return env

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's pages of its own (404.html) print the site's name like every page does
        return theme_fixes.repair(output_content, config.site_name)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = theme_fixes.repair(output, config.site_name)
        # The header's and footer's landmarks named in the course's language
        return theme_fixes.landmarks(output, self.renderer.ui) if self.renderer else output

    def page_kind(self, src_uri: str) -> str:
        """Which bundles a page needs (bundles.PAGE_KINDS): what the plugin generated it as."""
        from generator.site.sources import LESSON

        return self.kinds.get(src_uri, LESSON)

    def _progress(self) -> None:
        # A long build says how far it has got, about every tenth of the way
        self.rendered += 1
        total = len(self.pages.keys() | self.keyed.keys())
        if total >= PROGRESS_FROM and self.rendered <= total and self.rendered % max(1, total // 10) == 0:
            log.info(
                message(
                    self.loaded.language if self.loaded else DEFAULT_LANGUAGE,
                    "progress",
                    done=self.rendered,
                    total=total,
                )
            )

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Editing any YAML file of the course reloads the preview
        layout = Layout.of_mkdocs(config)
        for folder in (layout.content_dir, layout.quizzes_dir, layout.config_dir, layout.decisions):
            if folder.is_dir() and str(folder) != str(Path(config.docs_dir).resolve()):
                server.watch(str(folder))
        return server
