"""Type aliases shared across the package."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ArrayLike = npt.ArrayLike

#: How a target is judged: ``higher`` met when outcome >= target, ``lower`` when
#: outcome <= target, ``band`` when the outcome is within a tolerance of the target.
Direction = Literal["higher", "lower", "band"]
DIRECTIONS: tuple[str, ...] = ("higher", "lower", "band")

#: Kind of a row in the tidy table.
Kind = Literal["actual", "estimate", "plan"]
KINDS: tuple[str, ...] = ("actual", "estimate", "plan")

#: The scale an indicator lives on, which decides the model's transformation:
#: ``percent`` bounded in [0, 100] (logit), ``level`` positive (log), ``rate`` any sign
#: (identity; e.g. GRDP growth), ``count`` whole non-negative units (log, rounded, capped).
Scale = Literal["percent", "level", "rate", "count"]
SCALES: tuple[str, ...] = ("percent", "level", "rate", "count")

RngLike = np.random.Generator | int | None


def as_generator(rng: RngLike) -> np.random.Generator:
    """The random generator of an ``rng`` argument: a Generator as is, a seed (a whole
    number >= 0) or None (fresh entropy) through :func:`numpy.random.default_rng`.

    Raises
    ------
    InputError
        For anything else (``"abc"``, ``1.5``, ``-1``, ``True``), naming the argument.
    """
    from .errors import InputError

    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)) \
            and rng >= 0:
        return np.random.default_rng(int(rng))
    raise InputError(f"rng must be a numpy Generator, a seed (a whole number >= 0) or None, "
                     f"got {rng!r}", column="rng", value=rng)
