"""Shared pytest configuration: hypothesis profiles and the ``--update-golden`` option.

Hypothesis profiles (pick one with the ``HYPOTHESIS_PROFILE`` environment variable):

- ``ci`` (default): derandomized, so every run tries the same examples and a failure
  reproduces exactly; no per-example deadline (the first call into scipy can be slow and a
  deadline would make that flaky); 60 examples per property to keep the suite fast.
- ``dev``: random examples, 200 per property, for hunting bugs locally
  (``HYPOTHESIS_PROFILE=dev pytest tests``).

Golden files (``tests/golden/``) are compared, never rewritten, unless pytest runs with
``--update-golden``; tests read the flag with ``request.config.getoption("--update-golden")``
or through the ``update_golden`` fixture below.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import sonla_forecast as sf

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output instead of "
        "comparing with them (review the diff before committing)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Also kept as an attribute for code that only has the config object at hand.
    config.update_golden = config.getoption("--update-golden")  # type: ignore[attr-defined]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sonla_table() -> sf.IndicatorTable:
    """The bundled Sơn La 2025 table (resolution 420/NQ-HĐND), read once per run."""
    return sf.load_sonla_2025()


@pytest.fixture(scope="session")
def sonla(sonla_table: sf.IndicatorTable) -> sf.Assessment:
    """Its default assessment for 2025 (results are immutable, so tests share one)."""
    return sf.assess(sonla_table, target_year=2025)


@pytest.fixture
def mistyped_plan_table():
    """Lai Châu, two indicators (2024 actual, 2025 estimate, 2026 plan), with nrd_communes'
    2026 plan typed as 2025: the target for 2026 is missing."""
    import pandas as pd

    rows = []
    for iid, unit, vals in (("poverty_rate", "%", (24.5, 21.3, 18.2)),
                            ("nrd_communes", "xã", (63.0, 66.0, 70.0))):
        for (year, kind), v in zip(((2024, "actual"), (2025, "estimate"), (2026, "plan")), vals,
                                   strict=True):
            rows.append({"region": "Lai Châu", "indicator_id": iid, "year": year, "kind": kind,
                         "value": v, "unit": unit})
    rows[-1]["year"] = 2025  # the typo
    return sf.read_table(pd.DataFrame(rows))
