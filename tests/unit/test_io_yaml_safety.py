"""Known answers for YAML: aliases, deep nesting, tags and duplicate keys refused; plain documents read as safe_load."""

from __future__ import annotations

import pytest
import yaml

import readiness
from readiness import io as rio
from readiness.errors import DataError, FrameworkError


@pytest.mark.parametrize("text", [
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
    "&a [*a]\n",
    "&a {id: r, children: [*a]}\n",
])
def test_anchors_and_aliases_are_refused(text):
    with pytest.raises(DataError, match=r"line 1: YAML anchors and aliases .* are not allowed"):
        rio.parse_yaml(text, "f.yaml")


def test_deep_nesting_is_refused_without_recursion():
    with pytest.raises(DataError, match="nested deeper than 64 levels"):
        rio.parse_yaml("[" * 100_000 + "]" * 100_000, "f.yaml")


def test_a_450_level_chain_is_refused_by_the_framework(tmp_path):
    text = "id: r\nchildren:\n" + "".join("  " * i + f"- id: n{i}\n" + "  " * i + "  weight: 1\n"
                                          + "  " * i + "  children:\n" for i in range(450))
    path = tmp_path / "chain.yaml"
    path.write_text(text)
    with pytest.raises(FrameworkError, match="nested deeper than 68 levels"):
        readiness.load_framework(path)


@pytest.mark.parametrize("text,message", [
    ("!!python/object/apply:os.system ['true']\n", "YAML tag 'tag:yaml.org,2002:python/object/apply:os'.* is not allowed"),
    ("id: r\nid: s\n", "line 2: key 'id' is given twice"),
    ("id: r\n---\nid: s\n", "holds several YAML documents"),
    ("id: [unclosed\n", "not valid YAML"),
    ("? [a, b]\n: c\n", "a mapping key must be plain text, not a mapping or list"),
])
def test_refused_constructs(text, message):
    with pytest.raises(DataError, match=message):
        rio.parse_yaml(text, "f.yaml")


def test_plain_documents_read_as_safe_load():
    text = (readiness.DATA_DIR / "framework.yaml").read_text(encoding="utf-8")
    assert rio.parse_yaml(text, "framework.yaml") == yaml.safe_load(text)
    sample = "a: 1\nb: [1.5, .inf, null, true, '2', 2024-01-02]\nc: {d: e}\n"
    assert rio.parse_yaml(sample, "s.yaml") == yaml.safe_load(sample)


def test_an_int_too_long_for_python_stays_text_and_fails_the_weight_check(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(f"id: r\nchildren:\n- id: a\n  weight: {'9' * 5000}\n  direction: 1\n")
    with pytest.raises(FrameworkError, match=r"node 'a': weight must be a number, got '9999.*\(5,000 characters\)"):
        readiness.load_framework(path)
