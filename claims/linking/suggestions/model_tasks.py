"""The periodic retraining of the link classifier (Celery beat, tracker/settings.py)."""

from celery import shared_task

from .training import link_model_train


@shared_task(name="claims.tasks.retrain_link_model", ignore_result=True)
def retrain_link_model() -> str | None:
    """Retrain from editors' decisions when there are enough; the new version is active."""
    model = link_model_train()
    return model.version if model else None
