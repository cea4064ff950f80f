"""Entities in the database: resolve the names an article mentions, merge, rename and
delete them, and clear away the ones a deleted source leaves behind.

``entities_resolve`` runs in the processing batch; ``entity_merge``,
``entity_update`` and ``entity_delete`` are editors' actions (admin);
``entities_delete_orphans`` follows a source's deletion (handlers.py).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from sources.changes import changes_record

from ..models import Claim, Entity, EntityAlias, Mention
from ..nlp.extract import CandidateMention
from .demonyms import COUNTRY_KEYS
from .keys import normalize_alias, surname_of

# Surnames are looked up this many at a time (one OR-ed condition each).
SURNAME_BATCH = 400
# Orphan entities are looked up and deleted this many ids at a time (a source's
# claims can name thousands; one IN list per batch stays within every database's limits).
ORPHAN_BATCH = 500


def entities_resolve(
    mentions: list[CandidateMention], *, max_new: int | None = None
) -> dict[tuple[str, str, bool], Entity]:
    """The entity each mention names, creating entities for names never seen.

    Returns a map from (key, surface text, is_actor) to the entity. A mention
    resolves through its article-level key ("kassym jomart tokayev" for
    "Tokayev") or its own surface form's key; a name that acts and whose
    alias is a curated metonym ("Moscow said", "a deal with Moscow") resolves to
    the state it stands for; a surname never seen alone resolves to the one known
    person (of any source) it is the surname of; a lone common word ("Defence")
    no entity is known by gets none and is left out of the map. New names become
    entities with the mention's NER label as kind, and every key seen is recorded as an alias so the next
    article finds the same entity. A few queries per article, whatever its
    length; safe under concurrent workers (the unique alias key decides who
    created an entity; the loser's copy is removed). With ``max_new``, names
    never seen beyond the first ``max_new`` (in mention order) get no entity
    and their mentions are left out of the map.
    """
    if not mentions:
        return {}
    surface_keys = {m.text: normalize_alias(m.text) for m in mentions}
    keys = {m.key for m in mentions} | set(surface_keys.values())
    aliases = {
        a.normalized: a
        for a in EntityAlias.objects.select_related("entity", "metonym_for").filter(
            normalized__in=keys
        )
    }

    by_surname: dict[str, EntityAlias] = {}

    def lookup(mention) -> EntityAlias | None:
        return (
            aliases.get(mention.key)
            or aliases.get(surface_keys[mention.text])
            or by_surname.get(mention.key)
        )

    missing: dict[str, CandidateMention] = {}
    for mention in mentions:
        if (
            lookup(mention) is None
            and not mention.is_common_word
            and (max_new is None or len(missing) < max_new or mention.key in missing)
        ):
            missing.setdefault(mention.key, mention)
    surnames = [k for k, m in missing.items() if m.label == "PERSON" and " " not in k]
    if surnames:
        # A surname alone ("Tokayev", "Xi") names the one known person it is the
        # surname of, if exactly one is known; an ambiguous one stays a name of its
        # own. An indexed lookup on EntityAlias.surname, a few hundred at a time.
        found: dict[str, list[EntityAlias]] = {key: [] for key in surnames}
        for first in range(0, len(surnames), SURNAME_BATCH):
            for alias in EntityAlias.objects.select_related("entity", "metonym_for").filter(
                surname__in=surnames[first : first + SURNAME_BATCH],
                entity__kind=Entity.Kind.PERSON,
            ):
                found[alias.surname].append(alias)
        for key, candidates in found.items():
            if len({a.entity_id for a in candidates}) == 1:
                by_surname[key] = candidates[0]
                del missing[key]
    if missing:
        created = Entity.objects.bulk_create(
            [Entity(name=m.name[:300], kind=_kind_of(key, m.label)) for key, m in missing.items()]
        )
        EntityAlias.objects.bulk_create(
            [
                alias_new(entity=entity, text=m.name, key=key)
                for entity, (key, m) in zip(created, missing.items(), strict=True)
            ],
            ignore_conflicts=True,
        )
        winners = {
            a.normalized: a
            for a in EntityAlias.objects.select_related("entity", "metonym_for").filter(
                normalized__in=list(missing)
            )
        }
        aliases.update(winners)
        lost = [
            e.pk for e, key in zip(created, missing, strict=True) if winners[key].entity_id != e.pk
        ]
        if lost:
            Entity.objects.filter(pk__in=lost).delete()

    resolved: dict[tuple[str, str, bool], Entity] = {}
    new_aliases = []
    for mention in mentions:
        alias = lookup(mention)
        if alias is None:  # a new name beyond max_new
            continue
        entity = alias.entity
        surface_key = surface_keys[mention.text]
        if surface_key and surface_key not in aliases:
            new_aliases.append(alias_new(entity=entity, text=mention.text, key=surface_key))
            aliases[surface_key] = EntityAlias(entity=entity, normalized=surface_key)
        if mention.is_actor and alias.metonym_for is not None:
            entity = alias.metonym_for
        resolved[(mention.key, mention.text, mention.is_actor)] = entity
    if new_aliases:
        EntityAlias.objects.bulk_create(new_aliases, ignore_conflicts=True)
    return resolved


def _kind_of(key: str, label: str) -> str:
    # A country is a GPE whichever word named it first ("Ecuadorean" is NORP).
    if key in COUNTRY_KEYS:
        return Entity.Kind.GPE
    return label if label in Entity.Kind.values else Entity.Kind.OTHER


def alias_new(*, entity: Entity, text: str, key: str) -> EntityAlias:
    """An unsaved alias seen in a source, with its surname set (bulk_create skips save())."""
    return EntityAlias(
        entity=entity, text=text[:300], normalized=key[:300], surname=surname_of(key[:300])
    )


def entity_merge(*, survivor: Entity, others, user=None) -> Entity:
    """Merge ``others`` into ``survivor``: every mention and alias moves, the others go.

    The others' names stay findable as aliases of the survivor.
    """
    others = [entity for entity in others if entity.pk != survivor.pk]
    if not others:
        return survivor
    with transaction.atomic():
        # The claims naming a merged entity change: bump them for incremental sync.
        moved = list(
            Mention.objects.filter(entity__in=others).values_list("claim_id", flat=True).distinct()
        )
        Mention.objects.filter(entity__in=others).update(entity=survivor)
        Claim.objects.filter(pk__in=moved).update(updated_at=timezone.now())
        # Capitals that stood for a merged entity now stand for the survivor.
        EntityAlias.objects.filter(metonym_for__in=others).update(metonym_for=survivor)
        for alias in EntityAlias.objects.filter(entity__in=others):
            alias.entity = survivor
            alias._history_user = user
            alias.save(update_fields=["entity"])
        for entity in others:
            key = normalize_alias(entity.name)
            if key and not EntityAlias.objects.filter(normalized=key).exists():
                EntityAlias.objects.create(
                    entity=survivor,
                    text=entity.name,
                    normalized=key,
                    origin=EntityAlias.Origin.CURATED,
                )
            entity._history_user = user
            gone = entity.pk
            entity.delete()
            # Its tombstone in the change feed says where its mentions went.
            changes_record(model=Entity, ids=[gone], merged_into=survivor.pk)
        survivor._history_user = user
        survivor.save(update_fields=["updated_at"])
    return survivor


def entity_update(*, entity: Entity, fields: Iterable[str], user=None) -> Entity:
    """Save an entity whose ``fields`` were changed in memory.

    Claims show the name and kind of each entity they mention: when either
    changes, the claims naming the entity are marked changed for incremental sync.
    """
    fields = set(fields)
    with transaction.atomic():
        entity._history_user = user
        entity.save()
        if fields & {"name", "kind"}:
            Claim.objects.filter(mentions__entity=entity).update(updated_at=timezone.now())
    return entity


class EntityMentionedError(ValidationError):
    """Claims mention these entities; ``claim_counts`` maps each to how many."""

    def __init__(self, claim_counts: dict[Entity, int]):
        self.claim_counts = claim_counts
        super().__init__(
            [
                ValidationError(
                    "%(name)s cannot be deleted: %(count)s claim(s) mention it. "
                    "Merge it into the entity it duplicates instead.",
                    code="entity_mentioned",
                    params={"name": entity.name, "count": f"{count:,}", "id": entity.pk},
                )
                for entity, count in claim_counts.items()
            ]
        )


def entity_delete_check(*, entities: Iterable[Entity]) -> None:
    """Raise EntityMentionedError if any claim mentions one of ``entities``.

    Deleting a mentioned entity would strip it from every claim naming it,
    reviewed ones and claims in sets included, and take its curated aliases
    with it; merging keeps both. One query.
    """
    by_id = {entity.pk: entity for entity in entities}
    counts = (
        Mention.objects.filter(entity__in=list(by_id))
        .values_list("entity")
        .annotate(claims=Count("claim", distinct=True))
        .order_by()
    )
    mentioned = {by_id[entity_id]: claims for entity_id, claims in counts}
    if mentioned:
        raise EntityMentionedError(
            dict(sorted(mentioned.items(), key=lambda item: (item[0].name, item[0].pk)))
        )


def entity_delete(*, entities: Iterable[Entity], user=None) -> int:
    """Delete entities no claim mentions, with their aliases; return how many.

    Raises EntityMentionedError, deleting nothing, if a claim mentions any of
    them. The rows are locked first, so a worker storing a new mention of one
    of them waits and then fails (and retries) rather than losing its mention.
    """
    entities = list(entities)
    with transaction.atomic():
        locked = list(
            Entity.objects.select_for_update()
            .filter(pk__in=[e.pk for e in entities])
            .order_by("pk")
        )
        entity_delete_check(entities=locked)
        for entity in locked:
            entity._history_user = user
            entity.delete()
    return len(locked)


def entities_delete_orphans(*, entity_ids: Iterable[int]) -> int:
    """Delete those of ``entity_ids`` that nothing refers to any more; return how many.

    Called once a source is deleted, with the entities its claims mentioned:
    an entity left with no mention, no curated alias, no alias standing for it
    and no description was made by processing that source and means nothing
    now. Entities editors curated stay. Rows another transaction holds
    (a worker storing a mention of one) are skipped, not waited for.
    """
    entity_ids = sorted(set(entity_ids))
    curated = EntityAlias.objects.filter(entity=OuterRef("pk"), origin=EntityAlias.Origin.CURATED)
    deleted = 0
    for first in range(0, len(entity_ids), ORPHAN_BATCH):
        orphans = (
            Entity.objects.filter(pk__in=entity_ids[first : first + ORPHAN_BATCH], description="")
            .exclude(Exists(Mention.objects.filter(entity=OuterRef("pk"))))
            .exclude(Exists(curated))
            .exclude(Exists(EntityAlias.objects.filter(metonym_for=OuterRef("pk"))))
        )
        with transaction.atomic():
            ids = list(orphans.select_for_update(skip_locked=True).values_list("pk", flat=True))
            if ids:
                deleted += Entity.objects.filter(pk__in=ids).delete()[1].get(Entity._meta.label, 0)
    return deleted
