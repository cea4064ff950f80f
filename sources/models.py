"""Source: one article, from raw input to cleaned body, and its processing lifecycle.

queued -> processing -> done | failed. The body is what claims point into, so
it never changes once claims exist; re-processing reads it again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.text import show_format_controls

from .changes import Change, ChangeFeedPrune  # noqa: F401  (the change feed's tables belong here)


class Source(models.Model):
    # The metadata read from the article; what could not be read is shown as unknown.
    METADATA_FIELDS = ("title", "author", "publisher", "published_on")
    # What an editor may set by hand (the body never changes: claims point into it).
    EDITABLE_METADATA = (*METADATA_FIELDS, "url")

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class InputFormat(models.TextChoices):
        TEXT = "text", "Plain text"
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"

    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)

    input_format = models.CharField(
        max_length=16, choices=InputFormat.choices, default=InputFormat.TEXT
    )
    raw = models.TextField(help_text="The input as received, before cleaning.")
    body = models.TextField(help_text="The cleaned article text that claims point into.")
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised body."
    )

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    error = models.TextField(blank=True, help_text="Why the last processing failed.")
    processing_note = models.TextField(
        blank=True, help_text="Why few or no claims were proposed, when the text reads badly."
    )
    attempts = models.PositiveIntegerField(default=0)
    taken_by = models.CharField(
        max_length=64,
        blank=True,
        help_text="The processing task that took it last (a retried or redelivered task takes it back).",
    )
    send_failed = models.BooleanField(
        default=False,
        help_text="Queued, but the message asking a worker to process it could not be sent (the broker was down); the sweep sends it again.",
    )
    status_changed_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    pipeline_version = models.CharField(max_length=200, blank=True)

    # What editors fixed by hand; re-processing never undoes it.
    metadata_edited = models.JSONField(
        default=list,
        blank=True,
        help_text="The metadata fields an editor set (title, author, …); re-reading the page keeps them.",
    )
    proposals_withheld = models.BooleanField(
        default=False,
        help_text="The last processing proposed nothing because the readability note says the "
        "pipeline cannot read the text well; an editor can ask to propose anyway.",
    )
    propose_anyway = models.BooleanField(
        default=False,
        help_text="An editor asked for proposals although a readability note would withhold them.",
    )
    furniture = models.JSONField(
        default=list,
        blank=True,
        help_text="Lines of the body an editor marked as page furniture: never proposed again.",
    )

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources_added",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who added, edited or deleted it, and a tombstone once deleted (the API's
    # sources/deleted/). The texts are not copied: they never change after
    # ingest, and copying them would double the table.
    history = HistoricalRecords(excluded_fields=["raw", "body"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # NULL means "no URL"; an empty string is never stored (services
            # turn it into NULL), but is excluded here too.
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(url__isnull=False) & ~Q(url=""),
                name="source_url_unique_when_given",
            ),
        ]
        indexes = [
            models.Index(fields=["publisher"], name="source_publisher_idx"),
            models.Index(fields=["published_on"], name="source_published_on_idx"),
            # Every ordering the API offers, with the id that ends it, for keyset pages.
            models.Index(fields=["created_at", "id"], name="source_created_id_idx"),
            models.Index(fields=["updated_at", "id"], name="source_updated_id_idx"),
        ]

    def __str__(self) -> str:
        return self.display_title or f"Source {self.pk}"

    @property
    def metadata_missing(self) -> list[str]:
        """The metadata fields that could not be read and no editor filled in: unknown."""
        return [name for name in self.METADATA_FIELDS if not getattr(self, name)]

    @property
    def display_title(self) -> str:
        """The title as pages show it: bidi controls and invisible characters as visible
        markers ("⟨U+202E⟩"), so none can disguise it or reorder the text around it.

        The stored title keeps them, as received: the API and exports give the data
        exactly, and an article in a right-to-left language may need them. Pages that
        show a title inline also isolate it (``<bdi>``), for right-to-left titles.
        """
        return show_format_controls(self.title)
