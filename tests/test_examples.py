"""Smoke tests of ``examples/*.py`` (as arch's ``test_examples.py``): each runs and prints.

Each example runs once with :func:`runpy.run_path`; examples with known output get extra
checks in :data:`EXPECTED`.
"""

from __future__ import annotations

import runpy
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


def _check_assess_sonla_2025(out: str) -> None:
    assert "Targets for 2025: 34" in out
    assert "poverty_rate" in out
    tail = out.split("The five targets least likely to be met:")[1].strip().splitlines()
    assert len(tail) == 5
    assert all("P(met) = " in line for line in tail)
    assert "structure_industry, CN - XD (%)" in out  # the id names a terse Vietnamese name


def _check_draft_next_year_targets(out: str) -> None:
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    # communes are whole numbers, as the resolution and the targets guide print them; shares
    # keep their decimals even where whole
    assert rows["nrd_communes"][2:5] == ["74", "76", "83"]
    assert rows["structure_industry"][2] == "32.00"


EXPECTED: dict[str, Callable[[str], None]] = {
    "assess_sonla_2025.py": _check_assess_sonla_2025,
    "draft_next_year_targets.py": _check_draft_next_year_targets,
}


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert set(EXPECTED) <= names, f"examples missing: {set(EXPECTED) - names}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(path)])  # run as a script, without arguments
    runpy.run_path(str(path), run_name="__main__")
    out, err = capsys.readouterr()
    assert out.strip(), f"{path.name} printed nothing"
    assert err == ""
    assert "nan" not in out.lower().split()  # no bare NaN printed as a result
    if path.name in EXPECTED:
        EXPECTED[path.name](out)


def test_the_province_example_assesses_the_table_it_is_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A table named TABLE.CSV (capitals) was set aside for the bundled Sơn La table, and the
    # year defaulted to the last plan year where the command line takes the first open one.
    table = tmp_path / "DIENBIEN.CSV"
    shutil.copy(Path(__file__).parent / "fixtures" / "table_small.csv", table)
    path = next(p for p in EXAMPLES if p.name == "assess_province_from_csv.py")
    monkeypatch.setattr(sys, "argv", [str(path), str(table)])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # its outputs go here
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    import sonla_forecast as sf

    year = sf.read_table(table).default_target_year()
    assert f"Targets for {year}: " in out and "Targets for 2025: 34" not in out
