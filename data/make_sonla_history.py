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
