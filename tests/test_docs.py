"""Checks of the documentation sources in ``docs/`` that need no Sphinx.

The site itself is built by ``.ci/docs`` (Sphinx, warnings as errors). These tests keep the
pages honest between builds: the quickstart and the README excerpt show the output the code
prints today, the API reference names every public object, and the root page's toctree reaches
every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sonla_forecast as sf
from sonla_forecast.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def _blocks(page: str, lang: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [body for kind, body in FENCE.findall(text) if kind == lang]


def _block_starting(page: str, lang: str, start: str) -> str:
    found = [b for b in _blocks(page, lang) if b.startswith(start)]
    assert len(found) == 1, f"{page}: expected one ```{lang} block starting {start!r}"
    return found[0]


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


REGENERATE = "regenerate the block in docs/quickstart.md from the command's current output"


def test_quickstart_assess_table_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _block_starting("quickstart.md", "text", "Targets for 2025")
    got = _cli(["assess", "--sort", "probability"], capsys)
    assert shown.strip() == got.strip(), f"`sonla-forecast assess --sort probability`: {REGENERATE}"


def test_readme_excerpt_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    shown = [b for k, b in FENCE.findall(readme) if k == "text" and b.startswith("Targets for")]
    assert len(shown) == 1, "README.md: expected one ```text block starting 'Targets for'"
    got = _cli(["assess", "--sort", "probability"], capsys).splitlines()
    excerpt = [line for line in shown[0].splitlines() if line != "..."]
    missing = [line for line in excerpt if line not in got]
    assert not missing, f"README.md excerpt lines not in today's output: {missing}"


def test_quickstart_audit_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _block_starting("quickstart.md", "text", "Audit of the resolution")
    got = _cli(["audit"], capsys)
    assert shown.strip() == got.strip(), f"`sonla-forecast audit`: {REGENERATE}"


def test_quickstart_python_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    setup = _block_starting("quickstart.md", "python", "import sonla_forecast as sf")
    namespace: dict[str, object] = {}
    exec(setup, namespace)  # the three lines of the quickstart, as a reader runs them
    printed = capsys.readouterr().out
    table = _block_starting("quickstart.md", "text", "Targets for 2025")
    # the command line's last line is the audit's count, which the page says Python leaves out
    *assessed, audited = table.strip().splitlines()
    assert audited.startswith("Audit of the figures assessed: ")
    assert printed.strip().splitlines() == assessed, REGENERATE
    res = namespace["res"]
    assert isinstance(res, sf.Assessment)
    session = _block_starting("quickstart.md", "python", ">>> ")
    call, *shown = session.strip().splitlines()
    assert call == '>>> print(res["poverty_rate"].summary())'
    assert res["poverty_rate"].summary().strip().splitlines() == shown, REGENERATE


def test_reference_names_every_public_object() -> None:
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    documented_modules = set(re.findall(r"automodule:: ([\w.]+)", text))
    missing = [n for n in sf.__all__ if not re.search(rf"\b{re.escape(n)}\b", text)]
    for module in (sf.datasets, sf.growth, sf.models, sf.scoring):
        if module.__name__ in documented_modules:  # automodule documents its __all__
            continue
        missing += [
            f"{module.__name__}.{n}"
            for n in module.__all__
            if not re.search(rf"\b{re.escape(n)}\b", text)
        ]
    assert not missing, f"docs/reference.md does not document: {missing}"


def test_methods_lists_every_assessment_column_in_order() -> None:
    from sonla_forecast.results import ASSESSMENT_COLUMNS

    text = (DOCS / "methods.md").read_text(encoding="utf-8")
    section = text.split("## Output columns", 1)[1]
    rows = re.findall(r"^\| `(\w+)` \| (.*) \|$", section, re.M)
    assert rows == list(ASSESSMENT_COLUMNS.items()), (
        "docs/methods.md 'Output columns' differs from results.ASSESSMENT_COLUMNS"
    )


def test_index_toctree_reaches_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    entries = {
        line.strip()
        for body in re.findall(r"^```\{toctree\}\n(.*?)^```$", index, re.S | re.M)
        for line in body.splitlines()
        if line.strip() and not line.lstrip().startswith(":")
    }
    pages = {p.stem for p in DOCS.glob("*.md")} - {"index"}
    unreached = sorted(
        p for p in pages if p not in entries and not any(Path(p).match(e) for e in entries)
    )
    assert not unreached, f"pages missing from the toctree in docs/index.md: {unreached}"
    assert "user_guide_*" in entries


def test_methods_status_example_is_current() -> None:
    # docs/methods.md's "Probability and status" quotes one row of the bundled assessment as an
    # example of "needs acceleration" beside a feasibility ratio below 1.
    text = (DOCS / "methods.md").read_text(encoding="utf-8")
    quoted = re.search(
        r"GRDP per capita needs ([\d.]+) times its past pace and gets\s+\$P = ([\d.]+)\$", text
    )
    assert quoted, "docs/methods.md: the GRDP-per-capita status example is gone"
    row = sf.assess(sf.load_sonla_2025(), target_year=2025).to_frame().set_index(
        "indicator_id").loc["grdp_per_capita"]
    assert f"{row['feasibility_ratio']:.2f}" == quoted[1]
    assert f"{row['probability']:.2f}" == quoted[2]
    assert row["feasibility_ratio"] < 1 and row["status"] == "needs acceleration"


def test_data_format_example_table_reads_as_described(tmp_path) -> None:
    block = _block_starting("data_format.md", "text", "region,indicator_id,year,kind")
    path = tmp_path / "example.csv"
    path.write_text(block, encoding="utf-8")
    table = sf.read_table(path)
    ind = table.indicators().set_index("indicator_id")
    # known ids take the glossary's direction (the page says so)
    assert ind.loc["poverty_rate", "direction_source"] == "glossary"
    assert ind.loc["poverty_rate", "direction"] == "lower"
    assert ind.loc["nrd_communes", "scale"] == "count"
    res = sf.assess(table, target_year=2026).to_frame()
    assert len(res) == 2 and res["probability"].notna().all()


def test_methods_figures_of_a_share_that_rose_from_zero_are_the_models() -> None:
    # a docs review: the page said a median of 36.5% (13.3% from 0.5%), the model gives 36.26
    import pandas as pd

    text = " ".join((DOCS / "methods.md").read_text(encoding="utf-8").split())
    found = []
    for first in (0.0, 0.5):
        rows = [{"indicator_id": "s", "year": 2023 + i, "kind": "actual", "value": x,
                 "unit": "%", "name_vi": "Tỷ lệ"} for i, x in enumerate([first, 6.0])]
        rows.append({"indicator_id": "s", "year": 2025, "kind": "plan", "value": 10.0,
                     "unit": "%", "name_vi": "Tỷ lệ"})
        row = sf.assess(pd.DataFrame(rows), target_year=2025).to_frame().iloc[0]
        found.append((f"{row.outcome_p50:.1f}", f"{row.outcome_p90:.2f}" if first == 0 else
                      f"{row.outcome_p90:.1f}"))
    (m0, q0), (m1, q1) = found
    assert (f"a median of {m0}% and a 90% quantile of {q0}% the next year (from 0.5% to 6%, "
            f"{m1}% and {q1}%)") in text


def test_methods_figures_of_a_rounder_higher_plan_are_the_models() -> None:
    # methods.md, "When is a target met?": the plan's own decimals make a round plan of 120
    # read from 119.5, above a plan of 119.9 read from 119.85 (an edge-case review)
    import pandas as pd

    text = " ".join((DOCS / "methods.md").read_text(encoding="utf-8").split())
    got = {}
    for plan in (119.9, 120.0):
        table = pd.DataFrame({"indicator_id": "x", "year": [2021, 2022, 2023, 2024, 2025],
                              "kind": ["actual"] * 4 + ["plan"],
                              "value": [100, 104, 109, 115, plan], "unit": "tỷ đồng",
                              "direction": "higher"})
        row = sf.assess(table, target_year=2025).to_frame().iloc[0]
        got[plan] = (row["threshold"], f"{row['probability']:.2f}")
    assert got[120.0][0] == 119.5 and got[119.9][0] == 119.85
    assert (f"probability ({got[120.0][1]} against {got[119.9][1]} under the default model, "
            "for that series alone in billion VND)") in text
    assert got[120.0][1] > got[119.9][1]
