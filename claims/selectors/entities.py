"""Reads of entities."""

from collections import defaultdict

from django.db.models import OuterRef, Q, QuerySet

from common.db import count_of

from ..entities.keys import are_close_names, normalize_alias
from ..models import Entity, EntityAlias, Mention


def entity_list() -> QuerySet[Entity]:
    """Entities with how many mentions name them, aliases prefetched.

    Each row's count is its own subquery (``count_of``), so a page counts the
    mentions of its own entities, not of every entity before the page is cut.
    """
    return Entity.objects.annotate(
        mention_count=count_of(Mention.objects.filter(entity=OuterRef("pk")))
    ).prefetch_related("aliases")


# A name's first four letters block typo variants of one-word names ("kazakstan").
TYPO_PREFIX = 4


def entity_possible_duplicates(entities: list[Entity]) -> dict[int, list[Entity]]:
    """For each of ``entities`` (aliases prefetched), the entities of the same kind with a
    close name (``keys.are_close_names``): one name's words within the other's, a
    letter or two apart, or one's name another's alias.

    One query, whatever the size of the table: candidates come only from indexed
    blocks of each entity's name key (aliases equal to it or to its first or last
    word, aliases starting with its first word or sharing its surname, one-word
    aliases sharing its first letters), never from comparing all pairs.
    """
    if not entities:
        return {}
    keys = {entity.pk: _name_keys(entity) for entity in entities}
    # Each block (what an alias must share with an entity's name) → the entities it is of.
    blocked: dict[tuple[str, str], set[int]] = defaultdict(set)
    for entity in entities:
        name_key = normalize_alias(entity.name)
        words = name_key.split()
        if not words:
            continue
        for key in keys[entity.pk] | {words[0], words[-1]}:
            blocked["equal", key].add(entity.pk)
        blocked["surname", words[-1]].add(entity.pk)
        blocked["first word", words[0]].add(entity.pk)
        if len(words) == 1 and len(name_key) > TYPO_PREFIX:
            blocked["start", name_key[:TYPO_PREFIX]].add(entity.pk)
    if not blocked:
        return {entity.pk: [] for entity in entities}
    blocks = Q(normalized__in={key for kind, key in blocked if kind == "equal"})
    blocks |= Q(surname__in={key for kind, key in blocked if kind == "surname"})
    for kind, key in sorted(blocked):
        if kind == "first word":
            blocks |= Q(normalized__startswith=f"{key} ")
        elif kind == "start":
            blocks |= Q(normalized__startswith=key)
    candidates = (
        EntityAlias.objects.filter(blocks, entity__kind__in={e.kind for e in entities})
        .select_related("entity")
        .only("entity_id", "normalized", "surname", "entity__name", "entity__kind")
        .order_by("entity__name", "entity_id")
    )
    by_pk = {entity.pk: entity for entity in entities}
    found: dict[int, dict[int, Entity]] = {entity.pk: {} for entity in entities}
    for alias in candidates:
        # Only the entities whose blocks brought this alias: a page of entities costs its
        # candidates, not its candidates times its entities.
        first, space, _ = alias.normalized.partition(" ")
        sharing = blocked.get(("equal", alias.normalized), set()) | blocked.get(
            ("surname", alias.surname), set()
        )
        if space:
            sharing |= blocked.get(("first word", first), set())
        if len(alias.normalized) >= TYPO_PREFIX:
            sharing |= blocked.get(("start", alias.normalized[:TYPO_PREFIX]), set())
        for pk in sharing:
            entity = by_pk[pk]
            if (
                alias.entity_id != pk
                and alias.entity.kind == entity.kind
                and alias.entity_id not in found[pk]
                and any(are_close_names(key, alias.normalized) for key in keys[pk])
            ):
                found[pk][alias.entity_id] = alias.entity
    return {pk: list(duplicates.values()) for pk, duplicates in found.items()}


def _name_keys(entity: Entity) -> set[str]:
    return {
        k
        for k in [normalize_alias(entity.name), *(a.normalized for a in entity.aliases.all())]
        if k
    }


def entity_named(text: str) -> Entity | None:
    """The entity an editor means by ``text``: its id (as older links carry), one of its
    aliases (case, punctuation and "the" ignored, as the aliases are keyed) or its name
    (any case); None when nothing is called that."""
    text = text.strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to Python, not to int()
        return Entity.objects.filter(pk=int(text)).first()
    key = normalize_alias(text)
    alias = EntityAlias.objects.select_related("entity").filter(normalized=key).first()
    if alias is not None:
        return alias.entity
    return Entity.objects.filter(name__iexact=text).order_by("id").first()
