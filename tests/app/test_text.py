"""The app's page copy in both languages, on top of the library's terms: same keys, same placeholders, every key
the pages and app helpers use exists."""

from __future__ import annotations

import re
from pathlib import Path

from readiness.display.i18n import LANGUAGES
from readiness.display.methods import label, names
from readiness_app.text import strings, t

ROOT = Path(__file__).resolve().parents[2]


def test_page_copy_has_the_same_keys_and_placeholders_in_both_languages():
    ids, ens = strings("id"), strings("en")
    assert set(ids) == set(ens)
    for key in ids:
        assert set(re.findall(r"{(\w+)}", ids[key])) == set(re.findall(r"{(\w+)}", ens[key])), key


def test_every_literal_key_used_by_the_app_exists():
    used = set()
    for path in [ROOT / "dashboard.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "readiness_app").glob("*.py")]:
        used |= set(re.findall(r"\bt\(\"([a-z_]+\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) > 60
    for lang in LANGUAGES:
        assert not used - set(strings(lang)), lang


def test_dynamic_page_keys_exist():
    for lang in LANGUAGES:
        for method in names("normalise"):  # the Methodology page's paragraph on each method
            label("normalise", method, lang, "about")
        assert t("overview.scored_value", "en", scored=3, total=5) == "3 of 5"
