"""The review mode for claims: one source's proposals in reading order, each in its
paragraph, decided with one key (accept, reject, edit, next, previous), with a
progress count and the rest of the source accepted in one go."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from access.roles import may_write
from common.db import as_row_id
from common.text import shorten
from sources.models import Source

from ..models import Claim
from ..review.services import claims_review
from ..selectors.claims import review_claim, review_order, source_to_review
from .base import claim_in_paragraph

PROPOSED = Claim.Status.PROPOSED


@dataclass(frozen=True)
class ReviewTrack:
    """Where the review stands in a source's claims (ids and statuses in reading order)."""

    order: list[tuple[int, str]]

    @property
    def total(self) -> int:
        return len(self.order)

    @property
    def proposed_left(self) -> int:
        return sum(1 for _, status in self.order if status == PROPOSED)

    @property
    def reviewed(self) -> int:
        return self.total - self.proposed_left

    def position(self, claim_id: int) -> int | None:
        """The claim's place (0-based) in reading order, or None when it is not the source's."""
        return next((i for i, (pk, _) in enumerate(self.order) if pk == claim_id), None)

    def first_proposed(self) -> int | None:
        return next((pk for pk, status in self.order if status == PROPOSED), None)

    def next_proposed(self, claim_id: int) -> int | None:
        """The next proposal after the claim, wrapping to the source's start; None when done."""
        at = self.position(claim_id) or 0
        ahead = self.order[at + 1 :] + self.order[: at + 1]
        return next((pk for pk, status in ahead if status == PROPOSED and pk != claim_id), None)

    def neighbours(self, claim_id: int) -> tuple[int | None, int | None]:
        at = self.position(claim_id)
        if at is None:
            return None, None
        before = self.order[at - 1][0] if at > 0 else None
        after = self.order[at + 1][0] if at + 1 < self.total else None
        return before, after


def review_url(source_id: int, claim_id: int | None = None) -> str:
    query = {"source": source_id, **({"claim": claim_id} if claim_id else {})}
    return f"{reverse('admin:claims_claim_review')}?{urlencode(query)}"


class ClaimReviewMixin:
    """The review mode's two views, for ClaimAdmin."""

    def review_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="claims_claim_review"),
            path(
                "review/decide/", view(self.review_decide_view), name="claims_claim_review_decide"
            ),
        ]

    def review_view(self, request):
        """One claim of one source, in its paragraph; without ``claim``, the first proposal."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        source_id = request.GET.get("source")
        if source_id is None:
            source = source_to_review()
            if source is not None:
                return redirect(review_url(source.pk))
            return self._review_page(request, source=None)
        source = Source.objects.defer("raw").filter(pk=as_row_id(source_id)).first()
        if source is None:
            self.message_user(
                request, f"There is no source {source_id!r} to review.", messages.ERROR
            )
            return redirect("admin:claims_claim_changelist")
        track = ReviewTrack(review_order(source))
        asked = request.GET.get("claim")
        claim_id = as_row_id(asked) if asked is not None else track.first_proposed()
        claim = review_claim(source, claim_id) if claim_id else None
        if asked is not None and claim is None:
            self.message_user(
                request,
                f"Claim {asked!r} is not one of this source's; showing its first proposal.",
                messages.WARNING,
            )
            return redirect(review_url(source.pk))
        return self._review_page(request, source=source, track=track, claim=claim)

    def _review_page(self, request, *, source, track=None, claim=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Review claims",
            "source": source,
            "track": track,
            "claim": claim,
            "can_decide": self.has_change_permission(request),
            "can_accept_rest": may_write(request.user),
            "decide_url": reverse("admin:claims_claim_review_decide"),
            "next_source": None,
        }
        if claim is not None:
            before, after = track.neighbours(claim.pk)
            here = review_url(source.pk, claim.pk)
            context.update(
                position=track.position(claim.pk) + 1,
                paragraph=claim_in_paragraph(claim),
                previous_url=before and review_url(source.pk, before),
                next_url=after and review_url(source.pk, after),
                edit_url=reverse("admin:claims_claim_change", args=[claim.pk])
                + "?"
                + urlencode({"review": here}),
                names=list(dict.fromkeys(m.entity.name for m in claim.mentions.all())),
            )
        elif source is not None:
            following = source_to_review()
            context["next_source"] = following
            context["next_source_url"] = following and review_url(following.pk)
        if source is not None:
            context["list_url"] = (
                reverse("admin:claims_claim_changelist") + f"?{urlencode({'source': source.pk})}"
            )
        return TemplateResponse(request, "admin/claims/claim/review.html", context)

    def review_decide_view(self, request):
        """Accept or reject the shown claim, or accept every proposal left in its source."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = (
            Source.objects.defer("raw").filter(pk=as_row_id(request.POST.get("source"))).first()
        )
        if source is None:
            self.message_user(request, "Choose a source to review.", messages.ERROR)
            return redirect("admin:claims_claim_changelist")
        decision = request.POST.get("decision", "")
        if decision == "accept_rest":
            changed = claims_review(
                claims=source.claims.filter(status=PROPOSED),
                status=Claim.Status.ACCEPTED,
                user=request.user,
            )
            self.message_user(
                request,
                format_html(
                    "Accepted the {} proposal{} left in “{}”.",
                    changed,
                    "" if changed == 1 else "s",
                    source,
                ),
                messages.SUCCESS,
            )
            return redirect(review_url(source.pk))
        status = {"accept": Claim.Status.ACCEPTED, "reject": Claim.Status.REJECTED}.get(decision)
        claim = source.claims.filter(pk=as_row_id(request.POST.get("claim"))).first()
        if status is None or claim is None:
            self.message_user(
                request, "Choose accept or reject for one of this source's claims.", messages.ERROR
            )
            return redirect(review_url(source.pk, claim and claim.pk))
        claims_review(claims=[claim], status=status, user=request.user)
        self.message_user(
            request,
            format_html("{}: “{}”", status.label, shorten(claim.text, 90)),
            messages.SUCCESS,
        )
        following = ReviewTrack(review_order(source)).next_proposed(claim.pk)
        return redirect(review_url(source.pk, following))

    def response_change(self, request, obj):
        """Back to the review mode after an edit opened from it (``?review=<its url>``)."""
        back = request.GET.get("review", "")
        if (
            back
            and "_save" in request.POST
            and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        ):
            self.message_user(
                request, format_html("Saved “{}”.", shorten(obj.text, 90)), messages.SUCCESS
            )
            return redirect(back)
        return super().response_change(request, obj)
