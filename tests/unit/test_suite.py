"""The suite's own contracts: two tiers (README, "Tests"), CI runs both, Hypothesis tests discard with ``assume``."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


def _readme_test_command() -> str:
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    return next(line for line in block.splitlines() if "pytest" in line and not line.startswith("#"))


def test_ci_runs_the_readme_command_first_then_the_slow_tier_deep():
    steps = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if "pytest" in line and not line.lstrip().startswith("#")]
    assert len(steps) == 2
    assert steps[0].startswith(_readme_test_command())
    assert steps[1] == "HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest -m slow"


def test_a_later_m_replaces_the_default_tiers_m(tmp_path):
    """pytest puts addopts before the command line, and -m keeps the last value given: `pytest -m slow` runs the slow
    tier alone, plain `pytest` leaves it out, `pytest -m ""` runs both."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert '-m "not slow"' in options["addopts"]
    lines = ["[tool.pytest.ini_options]", f"addopts = '{options['addopts']}'",
             "markers = [" + ", ".join(f'"{m}"' for m in options["markers"]) + "]"]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "test_tiers.py").write_text("import pytest\n\ndef test_quick():\n    pass\n\n"
                                            "@pytest.mark.slow\ndef test_deep():\n    pass\n", encoding="utf-8")

    def collected(*args: str) -> list[str]:
        proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                               *args], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})  # pytest alone: faster
        return sorted(line.split("::")[1] for line in proc.stdout.splitlines() if "::" in line)

    assert collected() == ["test_quick"]
    assert collected("-m", "slow") == ["test_deep"]
    assert collected("-m", "") == ["test_deep", "test_quick"]


def test_the_slow_tier_has_tests():
    """So that `pytest -m slow` never ends in "no tests collected" (exit 5): the marker is used in test files."""
    uses = [p for p in TESTS.rglob("test_*.py") if "pytest.mark.slow" in p.read_text(encoding="utf-8")]
    assert len(uses) >= 2, uses


def test_the_slow_tier_runs_at_least_10000_fuzz_cases():
    """The fuzz tests' counts, given for the deep profile as ``max_examples=n(<cases>)``, add up to >= 10,000."""
    tree = ast.parse((TESTS / "fuzz" / "test_fuzz_inputs.py").read_text(encoding="utf-8"))
    counts = [kw.value.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
              for kw in node.keywords if kw.arg == "max_examples" and isinstance(kw.value, ast.Call)
              and getattr(kw.value.func, "id", "") == "n" and isinstance(kw.value.args[0], ast.Constant)]
    assert len(counts) >= 9 and sum(counts) >= 10_000, counts


def _returns(function: ast.FunctionDef) -> list[int]:
    """Lines of the return statements of ``function`` itself (not of functions defined inside it)."""
    found, todo = [], list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return):
            found.append(node.lineno)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return found


def test_hypothesis_tests_discard_with_assume_not_return():
    """A `return` passes a generated case that tested nothing; `assume(...)` tells Hypothesis to draw another."""
    offenders = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any("given" in ast.unparse(d) for d in node.decorator_list):
                offenders += [f"{path.relative_to(ROOT)}:{line} {node.name}" for line in _returns(node)]
    assert offenders == []
