"""The change feed: which API records changed or went, in an order late commits cannot beat.

Database triggers (``sources.change_triggers``, installed by migrations) write
one ``Change`` row for every record whose API representation a write changes:
the row written, and every record that embeds it (a claim's source counts its
claims, a link shows its claims' status, a claim set its claims' mentions, …).
Triggers catch every write: ``save()``, ``update()``, ``bulk_create``,
``bulk_update``, deletes, and raw SQL.

A change's **position** is where it falls in the feed. On PostgreSQL it is the
id of the transaction that wrote it (``pg_current_xact_id()``), and a sync
token is the oldest transaction still open when the sync began
(``pg_snapshot_xmin``): everything before it has committed, and whatever
commits later, however early it began, has a position at or after it, so the
next sync from that token sees it. On SQLite one writer commits at a time and
the row's own id serves. See the README's sync recipe.

The feed keeps ``CHANGE_FEED_RETENTION_DAYS`` of changes (``changes_prune``, run
daily by celery beat and by ``manage.py prune_changes``). A token from before
what was pruned can no longer be answered in full: ``sync_token_is_expired``
says so, and the API answers 410 Gone (``sync_token_expired``) so that the
client pulls everything again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

# A model's records in the feed (``Change.resource``), by the model's label.
RESOURCES = {
    "sources.source": "source",
    "claims.claim": "claim",
    "claims.claimlink": "link",
    "claims.entity": "entity",
    "claims.claimset": "claim-set",
}


class Change(models.Model):
    """A record (``resource``, ``row_id``) changed or went at ``position``."""

    resource = models.CharField(max_length=16)
    row_id = models.BigIntegerField()
    # PostgreSQL: the writing transaction's id; SQLite: empty (the row's id orders it).
    position = models.BigIntegerField(null=True, blank=True)
    # An entity merged into another: the survivor (the tombstone says so).
    merged_into = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["resource", "position"], name="change_resource_position_idx"),
            models.Index(fields=["resource", "row_id"], name="change_resource_row_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "row_id", "position"], name="change_once_per_transaction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.row_id} at {self.position or self.pk}"


class ChangeFeedPrune(models.Model):
    """One pruning of the feed: every change at a position below ``floor`` may be gone,
    so a sync token below it is expired."""

    floor = models.BigIntegerField()
    removed = models.PositiveIntegerField()
    older_than = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return (
            f"{self.removed} changes before {self.older_than:%Y-%m-%d %H:%M} (floor {self.floor})"
        )


def resource_of(model) -> str:
    return RESOURCES[model._meta.label_lower]


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _position_field() -> str:
    return "position" if _is_postgresql() else "id"


def sync_horizon() -> int:
    """The token for the next sync: every change before it has committed.

    Call it before reading what changed (the paginator does, on a walk's first page).
    """
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        else:
            # Past every change recorded, and never below what was pruned (the ids of
            # pruned rows are not handed out again, but MAX(id) no longer sees them).
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {Change._meta.db_table}), 0) + 1, "
                f"COALESCE((SELECT MAX(floor) FROM {ChangeFeedPrune._meta.db_table}), 0))"
            )
        return int(cursor.fetchone()[0])


def changes_since(model, token: int):
    """Changes to ``model``'s records at or after ``token`` (a ``sync_horizon``)."""
    return Change.objects.filter(
        resource=resource_of(model), **{f"{_position_field()}__gte": token}
    )


def changed_ids(model, token: int):
    """Ids (a subquery) of ``model``'s records changed at or after ``token``."""
    return changes_since(model, token).values("row_id")


def deletions_since(model, token: int):
    """``model``'s records that changed at or after ``token`` and no longer exist, as
    ``{"row_id", "deleted_at", "merged_into"}`` rows."""
    return (
        changes_since(model, token)
        .exclude(row_id__in=model._default_manager.values("pk"))
        .values("row_id")
        .annotate(deleted_at=Max("at"), merged_into=Max("merged_into"))
    )


def changes_record(*, model, ids, merged_into: int | None = None) -> None:
    """Put records in the feed by hand, for a representation that changed with no write
    to any table the triggers watch. Writes need nothing: the triggers record them,
    bulk ones included. ``merged_into`` marks entities merged into another."""
    ids = list(ids)
    if not ids:
        return
    position = None
    if _is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text::bigint")
            position = int(cursor.fetchone()[0])
    resource = resource_of(model)
    for row_id in ids:
        if position is None:  # SQLite: a row of its own, ordered by its id
            Change.objects.create(resource=resource, row_id=row_id, merged_into=merged_into)
            continue
        Change.objects.update_or_create(
            resource=resource,
            row_id=row_id,
            position=position,
            defaults={"merged_into": merged_into} if merged_into else {},
        )


def change_feed_cutoff(*, days: int | None = None) -> datetime:
    """The moment before which changes are pruned: ``days`` (by default
    ``CHANGE_FEED_RETENTION_DAYS``) before now."""
    if days is None:
        days = settings.CHANGE_FEED_RETENTION_DAYS
    return timezone.now() - timedelta(days=days)


def changes_prune(*, older_than: datetime) -> int:
    """Delete the changes recorded before ``older_than``; returns how many went.

    Tokens at or below the last position removed expire (``sync_token_is_expired``):
    a sync from one could no longer see every change or deletion since. Only
    changes below the current ``sync_horizon`` go, so a token handed out after
    the pruning (never below that horizon) is never expired by it.
    """
    field = _position_field()
    with transaction.atomic():
        old = Change.objects.filter(at__lt=older_than, **{f"{field}__lt": sync_horizon()})
        last = old.aggregate(last=Max(field))["last"]
        if last is None:
            return 0
        removed, _ = old.filter(**{f"{field}__lte": last}).delete()
        ChangeFeedPrune.objects.create(floor=last + 1, removed=removed, older_than=older_than)
    return removed


def sync_token_is_expired(token: int) -> bool:
    """Whether changes at or after ``token`` may have been pruned (the client must pull
    everything again rather than sync from it)."""
    floor = ChangeFeedPrune.objects.aggregate(floor=Max("floor"))["floor"]
    return floor is not None and token < floor
