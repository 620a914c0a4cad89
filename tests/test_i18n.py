"""Both languages carry every string; numbers follow the language; every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from readiness.i18n import LANGUAGES, fmt_int, fmt_number, fmt_percent, strings, t

ROOT = Path(__file__).resolve().parent.parent


def test_languages_have_the_same_keys_and_no_empty_text():
    ids, ens = strings("id"), strings("en")
    assert set(ids) == set(ens)
    assert all(v.strip() for v in ids.values()) and all(v.strip() for v in ens.values())
    assert sum(ids[k] != ens[k] for k in ids) > 0.8 * len(ids)  # actually translated


def test_placeholders_match_between_languages():
    ids, ens = strings("id"), strings("en")
    for key in ids:
        assert set(re.findall(r"{(\w+)}", ids[key])) == set(re.findall(r"{(\w+)}", ens[key])), key


def _used_keys() -> set[str]:
    keys = set()
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "readiness_app").glob("*.py"),
                 *(ROOT / "readiness").glob("*.py")]:
        keys |= set(re.findall(r"\bt\(\"([a-z_]+\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    return keys


def test_every_literal_key_used_in_code_exists():
    used = _used_keys()
    assert len(used) > 60
    for lang in LANGUAGES:
        missing = used - set(strings(lang))
        assert not missing, (lang, missing)


def test_dynamic_keys_exist():
    from readiness.schema import EVENT_KINDS, EVENT_STATUSES

    for lang in LANGUAGES:
        for kind in EVENT_KINDS:
            t(f"events.kind.{kind.replace(' ', '_')}", lang)
        for status in EVENT_STATUSES:
            t(f"events.status.{status}", lang)
        for group in ("all", "ikn_buffer", "jakarta_buffer", "benchmark"):
            t(f"groups.{group}", lang)
        for status in ("ok", "single", "tied", "none"):
            t(f"methodology.status_{status}", lang)
        for method in ("goalposts", "minmax", "rank"):
            t(f"methodology.method_{method}", lang)


@pytest.mark.parametrize(("lang", "expected"), [("id", "1.234,5"), ("en", "1,234.5")])
def test_number_format_follows_language(lang, expected):
    assert fmt_number(1234.5, lang) == expected


def test_formats_and_missing():
    assert fmt_int(2572209, "id") == "2.572.209"
    assert fmt_percent(0.456, "en") == "46%"
    assert fmt_number(np.nan, "id") == "tidak ada data"
    assert fmt_number(None, "en") == "no data"
    assert t("overview.scored_value", "en", scored=3, total=5) == "3 of 5"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        strings("fr")
