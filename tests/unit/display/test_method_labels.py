"""Method labels have one home (readiness/display/locales/methods.{id,en}.yaml, read through
readiness.display.methods): every method of every stage registry has every label in every language, a missing one is
named by its key, every method an engine run reports reads as a label, and the labels' former homes are gone."""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import pytest

import readiness
from readiness.display import export, methods, notes
from readiness.display.i18n import LANGUAGES, load_locale, strings
from readiness.pipeline.normalise import NORMALISERS, n_minmax
from readiness.pipeline.provenance import MethodUsed, Note

ROOT = Path(__file__).resolve().parents[3]


def test_every_registered_method_has_every_label_in_every_language():
    assert methods.missing_labels() == []


def test_a_method_registered_without_labels_is_named_by_its_keys(monkeypatch):
    def toy(x, nodes, spec):  # a test double, not a method of the project
        return n_minmax(x, *spec.range), [MethodUsed("toy")] * len(nodes)

    monkeypatch.setitem(NORMALISERS, "toy", toy)
    missing = methods.missing_labels()
    assert [k for k in missing if k.startswith("en: ")] == [f"en: methods.normalise.toy.{f}"
                                                             for f in methods.FIELDS["normalise"]]
    assert "id: methods.normalise.toy.name" in missing
    with pytest.raises(KeyError, match=r"methods\.normalise\.toy\.name"):
        methods.label("normalise", "toy", "en")


def test_an_empty_label_counts_as_missing(monkeypatch):
    monkeypatch.setitem(strings("id"), "methods.aggregate.geometric.term", " ")
    assert methods.missing_labels() == ["id: methods.aggregate.geometric.term"]


@pytest.mark.parametrize("method", list(methods.names("normalise")))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_method_a_normaliser_reports_reads_as_a_label(mini, method, lang):
    """Scored with each normaliser, every indicator's method used (fallbacks and targets too) has a label, and the
    export's one-line summary names the method and the aggregation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)  # the fixture's one-region indicator
        res = readiness.score(mini.framework, mini.observations, regions=mini.regions, year=2024, window=3,
                              normalise=method)
    for used in res.methods.values():
        text = methods.used_label(used, lang)
        assert text.strip() and "{" not in text, (used, text)
    for aggregate in methods.names("aggregate"):
        spec = res.spec.but(aggregate=aggregate)
        summary = export.method_summary(spec, lang)
        assert methods.label("normalise", method, lang, "term") in summary
        assert methods.label("aggregate", aggregate, lang, "term") in summary


def test_method_used_labels_compose_the_term_the_reason_and_the_target():
    assert methods.used_label(MethodUsed("minmax", fallback="no_target"), "en") == "min-max (no target set)"
    assert methods.used_label(MethodUsed("target", target=75.0), "id") == "jarak ke target 75"
    assert methods.used_label(MethodUsed("rank"), "en") == "rank (percentile)"


def test_names_follow_the_registries():
    assert methods.names("normalise") == tuple(NORMALISERS)
    assert set(methods.STAGES) == set(methods.FIELDS) == {"normalise", "aggregate", "impute", "treat"}
    assert methods.label("impute", "group-mean", "en") == "group mean"


def test_the_former_homes_of_method_labels_are_gone():
    for lang in LANGUAGES:
        stale = [k for k in strings(lang) if k.startswith(("terms.method.", "export.aggregate."))]
        assert stale == [], (lang, stale)
    app = {k for lang in LANGUAGES for k in _app_strings(lang)}
    assert not [k for k in app if k.startswith(("whatif.aggregations.", "methodology.method_"))]
    settings = tomllib.loads((ROOT / "readiness_app" / "settings.toml").read_text(encoding="utf-8"))
    assert "normalise" not in settings["choices"]


def _app_strings(lang: str) -> dict[str, str]:
    return load_locale(ROOT / "readiness_app" / "locales", lang)


def test_notes_name_an_imputation_by_its_label(mini):
    note = Note("imputed", count=2, detail="group-mean")
    assert notes.describe(note, mini.framework, "en").endswith("(mean of the region's group).")
