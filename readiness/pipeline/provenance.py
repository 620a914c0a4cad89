"""What the engine did, as typed records: computed once while scoring, translated only at the display edge.

* :class:`MethodUsed`: the normalisation applied to one indicator (which may differ from the one asked for, e.g.
  min-max where an indicator has no fixed scale under ``goalposts``).
* :class:`Note`: something the user must know about a result, with a ``kind`` from :data:`NOTE_KINDS`, the
  indicators concerned and a count. ``str(note)`` is a plain English sentence (command line, warnings); the
  dashboard translates the kind (``readiness.display.notes``). Nothing parses these strings back.
* Indicator status (:data:`INDICATOR_STATUSES`): whether the regions compared could be compared on an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_YEAR_RULE", "INDICATOR_STATUSES", "NOTE_KINDS", "MethodUsed", "Note"]

#: How the default year is chosen (:func:`readiness.pipeline.scoring.default_year`), in words: the command line's
#: notes and help; the methodology page says the same in the reader's language.
DEFAULT_YEAR_RULE = ("the latest year in which most study regions have every core value from that year or the year "
                     "before (else the latest year in which the most of them do; with the extended index, the latest "
                     "year in which the most study regions have an index)")

#: ``ok``: comparable; ``single``: one region only (left out of relative scores); ``tied``: every region equal
#: (middle of the scale); ``none``: no region has a value.
INDICATOR_STATUSES = ("ok", "single", "tied", "none")

#: The kinds of :class:`Note` the engine writes.
NOTE_KINDS = ("single_region", "tied", "no_target", "imputed", "treated", "weights_rescaled", "set_aside",
              "insufficient", "missing_core", "default_year")


@dataclass(frozen=True)
class MethodUsed:
    """The normalisation applied to one indicator.

    ``method`` is a registry name (``goalposts``, ``minmax``, ``zscore``, ``rank``, ``target``); ``fallback`` says
    why it differs from the method asked for (``no_goalposts``, ``no_target``), and ``target`` is the target used
    by ``target``.
    """

    method: str
    fallback: str | None = None
    target: float | None = None

    @property
    def fixed_scale(self) -> bool:
        """True when the scale does not depend on the regions compared (goalposts, distance to a target)."""
        return self.method in ("goalposts", "target")

    def __str__(self) -> str:
        if self.method == "target":
            return f"target {self.target:g}"
        return f"{self.method} ({self.fallback.replace('_', ' ')})" if self.fallback else self.method


_TEXT = {
    "single_region": "indicator(s) {ids} have data for only one region: with nothing to compare they are left out "
                     "of the scores (their raw values are still shown)",
    "tied": "indicator(s) {ids} have the same value for every region with data: all get the middle of the scale",
    "no_target": "indicator(s) {ids} have no target or goalposts: min-max used instead of distance to target",
    "imputed": "{count} missing value(s) imputed by {detail}",
    "treated": "{count} value(s) changed by outlier treatment ({detail})",
    "weights_rescaled": "weights under {ids} sum to {detail}; rescaled to sum to 1",
    "missing_core": "{count} region(s) have figures but no index: the index is the common core and needs every core "
                    "indicator within the year window; lacking: {ids}",
    "default_year": "no year given: scored {count}, the default year (the dashboard's): " + DEFAULT_YEAR_RULE,
    "set_aside": "indicator(s) {ids} have no value for any compared region in the year window: set aside, not "
                 "counted against anyone's coverage",
    "insufficient": "{count} region(s) have some data but not enough for an index (sufficiency rule: pillar "
                    "coverage / pillars needed = {detail}): shown as 'not enough data'",
}


@dataclass(frozen=True)
class Note:
    """One fact about a result the user must know. ``kind`` is one of :data:`NOTE_KINDS`."""

    kind: str
    indicators: tuple[str, ...] = ()
    count: int = 0
    detail: str = ""

    def __str__(self) -> str:
        ids = ", ".join(repr(i) for i in self.indicators)
        return _TEXT[self.kind].format(ids=ids, count=self.count, detail=self.detail)
