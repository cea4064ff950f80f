"""Which sources a live processing run holds: one PostgreSQL advisory lock per source.

A run takes a session-level advisory lock on each source it leases (in the
lease's transaction) and gives it back once the source is done or failed. A
worker that dies (SIGKILL, the OOM killer, a lost machine) loses its database
session, and PostgreSQL drops the session's locks with it; so does a database
restart. A source left "processing" without its lock was left by a dead run
and can be taken again at once, while a source whose run is alive is never
taken twice, whatever the broker redelivers. Other databases have no such
locks: there a lease counts as lost only once it is older than
``SOURCE_STUCK_AFTER`` (see ``sources_lease`` and ``sources_stuck``).

Session-level locks need a connection that stays the same for the whole run:
a pooler in transaction mode (PgBouncer's ``pool_mode = transaction``) would
break them.
"""

from collections.abc import Iterable

from django.db import connection

# The first of the two int4 keys of every processing lock ("srcs"); the second
# is the source's id.
LOCK_NAMESPACE = 0x73726373


def lock_key(source_id: int) -> int:
    """The second key of a source's processing lock, as ``pg_locks`` shows it.

    Keys are int4: an id beyond 2**31 shares its key with a smaller one, which at
    worst makes a dead run's source wait for the run that holds the other.
    """
    return source_id % 2**31


def tracks_liveness() -> bool:
    """Whether the database tells a live run's sources from a dead run's."""
    return connection.vendor == "postgresql"


def processing_locks_take(source_ids: Iterable[int]) -> set[int]:
    """Take the processing lock of each source no other session holds; return their ids.

    Call inside the transaction that marks them processing, with their rows
    locked, so no other run can see them processing without the lock.
    """
    source_ids = list(source_ids)
    if not tracks_liveness() or not source_ids:
        return set(source_ids)
    with connection.cursor() as cursor:
        # A lock this session holds already is not taken twice (the count would
        # stack and outlive the release); CASE fixes the order of evaluation.
        cursor.execute(
            "SELECT id FROM unnest(%(ids)s::bigint[]) AS id WHERE CASE"
            " WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %(ns)s::oid AND objsubid = 2 AND objid = (id %% 2147483648)::oid"
            " AND pid = pg_backend_pid()) THEN true"
            " ELSE pg_try_advisory_lock(%(ns)s, (id %% 2147483648)::int) END",
            {"ids": source_ids, "ns": LOCK_NAMESPACE},
        )
        return {row[0] for row in cursor.fetchall()}


def processing_locks_release(source_ids: Iterable[int]) -> None:
    """Give back the processing locks this session took on ``source_ids``."""
    source_ids = list(source_ids)
    if not tracks_liveness() or not source_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_unlock(%s, (id %% 2147483648)::int) FROM unnest(%s::bigint[]) AS id",
            [LOCK_NAMESPACE, source_ids],
        )


def sources_held_by_live_runs() -> set[int]:
    """The keys of the sources whose processing lock another session holds.

    Only meaningful where ``tracks_liveness()``; compare with ``lock_key(id)``.
    Locks of this session are left out: a worker process runs one task at a
    time, so any it still holds belong to a run that has ended.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s::oid AND objsubid = 2 AND pid <> pg_backend_pid()",
            [LOCK_NAMESPACE],
        )
        return {row[0] for row in cursor.fetchall()}
