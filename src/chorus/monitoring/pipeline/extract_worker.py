"""The worker process behind `extract.Extractor`: extracts pages sent over a pipe, under limits.

Imported by the pool's fork server, which is why importing it loads trafilatura and the
language model and runs one extraction: every worker forked from that server starts ready.
It must never be imported by code that does not start workers.

Each message is `(sequence, html, url, memory_mb)`; the answer is
`(sequence, Extracted | ExtractError, healthy)`. `healthy` is False after a MemoryError: the
process may be in a poor state, so it answers and exits, and the pool starts a fresh one.
The wall-clock limit is the pool's job (it kills a worker that overruns); the memory limit is
set here with RLIMIT_AS, so the kernel refuses the allocation that would cross it.
"""

from __future__ import annotations

import gc
import resource
import signal
from multiprocessing.connection import Connection

from trafilatura.external import jt_stoplist_init

from chorus.monitoring.pipeline import extract as _extract

# Warm up in the fork server: the model, trafilatura's compiled expressions and caches are
# then shared by every worker, and a fresh worker's first page is as quick as any other.
_extract.language_identifier()
jt_stoplist_init()  # trafilatura's jusText fallback loads every stop list on first use (~0.2 s)
_extract.extract(
    "<html><body><article><h1>Warm-up</h1><p>"
    + "This page prepares the extraction worker before real pages arrive. " * 20
    + "</p></article></body></html>"
)


def _limit_address_space(memory_mb: int, current: list[int]) -> None:
    if current and current[0] == memory_mb:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    current[:] = [memory_mb]


def serve(conn: Connection, function: _extract.ExtractFunction) -> None:
    """Answer pages until the pipe closes or a None message arrives."""
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit: list[int] = []
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, html, url, memory_mb = message
        healthy = True
        result: _extract.Extracted | _extract.ExtractError
        try:
            _limit_address_space(memory_mb, limit)
            result = function(html, url)
        except MemoryError:
            html = ""
            gc.collect()
            result = _extract.ExtractError(f"the page needed more than {memory_mb} MB of memory")
            healthy = False
        except ValueError as exc:
            result = _extract.ExtractError(str(exc))
        except Exception as exc:  # a parser bug on one odd page must not stop the others
            result = _extract.ExtractError(f"extraction failed: {type(exc).__name__}: {exc}")
        try:
            conn.send((seq, result, healthy))
        except (OSError, MemoryError):
            return
        if not healthy:
            return
