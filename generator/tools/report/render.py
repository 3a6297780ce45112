"""The report as one HTML file: no script, no request, charts as inline SVG, the stylesheet inlined."""

from __future__ import annotations

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
    return (
        environment(TEMPLATES)
        .get_template("report.html.j2")
        .render(
            report=report,
            t=t,
            n=n,
            charts=charts,
            style=style,
            heat=heat,
            short=short_code,
            min_attempts=MIN_ATTEMPTS,
        )
    )
