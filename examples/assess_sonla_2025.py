"""Assess Sơn La's 2025 targets and print the five riskiest.

Run: .venv/bin/python examples/assess_sonla_2025.py
"""

import sonla_forecast as sf

table = sf.load_sonla_2025()  # resolution 420/NQ-HĐND, annex 01
result = sf.assess(table, target_year=2025)

print(result.summary(sort_by="probability"))

print("\nThe five targets least likely to be met:")
riskiest = result.to_frame().sort_values("probability").head(5)
for row in riskiest.itertuples():
    print(
        f"  {row.indicator_id}, {row.name_vi} ({row.unit}): {row.baseline:g} -> {row.target:g}, "
        f"P(met) = {row.probability:.2f}, {row.status}"
    )
