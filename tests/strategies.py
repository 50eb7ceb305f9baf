"""Hypothesis strategies shared by the test modules (``from strategies import ...``).

Magnitudes follow the indicators of a provincial plan: from shares of a thousandth to
budget figures in the millions (billion VND, thousand visitors), i.e. 1e-3 to 1e7. Positive
magnitudes are drawn log-uniformly so that every order of magnitude is exercised equally
(a plain ``st.floats(1e-3, 1e7)`` spends almost all examples above 1e5).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

#: Range of the indicators' magnitudes, in their own units.
MIN_MAGNITUDE = 1e-3
MAX_MAGNITUDE = 1e7


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Positive floats spread evenly over the decades between ``lo`` and ``hi``."""
    return st.floats(np.log10(lo), np.log10(hi)).map(lambda e: min(max(10.0**e, lo), hi))


#: A positive baseline or target, 1e-3 .. 1e7.
positive = log_uniform(MIN_MAGNITUDE, MAX_MAGNITUDE)
baselines = positive
targets = positive

#: A change of unit (thousand -> million, VND -> billion VND, ...): 1e-3 .. 1e3.
unit_factors = log_uniform(1e-3, 1e3)

#: Whole-year horizons, as in a resolution (one-year plans to a 30-year vision).
horizons = st.integers(1, 30)
#: Fractional horizons >= 1 (the functions accept them; e.g. a mid-year baseline).
fractional_horizons = st.floats(1.0, 30.0)

#: A percentage strictly inside (0, 100), no closer to the bounds than the smallest magnitude
#: (1e-3): a "percentage" of 1e-300 is not an indicator value, and dividing by it overflows.
percentages = st.floats(MIN_MAGNITUDE, 100.0 - MIN_MAGNITUDE)

#: Directions with a fixed sign of progress.
directions = st.sampled_from(["higher", "lower"])

#: Signed change per year in an indicator's unit (zero included, to reach "met"/"flat").
changes_per_year = st.one_of(
    st.just(0.0),
    log_uniform(MIN_MAGNITUDE, MAX_MAGNITUDE),
    log_uniform(MIN_MAGNITUDE, MAX_MAGNITUDE).map(lambda x: -x),
)

#: A compound annual growth rate as a fraction: -50% .. +100% a year.
annual_rates = st.floats(-0.5, 1.0)

#: A nonzero annual growth rate, |r| >= 0.1%, so that b (1 + r)^h differs from b clearly.
nonzero_annual_rates = st.one_of(st.floats(-0.5, -1e-3), st.floats(1e-3, 1.0))

#: Start years of a window.
start_years = st.integers(1990, 2025)


@st.composite
def baseline_target_pairs(draw: st.DrawFn, distinct: bool = False) -> tuple[float, float]:
    """A (baseline, target) pair, independent magnitudes; ``distinct`` forbids equality."""
    b = draw(baselines)
    t = draw(targets)
    if distinct and t == b:
        t = b * 1.5
    return b, t


def same_length_lists(*elements: st.SearchStrategy, min_size: int = 1, max_size: int = 8):
    """Tuples of lists of equal length, one list per element strategy (for vectorised calls)."""

    @st.composite
    def _draw(draw: st.DrawFn) -> tuple[list, ...]:
        n = draw(st.integers(min_size, max_size))
        return tuple(draw(st.lists(e, min_size=n, max_size=n)) for e in elements)

    return _draw()
