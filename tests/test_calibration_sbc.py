"""Simulation-based calibration (SBC) of PooledDrift's plain conjugate case.

With the hyper-parameters fixed (``pool=False``: the DriftDefaults' ``hyper`` is used as is),
no damping (phi = 1), no drift wander (omega = 0) and no persistence term (tau = 0), the
drift model's Student-t predictive is the exact posterior predictive of

    sigma^2 ~ Scale-inv-chi^2(nu0, s0^2),   mu | sigma^2 ~ N(mu0, sigma^2 / kappa0),
    z_t = z_{t-1} + mu + eps_t,  eps_t ~ N(0, sigma^2),   z = log(level)

(PooledDrift Notes). So, over draws from that prior, the outcome's PIT is uniform, a central
interval of level L covers the outcome with probability exactly L, and P(outcome >= last
value) from ``prob_meets`` equals the frequency, in expectation. The test simulates N series
from the prior (fixed seed), fits them through the public API and checks these frequencies
within TOL binomial standard errors.

Tolerance: each check is a mean of N independent terms, so its error is within TOL = 4.5
standard errors with probability 1 - 7e-6; the test makes 64 such checks (8 settings x 8
statistics), so a correct implementation fails with probability < 5e-4 for a random seed (the
seed is fixed, so the outcome is deterministic; over 100 other seeds, in a review, the largest
deviation of a seed had a median of 2.45 and a maximum of 3.94 standard errors). Power: at
N = 20000 one standard error of the 80% coverage is 0.0028, so a scale off by 4% (coverage off
by about 0.012) is detected; the last test checks that scales off by +/-10% fail the very same
checks on the very same simulations (the test cannot pass for want of power). The review's
mutants (degrees of freedom nu0 + n or nu0 + m - 1, no D^2 / kappa_n term, a normal for the t,
no shrinkage of the drift, ...) all fail it.
"""

from __future__ import annotations

import numpy as np
import pytest

from sonla_forecast.models import PooledDrift, TForecast
from sonla_forecast.models.base import Panel
from sonla_forecast.models.drift import DriftDefaults

MU0, KAPPA0, NU0, S0 = 0.03, 1.5, 3.0, 0.05
HYPER = (MU0, float(np.log(KAPPA0)), float(np.log(NU0)), float(np.log(S0**2)))
N = 20_000
TOL = 4.5
LEVELS = (0.5, 0.8, 0.95)
HORIZONS = (1, 5)
SEED = 20250607
# (points K, index of a missing year or None): the Sơn La case (K = 2), short and longer
# histories, and a gap (a difference over 2 years counts 2 years in the posterior)
SETTINGS = [(2, None), (3, None), (6, None), (5, 1)]


def _spec() -> PooledDrift:
    fixed = DriftDefaults(hyper=HYPER, hyper_sd=(1.0, 1.0, 1.0, 1.0), damping=1.0,
                          drift_var=0.0)
    return PooledDrift(pool=False, damping=1.0, drift_var=0.0, persistence_sd=0.0,
                       log_defaults=fixed)


def _simulate(k: int, gap: int | None) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """History (N, k) on the natural scale (NaN at the gap) and outcomes h years after it."""
    rng = np.random.default_rng([SEED, k, 0 if gap is None else gap + 1])
    sigma = np.sqrt(NU0 * S0**2 / rng.chisquare(NU0, N))
    mu = MU0 + sigma / np.sqrt(KAPPA0) * rng.standard_normal(N)
    steps = mu[:, None] + sigma[:, None] * rng.standard_normal((N, k - 1 + max(HORIZONS)))
    z = np.log(100.0) + np.concatenate([np.zeros((N, 1)), np.cumsum(steps, axis=1)], axis=1)
    hist = np.exp(z[:, :k])
    if gap is not None:
        hist[:, gap] = np.nan
    return hist, {h: np.exp(z[:, k - 1 + h]) for h in HORIZONS}


def _deviations(fc: TForecast, y: np.ndarray, last: np.ndarray) -> dict[str, float]:
    """Each calibration statistic's deviation from its exact value, in standard errors."""
    out: dict[str, float] = {}
    pit = fc.cdf(y)
    for level in LEVELS:
        if level == 0.8:  # the interval the library reports, through its quantiles
            lo, hi = fc.interval(level)
            inside = (y >= lo) & (y <= hi)
        else:  # the same through the cdf (cheaper): central interval <=> |PIT - 1/2| <= L/2
            inside = np.abs(pit - 0.5) <= level / 2
        out[f"coverage {level}"] = (inside.mean() - level) / np.sqrt(level * (1 - level) / N)
    for a in (0.05, 0.25):
        out[f"PIT < {a}"] = ((pit < a).mean() - a) / np.sqrt(a * (1 - a) / N)
        out[f"PIT > {1 - a}"] = ((pit > 1 - a).mean() - a) / np.sqrt(a * (1 - a) / N)
    p = fc.prob_meets(last, ["higher"] * N)
    d = (y >= last) - p
    out["P(>= last)"] = d.mean() / (d.std(ddof=1) / np.sqrt(N))
    return out


@pytest.fixture(scope="module")
def cases() -> list[tuple[str, TForecast, np.ndarray, np.ndarray]]:
    out = []
    spec = _spec()
    for k, gap in SETTINGS:
        hist, ys = _simulate(k, gap)
        panel = Panel(values=hist, years=np.arange(2020, 2020 + k), scale=("level",) * N)
        fit = spec.fit(panel)
        for h in HORIZONS:
            fc = fit.forecast(h)
            assert isinstance(fc, TForecast)
            out.append((f"K={k} gap={gap} h={h}", fc, ys[h], panel.last_value))
    return out


Cases = list[tuple[str, TForecast, np.ndarray, np.ndarray]]


def test_plain_conjugate_predictive_is_calibrated(cases: Cases) -> None:
    bad = []
    for label, fc, y, last in cases:
        for stat, z in _deviations(fc, y, last).items():
            if abs(z) > TOL:
                bad.append(f"{label}: {stat} off by {z:+.1f} SE")
    assert not bad, "miscalibrated:\n" + "\n".join(bad)


def test_the_checks_detect_a_scale_off_by_ten_percent(cases: Cases) -> None:
    # The same statistics on the same simulations, the predictive's scale multiplied by 0.9
    # or 1.1: every setting must fail at least one check (power of the test above).
    for factor in (0.9, 1.1):
        for label, fc, y, last in cases:
            wrong = TForecast(loc=fc.loc, scale=fc.scale * factor, df=fc.df, codes=fc.codes,
                              cap=fc.cap)
            worst = max(abs(z) for z in _deviations(wrong, y, last).values())
            assert worst > TOL, f"{label}: a scale x{factor} is not detected ({worst:.1f} SE)"
