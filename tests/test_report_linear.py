"""The per-question group work is linear: scores are counted into buckets (they are whole points,
or points times the partial-credit scale), never sorted; a step counter shows it at n and 4n."""

from __future__ import annotations

import numpy as np
import pytest

from generator.tools.report import items as ia


def _matrix(n: int, partial: bool = False) -> np.ndarray:
    rng = np.random.default_rng(n)
    scores = (rng.random((n, 24)) < rng.random(24)).astype(float)
    if partial:
        scores[rng.random((n, 24)) < 0.2] = 0.5  # half credit: rest scores in halves
    scores[rng.random((n, 24)) < 0.1] = np.nan  # not shown
    return scores


def _steps(n: int, partial: bool = False) -> int:
    ia.STEPS[0] = 0
    ia.figures(_matrix(n, partial), np.ones(24), units=2 if partial else 1)
    return ia.STEPS[0]


@pytest.mark.parametrize("partial", [False, True])
def test_the_group_work_grows_linearly_with_the_attempts(partial: bool) -> None:
    small, large = _steps(5_000, partial), _steps(20_000, partial)
    assert small > 0
    assert large / small <= 4.4  # n log n would be 4 x log(20,000) / log(5,000) = 4.65


def test_no_sort_per_question(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("sort", "argsort", "unique", "lexsort"):
        real = getattr(np, name)

        def counted(*args, _name=name, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(np, name, counted)
    ia.figures(_matrix(2_000, partial=True), np.ones(24), units=2)
    assert calls == []


def test_counting_gives_the_same_figures_as_sorting() -> None:
    scores = _matrix(3_000, partial=True)
    counted = ia.figures(scores, np.ones(24), units=2)
    sorted_ = ia.figures(scores, np.ones(24), units=1)  # halves are not whole: the sorting path
    for name in ("upper_lower", "efficiency", "discrimination"):
        assert np.array_equal(getattr(counted, name), getattr(sorted_, name), equal_nan=True)
    up, low = ia.group_weights(np.array([0, 0, 1, 1, 1, 2, 3, 3, 3, 3], float))
    up2, low2 = ia._group_weights_sorted(np.array([0, 0, 1, 1, 1, 2, 3, 3, 3, 3], float), 2.7)
    assert np.array_equal(up, up2) and np.array_equal(low, low2)
