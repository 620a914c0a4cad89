"""Build data/register/: the national register of Kemendagri region codes, from the npm package ``idn-area-data``.

The package (https://github.com/fityannugroho/idn-area-data; code MIT, data ODbL 1.0) carries the provinces,
the 514 kabupaten/kota, the kecamatan and the desa/kelurahan with dotted codes (``64``, ``64.71``, ``64.71.01``,
``64.71.01.1001``). The four tables are copied **unmodified** (the village table gzip-compressed, byte-identical
once decompressed) together with the package's licences; its island table is left out. The package version and
the SHA-256 of each table are written to ``data/register/VERSION``.

Usage (from the repository root)::

    .venv/bin/python scripts/build_register.py                      # runs `npm pack idn-area-data@4.0.1`
    .venv/bin/python scripts/build_register.py --package DIR_OR_TGZ  # an already downloaded package
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "register"
PACKAGE = "idn-area-data"
VERSION = "4.0.1"
#: Tables copied as they are, and the one compressed.
PLAIN = ("provinces.csv", "regencies.csv", "districts.csv")
COMPRESSED = ("villages.csv",)
HEADERS = {
    "provinces.csv": "code,name",
    "regencies.csv": "code,province_code,name",
    "districts.csv": "code,regency_code,name",
    "villages.csv": "code,district_code,name",
}


def _npm_pack(version: str, tmp: Path) -> Path:
    """Download the package tarball with npm (the registry's ordinary client) into ``tmp``."""
    out = subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=tmp, check=True,
                         capture_output=True, text=True)
    return tmp / out.stdout.strip().splitlines()[-1]


def _extract(source: Path, tmp: Path) -> Path:
    """The package directory: ``source`` itself, or the ``package/`` folder of a tarball."""
    if source.is_dir():
        return source
    with tarfile.open(source) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(package_dir: Path, out: Path = OUT) -> dict[str, object]:
    """Copy the register tables and licences from ``package_dir`` into ``out``; return the manifest."""
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    if meta.get("name") != PACKAGE:
        raise SystemExit(f"{package_dir}: not the {PACKAGE} package (name {meta.get('name')!r})")
    data = package_dir / "data"
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"package": PACKAGE, "version": meta["version"],
                                   "repository": meta.get("repository", {}).get("url", ""),
                                   "code_license": meta.get("license", ""), "data_license": "ODbL-1.0", "files": {}}
    files: dict[str, dict[str, object]] = {}
    for name in (*PLAIN, *COMPRESSED):
        raw = (data / name).read_bytes()
        header = raw.split(b"\n", 1)[0].decode("utf-8-sig").strip()
        if header != HEADERS[name]:
            raise SystemExit(f"{name}: expected header {HEADERS[name]!r}, got {header!r}")
        rows = raw.count(b"\n") - 1 + (0 if raw.endswith(b"\n") else 1)
        if name in COMPRESSED:
            target = out / f"{name}.gz"
            with target.open("wb") as fh, gzip.GzipFile(filename=name, mode="wb", fileobj=fh, compresslevel=9,
                                                        mtime=0) as gz:
                gz.write(raw)
        else:
            target = out / name
            target.write_bytes(raw)
        files[target.name] = {"rows": rows, "sha256_uncompressed": _sha256(raw), "bytes": target.stat().st_size}
    manifest["files"] = files
    shutil.copyfile(data / "LICENSE.md", out / "LICENSE-ODbL.md")
    shutil.copyfile(package_dir / "LICENSE", out / "LICENSE-MIT-package-code.txt")
    (out / "VERSION").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="the extracted package directory or its .tgz "
                        f"(default: npm pack {PACKAGE}@{VERSION})")
    parser.add_argument("--version", default=VERSION, help="package version for npm pack")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = args.package if args.package else _npm_pack(args.version, tmp)
        manifest = build(_extract(source, tmp), args.out)
    for name, info in manifest["files"].items():  # type: ignore[union-attr]
        print(f"{name}: {info['rows']} rows, {info['bytes']:,} bytes")
    print(f"{PACKAGE} {manifest['version']} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
