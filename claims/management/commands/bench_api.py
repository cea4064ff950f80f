"""Speed of the API's lists against a bare ``values()`` JSON view of the same rows.

Builds a corpus in the database (sources with large raw inputs, claims naming
entities, claim sets from confirmed links), times the claims list at page
sizes 50 and 200 and the claim-sets list through the whole stack (middleware,
token authentication, throttles, serializers, JSON), each next to a bare view
returning the same rows as ``values()`` through the same stack, alternating
the two, and prints p50 and p95 and their ratio. Rolled back afterwards.
Figures, not assertions.
"""

import time
from statistics import quantiles

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import include, path
from rest_framework.authtoken.models import Token

from access.roles import RESEARCHERS
from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from common.api import throttling
from sources.cleaning import content_hash
from sources.models import Source

TARGET_RATIO = 3.0
CLAIM_COLUMNS = (
    "id", "text", "start", "end", "status", "score", "score_reasons", "subject", "predicate",
    "object", "is_negated", "is_hedged", "speaker", "quantities", "dates", "source_id",
    "source__title", "source__url", "source__publisher", "source__author",
    "source__published_on", "claim_set_id", "side", "is_edited", "reviewed_at", "created_at",
    "updated_at",
)  # fmt: skip


def bare_claims(request):
    size = int(request.GET["page_size"])
    rows = list(Claim.objects.order_by("-id").values(*CLAIM_COLUMNS)[:size])
    mentions = Mention.objects.filter(claim_id__in=[r["id"] for r in rows]).values(
        "claim_id", "entity_id", "entity__name", "entity__kind", "text", "start", "end", "label"
    )
    by_claim = {}
    for mention in mentions:
        by_claim.setdefault(mention["claim_id"], []).append(mention)
    for row in rows:
        row["mentions"] = by_claim.get(row["id"], [])
    return JsonResponse({"results": rows})


def bare_claim_sets(request):
    size = int(request.GET["page_size"])
    sets = list(ClaimSet.objects.order_by("-updated_at", "-id").values()[:size])
    ids = [s["id"] for s in sets]
    claims = Claim.objects.filter(claim_set_id__in=ids).values(
        "id", "claim_set_id", "side", "text", "status", "speaker", "source_id", "source__title",
        "source__url", "source__publisher", "source__author", "source__published_on",
    )  # fmt: skip
    links = ClaimLink.objects.filter(claim_a__claim_set_id__in=ids).values(
        "id", "claim_a_id", "claim_b_id", "relation", "status", "note", "claim_a__claim_set_id"
    )
    by_set = {pk: {"claims": [], "links": []} for pk in ids}
    for claim in claims:
        by_set[claim["claim_set_id"]]["claims"].append(claim)
    for link in links:
        by_set[link["claim_a__claim_set_id"]]["links"].append(link)
    for row in sets:
        row.update(by_set[row["id"]])
    return JsonResponse({"results": sets}, safe=False)


urlpatterns = [
    path("bench/claims/", bare_claims),
    path("bench/claim-sets/", bare_claim_sets),
    path("", include("tracker.urls")),
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the claims and claim-sets lists against a bare values() view (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, default=40)
        parser.add_argument("--claims-per-source", type=int, default=12)
        parser.add_argument("--repeat", type=int, default=40, help="Timed requests per list.")
        parser.add_argument("--raw-kb", type=int, default=500, help="Each source's raw input.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self.run(options)
                raise Rollback
        except Rollback:
            pass

    def corpus(self, options) -> None:
        entities = [Entity.objects.create(name=f"Bench entity {n}") for n in range(30)]
        script = "<script>" + "var x = 1;" * (options["raw_kb"] * 100) + "</script>"
        claims = []
        for n in range(options["sources"]):
            sentences = [
                f"Bench country {n} signed agreement {k} with its neighbour in {2000 + k}."
                for k in range(options["claims_per_source"])
            ]
            body = f"Bench article {n}\n\n" + " ".join(sentences)
            source = Source.objects.create(
                title=f"Bench article {n}", publisher="Bench Review", body=body,
                raw=script + body, content_hash=content_hash(body), status=Source.Status.DONE,
            )  # fmt: skip
            for sentence in sentences:
                start = body.index(sentence)
                claim = Claim.objects.create(
                    source=source, text=sentence, start=start, end=start + len(sentence)
                )
                for k, entity in enumerate(entities[n % 28 : n % 28 + 2]):
                    Mention.objects.create(
                        claim=claim, entity=entity, text=entity.name, start=start + k,
                        end=start + k + 1, label="GPE",
                    )  # fmt: skip
                claims.append(claim)
        for n in range(0, len(claims) - 12, 7):
            claim_link_create(
                claim_a=claims[n], claim_b=claims[n + 12], relation="conflict", status="confirmed"
            )
            claim_link_create(
                claim_a=claims[n + 12], claim_b=claims[n + 13], relation="agree",
                status="confirmed",
            )  # fmt: skip

    def run(self, options) -> None:
        self.corpus(options)
        user, _ = get_user_model().objects.get_or_create(username="bench-api-researcher")
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get_or_create(name=RESEARCHERS)[0])
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        throttling.UserRateThrottle.rate = "100000000/minute"
        lists = [
            ("claims, page size 50", "/api/claims/?page_size=50", "/bench/claims/?page_size=50"),
            ("claims, page size 200", "/api/claims/?page_size=200",
             "/bench/claims/?page_size=200"),
            ("claim sets, page size 50", "/api/claim-sets/?page_size=50",
             "/bench/claim-sets/?page_size=50"),
        ]  # fmt: skip
        self.stdout.write(
            f"{Source.objects.count()} sources ({options['raw_kb']} kB raw each), "
            f"{Claim.objects.count()} claims, {ClaimSet.objects.count()} claim sets; "
            f"{options['repeat']} timed requests per view"
        )
        self.stdout.write(
            f"{'list':26} {'API p50':>9} {'p95':>8} {'bare p50':>9} {'p95':>8} {'ratio':>6}"
        )
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
            for label, api_url, bare_url in lists:
                api, bare = self.time(client, api_url, bare_url, options["repeat"])
                ratio = api[0] / bare[0]
                verdict = "ok" if ratio <= TARGET_RATIO else f"over {TARGET_RATIO:g}x"
                self.stdout.write(
                    f"{label:26} {api[0]:8.1f}ms {api[1]:7.1f}ms {bare[0]:8.1f}ms "
                    f"{bare[1]:7.1f}ms {ratio:5.1f}x {verdict}"
                )

    @staticmethod
    def time(client, api_url: str, bare_url: str, repeat: int):
        timings = {api_url: [], bare_url: []}
        for n in range(repeat + 3):
            for url in (api_url, bare_url) if n % 2 else (bare_url, api_url):
                started = time.perf_counter()
                response = client.get(url, secure=True)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.content[:200]
                if n >= 3:  # warm-up
                    timings[url].append(elapsed)

        def p50_p95(values):
            cuts = quantiles(values, n=20)
            return cuts[9], cuts[18]

        return p50_p95(timings[api_url]), p50_p95(timings[bare_url])
