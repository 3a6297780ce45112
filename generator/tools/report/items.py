"""Item analysis as Moodle's quiz statistics define it, over a matrix of item scores.

`scores[a, q]` is the share of question q's points attempt a earned (NaN: not shown to it);
`chosen[a, q]` the options it chose, as a bit mask (option a = bit 0). Pure numpy functions;
every figure is independent of the order of the attempts (docs/report.md gives the formulas).

- Facility index: the mean share earned, per question; SD: its sample standard deviation.
- Discrimination: the correlation of the item's points with the points on the rest of the test
  (the total minus the item: the corrected item-total correlation, Moodle's discrimination index).
- Discriminative efficiency: the item-rest covariance over the largest covariance the two
  distributions allow (both sorted the same way).
- Upper-lower index: facility in the top 27 % of attempts by REST score minus in the bottom 27 %.
  Attempts tied at a cut share the cut's weight equally, so no input order can move it.
- Intended weight: the item's points over the test's; effective weight: the square root of its
  covariance with the total, over the sum of those roots (Moodle's).
- Reliability: Cronbach's alpha (KR-20 for right/wrong items) with SD, skewness and kurtosis
  (Moodle's k-statistics), error ratio sqrt(1 - alpha) and SEM = error ratio x SD. For a quiz
  that draws its questions, alpha of a drawn form from the pairwise covariances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

GROUP = 0.27
TOO_EASY = 0.90
TOO_HARD = 0.20
LOW_DISCRIMINATION = 0.20
NO_DISCRIMINATION = 0.10  # |r| below this: the item does not separate strong from weak
CHECK_KEY = -0.10  # r at or below this, and clearly below zero: the key may be wrong
MIN_ATTEMPTS = 30  # fewer attempts saw the item: "terlalu sedikit data" instead of any flag
WEAK_DISTRACTOR = 0.05  # a distractor clearly chosen by under 5 % does not work
Z = 1.96  # 95 % two-sided


@dataclass(frozen=True)
class ItemFigures:
    facility: np.ndarray
    sd: np.ndarray
    discrimination: np.ndarray  # NaN where undefined (no variance)
    efficiency: np.ndarray  # discriminative efficiency, NaN where undefined
    upper_lower: np.ndarray
    covariance: np.ndarray  # of the item's points with the total
    intended: np.ndarray  # intended weight, share of the test's points
    effective: np.ndarray  # effective weight (NaN for a negative covariance)
    options: list[np.ndarray]  # per item, per option: count, share, upper share, lower share, r with rest


# Basic steps of the group computation (elements and buckets touched), for the step-count test:
# linear in the attempts when the scores fall in few buckets, n log2 n on the sorting fallback.
STEPS = [0]
SPREAD = 4  # buckets allowed per value before the sorting fallback: keeps the work linear
TOLERANCE = 1e-4  # a value this close to a multiple of 1 / units is that multiple


def buckets(values: np.ndarray, units: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Counting instead of sorting: (bucket of each value, count per bucket, the value of each
    bucket), buckets in ascending order, when every value is a multiple of 1 / `units` (scores are
    whole points, or points times the partial-credit scale) within few buckets; else None."""
    n = len(values)
    if not n:
        return None
    scaled = values * units
    keys = np.rint(scaled)
    low, high = keys.min(), keys.max()
    if high - low > SPREAD * n + 64 or np.abs(scaled - keys).max() > TOLERANCE:
        return None
    index = (keys - low).astype(np.int64)
    counts = np.bincount(index)
    value = np.empty(len(counts))
    value[index] = values  # equal values share a bucket: any of them stands for it
    STEPS[0] += 3 * n + 3 * len(counts)
    return index, counts, value


def group_weights(values: np.ndarray, share: float = GROUP, units: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(upper, lower): each value's weight in the top and bottom `share` of `values`.

    Exactly share x n in each group; values tied at a cut share its weight equally, so the
    weights depend on the values only, never on their order. Counted by score (`buckets`), in
    linear time: the first m values from the bottom weigh min(m, share x n) together, so a
    bucket with b values below it and c in it weighs min(b + c, size) - min(b, size)."""
    n = len(values)
    if n < 2:
        return np.zeros(n), np.zeros(n)
    size = share * n
    found = buckets(values, units)
    if found is None:
        return _group_weights_sorted(values, size)
    index, counts, _ = found
    below = np.cumsum(counts) - counts
    above = n - below - counts
    used = np.maximum(counts, 1)
    lower = (np.minimum(below + counts, size) - np.minimum(below, size)) / used
    upper = (np.minimum(above + counts, size) - np.minimum(above, size)) / used
    STEPS[0] += 2 * n + 6 * len(counts)
    return upper[index], lower[index]


def _group_weights_sorted(values: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """`group_weights` for values that do not fall in few buckets: one sort, n log n."""
    n = len(values)
    STEPS[0] += n * max(1, int(np.ceil(np.log2(n))))
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    _, start, counts = np.unique(ranked, return_index=True, return_counts=True)
    tie = np.repeat(np.arange(len(start)), counts)
    below = np.cumsum(counts) - counts
    above = n - below - counts
    lower = (np.minimum(below + counts, size) - np.minimum(below, size)) / counts
    upper = (np.minimum(above + counts, size) - np.minimum(above, size)) / counts
    out_upper, out_lower = np.empty(n), np.empty(n)
    out_upper[order] = upper[tie]
    out_lower[order] = lower[tie]
    return out_upper, out_lower


def ascending(values: np.ndarray, units: int = 1) -> np.ndarray:
    """`values` sorted, by counting when they fall in few buckets (`buckets`), else by a sort."""
    found = buckets(values, units)
    if found is None:
        STEPS[0] += len(values) * max(1, int(np.ceil(np.log2(max(2, len(values))))))
        return np.sort(values)
    _, counts, value = found
    kept = counts > 0
    STEPS[0] += len(values) + len(counts)
    return np.repeat(value[kept], counts[kept])


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    denominator = np.sqrt((x * x).sum() * (y * y).sum())
    return float((x * y).sum() / denominator) if denominator > 0 else float("nan")


def _cov(x: np.ndarray, y: np.ndarray) -> float:
    return float(((x - x.mean()) * (y - y.mean())).sum() / (len(x) - 1)) if len(x) > 1 else float("nan")


def figures(
    scores: np.ndarray,
    weights: np.ndarray,
    chosen: np.ndarray | None = None,
    options: list[int] | None = None,
    units: int = 1,
) -> ItemFigures:
    """Per question figures; `weights` are the questions' points, for the total score; `chosen`
    the option masks and `options` the number of options per question, for the option figures;
    `units`: points are multiples of 1 / units (the partial-credit scale), so scores are counted
    into buckets instead of sorted."""
    shown = ~np.isnan(scores)
    w = weights.astype(np.float64)
    points = np.nan_to_num(scores, nan=0.0).astype(np.float64) * w
    possible = shown.astype(np.float64) @ w
    earned = points.sum(axis=1)
    k = scores.shape[1]
    facility, sd, discrimination, efficiency, upper_lower, covariance, intended = (
        np.full(k, np.nan) for _ in range(7)
    )
    per_option: list[np.ndarray] = []
    for q in range(k):
        seen = shown[:, q]
        item = scores[seen, q].astype(np.float64)
        rest = earned[seen] - points[seen, q]
        up, low = group_weights(rest, units=units)
        count = options[q] if options else 0
        per_option.append(
            _options(chosen[seen, q], count, rest, up, low) if chosen is not None else np.zeros((0, 5))
        )
        if not item.size:
            continue
        facility[q] = item.mean()
        intended[q] = float(np.mean(w[q] / possible[seen]))
        sd[q] = item.std(ddof=1) if item.size > 1 else 0.0
        if item.size > 1:
            discrimination[q] = _corr(item, rest)
            covariance[q] = _cov(points[seen, q], earned[seen])
            best = _cov(ascending(item, max(1, round(units * w[q]))), ascending(rest, units))
            if best > 0:
                efficiency[q] = _cov(item, rest) / best
        if up.sum() > 0 and low.sum() > 0:
            upper_lower[q] = float(item @ up / up.sum() - item @ low / low.sum())
    roots = np.sqrt(np.where(covariance > 0, covariance, 0.0))
    total = roots.sum()
    effective = np.where(covariance > 0, roots / total if total > 0 else np.nan, np.nan)
    return ItemFigures(
        facility, sd, discrimination, efficiency, upper_lower, covariance, intended, effective,
        per_option,
    )  # fmt: skip


def _options(picked: np.ndarray, count: int, rest: np.ndarray, up: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Per option: attempts choosing it, share of all, of the top and of the bottom group, and
    the correlation of choosing it with the rest score."""
    n = len(picked)
    out = np.zeros((count, 5))
    for o in range(count):
        took = ((picked >> o) & 1).astype(np.float64)
        out[o, 0] = took.sum()
        out[o, 1] = took.mean() if n else 0.0
        out[o, 2] = took @ up / up.sum() if up.sum() else 0.0
        out[o, 3] = took @ low / low.sum() if low.sum() else 0.0
        out[o, 4] = _corr(took, rest) if n > 1 else np.nan
    return out


@dataclass(frozen=True)
class TestFigures:
    """Moodle's test statistics over the attempts' totals (percent of the points shown)."""

    attempts: int
    mean: float | None
    median: float | None
    sd: float | None  # sample SD, percent points
    skewness: float | None
    kurtosis: float | None  # excess kurtosis
    alpha: float | None  # KR-20 / Cronbach's alpha; for drawn quizzes, of a drawn form
    error_ratio: float | None  # sqrt(1 - alpha)
    sem: float | None  # error ratio x SD, percent points
    alpha_if_deleted: tuple[float | None, ...] = ()


def moments(totals: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """(SD, skewness, kurtosis) as Moodle computes them: the sample SD and the k-statistics
    k3 / k2^1.5 and k4 / k2^2 (the same as pandas' `skew` and `kurt`)."""
    s = len(totals)
    if s < 2:
        return None, None, None
    d = totals - totals.mean()
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    k2 = s * m2 / (s - 1)
    sd = math.sqrt(k2)
    if k2 <= 0 or s < 3:
        return sd, None, None
    k3 = s * s * m3 / ((s - 1) * (s - 2))
    skew = k3 / k2**1.5
    if s < 4:
        return sd, skew, None
    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2**2) / ((s - 1) * (s - 2) * (s - 3))
    return sd, skew, k4 / k2**2


def test_figures(scores: np.ndarray, weights: np.ndarray, shown_per_attempt: int) -> TestFigures:
    """The test's figures over every attempt; alpha over the items' covariances.

    Every attempt shows `shown_per_attempt` of the bank's questions: when all of them, alpha is
    Cronbach's over the attempts; when fewer (a drawn quiz), alpha of a form of that many
    questions from the average item variance v and the average covariance c of the pairs of
    questions seen together: k c / (v + (k - 1) c)."""
    shown = ~np.isnan(scores)
    n, bank = scores.shape
    w = weights.astype(np.float64)
    points = np.nan_to_num(scores, nan=0.0).astype(np.float64) * w
    possible = shown.astype(np.float64) @ w
    valid = possible > 0
    totals = points[valid].sum(axis=1) / possible[valid] * 100
    if not totals.size:
        return TestFigures(0, None, None, None, None, None, None, None, None)
    sd, skew, kurt = moments(totals)
    mean, median = float(totals.mean()), float(np.median(totals))
    k = shown_per_attempt
    alpha = None
    deleted: tuple[float | None, ...] = ()
    if k >= 2 and n >= 2:
        if k >= bank:
            alpha, deleted = _alpha_complete(points[shown.all(axis=1)])
        else:
            alpha = _alpha_drawn(points, shown, k)
    error_ratio = math.sqrt(max(0.0, 1 - alpha)) if alpha is not None else None
    sem = error_ratio * sd if error_ratio is not None and sd is not None else None
    return TestFigures(int(totals.size), mean, median, sd, skew, kurt, alpha, error_ratio, sem, deleted)


def _alpha_complete(points: np.ndarray) -> tuple[float | None, tuple[float | None, ...]]:
    n, k = points.shape
    if n < 2 or k < 2:
        return None, ()
    totals = points.sum(axis=1)
    total_var = totals.var(ddof=1)
    item_var = points.var(axis=0, ddof=1)
    if total_var <= 0:
        return None, ()
    alpha = float(k / (k - 1) * (1 - item_var.sum() / total_var))
    deleted: list[float | None] = []
    for q in range(k):
        rest_var = (totals - points[:, q]).var(ddof=1)
        ok = k > 2 and rest_var > 0
        rest_alpha = (k - 1) / (k - 2) * (1 - (item_var.sum() - item_var[q]) / rest_var) if ok else None
        deleted.append(None if rest_alpha is None else float(rest_alpha))
    return alpha, tuple(deleted)


def _alpha_drawn(points: np.ndarray, shown: np.ndarray, k: int) -> float | None:
    """Alpha of a drawn form of k questions from pairwise covariances (pairs seen together)."""
    x = points
    m = shown.astype(np.float64)
    together = m.T @ m  # attempts that saw both
    products = x.T @ x
    sums = x.T @ m  # sums[i, j]: sum of item i's points over attempts that saw j too
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (products - sums * sums.T / together) / (together - 1)
    bank = x.shape[1]
    off = ~np.eye(bank, dtype=bool) & (together >= 2)
    diag = np.diag(cov)[np.diag(together) >= 2]
    if not off.any() or not diag.size:
        return None
    v = float(diag.mean())
    c = float(cov[off].mean())
    denominator = v + (k - 1) * c
    return float(k * c / denominator) if denominator > 0 else None


def wilson(count: float, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval of a share count / n: (lower, upper)."""
    if not n:
        return 0.0, 1.0
    p = min(1.0, max(0.0, count / n))
    z2 = Z * Z
    centre = p + z2 / (2 * n)
    spread = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n)


def wilson_upper(count: float, n: int) -> float:
    return wilson(count, n)[1]


# Flags that say the key itself may be wrong: such items are kept out of "most misunderstood".
KEY_SUSPECT = frozenset({"flag_check_key", "flag_top_distractor"})


def flags(
    seen: int,
    facility: float,
    discrimination: float,
    options: list[tuple[str, bool, int, float]],
) -> list[tuple[str, str]]:
    """Plain-word flags for a question: (locale key, the options it names).

    `options`: (id, correct, attempts choosing it, correlation of choosing it with the rest score).
    Below MIN_ATTEMPTS attempts the only flag is "too few data"; facility and shares are judged
    with their 95 % Wilson interval and correlations with their 95 % margin (about 1.96 /
    sqrt(n)), so a small session raises no flag by chance."""
    if seen < MIN_ATTEMPTS:
        return [("flag_few_data", "")]
    found: list[tuple[str, str]] = []
    margin = Z / math.sqrt(seen)
    low, high = wilson(facility * seen, seen)
    easy = facility > TOO_EASY
    if low > TOO_EASY:
        found.append(("flag_too_easy", ""))
    elif high < TOO_HARD:
        found.append(("flag_too_hard", ""))
    distractors = [o for o in options if not o[1]]
    top = [o[0].upper() for o in distractors if not np.isnan(o[3]) and o[3] >= 0.10 and o[3] - margin > 0]
    r = discrimination
    if not np.isnan(r) and not easy:
        if r <= CHECK_KEY and r + margin < 0:
            found.append(("flag_check_key", ""))
        elif r + margin < LOW_DISCRIMINATION and not top:
            none = abs(r) < NO_DISCRIMINATION
            found.append(("flag_no_discrimination" if none else "flag_low_discrimination", ""))
    if top:
        found.append(("flag_top_distractor", ", ".join(top)))
    weak = [o[0].upper() for o in distractors if wilson_upper(o[2], seen) < WEAK_DISTRACTOR]
    if weak:
        found.append(("flag_weak_distractor", ", ".join(weak)))
    return found
