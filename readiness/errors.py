"""The project's own exceptions and warnings.

Every error carries a list of problems so that a user can fix a spreadsheet once, not twenty times. Each problem
names the file, the row or node, the column and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DataError", "FrameworkError", "ReadinessError", "ReadinessWarning", "ScoringError", "UnknownNameError",
           "clip"]

_CLIP = 80


def clip(value: object, limit: int = _CLIP) -> str:
    """``repr(value)`` cut to about ``limit`` characters (with the full length said), for error messages."""
    if isinstance(value, str | bytes) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4,300 digits cannot be printed
        return "<a number of more than 4,300 digits>"
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


class ReadinessError(ValueError):
    """Base class of the errors raised by :mod:`readiness` for bad input.

    Parameters
    ----------
    problems
        One human-readable line per problem. The exception message joins them.
    """

    #: At most this many problems are kept, each cut to ``MAX_PROBLEM_CHARS``, so a hostile file cannot make a
    #: message of megabytes; a last line says how many more there were.
    MAX_PROBLEMS = 200
    MAX_PROBLEM_CHARS = 500

    def __init__(self, problems: str | Iterable[str]):
        items = [problems] if isinstance(problems, str) else list(problems)
        kept = [p if len(p) <= self.MAX_PROBLEM_CHARS else p[: self.MAX_PROBLEM_CHARS] + "... (cut)"
                for p in (str(x) for x in items[: self.MAX_PROBLEMS])]
        if len(items) > self.MAX_PROBLEMS:
            kept.append(f"... and {len(items) - self.MAX_PROBLEMS:,} more problem(s)")
        self.problems: tuple[str, ...] = tuple(kept)
        super().__init__("\n".join(self.problems))


class FrameworkError(ReadinessError):
    """The indicator framework (YAML or table) is invalid."""


class DataError(ReadinessError):
    """A data table (regions, observations, sources, events) is invalid."""


class ScoringError(ReadinessError):
    """Scoring cannot proceed with the given data and options (e.g. a geometric mean of a value <= 0)."""


class UnknownNameError(ReadinessError, KeyError):
    """A region, node or indicator asked for by name is not there (the message names it and what is). Also a
    :class:`KeyError`, so that code looking names up with ``except KeyError`` keeps working."""

    __str__ = Exception.__str__  # the message as given, not KeyError's quoted repr


class ReadinessWarning(UserWarning):
    """A scoring step did something the user should know about (zero-range indicator, rescaled weights...)."""
