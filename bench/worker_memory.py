"""How much memory a worker takes: a real `celery worker` process, then the vector index.

Starts one worker (``--concurrency 1``, as tracker.celery.worker_command makes it) on
queues of its own, against DATABASE_URL and CELERY_BROKER_URL, and prints the resident
(RSS), proportional (PSS: shared pages split between the processes sharing them) and
private memory of its main process and its pool process: once it is ready (the spaCy pipeline
loaded, before the pool forked), then after it processed one article and suggested
links for its claims (the embedding model and the vector index loaded in the pool
process). The article is deleted afterwards. Then, in this process, what the vector
index of link suggestions adds for N claims (random vectors, loaded as a worker's first
suggestions load them). A benchmark, not a test: it asserts nothing.

    DJANGO_DEBUG=1 DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://... \\
        .venv/bin/python bench/worker_memory.py [--claims 100000]
"""

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

ARTICLE = """Russia is losing Central Asia to China ({tag})

China overtook Russia as Kazakhstan's largest trading partner in 2022, analysts in Almaty said.
Beijing signed gas and rail agreements worth $15 billion with Uzbekistan and Kyrgyzstan in May 2023.
Moscow still supplies most of the region's weapons, and Russia keeps its base in Tajikistan.
"""


def memory_mib(pid: int) -> tuple[float, float, float]:
    """(RSS, PSS, USS) of a process in MiB, from /proc/<pid>/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return fields["Rss"] / 1024, fields["Pss"] / 1024, private / 1024


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def report(label: str, main: int) -> None:
    rows = [("main process", main)] + [("pool process", pid) for pid in children(main)]
    total = 0.0
    out = [label]
    for name, pid in rows:
        rss, pss, uss = memory_mib(pid)
        total += pss
        out.append(f"  {name:<14} RSS {rss:6.0f} MiB   PSS {pss:6.0f} MiB   private {uss:6.0f} MiB")
    out.append(f"  {'worker':<14} {'':<14} PSS {total:6.0f} MiB in all")
    sys.stdout.write("\n".join(out) + "\n")


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.5)


def measure_worker() -> None:
    from django.conf import settings

    from claims.models import ClaimVector
    from sources.models import Source
    from sources.services import source_create
    from tracker.celery import app, worker_command

    queue = f"bench-memory-{uuid.uuid4().hex[:8]}"
    links_queue = f"{queue}-links"
    app.conf.task_default_queue = queue
    env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue, "LINK_SUGGESTIONS_QUEUE": links_queue}
    with tempfile.NamedTemporaryFile("w+b", suffix=".log") as log:
        process = subprocess.Popen(
            worker_command(queue=queue, loglevel="INFO", links_queue=links_queue),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        source = None
        try:
            logged = Path(log.name)
            wait_for(lambda: b" ready." in logged.read_bytes(), seconds=300, what="the worker")
            time.sleep(2)
            report("ready (spaCy pipeline loaded):", process.pid)

            source = source_create(content=ARTICLE.format(tag=uuid.uuid4().hex))

            def vectors_stored() -> bool:
                source.refresh_from_db()
                claims = source.claims.count()
                return source.status == Source.Status.DONE and (
                    ClaimVector.objects.filter(claim__source=source).count() == claims
                )

            wait_for(vectors_stored, seconds=300, what="the article and its link suggestions")
            time.sleep(2)
            report(
                f"after one article ({source.claims.count()} claims) and its link suggestions"
                f" (embedding model loaded; {ClaimVector.objects.count():,} vectors in the index):",
                process.pid,
            )
        finally:
            process.terminate()
            process.wait(timeout=60)
            if source is not None:
                source.delete()
            with app.connection_for_write() as conn:
                for name in (queue, links_queue):
                    conn.default_channel.queue_delete(name)


def measure_index(claims: int) -> None:
    import numpy as np

    from claims.linking.suggestions.embeddings import DIMENSIONS
    from claims.linking.suggestions.neighbours import VectorIndex

    def rss() -> float:
        return memory_mib(os.getpid())[0]

    rng = np.random.default_rng(0)
    index = VectorIndex()
    gc.collect()
    before = rss()
    # As a worker's first load: each stored vector's bytes, read row by row.
    rows = (
        (claim_id, rng.standard_normal(DIMENSIONS).astype(np.float32).tobytes())
        for claim_id in range(1, claims + 1)
    )
    index.load(rows, count=claims)
    gc.collect()
    after = rss()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(
        f"vector index, {claims:,} claims: +{after - before:.0f} MiB held once loaded "
        f"({claims * DIMENSIONS * 4 / 2**20:.0f} MiB of vectors; this process's peak {peak:.0f} MiB)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the vector index")
    options = parser.parse_args()
    import django

    django.setup()
    measure_worker()
    measure_index(options.claims)


if __name__ == "__main__":
    main()
