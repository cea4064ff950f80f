"""Links in the admin: the review queue of suggested links, confirm or reject in bulk,
the one-at-a-time review screen of the machine's suggestions and its live precision."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from common.db import LargeTablePaginator, as_row_id
from common.html import status_badge
from common.text import shorten

from ..linking import services
from ..models import ClaimLink, Entity
from ..selectors import suggestions
from ..selectors.entities import entity_named
from ..selectors.links import link_list
from .base import (
    HistoryAdmin,
    claim_in_paragraph,
    claim_with_paragraph,
    message_at,
    messages_by_place,
    reason_badges,
    stated_dates,
)
from .claim_sets import warn_if_inconsistent
from .filters import ReviewQueueFilter
from .forms import ClaimLinkForm


@admin.register(ClaimLink)
class ClaimLinkAdmin(HistoryAdmin):
    selector = link_list
    form = ClaimLinkForm
    # The two claims, each in its paragraph, get the room; the link's own facts share one
    # narrow column, and the note and reasons wrap under their heading.
    list_display = ["link_display", "claim_a_display", "claim_b_display", "why_display"]

    def get_list_display(self, request):
        # Editors get the one-click decisions in the link column; researchers only read it.
        if self.has_change_permission(request):
            return ["link_decide_display", *self.list_display[1:]]
        return self.list_display

    list_display_links = ["link_display"]
    list_filter = [ReviewQueueFilter, "relation", "origin", "model_version"]
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
            "score", "reasons_display", "suggested_relation", "model_version", "rationale",
            "created_by", "reviewed_by", "reviewed_at", "created_at",
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "claim_a_display", "claim_b_display", "origin", "score", "reasons_display",
            "suggested_relation", "model_version", "rationale", "created_by", "reviewed_by",
            "reviewed_at", "created_at",
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
            warn_if_inconsistent(self, request, link)
            return
        # The form already wrote its values onto ``obj``; the service compares with the stored link.
        link = services.claim_link_update(
            link=ClaimLink.objects.get(pk=obj.pk),
            user=request.user,
            relation=data["relation"],
            status=data["status"],
            note=data["note"],
        )
        warn_if_inconsistent(self, request, link)

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
        decided = [service(link=link, user=request.user) for link in queryset]
        self.message_user(request, f"{len(queryset)} link(s) {done}.", messages.SUCCESS)
        for link in decided:
            warn_if_inconsistent(self, request, link)

    @admin.display(description="note / reasons")
    def why_display(self, obj) -> SafeString | str:
        score = f" (score {suggestions.score_shown(obj.score)})" if obj.score is not None else ""
        if not (obj.note or obj.rationale or obj.reasons or score):
            return "—"
        return format_html(
            '{}{}<span class="claim-source">{}{}</span>',
            obj.note,
            reason_badges(obj),
            "" if obj.reasons else obj.rationale,
            score,
        )

    @admin.display(description="reasons")
    def reasons_display(self, obj) -> SafeString | str:
        return reason_badges(obj) or "—"

    # --- The machine's suggestions: one at a time, and how often editors agree ---------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="claims_claimlink_review"),
            path("precision/", view(self.precision_view), name="claims_claimlink_precision"),
            path(
                "<path:object_id>/decide/", view(self.decide_view), name="claims_claimlink_decide"
            ),
            path("<path:object_id>/undo/", view(self.undo_view), name="claims_claimlink_undo"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "review_url": reverse("admin:claims_claimlink_review"),
            "precision_url": reverse("admin:claims_claimlink_precision"),
            "can_decide": self.has_change_permission(request),
        }
        if request.method == "GET":
            extra["top_messages"], extra["placed"] = messages_by_place(request)
            extra["messages_placed"] = True
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def review_view(self, request):
        """The next open suggestion, both claims side by side, decided with one key."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SuggestionFilterForm(request.GET or None)
        # A filter that is not valid is left out, and said so; the others still apply.
        form.is_valid()
        filters = form.cleaned_data if form.is_bound else {}
        if request.GET.get("restart"):
            request.session.pop(SKIPPED_KEY, None)
        entity = filters.get("entity")
        narrowed = {
            "reason": filters.get("reason") or "",
            "band": filters.get("band") or "",
            "entity_id": entity.pk if entity else None,
            "model_version": filters.get("model_version") or "",
        }
        query = request.GET.copy()
        query.pop("restart", None)
        again = query.pop("again", None)
        here = reverse("admin:claims_claimlink_review") + (f"?{query.urlencode()}" if query else "")
        skipped = request.session.get(SKIPPED_KEY, [])
        # The skipped suggestions these filters show: counted here, and brought back by
        # "Review the skipped again" (those under other filters stay skipped).
        skipped_here = (
            set(
                suggestions.suggestion_queue(**narrowed)
                .filter(pk__in=skipped)
                .values_list("pk", flat=True)
            )
            if skipped
            else set()
        )
        if again:
            request.session[SKIPPED_KEY] = [pk for pk in skipped if pk not in skipped_here]
            return redirect(here)
        queue = suggestions.suggestion_queue(**narrowed, skip=skipped)
        link = queue.first()
        again_query = query.copy()
        again_query["again"] = "1"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Review suggestions",
            "form": form,
            "filter_errors": [
                (form[name].label, error)
                for name, errors in form.errors.items()
                for error in errors
            ],
            "entity_names": suggestions.entities_in_suggestions(limit=ENTITY_CHOICES),
            "link": link,
            "remaining": queue.count(),
            "skipped": len(skipped_here),
            "again_url": f"?{again_query.urlencode()}",
            "is_filtered": any(narrowed.values()),
            "can_decide": self.has_change_permission(request),
            "here": here,
            "messages_placed": True,
        }
        context["top_messages"], context["placed"] = messages_by_place(request)
        if link is not None:
            context.update(
                sides=[
                    (claim, claim_in_paragraph(claim), stated_dates(claim))
                    for claim in (link.claim_a, link.claim_b)
                ],
                reasons=reason_badges(link),
                score=suggestions.score_shown(link.score),
                other_relation=link.opposite_relation,
                decide_url=reverse("admin:claims_claimlink_decide", args=[link.pk]),
            )
        return TemplateResponse(request, "admin/claims/claimlink/review.html", context)

    def decide_view(self, request, object_id):
        """Confirm (as suggested or flipped), reject or skip one link, then go on."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        link = get_object_or_404(ClaimLink, pk=admin.utils.unquote(object_id))
        decision = request.POST.get("decision", "")
        back = _back(request, default=reverse("admin:claims_claimlink_review"))
        if decision == "skip":
            skipped = request.session.get(SKIPPED_KEY, [])
            request.session[SKIPPED_KEY] = [*skipped, link.pk][-500:]
            return redirect(back)
        if link.status != ClaimLink.Status.SUGGESTED:
            self.message_user(
                request,
                f"Link #{link.pk} was already {link.get_status_display().lower()}; nothing changed.",
                messages.WARNING,
            )
            return redirect(back)
        if decision == "confirm":
            services.claim_link_confirm(link=link, user=request.user)
        elif decision == "flip":
            services.claim_link_update(
                link=link,
                user=request.user,
                relation=link.opposite_relation,
                status=ClaimLink.Status.CONFIRMED,
            )
        elif decision == "reject":
            services.claim_link_reject(link=link, user=request.user)
        else:
            self.message_user(request, "Choose confirm, flip, reject or skip.", messages.ERROR)
            return redirect(back)
        message_at(
            request,
            _place(request),
            format_html(
                'Link <a href="{}">#{}</a> {}{}: “{}” and “{}”.',
                reverse("admin:claims_claimlink_change", args=[link.pk]),
                link.pk,
                link.get_status_display().lower(),
                f" as {link.get_relation_display().lower()}" if decision != "reject" else "",
                shorten(link.claim_a.text, 60),
                shorten(link.claim_b.text, 60),
            ),
            undo=link,
        )
        warn_if_inconsistent(self, request, link)
        return redirect(back)

    def undo_view(self, request, object_id):
        """Take back a link made or decided a moment ago, in one click, from where it was."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        back = _back(request, default=reverse("admin:claims_claimlink_changelist"))
        link = (
            ClaimLink.objects.select_related("claim_a", "claim_b")
            .filter(pk=as_row_id(admin.utils.unquote(object_id)))
            .first()
        )
        if link is None:
            self.message_user(request, "That link is already gone; nothing to undo.", messages.INFO)
            return redirect(back)
        described = format_html(
            "the {} link between “{}” and “{}”",
            link.get_relation_display().lower(),
            shorten(link.claim_a.text, 60),
            shorten(link.claim_b.text, 60),
        )
        outcome = services.claim_link_undo(link=link, user=request.user)
        done = "is back among the suggestions" if outcome else "is removed"
        message_at(request, _place(request), format_html("Undone: {} {}.", described, done))
        return redirect(back)

    def precision_view(self, request):
        """Confirmed ÷ decided per model version, reason type and week, with intervals."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = suggestions.suggestion_precision()
        label = suggestions.reason_label
        tables = [
            ("by-version", "Per model version", ["Model version"], _rows(report.by_model_version)),
            (
                "by-reason",
                "Per reason",
                ["Reason"],
                sorted(
                    [((label(key),), tally) for (key,), tally in _rows(report.by_reason)],
                    key=lambda row: row[0],
                ),
            ),
            (
                "by-week",
                "Per week of the decision",
                ["Week from"],
                _rows(report.by_week, newest_first=True),
            ),
            (
                "rows",
                "Per model version, reason and week",
                ["Model version", "Reason", "Week from"],
                [
                    ((version, label(reason), week), tally)
                    for (version, reason, week), tally in _rows(report.rows, newest_first=True)
                ],
            ),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "How often editors confirm the machine's suggestions",
            "report": report,
            "overall": report.overall.as_dict(),
            "tables": [
                {"id": key, "title": title, "heads": heads, "rows": rows}
                for key, title, heads, rows in tables
            ],
            "review_url": reverse("admin:claims_claimlink_review"),
            "stats_url": reverse("api:link-stats"),
        }
        return TemplateResponse(request, "admin/claims/claimlink/precision.html", context)

    @admin.display(description="link", ordering="id")
    def link_display(self, obj) -> SafeString:
        """Its number, relation, status and origin in one narrow column."""
        return format_html(
            '<span class="link-facts" id="link-{}">#{} {} {} <span class="claim-source">{}</span>'
            "</span>",
            obj.pk,
            obj.pk,
            status_badge(obj.relation, obj.get_relation_display()),
            status_badge(obj.status, obj.get_status_display()),
            obj.get_origin_display(),
        )

    @admin.display(description="link", ordering="id")
    def link_decide_display(self, obj) -> SafeString:
        """The link's facts, and buttons to confirm or reject it, or undo its decision: they
        submit the page's one decision form (``#queue-decide`` in
        templates/admin/claims/claimlink/change_list.html), as a row already sits inside
        the list's own form."""
        facts = self.link_display(obj)
        if obj.status == ClaimLink.Status.SUGGESTED:
            decide = reverse("admin:claims_claimlink_decide", args=[obj.pk])
            return format_html(
                '{}<span class="queue-buttons">'
                '<button form="queue-decide" formaction="{}" name="decision" value="confirm" '
                'class="button-{}" aria-label="Confirm link {}">Confirm {}</button>'
                '<button form="queue-decide" formaction="{}" name="decision" value="reject" '
                'aria-label="Reject link {}">Reject</button></span>',
                facts,
                decide,
                obj.relation,
                obj.pk,
                obj.get_relation_display().lower(),
                decide,
                obj.pk,
            )
        return format_html(
            '{}<span class="queue-buttons"><button form="queue-decide" formaction="{}" '
            'class="button-undo" aria-label="Undo link {}">{}</button></span>',
            facts,
            reverse("admin:claims_claimlink_undo", args=[obj.pk]),
            obj.pk,
            "Undo decision" if obj.origin == ClaimLink.Origin.AUTOMATIC else "Remove",
        )

    @admin.display(description="claim")
    def claim_a_display(self, obj) -> SafeString:
        return format_html(
            '<div class="claim-text-cell">{}</div>', claim_with_paragraph(obj.claim_a)
        )

    @admin.display(description="other claim")
    def claim_b_display(self, obj) -> SafeString:
        return format_html(
            '<div class="claim-text-cell">{}</div>', claim_with_paragraph(obj.claim_b)
        )


SKIPPED_KEY = "suggestions_skipped"
# The entity box offers the names of at most this many entities in open suggestions.
ENTITY_CHOICES = 100
# The panels a decision or an undo may come from; its message is shown there.
PLACES = {"review", "queue", "links", "related", "suggestions"}


def _place(request) -> str:
    place = request.POST.get("place", "")
    return place if place in PLACES else "review"


def _back(request, *, default: str) -> str:
    """Where to go after a POST: its ``next`` when it is this site's, else ``default``."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


def _rows(tallies: dict, *, newest_first: bool = False) -> list[tuple]:
    """(the key's cells, the tally's figures) per key, in the key's order."""
    ordered = sorted(tallies.items(), key=lambda item: item[0], reverse=newest_first)
    return [(key if isinstance(key, tuple) else (key,), tally.as_dict()) for key, tally in ordered]


class SuggestionFilterForm(forms.Form):
    """The review screen's filters: reason, score band, entity and model version."""

    not_a_choice = {"invalid_choice": "“%(value)s” is not one of the choices."}
    reason = forms.ChoiceField(required=False, error_messages=not_a_choice)
    band = forms.ChoiceField(required=False, label="Score", error_messages=not_a_choice)
    entity = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"list": "review-entities", "placeholder": "Any entity"}),
    )
    model_version = forms.ChoiceField(
        required=False, label="Model version", error_messages=not_a_choice
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "Any reason")] + sorted(
            suggestions.reason_labels().items(), key=lambda item: item[1]
        )
        self.fields["band"].choices = [("", "Any score")] + [
            (band.key, band.label) for band in suggestions.score_bands()
        ]
        self.fields["model_version"].choices = [("", "Any version")] + [
            (version, version) for version in suggestions.model_versions()
        ]

    def clean_entity(self) -> Entity | None:
        """The entity named by its name, one of its aliases, or its id (older links)."""
        text = self.cleaned_data["entity"].strip()
        if not text:
            return None
        entity = entity_named(text)
        if entity is None:
            raise forms.ValidationError(
                "no entity is called “%(name)s”; choose one of the names offered.",
                params={"name": text},
            )
        if text != entity.name:
            # The box shows the entity's name, also when the address named it by its id.
            self.data = self.data.copy()
            self.data[self.add_prefix("entity")] = entity.name
        return entity
