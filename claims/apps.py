from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Where a queued source continues: sources sends `source_queued`,
        # claims/processing/handlers.py queues `process_source` once the row is
        # committed; importing the tasks module registers the tasks with Celery.
        from django.db.models.signals import post_delete, pre_delete

        from sources.models import Source
        from sources.signals import source_furniture_marked, source_queued

        from .entities import handlers as entity_handlers
        from .linking import handlers as linking_handlers
        from .linking.suggestions import handlers as suggestion_handlers
        from .linking.suggestions import model_tasks  # noqa: F401
        from .linking.suggestions import tasks as suggestion_tasks  # noqa: F401
        from .processing import handlers as processing_handlers
        from .processing import tasks  # noqa: F401
        from .processing.signals import claims_stored
        from .review import handlers as review_handlers

        source_queued.connect(
            processing_handlers.queue_source_processing, dispatch_uid="claims.process"
        )
        # Lines an editor marks as page furniture lose their proposals at once.
        source_furniture_marked.connect(
            review_handlers.remove_proposals_on_furniture, dispatch_uid="claims.furniture"
        )
        # Stored claims (processed or edited) get vectors and link suggestions.
        claims_stored.connect(
            suggestion_handlers.suggest_for_stored_claims, dispatch_uid="claims.suggest-links"
        )
        # A deleted source's claim sets are reshaped like those of a deleted link.
        pre_delete.connect(
            linking_handlers.note_claim_sets_of_source,
            sender=Source,
            dispatch_uid="claims.source-sets",
        )
        post_delete.connect(
            linking_handlers.refresh_claim_sets_of_source,
            sender=Source,
            dispatch_uid="claims.source-sets",
        )
        # The entities only a deleted source named go with it; curated ones stay.
        pre_delete.connect(
            entity_handlers.note_entities_of_source,
            sender=Source,
            dispatch_uid="claims.source-entities",
        )
        post_delete.connect(
            entity_handlers.delete_orphan_entities_of_source,
            sender=Source,
            dispatch_uid="claims.source-entities",
        )
