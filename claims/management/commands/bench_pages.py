"""Speed of every page and endpoint at the configured database's size, next to a bare view.

Run on a database filled by ``seed_synthetic`` (or a real one): it picks the entity
named by the most claims (the hub), the largest claim set, a claim of that set about
the hub and a common word, then times each page through Django's test client signed
in as the demo accounts (researcher for the view and the API, editor for the admin),
alternating every request with a bare ``values()`` JSON view of 50 claims, and prints
p50 / p95, each as a ratio to the bare view, the queries one request runs, its size,
and whether its p95 is within its target. A last line measures the web process's
peak memory over its idle size while it serves the whole CSV and JSON export, each
in a fresh process (``--memory-probe``). Figures, not assertions; it writes nothing
but the sessions it signs in with.
"""

import json
import logging
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from statistics import quantiles

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import NoReverseMatch, include, path, reverse

from access.roles import EDITORS, RESEARCHERS
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from common.api import throttling
from sources.models import Source

BARE_URL = "/bench/bare-claims/"
BARE_COLUMNS = (
    "id", "text", "start", "end", "status", "score", "subject", "predicate", "object",
    "speaker", "source_id", "source__title", "source__publisher", "source__published_on",
    "claim_set_id", "side", "created_at", "updated_at",
)  # fmt: skip
# p95 targets, in milliseconds, by kind of page; an export's is its first byte's.
TARGETS = {"view": 300, "admin": 300, "export": 300, "api": 100}
MEMORY_TARGET_MB = 100


def bare_claims(request):
    """The baseline: 50 claims' columns as JSON, nothing else."""
    rows = list(Claim.objects.order_by("-id").values(*BARE_COLUMNS)[:50])
    return JsonResponse({"results": rows})


urlpatterns = [
    path(BARE_URL.strip("/") + "/", bare_claims),
    path("", include("tracker.urls")),
]


@dataclass
class Page:
    label: str
    kind: str  # view, admin, api, export
    url: str | None  # None: its URL name no longer resolves
    missing: str = ""


@dataclass
class Figures:
    p50: float
    p95: float
    first_byte_p95: float
    samples: int


def p50_p95(values: list[float]) -> tuple[float, float]:
    if len(values) == 1:
        return values[0], values[0]
    cuts = quantiles(values, n=20, method="inclusive")
    return cuts[9], cuts[18]


def _get(client: Client, url: str) -> tuple[int, int, float, float]:
    """GET ``url`` and read the whole body as a server would send it, chunk by chunk:
    (status, bytes, milliseconds to the first byte, milliseconds in all)."""
    started = time.perf_counter()
    response = client.get(url, secure=True)
    size = 0
    first_byte = None
    if response.streaming:
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter()
            size += len(chunk)
    else:
        size = len(response.content)
    ended = time.perf_counter()
    first_byte = first_byte or ended
    return response.status_code, size, (first_byte - started) * 1000, (ended - started) * 1000


def _counted(queries: list[str]):
    """A database execute wrapper noting each statement (whatever DEBUG says)."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def _peak_kb() -> int | None:
    """The process's peak resident memory so far (Linux: VmHWM), in kB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Command(BaseCommand):
    help = "Time every page and endpoint against a bare values() view (run seed_synthetic first)."

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=20, help="Timed requests per page.")
        parser.add_argument(
            "--budget",
            type=float,
            default=60.0,
            help="Seconds of timed requests per page at most (at least 3 samples each).",
        )
        parser.add_argument("--word", default="pipeline", help="The word searched for.")
        parser.add_argument(
            "--entity", type=int, help="The hub entity's id (default: the most named)."
        )
        parser.add_argument("--claim-set", type=int, help="The claim set (default: the largest).")
        parser.add_argument(
            "--claim", type=int, help="The claim (default: one of the set about the hub)."
        )
        parser.add_argument("--deep-page", type=int, default=1000, help="The admin's deep page.")
        parser.add_argument("--only", default="", help="Only pages whose label contains this.")
        parser.add_argument(
            "--skip-memory", action="store_true", help="Leave out the export memory line."
        )
        parser.add_argument("--memory-probe", choices=["csv", "json"], help=__import__("argparse").SUPPRESS)  # fmt: skip

    def handle(self, *args, **options):
        if options["memory_probe"]:
            self.memory_probe(options["memory_probe"])
            return
        if not Claim.objects.exists():
            raise CommandError(
                "The database holds no claims: fill it first, e.g. "
                "manage.py seed_synthetic --sources 10000 --claims-per-source 10"
            )
        # Signing in logs a line per client; the figures are what matters here.
        logging.getLogger("axes").setLevel(logging.WARNING)
        editor, researcher = self.accounts()
        hub, claim_set, claim = self.subjects(options)
        pages = self.pages(options, hub, claim_set, claim)
        if options["only"]:
            pages = [p for p in pages if options["only"] in p.label]
        self.stdout.write(self.describe(hub, claim_set, claim, options))
        if settings.DEBUG:
            self.stdout.write("(DEBUG is on: every query is also logged, which slows each page)")

        clients = {"editor": Client(), "researcher": Client()}
        clients["editor"].force_login(editor)
        clients["researcher"].force_login(researcher)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        saved_rate = getattr(throttling.UserRateThrottle, "rate", None)
        throttling.UserRateThrottle.rate = "100000000/minute"
        bare_times: list[float] = []
        try:
            with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
                self.stdout.write(
                    f"{'page':44} {'n':>3} {'p50 ms':>9} {'p95 ms':>9} {'×bare p50':>9} "
                    f"{'×p95':>6} {'queries':>7} {'kB':>8}  target"
                )
                bare_client = clients["researcher"]
                _get(bare_client, BARE_URL)
                results = []
                for page in pages:
                    client = clients["editor" if page.kind == "admin" else "researcher"]
                    results.append(
                        (page, self.measure(page, client, bare_client, bare_times, options))
                    )
                bare = p50_p95(bare_times) if bare_times else (0.0, 0.0)
                for page, result in results:
                    self.stdout.write(self.line(page, result, bare))
                self.stdout.write(
                    f"{'bare values() view, 50 claims':44} {len(bare_times):>3} {bare[0]:>9.1f} "
                    f"{bare[1]:>9.1f}"
                )
        finally:
            throttling.UserRateThrottle.rate = saved_rate
        if not options["skip_memory"]:
            self.stdout.write(self.memory_line())

    # --- What is measured ----------------------------------------------------------------

    def accounts(self):
        users = get_user_model().objects.filter(is_active=True)

        def member(name: str, group: str):
            in_group = users.filter(groups__name=group)
            return in_group.filter(username=name).first() or in_group.order_by("pk").first()

        editor, researcher = member("editor", EDITORS), member("researcher", RESEARCHERS)
        if editor is None or researcher is None:
            raise CommandError(
                "No editor or no researcher account: create the demo accounts (the users of "
                "claims/management/commands/demo_setup.py) or any member of each group."
            )
        return editor, researcher

    def subjects(self, options) -> tuple[Entity, ClaimSet, Claim]:
        if options["entity"]:
            hub = Entity.objects.filter(pk=options["entity"]).first()
        else:
            top = (
                Mention.objects.values("entity").annotate(n=Count("pk")).order_by("-n", "entity")
            ).first()
            hub = Entity.objects.filter(pk=top["entity"]).first() if top else None
        if options["claim_set"]:
            claim_set = ClaimSet.objects.filter(pk=options["claim_set"]).first()
        else:
            top = (
                Claim.objects.filter(claim_set__isnull=False)
                .values("claim_set")
                .annotate(n=Count("pk"))
                .order_by("-n", "claim_set")
            ).first()
            claim_set = ClaimSet.objects.filter(pk=top["claim_set"]).first() if top else None
        if hub is None or claim_set is None:
            raise CommandError("No entity with mentions or no claim set: nothing to measure.")
        if options["claim"]:
            claim = Claim.objects.filter(pk=options["claim"]).first()
        else:
            about_hub = Claim.objects.filter(mentions__entity=hub).order_by("pk")
            claim = about_hub.filter(claim_set=claim_set).first() or about_hub.first()
        if claim is None:
            raise CommandError("No claim to open.")
        return hub, claim_set, claim

    def pages(self, options, hub, claim_set, claim) -> list[Page]:
        word = options["word"]
        # The deep page, or the last one when there are fewer.
        per_page = admin.site._registry[Claim].list_per_page
        deep = min(options["deep_page"], max(1, math.ceil(Claim.objects.count() / per_page)))

        def page(label, kind, name, args=(), kwargs=None, query=""):
            try:
                return Page(label, kind, reverse(name, args=args, kwargs=kwargs) + query)
            except NoReverseMatch:
                return Page(label, kind, None, missing=name)

        return [
            page(f"view /entities/<hub {hub.pk}>/", "view", "claims:entity_detail", [hub.pk]),
            page("view /export.csv (whole)", "export", "claims:claim_set_list_export",
                 kwargs={"fmt": "csv"}),
            page("view /export.json (whole)", "export", "claims:claim_set_list_export",
                 kwargs={"fmt": "json"}),
            page(f"view /claim-sets/<largest {claim_set.pk}>/", "view", "claims:claim_set_detail",
                 [claim_set.pk]),
            page(f"admin claim <{claim.pk}, about the hub>", "admin", "admin:claims_claim_change",
                 [claim.pk]),
            page("view /", "view", "claims:claim_set_list"),
            page("view /?entity=<hub>", "view", "claims:claim_set_list",
                 query=f"?entity={hub.pk}"),
            page(f"view /?q={word}", "view", "claims:claim_set_list", query=f"?q={word}"),
            page(f"admin claims ?q={word}", "admin", "admin:claims_claim_changelist",
                 query=f"?q={word}"),
            page("admin claims ?has_conflict=yes", "admin", "admin:claims_claim_changelist",
                 query="?has_conflict=yes"),
            page(f"admin claims page {deep}", "admin", "admin:claims_claim_changelist",
                 query=f"?p={deep}"),
            page("admin entities list", "admin", "admin:claims_entity_changelist"),
            page(f"admin claim set <largest {claim_set.pk}>", "admin",
                 "admin:claims_claimset_change", [claim_set.pk]),
            page("API claim-sets, page of 50", "api", "api:claim-set-list",
                 query="?page_size=50"),
            page("API claims ?ordering=-score", "api", "api:claim-list", query="?ordering=-score"),
            page("API claims list", "api", "api:claim-list"),
            page(f"API claim <{claim.pk}>", "api", "api:claim-detail", [claim.pk]),
            page(f"API claim set <largest {claim_set.pk}>", "api", "api:claim-set-detail",
                 [claim_set.pk]),
        ]  # fmt: skip

    def describe(self, hub, claim_set, claim, options) -> str:
        named = Mention.objects.filter(entity=hub).values("claim").distinct().count()
        in_set = claim_set.claims.count()
        counts = [
            (Source, "sources"), (Claim, "claims"), (Entity, "entities"), (Mention, "mentions"),
            (ClaimLink, "links"), (ClaimSet, "claim sets"),
        ]  # fmt: skip
        return (
            ", ".join(f"{model.objects.count():,} {name}" for model, name in counts)
            + f" on {connection.vendor}\n"
            f"hub entity {hub.name!r} (id {hub.pk}, named by {named:,} claims); largest claim "
            f"set {claim_set.pk} ({in_set:,} claims); claim {claim.pk}; word {options['word']!r}; "
            f"{options['samples']} samples per page at most, {options['budget']:g} s each"
        )

    def measure(self, page: Page, client, bare_client, bare_times, options):
        """Figures for ``page``, or why there are none (a string)."""
        if page.url is None:
            return f"no URL named {page.missing}"
        # One request not timed: warms the caches, counts the queries, checks the answer.
        queries: list[str] = []
        with connection.execute_wrapper(_counted(queries)):
            status, size, _, _ = _get(client, page.url)
        if status != 200:
            return f"status {status} for {page.url}"
        totals, first_bytes = [], []
        spent = 0.0
        n = 0
        while n < options["samples"] and (spent < options["budget"] or n < 3):
            order = [(page.url, client), (BARE_URL, bare_client)]
            for url, who in order if n % 2 else reversed(order):
                _, _, first_byte, total = _get(who, url)
                if url == BARE_URL:
                    bare_times.append(total)
                else:
                    totals.append(total)
                    first_bytes.append(first_byte)
                    spent += total / 1000
            n += 1
        p50, p95 = p50_p95(totals)
        figures = Figures(p50, p95, p50_p95(first_bytes)[1], len(totals))
        return figures, len(queries), size

    def line(self, page: Page, result, bare) -> str:
        if isinstance(result, str):
            return f"{page.label:44} skipped: {result}"
        figures, queries, size = result
        target = TARGETS[page.kind]
        if page.kind == "export":
            measured, what = (
                figures.first_byte_p95,
                f"first byte p95 {figures.first_byte_p95:,.0f} ms",
            )
        else:
            measured, what = figures.p95, "p95"
        verdict = "ok" if measured <= target else "over"
        ratio50 = figures.p50 / bare[0] if bare[0] else 0
        ratio95 = figures.p95 / bare[1] if bare[1] else 0
        return (
            f"{page.label:44} {figures.samples:>3} {figures.p50:>9,.1f} {figures.p95:>9,.1f} "
            f"{ratio50:>8,.0f}× {ratio95:>5,.0f}× {queries:>7} {size / 1024:>8,.0f}  "
            f"{what} ≤ {target} ms: {verdict}"
        )

    # --- Memory of the exports --------------------------------------------------------------

    def memory_line(self) -> str:
        """Each export served by a fresh process; its peak over its idle size (Linux)."""
        parts = []
        verdicts = []
        for fmt in ("csv", "json"):
            completed = subprocess.run(
                [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_pages",
                 "--memory-probe", fmt],
                capture_output=True, text=True, env=os.environ.copy(), check=False,
            )  # fmt: skip
            if completed.returncode != 0:
                return f"export memory: the probe failed: {completed.stderr.strip()[-300:]}"
            probe = json.loads(completed.stdout.strip().splitlines()[-1])
            if probe["idle_kb"] is None:
                return "export memory: not measured (no /proc/self/status on this system)"
            grown = (probe["peak_kb"] - probe["idle_kb"]) / 1024
            verdicts.append(grown <= MEMORY_TARGET_MB)
            parts.append(
                f"{fmt.upper()} +{grown:,.0f} MB over idle {probe['idle_kb'] / 1024:,.0f} MB "
                f"({probe['bytes'] / 1024 / 1024:,.1f} MB sent in {probe['seconds']:.1f} s)"
            )
        verdict = "ok" if all(verdicts) else "over"
        return (
            f"export memory (peak resident over idle, whole corpus): {'; '.join(parts)}  "
            f"≤ {MEMORY_TARGET_MB} MB: {verdict}"
        )

    def memory_probe(self, fmt: str) -> None:
        """In a fresh process: serve a small page (idle), then the whole export, read as a
        server sends it (chunk by chunk, nothing kept); print the peaks as JSON.

        VmHWM is the process's peak resident set: the idle figure is taken after a first
        page has loaded the code, templates and connection, so the difference is what the
        export itself costs at its worst moment.
        """
        _, researcher = self.accounts()
        client = Client()
        client.force_login(researcher)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
            _get(client, reverse("claims:claim_set_list"))
            _get(client, BARE_URL)
            idle = _peak_kb()
            url = reverse("claims:claim_set_list_export", kwargs={"fmt": fmt})
            started = time.perf_counter()
            status, size, _, _ = _get(client, url)
            seconds = time.perf_counter() - started
            if status != 200:
                raise CommandError(f"{url} answered {status}")
        self.stdout.write(
            json.dumps({"idle_kb": idle, "peak_kb": _peak_kb(), "bytes": size, "seconds": seconds})
        )
