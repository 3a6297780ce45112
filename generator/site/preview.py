"""`latih serve`: MkDocs' live-reload server, made never to hang on a course with errors.

MkDocs' server holds every request until a build succeeds, so a saved mistake leaves the browser
spinning. Here the build never fails: while the course has problems, the builder writes one page
that lists them and the server answers every page request with it. Each build, good or not, is a
new version for MkDocs' own live reload, so the open tab reloads by itself: to the problems when
the author breaks a file, back to its page when the files are fixed.

Only public MkDocs names are used: `LiveReloadServer` (the type of the `on_serve` hook) with its
`serve_request` WSGI application, `mount_path`, `error_handler` and `builder`; `build` and
`load_config`. What the server adds to pages (the problems page, the warnings panel) exists only
in its responses, never in a built site.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import IpAddress
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.course.loader import Layout, load_course
from generator.i18n import DEFAULT_LANGUAGE, message
from generator.problems import Problem, in_order
from generator.site.build import mkdocs_log
from generator.site.pages import environment

# Where the problems page lives in the served folder: hidden, so MkDocs' cleaning keeps it
PROBLEMS_PAGE = ".latih-preview/problems.html"
LONGEST_LINE = 400  # characters of a source line shown; the rest is cut


class Refused(Exception):
    """The preview cannot start: a message key and its values, in the course's language."""

    def __init__(self, language: str, key: str, **values: object) -> None:
        super().__init__(key)
        self.language, self.key, self.values = language, key, values


# The page's model: problems grouped by file, each with its line of YAML and the lines around it


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    target: bool = False
    caret: int | None = None  # spaces before the ^ under the column, on the target line


@dataclass(frozen=True)
class ProblemView:
    text: str  # path:line:col: message, as `latih check` prints it
    source: list[SourceLine]
    first: bool = False


@dataclass(frozen=True)
class FileGroup:
    path: str
    problems: list[ProblemView]


def source_lines(lines: list[str], line: int, column: int) -> list[SourceLine]:
    """The line a problem points at, with one line of context before and after (1-based)."""
    if not 1 <= line <= len(lines):
        return []
    shown = []
    for number in range(max(1, line - 1), min(len(lines), line + 1) + 1):
        text = lines[number - 1].rstrip("\r\n")
        cut = text[:LONGEST_LINE] + ("…" if len(text) > LONGEST_LINE else "")
        target = number == line
        caret = min(max(column - 1, 0), LONGEST_LINE) if target else None
        shown.append(SourceLine(number, cut, target, caret))
    return shown


def group_problems(
    problems: Iterable[Problem], language: str, root: Path, *, highlight_first: bool = True
) -> list[FileGroup]:
    """Problems in `latih check` order, grouped by file; each file is read once."""
    ordered = in_order(problems)
    groups: dict[Path, list[ProblemView]] = {}
    texts: dict[Path, list[str]] = {}
    for index, p in enumerate(ordered):
        if p.path not in texts:
            texts[p.path] = _lines(p.path)
        view = ProblemView(
            p.format(language, root),
            source_lines(texts[p.path], p.line, p.column),
            first=highlight_first and index == 0,
        )
        groups.setdefault(p.path, []).append(view)
    return [FileGroup(_relative(path, root), views) for path, views in groups.items()]


def _lines(path: Path) -> list[str]:
    try:
        return path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:  # a folder, a file deleted meanwhile: the problem is shown without its source
        return []


def _relative(path: Path, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(root).as_posix()
    return str(path)


@dataclass(frozen=True)
class Status:
    """What the last build found. Replaced whole after each build, so a request reads one."""

    language: str = DEFAULT_LANGUAGE
    root: Path = Path(".")
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # what MkDocs said when it could not build
    notices: list[str] = field(default_factory=list)  # MkDocs' own warnings (a broken link ...)

    @property
    def broken(self) -> bool:
        return bool(self.errors or self.failures)

    def strings(self, **counts: object) -> dict[str, str]:
        keys = ("title", "intro", "comeback", "first", "mkdocs", "warnings", "panel", "panel_note")
        return {key: message(self.language, f"preview_{key}", **counts) for key in keys}


def problems_page(status: Status) -> str:
    files = group_problems(status.errors, status.language, status.root)
    warnings = group_problems(status.warnings, status.language, status.root, highlight_first=False)
    count = len(status.warnings) + len(status.notices)
    strings = status.strings(errors=len(status.errors), files=len(files), n=count)
    return (
        environment()
        .get_template("preview-problems.html.j2")
        .render(
            language=status.language,
            strings=strings,
            files=files,
            failures=status.failures,
            warnings=warnings,
            notices=status.notices,
        )
    )


def warnings_panel(status: Status) -> str:
    warnings = group_problems(status.warnings, status.language, status.root, highlight_first=False)
    strings = status.strings(errors=0, files=0, n=len(status.warnings) + len(status.notices))
    return (
        environment()
        .get_template("preview-panel.html.j2")
        .render(language=status.language, strings=strings, warnings=warnings, notices=status.notices)
    )


def add_before_body_end(html: bytes, addition: str) -> bytes:
    at = html.rfind(b"</body>")
    at = len(html) if at < 0 else at
    return html[:at] + addition.encode("utf-8") + html[at:]


def local_host(host: str) -> bool:
    """Whether a request's Host names this machine as a browser would reach the preview directly:
    an IP address (v4 or [v6]), or localhost, with any port. A name that is not localhost is what a
    DNS-rebinding page sends; no request without a Host comes from a browser."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    if name in ("localhost", "localhost."):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_page(path: str) -> bool:
    """A request a browser tab shows: a folder, an .html file, or a name without a suffix."""
    if path.startswith("/livereload/"):
        return False
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


# The address: as `mkdocs serve -a` reads it


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def url(self, mount_path: str = "/") -> str:
        """The address to open: a wildcard host is opened as this computer."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{mount_path}"


def parse_address(value: str, language: str) -> Address:
    try:
        host, port = IpAddress().validate(value)
    except ValidationError as exc:
        raise Refused(language, "preview_bad_address", value=value, detail=exc) from None
    if not 0 < port < 65536:
        raise Refused(language, "preview_bad_address", value=value, detail=port)
    return Address(host, port)


def check_free(address: Address, language: str) -> None:
    """Refuse a port another program listens on, before the first build makes the author wait."""
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As the server binds: a port left in TIME_WAIT by a previous preview is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((address.host, address.port))
    except OSError as exc:
        raise _refusal(exc, address, language) from None


def _refusal(exc: OSError, address: Address, language: str) -> Refused:
    if exc.errno == errno.EADDRINUSE:
        suggestion = Address(address.host, address.port + 1 if address.port < 65535 else 8000)
        return Refused(language, "preview_port_busy", address=address, suggestion=suggestion)
    reason = exc.strerror or exc
    return Refused(language, "preview_cannot_listen", address=address, reason=reason)


def _logged(records: Iterable[logging.LogRecord]) -> tuple[list[str], list[str]]:
    """MkDocs' errors and warnings during one build, for the page: the terminal shows them too."""
    errors: list[str] = []
    warnings: list[str] = []
    for record in records:
        # Latih's own findings arrive as problems; the server's request lines are not the build's
        if record.name.startswith(("mkdocs.plugins.latih", "mkdocs.livereload")):
            continue
        text = record.getMessage().strip()
        if text:
            (errors if record.levelno >= logging.ERROR else warnings).append(text)
    return errors, warnings


class Preview:
    """The course being previewed: its configuration, its last build, and the folder served."""

    def __init__(self, config_file: Path, address: Address, language: str) -> None:
        self.config_file = config_file
        self.address = address
        self.site_dir = Path(tempfile.mkdtemp(prefix="latih-preview-"))
        self.status = Status(language=language, root=config_file.parent)
        self.mount_path = "/"
        self.url = address.url()
        self.builds = 0

    def config(self) -> MkDocsConfig:
        """mkdocs.yml read afresh, as `mkdocs serve` does on each rebuild, served at our address."""
        config = load_config(str(self.config_file), site_dir=str(self.site_dir), dev_addr=str(self.address))
        path = urlsplit(config.site_url or "/").path
        self.mount_path = ("/" + path.lstrip("/")).rstrip("/") + "/"
        self.url = self.address.url(self.mount_path)
        config.site_url = self.url
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """Build the site, or the problems page: never raises, so the server never waits on it."""
        started = time.monotonic()
        was_broken = self.status.broken
        language, root = self.status.language, self.config_file.parent
        errors: list[Problem] = []
        warnings: list[Problem] = []
        failures: list[str] = []
        with mkdocs_log() as records:
            try:
                config = config or self.config()
                loaded = load_course(Layout.of_mkdocs(config))
                language = loaded.language
                errors, warnings = loaded.problems.errors, loaded.problems.warnings
                if loaded.ok:
                    build(config, serve_url=self.url)
            except Exception as exc:  # any failure of MkDocs, a theme or a plugin, shown on the page
                logged = _logged(records)[0]
                failures = logged or [str(exc).strip() or type(exc).__name__]
                if not logged:  # what MkDocs logged is on the terminal already
                    print(f"{message(language, 'error_prefix')}: {failures[0]}", file=sys.stderr)
        status = Status(language, root, errors, warnings, failures, _logged(records)[1])
        self.publish(status)
        self.builds += 1
        if status.broken:
            for p in in_order(errors):
                print(p.format(language, Path.cwd()), file=sys.stderr)
            say(language, "preview_failed", errors=len(errors) + len(failures), warnings=len(warnings))
        elif was_broken:
            say(language, "preview_back")
        elif self.builds > 1:  # the first build is followed by the address to open
            say(language, "preview_rebuilt", seconds=f"{time.monotonic() - started:.1f}")

    def publish(self, status: Status) -> None:
        # The page first, whole (written aside, then renamed), then the status that serves it
        if status.broken:
            page = self.site_dir / PROBLEMS_PAGE
            page.parent.mkdir(parents=True, exist_ok=True)
            draft = page.with_suffix(".tmp")
            draft.write_text(problems_page(status), encoding="utf-8")
            os.replace(draft, page)
        self.status = status


def say(language: str, key: str, **values: object) -> None:
    print(message(language, key, **values), flush=True)


class _Response:
    """A WSGI response held back, so the server can look at it before it goes out."""

    def __init__(self) -> None:
        self.status = "500 Internal Server Error"
        self.headers: list[tuple[str, str]] = []

    def start(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], Any]:
        self.status, self.headers = status, list(headers)
        return lambda data: None

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


class PreviewServer(LiveReloadServer):
    """MkDocs' server, answering page requests from the preview's last build."""

    preview: Preview

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A web page elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and read the preview,
        # facilitator pages and all: only an address or localhost is answered
        if not local_host(environ.get("HTTP_HOST", "")):
            body = message(self.preview.status.language, "preview_host_refused").encode("utf-8")
            start_response(
                "403 Forbidden",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        path = environ.get("PATH_INFO", "")
        if not is_page(path):
            return super().serve_request(environ, start_response)
        # A build may finish while this request waits for it: then answer from the new one
        for _ in range(3):
            status = self.preview.status
            response, body = self._page(environ, status)
            if self.preview.status is status:
                break
        if (
            not status.broken
            and (status.warnings or status.notices)
            and "html" in response.header("Content-Type")
        ):
            body = add_before_body_end(body, warnings_panel(status))
        headers = [(k, v) for k, v in response.headers if k.lower() != "content-length"]
        start_response(response.status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _page(self, environ: dict[str, Any], status: Status) -> tuple[_Response, bytes]:
        asked = environ.get("PATH_INFO", "")
        tries = [self.mount_path + PROBLEMS_PAGE] if status.broken else []
        # A page that does not exist shows the site's 404 page, live-reloading like any other
        tries += [asked, self.mount_path + "404.html"]
        for index, path in enumerate(tries):
            response = _Response()
            body = self._body(super().serve_request(dict(environ, PATH_INFO=path), response.start))
            if not response.status.startswith("404"):
                if path != asked and index == len(tries) - 1:
                    response.status = "404 Not Found"
                return response, body
        return response, body

    @staticmethod
    def _body(result: Iterable[bytes]) -> bytes:
        try:
            return b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that went away mid-answer: one line, not a traceback
        logging.getLogger("mkdocs.livereload").debug("request from %s failed", client_address)


def serve(configured: MkDocsConfig, dev_addr: str | None, language: str) -> None:
    """Serve the course until Ctrl+C (or SIGTERM); the served folder is removed afterwards.

    `configured`: the course's mkdocs.yml as read at the start; `dev_addr` (`-a`) overrides its own."""
    address = parse_address(dev_addr or f"{configured.dev_addr.host}:{configured.dev_addr.port}", language)
    check_free(address, language)
    preview = Preview(Path(configured.config_file_path or "mkdocs.yml").resolve(), address, language)
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        config = preview.config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            _run(preview, config)
        finally:
            config.plugins.on_shutdown()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(preview.site_dir, ignore_errors=True)
    say(preview.status.language, "preview_stopped")


def _run(preview: Preview, config: MkDocsConfig) -> None:
    server = PreviewServer(
        builder=preview.build,
        host=preview.address.host,
        port=preview.address.port,
        root=str(preview.site_dir),
        mount_path=preview.mount_path,
    )
    server.preview = preview
    server.error_handler = lambda code: None
    preview.build(config)
    # What MkDocs watches, and through the plugin's on_serve the course's YAML folders
    server.watch(config.docs_dir)
    if config.config_file_path:
        server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=preview.build)
    for item in config.watch:
        server.watch(item)
    say(preview.status.language, "serving", url=preview.url)
    try:
        server.serve()
    except OSError as exc:  # the port was taken during the first build
        raise _refusal(exc, preview.address, preview.status.language) from None
    finally:
        server.shutdown()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
