"""Keep a threaded server's memory flat: cap glibc's malloc arenas.

glibc gives busy threads their own malloc arenas (up to eight per core) and rarely hands freed
memory in them back to the system, so each of waitress's worker threads that once streamed a
large export keeps a few megabytes resident: memory climbs with the thread count, then stays.
Two arenas (what MALLOC_ARENA_MAX=2 does, a common setting for threaded Python servers) keep
the server flat at no measurable cost in latency (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

M_ARENA_MAX = -8  # from glibc's malloc.h
ARENAS = 2


def limit_malloc_arenas(count: int = ARENAS, environ: dict | None = None) -> bool:
    """Ask glibc for at most `count` arenas; False when not on glibc or the operator set MALLOC_ARENA_MAX."""
    environ = os.environ if environ is None else environ
    if environ.get("MALLOC_ARENA_MAX"):
        return False  # glibc already read the operator's choice at start-up
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # musl and other C libraries have no mallopt
        return False
    return mallopt(M_ARENA_MAX, count) == 1
