"""Claims as schema.org ``Claim`` JSON-LD, for ``Accept: application/ld+json`` or ``?format=jsonld``."""

from rest_framework.renderers import JSONRenderer

from ..entities.kinds import schema_org_type
from ..models import Claim

SCHEMA_ORG = "https://schema.org"


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def claim_as_jsonld(claim: Claim, *, page_url: str, context: bool = True) -> dict:
    """A claim as a schema.org ``Claim`` whose ``appearance`` is its source article.

    ``author`` is the speaker the claim is attributed to when the parse found
    one, otherwise the article's author. Needs the claim's source and mentions
    (``selectors.claim_list``).
    """
    source = claim.source
    author = claim.named_speaker or source.author
    publisher = {"@type": "Organization", "name": source.publisher} if source.publisher else None
    date = source.published_on.isoformat() if source.published_on else None
    appearance = _drop_empty(
        {
            "@type": "CreativeWork",
            "url": source.url,
            "headline": source.title,
            "author": {"@type": "Person", "name": source.author} if source.author else None,
            "publisher": publisher,
            "datePublished": date,
        }
    )
    about = {}
    for mention in claim.mentions.all():
        entity = mention.entity
        about.setdefault(
            entity.pk,
            {"@type": schema_org_type(entity.kind), "name": entity.name},
        )
    data = {
        "@context": SCHEMA_ORG if context else None,
        "@type": "Claim",
        "@id": page_url,
        "url": page_url,
        "identifier": str(claim.pk),
        "text": claim.text,
        "appearance": appearance,
        "author": {"@type": "Thing", "name": author} if author else None,
        "publisher": publisher,
        "datePublished": date,
        "about": list(about.values()),
        "dateCreated": claim.created_at.isoformat(),
        "dateModified": claim.updated_at.isoformat(),
    }
    return _drop_empty(data)


APPEARANCE_SCHEMA = {
    "type": "object",
    "properties": {
        "@type": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "headline": {"type": "string"},
        "author": {"type": "object"},
        "publisher": {"type": "object"},
        "datePublished": {"type": "string", "format": "date"},
    },
    "required": ["@type"],
}

CLAIM_JSONLD_SCHEMA = {
    "type": "object",
    "description": "A schema.org Claim (JSON-LD); empty properties are left out.",
    "properties": {
        "@context": {"type": "string", "description": "Left out inside a list."},
        "@type": {"type": "string", "enum": ["Claim"]},
        "@id": {"type": "string", "format": "uri"},
        "url": {"type": "string", "format": "uri"},
        "identifier": {"type": "string"},
        "text": {"type": "string"},
        "appearance": APPEARANCE_SCHEMA,
        "author": {"type": "object"},
        "publisher": {"type": "object"},
        "datePublished": {"type": "string", "format": "date"},
        "about": {"type": "array", "items": {"type": "object"}},
        "dateCreated": {"type": "string", "format": "date-time"},
        "dateModified": {"type": "string", "format": "date-time"},
    },
    "required": ["@type", "@id", "identifier", "text", "appearance"],
}

# A page of claims keeps the JSON pages' shape (next, previous, results), so one
# client loop reads both; the context makes it a schema.org ItemList whose
# ``results`` are its ``itemListElement``.
LIST_CONTEXT = [SCHEMA_ORG, {"results": "itemListElement"}]
