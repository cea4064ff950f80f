"""Training data for the link classifier, and retraining it from editors' decisions.

Two sources of labelled pairs: the team's annotated pairs (``eval/links/``,
claims named by corpus file and a text anchor), used to train the shipped
model; and editors' decisions on automatic suggestions (confirmed = that
relation, rejected = neither), from which ``link_model_train`` retrains.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from ...models import Claim, ClaimLink, LinkModel, Mention
from .features import claim_context_features, pair_features
from .model import Scorer, fit
from .reasons import content_words, pair_reasons

try:  # the embeddings and candidates of link suggestions, when installed
    from .candidates import Candidate
except ImportError:  # pragma: no cover - until candidates.py is in place

    @dataclass
    class Candidate:
        other_id: int
        cosine: float
        shared_entities: list[tuple[int, int]] = field(default_factory=list)
        text_rank: float = 0.0
        same_source: bool = False


LABELS = ("agree", "conflict", "neither")


@dataclass(frozen=True)
class AnnotatedPair:
    relation: str  # agree, conflict or neither
    reason: str  # the reason type the annotator expects, or ""
    file_a: str
    anchor_a: str
    file_b: str
    anchor_b: str


def annotated_pairs(path: Path) -> list[AnnotatedPair]:
    """The pairs in a TSV file: relation, reason (or -), file A, anchor A, file B, anchor B."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 6 or parts[0] not in LABELS:
            raise ValueError(f"{path.name}, line {number}: expected 6 tab-separated fields")
        relation, reason, file_a, anchor_a, file_b, anchor_b = parts
        pairs.append(
            AnnotatedPair(
                relation, "" if reason == "-" else reason, file_a, anchor_a, file_b, anchor_b
            )
        )
    return pairs


def with_context(queryset):
    return queryset.select_related("source").prefetch_related("mentions__entity")


def lexical_cosine(a: Claim, b: Claim) -> float:
    """Cosine of the two claims' content-word sets: the stand-in when no embedding is stored."""
    wa, wb = content_words(a.text), content_words(b.text)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / math.sqrt(len(wa) * len(wb))


def claim_cosines(claims: list[Claim]):
    """A function (a, b) -> cosine from the stored embeddings, or the lexical stand-in."""
    try:
        from .embeddings import claim_vectors
    except ImportError:  # pragma: no cover - until embeddings.py is in place
        return lexical_cosine
    vectors = claim_vectors([c.pk for c in claims])

    def cosine(a: Claim, b: Claim) -> float:
        if a.pk in vectors and b.pk in vectors:
            return float(vectors[a.pk] @ vectors[b.pk])
        return lexical_cosine(a, b)

    return cosine


def entity_claim_counts(entity_ids) -> dict[int, int]:
    """How many claims name each entity."""
    rows = (
        Mention.objects.filter(entity_id__in=set(entity_ids))
        .values("entity_id")
        .annotate(claims=Count("claim_id", distinct=True))
    )
    return {row["entity_id"]: row["claims"] for row in rows}


def pair_candidate(a: Claim, b: Claim, *, cosine, counts: dict[int, int]) -> Candidate:
    """The candidate record of b as found for a, rebuilt for a pair chosen by hand."""
    shared = {m.entity_id for m in a.mentions.all()} & {m.entity_id for m in b.mentions.all()}
    return Candidate(
        other_id=b.pk,
        cosine=cosine(a, b),
        shared_entities=sorted((e, counts.get(e, 1)) for e in shared),
        text_rank=0.0,
        same_source=a.source_id == b.source_id,
    )


def pair_rows(pairs: list[tuple[Claim, Claim]]) -> list[dict[str, float]]:
    """Feature rows of claim pairs (claims with their context loaded)."""
    claims = {c.pk: c for pair in pairs for c in pair}
    cosine = claim_cosines(list(claims.values()))
    counts = entity_claim_counts(m.entity_id for c in claims.values() for m in c.mentions.all())
    rows = []
    for a, b in pairs:
        candidate = pair_candidate(a, b, cosine=cosine, counts=counts)
        rows.append(pair_features(a, b, candidate, pair_reasons(a, b)))
    return rows


def corpus_vectors(claims: list[Claim]) -> None:
    """Make and index the claims' sentence vectors, as the links queue does after processing.

    Without them every cosine would be the lexical stand-in and the nearest
    vectors would find no candidate.
    """
    from .embeddings import claim_vectors_ensure
    from .neighbours import vector_index

    vector_index().add(claim_vectors_ensure(claim_ids=[c.pk for c in claims]))


def candidate_rows(
    claims: list[Claim], *, limit: int = 50
) -> tuple[list[tuple[int, int]], list[dict[str, float]], dict[int, Claim]]:
    """Every claim's candidates as ``suggestions_make`` sees them: (claim id, other id)
    keys, their feature rows (with ``claim_context_features``) and the claims by id.

    The claims need their vectors (``corpus_vectors``). Candidates outside
    ``claims`` are left out.
    """
    from .candidates import candidates_for

    by_id = {c.pk: c for c in claims}
    keys, rows = [], []
    for claim in claims:
        group = []
        for candidate in candidates_for(claim, limit=limit):
            if candidate.other_id not in by_id:
                continue
            a, b = sorted([claim, by_id[candidate.other_id]], key=lambda c: c.pk)
            group.append(pair_features(a, b, candidate, pair_reasons(a, b)))
            keys.append((claim.pk, candidate.other_id))
        rows.extend(claim_context_features(group))
    return keys, rows, by_id


def annotated_rows(
    found: list[tuple["AnnotatedPair", Claim, Claim]],
    keys: list[tuple[int, int]],
    rows: list[dict[str, float]],
) -> list[dict[str, float]]:
    """A feature row per annotated pair: its row among the first claim's candidates (or
    the second's); a pair no candidate search finds is rebuilt by hand and placed by its
    cosine among the first claim's candidates."""
    at = {key: i for i, key in enumerate(keys)}
    by_claim: dict[int, list[dict[str, float]]] = {}
    for (claim_id, _), row in zip(keys, rows, strict=True):
        by_claim.setdefault(claim_id, []).append(row)
    out, missing = [None] * len(found), []
    for n, (_, a, b) in enumerate(found):
        i = at.get((a.pk, b.pk), at.get((b.pk, a.pk)))
        if i is None:
            missing.append(n)
        else:
            out[n] = rows[i]
    if missing:
        made = pair_rows([(found[n][1], found[n][2]) for n in missing])
        for n, row in zip(missing, made, strict=True):
            claim_rows = [dict(r) for r in by_claim.get(found[n][1].pk, [])]
            placed = claim_context_features([*claim_rows, dict(row)])
            out[n] = placed[-1]
    return out


# The weight of a candidate nobody annotated, taken as "neither": most of a claim's fifty
# candidates are unrelated, and the classifier must rank its links above them, but
# some are links nobody wrote down, so each counts for less than an annotated pair.
UNANNOTATED_WEIGHT = 0.1


def training_set(
    found: list[tuple["AnnotatedPair", Claim, Claim]],
    found_rows: list[dict[str, float]],
    keys: list[tuple[int, int]],
    rows: list[dict[str, float]],
    *,
    leave_out: set[int],
    held_out: set[int],
    unannotated_weight: float = UNANNOTATED_WEIGHT,
) -> tuple[list[dict[str, float]], list[str], list[float]]:
    """(rows, labels, weights) to train on: the annotated pairs (``found``, their rows
    ``found_rows``) and, as "neither" with a small weight, every other candidate pair
    (``keys``, ``rows``, from ``candidate_rows``).

    No row touching a claim in ``leave_out`` is used (a cross-validation fold's
    claims). No unannotated row touching a claim in ``held_out`` is used: the
    held-out demo pairs are links nobody wrote in ``pairs.tsv``, and would
    otherwise be trained on as "neither".
    """
    annotated = set()
    out_rows, labels, weights = [], [], []
    for (pair, a, b), row in zip(found, found_rows, strict=True):
        annotated.update({(a.pk, b.pk), (b.pk, a.pk)})
        if a.pk not in leave_out and b.pk not in leave_out:
            out_rows.append(row)
            labels.append(pair.relation)
            weights.append(1.0)
    for (claim_id, other_id), row in zip(keys, rows, strict=True):
        if (claim_id, other_id) in annotated or {claim_id, other_id} & (leave_out | held_out):
            continue
        out_rows.append(row)
        labels.append("neither")
        weights.append(unannotated_weight)
    return out_rows, labels, weights


def anchor_claim(claims: list[Claim], anchor: str) -> Claim | None:
    """The claim holding the anchor text, allowing for quotation marks and spacing."""
    for claim in claims:
        if anchor in claim.text:
            return claim
    squeeze = re.compile(r"[\W_]+")
    wanted = squeeze.sub(" ", anchor).strip().lower()
    for claim in claims:
        if wanted in squeeze.sub(" ", claim.text).lower():
            return claim
    return None


def decided_pairs() -> tuple[list[tuple[Claim, Claim]], list[str]]:
    """Editors' decisions on automatic suggestions: (claim pairs, labels)."""
    links = ClaimLink.objects.filter(
        origin=ClaimLink.Origin.AUTOMATIC,
        status__in=[ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED],
    ).order_by("pk")
    links = links.select_related("claim_a__source", "claim_b__source").prefetch_related(
        "claim_a__mentions__entity", "claim_b__mentions__entity"
    )
    pairs, labels = [], []
    for link in links:
        pairs.append((link.claim_a, link.claim_b))
        labels.append(link.relation if link.status == ClaimLink.Status.CONFIRMED else "neither")
    return pairs, labels


def link_model_train(*, min_decisions: int | None = None, force: bool = False) -> LinkModel | None:
    """Retrain from editors' decisions and make the new model the active one.

    Returns None, changing nothing, when there are fewer decisions than
    ``settings.LINK_MODEL_MIN_DECISIONS`` (unless ``force``) or when they hold
    only one kind of decision. Every later suggestion records the new version.
    """
    needed = settings.LINK_MODEL_MIN_DECISIONS if min_decisions is None else min_decisions
    pairs, labels = decided_pairs()
    if not pairs or (len(pairs) < needed and not force) or len(set(labels)) < 2:
        return None
    rows = pair_rows(pairs)
    scorer = fit(rows, labels, prefix="decisions")
    return link_model_store(
        scorer=scorer, trained_on=len(pairs), metrics={"labels": dict(Counter(labels))}
    )


def link_model_store(*, scorer: Scorer, trained_on: int, metrics: dict) -> LinkModel:
    """Store a trained scorer as the one active ``LinkModel`` (the same version is reused)."""
    import json

    with transaction.atomic():
        LinkModel.objects.select_for_update().filter(is_active=True).update(is_active=False)
        model, _ = LinkModel.objects.update_or_create(
            version=scorer.version,
            defaults={
                "trained_on": trained_on,
                "metrics": metrics,
                "blob": json.dumps(scorer.to_json()).encode("utf-8"),
                "is_active": True,
            },
        )
    return model


def corpus_ingest(*, files: list[Path]) -> dict[str, list[Claim]]:
    """Ingest and process corpus files; their claims by corpus key ("demo/03", "eval/12").

    The key is the parent folder's parent name (``demo`` or ``eval``) and the
    file's two-digit number. A caller wanting no trace runs this inside a
    transaction it rolls back.
    """
    from django.core.exceptions import ValidationError

    from sources.services import source_create

    from ...processing.pipeline import processing_run

    by_key: dict[str, list[Claim]] = {}
    made = []
    for path in files:
        key = f"{path.parent.parent.name}/{path.name[:2]}"
        try:
            source = source_create(content=path.read_bytes(), filename=path.name)
        except ValidationError:
            continue
        processing_run(source_id=source.pk)
        by_key[key] = list(with_context(Claim.objects.filter(source=source)).order_by("start"))
        made += by_key[key]
    corpus_vectors(made)
    return by_key


def corpus_files(root: Path) -> list[Path]:
    """The article files of the demo and evaluation corpora."""
    files = []
    for folder in (root / "demo" / "corpus", root / "eval" / "corpus"):
        files += sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html"})
    return files


def resolve_pairs(
    pairs: list[AnnotatedPair], by_key: dict[str, list[Claim]]
) -> tuple[list[tuple[AnnotatedPair, Claim, Claim]], list[AnnotatedPair]]:
    """(pairs whose two claims were proposed, with them; pairs missing a claim)."""
    found, missing = [], []
    for pair in pairs:
        a = anchor_claim(by_key.get(pair.file_a, []), pair.anchor_a)
        b = anchor_claim(by_key.get(pair.file_b, []), pair.anchor_b)
        if a is None or b is None or a.pk == b.pk:
            missing.append(pair)
        else:
            found.append((pair, a, b))
    return found, missing
