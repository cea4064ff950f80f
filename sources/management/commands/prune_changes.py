"""``manage.py prune_changes [--days N]``: drop change-feed entries older than the retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sources.changes import change_feed_cutoff, changes_prune


class Command(BaseCommand):
    help = (
        "Delete change-feed entries older than CHANGE_FEED_RETENTION_DAYS (or --days). "
        "Clients whose sync token is older then get 410 sync_token_expired and pull in full."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days (default {settings.CHANGE_FEED_RETENTION_DAYS}).",
        )

    def handle(self, *args, days: int | None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more: a sync token must outlive one sync.")
        cutoff = change_feed_cutoff(days=days)
        removed = changes_prune(older_than=cutoff)
        self.stdout.write(
            f"Pruned {removed} change-feed entries from before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
