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

from ..models import Claim, ClaimSet, Entity
from ..selectors import claim_sets as sets
from ..selectors import links as link_reads
from ..selectors.claims import (
    claim_links_for,
    claim_list,
    claims_by_ids,
    claims_in_sets,
    entity_claim_ids,
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
    entity_alias_texts,
    number_claims,
    side_label,
    timeline_buckets,
)
from .svg import claim_set_graph_svg, timeline_counts_svg, timeline_svg

CLAIM_SETS_PER_PAGE = 20
# How many claims of each side a set's page shows before "show all".
SIDE_CLAIMS_SHOWN = 20
# Above this many claims a set's timeline counts them per month, even when all are shown.
TIMELINE_DOTS_AT_MOST = 2 * SIDE_CLAIMS_SHOWN
ENTITY_CLAIMS_PER_PAGE = 50
# The most recently active sets in conflict about an entity; the list filtered by the
# entity shows every one.
ENTITY_SETS_SHOWN = 20


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


def _query_with(request, **changes) -> str:
    """The page's query string with ``changes`` made (a value of None removes the key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


@readers_only()
def claim_set_detail(request, pk: int):
    """A set's two sides, links, timeline and picture.

    A side shows its first ``SIDE_CLAIMS_SHOWN`` claims, the links table and the
    picture what joins those, and the timeline counts claims per month instead
    of drawing each one; ``?all=1`` shows everything.
    """
    claim_set = get_object_or_404(ClaimSet, pk=pk)
    reviewed_only = reviewed_only_chosen(request.GET.get("reviewed", ""))
    show_all = request.GET.get("all") == "1"
    totals = sets.claim_set_totals(claim_set)
    side_totals = totals.reviewed_side_counts if reviewed_only else totals.side_counts
    claims = sets.claim_set_page_claims(
        claim_set, per_side=None if show_all else SIDE_CLAIMS_SHOWN, reviewed_only=reviewed_only
    )
    sides = [[c for c in claims if c.side == side] for side in (Claim.Side.A, Claim.Side.B)]
    is_collapsed = any(len(side) < total for side, total in zip(sides, side_totals, strict=True))
    is_large = any(total > SIDE_CLAIMS_SHOWN for total in side_totals)
    links = link_reads.claim_set_page_links(
        claim_set,
        between=[c.pk for c in claims] if is_collapsed else None,
        reviewed_only=reviewed_only,
    )
    link_total = totals.reviewed_links if reviewed_only else totals.links
    hidden = {"claims": 0, "links": 0}
    if reviewed_only:
        hidden = {
            "claims": sum(totals.side_counts) - sum(totals.reviewed_side_counts),
            "links": totals.links - totals.reviewed_links,
        }
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
    # Reviewed only: the title, counts and dates come from what is shown.
    digest = claim_set_digest(claim_set, claims)
    if is_collapsed and not reviewed_only:
        # The list's title comes from all the set's claims, not the first of each side.
        heading = sets.claim_set_headings([claim_set])[claim_set.pk]
        digest.title, digest.title_is_derived = heading.text, heading.is_proposed
    for side, total in zip(digest.sides, side_totals, strict=True):
        side.total = total
    digest.publishers = sets.claim_set_publishers(claim_set, reviewed_only=reviewed_only)
    if reviewed_only:
        digest.first_published = totals.first_reviewed_published
        digest.last_published = totals.last_reviewed_published
    else:
        digest.first_published, digest.last_published = (
            totals.first_published,
            totals.last_published,
        )
    months = sets.claim_set_months(claim_set, reviewed_only=reviewed_only)
    all_url = "?" + _query_with(request, all="1")
    by_month = is_collapsed or sum(side_totals) > TIMELINE_DOTS_AT_MOST
    if by_month:
        buckets = timeline_buckets(months)
        timeline = timeline_counts_svg(buckets, side_names=side_names)
        dated = []
    else:
        buckets = []
        timeline = timeline_svg(claims, side_names=side_names)
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
            "digest": digest,
            "sides": [
                {
                    "label": side_label(number),
                    "name": claim_set.side_name(number),
                    "number": number,
                    "claims": side,
                    "total": side_totals[number],
                    "hidden": side_totals[number] - len(side),
                }
                for number, side in enumerate(sides)
            ],
            "reviewed_only": reviewed_only,
            "hidden": hidden,
            "is_collapsed": is_collapsed,
            "is_large": is_large,
            "show_all": show_all,
            "side_claims_shown": SIDE_CLAIMS_SHOWN,
            "all_url": all_url,
            "fewer_url": "?" + _query_with(request, all=None),
            "reviewed_url": "?" + _query_with(request, reviewed="reviewed"),
            "everything_url": "?" + _query_with(request, reviewed="all"),
            "links": links,
            "link_total": link_total,
            "timeline": timeline,
            "timeline_claims": dated,
            "timeline_by_month": by_month,
            "timeline_buckets": buckets,
            "undated_claims": [c for c in claims if not c.source.published_on]
            if not by_month
            else [],
            "graph": claim_set_graph_svg(
                sides,
                links,
                cycle=list(cycle),
                side_names=side_names,
                more={n: side_totals[n] - len(side) for n, side in enumerate(sides)},
                more_href=all_url + "#graph-title",
            ),
        },
    )


def _name_claim_sets(claim_sets: list[ClaimSet]) -> None:
    """Give each set its ``heading`` (``SetTitle``), the name the list of conflicts shows
    it by; instances of the same set (from different claims) get the same one."""
    headings = sets.claim_set_headings(claim_sets)
    for claim_set in claim_sets:
        claim_set.heading = headings[claim_set.pk]


@readers_only()
def claim_detail(request, pk: int):
    claim = get_object_or_404(claim_list(), pk=pk)
    _name_claim_sets([claim.claim_set] if claim.claim_set_id else [])
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
    """An entity's claim sets in conflict (the most recently active few, with how many
    there are and a link to all), then its claims a page at a time, newest first."""
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), pk=pk)
    conflict_sets = sets.entity_conflict_sets(entity)
    page = Paginator(entity_claim_ids(entity), ENTITY_CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    claims = claims_by_ids(page)
    for claim in claims:
        claim.quote = claim_in_context(claim)
        claim.entity_list = claim_entities(claim)
        claim.side_label = side_label(claim.side) if claim.claim_set_id else None
    claim_sets = list(sets.with_side_counts(conflict_sets)[:ENTITY_SETS_SHOWN])
    _name_claim_sets(claim_sets + [claim.claim_set for claim in claims if claim.claim_set_id])
    return render(
        request,
        "claims/entity_detail.html",
        {
            "entity": entity,
            "admin_url": admin_change_url(request.user, entity),
            "aliases": entity_alias_texts(entity),
            "claim_sets": claim_sets,
            "claim_set_count": conflict_sets.count(),
            "claims": claims,
            "page": page,
            "claim_count": page.paginator.count,
            "query": _query_without_page(request),
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
    _name_claim_sets([claim.claim_set for claim in claims if claim.claim_set_id])
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
        # Each set's side sizes tell the batches where to close (a subquery per set as the
        # cursor reads it, no grouping over the whole table).
        sets.claim_set_batches(sets.with_side_counts(claim_sets)),
        name=f"claim-sets-{stamp}",
        fmt=fmt,
        filters=filters,
    )
