"""The national register of Kemendagri region codes (``data/register/``, from the npm package ``idn-area-data``).

Codes are dotted, one level per part: province ``64``, kabupaten/kota ``64.71`` (Kota Balikpapan), kecamatan
``64.71.01``, desa/kelurahan ``64.71.01.1001``. The level of a code follows from its shape alone
(:func:`code_level`); whether it exists, and under which name, from the register (:func:`lookup`).

The register is read lazily: the three small tables on first use, the 84 000 desa/kelurahan only when a desa code
is looked up. A loaded register is cached per directory (it is read-only), so repeated look-ups cost a dict access.
"""

from __future__ import annotations

import functools
import gzip
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from readiness.errors import DataError

__all__ = [
    "LEVELS",
    "REGISTER_DIR",
    "SCORED_KINDS",
    "Register",
    "RegisterEntry",
    "code_level",
    "load_register",
    "lookup",
    "name_mismatches",
    "unknown_codes",
]

#: The kinds of region (``regions.csv`` column ``kind``) that are scored and ranked against each other:
#: kabupaten/kota. Provinces, kecamatan and desa/kelurahan are shown (maps, figures) but never ranked against a city.
SCORED_KINDS = ("kota", "kabupaten")

#: Levels from the top, each with the register file it is read from and the name of its parent-code column.
LEVELS = ("province", "regency", "district", "village")
_FILES = {
    "province": ("provinces.csv", None),
    "regency": ("regencies.csv", "province_code"),
    "district": ("districts.csv", "regency_code"),
    "village": ("villages.csv.gz", "district_code"),
}
_PATTERNS = {
    "province": re.compile(r"\d{2}"),
    "regency": re.compile(r"\d{2}\.\d{2}"),
    "district": re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    "village": re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
#: The bundled register.
REGISTER_DIR = Path(__file__).resolve().parents[2] / "data" / "register"


def code_level(code: object) -> str | None:
    """The level a dotted code has by its shape: ``"province"`` (``64``), ``"regency"`` (kabupaten/kota, ``64.71``),
    ``"district"`` (kecamatan, ``64.71.01``), ``"village"`` (desa/kelurahan, ``64.71.01.1001``); None otherwise.

    Surrounding spaces are ignored; nothing else is rewritten (``6471`` is not a dotted code)."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    for level, pattern in _PATTERNS.items():
        if pattern.fullmatch(text):
            return level
    return None


@dataclass(frozen=True)
class RegisterEntry:
    """One code in the register: its level, its name as the register writes it, and its parent's code."""

    code: str
    level: str
    name: str
    parent: str | None


def _read(directory: Path, level: str) -> dict[str, tuple[str, str | None]]:
    """``{code: (name, parent_code)}`` for one level, checked for shape and duplicates."""
    filename, parent_column = _FILES[level]
    path = directory / filename
    if not path.exists():
        raise DataError(f"{path}: register file not found (run scripts/build_register.py)")
    raw = path.read_bytes()
    if filename.endswith(".gz"):
        raw = gzip.decompress(raw)
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    needed = ["code", "name"] + ([parent_column] if parent_column else [])
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise DataError(f"{filename}: missing column(s) {', '.join(missing)}")
    problems = []
    bad = ~frame["code"].str.fullmatch(_PATTERNS[level].pattern)
    for row in frame.index[bad][:20]:
        problems.append(f"{filename} row {row + 2}, column code: {frame.at[row, 'code']!r} is not a {level} code")
    dup = frame["code"].duplicated()
    for row in frame.index[dup][:20]:
        problems.append(f"{filename} row {row + 2}, column code: {frame.at[row, 'code']!r} appears twice")
    if problems:
        raise DataError(problems)
    parents = frame[parent_column] if parent_column else [None] * len(frame)
    return {c: (n, p) for c, n, p in zip(frame["code"], frame["name"], parents, strict=True)}


class Register:
    """The code register read from ``directory``; each level is read the first time it is needed.

    Parameters
    ----------
    directory
        A folder with ``provinces.csv``, ``regencies.csv``, ``districts.csv`` and ``villages.csv.gz``
        (columns ``code, [parent]_code, name``, as in ``idn-area-data``).
    """

    def __init__(self, directory: str | Path = REGISTER_DIR):
        self.directory = Path(directory)
        self._levels: dict[str, dict[str, tuple[str, str | None]]] = {}

    def level_table(self, level: str) -> Mapping[str, tuple[str, str | None]]:
        """``{code: (name, parent_code)}`` of one level (read on first use)."""
        if level not in _FILES:
            raise ValueError(f"unknown level {level!r}; levels are {', '.join(LEVELS)}")
        if level not in self._levels:
            self._levels[level] = _read(self.directory, level)
        return self._levels[level]

    def codes(self, level: str) -> list[str]:
        """Every code of ``level``, sorted."""
        return sorted(self.level_table(level))

    def lookup(self, code: object) -> RegisterEntry | None:
        """The register's entry for ``code`` at any level, or None when the code is malformed or unknown."""
        level = code_level(code)
        if level is None:
            return None
        text = str(code).strip()
        hit = self.level_table(level).get(text)
        if hit is None:
            return None
        return RegisterEntry(code=text, level=level, name=hit[0], parent=hit[1])

    def name(self, code: object) -> str | None:
        """The register's name for ``code``, or None."""
        entry = self.lookup(code)
        return None if entry is None else entry.name


@functools.lru_cache(maxsize=4)
def _cached(directory: str) -> Register:
    return Register(directory)


def load_register(directory: str | Path | None = None) -> Register:
    """The register in ``directory`` (default: the bundled ``data/register/``), one shared instance per folder.

    Nothing is read until a level is first needed."""
    return _cached(str(Path(directory or REGISTER_DIR).resolve()))


def lookup(code: object, register: Register | None = None) -> RegisterEntry | None:
    """Validate a code at any level against the register: its :class:`RegisterEntry` (level and name), or None
    for a malformed or unknown code.

    Examples
    --------
    >>> lookup("64.71").name
    'Kota Balikpapan'
    >>> lookup("64.71").level
    'regency'
    >>> lookup("99.99") is None
    True
    """
    return (register or load_register()).lookup(code)


def unknown_codes(codes: Iterable[object], register: Register | None = None) -> list[str]:
    """The codes (in the order given, each once) that are malformed or not in the register."""
    reg = register or load_register()
    out: dict[str, None] = {}
    for code in codes:
        if reg.lookup(code) is None:
            out[str(code)] = None
    return list(out)


def _fold(name: str) -> str:
    """A name folded for comparison: accents removed, case and runs of spaces ignored, "Kab." read as "Kabupaten"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^kab\.? ", "kabupaten ", text)


def name_mismatches(frame: pd.DataFrame, register: Register | None = None, code_column: str = "code",
                    name_column: str = "name") -> pd.DataFrame:
    """Rows whose code is in the register under a different name: ``code, name, register_name``.

    Names are compared after folding case, accents and spaces (and "Kab." = "Kabupaten"), so only real
    differences are listed. Unknown codes are not listed here (see :func:`unknown_codes`)."""
    reg = register or load_register()
    rows = []
    for code, name in zip(frame[code_column], frame[name_column], strict=True):
        entry = reg.lookup(code)
        if entry is not None and _fold(str(name)) != _fold(entry.name):
            rows.append({"code": entry.code, "name": name, "register_name": entry.name})
    return pd.DataFrame(rows, columns=["code", "name", "register_name"])
