"""Claim sets as CSV (one row per claim) and JSON (sets with sides and links), streamed.

The views hand over the batches ``claim_set_batches`` reads and stream what
comes out, a batch at a time, so memory stays flat however many claims there
are; nothing in this module queries the database. A download that fails
half-way never looks complete: the CSV ends with a row saying so, the JSON is
left unclosed (so no parser takes it for the whole document), and the error
is logged.
"""

import csv
import json
import logging
from collections import defaultdict
from collections.abc import Generator, Iterator
from contextlib import closing

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from ..models import Claim, ClaimLink, ClaimSet
from ..selectors.claim_sets import ClaimSetBatch, ExportClaim, ExportLink
from .presenters import claim_set_title, side_label

logger = logging.getLogger(__name__)

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
# The last row of a CSV download an error cut short.
CSV_INCOMPLETE = (
    "EXPORT INCOMPLETE: an error stopped this export here and the rows after it are "
    "missing. Download it again."
)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _confirmed_partners(links: list[ExportLink]) -> dict[int, dict[str, list[int]]]:
    partners: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for link in links:
        if link.status != ClaimLink.Status.CONFIRMED:
            continue
        partners[link.claim_a_id][link.relation].append(link.claim_b_id)
        partners[link.claim_b_id][link.relation].append(link.claim_a_id)
    return partners


def _link_notes(links: list[ExportLink]) -> dict[int, list[str]]:
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


class _Line:
    """A file-like object that hands back what the csv writer writes: one row as text."""

    def write(self, text: str) -> str:
        return text


def _csv_rows(batch: ClaimSetBatch, *, base_url: str) -> Iterator[list]:
    by_set: dict[int, list[ExportClaim]] = defaultdict(list)
    for claim in batch.claims:
        by_set[claim.claim_set_id].append(claim)
    partners = _confirmed_partners(batch.links)
    notes = _link_notes(batch.links)
    for claim_set in batch.claim_sets:
        title, _ = claim_set_title(claim_set, by_set[claim_set.pk])
        for claim in by_set[claim_set.pk]:
            source = claim.source
            linked = partners.get(claim.pk, {})
            yield [
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
            ]


def claim_sets_csv(
    batches: Generator[ClaimSetBatch, None, None], *, base_url: str, bom: str = ""
) -> Iterator[str]:
    """The header, then one row per claim in the order given, a batch at a time; ``bom``
    starts the file, ``base_url`` makes the claim links absolute.

    ``link_notes`` holds the notes of the claim's confirmed links, " | " between them.
    Every cell a spreadsheet would read as a formula starts with an apostrophe.
    """
    writer = csv.writer(_Line())
    yield bom + writer.writerow(CSV_COLUMNS)
    try:
        with closing(batches):  # their cursor, whenever and however the download ends
            for batch in batches:
                yield "".join(
                    writer.writerow([_cell(value) for value in row])
                    for row in _csv_rows(batch, base_url=base_url)
                )
    except Exception:
        logger.exception("A CSV export of claim sets stopped before its end.")
        yield writer.writerow([CSV_INCOMPLETE])
        raise


def _claim_data(claim: ExportClaim, base_url: str) -> dict:
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


def _claim_set_data(
    claim_set: ClaimSet, claims: list[ExportClaim], links: list[ExportLink], base_url
):
    title, is_proposed = claim_set_title(claim_set, claims)
    return {
        "id": claim_set.pk,
        "url": base_url + reverse("claims:claim_set_detail", args=[claim_set.pk]),
        "title": title,
        "title_is_proposed": is_proposed,
        "question": claim_set.question,
        "side_names": {side_label(side): claim_set.side_name(side) for side in (0, 1)},
        "summary": claim_set.summary,
        "has_conflict": claim_set.has_conflict,
        "is_inconsistent": claim_set.is_inconsistent,
        "updated_at": claim_set.updated_at,
        "sides": {
            side_label(side): [_claim_data(c, base_url) for c in claims if c.side == side]
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
            for link in sorted(links, key=lambda link: link.pk)
        ],
    }


def _json(value, *, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels down a document
    (JSON text never holds a raw line break, so indenting every line is exact)."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth)


def claim_sets_json(
    batches: Generator[ClaimSetBatch, None, None], *, base_url: str, filters: dict | None = None
) -> Iterator[str]:
    """The sets with both sides' claims and the links between them, as one JSON document
    (``{"claim_sets": [...], "filters": {...}}``, indented by two), a set at a time.

    The text is what ``json.dumps`` of the whole document would give; ``filters``
    (those with a value) follow the sets when given.
    """
    yield '{\n  "claim_sets": ['
    count = 0
    try:
        with closing(batches):
            for batch in batches:
                by_set: dict[int, list[ExportClaim]] = defaultdict(list)
                for claim in batch.claims:
                    by_set[claim.claim_set_id].append(claim)
                links_by_set: dict[int, list[ExportLink]] = defaultdict(list)
                for link in batch.links:
                    links_by_set[link.claim_set_id].append(link)
                for claim_set in batch.claim_sets:
                    data = _claim_set_data(
                        claim_set, by_set[claim_set.pk], links_by_set[claim_set.pk], base_url
                    )
                    yield (",\n    " if count else "\n    ") + _json(data, depth=2)
                    count += 1
    except Exception:
        # The document stays unclosed: invalid JSON rather than a shorter list.
        logger.exception("A JSON export of claim sets stopped before its end.")
        raise
    yield "\n  ]" if count else "]"
    if filters is not None:
        kept = {key: value for key, value in filters.items() if value}
        yield ',\n  "filters": ' + _json(kept, depth=1)
    yield "\n}"
