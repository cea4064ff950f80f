"""Claim sets in the admin: name them, read both sides, see the cycle of an inconsistent set."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from access.view_links import ViewPageLinkMixin
from common.db import LargeTablePaginator
from common.html import status_badge

from ..linking.claim_sets import claim_set_update
from ..models import Claim, ClaimSet
from ..selectors.claim_sets import claim_set_detail, claim_set_list, claim_set_sides
from ..selectors.links import link_list
from .base import HistoryAdmin, admin_link, claim_block


@admin.register(ClaimSet)
class ClaimSetAdmin(ViewPageLinkMixin, HistoryAdmin):
    view_page_route = "claims:claim_set_detail"
    selector = claim_set_list
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
        claim_set_update(
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
        detail = claim_set_detail().get(pk=obj.pk)
        side_a, side_b = claim_set_sides(detail)

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
        links = {link.pk: link for link in link_list().filter(pk__in=obj.inconsistency_cycle)}
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
