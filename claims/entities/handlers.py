"""A deleted source takes the entities only it named: connected in ``ClaimsConfig.ready()``."""

from ..models import Mention
from .services import entities_delete_orphans

# Deleting a source deletes its claims and their mentions by cascade; the
# entities processing created for that source would stay behind, named by
# nothing. Before the delete: note the entities its claims mention. After it:
# delete those left unnamed and uncurated (entities_delete_orphans says which).


def note_entities_of_source(sender, instance, **kwargs) -> None:
    instance._entities_mentioned = set(
        Mention.objects.filter(claim__source_id=instance.pk)
        .values_list("entity_id", flat=True)
        .order_by()
    )


def delete_orphan_entities_of_source(sender, instance, **kwargs) -> None:
    entity_ids = getattr(instance, "_entities_mentioned", set())
    if entity_ids:
        entities_delete_orphans(entity_ids=entity_ids)
