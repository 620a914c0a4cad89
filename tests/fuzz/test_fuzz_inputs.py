"""Fuzz suite: generated hostile files of every kind the project reads, and hostile API arguments.

Each case must end in success or the library's own error (``ReadinessError``); anything else is a crash. Every case
runs under a per-case alarm (a case still running after ``CASE_SECONDS`` is a hang) and the whole run under an
address-space limit (``MEMORY_HEADROOM`` above the start), so a runaway case fails instead of taking the machine.
The figures (cases, crashes, hangs, slowest case, peak memory) are printed at the end of the module and written to
``artifacts/fuzz-summary.json``.

Each test's number of cases is given for the ``deep`` Hypothesis profile (tests/conftest.py) and scales with the
profile loaded: the slow tier (``HYPOTHESIS_PROFILE=deep pytest -m slow``) runs 11,400 in-process cases (3,000 +
2,500 + 2,000 + 600 + 800 + 600 + 1,200 + 400 + 300) and the hostile command-line sample in real processes, about
four and a half minutes on two shared cores; the default tier 2 % of them (228 cases) and the sample in-process.
``FUZZ_EXAMPLES=<factor>`` multiplies the number of cases (e.g. ``FUZZ_EXAMPLES=10``). All data here is synthetic.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from cli_run import Ran, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from terminal import write_line

import readiness
from readiness import io as rio
from readiness.errors import ReadinessError
from readiness.geo import places as geo
from readiness.model.schema import SPECS, validate_table

ROOT = Path(__file__).resolve().parents[2]
FACTOR = float(os.environ.get("FUZZ_EXAMPLES", "1") or 1)
CASE_SECONDS = 10
MEMORY_HEADROOM = 3 * 2**30
STATS: dict[str, dict[str, float]] = {}


def n(deep: int) -> int:
    """A test's number of cases: ``deep`` under the deep profile, scaled to the profile loaded, times FUZZ_EXAMPLES."""
    share = settings.default.max_examples / settings.get_profile("deep").max_examples
    return max(1, round(deep * share * FACTOR))


class Hang(BaseException):
    """Raised by the alarm: a case ran longer than CASE_SECONDS (BaseException, so no library code swallows it)."""


def _alarm(signum, frame):
    raise Hang(f"case still running after {CASE_SECONDS} s")


@pytest.fixture(scope="module", autouse=True)
def bounded_process():
    """Per-case alarms need SIGALRM; the address-space limit turns a memory blow-up into a failing MemoryError."""
    old_handler = signal.signal(signal.SIGALRM, _alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status") as fh:
        vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    limit = vm + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    signal.signal(signal.SIGALRM, old_handler)


def run_case(kind: str, fn, *args, **kwargs):
    """Run one case under the alarm; count it; let anything but a ReadinessError fail the test."""
    stats = STATS.setdefault(kind, {"cases": 0, "errors": 0, "ok": 0, "slowest_s": 0.0})
    stats["cases"] += 1
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        out = fn(*args, **kwargs)
        stats["ok"] += 1
        return out
    except ReadinessError as exc:
        stats["errors"] += 1
        message = str(exc)
        assert len(message) < 120_000, f"error message of {len(message):,} characters"
        return None
    except Hang:
        STATS.setdefault("_hangs", {"cases": 0})["cases"] += 1
        raise
    except BaseException:
        STATS.setdefault("_crashes", {"cases": 0})["cases"] += 1
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        stats["slowest_s"] = max(stats["slowest_s"], time.perf_counter() - start)


FUZZ = settings(deadline=None, database=None, derandomize=False, print_blob=True,
                suppress_health_check=list(HealthCheck))

# -----------------------------------------------------------------------------------------------------------------
# Strategies

NASTY = [
    "", " ", "0", "-0", "1", "-1", "2", "0.5", "1e308", "1.797e308", "-1.8e308", "1e309", "inf", "-inf", "nan", "NaN",
    ".inf", "-.inf", ".nan", "1e-400", "9" * 401, "9" * 5000, "1e15", "1e16", "\u0663\u0664.\u0667\u0661",
    "\uff16\uff14.\uff17\uff11", "64.71", "64.72", "ref.ikn", "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "\t=1", "\r=1",
    "![x](http://example.invalid/t.png)", "<img src=x onerror=alert(1)>", "a\nb", 'a"b', "a,b", "\u2212 5", "2024",
    "2023", "1e12", "12.5", "True", "null", "~", "&a", "*a", "!!python/object/apply:os.system", "- a", "{a: 1}",
    "[1, 2]", "x" * 12000, "\ufeff", "\u00e9", "1,5", "2024-13-45", "A", "a", "r", "b", "c",
]
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.integers(-10**20, 10**20).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr))
ids = st.sampled_from(["r", "a", "b", "c", "A", "a ", "", "r"])
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32"]


@st.composite
def encoded(draw, text: str) -> bytes:
    """``text`` in a random encoding, maybe with random bytes spliced in or cut short."""
    enc = draw(st.sampled_from(ENCODINGS))
    data = text.encode(enc, errors="replace")
    action = draw(st.sampled_from(["keep", "keep", "keep", "splice", "truncate"]))
    if action == "splice" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    elif action == "truncate" and data:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    import csv

    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


VALID_FRAMEWORK = [["r", "", "", "", "", ""], ["p", "r", "1", "", "", ""], ["a", "p", "1", "1", "0", "100"],
                   ["b", "p", "2", "-1", "", ""], ["c", "r", "1", "1", "", ""]]


@st.composite
def framework_rows(draw) -> tuple[list[str], list[list[str]]]:
    header = list(readiness.model.framework.FRAMEWORK_COLUMNS[:6])
    if draw(st.booleans()):  # a valid framework with at most a few hostile cells
        rows = [list(r) for r in VALID_FRAMEWORK]
        for _ in range(draw(st.integers(0, 2))):
            rows[draw(st.integers(0, 4))][draw(st.integers(0, 5))] = draw(cell)
        return header, rows
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.integers(0, 5)) == 0:
        header = [*header, draw(st.sampled_from(["id", "weight", "", "extra", "x" * 300]))]
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = {"id": draw(ids), "parent": draw(ids), "weight": draw(cell), "direction": draw(
            st.sampled_from(["1", "-1", "", "0", "2", "nan"]) | cell), "goal_min": draw(cell), "goal_max": draw(cell)}
        values = [row.get(h, draw(cell)) for h in header]
        if draw(st.integers(0, 6)) == 0:  # ragged row
            values = values[: draw(st.integers(0, len(values)))] + draw(st.lists(cell, max_size=2))
        rows.append(values)
    return header, rows


@st.composite
def yaml_tree(draw, depth: int = 0) -> dict:
    node = {"id": draw(ids | cell), "weight": draw(cell), "direction": draw(st.sampled_from([1, -1, 0, "1", None]))}
    if draw(st.integers(0, 4)) == 0:
        node[draw(st.sampled_from(["goal_min", "goal_max", "parent", "target", "name_en"]))] = draw(cell)
    if depth < 3 and draw(st.booleans()):
        node["children"] = [draw(yaml_tree(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
    elif draw(st.integers(0, 8)) == 0:
        node["children"] = draw(st.sampled_from(["x", 5, {"id": "q"}, None]))
    return node


YAML_ATTACKS = [
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
    "&a [*a]\n", "&a {id: r, children: [*a]}\n", "[" * 3000 + "]" * 3000, "{a: " * 2000 + "1" + "}" * 2000,
    "id: r\n---\nid: s\n", "!!python/object/apply:os.system ['true']\n", "id: !!binary aGVsbG8=\n",
    "? [a, b]\n: c\n", "id: r\nid: s\n", "<<: {id: r}\n", "id: 2001-12-14t21:59:43.10-05:00\n",
]


@st.composite
def yaml_bytes(draw) -> bytes:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        text = draw(st.sampled_from(YAML_ATTACKS))
    elif choice == 1:
        depth = draw(st.integers(30, 600))
        text = "id: r\nchildren:\n" + "".join("  " * i + f"- id: n{i}\n" + "  " * i + "  weight: 1\n"
                                              + "  " * i + "  children:\n" for i in range(depth))
    elif choice == 2:
        text = draw(st.text(max_size=200))
    else:
        text = yaml.safe_dump(draw(yaml_tree()), allow_unicode=draw(st.booleans()))
        if draw(st.integers(0, 4)) == 0:  # inject an anchor/alias or a tag somewhere
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from([" &x ", " *x ", " !!str ", " !x ", "\t", ": ", "- "])) + text[at:]
    return draw(encoded(text))


@st.composite
def observation_rows(draw) -> tuple[list[str], list[list[str]]]:
    header = ["region_code", "indicator", "year", "value", "source_id"]
    if draw(st.integers(0, 5)) == 0:
        header = draw(st.permutations(header))[: draw(st.integers(1, 5))]
    if draw(st.integers(0, 8)) == 0:
        header = [*header, header[0]]
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = {"region_code": draw(st.sampled_from(["64.71", "64.72", "\u0666\u0664.\u0667\u0661"]) | cell),
               "indicator": draw(st.sampled_from(["a", "b", "A", "c"]) | cell),
               "year": draw(st.sampled_from(["2023", "2024", "1e12", "abc", "2024.5"]) | cell),
               "value": draw(cell), "source_id": draw(cell)}
        values = [row.get(h, "") for h in header]
        if draw(st.integers(0, 6)) == 0:
            values = values[: draw(st.integers(0, len(values)))] + draw(st.lists(cell, max_size=2))
        rows.append(values)
    return header, rows


@st.composite
def xlsx_bytes(draw) -> bytes:
    import openpyxl

    header, rows = draw(framework_rows() | observation_rows())
    wb = openpyxl.Workbook()
    ws = wb.active
    if draw(st.integers(0, 8)) == 0:
        wb.create_chartsheet("chart", 0)
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            v: object = value
            if draw(st.integers(0, 10)) == 0:
                v = draw(st.sampled_from(["=1+1", "=SUM(A1:A3)", 1e308, float("inf"), 2024, True, None]))
            try:
                ws.cell(row=r, column=c, value=v)
            except Exception:  # openpyxl refuses some strings (control characters): IllegalCharacterError
                ws.cell(row=r, column=c, value="?")
    if draw(st.integers(0, 8)) == 0:
        ws[draw(st.sampled_from(["XFD1", "A1048576", "XFD1048576", "KZ9000"]))] = "far"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    action = draw(st.sampled_from(["keep", "keep", "truncate", "flip", "ole", "member"]))
    # positions are drawn as fractions: the saved workbook's length varies (openpyxl stamps the save time), and a
    # draw whose bounds depend on it would make the strategy non-deterministic
    if action == "truncate":
        data = data[: len(data) * draw(st.integers(0, 1000)) // 1000]
    elif action == "flip" and data:
        at = (len(data) - 1) * draw(st.integers(0, 1000)) // 1000
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    elif action == "ole":
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data
    elif action == "member":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info)
                if info.filename == "xl/sharedStrings.xml" or info.filename.endswith("sheet1.xml"):
                    body = draw(st.sampled_from([b"", b"<x", b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", body[:50],
                                                 body.replace(b"<v>", b"<v>99999", 1)]))
                dst.writestr(info, body)
        data = out.getvalue()
    return data


coordinate = st.one_of(st.floats(-200, 200), st.sampled_from([float("nan"), float("inf"), 1e308, "x", None]))


@st.composite
def geojson_bytes(draw) -> bytes:
    features = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["Polygon", "Point", "MultiPolygon", "None", "Bad", "Bowtie"]))
        if kind == "Polygon":
            ring = [[draw(coordinate), draw(coordinate)] for _ in range(draw(st.integers(0, 6)))]
            geometry = {"type": "Polygon", "coordinates": [ring + ring[:1]]}
        elif kind == "Bowtie":
            geometry = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
        elif kind == "Point":
            geometry = {"type": "Point", "coordinates": [draw(coordinate), draw(coordinate)]}
        elif kind == "MultiPolygon":
            geometry = {"type": "MultiPolygon", "coordinates": draw(st.sampled_from([[], [[]], "x"]))}
        elif kind == "Bad":
            geometry = draw(st.sampled_from(["x", 5, {"type": "Nope"}, {"type": "Polygon"}]))
        else:
            geometry = None
        props = {draw(st.sampled_from(["code", "ADM2_PCODE", "name", ""])): draw(
            st.sampled_from(["ID6471", "64.71", "6472", "\u0666\u0664\u0667\u0661", "![x](http://h/t.png)"]) | cell)}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    doc: object = {"type": draw(st.sampled_from(["FeatureCollection", "Feature", "x"])), "features": features}
    try:
        text = json.dumps(doc, allow_nan=True)
    except (TypeError, ValueError):
        text = "{}"
    data = text.encode()
    if draw(st.integers(0, 5)) == 0 and data:
        data = data[: draw(st.integers(0, len(data)))]
    return data


# -----------------------------------------------------------------------------------------------------------------
# In-process cases


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


@settings(FUZZ, max_examples=n(3000))
@given(data=yaml_bytes())
def test_fuzz_framework_yaml(tmp_path_factory, data):
    path = _write(tmp_path_factory.getbasetemp(), "fw.yaml", data)
    run_case("framework yaml", readiness.load_framework, path)


@settings(FUZZ, max_examples=n(2500))
@given(rows=framework_rows(), enc=st.data())
def test_fuzz_framework_csv(tmp_path_factory, rows, enc):
    data = enc.draw(encoded(csv_text(*rows)))
    path = _write(tmp_path_factory.getbasetemp(), "fw.csv", data)
    run_case("framework csv", readiness.load_framework, path)


@settings(FUZZ, max_examples=n(2000))
@given(rows=observation_rows(), enc=st.data())
def test_fuzz_table_csv_read(tmp_path_factory, rows, enc):
    data = enc.draw(encoded(csv_text(*rows)))
    path = _write(tmp_path_factory.getbasetemp(), "observations.csv", data)
    run_case("table csv (read)", readiness.model.datasets.read_table, path)


@settings(FUZZ, max_examples=n(600))
@given(rows=observation_rows() | framework_rows(), kind=st.sampled_from(sorted(SPECS)))
def test_fuzz_table_csv_validate(tmp_path_factory, rows, kind):
    path = _write(tmp_path_factory.getbasetemp(), f"{kind}.csv", csv_text(*rows).encode())

    def load():
        return validate_table(readiness.model.datasets.read_table(path), SPECS[kind], source=path.name)

    run_case("table csv (validate)", load)


@settings(FUZZ, max_examples=n(800))
@given(data=xlsx_bytes(), as_framework=st.booleans())
def test_fuzz_xlsx(tmp_path_factory, data, as_framework):
    path = _write(tmp_path_factory.getbasetemp(), "table.xlsx", data)
    run_case("xlsx", readiness.load_framework if as_framework else readiness.model.datasets.read_table, path)


REGIONS = pd.DataFrame({"code": ["64.71", "64.72", "ref.ikn"], "kind": ["kota", "kota", "reference"],
                        "group": ["g", "g", "reference"]})


@settings(FUZZ, max_examples=n(600))
@given(data=geojson_bytes())
def test_fuzz_boundaries_upload(data):
    def load():
        frame = geo.read_boundaries(data, "upload.geojson")
        joined = geo.join_boundaries(frame, REGIONS)
        return geo.simplify_to_size(joined.shapes, max_bytes=2_000)

    run_case("boundaries (upload)", load)


FW = readiness.framework_from_frame(pd.DataFrame({
    "id": ["r", "p", "a", "b", "c"], "parent": ["", "r", "p", "p", "r"], "weight": ["", "1", "1", "2", "1"],
    "direction": ["", "", "1", "-1", "1"], "goal_min": ["", "", "0", "", ""], "goal_max": ["", "", "100", "", ""],
}), source="synthetic")
OBS = pd.DataFrame({"region_code": ["64.71", "64.72", "64.73"] * 6,
                    "indicator": ["a"] * 6 + ["b"] * 6 + ["c"] * 6,
                    "year": [2023, 2023, 2023, 2024, 2024, 2024] * 3,
                    "value": np.linspace(1, 50, 18)})
hostile_values = st.sampled_from([None, "abc", 1e12, float("nan"), float("inf"), -1, 0, 3, 2023, 2024, 2024.0, 2024.5,
                               True, "2024", [], [2024], (0.0, 100.0), (float("inf"), 0), (5, 5), 10**400 if False
                               else 10**30, np.int64(2024), -0.0, 1.0, 0.5])
regions_hostile = st.sampled_from([None, [], ["64.71", "64.71"], "64.71", ["64.71", "64.72"], [1, 2], ["zz"],
                               pd.DataFrame({"x": [1]}), REGIONS, ["64.71"], np.array(["64.71", "64.72"])])


def maybe(good: object, hostile: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly the good value, sometimes a hostile one, so that most calls test one bad argument at a time."""
    return st.one_of(st.just(good), st.just(good), st.just(good), st.just(good), hostile)


regions_arg = maybe(None, regions_hostile)
obs_arg = st.sampled_from(["good", "good", "good", "good", "dup", "inf", "unknown", "case", "year", "cols", "cube"])


def _observations(kind: str):
    obs = OBS.copy()
    if kind == "dup":
        return pd.concat([obs, obs.iloc[:1]], ignore_index=True)
    if kind == "inf":
        obs.loc[0, "value"] = np.inf
    elif kind == "unknown":
        obs["indicator"] = "zzz"
    elif kind == "case":
        obs["indicator"] = obs["indicator"].str.upper()
    elif kind == "year":
        obs.loc[0, "year"] = 10**12
    elif kind == "cols":
        obs = obs.drop(columns=["value"])
    elif kind == "cube":
        return readiness.build_cube(obs, FW.indicators)
    return obs


@settings(FUZZ, max_examples=n(1200))
@given(obs=obs_arg, year=maybe(2024, hostile_values), window=maybe(1, hostile_values),
       rng=maybe((0.0, 100.0), hostile_values), z=maybe((0.0, 1.0), hostile_values), cov=maybe(0.0, hostile_values),
       regions=regions_arg, method=st.sampled_from(["minmax", "goalposts", "zscore", "rank", "target", "nope"]),
       years=maybe(None, hostile_values), other=maybe("64.72", st.sampled_from(["64.71", "zz", "", None, 5])))
def test_fuzz_api_arguments(obs, year, window, rng, z, cov, regions, method, years, other):
    import warnings

    def call():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = readiness.score(FW, _observations(obs), year=year, window=window, range=rng, zscore=z,
                                  min_coverage=cov, regions=regions, normalise=method)
            codes = list(res.regions)
            readiness.explain_gap(res, codes[0], other)
            readiness.analysis.gap_to_group(res, codes[0], [other])
            readiness.score_years(FW, _observations(obs), years=years, window=window, regions=regions)

    run_case("api arguments", call)


@settings(FUZZ, max_examples=n(400))
@given(rows=st.lists(st.lists(cell | st.floats() | st.integers(), min_size=3, max_size=3), max_size=6))
def test_fuzz_neutralise_cells(rows):
    frame = pd.DataFrame(rows, columns=["a", "=b", "c"]) if rows else pd.DataFrame(columns=["a", "=b", "c"])
    out = run_case("neutralise_cells", rio.neutralise_cells, frame)
    for value in out.to_numpy().ravel():
        assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")))


# -----------------------------------------------------------------------------------------------------------------
# The command line: exit 0 or 2, no traceback, nothing written on failure, --out unchanged. In this process in both
# tiers; the hostile sample also in real processes (with their own memory and CPU limits) in the slow tier.


CLI_SAMPLE = [
    ("cp.yaml", "id: r\nname_en: caf\xe9\n".encode("cp1252")),
    ("laughs.yaml", YAML_ATTACKS[0].encode()),
    ("self.yaml", b"&a [*a]\n"),
    ("deep.yaml", b"[" * 5000 + b"]" * 5000),
    ("w401.yaml", f"id: r\nchildren:\n- id: a\n  weight: {'9' * 401}\n  direction: 1\n".encode()),
    ("w308.yaml", b"id: r\nchildren:\n- {id: a, weight: 1.0e+308, direction: 1}\n- {id: b, weight: 1.0e+308, "
                  b"direction: 1}\n"),
    ("rag.csv", b"id,parent,weight,direction\nr,,,\na,r,1,1,1,1\n"),
    ("hdr.csv", b",".join([b"x"] * 300_000) + b"\n"),
    ("fake.xlsx", b"PK\x03\x04 not really a zip"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000),
    ("nul.csv", b"id,parent\x00,weight\n"),
]
#: A valid framework in UTF-16 with a byte-order mark: accepted.
CLI_GOOD = ("utf16.csv", "id,parent,weight,direction\nr,,,\na,r,1,1\n".encode("utf-16"))


def _in_process(args: list[str], cwd: Path) -> Ran:
    """``python -m readiness *args`` in this process, under the per-case alarm."""
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        return run_cli(*args, cwd=cwd)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _in_a_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``python -m readiness *args`` in a child process with its own memory and CPU limits."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "readiness", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=90, preexec_fn=limits, env=env)


def _check_cli(proc: Ran | subprocess.CompletedProcess, kind: str) -> None:
    stats = STATS.setdefault(kind, {"cases": 0, "errors": 0, "ok": 0, "slowest_s": 0.0})
    stats["cases"] += 1
    stats["errors" if proc.returncode == 2 else "ok"] += 1
    assert proc.returncode in (0, 2), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr) < 8_000, f"stderr of {len(proc.stderr):,} characters"
    for line in proc.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ", "note: ")), line


@pytest.mark.parametrize("cli", [pytest.param(_in_process, id="in-process"),
                                 pytest.param(_in_a_process, id="process", marks=pytest.mark.slow)])
@pytest.mark.parametrize("name,data", [*CLI_SAMPLE, CLI_GOOD], ids=[c[0] for c in [*CLI_SAMPLE, CLI_GOOD]])
def test_fuzz_cli_hostile_framework(tmp_path, name, data, cli):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "obs.csv").write_text("region_code,indicator,year,value\n64.71,a,2024,1\n64.72,a,2024,2\n")
    before = b"previous result\n"
    (tmp_path / "out.csv").write_bytes(before)
    proc = cli(["score", "--framework", name, "--observations", "obs.csv", "--out", "out.csv"], tmp_path)
    _check_cli(proc, "cli score")
    if (name, data) == CLI_GOOD:
        assert proc.returncode == 0 and (tmp_path / "out.csv").read_bytes().startswith(b"region_code,node")
        return
    assert proc.returncode == 2
    assert (tmp_path / "out.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "obs.csv", "out.csv"])
    proc = cli(["validate", name], tmp_path)
    _check_cli(proc, "cli validate")


@settings(FUZZ, max_examples=n(300))
@given(fw=framework_rows(), obs=observation_rows())
def test_fuzz_cli_generated_tables(tmp_path_factory, fw, obs):
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "fw.csv").write_text(csv_text(*fw), encoding="utf-8")
    (tmp / "obs.csv").write_text(csv_text(*obs), encoding="utf-8")
    proc = _in_process(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "out.csv"], tmp)
    _check_cli(proc, "cli score")
    assert (tmp / "out.csv").exists() == (proc.returncode == 0)
    assert not [p for p in tmp.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary(request):
    """After the module's tests: print the figures, keep them in artifacts/fuzz-summary.json, fail on any crash or
    hang counted."""
    yield
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = {
        "profile": settings.get_current_profile_name(),
        "cases": int(sum(v["cases"] for k, v in STATS.items() if not k.startswith("_"))),
        "crashes": int(STATS.get("_crashes", {}).get("cases", 0)),
        "hangs": int(STATS.get("_hangs", {}).get("cases", 0)),
        "peak_rss_mb_in_process": round(peak_self),
        "peak_rss_mb_cli_subprocess": round(peak_children),
        "by_kind": {k: v for k, v in STATS.items() if not k.startswith("_")},
    }
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    (out / "fuzz-summary.json").write_text(json.dumps(summary, indent=1))
    write_line(request.config, f"\nfuzz summary ({summary['profile']} profile): {summary['cases']:,} cases, "
               f"{summary['crashes']} crashes, {summary['hangs']} hangs (artifacts/fuzz-summary.json)")
    assert summary["crashes"] == 0 and summary["hangs"] == 0


def test_fuzz_codecs_are_known():
    """Guard: the encodings the generators use exist in this Python (a typo would silently shrink the suite)."""
    for name in ENCODINGS:
        codecs.lookup(name)
