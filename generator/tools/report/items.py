"""Item analysis as Moodle's quiz statistics define it, over a matrix of item scores.

`scores[a, q]` is the share of question q's points attempt a earned (NaN: not shown to it);
`chosen[a, q]` the options it chose, as a bit mask (option a = bit 0). Pure numpy functions.

- Facility index: the mean share earned, per question.
- Discrimination: the correlation of the item's score with the score on the rest of the test
  (the total minus the item: the corrected item-total correlation).
- Upper-lower index: facility in the top 27 % of attempts by total score minus in the bottom 27 %.
- Reliability: Cronbach's alpha, k/(k-1) (1 - sum of item variances / variance of totals), which
  is KR-20 when items are right or wrong; standard error of measurement: SD of totals x sqrt(1-alpha).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GROUP = 0.27
TOO_EASY = 0.90
TOO_HARD = 0.20
LOW_DISCRIMINATION = 0.20


@dataclass(frozen=True)
class ItemFigures:
    facility: np.ndarray
    sd: np.ndarray
    discrimination: np.ndarray  # NaN where undefined (no variance)
    upper_lower: np.ndarray
    upper: np.ndarray  # boolean mask of attempts in the top group
    lower: np.ndarray


def groups(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The top and bottom 27 % of attempts by total score (ties broken by input order)."""
    n = len(totals)
    size = max(1, round(n * GROUP)) if n >= 2 else 0
    order = np.argsort(totals, kind="stable")
    lower = np.zeros(n, bool)
    upper = np.zeros(n, bool)
    lower[order[:size]] = True
    upper[order[n - size :]] = True
    return upper, lower


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    denominator = np.sqrt((x * x).sum() * (y * y).sum())
    return float((x * y).sum() / denominator) if denominator > 0 else float("nan")


def figures(scores: np.ndarray, weights: np.ndarray) -> ItemFigures:
    """Per question figures; `weights` are the questions' points, for the total score."""
    shown = ~np.isnan(scores)
    points = np.nan_to_num(scores, nan=0.0) * weights.astype(scores.dtype)
    possible = shown.astype(scores.dtype) @ weights.astype(scores.dtype)
    totals = points.sum(axis=1, dtype=np.float64) / np.maximum(possible, 1e-12)
    upper, lower = groups(totals)
    k = scores.shape[1]
    facility = np.full(k, np.nan)
    sd = np.full(k, np.nan)
    discrimination = np.full(k, np.nan)
    upper_lower = np.full(k, np.nan)
    earned = points.sum(axis=1, dtype=np.float64)
    for q in range(k):
        seen = shown[:, q]
        if not seen.any():
            continue
        item = scores[seen, q].astype(np.float64)
        facility[q] = item.mean()
        sd[q] = item.std(ddof=1) if item.size > 1 else 0.0
        rest = earned[seen] - points[seen, q].astype(np.float64)
        discrimination[q] = _corr(item, rest) if item.size > 1 else np.nan
        up, low = seen & upper, seen & lower
        if up.any() and low.any():
            upper_lower[q] = (
                scores[up, q].astype(np.float64).mean() - scores[low, q].astype(np.float64).mean()
            )
    return ItemFigures(facility, sd, discrimination, upper_lower, upper, lower)


def reliability(scores: np.ndarray, weights: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """(alpha, SD of totals in percent points, SEM in percent points), over attempts that saw every item."""
    complete = scores[~np.isnan(scores).any(axis=1)].astype(np.float64)
    n, k = complete.shape
    if n < 2 or k < 2:
        return None, None, None
    points = complete * weights
    totals = points.sum(axis=1)
    total_var = totals.var(ddof=1)
    scale = 100 / weights.sum()
    sd = float(np.sqrt(total_var) * scale)
    if total_var <= 0:
        return None, sd, None
    alpha = float(k / (k - 1) * (1 - points.var(axis=0, ddof=1).sum() / total_var))
    sem = float(np.sqrt(total_var * max(0.0, 1 - alpha)) * scale)
    return alpha, sd, sem


def option_shares(chosen: np.ndarray, seen: np.ndarray, options: int, mask: np.ndarray) -> np.ndarray:
    """Share of the attempts in `mask` (among those that saw the question) choosing each option."""
    rows = seen & mask
    count = rows.sum()
    if not count:
        return np.zeros(options)
    picked = chosen[rows]
    return np.array([((picked >> o) & 1).sum() / count for o in range(options)])


def flags(
    facility: float, discrimination: float, options: list[tuple[str, bool, int, float, float]]
) -> list[tuple[str, str]]:
    """Plain-word flags for a question: (locale key, the options it names)."""
    found: list[tuple[str, str]] = []
    if facility > TOO_EASY:
        found.append(("flag_too_easy", ""))
    elif facility < TOO_HARD:
        found.append(("flag_too_hard", ""))
    if not np.isnan(discrimination):
        if discrimination < 0:
            found.append(("flag_check_key", ""))
        elif discrimination < LOW_DISCRIMINATION:
            found.append(("flag_low_discrimination", ""))
    distractors = [o for o in options if not o[1]]
    dead = [o[0].upper() for o in distractors if o[2] == 0]
    if dead:
        found.append(("flag_dead_distractor", ", ".join(dead)))
    top = [o[0].upper() for o in distractors if o[3] > o[4]]
    if top:
        found.append(("flag_top_distractor", ", ".join(top)))
    return found
