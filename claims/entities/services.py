"""Entities in the database: resolve the names an article mentions, merge duplicates.

``entities_resolve`` runs in the processing batch; ``entity_merge`` is an
editor's action (admin).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Claim, Entity, EntityAlias, Mention
from ..nlp.extract import CandidateMention
from .keys import normalize_alias


def entities_resolve(
    mentions: list[CandidateMention],
) -> dict[tuple[str, str, bool], Entity]:
    """The entity each mention names, creating entities for names never seen.

    Returns a map from (key, surface text, is_actor) to the entity. A mention
    resolves through its article-level key ("kassym jomart tokayev" for
    "Tokayev") or its own surface form's key; a name that acts and whose
    alias is a curated metonym ("Moscow said") resolves to the state it stands
    for; a surname never seen alone resolves to the one known person whose
    full name ends with it. New names become entities with the mention's NER
    label as kind, and every key seen is recorded as an alias so the next
    article finds the same entity. A few queries per article, whatever its
    length; safe under concurrent workers (the unique alias key decides who
    created an entity; the loser's copy is removed).
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
        if lookup(mention) is None:
            missing.setdefault(mention.key, mention)
    surnames = [k for k, m in missing.items() if m.label == "PERSON" and " " not in k]
    if surnames:
        # A surname alone ("Tokayev") names the one known person whose full
        # name ends with it, if exactly one does. One query for all of them.
        ends = Q()
        for key in surnames:
            ends |= Q(normalized__endswith=f" {key}")
        found: dict[str, list[EntityAlias]] = {key: [] for key in surnames}
        for alias in EntityAlias.objects.select_related("entity", "metonym_for").filter(ends):
            last = alias.normalized.rsplit(" ", 1)[-1]
            if last in found:  # SQLite's LIKE ignores case; keys are compared exactly
                found[last].append(alias)
        for key, candidates in found.items():
            if len({a.entity_id for a in candidates}) == 1:
                by_surname[key] = candidates[0]
                del missing[key]
    if missing:
        created = Entity.objects.bulk_create(
            [
                Entity(
                    name=m.name[:300],
                    kind=m.label if m.label in Entity.Kind.values else Entity.Kind.OTHER,
                )
                for m in missing.values()
            ]
        )
        EntityAlias.objects.bulk_create(
            [
                EntityAlias(entity=entity, text=m.name[:300], normalized=key[:300])
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
        entity = alias.entity
        surface_key = surface_keys[mention.text]
        if surface_key and surface_key not in aliases:
            new_aliases.append(
                EntityAlias(entity=entity, text=mention.text[:300], normalized=surface_key[:300])
            )
            aliases[surface_key] = EntityAlias(entity=entity, normalized=surface_key)
        if mention.is_actor and alias.metonym_for is not None:
            entity = alias.metonym_for
        resolved[(mention.key, mention.text, mention.is_actor)] = entity
    if new_aliases:
        EntityAlias.objects.bulk_create(new_aliases, ignore_conflicts=True)
    return resolved


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
            entity.delete()
        survivor._history_user = user
        survivor.save(update_fields=["updated_at"])
    return survivor
