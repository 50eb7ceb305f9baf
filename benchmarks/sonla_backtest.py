"""Backtest every model on Sơn La's own plan record and write docs/validation_sonla.md.

Run from the repository root::

    python benchmarks/sonla_backtest.py [--out docs/validation_sonla.md]

Uses ``sf.datasets.load_sonla_history()`` (resolution 420/NQ-HĐND merged with the public
reports in ``data/sonla_history.csv``) and a rolling origin: for each target year, only the
actuals and estimates before it and the plans up to it. Every year with both a plan and an
outcome is scored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd

import sonla_forecast as sf
from sonla_forecast.assess import BASELINES, _as_of, meets, target_panel, target_rules
from sonla_forecast.models import DEFAULT_MODEL, MODELS, get_model


def _markdown(frame: pd.DataFrame) -> str:
    """A markdown table (pandas' own to_markdown needs the optional tabulate package)."""
    cols = list(frame.columns)
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows += ["| " + " | ".join(str(v) for v in r) + " |" for r in frame.itertuples(index=False)]
    return "\n".join(rows)


def _wide(pred: pd.DataFrame) -> pd.DataFrame:
    """Probabilities as a (target year, indicator) x method table, with the outcome ``met``."""
    key = ["target_year", "indicator_id"]
    wide = pred.pivot_table(index=key, columns="method", values="probability", sort=False)
    wide["met"] = pred.drop_duplicates(key).set_index(key)["met"].reindex(wide.index)
    return wide


def _losses(wide: pd.DataFrame, other: str = "naive") -> str:
    """Where the default's squared error exceeds ``other``'s, largest first."""
    if other not in wide or DEFAULT_MODEL not in wide:
        return ""
    met = wide["met"].astype(float)
    gap = (wide[DEFAULT_MODEL] - met) ** 2 - (wide[other] - met) ** 2
    worse = gap[gap > 0].sort_values(ascending=False)
    if worse.empty:
        return f"The default's squared error is at most the {other} model's on every pair."
    items = ", ".join(
        f"{i} {y} ({'met' if wide.at[(y, i), 'met'] else 'missed'}; {DEFAULT_MODEL} "
        f"{wide.at[(y, i), DEFAULT_MODEL]:.2f}, {other} {wide.at[(y, i), other]:.2f})"
        for y, i in worse.index
    )
    return (
        f"Pairs where the default's squared error exceeds the {other} model's, largest first: "
        f"{items}. The {other} model extrapolates the past changes at full strength with "
        "intervals that are far too narrow on M3 (`validation.md`); the default, whose prior "
        f"is estimated on M3, pulls a short series' drift toward its peers'. {len(wide)} pairs "
        "cannot tell which behaviour is right for Sơn La."
    )


def _printable(scores: pd.DataFrame) -> pd.DataFrame:
    """The score table with its scores as 3-decimal text ("-" where a method has none)."""
    out = scores.copy()
    for c in ("brier", "log_score", "pinball", "coverage_80"):
        out[c] = out[c].map(lambda v: "-" if v != v else f"{v:.3f}")
    return out


def _same_rows(scores: pd.DataFrame) -> list[str]:
    """Say so when a model's scores repeat another's (a fallback, not an independent check)."""
    why = {
        ("ets", "naive"): "`ets` uses the naive model for series shorter than 6 points",
        ("combination", DEFAULT_MODEL): "`combination` is the drift model alone when the "
        "reference-class model cannot be fitted (see the notes below)",
    }
    s = scores.set_index("method")[["brier", "log_score", "pinball", "coverage_80"]]
    out = [f"{text}, so its row repeats `{b}`'s here." for (a, b), text in why.items()
           if a in s.index and b in s.index and s.loc[a].equals(s.loc[b])]
    return [" ".join(out), ""] if out else []


def one_observation(table: sf.IndicatorTable, each: pd.DataFrame) -> list[str]:
    """The default model forced to forecast every target with at least one earlier observation
    (``assess`` needs two): how it scores on those pairs against the plan baselines.

    Per target year, as ``backtest`` does: the table cut to the observations before the year
    and the plans up to it as it stood when the year began (``assess._as_of``: directions
    inferred again, revised plans in their version then in force; thresholds at the precision
    printed in that cut), the history panel as ``assess`` builds it (``target_panel``);
    outcomes from the full table. Not repeated from ``assess``: partial-year figures and the
    exclusion of levels <= 0 (neither occurs in this table's scored years).
    """
    full = table.frame
    obs = table.observations()
    rows = []
    for year in table.plan_years():
        keep = ((full["kind"] != "plan") & (full["year"] < year)) | (
            (full["kind"] == "plan") & (full["year"] <= year))
        cut = sf.read_table(_as_of(full, keep, table.dropped, int(year)))
        targets = cut.targets(year)
        outcome = obs[obs["year"] == year].set_index(["region", "indicator_id"])["value"]
        y = outcome.reindex(pd.MultiIndex.from_frame(targets[["region", "indicator_id"]]))
        panel, last_year = target_panel(cut, targets, cut.observations(), year,
                                        target=targets["value"].to_numpy(dtype=np.float64))
        # fitted to every target's series with history, scored where an outcome exists (the
        # fit must not depend on which outcomes were later observed)
        has = panel.n_obs >= 1
        ok = has & y.notna().to_numpy()
        if not ok.any():
            continue
        fc = (get_model(DEFAULT_MODEL).fit(panel.subset(has))
              .forecast((year - last_year[has]).astype(np.int64))
              .take(np.flatnonzero(ok[has])))
        thr, tol = target_rules(cut, targets, year=int(year))
        d = targets["direction"].to_numpy(dtype=object)[ok]
        t = targets["value"].to_numpy(dtype=np.float64)[ok]
        yy = y.to_numpy(dtype=np.float64)[ok]
        q = fc.quantiles([0.1, 0.9])
        rows.append(pd.DataFrame({
            "target_year": year, "indicator_id": targets["indicator_id"].to_numpy()[ok],
            "n_history": panel.n_obs[ok], "p": fc.prob_meets(thr[ok], d, tol[ok]),
            "met": meets(yy, d, thr[ok], tol[ok], t), "below": yy < q[:, 0],
            "above": yy > q[:, 1], "outcome_is_plan": np.isclose(yy, t, rtol=0, atol=1e-9),
        }))
    if not rows:
        return []
    r = pd.concat(rows, ignore_index=True)
    base = each.pivot_table(index=["target_year", "indicator_id"], columns="method",
                            values="probability", sort=False)
    r = r.join(base[["every_plan_met", "plan_hit_rate"]], on=["target_year", "indicator_id"])
    met = r["met"].to_numpy(dtype=float)
    inside = ~(r["below"] | r["above"]).to_numpy()

    def brier(p: pd.Series, sel: np.ndarray) -> str:
        return f"{np.mean((p.to_numpy(dtype=float)[sel] - met[sel]) ** 2):.3f}"

    one = (r["n_history"] == 1).to_numpy()
    groups = [("all", np.ones(len(r), dtype=bool)), ("one observation", one),
              ("two or more", ~one)]
    table_rows = [
        (name, int(sel.sum()), int(met[sel].sum()), brier(r["p"], sel),
         brier(r["every_plan_met"], sel), brier(r["plan_hit_rate"], sel),
         f"{inside[sel].mean():.3f}")
        for name, sel in groups if sel.any()
    ]
    worst = r[one].assign(err=(r["p"] - met) ** 2).sort_values("err", ascending=False).head(5)
    rates = r["plan_hit_rate"].unique()
    brier_one = float(np.mean((r["p"].to_numpy()[one] - met[one]) ** 2)) if one.any() else np.nan
    brier_all_met = float(np.mean((1.0 - met[one]) ** 2)) if one.any() else np.nan
    lines = [
        "## What the default does with one observation",
        "",
        "`assess` gives no probability to a target whose indicator has fewer than two "
        "observations before the target year. Here the default model is forced to forecast "
        "every target with at least one: a series with one point has no change of its own and "
        "gets the prior of its peer group (with one region, the province's series of the same "
        "scale, which only the few series with two or more points inform). Its scores on those "
        "pairs, against the plan baselines on the same pairs:",
        "",
        _markdown(pd.DataFrame(table_rows, columns=[
            "pairs", "n", "n_met", f"brier {DEFAULT_MODEL}", "brier every_plan_met",
            "brier plan_hit_rate", f"coverage_80 {DEFAULT_MODEL}"])),
        "",
    ]
    if len(rates) == 1:
        why = (" (no earlier plan/outcome pairs: its prior (0 + 1) / (0 + 2))"
               if np.isclose(rates[0], 0.5) else "")
        lines += [f"`plan_hit_rate` is {rates[0]:.2f} for every pair here{why}.", ""]
    if one.any():
        lines += [
            f"On the one-observation pairs the default's Brier score is {brier_one:.3f}, "
            + ("worse" if brier_one > brier_all_met else "better")
            + f" than assuming every plan met ({brier_all_met:.3f}). Its largest squared "
            "errors there: " + ", ".join(
                f"{i} {yr} ({'met' if m else 'missed'}, P = {p:.2f})"
                for yr, i, p, m in worst[["target_year", "indicator_id", "p", "met"]]
                .itertuples(index=False))
            + f". {int(worst['outcome_is_plan'].sum())} of these {len(worst)} outcomes equal "
            f"the plan exactly ({int(r['outcome_is_plan'][one].sum())} of the "
            f"{int(one.sum())} one-observation pairs), as year-end estimates often do; a model "
            "of the trajectory alone cannot know that, which is what `plan_record` is for once "
            "a plan record exists. Of the one-observation outcomes, "
            f"{int(inside[one].sum())} of {int(one.sum())} fall inside the 80% interval, "
            f"{int(r['below'][one].sum())} below it and {int(r['above'][one].sum())} above it.",
            "",
        ]
    return lines


def _goal_line(scores: pd.DataFrame) -> str:
    """The issue's goal on this page: the default's Brier score below each baseline's (the
    plan baselines, the trend, and the naive normal and ETS models, which the issue names as
    baselines although the tables list them as models)."""
    s = scores.set_index("method")["brier"].astype(float)
    mine = s[DEFAULT_MODEL]
    # The baselines: the plan baselines, trend, the naive normal model, statsmodels.
    baselines = s[[m for m in s.index if m in {*BASELINES, "naive", "ets"}]]
    better = baselines[baselines <= mine].sort_values()
    if better.empty:
        return ("Goal (Brier score of the default below every baseline's: the plan baselines, "
                f"trend, naive and ets): met on these pairs, {mine:.3f}.")
    return ("Goal (Brier score of the default below every baseline's: the plan baselines, "
            "trend, naive and ets): **not met** on these "
            f"pairs: {DEFAULT_MODEL} {mine:.3f}, against "
            + ", ".join(f"{m} {v:.3f}" for m, v in better.items()) + ".")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/validation_sonla.md")
    args = ap.parse_args()
    table = sf.datasets.load_sonla_history()
    others = tuple(m for m in sorted(MODELS) if m != DEFAULT_MODEL)
    t0 = time.perf_counter()
    bt = sf.backtest(table, model=DEFAULT_MODEL, compare=others)
    elapsed = time.perf_counter() - t0
    print(bt.summary())
    scores = _printable(bt.scores)
    pred = bt.predictions[bt.predictions["method"] == DEFAULT_MODEL]
    wide = _wide(bt.predictions)
    bt_each = sf.backtest(table, model=DEFAULT_MODEL, compare=others, pairs="each")
    each = _printable(bt_each.scores)
    allp = bt_each.predictions[bt_each.predictions["method"] == "every_plan_met"]
    n_equal = int(np.isclose(allp["outcome"], allp["target"], rtol=0, atol=1e-9).sum())
    plans = each.set_index("method").loc["every_plan_met"]
    lines = [
        "# Validation on Sơn La's own record",
        "",
        f"Generated on {dt.date.today().isoformat()} by `python benchmarks/sonla_backtest.py` "
        f"({elapsed:.1f} s).",
        "",
        "Rolling origin over `data/sonla_history.csv`: for each target year, each model sees "
        "only the actuals and estimates for the years before it and the plans up to it; the "
        "outcome is the year's actual (else its estimate). The cut goes by the year a figure "
        "is for, not the date it was published: a 2023 actual printed only in a resolution of "
        "December 2024 counts as known when 2024 began. So this is not a real-time test: the "
        "figures before 2024 of the scored pairs, and the 2024 plans (the annex's \"2024 plan\" "
        "column), come from that December 2024 resolution, which may carry revisions made "
        "during 2024. Only targets that every model could "
        "predict are scored, so all rows share one set of target/outcome pairs. The `trend` "
        "baseline grows the baseline at its historical compound annual rate (UN ESCAP's "
        "anticipated progress; the linear change per year for a growth rate in %); `pinball` is "
        "of outcome / baseline (of outcome / 100 for a percentage or a growth rate in %, "
        "either of which may sit near 0). The log score clips probabilities into "
        "[1e-6, 1 - 1e-6] (`scoring.LOG_SCORE_EPS`), so a method that says 0 or 1 "
        "(`every_plan_met`, `trend`) scores -log(1e-6) = 13.8 on each pair it gets wrong: "
        "their log scores are that clip times their share of misses. The partial-year update "
        "(`nowcast`) is not tested here: the cut leaves out every figure of the target year.",
        "",
        _goal_line(scores),
        "",
        f"**The data are thin: {int(scores['n'].max())} target/outcome pairs, all for "
        f"{', '.join(str(y) for y in bt.target_years)}.** Most 2024 targets cannot be scored "
        "because the indicator has a single observation (the 2023 actual) before 2024 (the "
        "section \"What the default does with one observation\" scores the default forced onto "
        "them). These "
        "numbers cannot rank the models with any confidence. The M3 validation "
        "(`validation.md`) is the main evidence for the default, with synthetic targets (each "
        "series' own trend at 0.5, 1 and 2 times); on these real plan targets, few as they "
        "are, the default does "
        + ("worse than the baselines named in the goal line above."
           if "not met" in _goal_line(scores) else "better than every baseline."),
        "",
        _markdown(scores),
        "",
        *_same_rows(bt.scores),
        "Each method on every target it could predict (`sf.backtest(..., pairs=\"each\")`; "
        "the sets differ, so compare rows only where `n` is equal):",
        "",
        _markdown(each),
        "",
        f"The plan record itself: {int(plans['n_met'])} of {int(plans['n'])} plans met by the "
        "reported outcome (the `every_plan_met` row above: every target with an outcome, "
        "whether a model could predict it or not). The outcomes are mostly the year-end "
        f"estimates of resolution 420; {n_equal} of the {int(plans['n'])} equal the plan "
        "exactly. The "
        "models need two observations before the target year, and most indicators have one.",
        "",
        "Notes of the backtest (figures revised after the year began, methods that could not "
        "predict and why, models another stood in for):",
        "",
        *[f"- {n}" for n in bt.notes],
        "",
        "Probability of meeting each target, by method (the outcome in the last column):",
        "",
        "```text",
        wide.round(3).to_string(),
        "```",
        "",
        _losses(wide),
        "",
        *one_observation(table, bt_each.predictions),
        f"Per-target predictions of the default model (`{DEFAULT_MODEL}`):",
        "",
        "```text",
        pred[["target_year", "indicator_id", "baseline", "target", "probability",
              "outcome_p10", "outcome_p90", "outcome", "met"]].to_string(index=False),
        "```",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
