"""The library's terms in both languages: same keys, same placeholders, numbers formatted per language, every key
the display code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from readiness.display.i18n import LANGUAGES, fmt_int, fmt_number, fmt_percent, load_locale, parse_number, strings, t
from readiness.pipeline.provenance import INDICATOR_STATUSES, NOTE_KINDS

ROOT = Path(__file__).resolve().parents[3]


def test_languages_have_the_same_keys_and_no_empty_text():
    ids, ens = strings("id"), strings("en")
    assert set(ids) == set(ens)
    assert all(v.strip() for v in ids.values()) and all(v.strip() for v in ens.values())
    assert sum(ids[k] != ens[k] for k in ids) > 0.8 * len(ids)  # actually translated


def test_placeholders_match_between_languages():
    ids, ens = strings("id"), strings("en")
    for key in ids:
        assert set(re.findall(r"{(\w+)}", ids[key])) == set(re.findall(r"{(\w+)}", ens[key])), key


def test_every_literal_key_used_by_the_display_layer_exists():
    used = set()
    for path in (ROOT / "readiness" / "display").glob("*.py"):
        used |= set(re.findall(r"\bt\(\"([a-z_]+\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) > 10
    for lang in LANGUAGES:
        assert not used - set(strings(lang)), lang


def test_every_engine_record_has_words():
    from readiness.model.schema import EVENT_KINDS, EVENT_STATUSES

    for lang in LANGUAGES:
        for kind in EVENT_KINDS:
            t(f"events.kind.{kind.replace(' ', '_')}", lang)
        for status in EVENT_STATUSES:
            t(f"events.status.{status}", lang)
        for status in INDICATOR_STATUSES:
            t(f"terms.status.{status}", lang)
        for kind in NOTE_KINDS:
            t(f"notes.{kind}", lang, names="x", count=1, detail="y")


@pytest.mark.parametrize(("lang", "expected"), [("id", "1.234,5"), ("en", "1,234.5")])
def test_number_format_follows_language(lang, expected):
    assert fmt_number(1234.5, lang) == expected


def test_formats_and_missing():
    assert fmt_int(2572209, "id") == "2.572.209"
    assert fmt_percent(0.456, "en") == "46%"
    assert fmt_number(np.nan, "id") == "tidak ada data"
    assert fmt_number(None, "en") == "no data"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        strings("fr")


@pytest.mark.parametrize(("typed", "number"), [
    ("3,05", 3.05), ("3.05", 3.05), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567.0),
    (" -2,5 ", -2.5), ("−2,5", -2.5), ("", None), ("7", 7.0),
])
def test_a_number_typed_in_either_convention(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["abc", "nan", "inf", "1,2,3.4.5", "3,05x"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_an_unquoted_yes_or_no_in_a_locale_file_is_refused_not_shown_as_true(tmp_path):
    """YAML 1.1 reads ``answer_yes: yes`` as True: the page showed "True"/"False" in an English column."""
    (tmp_path / "en.yaml").write_text("common:\n  answer_yes: yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"common\.answer_yes: a text read as the boolean True"):
        load_locale(tmp_path, "en")
    (tmp_path / "en.yaml").write_text("common:\n  answer_yes: 'yes'\n", encoding="utf-8")
    assert load_locale(tmp_path, "en") == {"common.answer_yes": "yes"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_yes_and_no_are_words(lang):
    assert (t("common.answer_yes", lang), t("common.answer_no", lang)) == {"id": ("ya", "tidak"),
                                                                            "en": ("yes", "no")}[lang]
