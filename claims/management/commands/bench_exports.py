"""Memory, size and time of the view's downloads on the configured database.

Each address is fetched in a fresh process of its own (``--one``), warmed up
with downloads that stream no claim set, then measured by
``claims.management.export_memory``: the process's peak resident memory over
its idle size while the whole body streams through the test client, chunk by
chunk. Reads only; figures, not assertions. The goal: within 100 MB of idle
for the whole list at 100,000 claims.
"""

import json
import subprocess
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client, override_settings

from claims.management.export_memory import WARM_UP, measure_export_memory
from claims.models import Claim, ClaimSet

TARGET_MB = 100


class Command(BaseCommand):
    help = "Peak memory over idle, bytes and seconds of the CSV and JSON downloads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            action="append",
            dest="paths",
            help="An address to measure (repeatable); default: the whole list and the "
            "largest claim set, as CSV and JSON.",
        )
        parser.add_argument(
            "--user",
            help="Sign in as this account (a researcher or editor); default: read as "
            "anyone does in public mode, which writes no session.",
        )
        parser.add_argument(
            "--one",
            help="Measure this one address in this process and print the result as JSON "
            "(what each fresh process runs).",
        )

    def handle(self, *args, **options):
        if options["one"]:
            self.stdout.write(json.dumps(self._measure_here(options["one"], options["user"])))
            return
        paths = options["paths"] or self._default_paths()
        claims = Claim.objects.count()
        self.stdout.write(f"{claims:,} claims in the database; target: within {TARGET_MB} MB")
        self.stdout.write(
            f"{'download':36} {'status':>6} {'MB out':>7} {'first s':>7} {'all s':>7} "
            f"{'idle MB':>8} {'peak MB':>8} {'over idle':>9}"
        )
        for path in paths:
            result = self._measure_apart(path, options["user"])
            self.stdout.write(
                f"{path:36} {result['status']:>6} {result['bytes'] / 1e6:>7.1f} "
                f"{result['first_byte_seconds']:>7.2f} {result['seconds']:>7.2f} "
                f"{result['idle_mb']:>8.1f} {result['peak_mb']:>8.1f} {result['over_idle_mb']:>9.1f}"
                + ("" if result["peak_reset"] else "  (peak since start-up)")
            )

    def _default_paths(self) -> list[str]:
        paths = ["/export.csv", "/export.json"]
        largest = ClaimSet.objects.annotate(size=Count("claims")).order_by("-size", "id").first()
        if largest is not None:
            paths += [f"/claim-sets/{largest.pk}/export.{fmt}" for fmt in ("csv", "json")]
        return paths

    def _measure_apart(self, path: str, user: str | None) -> dict:
        command = [sys.executable, sys.argv[0], "bench_exports", "--one", path]
        if user:
            command += ["--user", user]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise CommandError(f"Measuring {path} failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _measure_here(self, path: str, user: str | None) -> dict:
        client = Client()
        public = user is None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No account is called {user!r}.")
            client.force_login(account)
        with override_settings(
            ALLOWED_HOSTS=["*"], TRACKER_PUBLIC=public, SECURE_SSL_REDIRECT=False
        ):
            for warm_up in WARM_UP:
                response = client.get(warm_up)
                if response.status_code != 200:
                    raise CommandError(f"{warm_up} answered {response.status_code}.")
                for _ in response.streaming_content if response.streaming else ():
                    pass
            return measure_export_memory(path, client)
