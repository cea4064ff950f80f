"""The Celery task of link suggestions, on its own queue (settings.CELERY_TASK_ROUTES)."""

import logging

from celery import shared_task

from ...processing.pipeline import TRANSIENT_ERRORS
from .services import suggestions_make

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(name="claims.tasks.suggest_links", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def suggest_links(self, claim_ids: list[int]) -> None:
    """Suggest links for these claims. Safe to run twice: suggestions_make is idempotent."""
    try:
        result = suggestions_make(claim_ids=claim_ids)
    except TRANSIENT_ERRORS as exc:
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
        raise
    logger.info(
        "Suggested links for %s claims: %s created, %s updated, %s withdrawn, %s left to editors.",
        result.claims, result.created, result.updated, result.deleted, result.kept,
    )  # fmt: skip
