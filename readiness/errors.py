"""The project's own exceptions and warnings.

Every error carries a list of problems so that a user can fix a spreadsheet once, not twenty times. Each problem
names the file, the row or node, the column and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DataError", "FrameworkError", "ReadinessError", "ReadinessWarning", "ScoringError"]


class ReadinessError(ValueError):
    """Base class of the errors raised by :mod:`readiness` for bad input.

    Parameters
    ----------
    problems
        One human-readable line per problem. The exception message joins them.
    """

    def __init__(self, problems: str | Iterable[str]):
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


class FrameworkError(ReadinessError):
    """The indicator framework (YAML or table) is invalid."""


class DataError(ReadinessError):
    """A data table (regions, observations, sources, events) is invalid."""


class ScoringError(ReadinessError):
    """Scoring cannot proceed with the given data and options (e.g. a geometric mean of a value <= 0)."""


class ReadinessWarning(UserWarning):
    """A scoring step did something the user should know about (zero-range indicator, rescaled weights...)."""
