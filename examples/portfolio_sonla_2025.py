"""How many of Sơn La's 34 targets for 2025 will be met? Overall and per section.

Both assumptions are shown side by side: targets independent of each other, and targets that
move together (Gaussian copula, correlations estimated from the province's history where it
is long enough, see docs/user_guide_portfolio.md).

Run: .venv/bin/python examples/portfolio_sonla_2025.py
"""

import sonla_forecast as sf
from sonla_forecast.portfolio import portfolio

table = sf.load_sonla_2025()  # resolution 420/NQ-HĐND, annex 01
history = sf.datasets.load_sonla_history()  # more years for a few indicators
result = sf.assess(table, target_year=2025)

# The resolution's own table has one yearly change per indicator: no correlation can be
# estimated from it, and the summary says which assumption was used instead.
overall = portfolio(result, table=history, rng=2025)
print(overall.summary())

print("\nPer section (80% interval for the count; P(at least half met)):")
print(
    f"{'section':<15}{'targets':>8}{'expected':>10}{'independent':>14}{'dependent':>12}"
    f"{'P(>= half) ind.':>17}{'dep.':>7}"
)
for section in ("economic", "social", "environmental"):
    pf = portfolio(result, group=section, table=history, n_draws=10000, rng=2025)
    half = (pf.n + 1) // 2
    lo_i, hi_i = pf.interval(0.8, dependence="independent")
    lo_e, hi_e = pf.interval(0.8, dependence="estimated")
    print(
        f"{section:<15}{pf.n:>8}{pf.expected:>10.1f}{f'{lo_i}-{hi_i}':>14}"
        f"{f'{lo_e}-{hi_e}':>12}"
        f"{pf.prob_at_least(half, dependence='independent'):>17.2f}"
        f"{pf.prob_at_least(half, dependence='estimated'):>7.2f}"
    )

# Sensitivity: what if every pair of targets moved together with correlation 0.3?
together = portfolio(result, table=history, assumed_correlation=0.3, rng=2025)
lo, hi = together.interval(0.8)
print(
    f"\nIf targets moved together (assumed correlation 0.3 where history is short): "
    f"80% interval {lo} to {hi}; P(at least 20 of 34) = {together.prob_at_least(20):.3f} "
    f"(independent: {together.prob_at_least(20, dependence='independent'):.4f})."
)
