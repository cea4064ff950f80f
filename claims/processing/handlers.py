"""Where a queued source continues into claims: connected in ``ClaimsConfig.ready()``."""

from django.db import transaction


def queue_source_processing(sender, source, **kwargs) -> None:
    """Queue ``process_source`` once the transaction that queued the source commits.

    ``robust=True``: if the broker is down the error is logged, the source stays
    queued, and ``process --stuck`` (or the periodic beat task) picks it up later.
    """
    from .tasks import process_source

    source_id = source.pk
    transaction.on_commit(lambda: process_source.delay(source_id), robust=True)
