"""Run or re-run claim extraction on sources."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from sources.models import Source
from sources.services import source_requeue, sources_stuck


class Command(BaseCommand):
    help = (
        "Queue sources for processing again. Claims editors reviewed, edited or linked "
        "are kept; only unreviewed proposals are replaced."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--source", type=int, action="append", metavar="ID", help="A source id (repeatable)."
        )
        which.add_argument("--all", action="store_true", help="Every source.")
        which.add_argument(
            "--stuck", action="store_true", help="Sources left queued or processing for too long."
        )
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="MINUTES",
            help=(
                "With --stuck: how long a source may wait queued (or, on databases other "
                "than PostgreSQL, processing) before it counts as stuck; 0 takes every one "
                "(default: the task time limit plus a minute, or SOURCE_STUCK_AFTER_MINUTES)."
            ),
        )

    def handle(self, *args, **options):
        if options["source"]:
            sources = list(Source.objects.filter(pk__in=options["source"]))
            missing = set(options["source"]) - {s.pk for s in sources}
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, sorted(missing)))}.")
        elif options["all"]:
            sources = list(Source.objects.order_by("pk"))
        else:
            minutes = options["older_than"]
            if minutes is not None and minutes < 0:
                raise CommandError("--older-than takes a number of minutes, 0 or more.")
            older_than = None if minutes is None else timedelta(minutes=minutes)
            sources = sources_stuck(older_than=older_than)

        for source in sources:
            source_requeue(source=source)
            source.refresh_from_db(fields=["status", "error"])
            line = f"source #{source.pk}: {source.status}"
            if source.error:
                line += f" ({source.error})"
            self.stdout.write(line)
        self.stdout.write(f"{len(sources)} source(s) queued.")
