"""What each deferred import costs: the time and memory a fresh interpreter spends importing a module, beside the
baseline of the modules every start already pays for (numpy, pandas, the engine's core).

The function-local imports and start-up shortcuts in the product (``readiness.store.peek``, the pandera checks
written without pandera in ``readiness.model.schema``, the Vincenty distances in ``readiness.geo.places``, modules
imported inside the functions that need them) each cite a row of this table as their reason.

    python benchmarks/bench_imports.py [--repeat 5]

Prints, per module, the median wall time and the growth of the resident set (MB) over the baseline, each measured
in its own fresh interpreter after the baseline imports.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

BASELINE = ("numpy", "pandas", "readiness.pipeline.scoring", "readiness.model.datasets")
#: The deferred modules: third-party libraries the start path avoids, and the product's own heavy modules.
MODULES = ("pandera", "sqlalchemy", "alembic", "readiness.store.store", "geopandas", "shapely", "pyproj", "pyogrio",
           "plotly.graph_objects", "plotly.subplots", "kaleido", "choreographer", "PIL.Image", "pptx",
           "reportlab.platypus", "openpyxl", "readiness.display.briefing", "readiness.display.choropleth",
           "readiness.store.importer")

_PROBE = """
import json, resource, sys, time
for name in {baseline!r}:
    __import__(name)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
__import__({module!r})
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "mb": (after - before) / 1024}}))
"""


def measure(module: str, repeat: int) -> tuple[float, float]:
    """Median seconds and MB of importing ``module`` after the baseline, over ``repeat`` fresh interpreters."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _PROBE.format(baseline=BASELINE, module=module)],
                             capture_output=True, text=True, check=True, timeout=120)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return statistics.median(r["seconds"] for r in runs), statistics.median(r["mb"] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"baseline already imported: {', '.join(BASELINE)}; median of {args.repeat} fresh interpreters")
    print(f"{'module':34} {'seconds':>8} {'MB':>6}")
    for module in MODULES:
        seconds, mb = measure(module, args.repeat)
        print(f"{module:34} {seconds:8.3f} {mb:6.1f}")


if __name__ == "__main__":
    main()
