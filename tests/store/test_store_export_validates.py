"""The store's own export always validates (issue 23, item 6): whatever the importer commits, ``python -m readiness
validate`` accepts the exported figures."""

from __future__ import annotations

import pytest

from readiness.cli.commands import main
from readiness.store.importer import Source, commit, export_observations, preview_edit

from .conftest import SEED

SOURCE = Source("Laporan uji (synthetic)", "Dinas Uji", "2025")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_export_of_committed_edits_validates(store, editor, tmp_path, suffix, capsys):
    edits = {("spbe_index", 2024): "5", ("spbe_index", 2021): "0"}
    preview = preview_edit(store, "64.72", edits, source=SOURCE, note="=HYPERLINK(\"http://x\") -5 @a +1")
    assert preview.ok, preview.problems()
    assert commit(store, preview, editor=editor)
    refused = preview_edit(store, "64.71", {("spbe_index", 2024): "1e300"}, source=SOURCE)
    assert not refused.ok  # the importer does not commit what the export could not validate
    path = export_observations(store, tmp_path / f"observations{suffix}")
    assert main(["validate", str(SEED / "framework.yaml"), str(path)]) == 0, capsys.readouterr().err
