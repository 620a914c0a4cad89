"""Process-wide settings of the dashboard's server.

pyarrow (loaded with pandas, and by Streamlit to send tables) allocates from mimalloc by default, which reserves
segments of its own for fast large allocations. The dashboard's tables have hundreds of rows, so the system allocator
costs nothing noticeable and keeps the server 5-7 MB smaller (``benchmarks/bench_app.py``, memory after visiting
every page). The pool is chosen when pyarrow first loads, so ``dashboard.py`` sets ``ARROW_DEFAULT_MEMORY_POOL`` before
anything imports pandas; :func:`tune_memory` switches the pool of a process where pyarrow was loaded already (an
AppTest, say). Neither changes a result.

glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), so after one 19 MB upload
every later upload-sized buffer (the request body, the file's bytes) comes from the heap arenas of the server's
threads, which it rarely gives back: six parallel 19 MB uploads left the server hundreds of MB larger for good
(issue 23). :func:`tune_memory` fixes the threshold at 1 MB (``mallopt(M_MMAP_THRESHOLD)``; a fixed threshold turns
the adjustment off), so blocks of 1 MB and more are mapped on their own and returned to the system when freed.

Streamlit collects garbage after every script run (``runner.postScriptGC``): a full collection, which walks every
object of the process, some 140,000 after the first pages (the modules, the dataset, the caches), 45-80 ms per run,
holding the interpreter while other sessions wait. :func:`freeze_heap` moves the objects alive after a run that
loaded new modules into the permanent generation (``gc.freeze``), which collections skip: the collection after a
rerun then takes under a millisecond. Frozen objects are still freed when nothing refers to them; only cyclic garbage
frozen with them (made by the run that loaded the modules) stays, a bounded amount, a few times per process.

Streamlit runs each script run on a new thread, and glibc gives threads arenas of their own (up to eight per core)
as they contend, each keeping what its runs freed. :func:`tune_memory` caps them at :data:`ARENAS`
(``mallopt(M_ARENA_MAX)``), so the pages' freed memory is reused instead of spread over new arenas.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import sys
import threading

__all__ = ["ARENAS", "ARROW_POOL", "MMAP_THRESHOLD", "freeze_heap", "release_memory", "tune_memory"]

log = logging.getLogger(__name__)

#: The value of ``ARROW_DEFAULT_MEMORY_POOL`` that ``dashboard.py`` sets.
ARROW_POOL = "system"
#: Blocks of at least this many bytes get their own mapping (glibc ``M_MMAP_THRESHOLD``), returned when freed.
MMAP_THRESHOLD = 1024 * 1024
_M_MMAP_THRESHOLD = -3
#: At most this many malloc arenas (glibc ``M_ARENA_MAX``): the main one and one for every script run's thread.
ARENAS = 2
_M_ARENA_MAX = -8


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc, or None elsewhere (musl, macOS): then the allocator is left as it is."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_frozen_modules = 0
_freeze_lock = threading.Lock()


def freeze_heap() -> bool:
    """At the end of a script run: when modules were loaded since the last time, collect and freeze what is alive
    (``gc.freeze``), so that later collections skip it; True when it froze."""
    global _frozen_modules
    with _freeze_lock:
        if len(sys.modules) <= _frozen_modules:
            return False
        _frozen_modules = len(sys.modules)
        gc.collect()
        gc.freeze()
        return True


def release_memory() -> bool:
    """Give freed heap memory back to the system now (glibc ``malloc_trim``); False where there is no glibc."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


@functools.cache
def tune_memory() -> str:
    """Use pyarrow's system memory pool, a fixed mmap threshold and at most :data:`ARENAS` malloc arenas from now on
    (once per process); return the pool's name."""
    # deferred: pyarrow: imported only after dashboard.py has set ARROW_DEFAULT_MEMORY_POOL (read at its first load)
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != ARROW_POOL:
        pa.set_memory_pool(pa.system_memory_pool())
    libc = _libc()
    if libc is None or not libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD):
        log.info("malloc's mmap threshold left as it is (no glibc)")
    if libc is not None and not libc.mallopt(_M_ARENA_MAX, ARENAS):
        log.info("malloc's arena count left as it is")
    return pa.default_memory_pool().backend_name
