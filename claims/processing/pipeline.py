"""The pipeline a worker runs: take sources, read them with spaCy, store their proposals.

``processing_run`` is what the Celery task calls; it is safe to run any number
of times for the same source.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from common.text import lines_matching
from sources import services as source_services
from sources.cleaning import detect_language
from sources.models import Source

from ..models import Claim
from ..nlp import pipeline as nlp
from ..nlp.extract import EXTRACTOR_VERSION, CandidateClaim, extract_claims
from ..nlp.limits import claims_within_mention_limit, limits_note, parsed_within_limits
from ..nlp.pipeline import ParsedText
from ..nlp.readability import NO_CLAIMS_NOTE, assess_readability
from .signals import claims_stored
from .store import ReplaceResult, claims_replace_proposed_many

logger = logging.getLogger(__name__)


def pipeline_version() -> str:
    return f"{nlp.pipeline_version()}/extractor-{EXTRACTOR_VERSION}"


# Errors worth another try (the database restarting, a dropped connection):
# these propagate so the task can retry; any other error fails only its source.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def processing_run(
    *, source_id: int, queued_extra: int = 0, task_id: str = ""
) -> ReplaceResult | None:
    """Lease one source (and up to ``queued_extra`` other queued ones) and process them.

    ``task_id``: the Celery task doing it, so that its retry or redelivery
    takes back the sources it held (see ``sources_lease``). Returns the
    source's result, or None when it was not leased (done since it was queued,
    on another task, or gone) or failed. See ``leased_sources_process``.
    """
    sources = source_services.sources_lease(
        source_ids=[source_id], queued_extra=queued_extra, task_id=task_id
    )
    if not any(s.pk == source_id for s in sources):
        logger.info("Source %s is done, gone or on another worker; skipped.", source_id)
    try:
        return leased_sources_process(sources=sources).get(source_id)
    finally:
        _release(sources)


def _release(sources: list[Source]) -> None:
    """Give back the run's leases, whatever its outcome (see ``sources_release``).

    A transient error may have broken the connection, and with it the locks
    (PostgreSQL dropped them with the session): then there is nothing to give back.
    """
    if not sources:
        return
    try:
        source_services.sources_release(source_ids=[s.pk for s in sources])
    except TRANSIENT_ERRORS:
        logger.warning("Could not give back the leases of sources %s.", [s.pk for s in sources])


_FAILED = object()


def _or_fail(sources: list[Source], action):
    """``action()``'s result; or, when it raises anything but a transient database error,
    each of ``sources`` marked failed with the reason and ``_FAILED``.

    Transient errors propagate so the task can retry the whole batch.
    """
    try:
        return action()
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Processing failed for sources %s", [s.pk for s in sources])
        for source in sources:
            source_services.source_mark_failed(
                source_id=source.pk, reason=f"{type(exc).__name__}: {exc}"
            )
        return _FAILED


def leased_sources_process(*, sources: list[Source]) -> dict[int, ReplaceResult | None]:
    """Read leased sources (see ``sources_lease``) with the pipeline and store their proposals.

    Checks language and readability, runs the readable ones through spaCy in
    one ``nlp.pipe`` batch (outside any transaction), then replaces each
    source's proposals and marks it done, all sources in one transaction. A
    source whose processing fails for any reason but a transient database
    error is marked failed with the reason, and the others go on; transient
    errors propagate so the caller can retry. Returns each id's result (None
    when it failed).
    """
    results: dict[int, ReplaceResult | None] = {source.pk: None for source in sources}
    plans = []
    for source in sources:
        language = source.language or detect_language(source.body)
        # Text the pipeline cannot read well gets a note instead of garbage proposals.
        plans.append((source, language, assess_readability(source.body, language=language)))

    # An editor may have asked for proposals despite the note (``source_propose_anyway``):
    # the note then stays, as information.
    withheld = {source.pk for source, _, note in plans if note and not source.propose_anyway}
    readable = [source for source, _, _ in plans if source.pk not in withheld]
    parsed = _or_fail(
        readable,
        lambda: dict(
            zip([s.pk for s in readable], nlp.parse_many([s.body for s in readable]), strict=True)
        ),
    )
    if parsed is _FAILED:
        plans = [plan for plan in plans if plan[0].pk in withheld]

    version = pipeline_version()
    ready = []  # (source, candidates, language, note)
    for source, language, note in plans:
        if source.pk in withheld:  # the note says why nothing is proposed
            ready.append((source, [], language, note))
            continue
        extracted = _or_fail([source], lambda s=source: _extract(parsed[s.pk]))
        if extracted is _FAILED:
            continue
        candidates, limits = extracted
        candidates = candidates_off_furniture(candidates, source=source)
        ready.append(
            (
                source,
                candidates,
                language,
                _joined_note(note, limits, "" if candidates else NO_CLAIMS_NOTE),
            )
        )
    try:
        # All sources in one transaction, one write per table: fast.
        results.update(_store_proposals(ready, version=version, withheld=withheld))
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        # One source spoiled the batch: store each alone, so only it fails.
        logger.warning("Storing the batch failed; storing its sources one by one.", exc_info=True)
        for item in ready:
            stored = _or_fail(
                [item[0]],
                lambda i=item: _store_proposals([i], version=version, withheld=withheld),
            )
            if stored is not _FAILED:
                results.update(stored)
    _announce_stored(source_id for source_id, result in results.items() if result is not None)
    return results


def _announce_stored(source_ids) -> None:
    """Send ``claims_stored`` for the claims of the sources just stored: link suggestions
    are queued for them (claims/linking/suggestions/handlers.py)."""
    claim_ids = list(
        Claim.objects.filter(source_id__in=list(source_ids))
        .exclude(status=Claim.Status.REJECTED)
        .values_list("pk", flat=True)
    )
    if claim_ids:
        claims_stored.send(sender=Claim, claim_ids=claim_ids, compute_vectors=True)


def _extract(parsed: ParsedText) -> tuple[list[CandidateClaim], str]:
    """The candidate claims within the bounds on one source's work, and a note on what
    the bounds set aside ("" when nothing)."""
    max_sentence_chars = settings.CLAIMS_MAX_SENTENCE_CHARS
    max_mentions = settings.CLAIMS_MAX_MENTIONS
    bounded = parsed_within_limits(
        parsed, max_sentence_chars=max_sentence_chars, max_mentions=max_mentions
    )
    candidates, left_out_from = claims_within_mention_limit(
        extract_claims(bounded.parsed), max_mentions=max_mentions
    )
    stops = [at for at in (bounded.stopped_at, left_out_from) if at is not None]
    note = limits_note(
        body_length=len(parsed.text),
        max_sentence_chars=max_sentence_chars,
        max_mentions=max_mentions,
        unread=parsed.unread,
        long_sentences=bounded.long_sentences,
        stopped_at=min(stops, default=None),
    )
    return candidates, note


def _store_proposals(items, *, version: str, withheld: set[int]) -> dict[int, ReplaceResult]:
    """Replace the proposals of each (source, candidates, language, note) and mark it done;
    ``withheld``: the sources whose note withheld their proposals."""
    if not items:
        return {}
    with transaction.atomic():
        locked = {
            s.pk: s
            for s in Source.objects.select_for_update()
            .defer("raw")
            .filter(pk__in=[i[0].pk for i in items])
        }
        for source, *_ in items:
            if source.pk not in locked or locked[source.pk].body != source.body:
                raise RuntimeError(f"Source {source.pk} changed while it was being processed.")
        results = claims_replace_proposed_many(
            work=[(locked[source.pk], candidates) for source, candidates, _, _ in items],
            pipeline_version=version,
            max_new_entities=settings.CLAIMS_MAX_NEW_ENTITIES,
        )
        source_services.sources_mark_done(
            done=[
                (locked[source.pk], language, _joined_note(note, results[source.pk].note))
                for source, _, language, note in items
            ],
            pipeline_version=version,
            withheld_ids=withheld,
        )
    for source_id, result in results.items():
        logger.info(
            "Processed source %s: %s created, %s updated, %s deleted, %s kept.",
            source_id, result.created, result.updated, result.deleted, result.kept,
        )  # fmt: skip
    return results


def candidates_off_furniture(
    candidates: list[CandidateClaim], *, source: Source
) -> list[CandidateClaim]:
    """The candidates that do not lie inside a line an editor marked as page furniture."""
    lines = lines_matching(source.body, source.furniture)
    if not lines:
        return candidates
    return [c for c in candidates if not any(a <= c.start and c.end <= b for a, b in lines)]


def _joined_note(*notes: str) -> str:
    return " ".join(note for note in notes if note)
