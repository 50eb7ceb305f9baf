"""Generated tables of levels with yearly plans, shared by the tests of plan versions
(``from plan_tables import planned_levels``)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def planned_levels(n_series: int, years: range, *, plans_from: int, seed: int,
                   next_plan: float | None = None) -> pd.DataFrame:
    """Levels growing about 6% a year (billion VND) with actuals dated the March after their
    year and a plan for each year from ``plans_from`` (the level moved by about 5%) dated the
    December before it; with ``next_plan``, a plan of that factor times the last level for the
    year after ``years``."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_series):
        level = float(rng.uniform(500.0, 5000.0))
        for y in years:
            level *= float(np.exp(rng.normal(0.06, 0.04)))
            rows.append((f"i{i}", y, "actual", round(level, 1), f"GSO {y + 1}-03-01"))
            if y >= plans_from:
                plan = round(level * float(np.exp(rng.normal(0.0, 0.05))), 1)
                rows.append((f"i{i}", y, "plan", plan, f"NQ {y - 1}-12-05"))
        if next_plan is not None:
            rows.append((f"i{i}", years[-1] + 1, "plan", round(level * next_plan, 1),
                         f"NQ {years[-1]}-12-05"))
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "kind", "value", "source"])
    df["unit"], df["direction"] = "Tỷ đồng", "higher"
    return df
