"""The report as one HTML file: no request, charts as inline SVG, the stylesheet and the participant
list's search script inlined; a Content-Security-Policy lets that script run by its hash alone."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from markupsafe import Markup

from generator.i18n import report_strings
from generator.results import short_code
from generator.templating import environment
from generator.tools.report.charts import histogram_chart, shift_chart, slope_chart, topics_chart
from generator.tools.report.items import MIN_ATTEMPTS
from generator.tools.report.model import Report
from generator.tools.report.numbers import Numbers

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "report.css"
SCRIPT = TEMPLATES / "report-search.js"


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-' and its base64 digest."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def heat(share: float | None) -> str:
    """A heat-map cell's class: ten steps from weakest (h0) to strongest (h9)."""
    return "" if share is None else f"h{min(9, int(share * 10))}"


def render_report(report: Report) -> str:
    t = report_strings(report.language)
    n = Numbers(report.language)
    charts = {
        "histograms": {q.id: histogram_chart(q, i, t) for i, q in enumerate(report.quizzes)},
        "slope": slope_chart(report.gain, t, n) if report.gain.matched else None,
        "shift": shift_chart(report.gain, t) if report.gain.matched else None,
        "topics": topics_chart(report, t, n) if report.topics else None,
    }
    style = Markup(STYLESHEET.read_text(encoding="utf-8"))  # our own file, not participant text
    script = SCRIPT.read_text(encoding="utf-8")
    return (
        environment(TEMPLATES)
        .get_template("report.html.j2")
        .render(
            report=report,
            t=t,
            n=n,
            charts=charts,
            style=style,
            script=Markup(script),  # our own file; the page's policy allows it by its hash
            script_hash=script_hash(script),
            heat=heat,
            short=short_code,
            min_attempts=MIN_ATTEMPTS,
        )
    )
