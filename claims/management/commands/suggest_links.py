"""Suggest links for claims: a backfill, or a re-run after the model changed."""

import time

from django.core.management.base import BaseCommand, CommandError

from claims.linking.suggestions.handlers import TASK_CLAIMS
from claims.linking.suggestions.services import suggestions_make
from claims.linking.suggestions.tasks import suggest_links
from claims.models import Claim
from sources.models import Source

# Claims per task (or per in-process step with --wait).
CHUNK = TASK_CLAIMS


class Command(BaseCommand):
    help = (
        "Suggest agree/conflict links for claims (rejected ones are skipped). Safe to run "
        "again: the machine's open suggestions are replaced, editors' links never touched."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--claim", type=int, nargs="+", action="extend", metavar="ID", help="Claim ids."
        )
        which.add_argument(
            "--source", type=int, nargs="+", action="extend", metavar="ID", help="Source ids."
        )
        which.add_argument("--all", action="store_true", help="Every claim.")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Make the suggestions in this process and report them, rather than queue them.",
        )

    def handle(self, *args, **options):
        claims = Claim.objects.exclude(status=Claim.Status.REJECTED)
        if options["claim"]:
            wanted = set(options["claim"])
            missing = wanted - set(Claim.objects.filter(pk__in=wanted).values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No claim with id {', '.join(map(str, sorted(missing)))}.")
            claims = claims.filter(pk__in=wanted)
        elif options["source"]:
            wanted = set(options["source"])
            missing = wanted - set(
                Source.objects.filter(pk__in=wanted).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, sorted(missing)))}.")
            claims = claims.filter(source_id__in=wanted)
        claim_ids = list(claims.order_by("pk").values_list("pk", flat=True))
        chunks = [claim_ids[i : i + CHUNK] for i in range(0, len(claim_ids), CHUNK)]

        if not options["wait"]:
            for chunk in chunks:
                suggest_links.delay(chunk)
            self.stdout.write(f"{len(claim_ids)} claim(s) queued for link suggestions.")
            return

        totals = {"created": 0, "updated": 0, "deleted": 0, "kept": 0}
        started = time.monotonic()
        version = ""
        for chunk in chunks:
            result = suggestions_make(claim_ids=chunk)
            version = result.model_version
            for name in totals:
                totals[name] += getattr(result, name)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{len(claim_ids)} claim(s) in {seconds:.1f} s"
            + (f" ({len(claim_ids) / seconds:.0f} claims/s)" if claim_ids and seconds else "")
            + f", model {version or '-'}: {totals['created']} suggestion(s) created, "
            f"{totals['updated']} updated, {totals['deleted']} withdrawn, "
            f"{totals['kept']} pair(s) left as editors had them."
        )
