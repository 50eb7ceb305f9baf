"""sonla_forecast: how likely is each numeric plan target to be met, and what growth it takes.

>>> import sonla_forecast as sf
>>> res = sf.assess(sf.load_sonla_2025(), target_year=2025)
>>> res["poverty_rate"].direction
'lower'
"""

from importlib.metadata import PackageNotFoundError as _NotInstalled
from importlib.metadata import version as _package_version

from . import datasets, growth, models, scoring
from .assess import PlansMet, assess, audit, backtest, plan_record
from .audit import AuditReport, Finding
from .datasets import load_sonla_2025
from .errors import InputError, ModelError, SonlaError
from .growth import (
    annual_rate,
    feasibility_ratio,
    historical_annual_rate,
    historical_change_per_year,
    ratio_to_previous,
    relative_change,
    required_change,
    required_change_per_year,
)
from .io.read import Resolution, read_ratios, read_resolution
from .plot import plot_target
from .portfolio import Portfolio, poisson_binomial_pmf, portfolio
from .report import render_html
from .results import Assessment, BacktestResult, TargetAssessment
from .table import IndicatorTable, read_table
from .targets import target_for_probability, targets_for_probability

try:
    __version__ = _package_version("sonla-forecast")
except _NotInstalled:  # running from a checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = [
    "Assessment",
    "AuditReport",
    "BacktestResult",
    "Finding",
    "IndicatorTable",
    "InputError",
    "ModelError",
    "PlansMet",
    "Portfolio",
    "Resolution",
    "SonlaError",
    "TargetAssessment",
    "__version__",
    "annual_rate",
    "assess",
    "audit",
    "backtest",
    "datasets",
    "feasibility_ratio",
    "growth",
    "historical_annual_rate",
    "historical_change_per_year",
    "load_sonla_2025",
    "models",
    "plan_record",
    "plot_target",
    "poisson_binomial_pmf",
    "portfolio",
    "ratio_to_previous",
    "read_ratios",
    "read_resolution",
    "read_table",
    "relative_change",
    "render_html",
    "required_change",
    "required_change_per_year",
    "scoring",
    "target_for_probability",
    "targets_for_probability",
]
