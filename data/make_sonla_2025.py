"""Regenerate ``data/sonla_2025.csv`` and ``data/sonla_2025_ratios.csv`` from the seed text.

Usage, from the repository root::

    python data/make_sonla_2025.py [PATH_TO_RESOLUTION_TEXT]

The default path is ``../shared/seed/nq-420-2024-sonla-ke-hoach-2025.txt`` relative to the
repository root (Nghị quyết 420/NQ-HĐND ngày 05/12/2024 của HĐND tỉnh Sơn La). Both files are
written next to this script: UTF-8, plain dot decimals, in document order then year and kind;
the parser's ``line`` column is dropped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT = ROOT.parent / "shared" / "seed" / "nq-420-2024-sonla-ke-hoach-2025.txt"

try:
    from sonla_forecast.io.resolution import read_resolution_file
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))
    from sonla_forecast.io.resolution import read_resolution_file


def main(argv: list[str] | None = None) -> int:
    """Parse the resolution text and write the two CSV files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="resolution text file")
    parser.add_argument("--out", default=str(HERE), help="output folder (default: data/)")
    args = parser.parse_args(argv)
    res = read_resolution_file(args.path)
    out = Path(args.out)
    table = res.table.drop(columns=["line"])
    ratios = res.ratios.drop(columns=["line"])
    table.to_csv(out / "sonla_2025.csv", index=False, encoding="utf-8", lineterminator="\n")
    ratios.to_csv(out / "sonla_2025_ratios.csv", index=False, encoding="utf-8", lineterminator="\n")
    print(f"{res.source}: {len(table)} rows, {len(ratios)} ratios -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
