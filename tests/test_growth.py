"""Property tests for :mod:`sonla_forecast.growth`.

Every public function of ``growth`` is covered by identities that must hold for all inputs in
its domain (hypothesis), by its documented cut points, by vectorised-versus-scalar agreement,
and by the errors it raises outside its domain.

Tolerances. All functions are one to three IEEE-754 operations (division, subtraction, pow),
each exact to half an ulp (relative 1.1e-16). ``REL = 1e-12`` leaves three to four orders of
magnitude of slack over that and still catches any formula error, which shows up at 1e-3 or
more. Where an operation subtracts nearly equal numbers, the error is bounded relative to the
*inputs*, not the result, and the tolerance below says so where it is used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sonla_forecast import growth
from sonla_forecast.errors import InputError
from sonla_forecast.growth import (
    FEASIBILITY_REASONS,
    annual_rate,
    direction_sign,
    escap_anticipated_progress,
    escap_verdict,
    eurostat_ratio,
    eurostat_verdict,
    feasibility_ratio,
    historical_annual_rate,
    historical_change_per_year,
    ratio_to_previous,
    relative_change,
    required_change,
    required_change_per_year,
    unsd_progress_ratio,
    unsd_verdict,
)
from strategies import (
    annual_rates,
    baseline_target_pairs,
    baselines,
    changes_per_year,
    directions,
    fractional_horizons,
    horizons,
    nonzero_annual_rates,
    percentages,
    positive,
    same_length_lists,
    start_years,
    targets,
    unit_factors,
)

EPS = float(np.finfo(np.float64).eps)  # 2.2e-16, one ulp at 1.0
# See the module docstring: a few roundings of 1.1e-16 each, with three orders of slack.
REL = 1e-12


def close(x: float, y: float, rel: float = REL, abs_: float = 0.0) -> bool:
    return math.isclose(x, y, rel_tol=rel, abs_tol=abs_)


def close_rate(x: float, y: float) -> bool:
    """Compare growth fractions r: their natural scale is the growth factor 1 + r.

    A rate is computed as ``g - 1`` from a growth factor ``g`` exact to a few ulps, so its
    absolute error is a few ulps of ``max(1, g)``, not of ``r`` (``r`` near 0 has almost no
    significant digits left). Hence an absolute tolerance of REL * (1 + |r|).
    """
    return abs(x - y) <= REL * (1.0 + max(abs(x), abs(y)))


def test_every_public_function_has_a_test_here() -> None:
    # Guards against a function added to growth.__all__ without properties in this file.
    import pathlib

    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    untested = [
        name
        for name in growth.__all__
        if callable(getattr(growth, name)) and f"{name}(" not in source.replace("growth.", "")
    ]
    assert untested == []


# --------------------------------------------------------------------------------------------
# direction_sign
# --------------------------------------------------------------------------------------------


def test_direction_sign_values() -> None:
    assert direction_sign("higher") == 1.0
    assert direction_sign("lower") == -1.0
    assert isinstance(direction_sign("higher"), float)
    np.testing.assert_array_equal(
        direction_sign([["higher", "lower"], ["lower", "lower"]]), [[1.0, -1.0], [-1.0, -1.0]]
    )


@pytest.mark.parametrize("bad", ["band", "up", "Higher", "", None, 1])
def test_direction_sign_unknown_direction_names_argument(bad: object) -> None:
    with pytest.raises(InputError, match=r"column 'direction'.*expected 'higher' or 'lower'"):
        direction_sign(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# required_change, required_change_per_year
# --------------------------------------------------------------------------------------------


@given(baseline_target_pairs(), unit_factors)
def test_required_change_scales_with_the_unit(bt: tuple[float, float], c: float) -> None:
    b, t = bt
    got = required_change(c * b, c * t)
    # T - b can cancel: the error of c*T - c*b is a few ulps of the *inputs* c*max(|b|, |T|),
    # not of the (possibly tiny) difference, so the tolerance is relative to the inputs.
    assert abs(got - c * required_change(b, t)) <= 8 * EPS * c * max(abs(b), abs(t))


@given(baseline_target_pairs())
def test_required_change_is_antisymmetric(bt: tuple[float, float]) -> None:
    b, t = bt
    # fl(T - b) == -fl(b - T) exactly in IEEE arithmetic.
    assert required_change(b, t) == -required_change(t, b)
    assert required_change(b, b) == 0.0


@given(baseline_target_pairs(), fractional_horizons)
def test_required_change_per_year_times_h_is_required_change(
    bt: tuple[float, float], h: float
) -> None:
    b, t = bt
    assert close(required_change_per_year(b, t, h) * h, required_change(b, t))


@given(baseline_target_pairs(), horizons, unit_factors)
def test_required_change_per_year_scales_with_the_unit(
    bt: tuple[float, float], h: int, c: float
) -> None:
    b, t = bt
    got = required_change_per_year(c * b, c * t, h)
    # Cancellation in T - b, as in test_required_change_scales_with_the_unit.
    assert abs(got - c * required_change_per_year(b, t, h)) <= 8 * EPS * c * max(b, t) / h


@given(percentages, percentages)
def test_pp_and_relative_change_agree_for_percent_units(b: float, t: float) -> None:
    # For a % indicator: change in pp == baseline * relative change.
    assert abs(required_change(b, t) - b * relative_change(b, t)) <= 8 * EPS * max(b, t)


# --------------------------------------------------------------------------------------------
# relative_change, annual_rate
# --------------------------------------------------------------------------------------------


def compounding_tolerance(b: float, t: float, h: float) -> float:
    """Relative error bound of b * (1 + annual_rate(b, T, h))**h as an estimate of T.

    Rates are fractions, so a growth factor passes through "- 1" and "+ 1", and each pass
    loses *absolute* precision eps, i.e. *relative* precision eps / factor:

    - inside annual_rate, 1 + relative_change(b, T) rebuilds T / b: relative error eps * b / T;
    - the test adds 1 back to r to get g = (T / b)^(1/h): relative error eps / g, which the
      h-th power multiplies by h.

    Both are large only when the target is orders of magnitude below the baseline (T / b =
    1e-10 gives ~1e-6); for realistic plans (T / b within 0.01 .. 100) the bound is < 1e-13.
    16 eps per term covers the remaining roundings (division, pow, multiplication by b).
    """
    g = (t / b) ** (1.0 / h)
    return 16 * EPS * (b / t + h * (1.0 + 1.0 / g))


@given(baseline_target_pairs(), horizons)
def test_compounding_the_annual_rate_reproduces_the_target(bt: tuple[float, float], h: int) -> None:
    b, t = bt
    r = annual_rate(b, t, h)
    assert close(b * (1.0 + r) ** h, t, rel=compounding_tolerance(b, t, h))


@given(baseline_target_pairs(), fractional_horizons)
def test_compounding_holds_for_fractional_horizons(bt: tuple[float, float], h: float) -> None:
    b, t = bt
    r = annual_rate(b, t, h)
    assert close(b * (1.0 + r) ** h, t, rel=compounding_tolerance(b, t, h))


@given(baseline_target_pairs())
def test_annual_rate_over_one_year_is_the_relative_change(bt: tuple[float, float]) -> None:
    b, t = bt
    assert close_rate(annual_rate(b, t, 1), relative_change(b, t))


@given(baseline_target_pairs(), horizons)
def test_annual_rate_has_the_sign_of_the_change(bt: tuple[float, float], h: int) -> None:
    b, t = bt
    r = annual_rate(b, t, h)
    assert r * (t - b) >= 0  # never the wrong sign
    # A change below ~h ulps of 1 vanishes in (T / b)^(1/h) - 1; anything larger must show.
    if abs(t / b - 1.0) > 1e-12:
        assert np.sign(r) == np.sign(t - b)
    assert r >= -1.0


@given(positive, horizons)
def test_no_change_needs_zero_growth(b: float, h: int) -> None:
    assert relative_change(b, b) == 0.0  # b / b == 1 exactly
    assert annual_rate(b, b, h) == 0.0
    assert required_change_per_year(b, b, h) == 0.0


@given(baselines, horizons)
def test_target_zero_is_allowed_and_means_minus_100_percent(b: float, h: int) -> None:
    assert relative_change(b, 0.0) == -1.0
    assert annual_rate(b, 0.0, h) == -1.0


@given(baseline_target_pairs(), unit_factors, horizons)
def test_rates_do_not_depend_on_the_unit(bt: tuple[float, float], c: float, h: int) -> None:
    b, t = bt
    # c*T / (c*b) differs from T / b by at most ~2 roundings of the scaled inputs.
    assert close_rate(relative_change(c * b, c * t), relative_change(b, t))
    assert close_rate(annual_rate(c * b, c * t, h), annual_rate(b, t, h))
    assert close(ratio_to_previous(c * t, c * b), ratio_to_previous(t, b))


# --------------------------------------------------------------------------------------------
# ratio_to_previous
# --------------------------------------------------------------------------------------------


@given(positive)
def test_ratio_of_a_value_to_itself_is_100(x: float) -> None:
    # 100 * (x / x): the quotient is exactly 1, so the ratio is exactly 100 ((100 * x) / x
    # would land an ulp off for about 12% of values, 90.18 among them).
    assert ratio_to_previous(x, x) == 100.0
    assert ratio_to_previous(90.18, 90.18) == 100.0


def test_annual_rate_keeps_its_precision_for_a_tiny_ratio() -> None:
    # (1e-17)^(1/2) = 10^-8.5; computed as (1 + (ratio - 1))^(1/h) it would be 0 (r = -1).
    assert 1.0 + annual_rate(1.0, 1e-17, 2) == pytest.approx(10**-8.5, rel=1e-6, abs=0)


@pytest.mark.parametrize(("b", "t", "h"), [(1e6, 1e6 + 1, 10), (4100.0, 4100.01, 3),
                                            (97.0, 96.999, 7), (1.0, 1.3, 2)])
def test_annual_rate_keeps_its_precision_near_the_baseline(b: float, t: float, h: int) -> None:
    # T/b rounded to a float keeps few digits of a change of 1e-6; the exact rate from
    # Decimal arithmetic on the same two floats.
    from decimal import Decimal, getcontext

    getcontext().prec = 50
    exact = float((Decimal(t) / Decimal(b)) ** (Decimal(1) / Decimal(h)) - 1)
    assert annual_rate(b, t, h) == pytest.approx(exact, rel=1e-13, abs=0)


def test_a_negative_last_value_names_the_window() -> None:
    with pytest.raises(InputError, match="last value of the window") as err:
        historical_annual_rate([5.0, -1.0], [2023, 2024])
    assert err.value.column == "values"


@given(positive, positive, positive)
def test_chaining_two_periods_multiplies_their_ratios(a: float, b: float, c: float) -> None:
    whole = ratio_to_previous(c, a) / 100.0
    chained = ratio_to_previous(c, b) / 100.0 * (ratio_to_previous(b, a) / 100.0)
    assert close(whole, chained)


@given(positive, positive)
def test_ratio_to_previous_is_100_times_one_plus_the_relative_change(
    cur: float, prev: float
) -> None:
    # Same quotient cur / prev; the relative change goes through "- 1" and back, so compare
    # on the scale of the ratio itself (see close_rate).
    assert close_rate(ratio_to_previous(cur, prev) / 100.0, 1.0 + relative_change(prev, cur))


def test_ratio_to_previous_allows_a_zero_current_value() -> None:
    # Only the previous value must be positive; a current value of 0 is a 100% fall.
    assert ratio_to_previous(0.0, 5.0) == 0.0


# --------------------------------------------------------------------------------------------
# historical_change_per_year, historical_annual_rate
# --------------------------------------------------------------------------------------------


@given(baseline_target_pairs(), start_years, horizons)
def test_history_over_two_points_equals_the_required_functions(
    bt: tuple[float, float], y0: int, h: int
) -> None:
    b, t = bt
    years = [y0, y0 + h]
    assert close(historical_change_per_year([b, t], years), required_change_per_year(b, t, h))
    assert close_rate(historical_annual_rate([b, t], years), annual_rate(b, t, h))
    assert isinstance(historical_change_per_year([b, t], years), float)
    assert isinstance(historical_annual_rate([b, t], years), float)


@given(
    baseline_target_pairs(),
    st.lists(positive, min_size=0, max_size=6),
    start_years,
    st.integers(1, 4),
)
def test_history_uses_only_the_endpoints(
    bt: tuple[float, float], middle: list[float], y0: int, step: int
) -> None:
    b, t = bt
    values = [b, *middle, t]
    years = [y0 + step * i for i in range(len(values))]
    h = years[-1] - years[0]
    assert close(historical_change_per_year(values, years), required_change_per_year(b, t, h))
    assert close_rate(historical_annual_rate(values, years), annual_rate(b, t, h))


def test_history_allows_gaps_between_years() -> None:
    # 49 (2020) -> 74 (2024): 4 years, whatever happened in 2021-2023.
    assert historical_change_per_year([49, 74], [2020, 2024]) == 25 / 4
    assert close(historical_annual_rate([49, 74], [2020, 2024]), (74 / 49) ** 0.25 - 1)


@given(baseline_target_pairs(), start_years, horizons, unit_factors)
def test_history_and_units(bt: tuple[float, float], y0: int, h: int, c: float) -> None:
    b, t = bt
    years = [y0, y0 + h]
    got = historical_change_per_year([c * b, c * t], years)
    # Cancellation in x_last - x_first: tolerance relative to the inputs (see above).
    assert abs(got - c * historical_change_per_year([b, t], years)) <= 8 * EPS * c * max(b, t)
    assert close_rate(
        historical_annual_rate([c * b, c * t], years), historical_annual_rate([b, t], years)
    )


# --------------------------------------------------------------------------------------------
# feasibility_ratio
# --------------------------------------------------------------------------------------------


def same_result(x: tuple[float, str], y: tuple[float, str]) -> bool:
    """Equal ratio (NaN equal to NaN) and equal reason."""
    (rx, sx), (ry, sy) = x, y
    return sx == sy and (rx == ry or (math.isnan(rx) and math.isnan(ry)))


@given(changes_per_year, changes_per_year)
def test_feasibility_lower_mirrors_higher(req: float, hist: float) -> None:
    # Negation is exact, so the two calls see bit-identical progress: compare exactly.
    assert same_result(
        feasibility_ratio(-req, -hist, "lower"), feasibility_ratio(req, hist, "higher")
    )


@given(baseline_target_pairs(), changes_per_year, horizons)
def test_feasibility_of_a_lower_indicator_mirrors_the_negated_higher_one(
    bt: tuple[float, float], hist: float, h: int
) -> None:
    # End to end: a 'lower' indicator b -> T is the 'higher' indicator -b -> -T.
    b, t = bt
    lower = feasibility_ratio(required_change_per_year(b, t, h), hist, "lower")
    higher = feasibility_ratio(required_change_per_year(-b, -t, h), -hist, "higher")
    assert same_result(lower, higher)


@given(baseline_target_pairs(), changes_per_year, horizons, directions)
def test_a_target_already_met_needs_no_growth(
    bt: tuple[float, float], hist: float, h: int, direction: str
) -> None:
    b, t = bt
    # Make the target "already met" in the given direction.
    lo, hi = min(b, t), max(b, t)
    baseline, target = (hi, lo) if direction == "higher" else (lo, hi)
    req = required_change_per_year(baseline, target, h)
    assert feasibility_ratio(req, hist, direction) == (0.0, "met")


@given(changes_per_year, changes_per_year, directions)
def test_feasibility_cases(req: float, hist: float, direction: str) -> None:
    s = 1.0 if direction == "higher" else -1.0
    ratio, reason = feasibility_ratio(req, hist, direction)
    assert reason in FEASIBILITY_REASONS
    q, a = s * req, s * hist
    if q <= 0:
        assert (ratio, reason) == (0.0, "met")
    elif a > 0:
        assert reason == ""
        assert ratio > 0
        assert close(ratio, q / a)
    elif a == 0:
        assert math.isnan(ratio) and reason == "flat"
    else:
        assert math.isnan(ratio) and reason == "wrong_way"


@given(changes_per_year.filter(lambda x: x != 0), directions)
def test_keeping_the_past_pace_has_ratio_one(pace: float, direction: str) -> None:
    ratio, reason = feasibility_ratio(pace, pace, direction)
    if (pace > 0) == (direction == "higher"):
        assert (ratio, reason) == (1.0, "")
    else:  # the pace points towards "already met"
        assert (ratio, reason) == (0.0, "met")


@given(changes_per_year, changes_per_year, directions, unit_factors)
def test_feasibility_does_not_depend_on_the_unit(
    req: float, hist: float, direction: str, c: float
) -> None:
    ratio, reason = feasibility_ratio(req, hist, direction)
    ratio_c, reason_c = feasibility_ratio(c * req, c * hist, direction)
    assert reason_c == reason
    # c*q / (c*a) vs q / a: three roundings.
    assert (math.isnan(ratio) and math.isnan(ratio_c)) or close(ratio_c, ratio)


@given(changes_per_year, changes_per_year, directions)
def test_feasibility_doubling_the_requirement_doubles_the_ratio(
    req: float, hist: float, direction: str
) -> None:
    r1, why1 = feasibility_ratio(req, hist, direction)
    r2, why2 = feasibility_ratio(2 * req, hist, direction)
    assert why1 == why2
    assert (math.isnan(r1) and math.isnan(r2)) or close(r2, 2 * r1)


# --------------------------------------------------------------------------------------------
# Eurostat, ESCAP, UNSD ratios and their verdicts
# --------------------------------------------------------------------------------------------


@given(annual_rates, nonzero_annual_rates)
def test_eurostat_ratio_is_achieved_over_required(achieved: float, required: float) -> None:
    assert close(eurostat_ratio(achieved, required), achieved / required)


@given(baseline_target_pairs(distinct=True), start_years, horizons)
def test_eurostat_ratio_is_one_when_history_grew_at_the_required_rate(
    bt: tuple[float, float], y0: int, h: int
) -> None:
    b, t = bt
    # History from b to T over h years, and a target T * (T/b) over the next h years.
    achieved = historical_annual_rate([b, t], [y0, y0 + h])
    required = annual_rate(t, t * (t / b), h)
    assume(abs(required) > 1e-9)  # the rate itself must carry significant digits
    # Both rates come from the same growth factor (T/b)^(1/h) up to a few ulps; the ratio
    # of two rates magnifies that by (1 + r) / |r|.
    tol = REL * (1 + abs(required)) / abs(required)
    assert close(eurostat_ratio(achieved, required), 1.0, rel=tol)
    assert eurostat_verdict(eurostat_ratio(achieved, required)) == "on track"


def eurostat_reference(r: float) -> str:
    # Eurostat SDG monitoring report, annex: >= 0.95 on track; [0.60, 0.95) moderate;
    # [0, 0.60) insufficient; < 0 moving away.
    if math.isnan(r):
        return ""
    if r >= 0.95:
        return "on track"
    if r >= 0.60:
        return "moderate progress"
    if r >= 0.0:
        return "insufficient progress"
    return "moving away"


def escap_reference(r: float) -> str:
    # ESCAP: APR >= 1 maintain progress; 0 < APR < 1 accelerate; APR <= 0 reverse trend.
    if math.isnan(r):
        return ""
    if r >= 1.0:
        return "maintain progress"
    if r > 0.0:
        return "accelerate"
    return "reverse trend"


def unsd_reference(r: float) -> str:
    # UNSD progress chart: >= 0.95; [0.5, 0.95); [-0.1, 0.5); < -0.1.
    if math.isnan(r):
        return ""
    if r >= 0.95:
        return "substantial progress"
    if r >= 0.5:
        return "fair progress, acceleration needed"
    if r >= -0.1:
        return "limited or no progress"
    return "deterioration"


CUTS = {
    "eurostat": (eurostat_verdict, eurostat_reference, (0.95, 0.60, 0.0)),
    "escap": (escap_verdict, escap_reference, (1.0, 0.0)),
    "unsd": (unsd_verdict, unsd_reference, (0.95, 0.5, -0.1)),
}


@pytest.mark.parametrize(
    ("verdict", "ratio", "expected"),
    [
        # Exactly at the cut points, one ulp below each (float noise: read as on the cut,
        # growth.VERDICT_DECIMALS), and 1e-8 below each.
        (eurostat_verdict, 0.95, "on track"),
        (eurostat_verdict, np.nextafter(0.95, -1), "on track"),
        (eurostat_verdict, 0.95 - 1e-8, "moderate progress"),
        (eurostat_verdict, 0.60, "moderate progress"),
        (eurostat_verdict, 0.60 - 1e-8, "insufficient progress"),
        (eurostat_verdict, 0.0, "insufficient progress"),
        (eurostat_verdict, -0.0, "insufficient progress"),
        (eurostat_verdict, np.nextafter(0.0, -1), "insufficient progress"),
        (eurostat_verdict, -1e-8, "moving away"),
        (escap_verdict, 1.0, "maintain progress"),
        (escap_verdict, np.nextafter(1.0, -1), "maintain progress"),
        (escap_verdict, 1.0 - 1e-8, "accelerate"),
        (escap_verdict, 1e-8, "accelerate"),
        (escap_verdict, np.nextafter(0.0, 1), "reverse trend"),
        (escap_verdict, 0.0, "reverse trend"),
        (escap_verdict, -0.0, "reverse trend"),
        (unsd_verdict, 0.95, "substantial progress"),
        (unsd_verdict, np.nextafter(0.95, -1), "substantial progress"),
        (unsd_verdict, 0.95 - 1e-8, "fair progress, acceleration needed"),
        (unsd_verdict, 0.5, "fair progress, acceleration needed"),
        (unsd_verdict, np.nextafter(0.5, -1), "fair progress, acceleration needed"),
        (unsd_verdict, 0.5 - 1e-8, "limited or no progress"),
        (unsd_verdict, -0.1, "limited or no progress"),
        (unsd_verdict, -0.1 - 1e-8, "deterioration"),
        (eurostat_verdict, float("inf"), "on track"),
        (unsd_verdict, float("-inf"), "deterioration"),
    ],
)
def test_verdicts_at_the_cut_points(verdict, ratio: float, expected: str) -> None:
    assert verdict(ratio) == expected


@pytest.mark.parametrize("name", sorted(CUTS))
def test_verdict_of_nan_is_empty(name: str) -> None:
    verdict, _, _ = CUTS[name]
    assert verdict(float("nan")) == ""
    assert list(verdict([float("nan"), 2.0])) == ["", verdict(2.0)]


@pytest.mark.parametrize("name", sorted(CUTS))
@given(data=st.data())
def test_verdicts_match_the_published_rules(name: str, data: st.DataObject) -> None:
    verdict, reference, cuts = CUTS[name]
    near_cut = st.sampled_from(cuts).flatmap(
        lambda c: st.sampled_from([c, np.nextafter(c, -1), np.nextafter(c, 2)])
    )
    r = data.draw(st.one_of(st.floats(-3, 3), near_cut, st.just(float("nan"))))
    # the published rules, applied to the ratio as the verdicts read it (9 decimals)
    assert verdict(r) == reference(r if math.isnan(r) else round(r, growth.VERDICT_DECIMALS))


@pytest.mark.parametrize("name", sorted(CUTS))
@given(rs=st.lists(st.floats(-3, 3, allow_nan=False) | st.just(float("nan")), max_size=8))
def test_verdicts_vectorised_agree_with_scalar(name: str, rs: list[float]) -> None:
    verdict, _, _ = CUTS[name]
    got = verdict(np.array(rs, dtype=float))
    assert isinstance(got, np.ndarray)
    assert list(got) == [verdict(r) for r in rs]


@given(baselines, nonzero_annual_rates, horizons)
def test_escap_ratio_is_one_when_the_target_is_the_trend_projection(
    b: float, r: float, h: int
) -> None:
    t = b * (1.0 + r) ** h
    assume(abs(t - b) > 1e-6 * b)  # T must differ from b by more than rounding noise
    apr = escap_anticipated_progress(b, t, r, h)
    # Numerator and denominator are the same expression up to pow()'s last ulp; the
    # subtraction of b magnifies that by b / |T - b| <= 1e6 (the assume above).
    assert close(apr, 1.0, rel=1e-9)


@given(baseline_target_pairs(distinct=True), annual_rates, horizons)
def test_escap_ratio_at_least_one_iff_the_projection_reaches_the_target(
    bt: tuple[float, float], r: float, h: int
) -> None:
    b, t = bt
    projected = b * (1.0 + r) ** h
    assume(not math.isclose(projected, t, rel_tol=1e-9))  # away from the knife edge
    assume(abs(t - b) > 1e-9 * b)
    apr = escap_anticipated_progress(b, t, r, h)
    reaches = projected >= t if t > b else projected <= t
    assert (apr >= 1.0) == reaches
    assert (escap_verdict(apr) == "maintain progress") == reaches


@given(baseline_target_pairs(distinct=True), annual_rates, horizons, unit_factors)
def test_escap_ratio_does_not_depend_on_the_unit(
    bt: tuple[float, float], r: float, h: int, c: float
) -> None:
    b, t = bt
    assume(abs(t - b) > 1e-6 * max(b, t))
    # Scaling moves b(1+r)^h - b and T - b by rounding only; relative to T - b that is
    # ~eps * max(b, T) / |T - b| <= 2e-10 under the assume.
    assert close(
        escap_anticipated_progress(c * b, c * t, r, h),
        escap_anticipated_progress(b, t, r, h),
        rel=1e-8,
        abs_=1e-12,
    )


@given(baseline_target_pairs(distinct=True), changes_per_year, horizons)
def test_unsd_ratio_is_the_reciprocal_of_the_feasibility_ratio(
    bt: tuple[float, float], achieved: float, h: int
) -> None:
    b, t = bt
    direction = "higher" if t > b else "lower"
    unsd = unsd_progress_ratio(b, t, achieved, h)
    feas, reason = feasibility_ratio(required_change_per_year(b, t, h), achieved, direction)
    if reason == "":
        # (a h) / (T - b) against ((T - b) / h) / a: a handful of roundings each.
        assert close(unsd, 1.0 / feas)
    elif reason == "flat":
        assert unsd == 0.0
    else:
        assert reason == "wrong_way"
        assert unsd < 0


@given(baseline_target_pairs(distinct=True), horizons)
def test_unsd_ratio_is_one_at_the_required_pace(bt: tuple[float, float], h: int) -> None:
    b, t = bt
    pace = required_change_per_year(b, t, h)
    assert close(unsd_progress_ratio(b, t, pace, h), 1.0)
    assert unsd_verdict(unsd_progress_ratio(b, t, pace, h)) == "substantial progress"


@given(baseline_target_pairs(distinct=True), changes_per_year, horizons, unit_factors)
def test_unsd_ratio_does_not_depend_on_the_unit(
    bt: tuple[float, float], achieved: float, h: int, c: float
) -> None:
    b, t = bt
    assume(abs(t - b) > 1e-6 * max(b, t))
    # T - b cancels: relative error ~eps * max(b, T) / |T - b| <= 2e-10 under the assume.
    assert close(
        unsd_progress_ratio(c * b, c * t, c * achieved, h),
        unsd_progress_ratio(b, t, achieved, h),
        rel=1e-8,
    )


# --------------------------------------------------------------------------------------------
# Vectorised calls agree with element-wise scalar calls
# --------------------------------------------------------------------------------------------


def assert_vector_matches_scalars(vector: np.ndarray, scalars: list[float]) -> None:
    assert isinstance(vector, np.ndarray)
    assert vector.dtype == np.float64
    assert all(isinstance(s, float) for s in scalars)
    # Same operations element by element; numpy may use SIMD loops for arrays and not for
    # 0-d inputs, which can differ in the last ulp of pow(): allow 4 ulps (and 4 ulps of 1
    # for rates near 0, see close_rate).
    np.testing.assert_allclose(vector, scalars, rtol=4 * EPS, atol=4 * EPS)


@given(same_length_lists(baselines, targets, fractional_horizons))
def test_vectorised_growth_functions_agree_with_scalar_calls(
    cols: tuple[list[float], list[float], list[float]],
) -> None:
    b, t, h = cols
    B, T, H = (np.array(x) for x in cols)
    for func, args, arrays in [
        (required_change, (b, t), (B, T)),
        (required_change_per_year, (b, t, h), (B, T, H)),
        (relative_change, (b, t), (B, T)),
        (annual_rate, (b, t, h), (B, T, H)),
        (ratio_to_previous, (t, b), (T, B)),
    ]:
        scalars = [func(*row) for row in zip(*args, strict=True)]
        assert_vector_matches_scalars(func(*arrays), scalars)
        # Shape is preserved for 2-D input too.
        two_d = func(*(a.reshape(1, -1) for a in arrays))
        assert two_d.shape == (1, len(b))


@given(
    same_length_lists(
        baselines, targets, annual_rates, changes_per_year, horizons, nonzero_annual_rates
    )
)
def test_vectorised_progress_ratios_agree_with_scalar_calls(
    cols: tuple[list[float], ...],
) -> None:
    b, t, r, a, h, rr = cols
    assume(all(bi != ti for bi, ti in zip(b, t, strict=True)))
    B, T, R, A, H, RR = (np.array(x) for x in cols)
    assert_vector_matches_scalars(
        escap_anticipated_progress(B, T, R, H),
        [escap_anticipated_progress(*row) for row in zip(b, t, r, h, strict=True)],
    )
    assert_vector_matches_scalars(
        unsd_progress_ratio(B, T, A, H),
        [unsd_progress_ratio(*row) for row in zip(b, t, a, h, strict=True)],
    )
    assert_vector_matches_scalars(
        eurostat_ratio(R, RR), [eurostat_ratio(*row) for row in zip(r, rr, strict=True)]
    )


@given(same_length_lists(changes_per_year, changes_per_year, directions))
def test_vectorised_feasibility_agrees_with_scalar_calls(
    cols: tuple[list[float], list[float], list[str]],
) -> None:
    req, hist, d = cols
    ratio, reason = feasibility_ratio(np.array(req), np.array(hist), np.array(d))
    expected = [feasibility_ratio(*row) for row in zip(req, hist, d, strict=True)]
    assert [str(x) for x in reason] == [e[1] for e in expected]
    np.testing.assert_array_equal(ratio, [e[0] for e in expected])  # NaN == NaN here
    np.testing.assert_array_equal(direction_sign(d), [direction_sign(x) for x in d])


def test_feasibility_broadcasts_a_scalar_direction() -> None:
    ratio, reason = feasibility_ratio([2.0, -1.0, 1.0, 1.0], [1.0, 1.0, 0.0, -1.0], "higher")
    np.testing.assert_array_equal(ratio, [2.0, 0.0, np.nan, np.nan])
    assert list(reason) == ["", "met", "flat", "wrong_way"]


# --------------------------------------------------------------------------------------------
# Errors: outside the domain, an InputError that names the argument
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.0, -0.0, -1.0, -1e-12])
@pytest.mark.parametrize(
    ("func", "make_args", "arg"),
    [
        (relative_change, lambda x: (x, 5.0), "baseline"),
        (annual_rate, lambda x: (x, 5.0, 3), "baseline"),
        (ratio_to_previous, lambda x: (5.0, x), "previous"),
        (escap_anticipated_progress, lambda x: (x, 5.0, 0.1, 3), "baseline"),
    ],
)
def test_non_positive_baseline_raises(func, make_args, arg: str, bad: float) -> None:
    with pytest.raises(InputError, match=rf"column '{arg}': must be > 0") as info:
        func(*make_args(bad))
    assert info.value.column == arg
    assert isinstance(info.value, ValueError)


def test_non_positive_baseline_position_is_reported_in_arrays() -> None:
    with pytest.raises(InputError, match=r"got -2 at position 1"):
        relative_change([1.0, -2.0, 0.0], [1.0, 1.0, 1.0])


@pytest.mark.parametrize("func", [relative_change, lambda b, t: annual_rate(b, t, 2)])
def test_negative_target_raises(func) -> None:
    with pytest.raises(InputError, match=r"column 'target': must be >= 0"):
        func(5.0, -1.0)


@pytest.mark.parametrize("h", [0, 0.0, 0.5, 0.999, -1, [1, 0.5]])
@pytest.mark.parametrize(
    "call",
    [
        lambda h: required_change_per_year(1.0, 2.0, h),
        lambda h: annual_rate(1.0, 2.0, h),
        lambda h: escap_anticipated_progress(1.0, 2.0, 0.1, h),
        lambda h: unsd_progress_ratio(1.0, 2.0, 0.1, h),
    ],
)
def test_horizon_below_one_year_raises(call, h: object) -> None:
    with pytest.raises(InputError, match=r"column 'years': the horizon must be at least one"):
        call(h)


NAN = float("nan")


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda: required_change(NAN, 1.0), "baseline"),
        (lambda: required_change(1.0, NAN), "target"),
        (lambda: required_change_per_year(NAN, 1.0, 1), "baseline"),
        (lambda: required_change_per_year(1.0, NAN, 1), "target"),
        (lambda: required_change_per_year(1.0, 2.0, NAN), "years"),
        (lambda: relative_change(NAN, 1.0), "baseline"),
        (lambda: relative_change(1.0, NAN), "target"),
        (lambda: annual_rate(NAN, 1.0, 1), "baseline"),
        (lambda: annual_rate(1.0, NAN, 1), "target"),
        (lambda: annual_rate(1.0, 2.0, NAN), "years"),
        (lambda: ratio_to_previous(NAN, 1.0), "current"),
        (lambda: ratio_to_previous(1.0, NAN), "previous"),
        (lambda: historical_change_per_year([1.0, NAN], [2023, 2024]), "values"),
        (lambda: historical_change_per_year([1.0, 2.0], [2023, NAN]), "years"),
        (lambda: historical_annual_rate([NAN, 2.0], [2023, 2024]), "values"),
        (lambda: historical_annual_rate([1.0, 2.0], [NAN, 2024]), "years"),
        (lambda: feasibility_ratio(NAN, 1.0, "higher"), "required_per_year"),
        (lambda: feasibility_ratio(1.0, NAN, "higher"), "historical_per_year"),
        (lambda: eurostat_ratio(NAN, 0.1), "achieved_rate"),
        (lambda: eurostat_ratio(0.1, NAN), "required_rate"),
        (lambda: escap_anticipated_progress(NAN, 2.0, 0.1, 1), "baseline"),
        (lambda: escap_anticipated_progress(1.0, NAN, 0.1, 1), "target"),
        (lambda: escap_anticipated_progress(1.0, 2.0, NAN, 1), "achieved_rate"),
        (lambda: escap_anticipated_progress(1.0, 2.0, 0.1, NAN), "years"),
        (lambda: unsd_progress_ratio(NAN, 2.0, 0.1, 1), "baseline"),
        (lambda: unsd_progress_ratio(1.0, NAN, 0.1, 1), "target"),
        (lambda: unsd_progress_ratio(1.0, 2.0, NAN, 1), "achieved_per_year"),
        (lambda: unsd_progress_ratio(1.0, 2.0, 0.1, NAN), "years"),
    ],
)
def test_nan_input_raises_naming_the_argument(call, arg: str) -> None:
    with pytest.raises(InputError, match=rf"column '{arg}': is NaN") as info:
        call()
    assert info.value.column == arg


def test_nan_position_is_reported_in_arrays() -> None:
    with pytest.raises(InputError, match=r"column 'target': is NaN at position 2"):
        required_change([1.0, 2.0, 3.0], [1.0, 2.0, NAN])


@pytest.mark.parametrize("bad", ["abc", [1.0, "x"], object(), True, [True, False]])
def test_non_numeric_input_raises_naming_the_argument(bad: object) -> None:
    # a boolean is no figure, though numpy reads True as 1.0 (an API review: annual_rate with
    # years=True gave 0.21)
    with pytest.raises(InputError, match=r"column 'baseline': expected numbers"):
        relative_change(bad, 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["band", "up", "HIGHER", ""])
def test_feasibility_unknown_direction_raises(bad: str) -> None:
    with pytest.raises(InputError, match=r"column 'direction': expected 'higher' or 'lower'"):
        feasibility_ratio(1.0, 1.0, bad)
    with pytest.raises(InputError, match=r"column 'direction'"):
        feasibility_ratio([1.0, 1.0], [1.0, 1.0], ["higher", bad])


@pytest.mark.parametrize("func", [historical_change_per_year, historical_annual_rate])
@pytest.mark.parametrize(("values", "years"), [([5.0], [2024]), ([], [])])
def test_history_needs_two_points(func, values: list[float], years: list[int]) -> None:
    with pytest.raises(InputError, match=r"column 'values': .*at least two observations"):
        func(values, years)


@pytest.mark.parametrize("func", [historical_change_per_year, historical_annual_rate])
@pytest.mark.parametrize(
    "years", [[2024, 2023], [2023, 2023], [2020, 2022, 2021], [2020, 2021, 2021]]
)
def test_history_years_must_increase(func, years: list[int]) -> None:
    values = [1.0 + i for i in range(len(years))]
    with pytest.raises(InputError, match=r"column 'years': years must be strictly increasing"):
        func(values, years)


@pytest.mark.parametrize("func", [historical_change_per_year, historical_annual_rate])
def test_history_lengths_must_match(func) -> None:
    with pytest.raises(InputError, match=r"column 'values': values and years must be 1-D"):
        func([1.0, 2.0, 3.0], [2023, 2024])


@pytest.mark.parametrize("first", [0.0, -4.0])
def test_historical_annual_rate_non_positive_first_value_names_values(first: float) -> None:
    # The caller passed `values`; an error about a 'baseline' column names an argument the
    # caller never gave.
    with pytest.raises(InputError, match=r"column 'values'"):
        historical_annual_rate([first, 5.0], [2023, 2024])


def test_eurostat_zero_required_rate_raises() -> None:
    with pytest.raises(InputError, match=r"column 'required_rate': is zero"):
        eurostat_ratio(0.02, 0.0)
    with pytest.raises(InputError, match=r"column 'required_rate'"):
        eurostat_ratio([0.02, 0.03], [0.01, 0.0])


@pytest.mark.parametrize(
    "call",
    [
        lambda: escap_anticipated_progress(5.0, 5.0, 0.1, 2),
        lambda: unsd_progress_ratio(5.0, 5.0, 0.1, 2),
        lambda: unsd_progress_ratio([4.0, 5.0], [6.0, 5.0], 0.1, 2),
    ],
)
def test_progress_ratios_reject_a_target_equal_to_the_baseline(call) -> None:
    with pytest.raises(InputError, match=r"column 'target': equals the baseline"):
        call()


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: growth.annual_rate(math.inf, math.inf, 1), "baseline"),
        (lambda: growth.relative_change(10.0, math.inf), "target"),
        (lambda: growth.required_change(-math.inf, 1.0), "baseline"),
        (lambda: growth.required_change_per_year(1.0, 2.0, math.inf), "years"),
        (lambda: growth.historical_annual_rate([10.0, 20.0], [2023, math.inf]), "years"),
        (lambda: growth.eurostat_ratio(math.inf, 0.05), "achieved_rate"),
        (lambda: growth.feasibility_ratio(math.inf, 1.0, "higher"), "required_per_year"),
    ],
)
def test_infinite_inputs_are_refused(call, column: str) -> None:
    with pytest.raises(InputError, match="is infinite at position") as err:
        call()
    assert err.value.column == column


def test_an_overflowing_rate_is_refused_not_infinite() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        with pytest.raises(InputError, match="result is infinite"):
            growth.annual_rate(5e-324, 10.0, 1)


def test_a_past_pace_too_small_for_a_finite_ratio_is_flat() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ratio, reason = growth.feasibility_ratio(1.0, 1e-320, "higher")
    assert math.isnan(ratio) and reason == "flat"
    with pytest.raises(InputError, match="shapes"):
        growth.feasibility_ratio([1.0, 2.0], [1.0, 1.0, 1.0], "higher")
    # a real past pace with an astronomically large requirement is not "flat": refused
    with pytest.raises(InputError, match="result is infinite"):
        growth.feasibility_ratio(1e308, 0.5, "higher")


@pytest.mark.parametrize(("fn", "args"), [
    (growth.annual_rate, ([100.0, 110.0, 120.0], [121.0, 130.0], 2)),
    (growth.relative_change, ([1.0, 2.0], [1.0, 2.0, 3.0])),
    (growth.required_change_per_year, ([1.0, 2.0], [3.0, 4.0], [1.0, 2.0, 3.0])),
    (growth.ratio_to_previous, ([1.0, 2.0], [1.0, 2.0, 3.0])),
    (growth.eurostat_ratio, ([0.1, 0.2], [0.1, 0.2, 0.3])),
])
def test_arguments_of_different_lengths_are_an_input_error(fn, args) -> None:
    with pytest.raises(InputError, match=r"shapes .* do not match"):
        fn(*args)


def test_verdicts_read_a_ratio_on_a_cut_off_as_on_it() -> None:
    # 0.13 / 0.26 is 0.5 by hand, 0.49999999999999956 in floats; 7/4.9 = 10/7 keeps the pace
    # exactly (APR 1), 0.9999999999999994 in floats.
    u = growth.unsd_progress_ratio(1.13, 1.39, 1.13 - 1.0, 1)  # a history 1.0 -> 1.13
    assert u < 0.5 and growth.unsd_verdict(u) == "fair progress, acceleration needed"
    r = growth.historical_annual_rate([4.9, 7.0], [2023, 2024])
    apr = growth.escap_anticipated_progress(7.0, 10.0, r, 1)
    assert apr < 1.0 and growth.escap_verdict(apr) == "maintain progress"
    assert growth.eurostat_verdict(0.9499999999999999) == "on track"
    with pytest.raises(InputError, match="column 'ratio'"):
        growth.eurostat_verdict("x")


def test_a_verdict_absorbs_the_noise_of_a_difference_of_large_figures() -> None:
    # Past pace 1.05 a year, target 2.10 above a baseline of 1234.56: the ratio is 0.5 by hand
    # (a cut of UNSD's), but 1236.66 - 1234.56 is 2.1000000000001364 in floats (the error of
    # the figures, about 1e-13, survives the subtraction), so the ratio computes to
    # 0.4999999999999675, 3e-14 below the cut. Rounding to VERDICT_DECIMALS (9) puts it on the
    # cut, as the figures say; a rounding to 13 or more decimals would not.
    u = growth.unsd_progress_ratio(1234.56, 1236.66, 1.05, 1)
    assert u < 0.5 and 0.5 - u > 1e-14
    assert growth.unsd_verdict(u) == "fair progress, acceleration needed"
    assert growth.unsd_verdict(0.5 - 1e-8) == "limited or no progress"  # a real shortfall


def test_escap_projection_stops_at_an_upper_bound_and_refuses_impossible_rates() -> None:
    # Urban waste collection 58 -> 92 (r = 0.586): projected 145.9% without a bound; at 100%
    # the projected change is 8 points, 16 times the 0.5 the target needs.
    assert growth.escap_anticipated_progress(92, 92.5, 0.586, 1) == pytest.approx(
        (92 * 1.586 - 92) / 0.5)
    assert growth.escap_anticipated_progress(92, 92.5, 0.586, 1, upper=100) == pytest.approx(16)
    assert growth.escap_anticipated_progress(
        [92, 92], [92.5, 92.5], [0.586, 0.586], 1, upper=[100, np.nan]
    ) == pytest.approx([16, (92 * 1.586 - 92) / 0.5])
    with pytest.raises(InputError, match=r"column 'achieved_rate'.*> -1"):
        growth.escap_anticipated_progress(5, 6, -1.5, 2)
    # the boundary itself: a fall of 100% a year (historical_annual_rate gives it for a series
    # that falls to 0) is refused too
    with pytest.raises(InputError, match=r"column 'achieved_rate'.*> -1"):
        growth.escap_anticipated_progress(10, 5, -1.0, 1)


def test_overflows_are_refused_without_a_numpy_warning() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail here
        for call in (lambda: growth.eurostat_ratio(0.1, 1e-320),
                     lambda: growth.ratio_to_previous(1e300, 1e-300),
                     lambda: growth.escap_anticipated_progress(100, 110, 10, 400)):
            with pytest.raises(InputError, match="infinite"):
                call()
    with pytest.raises(InputError, match=r"growth rate \(got -1.5 at position 0\)"):
        growth.annual_rate(2, -1.5, 1)


def test_a_history_that_falls_to_zero_has_a_rate_of_minus_one() -> None:
    # 0 is a valid last value (a fall of 100%), unlike a negative one
    assert historical_annual_rate([100.0, 0.0], [2023, 2024]) == -1.0
    assert historical_annual_rate([100.0, 50.0, 0.0], [2022, 2023, 2024]) == -1.0
