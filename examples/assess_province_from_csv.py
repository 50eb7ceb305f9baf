"""Assess a province's targets from a tidy CSV file and save the results.

Run: .venv/bin/python examples/assess_province_from_csv.py [TABLE.csv] [YEAR]

Without a table it uses the bundled Sơn La table (data/sonla_2025.csv); without a year, the one
``sonla-forecast assess`` would choose (``IndicatorTable.default_target_year``: the first plan
year in which at least half of the plans have no outcome yet). Any province works:
one row per value, with the columns indicator_id, year, kind (actual / estimate / plan), value
and unit (docs/data_format.md). The results go to a CSV and a JSON file in the temporary directory
(tempfile.gettempdir()).
"""

import json
import sys
import tempfile
from pathlib import Path

import sonla_forecast as sf

path = sys.argv[1] if len(sys.argv) > 1 else sf.datasets.data_path("sonla_2025.csv")
table = sf.read_table(path)  # validates every cell; errors name the row and column
year = int(sys.argv[2]) if len(sys.argv) > 2 else table.default_target_year()

result = sf.assess(table, target_year=year)
print(result.summary(sort_by="probability"))

out = Path(tempfile.gettempdir())
result.to_frame().to_csv(out / f"assessment_{year}.csv", index=False)
(out / f"assessment_{year}.json").write_text(
    json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
)
print(f"\nSaved {out / f'assessment_{year}.csv'} and {out / f'assessment_{year}.json'}")
