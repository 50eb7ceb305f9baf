"""Build ``data/sonla_history.csv``: Sơn La's reported history merged with resolution 420.

Run from the repository root::

    python data/make_sonla_history.py [SHARED_DATA_DIR]

``SHARED_DATA_DIR`` (default ``../shared/data``) holds ``sonla_reported_history.csv`` (public
reports, see its README). The merge rules, applied in this order, each dropped row printed:

1. Resolution 420/NQ-HĐND (``data/sonla_2025.csv``) is the authority: a reported row with the
   same (indicator_id, year, kind) as a resolution row is dropped.
2. A reported poverty rate before 2021 is dropped: it uses the 2016-2020 standard, not comparable
   with the 2021-2025 multidimensional standard of the later figures.
3. Reported rows that still share a key with another reported row are dropped (the sources
   disagree and neither is the resolution).
4. Reported rows keep their ``source`` and ``note``; units are taken from the resolution's rows
   of the same indicator so that one indicator has one unit and one scale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main(shared: Path) -> None:
    seed = pd.read_csv(ROOT / "data" / "sonla_2025.csv", dtype=str, keep_default_na=False)
    rep = pd.read_csv(shared / "sonla_reported_history.csv", dtype=str, keep_default_na=False)
    key = ["indicator_id", "year", "kind"]
    seed_keys = set(map(tuple, seed[key].to_numpy()))
    drop = []
    for i, r in rep.iterrows():
        if (r.indicator_id, r.year, r.kind) in seed_keys:
            drop.append((i, "same key as resolution 420/NQ-HĐND, which is the authority"))
        elif r.indicator_id == "poverty_rate" and int(r.year) < 2021:
            drop.append((i, "2016-2020 poverty standard, not comparable with 2021-2025"))
    rep2 = rep.drop(index=[i for i, _ in drop])
    dup = rep2.duplicated(key, keep=False)
    drop += [(i, "reported sources disagree on this key") for i in rep2.index[dup]]
    for i, why in drop:
        r = rep.loc[i]
        print(f"dropped {r.indicator_id} {r.year} {r.kind} = {r.value} ({why})")
    rep = rep.drop(index=[i for i, _ in drop])
    meta = seed.drop_duplicates("indicator_id").set_index("indicator_id")
    rep = rep[rep["indicator_id"].isin(meta.index)].copy()
    for col in ("unit", "name_vi", "name_en", "direction", "scale", "section", "parent_id"):
        rep[col] = rep["indicator_id"].map(meta[col])
    rep["region"] = "Sơn La"
    seed["note"] = ""
    out = pd.concat([seed, rep[seed.columns]], ignore_index=True)
    out["_y"] = out["year"].astype(int)
    order = {k: i for i, k in enumerate(dict.fromkeys(seed["indicator_id"]))}
    out["_o"] = out["indicator_id"].map(order)
    out["_k"] = out["kind"].map({"actual": 0, "estimate": 1, "plan": 2})
    out = out.sort_values(["_o", "_y", "_k"]).drop(columns=["_y", "_o", "_k"])
    out.to_csv(ROOT / "data" / "sonla_history.csv", index=False, encoding="utf-8")
    print(f"wrote {len(out)} rows ({len(rep)} reported, {len(seed)} from the resolution)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")


def five_year(shared: Path) -> None:
    """Write ``data/sonla_five_year_2021_2025.csv``: the 2021-2025 term targets for 2025 set by
    the provincial Party Congress (Sept. 2020), with the observations of
    ``data/sonla_history.csv`` (actuals and estimates only, no annual plans).

    The two multi-year targets get the ``aggregate`` columns: ``grdp_growth_avg_5y`` is the
    mean of ``grdp_growth`` over 2021-2025, ``investment_total_cum_2021_2025`` the sum of
    ``investment_total`` over 2021-2025.
    """
    hist = pd.read_csv(ROOT / "data" / "sonla_history.csv", dtype=str, keep_default_na=False)
    hist = hist[hist["kind"] != "plan"].copy()
    plans = pd.read_csv(shared / "sonla_five_year_targets_2021_2025.csv", dtype=str,
                        keep_default_na=False)
    meta = hist.drop_duplicates("indicator_id").set_index("indicator_id")
    plans["region"] = "Sơn La"
    for col in ("name_en", "direction", "scale", "section", "parent_id"):
        plans[col] = plans["indicator_id"].map(meta[col]).fillna("")
    # Units as in the resolution for indicators it has, so one indicator has one unit.
    plans["unit"] = plans["indicator_id"].map(meta["unit"]).fillna(plans["unit"])
    plans["aggregate"] = ""
    plans["of"] = ""
    plans["start_year"] = ""
    spec = {"grdp_growth_avg_5y": ("mean", "grdp_growth", "higher", "rate", "economic",
                                   "Average GRDP growth 2021-2025"),
            "investment_total_cum_2021_2025": ("sum", "investment_total", "higher", "level",
                                               "economic", "Total social investment 2021-2025")}
    for ind, (agg, of, d, sc, sec, en) in spec.items():
        m = plans["indicator_id"] == ind
        plans.loc[m, ["aggregate", "of", "start_year", "direction", "scale", "section",
                      "name_en"]] = [agg, of, "2021", d, sc, sec, en]
    for col in ("aggregate", "of", "start_year"):
        hist[col] = ""
    cols = [*hist.columns]
    out = pd.concat([hist[cols], plans[cols]], ignore_index=True)
    out.to_csv(ROOT / "data" / "sonla_five_year_2021_2025.csv", index=False, encoding="utf-8")
    print(f"wrote {len(out)} rows ({len(plans)} five-year targets)")


if __name__ == "__main__":
    five_year(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
