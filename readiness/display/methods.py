"""The labels of the engine's methods, from their one home: ``locales/methods.{id,en}.yaml``, keyed by stage and by
the method's name in its stage registry (``methods.normalise.minmax.name``).

Every widget, table, note and export that names a method reads it here, so adding a method is its function, one
line in its registry (:data:`STAGES`) and its labels in each language; :func:`missing_labels` names any label still
missing (a test runs it for every registered method).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from readiness.display.i18n import LANGUAGES, strings, t
from readiness.pipeline.aggregate import AGGREGATORS
from readiness.pipeline.impute import IMPUTERS
from readiness.pipeline.normalise import NORMALISERS
from readiness.pipeline.provenance import MethodUsed
from readiness.pipeline.treat import TREATMENTS

__all__ = ["FIELDS", "STAGES", "label", "missing_labels", "names", "used_label"]

#: The stage registries, by the stage name the locale files use. The registries themselves, so a method registered
#: later (a plug-in, a test double) is seen too.
STAGES: Mapping[str, Mapping[str, object]] = MappingProxyType({
    "normalise": NORMALISERS, "aggregate": AGGREGATORS, "impute": IMPUTERS, "treat": TREATMENTS})

#: The labels every method of a stage has in every language: ``name`` (short: options, captions, a shared link's
#: value), ``term`` (tables, notes, exports); a normaliser also ``hint`` (the sidebar's help) and ``about`` (the
#: Methodology page).
FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "normalise": ("name", "term", "hint", "about"), "aggregate": ("name", "term"), "impute": ("name", "term"),
    "treat": ("name", "term")})


def names(stage: str) -> tuple[str, ...]:
    """The methods of ``stage`` (``"normalise"``, ``"aggregate"``, ``"impute"``, ``"treat"``), in registry order."""
    return tuple(STAGES[stage])


def label(stage: str, method: str, lang: str, field: str = "name") -> str:
    """The ``field`` label of ``method`` of ``stage`` in ``lang`` (``label("normalise", "minmax", "id")`` ->
    ``"min-max"``); a missing label raises :class:`KeyError` naming its key."""
    return t(f"methods.{stage}.{method}.{field}", lang)


def used_label(used: MethodUsed, lang: str) -> str:
    """The normalisation applied to one indicator, in ``lang``: its term, the reason where it stands in for the
    method asked for (``min-max (no fixed scale)``), the target where it has one (``distance to target 5``)."""
    text = label("normalise", used.method, lang, "term")
    if used.fallback:
        text = t("method_used.fallback", lang, method=text, reason=t(f"method_used.reason.{used.fallback}", lang))
    if used.target is not None:
        text = t("method_used.target", lang, method=text, target=f"{used.target:g}")
    return text


def missing_labels(languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Every label a registered method lacks, as ``"<lang>: <key>"`` (empty when every method is labelled)."""
    missing = []
    for lang in languages:
        texts = strings(lang)
        for stage, fields in FIELDS.items():
            missing += [f"{lang}: methods.{stage}.{method}.{field}" for method in STAGES[stage] for field in fields
                        if not texts.get(f"methods.{stage}.{method}.{field}", "").strip()]
    return missing
