"""Bundled data sets, read from the package (never from a checkout once installed)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError
from .io.read import Resolution
from .table import IndicatorTable, read_table

__all__ = [
    "data_path",
    "load_sonla_2025",
    "load_sonla_2025_resolution",
    "load_sonla_five_year",
    "load_sonla_history",
]


def data_path(name: str) -> Path:
    """Path of a bundled data file.

    The wheel carries the project's ``data/`` folder as ``sonla_forecast/_data``; an editable
    install (``pip install -e .``) reads the same files from the checkout's ``data/``.

    Parameters
    ----------
    name : str
        File name, e.g. ``"sonla_2025.csv"`` (a name in the folder, not a path).

    Returns
    -------
    pathlib.Path
        The file's path.

    Raises
    ------
    InputError
        If ``name`` is a path, or no bundled file has that name.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> sf.datasets.data_path("sonla_2025.csv").name
    'sonla_2025.csv'
    """
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        raise InputError(f"{name!r} is not a file name of the bundled data (a name such as "
                         "'sonla_2025.csv', not a path)", column="name", value=name)
    packaged = resources.files("sonla_forecast") / "_data" / name
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data" / name
    if checkout.is_file():
        return checkout
    raise InputError(f"bundled data file {name!r} not found (looked in the package and in "
                     f"{checkout.parent})")


def load_sonla_2025(*, revised: bool = False) -> IndicatorTable:
    """Sơn La's 2025 plan targets with their 2023-2024 history, from resolution 420/NQ-HĐND.

    The 34 value rows of annex 01 of Nghị quyết 420/NQ-HĐND (5 Dec 2024) of the Sơn La
    People's Council: for each, the 2023 actual, the 2024 plan, the 2024 estimate and the 2025
    plan (136 rows).

    Parameters
    ----------
    revised : bool, default False
        Add the targets revised during 2025 (``data/sonla_2025_revisions.csv``): resolution
        457/NQ-HĐND (February 2025) raised the GRDP growth target from 5.5% to 8%. Both
        versions are kept (the table is read with ``duplicates="latest_source"``: the later
        one is in force, the earlier one is in ``IndicatorTable.dropped``), and
        :func:`~sonla_forecast.assess` lists them in its ``revisions`` column.

    Returns
    -------
    IndicatorTable

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> t = sf.load_sonla_2025()
    >>> len(t), t.plan_years()
    (136, [2024, 2025])
    >>> len(sf.load_sonla_2025(revised=True).dropped)
    1
    """
    if not isinstance(revised, bool):  # "yes" or "no" would both add the revisions
        raise InputError(f"revised must be True or False, got {revised!r}", column="revised",
                         value=revised)
    if not revised:
        return read_table(data_path("sonla_2025.csv"))
    import pandas as pd

    frames = [pd.read_csv(data_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
              for name in ("sonla_2025.csv", "sonla_2025_revisions.csv")]
    return read_table(pd.concat(frames, ignore_index=True), duplicates="latest_source")


def load_sonla_2025_resolution() -> Resolution:
    """The bundled 420/NQ-HĐND annex as a :class:`~sonla_forecast.io.read.Resolution`
    (the tidy table of :func:`load_sonla_2025` plus the published ratio columns).

    Returns
    -------
    Resolution
        Its ``table`` (:func:`load_sonla_2025`), ``ratios`` (18 published ratios), ``source``
        and ``title``.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> len(sf.datasets.load_sonla_2025_resolution().ratios)
    18
    """
    from .io.read import read_ratios

    table = load_sonla_2025()
    ratios = read_ratios(data_path("sonla_2025_ratios.csv")).reset_index(drop=True)
    source = str(table._frame["source"].iat[0])
    return Resolution(table=table, ratios=ratios, source=source,
                      title="CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2025")


def load_sonla_history() -> IndicatorTable:
    """Resolution 420/NQ-HĐND merged with Sơn La's figures reported in public sources.

    For backtests and fitting: the 136 rows of :func:`load_sonla_2025` plus actuals and
    estimates for 2020-2024 gathered from provincial and national reports (each row names its
    source; ``data/README.md`` lists the merge rules and the rows dropped). Some rows were
    published after the resolution (e.g. the 2024 actual poverty rate), so do not use this
    table to assess 2025 "before the year".

    Returns
    -------
    IndicatorTable
        The merged table, 2020-2025.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> t = sf.datasets.load_sonla_history()
    >>> min(t.frame["year"]), max(t.frame["year"])
    (2020, 2025)
    """
    return read_table(data_path("sonla_history.csv"))


def load_sonla_five_year() -> IndicatorTable:
    """Sơn La's 2021-2025 term targets for 2025, with the observations up to 2024.

    The targets set by the provincial Party Congress (Sept. 2020) for the end of the term,
    including two multi-year targets: average GRDP growth over 2021-2025
    (``grdp_growth_avg_5y``, ``aggregate = mean`` of ``grdp_growth``) and total social
    investment over 2021-2025 (``investment_total_cum_2021_2025``, ``aggregate = sum`` of
    ``investment_total``). The observations are those of :func:`load_sonla_history` (no
    annual plans), so ``assess(..., target_year=2025)`` asks: are the five-year targets still
    reachable?

    Returns
    -------
    IndicatorTable
        The five-year targets and the observations up to 2024.

    Examples
    --------
    >>> import sonla_forecast as sf
    >>> t = sf.datasets.load_sonla_five_year()
    >>> sorted(t.frame.loc[t.frame["aggregate"] != "", "indicator_id"])
    ['grdp_growth_avg_5y', 'investment_total_cum_2021_2025']
    """
    return read_table(data_path("sonla_five_year_2021_2025.csv"))
