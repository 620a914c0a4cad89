"""Process-wide settings of the dashboard's server.

pyarrow (loaded with pandas, and by Streamlit to send tables) allocates from mimalloc by default, which reserves
segments of its own for fast large allocations. The dashboard's tables have hundreds of rows, so the system allocator
costs nothing noticeable and keeps the server 5-7 MB smaller (``benchmarks/bench_app.py``, memory after visiting
every page). The pool is chosen when pyarrow first loads, so ``dashboard.py`` sets ``ARROW_DEFAULT_MEMORY_POOL`` before
anything imports pandas; :func:`tune_memory` switches the pool of a process where pyarrow was loaded already (an
AppTest, say). Neither changes a result.
"""

from __future__ import annotations

import functools

__all__ = ["ARROW_POOL", "tune_memory"]

#: The value of ``ARROW_DEFAULT_MEMORY_POOL`` that ``dashboard.py`` sets.
ARROW_POOL = "system"


@functools.cache
def tune_memory() -> str:
    """Use pyarrow's system memory pool from now on (once per process); return the pool's name."""
    # deferred: pyarrow: imported only after dashboard.py has set ARROW_DEFAULT_MEMORY_POOL (read at its first load)
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != ARROW_POOL:
        pa.set_memory_pool(pa.system_memory_pool())
    return pa.default_memory_pool().backend_name
