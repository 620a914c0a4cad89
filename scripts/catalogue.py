"""Refresh the generated sections of data/README.md (indicators, coverage, sources) from the bundled data.

Usage: .venv/bin/python scripts/catalogue.py
"""

from __future__ import annotations

import re

import readiness
from readiness.model.coverage import coverage_markdown, indicators_markdown, sources_markdown

SECTIONS = {"indicators": indicators_markdown, "coverage": coverage_markdown, "sources": sources_markdown}


def main() -> None:
    path = readiness.DATA_DIR / "README.md"
    text = path.read_text(encoding="utf-8")
    ds = readiness.load_dataset()
    for name, build in SECTIONS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        text = re.sub(f"{start}.*?{end}", lambda _m, s=start, e=end, b=build: f"{s}\n{b(ds)}\n{e}", text, flags=re.S)
    path.write_text(text, encoding="utf-8")
    print(f"updated {path}")


if __name__ == "__main__":
    main()
