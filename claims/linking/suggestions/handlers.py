"""Where stored claims continue into link suggestions: connected in ``ClaimsConfig.ready()``.

Processing (claims/processing/pipeline.py) and an editor's edit
(claims/review/services.py) send ``claims_stored``; here the ``suggest_links``
task is queued once the claims are committed (and, when the settings ask
for it, the claims' vectors are made at once, in the processing batch).
"""

import logging

from django.conf import settings
from django.db import transaction

from .embeddings import claim_vectors_ensure
from .neighbours import vector_index

logger = logging.getLogger(__name__)

# Claims per suggest_links task.
TASK_CLAIMS = 200


def suggest_for_stored_claims(sender, claim_ids, compute_vectors=False, **kwargs) -> None:
    """Make the claims' missing vectors now (``compute_vectors``, when
    LINK_VECTORS_IN_PROCESSING is on), and queue ``suggest_links`` for them on commit.

    Neither step may fail what sent the signal: a vector not made here is made
    by the task, and suggestions a broker outage lost are made again by
    ``manage.py suggest_links``.
    """
    from .tasks import suggest_links

    claim_ids = sorted(set(claim_ids))
    if not claim_ids:
        return
    if compute_vectors and settings.LINK_VECTORS_IN_PROCESSING:
        try:
            vector_index().add(claim_vectors_ensure(claim_ids=claim_ids))
        except Exception:
            logger.warning(
                "Could not make the vectors of %s claims now.", len(claim_ids), exc_info=True
            )

    def send() -> None:
        # In-process (eager) the task runs here; its failure must not fail the source either.
        # A long article's claims go in several tasks, so that workers share them.
        for first in range(0, len(claim_ids), TASK_CLAIMS):
            chunk = claim_ids[first : first + TASK_CLAIMS]
            try:
                suggest_links.delay(chunk)
            except Exception:
                logger.warning(
                    "Link suggestions for %s claims were not made.", len(chunk), exc_info=True
                )

    transaction.on_commit(send, robust=True)
