"""Speed of every API list and detail on a large database, with the plans of the lists.

Run it against a copy of a large corpus (``manage.py seed_synthetic``: 100,000
claims), never against data you care about: it only reads, but gives the
``researcher`` account a token if it has none. For each endpoint it prints p50
and p95 over ``--repeat`` requests through the whole stack (middleware, token,
throttles, serializers, JSON), the query count, and the ratio to a bare view
returning 50 claims' ``values()`` as JSON; then EXPLAIN ANALYZE of each list's
page query, so an ordering or filter that scans shows as such. A benchmark,
not a test: it asserts nothing.

    DATABASE_URL=postgres://…/<a copy> DJANGO_SECRET_KEY=… \\
        .venv/bin/python bench/api_at_scale.py [--repeat 30]
"""

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import quantiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from claims.management.commands.bench_api import CLAIM_COLUMNS  # noqa: E402
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention  # noqa: E402
from common.api import throttling  # noqa: E402
from sources.models import Source  # noqa: E402


def bare_claims(request):
    return JsonResponse(
        {"results": list(Claim.objects.order_by("-id").values(*CLAIM_COLUMNS)[:50])}
    )


urlpatterns = [path("bench/claims/", bare_claims), path("", include("tracker.urls"))]


def endpoints() -> list[tuple[str, str]]:
    hub = (
        Entity.objects.annotate(n=Count("mentions")).order_by("-n").values_list("pk", flat=True)[0]
    )
    largest = (
        ClaimSet.objects.annotate(n=Count("claims")).order_by("-n").values_list("pk", flat=True)[0]
    )
    claim = Claim.objects.filter(mentions__entity_id=hub, claim_set_id=largest).first().pk
    return [
        ("claims", "/api/claims/"),
        ("claims ?ordering=-score", "/api/claims/?ordering=-score"),
        ("claims ?ordering=score", "/api/claims/?ordering=score"),
        ("claims ?ordering=-updated_at", "/api/claims/?ordering=-updated_at"),
        ("claims ?ordering=created_at", "/api/claims/?ordering=created_at"),
        ("claims ?has_conflict=true", "/api/claims/?has_conflict=true"),
        ("claims ?entity=<hub>", f"/api/claims/?entity={hub}"),
        ("claims ?status=accepted", "/api/claims/?status=accepted"),
        ("claims, page 200", "/api/claims/?page_size=200"),
        ("claims ?ordering=-score, 2nd page", "next:/api/claims/?ordering=-score"),
        ("claim sets", "/api/claim-sets/"),
        ("claim sets ?has_conflict=true", "/api/claim-sets/?has_conflict=true"),
        ("claim sets ?ordering=created_at", "/api/claim-sets/?ordering=created_at"),
        ("links", "/api/links/"),
        ("links ?ordering=-updated_at", "/api/links/?ordering=-updated_at"),
        ("entities", "/api/entities/"),
        ("entities ?ordering=-updated_at", "/api/entities/?ordering=-updated_at"),
        ("sources", "/api/sources/"),
        ("sources ?ordering=-updated_at", "/api/sources/?ordering=-updated_at"),
        ("claim (about the hub)", f"/api/claims/{claim}/"),
        ("claim set (largest)", f"/api/claim-sets/{largest}/"),
        ("link", f"/api/links/{ClaimLink.objects.order_by('pk').first().pk}/"),
        ("entity (hub)", f"/api/entities/{hub}/"),
        ("source", f"/api/sources/{Source.objects.order_by('pk').first().pk}/"),
    ]


def p50_p95(values: list[float]) -> tuple[float, float]:
    cuts = quantiles(values, n=20)
    return cuts[9], cuts[18]


class Recorded(list):
    """The (sql, params) of every query run while it is installed (``execute_wrapper``)."""

    def __call__(self, execute, sql, params, many, context):
        self.append((sql, params))
        return execute(sql, params, many, context)


def answer(client, url: str) -> tuple[object, Recorded]:
    recorded = Recorded()
    with connection.execute_wrapper(recorded):
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.content[:300])
    return response, recorded


def timed(client, url: str, repeat: int) -> tuple[list[float], int]:
    for _ in range(3):  # warm-up
        client.get(url, secure=True)
    _, queries = answer(client, url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, len(queries)


def page_query_plan(client, url: str) -> str:
    """EXPLAIN ANALYZE of the list's page query (the first with LIMIT after the token's)."""
    _, queries = answer(client, url)
    sql, params = next(q for q in queries if " LIMIT " in q[0] and "authtoken" not in q[0])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def say(line: str) -> None:
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--plans", action="store_true", help="Also print each list's plan.")
    options = parser.parse_args()
    user = get_user_model().objects.get(username="researcher")
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    throttling.UserRateThrottle.rate = "100000000/minute"
    say(
        f"{Source.objects.count():,} sources, {Claim.objects.count():,} claims, "
        f"{Mention.objects.count():,} mentions, {ClaimLink.objects.count():,} links, "
        f"{ClaimSet.objects.count():,} claim sets; {options.repeat} timed requests each"
    )
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
        bare, _ = timed(client, "/bench/claims/", options.repeat)
        bare_p50, bare_p95 = p50_p95(bare)
        say(f"{'bare values() of 50 claims':38} {bare_p50:7.1f} {bare_p95:7.1f} ms")
        say(f"{'endpoint':38} {'p50':>7} {'p95':>7}    {'queries':>7} {'× bare p95':>10}")
        lists = []
        for label, url in endpoints():
            if url.startswith("next:"):
                url = answer(client, url[5:])[0].json()["next"].split("testserver", 1)[1]
            timings, queries = timed(client, url, options.repeat)
            p50, p95 = p50_p95(timings)
            say(f"{label:38} {p50:7.1f} {p95:7.1f} ms {queries:7} {p95 / bare_p95:9.1f}×")
            if "/api/" in url and not url.rstrip("/").split("/")[-1].isdigit():
                lists.append((label, url))
        if options.plans:
            for label, url in lists:
                say(f"\n{label}: {url}\n{page_query_plan(client, url)}")


if __name__ == "__main__":
    main()
