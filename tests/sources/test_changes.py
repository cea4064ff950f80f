"""The change feed is pruned after CHANGE_FEED_RETENTION_DAYS, and a client whose sync
token is older than what is kept is told to pull everything again (410), never served
a sync that would silently miss changes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from sources.changes import Change
from sources.models import Source
from sources.tasks import prune_changes
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _age_every_change(days: int) -> None:
    """Make every change so far look ``days`` old.

    On PostgreSQL a change's position is the id of the transaction that wrote it,
    and changes from long ago have ids below every transaction still open; so
    these get positions 1, 2, … in their order (the pruning only removes changes
    below the sync horizon, which on a busy server may still be behind the ids
    these tests just used).
    """
    Change.objects.update(at=timezone.now() - timedelta(days=days))
    if connection.vendor == "postgresql":
        for n, pk in enumerate(
            Change.objects.order_by("position", "id").values_list("pk", flat=True)
        ):
            Change.objects.filter(pk=pk).update(position=n + 1)


def _oldest_position() -> int:
    """The token of a client that synced just before the oldest change recorded."""
    field = "position" if connection.vendor == "postgresql" else "id"
    return Change.objects.aggregate(first=Min(field))["first"]


def _full_pull(api, resource: str) -> tuple[set[int], int]:
    ids, url, token = set(), f"/api/{resource}/?page_size=200", None
    while url:
        page = api.get(url).json()
        ids |= {row["id"] for row in page["results"]}
        token = page["next_sync"]
        url = page["next"]
    return ids, token


def test_pruning_drops_only_changes_older_than_the_retention():
    old = SourceFactory()
    _age_every_change(settings.CHANGE_FEED_RETENTION_DAYS + 1)
    recent = SourceFactory()
    before = Change.objects.count()
    out = StringIO()

    call_command("prune_changes", stdout=out)

    kept = set(Change.objects.filter(resource="source").values_list("row_id", flat=True))
    assert recent.pk in kept and old.pk not in kept
    removed = before - Change.objects.count()
    assert out.getvalue().startswith(f"Pruned {removed} change-feed entries from before ")


def test_the_days_option_overrides_the_setting_and_is_checked():
    SourceFactory()
    _age_every_change(3)
    call_command("prune_changes", days=5, stdout=StringIO())
    assert Change.objects.filter(resource="source").exists()  # 3 days old, 5 kept
    call_command("prune_changes", days=2, stdout=StringIO())
    assert not Change.objects.filter(resource="source").exists()
    with pytest.raises(Exception, match="--days must be 1 or more"):
        call_command("prune_changes", days=0, stdout=StringIO())


def test_the_periodic_task_prunes_and_beat_runs_it_daily():
    SourceFactory()
    _age_every_change(settings.CHANGE_FEED_RETENTION_DAYS + 1)
    before = Change.objects.count()
    assert prune_changes.delay().get() == before > 0
    assert not Change.objects.exists()
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["sources.tasks.prune_changes"] == timedelta(days=1)


def test_a_token_older_than_the_feed_keeps_is_410_and_a_full_pull_recovers(researcher_api):
    deleted = SourceFactory()
    added = SourceFactory()
    Source.objects.filter(pk=deleted.pk).delete()
    _age_every_change(settings.CHANGE_FEED_RETENTION_DAYS + 1)
    token = _oldest_position()  # a client that last synced before all of that
    call_command("prune_changes", stdout=StringIO())

    for url in (f"/api/sources/?changed_since={token}", f"/api/sources/deleted/?since={token}"):
        response = researcher_api.get(url)
        assert response.status_code == 410, url
        assert response.json()["code"] == "sync_token_expired"
        assert "pull everything again" in response.json()["message"]

    # The recipe's answer: pull everything again, then sync from that walk's token.
    ids, token = _full_pull(researcher_api, "sources")
    assert added.pk in ids and deleted.pk not in ids
    later = SourceFactory()
    changed = researcher_api.get(f"/api/sources/?changed_since={token}")
    assert changed.status_code == 200
    assert [row["id"] for row in changed.json()["results"]] == [later.pk]
    assert researcher_api.get(f"/api/sources/deleted/?since={token}").status_code == 200


def test_a_token_taken_after_everything_was_pruned_still_works(researcher_api):
    SourceFactory()
    _age_every_change(settings.CHANGE_FEED_RETENTION_DAYS + 1)
    call_command("prune_changes", stdout=StringIO())
    assert not Change.objects.exists()

    _, token = _full_pull(researcher_api, "sources")
    assert researcher_api.get(f"/api/sources/?changed_since={token}").status_code == 200
    assert researcher_api.get(f"/api/sources/deleted/?since={token}").status_code == 200
