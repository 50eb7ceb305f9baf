"""Smoke tests of ``examples/*.py`` (as arch's ``test_examples.py``): each runs and prints.

Each example runs once with :func:`runpy.run_path`; examples with known output get extra
checks in :data:`EXPECTED`.
"""

from __future__ import annotations

import runpy
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


EXPECTED: dict[str, Callable[[str], None]] = {
    "assess_sonla_2025.py": _check_assess_sonla_2025,
}


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert set(EXPECTED) <= names, f"examples missing: {set(EXPECTED) - names}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(path), run_name="__main__")
    out, err = capsys.readouterr()
    assert out.strip(), f"{path.name} printed nothing"
    assert err == ""
    assert "nan" not in out.lower().split()  # no bare NaN printed as a result
    if path.name in EXPECTED:
        EXPECTED[path.name](out)
