"""Every normaliser on every page: with each method of ``NORMALISERS`` chosen the way a user shares it (the sidebar's
``?method=`` in the link), every page of the registry (``readiness_app.pages``) runs without an exception. And the
README's promise: a normaliser added as one function, one registry line and one label per language (here a test
double) works on every page, its labels read from their one home.

One AppTest session per normaliser visits every page in turn, as a user would, and the failure names every page
that failed (about 4 s per normaliser; a fresh session per normaliser and page would cost about 1.5 s each)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from readiness.display import methods
from readiness.display.i18n import LANGUAGES, strings
from readiness.pipeline import normalise
from readiness.pipeline.normalise import NORMALISERS, n_minmax
from readiness.pipeline.provenance import MethodUsed
from readiness_app.pages import PAGES
from readiness_app.pages import page as page_info

ROOT = Path(__file__).resolve().parents[2]


def _session(method: str) -> AppTest:
    """A new session opened from a link that carries ``method`` (its name: a link carries codes, not labels)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["method"] = method
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="method").value == method  # the link chose it, not the default
    return at


def _failures(at: AppTest, method: str) -> dict[str, list[str]]:
    """Visit every page in the registry's order; per page that fails, what went wrong."""
    failed = {}
    for info in PAGES:
        if not info.default:
            at.switch_page(info.file).run()
        problems = [str(e.value)[:120] for e in at.exception]  # redacted: the traceback is in the captured log
        if not at.title:
            problems.append("no title drawn")
        if at.selectbox(key="method").value != method:
            problems.append(f"the normalisation is {at.selectbox(key='method').value!r} here")
        if problems:
            failed[info.name] = problems
    return failed


@pytest.mark.parametrize("method", list(NORMALISERS))
def test_every_page_runs_with_every_normaliser(method):
    assert _failures(_session(method), method) == {}


def _toy(x: np.ndarray, nodes, spec) -> tuple[np.ndarray, list[MethodUsed]]:
    """A test double: min-max with the scale reversed twice (so, min-max), reported under its own name."""
    direction = np.array([n.direction for n in nodes], dtype=float)
    return n_minmax(-(-x * direction), *spec.range), [MethodUsed("toy")] * len(nodes)


def _swap_names(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    """Point every loaded ``readiness`` module that holds the tuple of normaliser names ``old`` at ``new``."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "readiness" and getattr(module, "NORMALISE_METHODS", None) is old:
            module.NORMALISE_METHODS = new


@pytest.fixture()
def toy_normaliser(monkeypatch) -> Iterator[str]:
    """Register the test double ``toy`` as the README says: one function, one registry line and its labels in each
    language (put into the display layer's loaded locale, which is what methods.{id,en}.yaml would hold).

    A registry line made at run time must also reach the tuple of names that modules took at import
    (``NORMALISE_METHODS = tuple(NORMALISERS)``), as a line in the source would; it is put back afterwards."""
    monkeypatch.setitem(NORMALISERS, "toy", _toy)
    for lang in LANGUAGES:
        for field in methods.FIELDS["normalise"]:
            monkeypatch.setitem(strings(lang), f"methods.normalise.toy.{field}", f"toy-{field}-{lang} (test double)")
    old = normalise.NORMALISE_METHODS
    new = (*old, "toy")
    _swap_names(old, new)
    yield "toy"
    _swap_names(new, old)


def test_a_normaliser_added_as_the_readme_says_works_on_every_page(toy_normaliser):
    assert methods.missing_labels() == []
    at = _session(toy_normaliser)
    assert _failures(at, toy_normaliser) == {}
    at.switch_page(page_info("methodology").file).run()
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "toy-about-id (test double)" in shown and "toy-name-id (test double)" in shown
    table = next(df.value for df in at.dataframe if "toy-term-id (test double)" in df.value.to_string())
    assert len(table) >= 3  # the methods table names the method used for each indicator by its term
