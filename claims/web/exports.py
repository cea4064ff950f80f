"""Claim sets as CSV (one row per claim) and JSON (sets with sides and links).

The views load sets, claims and links through the selectors and hand them
here; nothing in this module queries the database.
"""

import csv
import io
import json
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from ..models import Claim, ClaimLink, ClaimSet
from .presenters import claim_set_title, side_label

CSV_COLUMNS = [
    "claim_set_id",
    "claim_set_title",
    "side",
    "claim_id",
    "claim_status",
    "claim_score",
    "claim_text",
    "speaker",
    "entities",
    "agrees_with",
    "conflicts_with",
    "link_notes",
    "source_id",
    "source_title",
    "publisher",
    "author",
    "published_on",
    "source_url",
    "claim_url",
]
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _confirmed_partners(links: list[ClaimLink]) -> dict[int, dict[str, list[int]]]:
    partners: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for link in links:
        if link.status != ClaimLink.Status.CONFIRMED:
            continue
        partners[link.claim_a_id][link.relation].append(link.claim_b_id)
        partners[link.claim_b_id][link.relation].append(link.claim_a_id)
    return partners


def _link_notes(links: list[ClaimLink]) -> dict[int, list[str]]:
    """Claim id -> the editors' notes on its confirmed links, each saying which link:
    "conflicts with 12: They cannot both hold."."""
    verbs = {ClaimLink.Relation.AGREE: "agrees with", ClaimLink.Relation.CONFLICT: "conflicts with"}
    notes: dict[int, list[str]] = defaultdict(list)
    for link in sorted(links, key=lambda link: link.pk):
        if link.status != ClaimLink.Status.CONFIRMED or not link.note.strip():
            continue
        note = " ".join(link.note.split())
        verb = verbs.get(link.relation, link.relation)
        notes[link.claim_a_id].append(f"{verb} {link.claim_b_id}: {note}")
        notes[link.claim_b_id].append(f"{verb} {link.claim_a_id}: {note}")
    return notes


def claim_sets_csv(
    claim_sets: list[ClaimSet], claims: list[Claim], links: list[ClaimLink], *, base_url: str
) -> str:
    """One row per claim, in the order given; ``base_url`` makes the claim links absolute.

    ``link_notes`` holds the notes of the claim's confirmed links, " | " between them.
    """
    by_set: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_set[claim.claim_set_id].append(claim)
    partners = _confirmed_partners(links)
    notes = _link_notes(links)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for claim_set in claim_sets:
        title, _ = claim_set_title(claim_set, by_set[claim_set.pk])
        for claim in by_set[claim_set.pk]:
            source = claim.source
            linked = partners.get(claim.pk, {})
            writer.writerow(
                [
                    _cell(value)
                    for value in (
                        claim_set.pk,
                        title,
                        side_label(claim.side),
                        claim.pk,
                        claim.status,
                        claim.score,
                        claim.text,
                        claim.speaker,
                        "; ".join(sorted({m.entity.name for m in claim.mentions.all()})),
                        " ".join(map(str, sorted(linked.get(ClaimLink.Relation.AGREE, [])))),
                        " ".join(map(str, sorted(linked.get(ClaimLink.Relation.CONFLICT, [])))),
                        " | ".join(notes.get(claim.pk, [])),
                        source.pk,
                        source.title,
                        source.publisher,
                        source.author,
                        source.published_on.isoformat() if source.published_on else "",
                        source.url or "",
                        base_url + reverse("claims:claim_detail", args=[claim.pk]),
                    )
                ]
            )
    return out.getvalue()


def _claim_data(claim: Claim, base_url: str) -> dict:
    source = claim.source
    return {
        "id": claim.pk,
        "url": base_url + reverse("claims:claim_detail", args=[claim.pk]),
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "status": claim.status,
        "score": claim.score,
        "speaker": claim.speaker,
        "entities": [
            {"id": m.entity_id, "name": m.entity.name, "kind": m.entity.kind}
            for m in claim.mentions.all()
        ],
        "source": {
            "id": source.pk,
            "title": source.title,
            "publisher": source.publisher,
            "author": source.author,
            "published_on": source.published_on,
            "url": source.url,
        },
    }


def claim_sets_json(
    claim_sets: list[ClaimSet],
    claims: list[Claim],
    links: list[ClaimLink],
    *,
    base_url: str,
    filters: dict | None = None,
) -> str:
    """The sets with both sides' claims and the links between them, as a JSON document."""
    by_set: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_set[claim.claim_set_id].append(claim)
    links_by_set: dict[int, list[ClaimLink]] = defaultdict(list)
    for link in links:
        links_by_set[link.claim_a.claim_set_id].append(link)
    document = {
        "claim_sets": [
            {
                "id": claim_set.pk,
                "url": base_url + reverse("claims:claim_set_detail", args=[claim_set.pk]),
                "title": claim_set_title(claim_set, by_set[claim_set.pk])[0],
                "title_is_proposed": claim_set_title(claim_set, by_set[claim_set.pk])[1],
                "question": claim_set.question,
                "side_names": {side_label(side): claim_set.side_name(side) for side in (0, 1)},
                "summary": claim_set.summary,
                "has_conflict": claim_set.has_conflict,
                "is_inconsistent": claim_set.is_inconsistent,
                "updated_at": claim_set.updated_at,
                "sides": {
                    side_label(side): [
                        _claim_data(c, base_url) for c in by_set[claim_set.pk] if c.side == side
                    ]
                    for side in (Claim.Side.A, Claim.Side.B)
                },
                "links": [
                    {
                        "id": link.pk,
                        "claim_a": link.claim_a_id,
                        "claim_b": link.claim_b_id,
                        "relation": link.relation,
                        "status": link.status,
                        "is_reviewed": link.is_reviewed,
                        "note": link.note,
                    }
                    for link in sorted(links_by_set[claim_set.pk], key=lambda link: link.pk)
                ],
            }
            for claim_set in claim_sets
        ],
    }
    if filters is not None:
        document["filters"] = {key: value for key, value in filters.items() if value}
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
