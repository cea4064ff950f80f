"""Periodic upkeep of the sources app's tables (run by celery beat)."""

from celery import shared_task

from .changes import change_feed_cutoff, changes_prune


@shared_task(name="sources.tasks.prune_changes")
def prune_changes() -> int:
    """Drop change-feed entries older than ``CHANGE_FEED_RETENTION_DAYS``; safe to run twice."""
    return changes_prune(older_than=change_feed_cutoff())
