"""Write the HTML report of Sơn La's 2025 targets, in Vietnamese.

Run: .venv/bin/python examples/report_sonla_2025.py [OUTPUT.html]

Without an argument the page goes to the system's temporary folder; the path is printed.
Charts need matplotlib (pip install matplotlib, or pip install -e '.[plot]' in a clone);
without it the page has the tables and says how to get the charts.
"""

import sys
import tempfile
from pathlib import Path

import sonla_forecast as sf
from sonla_forecast.datasets import load_sonla_2025_resolution
from sonla_forecast.report import render_html

resolution = load_sonla_2025_resolution()  # resolution 420/NQ-HĐND, annex 01, with its ratios
result = sf.assess(resolution.table, target_year=2025)
findings = sf.audit(resolution)

page = render_html(result, table=resolution.table, audit_report=findings, lang="vi")

# Only an argument ending in .html is taken for the output: when the example runs inside
# another program (the test suite runs it with runpy), sys.argv is that program's.
if len(sys.argv) > 1 and sys.argv[1].endswith(".html"):
    out = Path(sys.argv[1])
else:
    out = Path(tempfile.gettempdir()) / "report_sonla_2025.html"
out.write_text(page, encoding="utf-8")
print(f"Wrote {out} ({out.stat().st_size // 1024} KB): {len(result)} targets, "
      f"{len(findings)} audit findings.")
