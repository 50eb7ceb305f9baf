"""Trajectory models: a registry of specs, each fitted to a whole :class:`Panel` at once.

Examples
--------
>>> from sonla_forecast.models import MODELS, get_model
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
    "PLAN_CONDITIONED_MODELS",
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
    "plan_conditioned",
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


#: Models whose forecast is built around the plan being assessed (``Panel.target``): they
#: answer "will this plan be met", not "where will the indicator be", so a target cannot be read
#: off them without a plan and multi-year paths cannot be simulated from them.
PLAN_CONDITIONED_MODELS: tuple[str, ...] = ("plan_record",)


def plan_conditioned(spec: Any) -> bool:
    """Whether a model spec (or a combination with such a component) is plan-conditioned.

    Parameters
    ----------
    spec : TrajectoryModel
        A model spec, as :func:`get_model` builds it. Its ``name`` is looked up in
        :data:`PLAN_CONDITIONED_MODELS`, and so are the names of its ``components`` (given as
        names or as specs) when it has any, as :class:`Combination` does. A bare name (a
        ``str``) is not a spec: it has neither, so the answer is False.

    Returns
    -------
    bool
        True when the spec, or one of its components, is a model in
        :data:`PLAN_CONDITIONED_MODELS` (its forecast is built around the plan assessed).
    """
    if getattr(spec, "name", None) in PLAN_CONDITIONED_MODELS:
        return True
    return any(
        (c if isinstance(c, str) else getattr(c, "name", "")) in PLAN_CONDITIONED_MODELS
        for c in getattr(spec, "components", ())
    )


def get_model(name: str | TrajectoryModel, **kwargs: Any) -> TrajectoryModel:
    """Build a model spec by name (a spec built already is returned as it is).

    Parameters
    ----------
    name : str or model spec
        One of the keys of :data:`MODELS`: ``"drift"``, ``"naive"``, ``"ets"``, ``"refclass"``,
        ``"combination"``, ``"plan_record"``; or a spec such as
        ``sf.models.PooledDrift(damping=0.5)``, with its own hyper-parameters.
    **kwargs
        Hyper-parameters passed to the spec's constructor (none with a spec).

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
    >>> import sonla_forecast as sf
    >>> sf.models.get_model("naive").name
    'naive'
    >>> try:
    ...     sf.models.get_model("arima")
    ... except sf.InputError as err:
    ...     print(str(err).split(";")[0])
    column 'model': unknown model 'arima'
    """
    if isinstance(name, type) and getattr(name, "name", None) in MODELS:
        raise InputError(f"model={name.__name__} is the class; pass a spec built from it, "
                         f"model={name.__name__}(), or its name, model={name.name!r}",
                         column="model", value=name.__name__)
    if not isinstance(name, str) and callable(getattr(name, "fit", None)) and \
            getattr(name, "name", None) in MODELS:
        if kwargs:
            raise InputError(f"hyper-parameters {sorted(kwargs)} go into the spec itself "
                             f"(model={type(name).__name__}(...)), not beside it",
                             column="model")
        return name
    if not isinstance(name, str) or name not in MODELS:
        valid = ", ".join(repr(k) for k in sorted(MODELS))
        raise InputError(
            f"unknown model {name!r}; expected one of {valid}", column="model", value=name
        )
    try:
        return MODELS[name](**kwargs)  # type: ignore[no-any-return]
    except TypeError as exc:
        raise InputError(f"bad hyper-parameters for model {name!r}: {exc}", column="model") from exc
