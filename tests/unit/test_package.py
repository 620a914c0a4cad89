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


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (function-local imports too) and by
    ``importlib.import_module("...")`` with a literal name; ``from pkg import mod`` counts as ``pkg.mod`` when ``mod``
    is a module. Imports under ``if TYPE_CHECKING:`` are left out (they never run). Relative imports are not used."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for body in node.body for n in ast.walk(body)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            subs = {f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}")}
            names |= subs or {node.module}
            if len(subs) < len(node.names):
                names.add(node.module)
        elif (isinstance(node, ast.Call) and ast.unparse(node.func) in ("importlib.import_module", "import_module")
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(node.args[0].value)
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


PRODUCT = [p for p in [*(ROOT / "readiness").rglob("*.py"), *(ROOT / "readiness_app").rglob("*.py"),
                        *(ROOT / "app_pages").glob("*.py"), ROOT / "dashboard.py"] if "migrations" not in p.parts]


def test_the_layering_test_sees_importlib():
    """A module loaded by name is an import like any other (the engine may not reach the display layer that way)."""
    assert "readiness.display.briefing" in _imports_of_source('importlib.import_module("readiness.display.briefing")')


def _imports_of_source(source: str) -> set[str]:
    import tempfile

    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        path = Path(tmp) / "probe.py"
        path.write_text(source, encoding="utf-8")
        return _imports(path)


def test_the_circle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    """The modules of the product import each other without a circle (function-local imports included)."""
    graph = {_module_name(p): {m for m in _imports(p) if m.startswith("readiness")} for p in PRODUCT}
    graph = {name: {m for m in deps if m in graph and m != name} for name, deps in graph.items()}
    # a package's __init__ that re-exports its modules is not a circle with them: drop package -> own submodule edges
    graph = {name: {m for m in deps if not m.startswith(name + ".")} for name, deps in graph.items()}
    circles = _cycles(graph)
    assert circles == [], circles


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


MAX_MODULE_LINES = 750
MAX_FUNCTION_LINES = 80


def test_no_module_over_750_lines_and_no_function_over_80():
    import ast

    too_long = []
    for path in PRODUCT:
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []


def test_no_private_name_is_imported_across_modules():
    """Public means exported: a module's underscore names are its own."""
    import ast

    found = []
    for path in PRODUCT:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("readiness"):
                found += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and a.name != "__version__"]
    assert found == []


def test_every_name_a_module_exports_exists():
    import importlib

    for path in sorted((ROOT / "readiness").rglob("*.py")):
        if "migrations" in path.parts or path.stem == "__main__":  # Alembic scripts run inside Alembic only
            continue
        module = importlib.import_module(_module_name(path))
        assert all(hasattr(module, name) for name in getattr(module, "__all__", ())), path


def test_no_package_hides_a_module_behind_a_name():
    """``import readiness.pipeline.normalise as m`` must give the module, not a function the package exported."""
    import importlib
    import types

    hidden = []
    for init in (ROOT / "readiness").rglob("__init__.py"):
        package = importlib.import_module(_module_name(init))
        for path in init.parent.glob("*.py"):
            value = getattr(package, path.stem, None)
            if path.stem != "__init__" and value is not None and not isinstance(value, types.ModuleType):
                hidden.append(f"{package.__name__}.{path.stem}")
    assert hidden == []


def test_a_unit_test_cannot_read_the_bundled_data():
    """The guard in tests/unit/conftest.py, whichever way the loader is reached."""
    import pytest

    from readiness.store import store

    with pytest.raises(AssertionError, match="a unit test read the bundled data/"):
        readiness.load_dataset()
    with pytest.raises(AssertionError, match="a unit test read the bundled data/"):
        store.load_dataset(readiness.DATA_DIR)  # bound by name when the store's module was imported
#: The only modules a function may import (instead of its module's top): each costs start-up time or memory that
#: benchmarks/bench_imports.py measures (a test checks it is in that script's list) and every place that defers one
#: says why in a ``# deferred:`` comment with the figures. pyarrow is the exception: it must load after
#: dashboard.py has chosen its memory pool.
DEFERRED = ("pandera", "alembic", "geopandas", "shapely", "pyproj", "pyogrio", "kaleido", "choreographer", "PIL",
            "pptx", "reportlab", "openpyxl", "plotly.subplots", "readiness.store", "readiness.display", "pyarrow",
            "sqlalchemy")


def _function_local_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, the function's source lines up to that line) of each import inside a function."""
    import ast

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for body in node.body for n in ast.walk(body)}
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
                    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    found.append((node.lineno, module, lines[fn.lineno - 1:node.lineno - 1]))
    return found


def test_a_function_imports_only_a_measured_deferred_module_and_says_why():
    bench = (ROOT / "benchmarks" / "bench_imports.py").read_text(encoding="utf-8")
    assert all(f'"{m}' in bench for m in DEFERRED if m != "pyarrow"), "every deferred module is measured"
    offenders = []
    for path in PRODUCT:
        for line, module, before in _function_local_imports(path):
            where = f"{path.relative_to(ROOT)}:{line} {module}"
            if not any(module == m or module.startswith(m + ".") for m in DEFERRED):
                offenders.append(f"{where}: not a deferred module; import it at the top")
            elif not any(text.strip().startswith("# deferred:") for text in before):
                offenders.append(f"{where}: no '# deferred:' comment with its measured reason")
    assert offenders == []
