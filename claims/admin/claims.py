"""Claims in the admin: review them (one by one or in bulk), see each in its paragraph,
link it to another claim from its page; add one from a selection in a source body,
trim or split one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from access.roles import may_write
from access.view_links import ViewPageLinkMixin
from common.db import LargeTablePaginator, as_row_id, text_search
from common.html import status_badge
from sources.forms import BodySpanForm
from sources.models import Source

from ..linking.services import claim_link_create
from ..models import Claim, ClaimLink
from ..review.services import (
    EDITABLE_CLAIM_FIELDS,
    claim_create,
    claim_split,
    claim_trim,
    claim_update,
    claims_review,
)
from ..selectors.claims import claim_links_for, claim_list, related_claims
from ..selectors.suggestions import claim_suggestions, score_shown
from .base import (
    HistoryAdmin,
    admin_link,
    bulleted,
    claim_in_paragraph,
    message_at,
    messages_by_place,
    reason_badges,
    source_line,
)
from .claim_review import ClaimReviewMixin, review_url
from .claim_sets import warn_if_inconsistent
from .filters import (
    EntityFilter,
    HasConflictFilter,
    HasOpenConflictFilter,
    PublisherFilter,
    SourceFilter,
)
from .forms import ClaimForm, ClaimLinkAddForm, ClaimSplitForm


@admin.register(Claim)
class ClaimAdmin(ClaimReviewMixin, ViewPageLinkMixin, HistoryAdmin):
    view_page_route = "claims:claim_detail"
    selector = claim_list
    form = ClaimForm
    # The claim's text gets the room: its source and entities sit under it, and the other
    # columns keep to a few characters each.
    list_display = [
        "claim_display", "status_display", "score_short", "agree_count_display",
        "conflict_count_display",
    ]  # fmt: skip
    list_display_links = None
    list_filter = [
        "status", HasConflictFilter, HasOpenConflictFilter, PublisherFilter, SourceFilter,
        EntityFilter,
    ]  # fmt: skip
    list_select_related = ["source", "claim_set"]
    list_per_page = 50
    # Searched by ``get_search_results``: the words of the claim's text, or #id.
    search_fields = ["text"]
    search_help_text = (
        'Words of the claim, all of them ("a phrase", or, -word), or #id for one claim.'
    )
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

    class Media:
        # Reads a selection in the claim's paragraph as offsets (trim and split).
        js = ["sources/admin/body_selection.js"]

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
            if name in EDITABLE_CLAIM_FIELDS
        }
        with_status = "status" in form.changed_data
        if edited:
            claim = claim_update(claim=claim, user=request.user, **edited)
        if with_status:
            claims_review(claims=[claim], status=form.cleaned_data["status"], user=request.user)

    change_list_template = "admin/claims/claim/change_list.html"

    def get_search_results(self, request, queryset, search_term):
        """``#id`` finds that claim; anything else the claims whose text has its words,
        through the full-text index on PostgreSQL (as the API's ``q``), never a scan of
        every claim. The speaker is not searched apart (a part of a name would need that
        scan); a named speaker mostly stands in the sentence itself."""
        term = search_term.strip()
        if term.startswith("#") and (pk := as_row_id(term[1:])) is not None:
            return queryset.filter(pk=pk), False
        return text_search(queryset, term, "text"), False

    def changelist_view(self, request, extra_context=None):
        source_id = as_row_id(request.GET.get("source"))
        extra = {
            "review_url": review_url(source_id)
            if source_id
            else reverse("admin:claims_claim_review")
        }
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    # --- Bulk review -----------------------------------------------------------------------

    @admin.action(description="Accept selected claims", permissions=["change"])
    def accept_claims(self, request, queryset):
        self._review(request, queryset, Claim.Status.ACCEPTED)

    @admin.action(description="Reject selected claims", permissions=["change"])
    def reject_claims(self, request, queryset):
        self._review(request, queryset, Claim.Status.REJECTED)

    def _review(self, request, queryset, status):
        changed = claims_review(
            claims=queryset.select_related(None).prefetch_related(None),
            status=status,
            user=request.user,
        )
        label = Claim.Status(status).label.lower()
        self.message_user(request, f"{changed} claim(s) {label}.", messages.SUCCESS)

    # --- Linking from a claim's page -------------------------------------------------------

    def get_urls(self):
        return [
            *self.review_urls(),
            path(
                "<path:object_id>/link/",
                self.admin_site.admin_view(self.link_view),
                name="claims_claim_link",
            ),
            path(
                "from-source/<path:source_id>/",
                self.admin_site.admin_view(self.from_selection_view),
                name="claims_claim_from_selection",
            ),
            path(
                "<path:object_id>/trim/",
                self.admin_site.admin_view(self.trim_view),
                name="claims_claim_trim",
            ),
            path(
                "<path:object_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="claims_claim_split",
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
        # The message goes where the click was: the add-link form or a related claim's row.
        place = "related" if request.POST.get("place") == "related" else "links"
        back = reverse("admin:claims_claim_change", args=[claim.pk]) + f"#{place}"
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    message_at(request, place, error, messages.ERROR)
            return redirect(back)
        other = form.cleaned_data["other"]
        try:
            link = claim_link_create(
                claim_a=claim,
                claim_b=other,
                relation=form.cleaned_data["relation"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                origin=ClaimLink.Origin.EDITOR,
                created_by=request.user,
                # The machine's open suggestion of this pair is the editor's to decide.
                take_over_suggestion=True,
            )
        except ValidationError as error:
            for message in error.messages:
                message_at(request, place, message, messages.ERROR)
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
        message_at(request, place, message, undo=link)
        warn_if_inconsistent(self, request, link)
        return redirect(back)

    # --- Fixing spans: a claim from a selection in its source, trimming, splitting ---------

    def _errors(self, request, messages_) -> None:
        for message in messages_:
            self.message_user(request, message, messages.ERROR)

    def _editor_post(self, request):
        """None for an editor's POST; otherwise the response refusing it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not may_write(request.user):
            raise PermissionDenied
        return None

    def from_selection_view(self, request, source_id):
        """Add the claim an editor selected in a source's body (its admin page)."""
        if refused := self._editor_post(request):
            return refused
        source = get_object_or_404(Source.objects.defer("raw"), pk=source_id)
        back = reverse("admin:sources_source_change", args=[source.pk])
        form = BodySpanForm(request.POST, body=source.body)
        if not form.is_valid():
            self._errors(request, form.problems())
            return redirect(back)
        try:
            claim = claim_create(
                source=source,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                user=request.user,
            )
        except ValidationError as error:
            self._errors(request, error.messages)
            return redirect(back)
        self.message_user(
            request,
            format_html(
                "Added the claim “{}” (accepted, naming {} entities the pipeline found there). "
                '<a href="{}">Open it</a> to add its structure.',
                claim,
                claim.mentions.count(),
                reverse("admin:claims_claim_change", args=[claim.pk]),
            ),
            messages.SUCCESS,
        )
        return redirect(back)

    def trim_view(self, request, object_id):
        """Give a claim new start and end offsets in its source body."""
        if refused := self._editor_post(request):
            return refused
        claim = get_object_or_404(Claim.objects.select_related("source"), pk=object_id)
        back = reverse("admin:claims_claim_change", args=[claim.pk])
        form = BodySpanForm(request.POST, body=claim.source.body)
        if not form.is_valid():
            self._errors(request, form.problems())
            return redirect(back)
        try:
            claim = claim_trim(
                claim=claim,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                user=request.user,
            )
        except ValidationError as error:
            self._errors(request, error.messages)
            return redirect(back)
        self.message_user(
            request, format_html("The claim now reads “{}”.", claim.text), messages.SUCCESS
        )
        return redirect(back)

    def split_view(self, request, object_id):
        """Split a claim in two at a position of its source body."""
        if refused := self._editor_post(request):
            return refused
        claim = get_object_or_404(Claim.objects.select_related("source"), pk=object_id)
        back = reverse("admin:claims_claim_change", args=[claim.pk])
        form = ClaimSplitForm(request.POST)
        if not form.is_valid():
            self._errors(request, form.problems())
            return redirect(back)
        try:
            first, second = claim_split(claim=claim, at=form.cleaned_data["at"], user=request.user)
        except ValidationError as error:
            self._errors(request, error.messages)
            return redirect(back)
        self.message_user(
            request,
            format_html(
                "Split in two: this claim now reads “{}”; "
                'the rest is <a href="{}">a claim of its own</a>. Links stay on this one.',
                first.text,
                reverse("admin:claims_claim_change", args=[second.pk]),
            ),
            messages.SUCCESS,
        )
        return redirect(back)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, admin.utils.unquote(object_id))
        extra = {}
        if claim is not None:
            can_link = self.can_link(request)
            if request.method == "GET":
                extra["top_messages"], extra["placed"] = messages_by_place(request)
                extra["messages_placed"] = True
            extra |= {
                "claim_links": claim_links_for(claim, with_open_suggestions=False),
                "related_claims": related_claims(claim),
                "suggestions": [_with_reasons(link) for link in claim_suggestions(claim)],
                "can_decide": self.admin_site.get_model_admin(ClaimLink).has_change_permission(
                    request
                ),
                "can_link": can_link,
                "link_form": can_link and ClaimLinkAddForm(claim=claim, admin_site=self.admin_site),
                "link_url": reverse("admin:claims_claim_link", args=[claim.pk]),
                "can_fix_span": may_write(request.user),
                "trim_url": reverse("admin:claims_claim_trim", args=[claim.pk]),
                "split_url": reverse("admin:claims_claim_split", args=[claim.pk]),
                "here": reverse("admin:claims_claim_change", args=[claim.pk]),
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
            '<div class="claim-text-cell">{}{}<div class="entity-chips">{}</div></div>',
            admin_link(obj, obj.text),
            source_line(obj.source),
            self.entities_short(obj),
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

    # The link counts are not sortable: sorting by one counts the links of every claim in the
    # table before the first page can be cut (seconds at 100,000 claims). The conflict
    # filters narrow the list to the claims that have links instead.
    @admin.display(description="agree")
    def agree_count_display(self, obj) -> SafeString:
        return self._link_count("count-agree", obj.agree_count, obj.suggested_agree_count)

    @admin.display(description="conflict")
    def conflict_count_display(self, obj) -> SafeString:
        return self._link_count("count-conflict", obj.conflict_count, obj.suggested_conflict_count)

    @staticmethod
    def _link_count(css: str, confirmed: int, suggested: int) -> SafeString:
        """Confirmed links, and those suggested (awaiting review) after them."""
        count = format_html(
            '<span class="{}">{}</span>', css if confirmed else "count-zero", confirmed
        )
        if not suggested:
            return count
        return format_html(
            '{} <span class="count-suggested" title="suggested, awaiting review">+{}?</span>',
            count,
            suggested,
        )

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
        title = format_html("<bdi>{}</bdi>", source)
        return format_html(
            "{} <span class='claim-source'>{}</span>", admin_link(source, title), details
        )

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
        added = " (added by an editor)" if obj.origin == Claim.Origin.EDITOR else ""
        return f"By {who} {when}{edited}{added}".strip()


def _with_reasons(link):
    link.reason_html = reason_badges(link)
    link.score_shown = score_shown(link.score)
    return link
