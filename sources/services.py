"""Every write to sources: create (validate, clean, save, queue), requeue, lifecycle.

Processing itself belongs to ``claims``; it is started by the ``source_queued``
signal (sources/signals.py), so this module never imports from ``claims``.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from common.text import paragraph_bounds

from . import cleaning, liveness
from .fetching import fetch_url
from .models import Source
from .signals import source_furniture_marked, source_queued


class DuplicateSourceError(ValidationError):
    """The article is already a source; ``existing`` is that source."""

    def __init__(self, existing: Source, reason: str):
        self.existing = existing
        super().__init__(
            "This article is already source #%(id)s (%(title)s): same %(reason)s.",
            code="duplicate",
            params={
                "id": existing.pk,
                "title": existing.display_title or "untitled",
                "reason": reason,
            },
        )


@dataclass(frozen=True)
class SourceInput:
    """Decoded input and where it came from, before cleaning."""

    text: str
    input_format: str
    url: str | None = None


def _parse_published_on(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            "%(value)s is not a date; use YYYY-MM-DD.", code="invalid_date", params={"value": value}
        ) from None


def _find_duplicate(*, url: str | None, content_hash: str) -> DuplicateSourceError | None:
    lookup = Q(content_hash=content_hash)
    if url:
        lookup |= Q(url=url)
    existing = Source.objects.filter(lookup).order_by("pk").first()
    if existing is None:
        return None
    reason = "text" if existing.content_hash == content_hash else "URL"
    return DuplicateSourceError(existing, reason)


def source_create(
    *,
    content: str | bytes,
    input_format: str | None = None,
    filename: str = "",
    content_type: str = "",
    url: str | None = None,
    title: str = "",
    publisher: str = "",
    author: str = "",
    published_on: date | str | None = None,
    added_by=None,
) -> Source:
    """Validate, clean and save one article, and queue its processing.

    Metadata given here wins over what the cleaner finds in the input. Raises
    ValidationError (nothing written) for bad input, and DuplicateSourceError
    when the same text or URL is already a source. Processing is queued only
    once the surrounding transaction commits.
    """
    if isinstance(content, bytes):
        text = cleaning.decode_input(content, max_bytes=settings.SOURCE_MAX_RAW_BYTES)
    else:
        text = content
        if len(text.encode("utf-8", "surrogatepass")) > settings.SOURCE_MAX_RAW_BYTES:
            raise ValidationError(
                "The input is larger than the limit of %(limit)s bytes.",
                code="too_large",
                params={"limit": f"{settings.SOURCE_MAX_RAW_BYTES:,}"},
            )
    cleaning.check_text(text, max_chars=settings.SOURCE_MAX_RAW_BYTES)
    fmt = input_format or cleaning.detect_format(text, filename=filename, content_type=content_type)
    if fmt not in Source.InputFormat.values:
        raise ValidationError(
            "Unknown input format %(format)s.", code="invalid_format", params={"format": fmt}
        )
    url = (url or "").strip() or None
    published_on = _parse_published_on(published_on)

    article = cleaning.clean(text, input_format=fmt, url=url, today=timezone.localdate())
    if not article.body.strip():
        raise ValidationError(
            "Nothing is left of the input once page furniture is removed.", code="no_text"
        )
    cleaning.check_text(article.body, max_chars=settings.SOURCE_MAX_BODY_CHARS)

    source = Source(
        language=(article.language or cleaning.detect_language(article.body))[:16],
        title=(title or article.title)[:500],
        url=url,
        publisher=(publisher or article.publisher)[:200],
        author=(author or article.author)[:300],
        published_on=published_on or article.published_on,
        input_format=fmt,
        raw=text,
        body=article.body,
        content_hash=cleaning.content_hash(article.body),
        status=Source.Status.QUEUED,
        added_by=added_by,
    )
    source.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            source.save()
            source_queued.send(sender=Source, source=source)
    except IntegrityError:
        # The unique text hash and URL decide (no check before the insert: a
        # query saved per article, and no race between check and insert).
        duplicate = _find_duplicate(url=url, content_hash=source.content_hash)
        if duplicate:
            raise duplicate from None
        raise
    return source


def source_create_from_url(*, url: str, **metadata) -> Source:
    """Fetch ``url`` and create a source from the page; see ``source_create``.

    A URL that is already a source is reported before anything is fetched.
    """
    url = url.strip()
    existing = Source.objects.filter(url=url).first()
    if existing:
        raise DuplicateSourceError(existing, "URL")
    page = fetch_url(
        url,
        timeout=settings.SOURCE_FETCH_TIMEOUT,
        max_bytes=settings.SOURCE_MAX_RAW_BYTES,
        allow_private=settings.SOURCE_FETCH_ALLOW_PRIVATE,
    )
    return source_create(
        content=page.content, content_type=page.content_type, url=page.url, **metadata
    )


def _set_status(source: Source, status: str, **fields) -> None:
    source.status = status
    source.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(source, name, value)
    source.save(update_fields=["status", "status_changed_at", "updated_at", *fields])


def source_requeue(*, source: Source) -> Source:
    """Mark a source queued again and queue its processing once the transaction commits."""
    with transaction.atomic():
        _set_status(source, Source.Status.QUEUED, error="", send_failed=False)
        source_queued.send(sender=Source, source=source)
    return source


def source_mark_unsent(*, source_id: int) -> None:
    """Record that the message asking a worker to process a queued source was not sent.

    The broker was down: the source stays queued, and the sweep (``sources_stuck``,
    run every minute by celery beat and whenever a worker connects) sends it again.
    """
    Source.objects.filter(pk=source_id, status=Source.Status.QUEUED).update(send_failed=True)


def sources_stuck(*, older_than: timedelta | None = None) -> list[Source]:
    """Sources whose processing is lost, oldest first: queue them again.

    - queued sources whose message could not be sent (``send_failed``), at once;
    - queued sources waiting longer than ``older_than`` (default
      ``SOURCE_STUCK_AFTER``): their message was lost with the broker's data;
    - processing sources whose run is dead: on PostgreSQL those whose
      processing lock no live session holds (see ``sources.liveness``), at once;
      elsewhere those processing for longer than ``older_than``.

    ``older_than=timedelta(0)`` means every queued source.
    """
    if older_than is None:
        older_than = settings.SOURCE_STUCK_AFTER
    cutoff = timezone.now() - older_than
    waiting = Q(status=Source.Status.QUEUED) & (
        Q(send_failed=True) | Q(status_changed_at__lte=cutoff)
    )
    processing = Q(status=Source.Status.PROCESSING)
    if not liveness.tracks_liveness():
        processing &= Q(status_changed_at__lte=cutoff)
    found = list(Source.objects.filter(waiting | processing).defer("raw", "body").order_by("pk"))
    if liveness.tracks_liveness():
        alive = liveness.sources_held_by_live_runs()
        found = [
            source
            for source in found
            if source.status == Source.Status.QUEUED or liveness.lock_key(source.pk) not in alive
        ]
    return found


def sources_lease(
    *, source_ids: list[int], queued_extra: int = 0, task_id: str = ""
) -> list[Source]:
    """Lease sources for processing: mark them processing, by which task, and count the attempt.

    Takes each of ``source_ids`` that is queued or failed, or processing by a
    run that is dead; skips those done since they were queued and those a live
    run is on. On PostgreSQL a run holds a lock on each source it leased (see
    ``sources.liveness``), so a dead run's sources are taken at once by
    whichever task comes first: a retry, the broker's redelivery, a sweep's
    new message; and a live run's never, even when the broker hands its
    message to a second worker. Elsewhere a run's liveness is unknown: its
    sources are taken back by its own task (``task_id``: a retry and a
    redelivered message keep the task's id), or by any once processing for
    longer than ``SOURCE_STUCK_AFTER``. With ``queued_extra``, also takes up
    to that many other queued sources, oldest first, so one worker can read
    several in one batch; when none of ``source_ids`` can be taken, takes
    nothing. Rows locked by another worker are skipped, never waited for.

    The caller gives the locks back with ``sources_release`` once it is done.
    """
    tracks_liveness = liveness.tracks_liveness()
    takeable = Q(status__in=[Source.Status.QUEUED, Source.Status.FAILED])
    if tracks_liveness:
        # Whether the run is alive is asked of its lock below.
        takeable |= Q(status=Source.Status.PROCESSING)
    else:
        stale = timezone.now() - settings.SOURCE_STUCK_AFTER
        takeable |= Q(status=Source.Status.PROCESSING, status_changed_at__lt=stale)
    held = Q(status=Source.Status.PROCESSING, taken_by=task_id) if task_id else Q(pk__in=[])
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    wanted = Q(pk__in=source_ids) & (takeable | held)
    if not Source.objects.filter(wanted).exists():
        # Done since it was queued (a batch took it) or on another task: one
        # cheap read, no transaction. Other queued sources have tasks of their own.
        return []
    with transaction.atomic():
        # The raw input is not needed to process: leave it in the database.
        sources = Source.objects.select_for_update(**lock).defer("raw")
        if queued_extra > 0:
            # One query: the wanted sources first, then what this task held,
            # then the oldest queued ones (a few spare, for those a live run holds).
            spare = queued_extra if tracks_liveness else 0
            found = list(
                sources.filter(wanted | held | Q(status=Source.Status.QUEUED)).order_by(
                    Case(
                        When(pk__in=source_ids, then=Value(0)),
                        When(held, then=Value(1)),
                        default=Value(2),
                    ),
                    "created_at",
                    "pk",
                )[: len(source_ids) + queued_extra + spare]
            )
        else:
            found = list(sources.filter(wanted).order_by("pk"))
        locked = liveness.processing_locks_take(s.pk for s in found)
        try:
            found = [s for s in found if s.pk in locked]
            taken = [s for s in found if s.pk in source_ids]
            if taken:  # another worker may have taken them since the read above
                taken += [s for s in found if s.pk not in source_ids][:queued_extra]
            liveness.processing_locks_release(s.pk for s in found if s not in taken)
            now = timezone.now()
            Source.objects.filter(pk__in=[s.pk for s in taken]).update(
                status=Source.Status.PROCESSING,
                status_changed_at=now,
                attempts=F("attempts") + 1,
                error="",
                send_failed=False,
                taken_by=task_id,
                updated_at=now,
            )
        except BaseException:
            # Session locks outlive a rolled-back transaction: give them back.
            liveness.processing_locks_release(locked)
            raise
        for source in taken:
            source.status = Source.Status.PROCESSING
            source.status_changed_at = now
            source.error = ""
            source.send_failed = False
            source.taken_by = task_id
            source.attempts += 1
    return taken


def sources_release(*, source_ids: list[int]) -> None:
    """Give back the leases of a run that has ended (done, failed or given up).

    Call with the ids ``sources_lease`` returned, once their outcome is committed.
    """
    liveness.processing_locks_release(source_ids)


def sources_mark_done(
    *,
    done: list[tuple[Source, str, str]],
    pipeline_version: str,
    withheld_ids: Collection[int] = (),
) -> None:
    """Record finished processing runs, each (source, language, note).

    Call inside the transaction that stored their results. ``note`` says why
    few or no claims were proposed ("" when nothing to say); ``withheld_ids``
    are the sources whose proposals the note withheld (an editor may override
    it: ``source_propose_anyway``). One UPDATE per distinct (language, note,
    withheld), usually one for a whole batch.
    """
    now = timezone.now()
    groups: dict[tuple[str, str, bool], list[Source]] = {}
    for source, language, note in done:
        source.status = Source.Status.DONE
        source.status_changed_at = source.updated_at = source.processed_at = now
        source.pipeline_version = pipeline_version
        source.error = ""
        source.processing_note = note
        source.proposals_withheld = source.pk in withheld_ids
        source.language = (language or source.language)[:16]
        groups.setdefault((source.language, note, source.proposals_withheld), []).append(source)
    for (language, note, withheld), sources in groups.items():
        Source.objects.filter(pk__in=[s.pk for s in sources]).update(
            status=Source.Status.DONE,
            status_changed_at=now,
            updated_at=now,
            processed_at=now,
            pipeline_version=pipeline_version,
            error="",
            processing_note=note,
            proposals_withheld=withheld,
            language=language,
        )


def source_mark_failed(*, source_id: int, reason: str) -> None:
    """Record that processing failed and why; the source's claims are left as they were."""
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is not None:
            _set_status(source, Source.Status.FAILED, error=reason[:5000])


@dataclass(frozen=True)
class FurnitureMarked:
    line: str  # the line's text, as stored in ``Source.furniture``
    removed: int  # proposals on it that were removed


def source_furniture_mark(*, source: Source, start: int, end: int, user=None) -> FurnitureMarked:
    """Mark the line of the body that holds ``body[start:end]`` as page furniture.

    Its text joins ``Source.furniture``: every line of the body with that text
    is never proposed again, and the proposals on it nobody reviewed, edited
    or linked are removed at once (by ``claims``, which listens to
    ``source_furniture_marked``). The span must lie within one non-blank line.
    """
    body = source.body
    if not 0 <= start <= end <= len(body):
        raise ValidationError(
            "The position %(start)s–%(end)s is not inside the article.",
            code="outside",
            params={"start": start, "end": end},
        )
    if "\n" in body[start:end]:
        raise ValidationError(
            "The selection runs over more than one line: mark one line at a time.",
            code="several_lines",
        )
    first, last = paragraph_bounds(body, start, end)
    line = body[first:last].strip()
    if not line:
        raise ValidationError("That line is blank.", code="blank")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        if line not in source.furniture:
            source.furniture = [*source.furniture, line]
            source._history_user = user
            source.save(update_fields=["furniture", "updated_at"])
        responses = source_furniture_marked.send(
            sender=Source, source=source, lines=[line], user=user
        )
    return FurnitureMarked(line=line, removed=sum(r or 0 for _, r in responses))


# --- Editors' fixes ----------------------------------------------------------------------


def source_metadata_check(*, source: Source, changes: dict) -> dict:
    """The metadata ``changes`` (field name -> value) as they would be stored: only those
    that differ from the source's values, cleaned.

    Raises ValidationError, keyed by field, for a field an editor may not set (the
    body never changes), a value too long or malformed, and a URL that is already
    another source's.
    """
    unknown = sorted(set(changes) - set(Source.EDITABLE_METADATA))
    if unknown:
        raise ValidationError(
            "Only %(fields)s can be edited, not %(unknown)s.",
            code="not_editable",
            params={"fields": ", ".join(Source.EDITABLE_METADATA), "unknown": ", ".join(unknown)},
        )
    cleaned = {}
    for name, value in changes.items():
        if name == "published_on":
            value = _parse_published_on(value)
        elif name == "url":
            value = (value or "").strip() or None
        else:
            value = " ".join((value or "").split())
        if value != getattr(source, name):
            cleaned[name] = value
    errors: dict[str, list] = {}
    for name, value in cleaned.items():
        field = Source._meta.get_field(name)
        try:
            field.clean(value, source)
        except ValidationError as error:
            errors[name] = error.error_list
    url = cleaned.get("url")
    if url and "url" not in errors:
        existing = Source.objects.filter(url=url).exclude(pk=source.pk).first()
        if existing:
            errors["url"] = [
                ValidationError(
                    "This URL is already source #%(id)s (%(title)s); two sources cannot share a URL.",
                    code="duplicate_url",
                    params={"id": existing.pk, "title": existing.display_title or "untitled"},
                )
            ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def source_metadata_edit(*, source: Source, changes: dict) -> Source:
    """Set metadata by hand (title, author, publisher, date, URL) and record which fields an
    editor set in ``metadata_edited``, so reading the article again never overwrites them.

    Only the metadata changes: the body, which claims' offsets point into, never
    does. Fields given with the value they already have are not recorded as
    edited. Raises ValidationError (nothing written) as ``source_metadata_check``.
    """
    changes = source_metadata_check(source=source, changes=changes)
    if not changes:
        return source
    for name, value in changes.items():
        setattr(source, name, value)
    source.metadata_edited = sorted(set(source.metadata_edited) | set(changes))
    try:
        with transaction.atomic():
            source.save(update_fields=[*changes, "metadata_edited", "updated_at"])
    except IntegrityError:
        # Another source took the URL since the check.
        source.refresh_from_db()
        raise ValidationError(
            {"url": ValidationError("This URL is already another source's.", code="duplicate_url")}
        ) from None
    return source


def source_metadata_reread(*, source: Source) -> list[str]:
    """Read the metadata again from the source's raw input with today's cleaner; returns the
    fields that changed.

    Fields an editor set (``metadata_edited``) are kept as they are, and the body
    is never touched, even when today's cleaner would clean the text otherwise.
    """
    raw = Source.objects.values_list("raw", flat=True).get(pk=source.pk)
    article = cleaning.clean(
        raw, input_format=source.input_format, url=source.url, today=source.created_at.date()
    )
    changed = [
        name
        for name in Source.METADATA_FIELDS
        if name not in source.metadata_edited and getattr(article, name) != getattr(source, name)
    ]
    for name in changed:
        setattr(source, name, getattr(article, name))
    if changed:
        source.save(update_fields=[*changed, "updated_at"])
    return changed


def source_propose_anyway(*, source: Source) -> Source:
    """Have claims proposed although the readability note withholds them, and queue the source.

    The note stays, as information. Raises ValidationError when the last
    processing withheld nothing (there is nothing to override).
    """
    if not source.proposals_withheld:
        raise ValidationError(
            "Nothing is withheld from source #%(id)s: its last processing proposed what it found.",
            code="not_withheld",
            params={"id": source.pk},
        )
    with transaction.atomic():
        source.propose_anyway = True
        source.save(update_fields=["propose_anyway", "updated_at"])
        source_requeue(source=source)
    return source
