from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Where a queued source continues: sources sends `source_queued`,
        # claims/handlers.py queues `process_source` once the row is committed.
        from sources.signals import source_queued

        from . import handlers

        source_queued.connect(handlers.queue_source_processing, dispatch_uid="claims.process")
