"""Chart geometry for the report: positions and labels here, markup in `report-charts.html.j2`.

Charts are SVG with a viewBox: the page scales them to their container, so they fit a phone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.tools.report.model import BINS, Gain, QuizSummary, Report
from generator.tools.report.numbers import Numbers


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start, middle or end
    title: str = ""  # the whole text, when `text` is shortened to fit


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Label | None  # the number written on or beside the bar
    title: str  # what a pointer or a screen reader gets
    series: str  # a CSS class: the kind of quiz, or "count"


@dataclass(frozen=True)
class Slope:
    x1: float
    y1: float
    x2: float
    y2: float
    title: str
    direction: str  # up, down, same, or mean
    weight: float  # stroke width: how many people share this line


@dataclass(frozen=True)
class Chart:
    """One SVG chart: a plot area with grid lines, bars or slopes, labels and axis titles."""

    id: str
    width: int
    height: int
    title: str
    description: str
    plot: tuple[float, float, float, float]  # left, top, width, height
    bars: tuple[Bar, ...] = ()
    slopes: tuple[Slope, ...] = ()
    x_ticks: tuple[Tick, ...] = ()  # vertical grid lines (horizontal bar charts)
    y_ticks: tuple[Tick, ...] = ()  # horizontal grid lines
    x_labels: tuple[Label, ...] = ()  # category labels under the plot
    y_labels: tuple[Label, ...] = ()  # category labels left of the plot
    notes: tuple[Label, ...] = ()  # emphasised text inside the plot (means, column heads)
    legend: tuple[tuple[str, str], ...] = ()  # (series, name)
    marker: Tick | None = None  # a dashed vertical line, such as the pass mark
    x_title: str = ""
    y_title: str = ""


def _step(top: int) -> int:
    """A round step for a count axis that gives at most five grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


BIN_NAMES = [f"{10 * i}–{10 * i + 9}" for i in range(BINS - 1)] + ["90–100"]


def binned_chart(
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, str, Sequence[int]]],
    t: Mapping[str, str],
    pass_mark: int | None = None,
    y_title: str = "",
) -> Chart:
    """Counts per 10-point bin as vertical bars, one bar per series (kind of quiz) in each bin."""
    width, height = 480, 260
    left, top, right, bottom = 48, 34, 14, 52
    pw, ph = width - left - right, height - top - bottom
    highest = max(max(counts) for _, _, counts in series)
    step = _step(max(highest, 1))
    # Room above the highest bar for its number.
    ceiling = step * max(1, -(-highest * 112 // (100 * step)))
    slot = pw / BINS
    bar = slot * 0.78 / len(series)
    bars = []
    for s, (css, name, counts) in enumerate(series):
        for i, count in enumerate(counts):
            h = ph * count / ceiling
            x = left + i * slot + slot * 0.11 + s * bar
            value = Label(x + bar / 2, top + ph - h - 5, str(count)) if count else None
            label = f"{name}, {BIN_NAMES[i]}: {count}" if len(series) > 1 else f"{BIN_NAMES[i]}: {count}"
            bars.append(Bar(x, top + ph - h, bar, h, value, label, css))
    description = "; ".join(
        (f"{name}: " if len(series) > 1 else "")
        + ", ".join(f"{b} {c}" for b, c in zip(BIN_NAMES, counts, strict=True) if c)
        for _, name, counts in series
    )
    return Chart(
        id=chart_id,
        width=width,
        height=height,
        title=title,
        description=t["histogram_desc"].format(attempts=sum(sum(c) for _, _, c in series), bins=description),
        plot=(left, top, pw, ph),
        bars=tuple(bars),
        y_ticks=tuple(Tick(top + ph - ph * v / ceiling, str(v)) for v in range(0, ceiling + 1, step)),
        x_labels=tuple(
            Label(left + (i + 0.5) * slot, top + ph + 15, name) for i, name in enumerate(BIN_NAMES)
        ),
        legend=tuple((css, name) for css, name, _ in series) if len(series) > 1 else (),
        marker=None
        if pass_mark is None
        else Tick(left + pw * pass_mark / 100, t["pass_mark"].format(mark=pass_mark)),
        x_title=t["axis_score"],
        y_title=y_title or t["axis_attempts"],
    )


def histogram_chart(summary: QuizSummary, index: int, t: Mapping[str, str]) -> Chart:
    title = t["histogram_title"].format(quiz=summary.title)
    return binned_chart(f"histogram-{index}", title, [("count", "", summary.histogram)], t, summary.pass_mark)


def shift_chart(gain: Gain, t: Mapping[str, str]) -> Chart:
    """Where the room stood before and after: the matched participants' scores, side by side."""
    series = [("pretest", t["col_pre"], gain.pre_histogram), ("posttest", t["col_post"], gain.post_histogram)]
    return binned_chart("shift", t["shift_title"], series, t, y_title=t["axis_participants"])


def slope_chart(gain: Gain, t: Mapping[str, str], n: Numbers) -> Chart:
    width, height = 480, 320
    left, top, right, bottom = 40, 40, 20, 20
    pw, ph = width - left - right, height - top - bottom
    x1, x2 = left + pw * 0.28, left + pw * 0.72

    def y(value: float) -> float:
        return top + ph * (100 - value) / 100

    # People with the same pair of scores share one line, drawn as thick as they are many.
    slopes = []
    for pair in gain.pairs:
        pre, post, count = pair.pre, pair.post, pair.count
        direction = "up" if post > pre else "down" if post < pre else "same"
        who = ", ".join(pair.names or [t["anonymous"]]) + (", …" if count > len(pair.names) else "")
        title = t["slope_pair"].format(count=count, pre=pre, post=post, names=who)
        slopes.append(Slope(x1, y(pre), x2, y(post), title, direction, min(12.0, 1.5 * count**0.5 + 0.5)))
    mean_pre, mean_post = gain.mean_pre or 0.0, gain.mean_post or 0.0
    mean_title = f"{t['mean']}: {n.num(mean_pre)} → {n.num(mean_post)}"
    slopes.append(Slope(x1, y(mean_pre), x2, y(mean_post), mean_title, "mean", 4.0))
    return Chart(
        id="slope",
        width=width,
        height=height,
        title=t["slope_title"],
        description=t["slope_desc"].format(
            matched=gain.matched,
            pre=n.num(gain.mean_pre),
            post=n.num(gain.mean_post),
            gain=n.signed(gain.mean_gain),
            improved=gain.improved,
            unchanged=gain.unchanged,
            declined=gain.declined,
        ),
        plot=(left, top, pw, ph),
        slopes=tuple(slopes),
        y_ticks=tuple(Tick(y(v), str(v)) for v in range(0, 101, 20)),
        notes=(
            Label(x1, top - 14, t["col_pre"]),
            Label(x2, top - 14, t["col_post"]),
            Label(x1 - 12, y(mean_pre) + 5, f"{t['mean']} {n.num(mean_pre)}", "end"),
            Label(x2 + 12, y(mean_post) + 5, f"{n.num(mean_post)} {t['mean']}", "start"),
        ),
    )


def topics_chart(report: Report, t: Mapping[str, str], n: Numbers) -> Chart:
    kinds = report.topic_kinds
    bar, gap, group_gap = 18, 3, 16
    left, top, right, bottom = 210, 40, 50, 44
    width = 680
    pw = width - left - right
    group = len(kinds) * bar + (len(kinds) - 1) * gap
    ph = len(report.topics) * (group + group_gap) - group_gap + 16
    height = int(top + ph + bottom)
    bars, labels = [], []
    y = top + 8
    for row in report.topics:
        labels.append(Label(left - 10, y + group / 2 + 4, _short(row.title, 30), "end", row.title))
        for i, kind in enumerate(kinds):
            mean = row.means[kind]
            by = y + i * (bar + gap)
            if mean is None:
                continue
            length = pw * mean / 100
            bars.append(
                Bar(
                    left,
                    by,
                    length,
                    bar,
                    Label(left + length + 5, by + bar / 2 + 4, n.num(mean), "start"),
                    f"{row.title}, {t['kind_' + kind]}: {n.num(mean)}% ({row.counts[kind]})",
                    kind,
                )
            )
        y += group + group_gap
    return Chart(
        id="topics-chart",
        width=width,
        height=height,
        title=t["topics_title"],
        description=t["topics_desc"].format(
            rows="; ".join(
                f"{row.title}: "
                + ", ".join(
                    f"{t['kind_' + k]} {n.num(row.means[k])}" for k in kinds if row.means[k] is not None
                )
                for row in report.topics
            )
        ),
        plot=(left, top, pw, ph),
        bars=tuple(bars),
        x_ticks=tuple(Tick(left + pw * v / 100, str(v)) for v in range(0, 101, 20)),
        y_labels=tuple(labels),
        legend=tuple((k, t["kind_" + k]) for k in kinds),
        x_title=t["axis_score"],
    )
