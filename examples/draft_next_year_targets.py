"""Draft targets with a 70% chance of being met, next to the plan the council adopted.

For Sơn La 2025 (resolution 420/NQ-HĐND): for each indicator, the target that the history up
to 2024 says would be met with probability 0.7, beside the adopted 2025 plan and that plan's
probability. The same call works for a year with no plan yet (e.g. 2026).

Run: .venv/bin/python examples/draft_next_year_targets.py
"""

import sonla_forecast as sf
from sonla_forecast.targets import targets_for_probability

table = sf.load_sonla_2025()
draft = targets_for_probability(table, 2025, probability=0.7)

print("Targets for 2025 with a 70% chance of being met (model 'drift'), beside the plan")
print(f"{'indicator':<31}{'unit':>10}{'2024':>10}{'70% target':>13}{'plan':>10}{'P(plan)':>9}")
for row in draft.itertuples():
    # whole numbers (communes) without decimals, as the resolution prints them
    figures = [row.baseline, row.plan] + ([] if row.direction == "band" else
                                          [row.target_at_probability])
    decimals = 0 if row.unit != "%" and all(float(x).is_integer() for x in figures) else 2
    target = ("band" if row.direction == "band"
              else f"{row.target_at_probability:,.{decimals}f}")
    target += "*" if row.note else " "
    unit = row.unit if len(row.unit) <= 9 else row.unit[:8] + "…"
    print(
        f"{row.indicator_id:<31}{unit:>10}{row.baseline:>10,.{decimals}f}{target:>13}"
        f"{row.plan:>10,.{decimals}f}{row.probability_of_plan:>9.2f}"
    )

one_sided = draft[draft["direction"] != "band"]
bolder = (
    (one_sided["direction"] == "higher") & (one_sided["plan"] > one_sided["target_at_probability"])
) | ((one_sided["direction"] == "lower") & (one_sided["plan"] < one_sided["target_at_probability"]))
print(
    f"\n{int(bolder.sum())} of {len(one_sided)} one-sided plans are more ambitious than the "
    "70% target; 'band' rows (economic structure shares) have no one-sided target."
)
print(
    f"* {int((draft['note'] != '').sum())} targets behind the 2024 value (column 'note'): "
    "with 70% safety they would let the indicator move the wrong way."
)

nxt = targets_for_probability(table, 2026, probability=0.7)
pov = nxt.set_index("indicator_id").loc["poverty_rate"]
print(
    f"No plan for 2026 yet: a poverty rate target with a 70% chance would be "
    f"{pov.target_at_probability:.2f}% (from {pov.baseline:.2f}% in {pov.baseline_year})."
)
