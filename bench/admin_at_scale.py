"""Speed of the claims and entities admin pages on a large database.

Run it against a copy of a large corpus (``manage.py seed_synthetic``: 100,000
claims), never against data you care about: it only reads. Signed in as the
``editor`` account, it requests each page ``--repeat`` times through the whole
stack (middleware, session, admin, templates) and prints p50 and p95, the
query count of one request, and the ratio of the p95 to that of reading 50
claims' ``values()`` as JSON in the same process (the bare reference, which
tells a slow page from a busy machine). A benchmark, not a test: it asserts
nothing.

    DATABASE_URL=postgres://…/<a copy> DJANGO_SECRET_KEY=… \\
        .venv/bin/python bench/admin_at_scale.py [--repeat 20] [--hub 1] [--claim 1813]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from claims.models import Claim, Mention  # noqa: E402


def pages(hub: int, claim: int) -> dict[str, str]:
    claims, entities = "/admin/claims/claim/", "/admin/claims/entity/"
    return {
        "claims": claims,
        "claims ?q=troops": f"{claims}?q=troops",
        "claims ?has_conflict=yes": f"{claims}?has_conflict=yes",
        "claims ?has_conflict=no": f"{claims}?has_conflict=no",
        "claims ?has_open_conflict=yes": f"{claims}?has_open_conflict=yes",
        "claims ?status=proposed": f"{claims}?status__exact=proposed",
        "claims ?entity=<hub>": f"{claims}?entity={hub}",
        "claims page 1000 (shows 200)": f"{claims}?p=1000",
        "claims page 200": f"{claims}?p=200",
        "claim page (about the hub)": f"{claims}{claim}/change/",
        "entities": entities,
        "entities by mentions": f"{entities}?o=-4",
    }


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--hub", type=int, default=1, help="the entity most claims name")
    parser.add_argument("--claim", type=int, help="a claim naming the hub (default: one)")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    claim = (
        args.claim
        or (
            Mention.objects.filter(entity_id=args.hub)
            .order_by("claim_id")
            .values_list("claim_id", flat=True)[0]
        )
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))

    bare = timed(lambda: json.dumps(list(Claim.objects.values()[:50]), default=str), args.repeat)
    out = sys.stdout
    out.write(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'× bare p95':>11}\n")
    out.write(f"{'bare: 50 claims values()':32} {median(bare):8.1f} {p95(bare):8.1f}\n")
    for name, url in pages(args.hub, claim).items():
        queries = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = client.get(url, secure=True)
        if response.status_code != 200:
            out.write(f"{name:32} answered {response.status_code}\n")
            continue
        times = timed(lambda url=url: client.get(url, secure=True), args.repeat)
        out.write(
            f"{name:32} {median(times):8.1f} {p95(times):8.1f} {len(queries):8d} "
            f"{p95(times) / p95(bare):10.0f}×\n"
        )
        out.flush()


if __name__ == "__main__":
    main()
