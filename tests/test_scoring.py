"""Tests of the scores: hand-worked values, input errors, and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sonla_forecast.errors import InputError
from sonla_forecast.scoring import (
    brier_score,
    interval_coverage,
    log_score,
    pinball_loss,
    reliability_table,
)

# --- hand-worked values ----------------------------------------------------------------------


def test_brier_hand_worked() -> None:
    # (0.7 - 1)^2 = 0.09, (0.4 - 0)^2 = 0.16, (1 - 1)^2 = 0, (0.5 - 0)^2 = 0.25;
    # mean = 0.5 / 4 = 0.125.
    assert brier_score([0.7, 0.4, 1.0, 0.5], [1, 0, 1, 0]) == pytest.approx(0.125, abs=1e-15)


def test_brier_perfect_and_worst() -> None:
    assert brier_score([1.0, 0.0, 1.0], [True, False, True]) == 0.0
    assert brier_score([0.0, 1.0], [1, 0]) == 1.0


def test_log_score_hand_worked() -> None:
    # -(log 0.8 + log(1 - 0.3)) / 2 = -(-0.22314355 - 0.35667494) / 2 = 0.28990925
    assert log_score([0.8, 0.3], [1, 0]) == pytest.approx(0.28990925, abs=1e-8)


def test_log_score_clipping() -> None:
    # A confident miss costs -log(eps): -log(1e-6) = 13.815511;
    # with eps = 0.01, -log(0.01) = 4.605170.
    assert log_score([0.0], [1]) == pytest.approx(13.815511, abs=1e-6)
    assert log_score([1.0], [0], eps=0.01) == pytest.approx(4.605170, abs=1e-6)
    # A confident hit costs -log(1 - eps) ~ eps.
    assert log_score([1.0], [1]) == pytest.approx(1e-6, rel=1e-5)


def test_pinball_hand_worked() -> None:
    # y = 10, quantiles (8, 10, 13) at (0.1, 0.5, 0.9):
    #   tau=0.1, u = 2  -> 0.1 * 2 = 0.2
    #   tau=0.5, u = 0  -> 0
    #   tau=0.9, u = -3 -> (0.9 - 1) * -3 = 0.3
    # y = 0, quantiles (1, 2, 3): u = -1, -2, -3 -> 0.9, 1.0, 0.3
    # mean over 6 = (0.2 + 0 + 0.3 + 0.9 + 1.0 + 0.3) / 6 = 2.7 / 6 = 0.45
    q = [[8.0, 10.0, 13.0], [1.0, 2.0, 3.0]]
    assert pinball_loss([10.0, 0.0], q, [0.1, 0.5, 0.9]) == pytest.approx(0.45, abs=1e-12)


def test_pinball_perfect_is_zero() -> None:
    y = np.array([1.0, 2.0])
    assert pinball_loss(y, np.column_stack([y, y]), [0.2, 0.7]) == 0.0


def test_coverage_hand_worked() -> None:
    # inside: 1 in [0, 2] yes, 5 in [0, 4] no, 3 in [3, 4] yes (closed), 2 in [2.5, 3] no -> 2/4
    assert (
        interval_coverage([1.0, 5.0, 3.0, 2.0], [0.0, 0.0, 3.0, 2.5], [2.0, 4.0, 4.0, 3.0]) == 0.5
    )


def test_reliability_table_hand_worked() -> None:
    # bins of width 0.25: [0, .25): 0.1, 0.2 -> mean 0.15, events 0, 1 -> 0.5
    #                     [.25, .5): empty; [.5, .75): 0.6 -> 1.0;
    #                     [.75, 1]: 1.0, 0.8 -> mean 0.9, events 1, 1 -> 1.0
    t = reliability_table([0.1, 0.2, 0.6, 1.0, 0.8], [0, 1, 1, 1, 1], bins=4)
    np.testing.assert_allclose(t["bin_lower"], [0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(t["bin_upper"], [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_array_equal(t["n"], [2, 0, 1, 2])
    np.testing.assert_allclose(t["mean_predicted"], [0.15, np.nan, 0.6, 0.9])
    np.testing.assert_allclose(t["observed_frequency"], [0.5, np.nan, 1.0, 1.0])


# --- input errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: brier_score([0.5, 1.2], [1, 0]),
            r"prob must be probabilities in \[0, 1\], got 1.2 at position 1",
        ),
        (lambda: brier_score([0.5, np.nan], [1, 0]), r"prob must be finite, got nan at position 1"),
        (lambda: brier_score([0.5], [2]), r"outcome must be 0/1"),
        (lambda: brier_score([0.5, 0.5], [1]), r"same shape"),
        (lambda: brier_score([], []), r"prob is empty"),
        (lambda: brier_score(["a"], [1]), r"prob must be numeric"),
        (lambda: log_score([0.5], [1], eps=0.0), r"eps must be a number in \(0, 0.5\)"),
        (lambda: log_score([0.5], [1], eps=True), r"eps must be a number in \(0, 0.5\)"),
        (lambda: pinball_loss([1.0], [[1.0, 2.0]], [0.5]), r"quantiles must have shape"),
        (lambda: pinball_loss([1.0], [[1.0]], [1.0]), r"probs must be in \(0, 1\)"),
        (lambda: interval_coverage([1.0], [2.0], [1.0]), r"lower must be <= upper"),
        (lambda: interval_coverage([1.0, 2.0], [0.0], [3.0]), r"same shape"),
        (lambda: reliability_table([0.5], [1], bins=0), r"bins must be a positive integer"),
    ],
)
def test_input_errors(call: object, match: str) -> None:
    with pytest.raises(InputError, match=match):
        call()  # type: ignore[operator]


def test_input_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        brier_score([-0.1], [0])


# --- properties ------------------------------------------------------------------------------

probs_and_outcomes = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)),
        hnp.arrays(np.bool_, n),
    )
)


@given(probs_and_outcomes)
def test_brier_is_the_mean_squared_error(po: tuple[np.ndarray, np.ndarray]) -> None:
    p, o = po
    by_hand = sum((pi - float(oi)) ** 2 for pi, oi in zip(p, o, strict=True)) / len(p)
    assert brier_score(p, o) == pytest.approx(by_hand, rel=1e-12, abs=1e-15)
    # Forecasting the outcome itself is perfect.
    assert brier_score(o.astype(float), o) == 0.0


@given(probs_and_outcomes)
def test_log_score_nonnegative_and_finite(po: tuple[np.ndarray, np.ndarray]) -> None:
    s = log_score(*po)
    assert np.isfinite(s) and s >= 0.0


@given(
    st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, n, elements=st.floats(-1e6, 1e6)),
            hnp.arrays(np.float64, (n, 3), elements=st.floats(-1e6, 1e6)),
        )
    )
)
def test_pinball_is_the_mean_check_loss(yq: tuple[np.ndarray, np.ndarray]) -> None:
    y, q = yq
    q = np.sort(q, axis=1)
    taus = [0.1, 0.5, 0.9]
    # rho_tau(u) = u * (tau - [u < 0]), u = y - q, averaged over outcomes and quantiles
    by_hand = np.mean([[(yi - qi) * (tau - (yi < qi)) for qi, tau in zip(row, taus, strict=True)]
                       for yi, row in zip(y, q, strict=True)])
    loss = pinball_loss(y, q, taus)
    assert loss >= 0.0
    assert loss == pytest.approx(by_hand, rel=1e-9, abs=1e-9)


@given(
    st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, n, elements=st.floats(-1e6, 1e6)),
            hnp.arrays(np.float64, (n, 2), elements=st.floats(-1e6, 1e6)),
        )
    )
)
def test_coverage_is_the_share_inside_the_closed_interval(
    yb: tuple[np.ndarray, np.ndarray]
) -> None:
    y, b = yb
    b = np.sort(b, axis=1)
    c = interval_coverage(y, b[:, 0], b[:, 1])
    inside = sum(lo <= v <= hi for v, lo, hi in zip(y, b[:, 0], b[:, 1], strict=True))
    assert c == inside / len(y)


def test_coverage_includes_both_ends() -> None:
    assert interval_coverage([4.0, 3.0], [3.0, 3.0], [4.0, 4.0]) == 1.0


def test_scores_refuse_outcomes_other_than_0_and_1_and_an_eps_of_a_half() -> None:
    with pytest.raises(InputError, match="outcome must be 0/1"):
        brier_score([0.5], [0.5])
    with pytest.raises(InputError, match="eps must be"):
        log_score([0.9], [1], eps=0.5)


def test_log_score_of_a_small_probability_is_exact() -> None:
    # -ln(1 - 1e-6) = 1e-6 + 1e-12 / 2 + 1e-18 / 3 + ...: log1p keeps it, log(1 - p) would not.
    assert log_score([1e-6], [0]) == pytest.approx(1.0000005000003333e-06, rel=1e-12, abs=0)


def test_pinball_with_one_quantile_for_several_outcomes() -> None:
    # u = -1 and +1 at tau = 0.5: 0.5 each
    assert pinball_loss([1.0, 3.0], [2.0, 2.0], [0.5]) == pytest.approx(0.5)


@given(probs_and_outcomes, st.integers(1, 12))
def test_reliability_counts_add_up(po: tuple[np.ndarray, np.ndarray], bins: int) -> None:
    p, o = po
    t = reliability_table(p, o, bins=bins)
    assert int(t["n"].sum()) == p.size
    filled = t["n"] > 0
    assert not np.isnan(t["mean_predicted"][filled]).any()
    assert (t["mean_predicted"][filled] >= t["bin_lower"][filled] - 1e-12).all()


@pytest.mark.parametrize("bins", [3, 10, 20])
def test_reliability_bin_edges_are_exact_fractions(bins: int) -> None:
    # Printed in JSON and pages: 0.6, not linspace's 0.6000000000000001.
    t = reliability_table([0.5], [1.0], bins=bins)
    assert t["bin_lower"].tolist() == [k / bins for k in range(bins)]
    assert t["bin_upper"].tolist() == [k / bins for k in range(1, bins + 1)]


def test_reliability_bins_by_their_edges() -> None:
    # 0.8999999999999999 * 10 rounds to 9.0 in floats; it belongs in [0.8, 0.9).
    t = reliability_table([0.8999999999999999, 0.9, 0.2, 0.6, 1.0, 0.0],
                          [1, 0, 1, 0, 1, 0], bins=10)
    assert t["n"].tolist() == [1, 0, 1, 0, 0, 0, 1, 0, 1, 2]


def test_a_numpy_eps_is_a_number() -> None:
    # np.float32(1e-6) was refused with "eps must be in (0, 0.5)", which it is
    assert log_score([0.0], [1], eps=np.float32(1e-6)) == pytest.approx(
        log_score([0.0], [1], eps=1e-6), rel=1e-6)


@given(probs_and_outcomes, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_the_forecasts(
    po: tuple[np.ndarray, np.ndarray], rnd: object
) -> None:
    # The sums are exactly rounded, so a table read in another row order scores the same bits
    # (a plain float sum of 0.1, 0.2, 0.3 depends on the order: 0.6000000000000001 or 0.6).
    p, o = po
    perm = np.arange(len(p))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    q = np.column_stack([p, p + 1.0, p + 2.0])
    assert brier_score(p[perm], o[perm]) == brier_score(p, o)
    assert log_score(p[perm], o[perm]) == log_score(p, o)
    assert pinball_loss(p[perm], q[perm], [0.1, 0.5, 0.9]) == pinball_loss(p, q, [0.1, 0.5, 0.9])
    assert interval_coverage(p[perm], p[perm] - 0.5, p[perm] + 0.5) == 1.0
    a, b = reliability_table(p[perm], o[perm]), reliability_table(p, o)
    np.testing.assert_array_equal(a["mean_predicted"], b["mean_predicted"])
    np.testing.assert_array_equal(a["observed_frequency"], b["observed_frequency"])


def test_brier_of_three_forecasts_in_two_orders() -> None:
    # A plain float mean gives 0.36666666666666664 in one order and 0.3666666666666667 in the
    # other; the exactly rounded sum gives one value both ways.
    p, o = np.array([0.6, 0.7, 0.5]), np.zeros(3)
    assert brier_score(p, o) == brier_score(p[::-1], o) == math.fsum((p * p).tolist()) / 3


def test_a_loss_beyond_the_largest_float_is_inf_not_an_overflow_error() -> None:
    # the exactly rounded sum raises OverflowError where numpy's sum is inf
    with np.errstate(over="ignore"):
        assert pinball_loss([1e308, 1e308], [[-1e307], [-1e307]], [0.9]) == math.inf
