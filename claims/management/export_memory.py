"""How much memory a download costs the web process: its peak resident size over idle.

``measure_export_memory`` fetches one address through a Django test client in
this process, reads the streamed body chunk by chunk as a browser would (never
holding it), and reports the bytes, the seconds and the process's peak resident
memory (``VmHWM``) over its resident size just before. On Linux the peak is
reset first (writing 5 to ``/proc/self/clear_refs``), so it is this request's
peak and not start-up's. ``bench_exports`` calls it once per fresh process;
``bench_pages`` or any other benchmark may call it with its own client.
"""

import gc
import time
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
MB = 1024 * 1024
# Requests that run the export code and its queries but stream no claim set: after
# them the process holds its modules, its connection and its caches, as a web
# process does between requests.
WARM_UP = ("/export.csv?published_from=2999-01-01", "/export.json?published_from=2999-01-01")


def _status_kb(field: str) -> int | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Make ``VmHWM`` start again from the present size; False where the kernel cannot."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def measure_export_memory(path: str, client) -> dict:
    """Fetch ``path`` with ``client`` and measure the process while its body streams.

    Returns ``path``, ``status``, ``streaming``, ``bytes``, ``chunks``, ``seconds`` (and
    ``first_byte_seconds``: until the first chunk, the wait a user sees),
    ``idle_mb`` (resident just before), ``peak_mb`` (the highest resident size during
    the request), ``over_idle_mb`` (the difference) and ``peak_reset`` (False where the
    peak could not be reset, so it may be an earlier one). Warm the process up first
    (``WARM_UP``): the first request of a process also pays for imports.
    """
    gc.collect()
    peak_reset = _reset_peak()
    idle_kb = _status_kb("VmRSS")
    started = time.perf_counter()
    response = client.get(path)
    size = chunks = 0
    first_byte = None
    if response.streaming:
        for chunk in response.streaming_content:
            if first_byte is None and chunk:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            chunks += 1
    else:
        size, chunks = len(response.content), 1
    seconds = time.perf_counter() - started
    peak_kb = _status_kb("VmHWM")
    if idle_kb is None or peak_kb is None:
        idle_mb = peak_mb = over_idle_mb = None
    else:
        idle_mb = idle_kb * 1024 / MB
        peak_mb = peak_kb * 1024 / MB
        over_idle_mb = max(0.0, peak_mb - idle_mb)
    return {
        "path": path,
        "status": response.status_code,
        "streaming": response.streaming,
        "bytes": size,
        "chunks": chunks,
        "seconds": seconds,
        "first_byte_seconds": seconds if first_byte is None else first_byte,
        "idle_mb": idle_mb,
        "peak_mb": peak_mb,
        "over_idle_mb": over_idle_mb,
        "peak_reset": peak_reset,
    }
