"""The engine's typed notes (:class:`~readiness.pipeline.provenance.Note`) as sentences in Bahasa Indonesia or English.

The engine records what it did once, as data; this is the only place that turns a note into words for a page.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.display.i18n import t
from readiness.model.framework import Framework
from readiness.pipeline.provenance import Note

__all__ = ["describe", "describe_all"]


def describe(note: Note, framework: Framework, lang: str) -> str:
    """One note as a sentence in ``lang``, indicators by their names."""
    names = ", ".join(framework.node(i).name(lang) for i in note.indicators)
    return t(f"notes.{note.kind}", lang, names=names, count=note.count, detail=note.detail)


def describe_all(notes: Iterable[Note], framework: Framework, lang: str,
                 kinds: Iterable[str] | None = None) -> list[str]:
    """Every note (or those of ``kinds``) as sentences in ``lang``."""
    wanted = set(kinds) if kinds is not None else None
    return [describe(n, framework, lang) for n in notes if wanted is None or n.kind in wanted]
