"""In October: update the 2025 probabilities with the figures of the first months.

Run: .venv/bin/python examples/partial_year_update.py

Two year-to-date figures as cited in the project's brief: budget revenue of the first ten
months of 2025, 4,522 billion VND, and GRDP growth of the first nine months, 6.26%. The growth
target was raised from 5.5% to 8% by resolution 457/NQ-HĐND (February 2025): both versions are
kept, and the one in force is assessed.
"""

import pandas as pd

import sonla_forecast as sf

table = sf.load_sonla_2025(revised=True)
before = sf.assess(table, target_year=2025)

# Both versions of the revised target travel with the table (the earlier one in `dropped`).
frame = pd.concat([table.to_frame(), table.dropped], ignore_index=True)
partial = pd.DataFrame(
    [
        {"indicator_id": "budget_revenue", "period": "M10", "value": 4522.0},
        {"indicator_id": "grdp_growth", "period": "Q3", "value": 6.26},
    ]
)
meta = frame[(frame["year"] == 2024) & (frame["kind"] == "estimate")].set_index("indicator_id")
rows = partial.join(meta.drop(columns=["period", "value"]), on="indicator_id")
rows = rows.assign(year=2025, kind="estimate", source="year-to-date figure (project brief)")
after = sf.assess(
    sf.read_table(pd.concat([frame, rows], ignore_index=True), duplicates="latest_source"),
    target_year=2025,
)

for ind in ("budget_revenue", "grdp_growth"):
    b, a = before[ind], after[ind]
    print(f"{a.name_vi} ({a.unit}), target {a.target:g}")
    if a.revisions:
        print(f"  versions: {a.revisions}")
    print(
        f"  before the year: P(met) = {b.probability:.2f}, 80% interval "
        f"[{b.outcome_p10:.4g}, {b.outcome_p90:.4g}]"
    )
    print(
        f"  with {a.partial_period} = {a.partial_value:g}: P(met) = {a.probability:.2f}, "
        f"80% interval [{a.outcome_p10:.4g}, {a.outcome_p90:.4g}]"
    )
