"""Speed of link suggestions for one new claim at 10,000 and 100,000 claims, with a baseline.

Builds synthetic claims in one transaction (rolled back at the end, so the
database is left as it was): made-up sentences over a vocabulary, entities
with hubs (one named by a fifth of all claims, as Russia is in a corpus on
Russia) and a long Zipf tail, and unit vectors clustered by topic (the same
shape as real embeddings, without spending minutes computing them). Then,
for a sample of claims from the newest sources, times a bare indexed query
(the baseline), ``candidates_for``, and ``suggestions_make`` for that one
claim (candidates, reasons, features, classifier, storing), and the rate of
a backfill. Figures, not assertions; meant for PostgreSQL.
"""

import platform
import random
import time
from statistics import median

import numpy as np
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from claims.linking.suggestions.candidates import candidates_for, claims_total_forget, hub_limit
from claims.linking.suggestions.embeddings import DIMENSIONS, EMBEDDING_MODEL, vector_to_bytes
from claims.linking.suggestions.model import active_scorer
from claims.linking.suggestions.neighbours import vector_index, vector_index_reset
from claims.linking.suggestions.services import suggestions_make, suggestions_score
from claims.models import Claim, ClaimVector, Entity, Mention
from claims.selectors.expressions import mentions_prefetch
from sources.models import Source

HUBS = [
    ("Russia", 0.20), ("China", 0.15), ("United States", 0.08), ("Kazakhstan", 0.06),
    ("Uzbekistan", 0.04), ("Kyrgyzstan", 0.03), ("Tajikistan", 0.03), ("Turkmenistan", 0.02),
]  # fmt: skip
VERBS = [
    "signed",
    "raised",
    "cut",
    "doubled",
    "halved",
    "opened",
    "closed",
    "built",
    "sold",
    "bought",
    "lent",
    "borrowed",
    "sent",
    "withdrew",
    "hosted",
    "blocked",
    "approved",
    "rejected",
    "expanded",
    "reduced",
    "delayed",
    "finished",
    "started",
    "funded",
    "banned",
    "armed",
    "trained",
    "supplied",
    "promised",
    "denied",
    "criticised",
    "praised",
    "joined",
    "left",
]
NOUNS = [
    "gas deal",
    "oil output",
    "rail line",
    "air base",
    "loan",
    "tariff",
    "pipeline",
    "power plant",
    "dam",
    "border post",
    "wheat exports",
    "troop numbers",
    "arms sales",
    "drills",
    "visa rules",
    "bank",
    "mine",
    "port",
    "highway",
    "uranium contract",
    "water quota",
    "customs union",
    "media law",
    "election",
    "police force",
    "budget",
    "debt",
    "airport",
    "satellite launch",
    "grain silo",
    "refinery",
    "copper mine",
    "trade fair",
    "embassy",
]
SPEAKERS = [
    "officials",
    "analysts",
    "the ministry",
    "diplomats",
    "the report",
    "experts",
    "the agency",
]
SYLLABLES = [
    "ka",
    "ra",
    "to",
    "mi",
    "su",
    "an",
    "bek",
    "ur",
    "zh",
    "ol",
    "te",
    "na",
    "dor",
    "ash",
    "kul",
    "sa",
    "vo",
    "ir",
    "em",
    "ba",
]
CLAIMS_PER_SOURCE = 10
TOPICS = 40


class Command(BaseCommand):
    help = "Benchmark link suggestions at 10,000 and 100,000 synthetic claims (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
        parser.add_argument("--samples", type=int, default=50, help="Claims timed per size.")
        parser.add_argument("--backfill", type=int, default=400, help="Claims in the backfill.")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        self.random = random.Random(options["seed"])
        self.numpy = np.random.default_rng(options["seed"])
        self.centres = _unit(self.numpy.standard_normal((TOPICS, DIMENSIONS)))
        self.stdout.write(
            f"{connection.vendor}, Python {platform.python_version()}, "
            f"{platform.machine()}; synthetic claims, rolled back afterwards."
        )
        with transaction.atomic():
            self.hubs = [Entity.objects.create(name=name, kind=Entity.Kind.GPE) for name, _ in HUBS]
            self.tail: list[Entity] = []
            built = 0
            for size in sorted(options["sizes"]):
                started = time.monotonic()
                self._build(size - built)
                built = size
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        for model in (Claim, Mention, ClaimVector, Entity):
                            cursor.execute(f"ANALYZE {model._meta.db_table}")
                self.stdout.write(
                    f"\n{size:,} claims ({len(self.tail):,} tail entities) built in "
                    f"{time.monotonic() - started:.0f} s"
                )
                self._measure(options["samples"], options["backfill"])
            transaction.set_rollback(True)
        vector_index_reset()
        claims_total_forget()

    # --- building ---------------------------------------------------------------------------

    def _name(self) -> str:
        return "".join(self.random.choice(SYLLABLES) for _ in range(3)).title()

    def _build(self, count: int) -> None:
        # Tail entities grow with the corpus: one per five claims.
        new_tail = Entity.objects.bulk_create(
            [Entity(name=self._name(), kind=Entity.Kind.ORG) for _ in range(count // 5)],
            batch_size=5000,
        )
        self.tail.extend(new_tail)
        for first in range(0, count, 5000):
            self._build_batch(min(5000, count - first))

    def _build_batch(self, count: int) -> None:
        rows = []  # (text, entities, topic)
        for _ in range(count):
            named = [
                hub
                for hub, (_, share) in zip(self.hubs, HUBS, strict=True)
                if self.random.random() < share
            ]
            for _ in range(self.random.choice((1, 1, 2))):
                rank = min(int(self.numpy.zipf(1.3)), len(self.tail)) - 1
                named.append(self.tail[rank])
            named = list(dict.fromkeys(named))
            verb = self.random.randrange(len(VERBS))
            noun = self.random.randrange(len(NOUNS))
            other = named[1].name if len(named) > 1 else self._name()
            text = (
                f"{named[0].name} {VERBS[verb]} the {NOUNS[noun]} with {other} in "
                f"{self.random.randint(2015, 2024)}, {self.random.choice(SPEAKERS)} said."
            )
            rows.append((text, named, (verb * len(NOUNS) + noun) % TOPICS))
        sources, claims = [], []
        for first in range(0, len(rows), CLAIMS_PER_SOURCE):
            group = rows[first : first + CLAIMS_PER_SOURCE]
            body = " ".join(text for text, _, _ in group)
            marker = f"bench-{self.random.getrandbits(64):016x}"
            sources.append(
                Source(
                    title=marker, publisher="Bench", raw=body, body=body,
                    content_hash=marker, status=Source.Status.DONE,
                )
            )  # fmt: skip
        Source.objects.bulk_create(sources, batch_size=2000)
        for number, (text, _, _) in enumerate(rows):
            source = sources[number // CLAIMS_PER_SOURCE]
            start = source.body.index(text)
            claims.append(Claim(source=source, text=text, start=start, end=start + len(text)))
        Claim.objects.bulk_create(claims, batch_size=2000)
        Mention.objects.bulk_create(
            [
                Mention(claim=claim, entity=entity, text=entity.name[:300], start=claim.start + i,
                        end=claim.start + i + 1)
                for claim, (_, named, _) in zip(claims, rows, strict=True)
                for i, entity in enumerate(named)
            ],
            batch_size=5000,
        )  # fmt: skip
        topics = np.array([topic for _, _, topic in rows])
        vectors = _unit(
            self.centres[topics] + 0.9 * _unit(self.numpy.standard_normal((len(rows), DIMENSIONS)))
        )
        ClaimVector.objects.bulk_create(
            [
                ClaimVector(claim=claim, model=EMBEDDING_MODEL, vector=vector_to_bytes(vector))
                for claim, vector in zip(claims, vectors, strict=True)
            ],
            batch_size=5000,
        )

    # --- measuring --------------------------------------------------------------------------

    def _measure(self, samples: int, backfill: int) -> None:
        # One-off loads, timed apart: what a worker pays once, not per claim.
        claims_total_forget()
        vector_index_reset()
        started = time.monotonic()
        index = vector_index()
        loaded = time.monotonic() - started
        started = time.monotonic()
        scorer = active_scorer()
        hub_limit()
        scorer_loaded = time.monotonic() - started
        self.stdout.write(
            f"  one-off: vector index loaded in {loaded:.1f} s ({len(index):,} vectors, "
            f"{len(index) * DIMENSIONS * 4 / 2**20:.0f} MiB), classifier and counts in "
            f"{scorer_loaded:.2f} s; hub limit {hub_limit():,} claims"
        )
        newest = list(
            Claim.objects.order_by("-pk").values_list("pk", flat=True)[: max(samples * 20, 1000)]
        )
        chosen = self.random.sample(newest, min(samples, len(newest)))
        claims = {
            c.pk: c
            for c in Claim.objects.filter(pk__in=chosen)
            .select_related("source")
            .prefetch_related(mentions_prefetch())
        }
        # Warm the per-process caches (common word stems, hubs) on claims not timed.
        for claim_id in newest[-3:]:
            candidates_for(Claim.objects.prefetch_related("mentions").get(pk=claim_id))
        times: dict[str, list[float]] = {label: [] for label in LINES}
        found = []
        for claim_id in chosen:
            claim = claims[claim_id]
            rarest = min(m.entity_id for m in claim.mentions.all())
            started = time.perf_counter()
            list(Mention.objects.filter(entity_id=rarest).values_list("claim_id", flat=True)[:50])
            times["baseline"].append(time.perf_counter() - started)
            vector = index.vector_of(claim_id)
            started = time.perf_counter()
            index.nearest(vector, k=50, exclude=claim_id)
            times["scan"].append(time.perf_counter() - started)
            started = time.perf_counter()
            candidates = candidates_for(claim)
            times["candidates"].append(time.perf_counter() - started)
            found.append(len(candidates))
            started = time.perf_counter()
            _score(claim, candidates_for(claim), scorer)
            times["scoring"].append(time.perf_counter() - started)
            started = time.perf_counter()
            suggestions_make(claim_ids=[claim_id])
            times["suggest"].append(time.perf_counter() - started)
        base = median(times["baseline"])
        for key, label in LINES.items():
            ratio = "" if key == "baseline" else f"   {median(times[key]) / base:5.1f} x baseline"
            self.stdout.write(f"  {label:<36} {_ms(times[key])}{ratio}")
        self.stdout.write(f"  candidates per claim: median {median(found):.0f}")
        rest = [c for c in newest if c not in claims][:backfill]
        started = time.monotonic()
        for first in range(0, len(rest), 200):
            suggestions_make(claim_ids=rest[first : first + 200])
        seconds = time.monotonic() - started
        self.stdout.write(
            f"  backfill: {len(rest)} claims in {seconds:.1f} s, {len(rest) / seconds:.0f} claims/s"
        )


LINES = {
    "baseline": "baseline: one indexed query",
    "scan": "  (nearest vectors: the scan)",
    "candidates": "candidates_for, one claim",
    "scoring": "candidates + scoring, one claim",
    "suggest": "suggestions_make (+ storing)",
}


def _score(claim: Claim, candidates, scorer) -> list:
    """What suggestions_make does between finding candidates and storing: the other claims
    read, each pair's reasons and features, the classifier's predictions."""
    return suggestions_score(
        claims={claim.pk: claim}, candidates={claim.pk: candidates}, scorer=scorer
    )


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {median(ordered) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"
