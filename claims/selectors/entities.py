"""Reads of entities."""

from django.db.models import Count, QuerySet

from ..models import Entity


def entity_list() -> QuerySet[Entity]:
    """Entities with how many mentions name them, aliases prefetched."""
    return Entity.objects.annotate(
        mention_count=Count("mentions", distinct=True),
    ).prefetch_related("aliases")
