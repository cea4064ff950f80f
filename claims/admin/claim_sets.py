"""Claim sets in the admin: name them, read both sides, see the cycle of an inconsistent set;
the warning every confirming action gives when it leaves a set inconsistent."""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from access.view_links import ViewPageLinkMixin
from common.db import LargeTablePaginator
from common.html import status_badge
from common.text import shorten

from ..linking.claim_sets import claim_set_update
from ..linking.naming import claim_set_heading
from ..models import Claim, ClaimLink, ClaimSet
from ..selectors.claim_sets import (
    claim_link_inconsistency,
    claim_set_list,
    claim_set_page_claims,
    claim_set_totals,
)
from ..selectors.expressions import mentions_prefetch
from ..selectors.links import link_list
from .base import HistoryAdmin, admin_link, claim_block

# How many claims of each side a set's admin page lists; the researchers' page has all.
ADMIN_SIDE_CLAIMS_SHOWN = 25


def warn_if_inconsistent(model_admin, request, link: ClaimLink) -> None:
    """After ``link`` was confirmed: warn, with the cycle, when its set has no two sides.

    Every admin action that confirms a link calls this, so the editor hears of
    the inconsistency on the page the click led to.
    """
    found = claim_link_inconsistency(link=link)
    if found is None:
        return
    steps = format_html_join(
        "; ",
        "{} {} {}",
        (
            (
                admin_link(step, f"#{step.pk}"),
                shorten(step.claim_a.text, 60),
                format_html(
                    "<strong>{}</strong> {}", step.get_relation_display().lower(),
                    shorten(step.claim_b.text, 60),
                ),
            )
            for step in found.cycle
        ),
    )  # fmt: skip
    model_admin.message_user(
        request,
        format_html(
            'Confirming link #{} {} <a href="{}">claim set {}</a> inconsistent: '
            "an odd number of conflicts closes this loop, so its claims cannot stand on two "
            "sides. The loop: {}. Reject or change one of these links.",
            link.pk,
            "made" if found.link_closes_it else "left",
            reverse("admin:claims_claimset_change", args=[found.claim_set.pk]),
            found.claim_set.pk,
            steps,
        ),
        messages.WARNING,
    )


@admin.register(ClaimSet)
class ClaimSetAdmin(ViewPageLinkMixin, HistoryAdmin):
    view_page_route = "claims:claim_set_detail"
    selector = claim_set_list
    paginator = LargeTablePaginator
    show_full_result_count = False
    list_display = [
        "title_display", "side_a_count", "side_b_count", "consistency_display", "updated_at",
    ]  # fmt: skip
    list_filter = ["has_conflict", "is_inconsistent"]
    search_fields = ["question", "title", "summary"]
    show_full_result_count = False
    fields = ["proposed_title_display", "question", "side_a_label", "side_b_label", "title",
              "summary", "consistency_display", "sides_display", "cycle_display",
              "created_at", "updated_at"]  # fmt: skip
    readonly_fields = [
        "proposed_title_display", "consistency_display", "sides_display", "cycle_display",
        "created_at", "updated_at",
    ]  # fmt: skip

    def get_queryset(self, request):
        # The machine's title for an unnamed set reads its claims' structure: one query a page.
        claims = Claim.objects.only(
            "id", "text", "status", "score", "side", "subject", "predicate", "object",
            "is_negated", "claim_set_id",
        ).prefetch_related(mentions_prefetch())  # fmt: skip
        return super().get_queryset(request).prefetch_related(Prefetch("claims", queryset=claims))

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
            question=form.cleaned_data["question"],
            side_a_label=form.cleaned_data["side_a_label"],
            side_b_label=form.cleaned_data["side_b_label"],
        )

    @admin.display(description="question", ordering="question")
    def title_display(self, obj) -> SafeString:
        heading = claim_set_heading(obj, obj.claims.all())
        if heading.is_proposed:
            return format_html(
                '<span class="proposed-title" title="{}">{}</span> <em>(proposed)</em>',
                "Proposed by the machine from the claims; give the set its question.",
                heading.text,
            )
        return format_html("{}", heading.text)

    @admin.display(description="proposed by the machine")
    def proposed_title_display(self, obj) -> str:
        return claim_set_heading(obj, obj.claims.all()).text if not obj.question else "—"

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
        if not obj.has_conflict:
            return status_badge("agree", "Agree only")
        return status_badge("done", "Two sides")

    @admin.display(description="sides")
    def sides_display(self, obj) -> SafeString:
        claims = claim_set_page_claims(obj, per_side=ADMIN_SIDE_CLAIMS_SHOWN)
        totals = claim_set_totals(obj).side_counts
        view_url = reverse("claims:claim_set_detail", args=[obj.pk]) + "?reviewed=all&all=1"

        def column(side: int, name: str, claims: list[Claim], total: int) -> SafeString:
            items = format_html_join("", "<li>{}</li>", ((claim_block(c),) for c in claims))
            more = ""
            if total > len(claims):
                more = format_html(
                    '<p class="more-claims">The first {} of {} claims. '
                    '<a href="{}">Every claim on the researchers\' page</a></p>',
                    len(claims),
                    total,
                    view_url,
                )
            return format_html(
                "<div><h3>{} ({})</h3><ol>{}</ol>{}</div>",
                status_badge(f"side-{side}", name),
                total,
                items,
                more,
            )

        side_a = [c for c in claims if c.side == Claim.Side.A]
        side_b = [c for c in claims if c.side == Claim.Side.B]
        if not obj.has_conflict:
            return format_html(
                '<div class="sides">{}</div>', column(0, "Agree", side_a + side_b, sum(totals))
            )
        return format_html(
            '<div class="sides">{}{}</div>',
            column(0, obj.side_name(0), side_a, totals[0]),
            column(1, obj.side_name(1), side_b, totals[1]),
        )

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
