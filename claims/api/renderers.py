"""Claims as schema.org ``Claim`` JSON-LD, for ``Accept: application/ld+json`` or ``?format=jsonld``."""

from rest_framework.renderers import JSONRenderer

from ..entities.keys import normalize_alias
from ..entities.kinds import schema_org_type
from ..models import Claim

SCHEMA_ORG = "https://schema.org/"

# Inline, so a JSON-LD processor expands every term without fetching schema.org's
# context: each term is schema.org's, and links are IRIs.
CONTEXT = {
    "@vocab": SCHEMA_ORG,
    "url": {"@type": "@id"},
    "dateCreated": {"@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
    "dateModified": {"@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
    "datePublished": {"@type": "http://www.w3.org/2001/XMLSchema#date"},
}
# Who reviews claims, as a ClaimReview's author (editors' names are not published).
REVIEWER = {"@type": "Organization", "name": "Claim tracker editors"}
# A speaker named by entities of these kinds speaks as an organisation ("the Kremlin",
# "Kazakhstan said"); a PERSON as a person.
ORGANISATION_KINDS = {"ORG", "NORP", "GPE", "LOC", "FAC"}


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _speaker(claim: Claim) -> dict | None:
    """The claim's speaker as a Person or an Organization (None for none, or for a bare
    pronoun, which names nobody: ``Claim.named_speaker``).

    A speaker that is one of the claim's entities takes its kind (a PERSON is a
    Person; a country, organisation or group speaking is an Organization). Else
    a name of two to four capitalised words is a person's; anything else
    ("officials in Astana", "the ministry") an Organization.
    """
    speaker = claim.named_speaker
    if not speaker:
        return None
    key = normalize_alias(speaker)
    for mention in claim.mentions.all():
        if key in {normalize_alias(mention.text), normalize_alias(mention.entity.name)}:
            is_person = mention.entity.kind not in ORGANISATION_KINDS
            break
    else:
        words = speaker.split()
        is_person = 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words)
    return {"@type": "Person" if is_person else "Organization", "name": speaker}


def _review(claim: Claim, page_url: str) -> dict | None:
    """An editor's accept or reject as a schema.org ClaimReview of the claim."""
    if claim.status == Claim.Status.PROPOSED or not claim.reviewed_at:
        return None
    accepted = claim.status == Claim.Status.ACCEPTED
    return {
        "@type": "ClaimReview",
        "itemReviewed": {"@id": page_url},
        "claimReviewed": claim.text,
        "author": REVIEWER,
        "datePublished": claim.reviewed_at.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1 if accepted else 0,
            "bestRating": 1,
            "worstRating": 0,
            "alternateName": "Accepted" if accepted else "Rejected",
        },
    }


def claim_as_jsonld(claim: Claim, *, page_url: str, context: bool = True) -> dict:
    """A claim as a schema.org ``Claim`` whose ``appearance`` is its source article.

    ``author`` is the speaker the claim is attributed to when the parse found
    one (a Person or an Organization, ``_speaker``), otherwise the article's
    author (a Person). An editor's accept or reject is its ``review``, a
    ``ClaimReview``. Needs the claim's source and mentions (``selectors.claim_list``).
    """
    source = claim.source
    author = _speaker(claim) or (
        {"@type": "Person", "name": source.author} if source.author else None
    )
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
        "@context": CONTEXT if context else None,
        "@type": "Claim",
        "@id": page_url,
        "url": page_url,
        "identifier": str(claim.pk),
        "text": claim.text,
        "appearance": appearance,
        "author": author,
        "publisher": publisher,
        "datePublished": date,
        "about": list(about.values()),
        "dateCreated": claim.created_at.isoformat(),
        "dateModified": claim.updated_at.isoformat(),
        "review": _review(claim, page_url),
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
        "@context": {"type": "object", "description": "Inline; left out inside a list."},
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
        "review": {"type": "object", "description": "An editor's accept or reject: a ClaimReview."},
    },
    "required": ["@type", "@id", "identifier", "text", "appearance"],
}

# A page of claims keeps the JSON pages' shape (next, previous, results), so one
# client loop reads both; the context makes it a schema.org ItemList whose
# ``results`` are its ``itemListElement``.
LIST_CONTEXT = {
    **CONTEXT,
    "results": "itemListElement",
    # Paging for this API's clients, not statements about the list: left unmapped.
    "next": None,
    "previous": None,
    "next_sync": None,
}
