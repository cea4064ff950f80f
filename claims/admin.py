"""The editors' admin: review claims, link them, curate claim sets and entities.

Every write goes through ``claims.services``; every list reads through
``claims.selectors``. Researchers (view permissions only) get the same pages
read-only, without actions or buttons.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import Span, highlight_spans, status_badge
from sources.models import Source

from . import selectors, services
from .extraction import normalize_alias
from .forms import ClaimForm, ClaimLinkAddForm, ClaimLinkForm, EntityAliasForm, EntityMergeForm
from .models import Claim, ClaimLink, ClaimSet, Entity, EntityAlias, Mention

# Above this many rows an unfiltered PostgreSQL table is counted from the planner's estimate.
ESTIMATE_COUNT_ABOVE = 50_000


class LargeTablePaginator(Paginator):
    """Counts exactly, except an unfiltered large PostgreSQL table: there COUNT(*) reads
    every row, so the planner's estimate (pg_class.reltuples) stands in."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE relname = %s",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > ESTIMATE_COUNT_ABOVE:
                return int(row[0])
        return super().count


class HistoryAdmin(SimpleHistoryAdmin):
    """History shows who changed what and when; reverting would bypass the services.

    ``selector`` names the claims.selectors function whose queryset (with its
    joins) the changelist and change pages read.
    """

    selector = ""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def get_queryset(self, request):
        queryset = getattr(selectors, self.selector)()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


def admin_link(obj, text=None) -> SafeString:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else str(obj))


def source_line(source: Source) -> SafeString:
    parts = [p for p in (source.publisher, source.published_on and str(source.published_on)) if p]
    return format_html(
        '<span class="claim-source">{}{}</span>',
        source,
        f" · {' · '.join(parts)}" if parts else "",
    )


def claim_block(claim: Claim) -> SafeString:
    """A claim in full with its status and source, linked to its page."""
    return format_html(
        '{} {}<span class="claim-source">{}</span>',
        status_badge(claim.status, claim.get_status_display()),
        admin_link(claim, claim.text),
        source_line(claim.source),
    )


def claim_in_paragraph(claim: Claim) -> SafeString:
    """The claim's paragraph of its source body, escaped, with the claim marked."""
    body = claim.source.body
    start = body.rfind("\n\n", 0, claim.start)
    start = 0 if start == -1 else start + 2
    end = body.find("\n\n", claim.end)
    end = len(body) if end == -1 else end
    span = Span(claim.start, claim.end, "claim claim--current", title="This claim")
    return format_html(
        '<p class="claim-context">{}</p>', highlight_spans(body[start:end], [span], offset=start)
    )


def bulleted(items) -> SafeString | str:
    if not items:
        return "—"
    return format_html(
        '<div class="stack"><ul class="plain-list">{}</ul></div>',
        format_html_join("", "<li>{}</li>", items),
    )


# --- Claims ----------------------------------------------------------------------------


class TextInputFilter(admin.SimpleListFilter):
    """A filter with a small search box instead of a list of every choice (sources and
    entities are too many to list). A number is taken as an id."""

    template = "admin/claims/text_input_filter.html"
    placeholder = ""

    def lookups(self, request, model_admin):
        return [("", "")]  # rendered by the template as a search box

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "placeholder": self.placeholder,
            "others": [
                (name, value)
                for name, values in changelist.filter_params.items()
                if name != self.parameter_name
                for value in values
            ],
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


class SourceFilter(TextInputFilter):
    title = "source"
    parameter_name = "source"
    placeholder = "title or #id"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip().lstrip("#")
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(source_id=int(value))
        return queryset.filter(source__title__icontains=value)


class EntityFilter(TextInputFilter):
    title = "entity"
    parameter_name = "entity"
    placeholder = "name, alias or #id"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip().lstrip("#")
        if not value:
            return queryset
        mentions = Mention.objects.filter(claim=OuterRef("pk"))
        if value.isdigit():
            mentions = mentions.filter(entity_id=int(value))
        else:
            key = normalize_alias(value)
            mentions = mentions.filter(
                Q(entity__name__icontains=value)
                | Exists(
                    EntityAlias.objects.filter(entity=OuterRef("entity"), normalized__icontains=key)
                )
            )
        return queryset.filter(Exists(mentions))


class PublisherFilter(admin.SimpleListFilter):
    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        publishers = (
            Source.objects.exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()[:100]
        )
        return [(p, p) for p in publishers]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(source__publisher=self.value())
        return queryset


class HasConflictFilter(admin.SimpleListFilter):
    title = "has a conflict"
    parameter_name = "has_conflict"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        conflicts = (
            ClaimLink.objects.filter(relation=ClaimLink.Relation.CONFLICT)
            .exclude(status=ClaimLink.Status.REJECTED)
            .filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
        )
        has = Exists(conflicts)
        return queryset.filter(has if self.value() == "yes" else ~has)


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    selector = "claim_list"
    form = ClaimForm
    list_display = [
        "claim_display", "status_display", "score_short", "entities_short",
        "agree_count_display", "conflict_count_display",
    ]  # fmt: skip
    list_display_links = None
    list_filter = ["status", HasConflictFilter, PublisherFilter, SourceFilter, EntityFilter]
    list_select_related = ["source", "claim_set"]
    list_per_page = 50
    search_fields = ["text", "speaker"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    actions = ["accept_claims", "reject_claims"]
    radio_fields = {"status": admin.HORIZONTAL}
    fieldsets = [
        (None, {"fields": ["in_context", "source_display", "status"]}),
        (
            "Structure",
            {
                "fields": [
                    ("subject", "predicate"),
                    "object",
                    "speaker",
                    ("is_negated", "is_hedged"),
                    "quantities_display",
                    "dates_display",
                ],  # fmt: skip
            },
        ),
        ("Score", {"fields": ["score_display"]}),
        ("Entities and claim set", {"fields": ["entities_display", "claim_set_display"]}),
        ("Review", {"fields": ["review_display", "pipeline_version"]}),
    ]
    readonly_fields = [
        "in_context", "source_display", "quantities_display", "dates_display", "score_display",
        "entities_display", "claim_set_display", "review_display", "pipeline_version",
    ]  # fmt: skip
    change_form_template = "admin/claims/claim/change_form.html"

    # Claims come from processing; rejecting, not deleting, keeps links and sets whole.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        claim = Claim.objects.select_related("source").get(pk=obj.pk)
        edited = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EDITABLE_CLAIM_FIELDS
        }
        with_status = "status" in form.changed_data
        if edited:
            claim = services.claim_update(claim=claim, user=request.user, **edited)
        if with_status:
            services.claims_review(
                claims=[claim], status=form.cleaned_data["status"], user=request.user
            )

    # --- Bulk review -----------------------------------------------------------------------

    @admin.action(description="Accept selected claims", permissions=["change"])
    def accept_claims(self, request, queryset):
        self._review(request, queryset, Claim.Status.ACCEPTED)

    @admin.action(description="Reject selected claims", permissions=["change"])
    def reject_claims(self, request, queryset):
        self._review(request, queryset, Claim.Status.REJECTED)

    def _review(self, request, queryset, status):
        changed = services.claims_review(
            claims=queryset.select_related(None).prefetch_related(None),
            status=status,
            user=request.user,
        )
        label = Claim.Status(status).label.lower()
        self.message_user(request, f"{changed} claim(s) {label}.", messages.SUCCESS)

    # --- Linking from a claim's page -------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/link/",
                self.admin_site.admin_view(self.link_view),
                name="claims_claim_link",
            ),
            *super().get_urls(),
        ]

    def can_link(self, request) -> bool:
        return self.admin_site.get_model_admin(ClaimLink).has_add_permission(request)

    def link_view(self, request, object_id):
        """Create a link from this claim (the add-link form and the agree / conflict buttons)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.can_link(request):
            raise PermissionDenied
        claim = get_object_or_404(Claim.objects.select_related("source"), pk=object_id)
        form = ClaimLinkAddForm(request.POST, claim=claim, admin_site=self.admin_site)
        back = reverse("admin:claims_claim_change", args=[claim.pk]) + "#links"
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return redirect(back)
        other = form.cleaned_data["other"]
        try:
            link = services.claim_link_create(
                claim_a=claim,
                claim_b=other,
                relation=form.cleaned_data["relation"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                origin=ClaimLink.Origin.EDITOR,
                created_by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(back)
        claim.refresh_from_db(fields=["claim_set", "side"])
        message = format_html(
            "Linked as {} ({}) to “{}”.",
            link.get_relation_display().lower(),
            link.get_status_display().lower(),
            other,
        )
        if claim.claim_set_id:
            message = format_html(
                '{} <a href="{}">Open its claim set</a>.',
                message,
                reverse("admin:claims_claimset_change", args=[claim.claim_set_id]),
            )
        self.message_user(request, message, messages.SUCCESS)
        return redirect(back)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, admin.utils.unquote(object_id))
        extra = {}
        if claim is not None:
            links = list(selectors.claim_links_for(claim))
            for link in links:
                link.other = link.claim_b if link.claim_a_id == claim.pk else link.claim_a
            can_link = self.can_link(request)
            extra = {
                "claim_links": links,
                "related_claims": selectors.related_claims(claim),
                "can_link": can_link,
                "link_form": can_link and ClaimLinkAddForm(claim=claim, admin_site=self.admin_site),
                "link_url": reverse("admin:claims_claim_link", args=[claim.pk]),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("link_form"):
            context["media"] = context["media"] + context["link_form"].media
        return super().render_change_form(request, context, *args, **kwargs)

    # --- Columns ---------------------------------------------------------------------------

    @admin.display(description="claim", ordering="text")
    def claim_display(self, obj) -> SafeString:
        return format_html(
            '<div class="claim-text-cell">{}{}</div>',
            admin_link(obj, obj.text),
            source_line(obj.source),
        )

    @admin.display(description="status", ordering="status")
    def status_display(self, obj) -> SafeString:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description="score", ordering="score")
    def score_short(self, obj) -> str:
        return f"{obj.score:.2f}"

    @admin.display(description="entities")
    def entities_short(self, obj) -> SafeString:
        names = list(dict.fromkeys(m.entity.name for m in obj.mentions.all()))
        return format_html_join("", '<span class="entity-chip">{}</span>', ((n,) for n in names))

    @admin.display(description="agree", ordering="agree_count")
    def agree_count_display(self, obj) -> SafeString:
        css = "count-agree" if obj.agree_count else "count-zero"
        return format_html('<span class="{}">{}</span>', css, obj.agree_count)

    @admin.display(description="conflict", ordering="conflict_count")
    def conflict_count_display(self, obj) -> SafeString:
        css = "count-conflict" if obj.conflict_count else "count-zero"
        return format_html('<span class="{}">{}</span>', css, obj.conflict_count)

    # --- The claim's page ------------------------------------------------------------------

    @admin.display(description="in its paragraph")
    def in_context(self, obj) -> SafeString:
        return claim_in_paragraph(obj)

    @admin.display(description="source")
    def source_display(self, obj) -> SafeString:
        source = obj.source
        details = " · ".join(
            p for p in (source.publisher, source.author, str(source.published_on or "")) if p
        )
        return format_html("{} <span class='claim-source'>{}</span>", admin_link(source), details)

    @admin.display(description="quantities")
    def quantities_display(self, obj):
        return bulleted([(q.get("text", q),) for q in obj.quantities or []])

    @admin.display(description="dates")
    def dates_display(self, obj):
        return bulleted(
            [
                (f"{d.get('text')} ({d['value']})" if d.get("value") else d.get("text", d),)
                for d in obj.dates or []
            ]
        )

    @admin.display(description="check-worthiness")
    def score_display(self, obj) -> SafeString:
        reasons = format_html_join(
            "",
            '<li class="{}">{}</li>',
            (
                ("score-down" if str(r).startswith("-") else "score-up", r)
                for r in obj.score_reasons or []
            ),
        )
        return format_html(
            '<div class="stack"><strong>{}</strong> <span class="help">(0 to 1)</span>'
            '<ul class="score-reasons">{}</ul></div>',
            f"{obj.score:.2f}",
            reasons,
        )

    @admin.display(description="entities")
    def entities_display(self, obj):
        return bulleted(
            [
                (
                    format_html(
                        "“{}” → {} <span class='claim-source'>{}</span>",
                        m.text,
                        admin_link(m.entity),
                        m.entity.get_kind_display(),
                    ),
                )
                for m in obj.mentions.all()
            ]
        )

    @admin.display(description="claim set")
    def claim_set_display(self, obj):
        if obj.claim_set is None:
            return "Not in a set: no confirmed link yet."
        return format_html(
            "{} {}",
            admin_link(obj.claim_set),
            status_badge(f"side-{obj.side}", obj.get_side_display()),
        )

    @admin.display(description="reviewed")
    def review_display(self, obj) -> str:
        if not obj.is_reviewed:
            return "Not yet reviewed."
        who = obj.reviewed_by or "someone"
        when = obj.reviewed_at.strftime("%Y-%m-%d %H:%M") if obj.reviewed_at else ""
        edited = " (edited)" if obj.is_edited else ""
        return f"By {who} {when}{edited}".strip()


# --- Links -----------------------------------------------------------------------------


class ReviewQueueFilter(admin.SimpleListFilter):
    """Links open on the review queue: suggested links, whatever their origin."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (ClaimLink.Status.SUGGESTED, "Suggested (to review)"),
            (ClaimLink.Status.CONFIRMED, "Confirmed"),
            (ClaimLink.Status.REJECTED, "Rejected"),
            ("all", "All"),
        ]

    def value(self):
        return super().value() or ClaimLink.Status.SUGGESTED

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())


@admin.register(ClaimLink)
class ClaimLinkAdmin(HistoryAdmin):
    selector = "link_list"
    form = ClaimLinkForm
    list_display = [
        "link_display", "claim_a_display", "relation_display", "claim_b_display",
        "status_display", "origin", "why_display",
    ]  # fmt: skip
    list_display_links = ["link_display"]
    list_filter = [ReviewQueueFilter, "relation", "origin"]
    search_fields = ["claim_a__text", "claim_b__text", "note"]
    autocomplete_fields = ["claim_a", "claim_b"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50
    actions = ["confirm_links", "reject_links", "delete_selected"]
    radio_fields = {"relation": admin.HORIZONTAL, "status": admin.HORIZONTAL}

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["claim_a", "claim_b", "relation", "status", "note"]
        return [
            "claim_a_display", "relation", "claim_b_display", "status", "note", "origin",
            "score", "rationale", "created_by", "reviewed_by", "reviewed_at", "created_at",
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "claim_a_display", "claim_b_display", "origin", "score", "rationale",
            "created_by", "reviewed_by", "reviewed_at", "created_at",
        ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["fields"] = ["relation", "status", "note"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            link = services.claim_link_create(
                claim_a=data["claim_a"],
                claim_b=data["claim_b"],
                relation=data["relation"],
                status=data["status"],
                note=data["note"],
                origin=ClaimLink.Origin.EDITOR,
                created_by=request.user,
            )
            obj.pk = link.pk
            obj._state.adding = False
            return
        # The form already wrote its values onto ``obj``; the service compares with the stored link.
        services.claim_link_update(
            link=ClaimLink.objects.get(pk=obj.pk),
            user=request.user,
            relation=data["relation"],
            status=data["status"],
            note=data["note"],
        )

    def delete_model(self, request, obj):
        services.claim_link_delete(link=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset.select_related(None):
            services.claim_link_delete(link=link, user=request.user)

    @admin.action(description="Confirm selected links", permissions=["change"])
    def confirm_links(self, request, queryset):
        self._review(request, queryset, services.claim_link_confirm, "confirmed")

    @admin.action(description="Reject selected links", permissions=["change"])
    def reject_links(self, request, queryset):
        self._review(request, queryset, services.claim_link_reject, "rejected")

    def _review(self, request, queryset, service, done):
        for link in queryset:
            service(link=link, user=request.user)
        self.message_user(request, f"{len(queryset)} link(s) {done}.", messages.SUCCESS)

    @admin.display(description="note / rationale")
    def why_display(self, obj) -> SafeString | str:
        score = f" (score {obj.score:.2f})" if obj.score is not None else ""
        if not (obj.note or obj.rationale or score):
            return "—"
        return format_html(
            '{}<span class="claim-source">{}{}</span>', obj.note, obj.rationale, score
        )

    @admin.display(description="link", ordering="id")
    def link_display(self, obj) -> str:
        return f"#{obj.pk}"

    @admin.display(description="claim")
    def claim_a_display(self, obj) -> SafeString:
        return format_html('<div class="claim-text-cell">{}</div>', claim_block(obj.claim_a))

    @admin.display(description="other claim")
    def claim_b_display(self, obj) -> SafeString:
        return format_html('<div class="claim-text-cell">{}</div>', claim_block(obj.claim_b))

    @admin.display(description="relation", ordering="relation")
    def relation_display(self, obj) -> SafeString:
        return status_badge(obj.relation, obj.get_relation_display())

    @admin.display(description="status", ordering="status")
    def status_display(self, obj) -> SafeString:
        return status_badge(obj.status, obj.get_status_display())


# --- Claim sets --------------------------------------------------------------------------


@admin.register(ClaimSet)
class ClaimSetAdmin(HistoryAdmin):
    selector = "claim_set_list"
    paginator = LargeTablePaginator
    show_full_result_count = False
    list_display = [
        "title_display", "side_a_count", "side_b_count", "consistency_display", "updated_at",
    ]  # fmt: skip
    list_filter = ["is_inconsistent"]
    search_fields = ["title", "summary"]
    show_full_result_count = False
    fields = ["title", "summary", "consistency_display", "sides_display", "cycle_display",
              "created_at", "updated_at"]  # fmt: skip
    readonly_fields = [
        "consistency_display", "sides_display", "cycle_display", "created_at", "updated_at",
    ]  # fmt: skip

    # Sets follow confirmed links; they are neither added nor deleted by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        services.claim_set_update(
            claim_set=ClaimSet.objects.get(pk=obj.pk),
            user=request.user,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
        )

    @admin.display(description="title", ordering="title")
    def title_display(self, obj) -> str:
        return str(obj)

    @admin.display(description="side A", ordering="side_a_count")
    def side_a_count(self, obj) -> int:
        return obj.side_a_count

    @admin.display(description="side B", ordering="side_b_count")
    def side_b_count(self, obj) -> int:
        return obj.side_b_count

    @admin.display(description="consistency", ordering="is_inconsistent")
    def consistency_display(self, obj) -> SafeString:
        if obj.is_inconsistent:
            return status_badge("inconsistent", "Inconsistent")
        return status_badge("done", "Two sides")

    @admin.display(description="sides")
    def sides_display(self, obj) -> SafeString:
        detail = selectors.claim_set_detail().get(pk=obj.pk)
        side_a, side_b = selectors.claim_set_sides(detail)

        def column(side: int, claims: list[Claim]) -> SafeString:
            items = format_html_join("", "<li>{}</li>", ((claim_block(c),) for c in claims))
            return format_html(
                "<div><h3>{} ({})</h3><ol>{}</ol></div>",
                status_badge(f"side-{side}", Claim.Side(side).label),
                len(claims),
                items,
            )

        return format_html('<div class="sides">{}{}</div>', column(0, side_a), column(1, side_b))

    @admin.display(description="cycle of links")
    def cycle_display(self, obj):
        if not obj.is_inconsistent:
            return "—"
        links = {
            link.pk: link for link in selectors.link_list().filter(pk__in=obj.inconsistency_cycle)
        }
        rows = [
            (
                format_html(
                    "{} {} ↔ {} {}",
                    admin_link(links[pk], f"link #{pk}"),
                    admin_link(links[pk].claim_a, links[pk].claim_a.text),
                    admin_link(links[pk].claim_b, links[pk].claim_b.text),
                    status_badge(links[pk].relation, links[pk].get_relation_display()),
                ),
            )
            for pk in obj.inconsistency_cycle
            if pk in links
        ]
        return format_html(
            "<p>These links put claims on both sides at once; reject or change one of them.</p>"
            '<ol class="cycle">{}</ol>',
            format_html_join("", "<li>{}</li>", rows),
        )


# --- Entities --------------------------------------------------------------------------


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fk_name = "entity"
    form = EntityAliasForm
    extra = 1
    fields = ["text", "normalized", "origin", "metonym_for"]
    readonly_fields = ["normalized", "origin"]
    autocomplete_fields = ["metonym_for"]


@admin.register(Entity)
class EntityAdmin(HistoryAdmin):
    selector = "entity_list"
    list_display = ["name", "kind", "aliases_display", "mention_count_display"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    inlines = [EntityAliasInline]
    actions = ["merge_entities"]
    fields = ["name", "kind", "description", "claims_link"]
    readonly_fields = ["claims_link"]

    @admin.display(description="aliases")
    def aliases_display(self, obj) -> str:
        names = [a.text for a in obj.aliases.all() if a.text != obj.name]
        return ", ".join(dict.fromkeys(names)) or "—"

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count_display(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html('<a href="{}?entity={}">{}</a>', url, obj.pk, obj.mention_count)

    @admin.display(description="claims")
    def claims_link(self, obj) -> SafeString:
        url = reverse("admin:claims_claim_changelist")
        return format_html(
            '<a href="{}?entity={}">{} mentions in claims</a>', url, obj.pk, obj.mention_count
        )

    @admin.action(description="Merge selected entities…", permissions=["change", "delete"])
    def merge_entities(self, request, queryset):
        entities = Entity.objects.filter(pk__in=queryset.values("pk")).order_by("name")
        if len(entities) < 2:
            self.message_user(request, "Select two or more entities to merge.", messages.WARNING)
            return None
        form = EntityMergeForm(request.POST if "apply" in request.POST else None, entities=entities)
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            others = [e for e in entities if e.pk != survivor.pk]
            services.entity_merge(survivor=survivor, others=others, user=request.user)
            self.message_user(
                request,
                format_html(
                    "Merged {} into {}.", ", ".join(e.name for e in others), admin_link(survivor)
                ),
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge entities",
            "opts": self.model._meta,
            "form": form,
            "entities": selectors.entity_list()
            .filter(pk__in=[e.pk for e in entities])
            .order_by("-mention_count", "name"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/entity/merge.html", context)
