"""Hypothesis fuzzing of the importer with malformed CSV and Excel files (SQLite store, hand-made fixture).

Every generated file is previewed and, when the preview accepts it, committed; otherwise a commit must raise
``DataError``. Never an unhandled exception; a refused file leaves the revision count and data version unchanged.
The numbers of files are given for the ``deep`` Hypothesis profile (tests/conftest.py): 2,000 CSV + 600 XLSX in the
slow tier (``READINESS_FUZZ_EXAMPLES`` sets the CSV number, XLSX 30 % of it); the default profile runs 2 % of them.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from terminal import write_line

from readiness.errors import DataError
from readiness.store import Access, Store, hash_passcode
from readiness.store.importer import ImportContext, ImportPreview, commit, preview_file

SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
PASSCODE = "test passcode"

N = int(os.environ.get("READINESS_FUZZ_EXAMPLES", "2000"))


def n(deep: int) -> int:
    """A test's number of files: ``deep`` under the deep profile, scaled to the profile loaded."""
    return max(1, round(deep * settings.default.max_examples / settings.get_profile("deep").max_examples))

HEADERS = ["region_code", "indicator", "year", "value", "source_id", "source_title", "source_publisher",
           "source_url", "source_date", "note", "region_name", "spbe_index", "ikd_activation_pct", "asn_count",
           "digital", "asn_trained_abroad", "", "Region_Code ", "\ufeffregion_code", "=cmd", "value"]
NASTY = ["", " ", "3,45", "1.234,5", "1,234", "-0", "1e309", "nan", "inf", "NaN", "0x1F", "3.5.1", "=1+1",
         "+1", "@SUM(A1)", "-2", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\x00", "\x1b[31m",
         "64.71", "6471", "64.7", "99.99", "ref.x", "spbe_index", "asn_count", "digital", "2023", "2027", "1989",
         "2023.0", "2023.5", "src-a", "nope", "https://example.org/x", "javascript:alert(1)", "2024-13-45",
         "2024", "Judul", "\u2212" + "3", "３", "٣", "\u00a03.5", "x" * 5000, "'", '"', "\r\n", "\t"]


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory, request):
    access = Access(hash_passcode(PASSCODE))
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'store.sqlite'}", access=access,
                       seed_dir=SEED)
    outcomes: Counter = Counter()
    yield store, access.login("Fuzzer", PASSCODE), tmp_path_factory.mktemp("files"), outcomes
    # how many files of each kind, and what they did
    write_line(request.config, f"\nstore fuzz ({settings.get_current_profile_name()} profile): {dict(outcomes)}")
    store.close()


cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                  st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.integers(-10, 3000).map(str))
headers = st.one_of(
    st.just(["region_code", "indicator", "year", "value", "source_title", "source_publisher", "source_url",
             "source_date"]),
    st.just(["region_code", "year", "spbe_index", "ikd_activation_pct", "source_id"]),
    st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8),
    st.lists(st.text(max_size=6), max_size=5),
)
valid_row = st.tuples(
    st.sampled_from(["64.71", "64.72", "32.76"]),
    st.sampled_from(["spbe_index", "ikd_activation_pct", "asn_count"]),
    st.integers(1995, 2026).map(str),
    st.floats(0, 5).map(lambda v: f"{v:.3f}"),
    st.just("Synthetic fuzz source"), st.just("Fuzz"), st.just("https://example.org/f"), st.just("2025"),
).map(list)
nearly_valid = st.tuples(
    st.just(["region_code", "indicator", "year", "value", "source_title", "source_publisher", "source_url",
             "source_date"]),
    st.lists(st.one_of(valid_row, valid_row, valid_row, st.lists(cells, max_size=9)), min_size=1, max_size=6),
)
tables = st.one_of(st.tuples(headers, st.lists(st.lists(cells, max_size=10), max_size=8)), nearly_valid)


def _check(store: Store, editor, path: Path, outcomes: Counter) -> None:
    ctx = ImportContext.from_store(store)
    before = (store.revision_count(), store.data_version())
    preview = preview_file(path, ctx)
    assert isinstance(preview, ImportPreview)
    if preview.ok:
        commit(store, preview, editor=editor)
        outcomes["committed"] += 1
        return
    with pytest.raises(DataError):
        commit(store, preview, editor=editor)
    assert (store.revision_count(), store.data_version()) == before
    outcomes["file refused" if preview.errors else "rows rejected"] += 1


@settings(max_examples=n(N), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(table=tables, delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.binary(min_size=1, max_size=8))),
       truncate=st.one_of(st.none(), st.integers(0, 300)))
def test_fuzz_csv(fuzz_store, table, delimiter, encoding, damage, truncate):
    store, editor, folder, outcomes = fuzz_store
    header, rows = table
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    data = text.encode(encoding, errors="replace")
    if damage is not None:
        pos, junk = damage
        data = data[:pos] + junk + data[pos:]
    if truncate is not None:
        data = data[:truncate]
    path = folder / "fuzz.csv"
    path.write_bytes(data)
    _check(store, editor, path, outcomes)
    outcomes["csv"] += 1


xlsx_cells = st.one_of(cells, st.none(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
                       st.booleans(), st.sampled_from(["=1+2", "=A1", "=HYPERLINK(\"x\")", "#N/A"]),
                       st.datetimes().map(lambda d: d.replace(microsecond=0)))


@settings(max_examples=n(max(50, N * 3 // 10)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(header=headers, rows=st.lists(st.lists(xlsx_cells, max_size=8), max_size=6),
       merge=st.one_of(st.none(), st.sampled_from(["A1:B1", "C2:C3", "A2:D2"])),
       sheet=st.sampled_from(["Data", "Sheet1", "data "]),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 3000), st.binary(min_size=1, max_size=16))))
def test_fuzz_xlsx(fuzz_store, header, rows, merge, sheet, damage):
    store, editor, folder, outcomes = fuzz_store
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl cannot write these at all
            ws.cell(r, c, value)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if damage is not None:
        pos, junk = damage
        data = data[:pos] + junk + data[pos + len(junk):]
    path = folder / "fuzz.xlsx"
    path.write_bytes(data)
    _check(store, editor, path, outcomes)
    outcomes["xlsx"] += 1
