"""The engine's typed notes (:class:`~readiness.pipeline.provenance.Note`) as sentences in Bahasa Indonesia or English.

The engine records what it did once, as data; this is the only place that turns a note into words for a page.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.display import methods
from readiness.display.i18n import t
from readiness.model.framework import Framework
from readiness.pipeline.provenance import Note

__all__ = ["describe", "describe_all"]


#: Notes whose ``detail`` is the name of a method of this stage (shown by its label).
_METHOD_DETAIL = {"imputed": "impute", "treated": "treat"}


def describe(note: Note, framework: Framework, lang: str) -> str:
    """One note as a sentence in ``lang``, indicators by their names, a method by its label."""
    names = ", ".join(framework.node(i).name(lang) for i in note.indicators)
    detail = note.detail
    if note.kind in _METHOD_DETAIL and detail:
        detail = methods.label(_METHOD_DETAIL[note.kind], detail, lang, "term")
    return t(f"notes.{note.kind}", lang, names=names, count=note.count, detail=detail)


def describe_all(notes: Iterable[Note], framework: Framework, lang: str,
                 kinds: Iterable[str] | None = None) -> list[str]:
    """Every note (or those of ``kinds``) as sentences in ``lang``."""
    wanted = set(kinds) if kinds is not None else None
    return [describe(n, framework, lang) for n in notes if wanted is None or n.kind in wanted]
