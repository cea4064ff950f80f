"""Sources in the editors' admin: add by text, file or URL; the body with its claims marked.

Claims are read through the reverse relation ``claims`` (declared by the claims
app) and linked by URL name, so this module imports nothing from ``claims``.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from access.roles import may_write
from access.view_links import ViewPageLinkMixin
from common.admin import SafeChangeListMixin
from common.html import Span, highlight_spans, status_badge

from . import selectors, services
from .forms import BodySpanForm, SourceAddForm, SourceMetadataForm
from .models import Source

# How the admin names each metadata field where it says what is unknown.
METADATA_LABELS = {
    "title": "title",
    "author": "author",
    "publisher": "publisher",
    "published_on": "date",
}


class MetadataMissingFilter(admin.SimpleListFilter):
    """Sources whose title, author, publisher or date could not be read (unknown)."""

    title = "metadata"
    parameter_name = "metadata"

    def lookups(self, request, model_admin):
        return [
            ("missing", "metadata missing"),
            ("complete", "metadata complete"),
            *[(name, f"{label} unknown") for name, label in METADATA_LABELS.items()],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "missing":
            return queryset.filter(selectors.metadata_unknown())
        if value == "complete":
            return queryset.exclude(selectors.metadata_unknown())
        if value in METADATA_LABELS:
            return queryset.filter(selectors.metadata_unknown(value))
        return queryset


ADD_FIELDSETS = [
    ("The article: paste it, upload a file or give its URL", {"fields": ["text", "file", "url"]}),
    (
        "Details (optional; read from the article when left empty)",
        {"fields": ["title", "publisher", "author", "published_on"]},
    ),
]


@admin.register(Source)
class SourceAdmin(ViewPageLinkMixin, SafeChangeListMixin, admin.ModelAdmin):
    # The article's page in the researchers' view (served by claims.web).
    view_page_route = "claims:source_detail"
    list_display = [
        "title_display", "status_display", "publisher", "published", "unknown_metadata",
        "claim_count", "proposed_count", "accepted_count", "added_on",
    ]  # fmt: skip
    list_display_links = ["title_display"]
    list_filter = [
        "status", MetadataMissingFilter, "proposals_withheld", "publisher", "published_on",
        "input_format",
    ]  # fmt: skip
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "created_at"
    list_select_related = ["added_by"]
    show_full_result_count = False
    actions = ["process_again", "propose_anyway", "read_metadata_again"]
    form = SourceMetadataForm
    change_form_template = "admin/sources/source/change_form.html"
    fieldsets = [
        (None, {"fields": ["status_display", "error_display", "claims_summary"]}),
        (
            "Article",
            {
                "fields": ["metadata_state", "title", "url", "publisher", "author", "published_on"],
                "description": "What could not be read from the article shows as unknown. "
                "What you set here is kept when the article is read or processed again; "
                "the text itself never changes.",
            },
        ),
        ("Text with its claims", {"fields": ["highlighted_body", "furniture_display"]}),
        (
            "Processing",
            {
                "classes": ["collapse"],
                "fields": [
                    "language",
                    "input_format",
                    "content_hash",
                    "attempts",
                    "taken_by",
                    "send_failed",
                    "status_changed_at",
                    "processed_at",
                    "pipeline_version",
                    "processing_note",
                    "propose_anyway",
                    "added_by",
                    "created_at",
                    "updated_at",
                ],  # fmt: skip
            },
        ),
    ]
    readonly_fields = [
        "metadata_state", "status_display", "error_display", "claims_summary", "highlighted_body",
        "furniture_display", "language",
        "input_format", "content_hash", "attempts", "taken_by", "send_failed", "status_changed_at",
        "processed_at", "pipeline_version", "processing_note", "propose_anyway", "added_by",
        "created_at", "updated_at",
    ]  # fmt: skip
    add_form_template = "admin/sources/source/add_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # Claim counts come with the rows (the list's columns, the change page's summary).
        return selectors.source_detail()

    # --- Adding: paste, upload or URL, through the service ---------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = SourceAddForm(request.POST, request.FILES)
        else:
            form = SourceAddForm()
        duplicate = None
        if request.method == "POST" and form.is_valid():
            try:
                source = self._create_source(request, form)
            except services.DuplicateSourceError as error:
                duplicate = error.existing
                form.add_error(None, error)
            except ValidationError as error:
                field = "published_on" if error.code == "invalid_date" else form.input_field
                form.add_error(field, error)
            else:
                self.log_addition(request, source, [{"added": {}}])
                source.refresh_from_db()  # processing may already have run (eager tasks)
                self.message_user(
                    request,
                    format_html(
                        "Added “{}”: {} ({} claims proposed).",
                        source,
                        source.get_status_display().lower(),
                        source.claims.count(),
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:sources_source_change", source.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add source",
            "subtitle": None,
            "opts": self.model._meta,
            "adminform": helpers.AdminForm(form, ADD_FIELDSETS, {}, model_admin=self),
            "media": self.media + form.media,
            "duplicate": duplicate,
            "duplicate_url": duplicate
            and reverse("admin:sources_source_change", args=[duplicate.pk]),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.add_form_template, context)

    def _create_source(self, request, form: SourceAddForm) -> Source:
        metadata = {**form.metadata(), "added_by": request.user}
        data = form.cleaned_data
        if data.get("url"):
            return services.source_create_from_url(url=data["url"], **metadata)
        if data.get("file"):
            upload = data["file"]
            return services.source_create(
                content=upload.read(),
                filename=upload.name,
                content_type=upload.content_type or "",
                **metadata,
            )
        return services.source_create(content=data["text"], **metadata)

    # --- Editing metadata, and proposing despite a readability note ------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        source = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if may_write(request.user):
            context.update(
                can_fix_body=True,
                claim_from_selection_url=reverse(
                    "admin:claims_claim_from_selection", args=[object_id]
                ),
                furniture_url=reverse("admin:sources_source_furniture", args=[object_id]),
            )
        if source is not None and source.proposals_withheld:
            context["withheld_note"] = source.processing_note
            context["propose_anyway_asked"] = source.propose_anyway
            if may_write(request.user):
                context["propose_anyway_url"] = reverse(
                    "admin:sources_source_propose_anyway", args=[source.pk]
                )
        return super().change_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form set the new values on ``obj``; the service compares them with the stored ones.
        stored = Source.objects.defer("raw", "body").get(pk=obj.pk)
        services.source_metadata_edit(source=stored, changes=form.metadata_changes())
        obj.refresh_from_db()

    def get_urls(self):
        return [
            path(
                "<int:object_id>/propose-anyway/",
                self.admin_site.admin_view(self.propose_anyway_view),
                name="sources_source_propose_anyway",
            ),
            path(
                "<path:object_id>/furniture/",
                self.admin_site.admin_view(self.furniture_view),
                name="sources_source_furniture",
            ),
            *super().get_urls(),
        ]

    def propose_anyway_view(self, request, object_id: int):
        """POST: propose claims although the readability note withholds them."""
        source = get_object_or_404(Source.objects.defer("raw"), pk=object_id)
        if not (self.has_change_permission(request, source) and may_write(request.user)):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:sources_source_change", source.pk)
        try:
            services.source_propose_anyway(source=source)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
        else:
            self.log_change(request, source, "Asked for proposals despite the readability note.")
            source.refresh_from_db()
            self.message_user(
                request,
                format_html(
                    "Claims are proposed for “{}” despite its note: {} ({} proposed).",
                    source,
                    source.get_status_display().lower(),
                    source.claims.filter(status="proposed").count(),
                ),
                messages.SUCCESS,
            )
        return redirect("admin:sources_source_change", source.pk)

    def get_deleted_objects(self, objs, request):
        """Deleting a source deletes its claims, their mentions and links with it.

        Claims cannot be deleted on their own (editors reject them), so the
        admin would refuse for want of that permission; with the source they
        go, listed on the confirmation page, and the claim sets they were in
        are reshaped (claims/linking/handlers.py).
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.has_delete_permission(request):
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    # --- The body: editors select text to add a claim or mark a line as page furniture ----

    class Media:
        # Reads a selection in the body as offsets into Source.body (no inline script: CSP).
        js = ["sources/admin/body_selection.js"]

    def furniture_view(self, request, object_id):
        """Mark the line holding the posted selection as page furniture."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not may_write(request.user):
            raise PermissionDenied
        source = get_object_or_404(Source.objects.defer("raw"), pk=object_id)
        back = reverse("admin:sources_source_change", args=[source.pk])
        form = BodySpanForm(request.POST, body=source.body)
        try:
            if not form.is_valid():
                raise ValidationError(form.problems())
            marked = services.source_furniture_mark(
                source=source,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(back)
        self.message_user(
            request,
            format_html(
                "Marked “{}” as page furniture: {} proposal(s) on it removed; "
                "it will not be proposed again.",
                marked.line,
                marked.removed,
            ),
            messages.SUCCESS,
        )
        return redirect(back)

    # --- Actions ---------------------------------------------------------------------------

    @admin.action(description="Process selected sources again", permissions=["change"])
    def process_again(self, request, queryset):
        count = 0
        for source in queryset:
            services.source_requeue(source=source)
            count += 1
        self.message_user(
            request, f"{count} source(s) queued for processing again.", messages.SUCCESS
        )

    @admin.action(
        description="Propose claims anyway (despite the readability note)", permissions=["change"]
    )
    def propose_anyway(self, request, queryset):
        done = skipped = 0
        for source in queryset.defer("raw"):
            try:
                services.source_propose_anyway(source=source)
            except ValidationError:
                skipped += 1
            else:
                done += 1
        self.message_user(
            request,
            f"{done} source(s) queued to propose claims anyway; "
            f"{skipped} had nothing withheld and were left as they were.",
            messages.SUCCESS if done else messages.WARNING,
        )

    @admin.action(
        description="Read title, author, publisher and date again (keeps what editors set)",
        permissions=["change"],
    )
    def read_metadata_again(self, request, queryset):
        changed = 0
        for source in queryset.defer("raw", "body"):
            changed += bool(services.source_metadata_reread(source=source))
        self.message_user(
            request, f"Metadata read again; {changed} source(s) changed.", messages.SUCCESS
        )

    # --- Columns and read-only fields ------------------------------------------------------

    @admin.display(description="title", ordering="title")
    def title_display(self, obj) -> str:
        return str(obj)

    @admin.display(description="status", ordering="status")
    def status_display(self, obj) -> SafeString:
        return status_badge(obj.status, obj.get_status_display())

    # Dates as YYYY-MM-DD in the list: short, so titles keep their width, and
    # read the same way in every newsroom.

    @admin.display(description="published", ordering="published_on", empty_value="—")
    def published(self, obj) -> str | None:
        return obj.published_on.isoformat() if obj.published_on else None

    @admin.display(description="unknown")
    def unknown_metadata(self, obj) -> SafeString | str:
        missing = [METADATA_LABELS[name] for name in obj.metadata_missing]
        if not missing:
            return ""
        return format_html(
            '<span class="metadata-unknown" title="Could not be read from the article">{}</span>',
            ", ".join(missing),
        )

    @admin.display(description="metadata")
    def metadata_state(self, obj) -> SafeString:
        parts = []
        missing = [METADATA_LABELS[name] for name in obj.metadata_missing]
        if missing:
            parts.append(
                format_html(
                    '<p class="metadata-unknown">Unknown: {} (not found in the article). '
                    "Fill in what you know below.</p>",
                    ", ".join(missing),
                )
            )
        else:
            parts.append(mark_safe("<p>Title, author, publisher and date are all known.</p>"))
        if obj.metadata_edited:
            parts.append(
                format_html(
                    "<p>Set by an editor: {} (kept when the article is read again).</p>",
                    ", ".join(METADATA_LABELS.get(name, name) for name in obj.metadata_edited),
                )
            )
        return format_html_join("", "{}", [(part,) for part in parts])

    @admin.display(description="added", ordering="created_at")
    def added_on(self, obj) -> SafeString:
        local = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            obj.created_at.isoformat(),
            date_format(local, "DATETIME_FORMAT"),  # the full time on hover
            local.date().isoformat(),
        )

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html('<a href="{}?source={}">{}</a>', url, obj.pk, obj.claim_count)

    @admin.display(description="proposed", ordering="proposed_count")
    def proposed_count(self, obj) -> int:
        return obj.proposed_count

    @admin.display(description="accepted", ordering="accepted_count")
    def accepted_count(self, obj) -> int:
        return obj.accepted_count

    @admin.display(description="processing error")
    def error_display(self, obj) -> SafeString | str:
        if not obj.error:
            return "—"
        return format_html('<pre class="processing-error">{}</pre>', obj.error)

    @admin.display(description="claims")
    def claims_summary(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html(
            '{} proposed, {} accepted, {} in all — <a href="{}?source={}">review them in the list</a>'
            ' or <a href="{}?source={}" id="review-one-at-a-time">one at a time</a>',
            obj.proposed_count,
            obj.accepted_count,
            obj.claim_count,
            url,
            obj.pk,
            reverse("admin:claims_claim_review"),
            obj.pk,
        )

    @admin.display(description="text")
    def highlighted_body(self, obj) -> SafeString:
        claims = obj.claims.order_by("start").only("pk", "start", "end", "status", "score")
        spans = [
            Span(
                claim.start,
                claim.end,
                f"claim claim--{claim.status}",
                title=f"{claim.get_status_display()} · score {claim.score:.2f}",
                href=reverse("admin:claims_claim_change", args=[claim.pk]),
            )
            for claim in claims
        ]
        legend = format_html_join(
            " ",
            '<mark class="claim claim--{}">{}</mark>',
            [(value, label) for value, label in claims.model.Status.choices],
        )
        # The body's text nodes hold exactly Source.body (pre-wrap, no added text), so
        # the page's script reads a selection's offsets from them (data-body-offset).
        return format_html(
            '<div class="legend">Claims: {}</div>'
            '<div class="source-body" id="source-body" data-body-offset="0">{}</div>',
            legend,
            highlight_spans(obj.body, spans),
        )

    @admin.display(description="page furniture")
    def furniture_display(self, obj) -> SafeString | str:
        if not obj.furniture:
            return "No line marked: select text in a line of the body to mark it."
        return format_html(
            '<ul class="plain-list furniture-lines">{}</ul>',
            format_html_join("", "<li>{}</li>", ((line,) for line in obj.furniture)),
        )
