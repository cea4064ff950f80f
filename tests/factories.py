"""Small factories for the models; processing is never triggered by them."""

import factory

from claims.models import Claim, ClaimLink, ClaimSet, Entity, EntityAlias, Mention
from sources.cleaning import content_hash
from sources.models import Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Steppe Review"
    body = factory.Sequence(
        lambda n: (
            f"Article {n}\n\nRussia sent troops to Kazakhstan in January 2022, report {n} says."
        )
    )
    raw = factory.SelfAttribute("body")
    content_hash = factory.LazyAttribute(lambda o: content_hash(o.body))
    status = Source.Status.DONE


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Entity {n}")
    kind = Entity.Kind.GPE


class EntityAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    text = factory.SelfAttribute("entity.name")
    normalized = factory.LazyAttribute(lambda o: o.text.casefold())


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim over the second paragraph of its source's body."""

    class Meta:
        model = Claim

    source = factory.SubFactory(SourceFactory)
    start = factory.LazyAttribute(lambda o: o.source.body.index("\n\n") + 2)
    end = factory.LazyAttribute(lambda o: len(o.source.body))
    text = factory.LazyAttribute(lambda o: o.source.body[o.start : o.end])
    score = 0.7


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    claim = factory.SubFactory(ClaimFactory)
    entity = factory.SubFactory(EntityFactory)
    text = factory.SelfAttribute("entity.name")
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))


class ClaimSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimSet


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    claim_a = factory.SubFactory(ClaimFactory)
    claim_b = factory.SubFactory(ClaimFactory)
    relation = ClaimLink.Relation.CONFLICT


def suggestion(claim_a=None, claim_b=None, *, reasons=("same_proposition",), **fields):
    """An open suggestion of the machine's, with reasons of the given types."""
    claim_a = claim_a or ClaimFactory()
    claim_b = claim_b or ClaimFactory()
    if claim_b.pk < claim_a.pk:
        claim_a, claim_b = claim_b, claim_a
    fields.setdefault("relation", ClaimLink.Relation.AGREE)
    fields.setdefault("suggested_relation", fields["relation"])
    return ClaimLinkFactory(
        claim_a=claim_a,
        claim_b=claim_b,
        origin=ClaimLink.Origin.AUTOMATIC,
        status=ClaimLink.Status.SUGGESTED,
        score=fields.pop("score", 0.9),
        model_version=fields.pop("model_version", "links-1"),
        reasons=[
            reason if isinstance(reason, dict) else {"type": reason, "detail": f"{reason} seen"}
            for reason in reasons
        ],
        **fields,
    )


def claim_in_source(source, sentence: str, *, entities=(), **fields) -> Claim:
    """A claim over ``sentence`` (which must be in the source's body) naming ``entities``."""
    start = source.body.index(sentence)
    claim = ClaimFactory(
        source=source, start=start, end=start + len(sentence), text=sentence, **fields
    )
    for offset, entity in enumerate(entities):
        MentionFactory(
            claim=claim,
            entity=entity,
            text=entity.name,
            start=start + offset,
            end=start + offset + 1,
        )
    return claim
