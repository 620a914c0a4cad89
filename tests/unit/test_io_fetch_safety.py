"""Known answers for ``boundaries fetch``: deadline, size limit, truncation, safe --out, --force, local files.

Every server here is a local HTTP server on 127.0.0.1 (never an outside host); the boundary file is synthetic.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator

import pytest

from readiness.cli.commands import main
from readiness.errors import DataError
from readiness.geo import places as geo

GEOJSON = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"ADM2_PCODE": code},
     "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}}
    for x, code in ((116, "ID6471"), (117, "ID6472"))]}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    """/good: the file; /slow: one byte every 0.3 s; /short: announces more than it sends; /big: 50 KB."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        try:
            if self.path == "/good.geojson":
                self._send(GEOJSON, len(GEOJSON))
            elif self.path == "/short.geojson":
                self._send(GEOJSON[:20], len(GEOJSON))
            elif self.path == "/big.geojson":
                self._send(b" " * 50_000, 50_000)
            elif self.path == "/big-unannounced.geojson":
                self._send(b" " * 50_000, None)
            elif self.path == "/slow.geojson":
                self.send_response(200)
                self.send_header("Content-Length", str(len(GEOJSON)))
                self.end_headers()
                for byte in GEOJSON[:40]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.3)
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, body: bytes, length: int | None) -> None:
        self.send_response(200)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url, dest, **kwargs):
    return geo.fetch_boundaries(url, dest, attribution="synthetic", license="test", **kwargs)


def test_good_download_is_cached_with_attribution(server, tmp_path):
    dest = tmp_path / "cache" / "b.geojson"
    assert fetch(f"{server}/good.geojson", dest) == dest
    assert json.loads((dest.parent / "ATTRIBUTION.txt").read_text())["file"] == "b.geojson"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["ATTRIBUTION.txt", "b.geojson"]


def test_total_deadline(server, tmp_path):
    dest = tmp_path / "b.geojson"
    with pytest.raises(DataError, match=r"took longer than 1\.5 s \(--deadline\); nothing was saved"):
        fetch(f"{server}/slow.geojson", dest, timeout=5, deadline=1.5)
    assert list(tmp_path.iterdir()) == []


def test_size_limit_announced_or_not(server, tmp_path):
    with pytest.raises(DataError, match=r"big\.geojson is 0 MB; the limit is 0 MB \(--max-mb\)"):
        fetch(f"{server}/big.geojson", tmp_path / "b.geojson", max_bytes=10_000)
    with pytest.raises(DataError, match=r"is larger than 0 MB \(--max-mb\); nothing was saved"):
        fetch(f"{server}/big-unannounced.geojson", tmp_path / "b.geojson", max_bytes=10_000)
    assert list(tmp_path.iterdir()) == []


def test_truncated_download_is_named(server, tmp_path):
    with pytest.raises(DataError, match="is truncated"):
        fetch(f"{server}/short.geojson", tmp_path / "b.geojson")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out,message", [("", "--out is empty"), (".", "is a folder"), ("sub/", "is a folder")])
def test_out_must_be_a_file_path(server, tmp_path, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(DataError, match=message):
        fetch(f"{server}/good.geojson", out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


def test_no_overwrite_without_force(server, tmp_path):
    dest = tmp_path / "b.geojson"
    dest.write_text("mine")
    with pytest.raises(DataError, match="exists; add --force to replace it"):
        fetch(f"{server}/good.geojson", dest)
    assert dest.read_text() == "mine"
    fetch(f"{server}/good.geojson", dest, overwrite=True)
    assert dest.read_text() != "mine"


def test_symlinks_are_never_followed(server, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "b.geojson").symlink_to(victim)
    with pytest.raises(DataError, match="is a symbolic link"):
        fetch(f"{server}/good.geojson", cache / "b.geojson", overwrite=True)
    (cache / "b.geojson").unlink()
    (cache / "ATTRIBUTION.txt").symlink_to(victim)
    with pytest.raises(DataError, match=r"ATTRIBUTION\.txt is a symbolic link"):
        fetch(f"{server}/good.geojson", cache / "b.geojson", overwrite=True)
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in cache.iterdir()) == ["ATTRIBUTION.txt"]


def test_attribution_of_another_file_is_kept_without_force(server, tmp_path):
    fetch(f"{server}/good.geojson", tmp_path / "a.geojson")
    with pytest.raises(DataError, match=r"describes another file \('a\.geojson'\); add --force"):
        fetch(f"{server}/good.geojson", tmp_path / "b.geojson")


def test_local_file_errors_are_not_called_offline(tmp_path):
    with pytest.raises(DataError, match=r"local file .*missing\.geojson not found") as err:
        fetch(str(tmp_path / "missing.geojson"), tmp_path / "b.geojson")
    assert "offline" not in str(err.value)
    (tmp_path / "src.geojson").write_bytes(GEOJSON)
    assert fetch((tmp_path / "src.geojson").as_uri(), tmp_path / "b.geojson").exists()


def test_cli_fetch_refuses_existing_out_and_force_replaces(server, tmp_path, capsys):
    dest = tmp_path / "b.geojson"
    dest.write_text("mine")
    assert main(["boundaries", "fetch", "--url", f"{server}/good.geojson", "--out", str(dest)]) == 2
    assert "exists; add --force" in capsys.readouterr().err and dest.read_text() == "mine"
    assert main(["boundaries", "fetch", "--url", f"{server}/good.geojson", "--out", str(dest), "--force"]) == 0
    assert dest.read_text() != "mine"
