"""Files the library writes (exports, decks, PDFs, CLI outputs: all through readiness.io.write_atomic) get the
permissions of a file created the ordinary way -- 0o666 less the umask, 644 under the usual 022 -- not the
owner-only 600 of the temporary file they start as."""

from __future__ import annotations

import os
import stat

import pytest

from readiness.display.export import write_bytes
from readiness.io import write_atomic


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    before = os.umask(0o022)
    yield set_mask
    os.umask(before)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_file_follows_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "out.csv"
    write_atomic(target, b"a,b\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"a,b\n"


def test_export_is_group_readable_when_it_replaces_a_file(tmp_path, umask):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_bytes(b"new", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name != "deck.pptx"]  # no temporary file left
