"""Links in the admin: the review queue of suggested links, confirm or reject in bulk."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.db import LargeTablePaginator
from common.html import status_badge

from ..linking import services
from ..models import ClaimLink
from ..selectors.links import link_list
from .base import HistoryAdmin, claim_block
from .filters import ReviewQueueFilter
from .forms import ClaimLinkForm


@admin.register(ClaimLink)
class ClaimLinkAdmin(HistoryAdmin):
    selector = link_list
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
