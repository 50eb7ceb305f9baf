"""Small helpers for the wording of notes (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["first_few"]


def first_few(items: Sequence[str], k: int = 5) -> str:
    """The first ``k`` items joined by commas, then how many more there are.

    Examples
    --------
    >>> from sonla_forecast._text import first_few
    >>> first_few(["a", "b"]), first_few(list("abcdefg"), 3)
    ('a, b', 'a, b, c and 4 more')
    """
    return ", ".join(items[:k]) + (f" and {len(items) - k} more" if len(items) > k else "")
