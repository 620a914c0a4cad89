"""Package-level contracts: no Streamlit in the library, a curated API, README and CI in step."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import readiness

ROOT = Path(__file__).resolve().parents[2]


def test_import_does_not_import_streamlit():
    code = "import sys, readiness, readiness.cli.commands; print('streamlit' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "False"


def test_all_names_resolve():
    for name in readiness.__all__:
        assert getattr(readiness, name) is not None, name


def _imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports are not used in this project)."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _offenders(files, forbidden: tuple[str, ...]) -> dict[str, set[str]]:
    found = {}
    for path in files:
        bad = {m for m in _imports(path) if m.split(".")[0] in forbidden or m.startswith(forbidden)}
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


ENGINE = [p for p in (ROOT / "readiness").rglob("*.py") if not {"display", "cli"} & set(p.relative_to(ROOT).parts)]
DISPLAY = list((ROOT / "readiness" / "display").rglob("*.py"))
CLI = list((ROOT / "readiness" / "cli").rglob("*.py"))


def test_engine_imports_neither_display_nor_plotly_nor_streamlit():
    assert len(ENGINE) > 15
    assert _offenders(ENGINE, ("readiness.display", "plotly", "streamlit", "readiness_app")) == {}


def test_display_layer_never_imports_streamlit_or_the_app():
    assert len(DISPLAY) >= 5
    assert _offenders(DISPLAY, ("streamlit", "readiness_app")) == {}


def test_command_line_never_imports_streamlit_or_the_app():
    """The command line sits beside the app, above the display layer (``brief`` builds decks)."""
    assert len(CLI) >= 5
    assert _offenders(CLI, ("streamlit", "readiness_app")) == {}


def _readme_commands() -> list[str]:
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_readme_has_two_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    assert len(commands) == 2
    run_cmd, test_cmd = commands
    assert "streamlit run dashboard.py" in run_cmd
    assert "pytest" in test_cmd
    assert test_cmd in (ROOT / ".ci" / "run").read_text()


def test_every_public_function_of_a_module_is_in_its_all():
    import ast
    import importlib

    for path in sorted((ROOT / "readiness").rglob("*.py")):
        if path.stem.startswith("_") or "migrations" in path.parts:  # Alembic scripts run inside Alembic only
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = importlib.import_module(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")}
        assert public <= set(getattr(module, "__all__", public)), (path.stem, public - set(module.__all__))
        assert all(hasattr(module, name) for name in module.__all__), path.stem
