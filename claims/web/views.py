"""The contradiction view for researchers: claim sets in conflict, claims, entities, sources.

Read-only and thin: each view reads through ``claims.selectors`` and shapes
what it got with ``presenters`` / ``svg``. Who may read is ``access.roles.may_read``:
researchers and editors after signing in, anyone when ``TRACKER_PUBLIC`` is on.
"""

from collections import defaultdict
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from access.roles import may_read
from access.view_links import admin_change_url
from sources.models import Source

from ..models import Claim, ClaimLink, ClaimSet, Entity
from ..selectors import claim_sets as sets
from ..selectors import links as link_reads
from ..selectors.claims import (
    claim_links_for,
    claim_list,
    claims_in_sets,
    entity_claims,
    source_claims,
)
from . import exports
from .forms import ClaimSetFilterForm, reviewed_only_chosen
from .presenters import (
    article_paragraphs,
    assign_claim_keys,
    claim_entities,
    claim_in_context,
    claim_set_digest,
    number_claims,
    side_label,
)
from .svg import claim_set_graph_svg, timeline_svg

CLAIM_SETS_PER_PAGE = 20
ENTITY_CLAIMS_PER_PAGE = 20
# The newest conflicts about an entity; every one is in a set the list filtered by
# the entity shows.
ENTITY_CONFLICTS_SHOWN = 20


def readers_only(*, anonymous_gets_403: bool = False):
    """Let researchers and editors in (everyone in public mode).

    An anonymous visitor is sent to the login page, or refused with 403 where
    a redirect makes no sense (file downloads); a signed-in user without a
    role is refused with 403.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if may_read(request.user):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated and not anonymous_gets_403:
                return redirect_to_login(request.get_full_path())
            return render(request, "claims/forbidden.html", status=403)

        return wrapped

    return decorate


def _filtered_sets(request):
    """The filter form and the sets it selects: none when a filter cannot be applied,
    so a mistyped or unknown value never passes for "every set"."""
    form = ClaimSetFilterForm(request.GET)
    if not form.is_valid():
        return form, ClaimSet.objects.none()
    return form, sets.conflict_claim_set_list(**form.selector_arguments())


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@readers_only()
def claim_set_list(request):
    form, claim_sets = _filtered_sets(request)
    page = Paginator(claim_sets, CLAIM_SETS_PER_PAGE).get_page(request.GET.get("page"))
    by_set = defaultdict(list)
    for claim in claims_in_sets([s.pk for s in page]):
        by_set[claim.claim_set_id].append(claim)
    return render(
        request,
        "claims/claim_set_list.html",
        {
            "form": form,
            "page": page,
            "digests": [claim_set_digest(s, by_set[s.pk]) for s in page],
            "query": _query_without_page(request),
        },
    )


@readers_only()
def claim_set_detail(request, pk: int):
    claim_set = get_object_or_404(sets.claim_set_detail(), pk=pk)
    reviewed_only = reviewed_only_chosen(request.GET.get("reviewed", ""))
    sides = list(sets.claim_set_sides(claim_set))
    all_claims = [claim for side in sides for claim in side]
    links = list(
        link_reads.claim_set_links(claim_set)
        .exclude(status=ClaimLink.Status.REJECTED)
        .order_by("relation", "id")
    )
    if reviewed_only:
        sides = [[c for c in side if c.status == Claim.Status.ACCEPTED] for side in sides]
        shown_links = [link for link in links if link.is_reviewed]
    else:
        shown_links = links
    hidden = {
        "claims": len(all_claims) - sum(len(side) for side in sides),
        "links": len(links) - len(shown_links),
    }
    links = shown_links
    assign_claim_keys(sides)
    claims = [claim for side in sides for claim in side]
    for claim in claims:
        claim.quote = claim_in_context(claim)
        claim.entity_list = claim_entities(claim)
    keys = {claim.pk: claim.key for claim in claims}
    cycle = set(claim_set.inconsistency_cycle or [])
    for link in links:
        link.key_a, link.key_b = keys.get(link.claim_a_id), keys.get(link.claim_b_id)
        link.is_in_cycle = link.pk in cycle
    side_names = {side: claim_set.side_name(side) for side in (0, 1)}
    if not claim_set.has_conflict:
        side_names = {0: "Agree"}
    dated = sorted(
        (c for c in claims if c.source.published_on),
        key=lambda c: (c.source.published_on, c.key),
    )
    return render(
        request,
        "claims/claim_set_detail.html",
        {
            "claim_set": claim_set,
            "admin_url": admin_change_url(request.user, claim_set),
            # Reviewed only: the title, counts and dates come from what is shown.
            "digest": claim_set_digest(claim_set, claims),
            "sides": [
                {
                    "label": side_label(number),
                    "name": claim_set.side_name(number),
                    "number": number,
                    "claims": side,
                }
                for number, side in enumerate(sides)
            ],
            "reviewed_only": reviewed_only,
            "hidden": hidden,
            "links": links,
            "timeline": timeline_svg(claims, side_names=side_names),
            "timeline_claims": dated,
            "undated_claims": [c for c in claims if not c.source.published_on],
            "graph": claim_set_graph_svg(sides, links, cycle=list(cycle), side_names=side_names),
        },
    )


@readers_only()
def claim_detail(request, pk: int):
    claim = get_object_or_404(claim_list(), pk=pk)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "admin_url": admin_change_url(request.user, claim),
            "quote": claim_in_context(claim),
            "entities": claim_entities(claim),
            "side": side_label(claim.side) if claim.claim_set_id else None,
            "side_name": (
                claim.claim_set.side_name(claim.side)
                if claim.claim_set_id and claim.claim_set.has_conflict
                else ""
            ),
            "links": claim_links_for(claim),
        },
    )


@readers_only()
def entity_detail(request, pk: int):
    """An entity's conflicts (the newest few) and its claims, a page at a time: claims in
    claim sets first, grouped by set, then the claims in none."""
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), pk=pk)
    page = Paginator(entity_claims(entity), ENTITY_CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    groups: dict = {}
    for claim in page:
        claim.quote = claim_in_context(claim)
        claim.entity_list = claim_entities(claim)
        claim.side_label = side_label(claim.side) if claim.claim_set_id else None
        groups.setdefault(claim.claim_set_id, (claim.claim_set, []))[1].append(claim)
    conflicts = link_reads.entity_conflicts(entity)
    return render(
        request,
        "claims/entity_detail.html",
        {
            "entity": entity,
            "admin_url": admin_change_url(request.user, entity),
            "aliases": sorted({a.text for a in entity.aliases.all()} - {entity.name}),
            "groups": list(groups.values()),
            "page": page,
            "claim_count": page.paginator.count,
            "conflicts": list(conflicts[:ENTITY_CONFLICTS_SHOWN]),
            "conflict_count": conflicts.count(),
        },
    )


@readers_only()
def source_detail(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    claims = list(source_claims(source))
    number_claims(claims)
    for claim in claims:
        claim.entity_list = claim_entities(claim)
        claim.side_label = side_label(claim.side) if claim.claim_set_id else None
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "admin_url": admin_change_url(request.user, source),
            "claims": claims,
            "paragraphs": article_paragraphs(source.body, claims),
        },
    )


# --- Exports -----------------------------------------------------------------------------


def _export(request, batches, *, name: str, fmt: str, filters=None) -> StreamingHttpResponse:
    """The download, streamed: no Content-Length, and memory flat in the number of claims."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    if fmt == "csv":
        # The byte-order mark tells Excel the file is UTF-8 (without it, curly quotes
        # and accents come out garbled).
        bom = "\ufeff" if settings.EXPORT_CSV_BOM else ""
        content = exports.claim_sets_csv(batches, base_url=base_url, bom=bom)
        content_type = "text/csv; charset=utf-8"
    else:
        content = exports.claim_sets_json(batches, base_url=base_url, filters=filters)
        content_type = "application/json"
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@readers_only(anonymous_gets_403=True)
def claim_set_export(request, pk: int, fmt: str):
    claim_set = get_object_or_404(sets.claim_set_list(), pk=pk)
    batches = sets.claim_set_batches([claim_set], claim_order=sets.CLAIMS_AS_ON_SET_PAGE)
    return _export(request, batches, name=f"claim-set-{pk}", fmt=fmt)


@readers_only(anonymous_gets_403=True)
def claim_set_list_export(request, fmt: str):
    form, claim_sets = _filtered_sets(request)
    if form.errors:
        return HttpResponse(
            "Nothing exported: the filters could not be applied.\n" + "\n".join(form.problems()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filters = {key: str(value) for key, value in form.selector_arguments().items() if value}
    return _export(
        request,
        sets.claim_set_batches(claim_sets),
        name=f"claim-sets-{stamp}",
        fmt=fmt,
        filters=filters,
    )
