"""Trajectory models: a registry of specs, each fitted to a whole :class:`Panel` at once.

Examples
--------
>>> from sonla_forecast.models import get_model
>>> get_model("drift").name
'drift'
>>> sorted(MODELS)
['combination', 'drift', 'ets', 'naive', 'plan_record', 'refclass']
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from .base import (
    FittedModel,
    Forecast,
    Panel,
    SampleForecast,
    TForecast,
    TrajectoryModel,
    from_z,
    to_z,
)
from .combination import Combination, FittedCombination, MixtureForecast
from .drift import FittedDrift, PooledDrift
from .ets import ETSModel, FittedETS
from .naive import FittedNaive, NaiveNormalDrift
from .planrecord import FittedPlanRecord, PlanRecord, PlanRecordForecast
from .refclass import FittedRefClass, ReferenceClass

__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "Combination",
    "ETSModel",
    "FittedCombination",
    "FittedDrift",
    "FittedETS",
    "FittedModel",
    "FittedNaive",
    "FittedPlanRecord",
    "FittedRefClass",
    "Forecast",
    "MixtureForecast",
    "NaiveNormalDrift",
    "Panel",
    "PlanRecord",
    "PlanRecordForecast",
    "PooledDrift",
    "ReferenceClass",
    "SampleForecast",
    "TForecast",
    "TrajectoryModel",
    "from_z",
    "get_model",
    "to_z",
]

#: Model specs by name.
MODELS: dict[str, type] = {
    PooledDrift.name: PooledDrift,
    NaiveNormalDrift.name: NaiveNormalDrift,
    ETSModel.name: ETSModel,
    PlanRecord.name: PlanRecord,
    ReferenceClass.name: ReferenceClass,
    Combination.name: Combination,
}

#: Name of the model used when none is asked for.
DEFAULT_MODEL = "drift"


def get_model(name: str, **kwargs: Any) -> TrajectoryModel:
    """Build a model spec by name.

    Parameters
    ----------
    name : str
        One of the keys of :data:`MODELS`: ``"drift"``, ``"naive"``, ``"ets"``, ``"refclass"``,
        ``"combination"``, ``"plan_record"``.
    **kwargs
        Hyper-parameters passed to the spec's constructor.

    Returns
    -------
    TrajectoryModel

    Raises
    ------
    InputError
        If ``name`` is not a registered model (the message lists the valid names), or a
        keyword is not a hyper-parameter of that model.

    Examples
    --------
    >>> get_model("naive").name
    'naive'
    >>> try:
    ...     get_model("arima")
    ... except InputError as err:
    ...     print(str(err).split(";")[0])
    column 'model': unknown model 'arima'
    """
    if not isinstance(name, str) or name not in MODELS:
        valid = ", ".join(repr(k) for k in sorted(MODELS))
        raise InputError(
            f"unknown model {name!r}; expected one of {valid}", column="model", value=name
        )
    try:
        return MODELS[name](**kwargs)  # type: ignore[no-any-return]
    except TypeError as exc:
        raise InputError(f"bad hyper-parameters for model {name!r}: {exc}", column="model") from exc
