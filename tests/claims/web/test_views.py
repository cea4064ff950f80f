"""The contradiction view: what researchers see, who may see it, and what it costs."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from claims.admin.claim_sets import ADMIN_SIDE_CLAIMS_SHOWN
from claims.linking.claim_sets import claim_set_update
from claims.linking.services import claim_link_reject
from claims.models import Claim, ClaimLink, ClaimSet, EntityAlias
from claims.web.views import SIDE_CLAIMS_SHOWN
from tests.factories import EntityAliasFactory, EntityFactory, SourceFactory, claim_in_source

from .conftest import bulk_claims, bulk_conflict_sets, link, make_claim, make_conflict_set

XSS = "<script>window.__pwned=1</script><b>bold</b>"


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- The list of conflicts -------------------------------------------------------------


def test_list_shows_only_sets_holding_a_confirmed_conflict(researcher_client):
    in_conflict = make_conflict_set()
    agreeing = make_claim("Russia agrees with itself.")
    link(agreeing, make_claim("Russia agrees again."), "agree")
    link(make_claim("A suggested conflict."), make_claim("Its other end."),
         status=ClaimLink.Status.SUGGESTED)  # fmt: skip

    page = html(researcher_client.get("/"))

    assert reverse("claims:claim_set_detail", args=[in_conflict.pk]) in page
    assert "Russia agrees with itself." not in page
    assert "A suggested conflict." not in page
    assert "1 claim set" in page


def test_a_rejected_conflict_takes_the_set_off_the_list(researcher_client):
    claim_set = make_conflict_set()
    conflict = ClaimLink.objects.get(claim_a__claim_set=claim_set)
    claim_link_reject(link=conflict)
    assert reverse("claims:claim_set_detail", args=[claim_set.pk]) not in html(
        researcher_client.get("/")
    )


def test_list_puts_the_most_recently_active_set_first(researcher_client):
    older = make_conflict_set()
    newer = make_conflict_set()
    claim_set_update(claim_set=older, title="Touched last")  # updated_at moves
    page = html(researcher_client.get("/"))
    assert page.index("Touched last") < page.index(
        reverse("claims:claim_set_detail", args=[newer.pk])
    )


def test_list_entry_shows_title_sides_representatives_publishers_and_dates(
    researcher_client, russia, china
):
    strong = make_claim("Russia is reclaiming Central Asia.", entities=[russia, china],
                        publisher="Northern Wire", published_on=date(2021, 3, 1), score=0.4,
                        subject="Russia", predicate="reclaim")  # fmt: skip
    weak_proposal = make_claim("Russia may be reclaiming something.", entities=[russia],
                               status="proposed", score=0.99)  # fmt: skip
    losing = make_claim("Russia is losing Central Asia to China.", entities=[russia, china],
                        publisher="Eurasia Ledger", published_on=date(2023, 5, 19),
                        subject="Russia", predicate="lose")  # fmt: skip
    link(strong, losing)
    link(strong, weak_proposal, "agree")

    page = html(researcher_client.get("/"))

    # Proposed from the shared subject and the predicates that differ, not a list of names.
    assert "Does Russia reclaim or lose?" in page
    assert "Proposed title" in page
    assert "Russia · China" not in page
    assert "2 claims" in page and "1 claim" in page
    assert "Russia is reclaiming Central Asia." in page  # accepted beats a higher-scored proposal
    assert "Russia may be reclaiming something." not in page
    assert "Russia is losing Central Asia to China." in page
    assert "Eurasia Ledger, Northern Wire" in page
    assert "1 Mar 2021 – 19 May 2023" in page


def test_an_editors_title_wins_over_the_made_up_one(researcher_client, russia):
    claim_set = make_conflict_set(entities=[russia])
    claim_set_update(claim_set=claim_set, title="Who guards the steppe?")
    page = html(researcher_client.get("/"))
    assert "Who guards the steppe?" in page


def test_list_filters_by_entity_publisher_source_dates_and_words(researcher_client, russia, china):
    about_russia = make_conflict_set(entities=[russia], publisher="Northern Wire",
                                     published_on=date(2021, 6, 1))  # fmt: skip
    about_china = make_conflict_set(entities=[china], publisher="Eurasia Ledger",
                                    published_on=date(2023, 6, 1))  # fmt: skip
    worded = make_claim("Beijing builds the roads.", published_on=date(2022, 6, 1))
    link(worded, make_claim())
    worded_set = Claim.objects.get(pk=worded.pk).claim_set

    def listed(**params) -> set[int]:
        response = researcher_client.get("/", params)
        return {d.claim_set.pk for d in response.context["digests"]}

    everything = {about_russia.pk, about_china.pk, worded_set.pk}
    assert listed() == everything
    assert listed(entity=russia.pk) == {about_russia.pk}
    assert listed(publisher="Eurasia Ledger") == {about_china.pk}
    assert listed(source=worded.source_id) == {worded_set.pk}
    assert listed(published_from="2022-01-01") == {about_china.pk, worded_set.pk}
    assert listed(published_to="2022-12-31") == {about_russia.pk, worded_set.pk}
    assert listed(published_from="2022-01-01", published_to="2022-12-31") == {worded_set.pk}
    assert listed(q="builds roads") == {worded_set.pk}
    assert listed(entity=russia.pk, publisher="Eurasia Ledger") == set()


def test_the_list_and_its_filters_work_while_the_cache_cannot_be_reached(
    researcher_client, russia, settings
):
    claim_set = make_conflict_set(entities=[russia])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    page = html(researcher_client.get("/", {"entity": russia.pk}))
    assert f'<option value="{russia.pk}" selected>Russia</option>' in page
    assert f'href="/claim-sets/{claim_set.pk}/"' in page


def test_bad_filter_values_are_reported_and_list_nothing(researcher_client):
    make_conflict_set()
    response = researcher_client.get("/", {"published_from": "2023-02-30", "entity": "abc"})
    page = html(response)
    assert response.context["digests"] == []
    assert "Nothing is listed: some filters could not be applied." in page
    assert "Published from: Enter a valid date." in page
    assert "Entity: “abc” is not an entity id." in page

    response = researcher_client.get(
        "/", {"published_from": "2030-01-01", "published_to": "2022-01-01"}
    )
    assert "The end of the range comes before its start." in html(response)
    assert response.context["digests"] == []


@pytest.mark.parametrize(
    "parameter, value, message",
    [
        ("entity", "999999", "Entity: No entity has the id 999999."),
        ("source", "999999", "Source: No source has the id 999999."),
        ("source", "many", "Source: Enter a whole number."),
        ("publisher", "Nobody Weekly",
         "Publisher: No claim set cites an article from the publisher “Nobody Weekly”."),
    ],
)  # fmt: skip
def test_an_unknown_filter_value_answers_a_message_not_every_set(
    researcher_client, parameter, value, message
):
    make_conflict_set()
    make_conflict_set()
    response = researcher_client.get("/", {parameter: value})
    page = html(response)
    assert response.context["digests"] == []
    assert "Nothing is listed: a filter could not be applied." in page
    assert message in page
    assert "0 claim sets match" in page

    export = researcher_client.get("/export.csv", {parameter: value})
    assert export.status_code == 400
    assert message in export.content.decode()


def test_a_parameter_that_is_no_filter_is_named_as_ignored(researcher_client, russia):
    about_russia = make_conflict_set(entities=[russia])
    make_conflict_set()
    response = researcher_client.get("/", {"entitty": russia.pk, "entity": russia.pk})
    page = html(response)
    assert "Ignored: “entitty” is not a filter of this list." in page
    assert [d.claim_set.pk for d in response.context["digests"]] == [about_russia.pk]


def test_a_known_entity_outside_every_conflict_lists_nothing_and_stays_selected(
    researcher_client, russia
):
    make_conflict_set()
    kazakhstan = EntityFactory(name="Kazakhstan")
    make_claim("Kazakhstan held an election.", entities=[kazakhstan])
    response = researcher_client.get("/", {"entity": kazakhstan.pk})
    page = html(response)
    assert response.context["digests"] == []
    assert "No claim set with a conflict matches these filters." in page
    assert f'<option value="{kazakhstan.pk}" selected>Kazakhstan</option>' in page


def test_a_publisher_filter_ignores_case(researcher_client):
    claim_set = make_conflict_set(publisher="Eurasia Ledger")
    make_conflict_set()
    response = researcher_client.get("/", {"publisher": "eurasia ledger"})
    assert [d.claim_set.pk for d in response.context["digests"]] == [claim_set.pk]


def test_list_is_paginated_with_the_filters_kept_in_the_links(researcher_client, russia):
    for _ in range(22):
        make_conflict_set(entities=[russia])
    first = researcher_client.get("/", {"entity": russia.pk})
    page = html(first)
    assert len(first.context["digests"]) == 20
    assert f"?entity={russia.pk}&amp;page=2" in page
    assert f"/export.csv?entity={russia.pk}" in page

    second = researcher_client.get("/", {"entity": russia.pk, "page": 2})
    assert len(second.context["digests"]) == 2
    assert f"?entity={russia.pk}&amp;page=1" in html(second)


# --- One claim set ---------------------------------------------------------------------


def test_claim_set_shows_both_sides_with_quotes_in_context(researcher_client):
    a = make_claim("Russia is reclaiming Central Asia.", title="CSTO troops land",
                   publisher="Northern Wire", published_on=date(2022, 1, 7),
                   url="https://example.org/csto")  # fmt: skip
    b = make_claim("Russia is losing Central Asia.", speaker="one delegate",
                   published_on=date(2023, 5, 19))  # fmt: skip
    link(a, b, note="Reclaiming in 2022, losing in 2023.")
    claim_set = Claim.objects.get(pk=a.pk).claim_set

    page = html(researcher_client.get(f"/claim-sets/{claim_set.pk}/"))

    assert (
        "The summit opened on a Monday. <mark>Russia is reclaiming Central Asia.</mark>"
        " Officials declined to comment." in page
    )
    assert "A later paragraph" not in page  # the quote stops at the paragraph
    assert "CSTO troops land" in page and "Northern Wire" in page and "7 Jan 2022" in page
    assert 'href="https://example.org/csto"' in page
    assert '<span class="speaker">one delegate</span>' in page
    assert "Reclaiming in 2022, losing in 2023." in page
    assert 'aria-labelledby="side-a-heading"' in page and 'aria-labelledby="side-b-heading"' in page


def test_claim_set_draws_the_timeline_and_the_picture(researcher_client):
    claim_set = make_conflict_set(side_a=2, side_b=1)
    response = researcher_client.get(f"/claim-sets/{claim_set.pk}/")
    timeline, graph = str(response.context["timeline"]), str(response.context["graph"])

    assert timeline.count("<circle") == 3
    assert graph.count("<circle") == 3
    assert graph.count('stroke-dasharray="7 5"') == 1  # the conflict
    assert graph.count('stroke="#2f7d32"') == 1  # the agreement
    assert "<title>A1 conflicts with B1 — They cannot both hold.</title>" in graph
    assert len(response.context["timeline_claims"]) == 3


def test_an_inconsistent_set_marks_the_links_of_its_loop(researcher_client):
    a, b, c = make_claim(), make_claim(), make_claim()
    link(a, b)
    link(b, c)
    link(a, c)
    claim_set = ClaimSet.objects.get()
    assert claim_set.is_inconsistent
    page = html(researcher_client.get(f"/claim-sets/{claim_set.pk}/"))
    assert "Inconsistent links." in page
    assert page.count('class="in-cycle"') == 3


def test_unknown_pages_are_404(researcher_client):
    for url in ("/claim-sets/999/", "/claims/999/", "/entities/999/", "/sources/999/",
                "/claim-sets/999/export.csv", "/export.xml"):  # fmt: skip
        assert researcher_client.get(url).status_code == 404, url


# --- Claims, entities, sources --------------------------------------------------------


def test_claim_page_shows_the_quote_its_set_and_its_links(researcher_client, russia):
    a = make_claim("Russia is reclaiming Central Asia.", entities=[russia], speaker="a minister")
    b = make_claim("Russia is losing Central Asia.")
    link(a, b, note="Opposite readings.")
    page = html(researcher_client.get(f"/claims/{a.pk}/"))
    assert "<mark>Russia is reclaiming Central Asia.</mark>" in page
    assert "a minister" in page
    assert reverse("claims:entity_detail", args=[russia.pk]) in page
    assert "Russia is losing Central Asia." in page and "Opposite readings." in page
    assert ", Side A" in page


def test_entity_page_lists_its_sets_in_conflict_then_its_claims(researcher_client, russia):
    claim_set = make_conflict_set(side_a=2, entities=[russia])
    claim_set_update(claim_set=claim_set, title="The Russia question")
    loose = make_claim("Russia held exercises.", entities=[russia])
    make_claim("Russia was rejected.", entities=[russia], status="rejected")
    make_claim("Nothing about it.")

    response = researcher_client.get(f"/entities/{russia.pk}/")
    page = html(response)

    assert [s.pk for s in response.context["claim_sets"]] == [claim_set.pk]
    assert "2 claims against 1" in page
    sets_at, claims_at = page.index("Claim sets with a conflict"), page.index("Every claim about")
    assert sets_at < page.index("The Russia question") < claims_at
    claims = response.context["claims"]
    assert claims[0] == loose and len(claims) == 4  # newest first
    assert page.count('in <a href="/claim-sets/') == 3
    assert loose.text in page
    assert "Russia was rejected." not in page
    assert "Nothing about it." not in page


def test_entity_page_shows_the_seeded_aliases_as_written(researcher_client):
    russia = EntityAlias.objects.get(normalized="russia").entity
    EntityAliasFactory(entity=russia, text="the Kremlin's", normalized="kremlins")
    page = html(researcher_client.get(f"/entities/{russia.pk}/"))
    also = page.split("also called ", 1)[1].split("</p>", 1)[0]
    assert also.startswith("Kremlin, Russian, Russian Federation, Russians")
    assert "the Kremlin&#x27;s" in also and "kremlin," not in also and "russia" not in also


def test_every_page_names_a_set_as_the_list_does(researcher_client, russia):
    """The entity page (its sets and its claims' "in" lines), the claim page and the source
    page name a set by the list's title, marked as proposed where the machine made it."""
    a = make_claim("Russia gains ground.", entities=[russia], subject="Russia", predicate="gain")
    b = make_claim("Russia loses ground.", entities=[russia], subject="Russia", predicate="lose")
    link(a, b)
    a.refresh_from_db()
    named = make_conflict_set(entities=[russia])
    claim_set_update(claim_set=named, question="Who guards the steppe?")
    title = "Does Russia gain or lose?"
    assert title in html(researcher_client.get("/"))

    entity_page = html(researcher_client.get(f"/entities/{russia.pk}/"))
    sets_part, claims_part = entity_page.split("Every claim about", 1)
    for part in (sets_part, claims_part):
        assert title in part and "Who guards the steppe?" in part
        assert "Proposed title" in part
        assert "Claim set " not in part.replace("Claim sets", "")
    assert claims_part.count(title) == 2 and claims_part.count("Who guards the steppe?") == 2
    claim_page = html(researcher_client.get(f"/claims/{a.pk}/"))
    assert claim_page.count(title) == 2 and "Proposed title" in claim_page  # crumbs, facts
    source_page = html(researcher_client.get(f"/sources/{a.source_id}/"))
    assert title in source_page and f"Claim set {a.claim_set_id}" not in source_page
    named_claim = named.claims.first()
    named_page = html(researcher_client.get(f"/claims/{named_claim.pk}/"))
    assert "Who guards the steppe?" in named_page and "Proposed title" not in named_page


def test_source_page_shows_the_article_with_its_claims_marked(researcher_client):
    claim = make_claim("Russia is reclaiming Central Asia.", title="CSTO troops land")
    make_claim("Not in this article.")
    response = researcher_client.get(f"/sources/{claim.source_id}/")
    page = html(response)
    assert (
        f'<mark class="claim" id="claim-{claim.pk}">Russia is reclaiming Central Asia.</mark>'
        in page
    )
    assert "<p>A later paragraph about something else.</p>" in page
    assert "Not in this article." not in page


def test_source_page_numbers_its_claims_once_in_the_text_and_in_the_list(researcher_client):
    for _ in range(3):
        make_claim()  # claims of other articles: this one's ids do not start at 1
    body = "Headline\n\nRussia sent troops. China built roads.\n\nKazakhstan voted."
    source = SourceFactory(body=body)
    claims = [claim_in_source(source, text) for text in
              ("Kazakhstan voted.", "Russia sent troops.", "China built roads.")]  # fmt: skip
    response = researcher_client.get(f"/sources/{source.pk}/")
    page = html(response)
    reading_order = sorted(claims, key=lambda c: c.start)
    assert [c.pk for c in response.context["claims"]] == [c.pk for c in reading_order]
    for number, claim in enumerate(reading_order, start=1):
        assert claim.pk != number
        in_text = (
            f'<a class="claim-ref" href="/claims/{claim.pk}/" '
            f'aria-label="Claim {number} of this article">{number}</a>'
        )
        in_list = f'<li value="{number}">\n            <a href="#claim-{claim.pk}">{claim.text}</a>'
        assert in_text in page and in_list in page
        assert f">{claim.pk}</a>" not in page


# --- Escaping ---------------------------------------------------------------------------


def test_markup_from_a_source_is_shown_as_text_everywhere(researcher_client, settings):
    russia = EntityFactory(name=f"Russia {XSS}")
    hostile = make_claim(f"Russia sent {XSS} paratroopers.", entities=[russia],
                         title=f"Title {XSS}", publisher=f"Press {XSS}", speaker=f"Speaker {XSS}",
                         url="https://example.org/?a=1&b=<x>", score=0.99)  # fmt: skip
    other = make_claim()
    link(hostile, other, note=f"Note {XSS}")
    claim_set = Claim.objects.get(pk=hostile.pk).claim_set

    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
    for url in ("/", f"/claim-sets/{claim_set.pk}/", f"/claims/{hostile.pk}/",
                f"/entities/{russia.pk}/", f"/sources/{hostile.source_id}/"):  # fmt: skip
        page = html(researcher_client.get(url))
        assert "<script>window" not in page, url
        assert "<b>bold" not in page, url
        assert escaped in page, url
    detail = researcher_client.get(f"/claim-sets/{claim_set.pk}/")
    assert "<script>" not in str(detail.context["graph"])
    assert "<script>" not in str(detail.context["timeline"])


# --- Who may read -----------------------------------------------------------------------

PAGES = ["/", "/claim-sets/{set}/", "/claims/{claim}/", "/entities/{entity}/", "/sources/{source}/"]


def status_of(client, url) -> int:
    """The status of GET ``url``, a streamed download read to the end as a browser would
    (an export left unread holds a server-side cursor past the test's transaction)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


EXPORTS = ["/claim-sets/{set}/export.csv", "/claim-sets/{set}/export.json", "/export.csv",
           "/export.json"]  # fmt: skip


@pytest.fixture
def urls(russia):
    claim_set = make_conflict_set(entities=[russia])
    claim = claim_set.claims.first()
    ids = {"set": claim_set.pk, "claim": claim.pk, "entity": russia.pk, "source": claim.source_id}
    return {
        "pages": [p.format(**ids) for p in PAGES],
        "exports": [e.format(**ids) for e in EXPORTS],
    }


def test_anonymous_visitors_sign_in_first_unless_public(client, urls, settings):
    settings.TRACKER_PUBLIC = False
    for url in urls["pages"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    for url in urls["exports"]:
        assert status_of(client, url) == 403, url


def test_anonymous_visitors_read_everything_in_public_mode(client, urls, settings):
    settings.TRACKER_PUBLIC = True
    for url in urls["pages"] + urls["exports"]:
        assert status_of(client, url) == 200, url


def test_researchers_and_editors_read_but_other_accounts_do_not(
    client, urls, researcher_user, editor_user, settings
):
    settings.TRACKER_PUBLIC = False
    nobody = get_user_model().objects.create_user(username="nobody", password="a-long-password")
    for user, status in ((researcher_user, 200), (editor_user, 200), (nobody, 403)):
        client.force_login(user)
        for url in urls["pages"] + urls["exports"]:
            assert status_of(client, url) == status, (user.username, url)


def test_signing_in_leads_back_to_the_page_asked_for(client, researcher_user, settings, urls):
    settings.TRACKER_PUBLIC = False
    target = urls["pages"][1]
    login = client.get(target, follow=True)
    assert b"Sign in" in login.content
    response = client.post(
        login.redirect_chain[-1][0],
        {"username": researcher_user.username, "password": "a-long-password"},
    )
    assert response.status_code == 302 and response["Location"] == target


# --- What each page costs ---------------------------------------------------------------

# The signed-in researcher costs three: session, user, and the user's groups.
AUTH = 3


def _build_many(n: int, russia):
    """n conflict sets about Russia, each of 2 + 1 claims."""
    sets = [make_conflict_set(side_a=2, side_b=1, entities=[russia]) for _ in range(n)]
    return sets[0]


@pytest.mark.parametrize("n", [5, 500])
def test_list_query_count_does_not_grow(researcher_client, russia, django_assert_num_queries, n):
    bulk_conflict_sets(bulk_claims(russia, 3 * n), 3)
    # what the sets in conflict are now, the filter choices (entities, publishers; kept
    # while the sets stay as they are), count, page, its claims, their mentions
    with django_assert_num_queries(AUTH + 7):
        page = html(researcher_client.get("/", {"entity": russia.pk, "q": "Russia"}))
    assert f"{n} claim sets match" in page
    # the choices again only when the sets changed
    with django_assert_num_queries(AUTH + 5):
        html(researcher_client.get("/", {"entity": russia.pk, "q": "Russia"}))


@pytest.mark.parametrize("n", [5, 500])
def test_claim_set_query_count_does_not_grow(
    researcher_client, russia, django_assert_num_queries, n
):
    (claim_set,) = bulk_conflict_sets(bulk_claims(russia, n), n)
    # the set, its claims and links counted, the claims shown with their sources, their
    # mentions, the links between them, its publishers, its claims per month; and when
    # only some claims are shown and no editor named the set, all its claims and their
    # mentions for the machine's title (the list's)
    collapsed = n > 2 * SIDE_CLAIMS_SHOWN
    with django_assert_num_queries(AUTH + 8 + 2 * collapsed):
        html(researcher_client.get(f"/claim-sets/{claim_set.pk}/"))
    with django_assert_num_queries(AUTH + 8):
        html(researcher_client.get(f"/claim-sets/{claim_set.pk}/?all=1"))
    claim_set_update(claim_set=claim_set, title="Named by an editor")
    with django_assert_num_queries(AUTH + 8):
        html(researcher_client.get(f"/claim-sets/{claim_set.pk}/"))


@pytest.mark.parametrize("n", [5, 500])
def test_entity_query_count_does_not_grow(researcher_client, russia, django_assert_num_queries, n):
    bulk_conflict_sets(bulk_claims(russia, n), 2)
    # the entity, its aliases, its sets in conflict (the newest, count), its claims (count,
    # the page's ids, the page), their mentions, and for the titles of the sets shown
    # that no editor named: their claims, their mentions
    with django_assert_num_queries(AUTH + 10):
        html(researcher_client.get(f"/entities/{russia.pk}/"))
    ClaimSet.objects.update(title="Named by an editor")
    with django_assert_num_queries(AUTH + 8):
        page = html(researcher_client.get(f"/entities/{russia.pk}/"))
    assert "Named by an editor" in page and "Proposed title" not in page


# The editor's session, user, groups and permissions, the set, its claims for the machine's
# title (with mentions), the sides' first claims (with mentions) and counts, its history.
ADMIN_CLAIM_SET_QUERIES = 13


@pytest.mark.parametrize("n", [5, 500])
def test_admin_claim_set_query_count_does_not_grow(
    editor_client, russia, django_assert_num_queries, n
):
    (claim_set,) = bulk_conflict_sets(bulk_claims(russia, n), n)
    ContentType.objects.clear_cache()  # as on a fresh process: the admin looks it up
    with django_assert_num_queries(ADMIN_CLAIM_SET_QUERIES):
        response = editor_client.get(f"/admin/claims/claimset/{claim_set.pk}/change/")
    page = html(response)
    shown = {c.text for c in response.context["original"].claims.all() if c.text in page}
    assert len(shown) == min(n, 2 * ADMIN_SIDE_CLAIMS_SHOWN)
    if n > 2 * ADMIN_SIDE_CLAIMS_SHOWN:
        assert page.count(f"The first {ADMIN_SIDE_CLAIMS_SHOWN} of {n // 2} claims.") == 2


@pytest.mark.parametrize("n", [3000])
def test_entity_page_shows_a_page_of_its_claims_at_a_time(researcher_client, russia, n):
    claims = bulk_claims(russia, n)
    bulk_conflict_sets(claims[: n // 2], 2)
    url = f"/entities/{russia.pk}/"

    first = researcher_client.get(url)
    page = html(first)
    newest = sorted((c.pk for c in claims), reverse=True)
    assert [c.pk for c in first.context["claims"]] == newest[:50]
    assert page.count('<blockquote class="quote">') == 50
    assert f"{n} claims" in page and f"Claims 1–50 of {n}, newest first." in page
    assert 'rel="next" href="?page=2#claims-heading"' in page
    assert f"The 20 most recently active of {n // 4} claim sets." in page
    assert f'href="/?entity={russia.pk}">All {n // 4} claim sets' in page

    second = researcher_client.get(url, {"page": 2})
    assert [c.pk for c in second.context["claims"]] == newest[50:100]
    assert "Claims 51–100" in html(second)

    last = html(researcher_client.get(url, {"page": n // 50}))
    assert f"Page {n // 50} of {n // 50}" in last and 'rel="next"' not in last


def test_entity_page_links_keep_other_parameters_escaped(researcher_client, russia):
    bulk_claims(russia, 120)
    page = html(researcher_client.get(f"/entities/{russia.pk}/", {"x": '"><b>', "page": 2}))
    assert 'href="?x=%22%3E%3Cb%3E&amp;page=3#claims-heading"' in page
    assert "<b>" not in page.split("<main", 1)[1]


@pytest.mark.parametrize("n", [2000])
def test_a_large_set_shows_the_first_claims_of_each_side_and_all_on_demand(
    researcher_client, russia, n
):
    claims = bulk_claims(russia, n)
    (claim_set,) = bulk_conflict_sets(claims, n)
    # The claim that speaks for the set, and so names it, is one the page leaves out.
    Claim.objects.filter(pk=claims[-1].pk).update(score=0.99)
    url = f"/claim-sets/{claim_set.pk}/"

    response = researcher_client.get(url)
    page = html(response)
    assert page.count('class="claim-card"') == 2 * SIDE_CLAIMS_SHOWN
    shown = {claim.pk for side in response.context["sides"] for claim in side["claims"]}
    assert claims[-1].pk not in shown
    assert page.count(f"The first {SIDE_CLAIMS_SHOWN} of {n // 2} claims.") == 2
    assert page.count(f'href="?all=1#side-a-heading">Show all {n // 2}</a>') == 1
    assert f"Side A: {n // 2} claims; Side B: {n // 2}" in page
    assert f"Show all {n} claims" in page
    # the links between the claims shown, of all of them
    assert f"of {n - 1} in the set" in page
    assert len(response.context["links"]) == SIDE_CLAIMS_SHOWN * 2 - 1
    # the timeline counts claims per month; the picture ends each side with the rest
    timeline = str(response.context["timeline"])
    assert 'class="bucket"' in timeline and 'class="node"' not in timeline
    assert sum(row["count"] for row in response.context["timeline_buckets"]) == n
    graph = str(response.context["graph"])
    assert graph.count('class="node"') == 2 * SIDE_CLAIMS_SHOWN
    assert graph.count(f"+ {n // 2 - SIDE_CLAIMS_SHOWN} more claims") == 2

    everything = researcher_client.get(url, {"all": 1, "reviewed": "all"})
    page = html(everything)
    assert page.count('class="claim-card"') == n
    assert len(everything.context["links"]) == n - 1
    # every claim, but still a timeline of months: a dot each would be a smear
    assert sum(row["count"] for row in everything.context["timeline_buckets"]) == n
    assert f"Show the first {SIDE_CLAIMS_SHOWN} of each side" in page
    assert 'href="?reviewed=all">Show the first' in page
    # named as on the list, from all its claims, whether they are all shown or not
    title = everything.context["digest"].title
    assert title == claims[-1].text and response.context["digest"].title == title
    assert title in html(researcher_client.get("/", {"reviewed": "all"}))


def test_show_all_keeps_the_reviewed_choice_and_counts_over_the_whole_set(
    researcher_client, russia
):
    claims = bulk_claims(russia, 60, status="proposed")
    (claim_set,) = bulk_conflict_sets(claims, 60)
    Claim.objects.filter(pk__in=[c.pk for c in claims[:50]]).update(status="accepted")

    url = f"/claim-sets/{claim_set.pk}/"
    reviewed = html(researcher_client.get(url, {"reviewed": "reviewed"}))
    assert "10 claims and" in reviewed  # the proposals hidden, counted over the whole set
    assert "Side A: 25 claims; Side B: 25" in reviewed
    assert 'href="?reviewed=reviewed&amp;all=1"' in reviewed


@pytest.mark.parametrize("n", [5, 50])
def test_claim_query_count_does_not_grow(researcher_client, django_assert_num_queries, n):
    claim = make_claim()
    for _ in range(n):
        link(claim, make_claim(), "agree")
    # the claim, its mentions, its links, and for its set's title (no editor named the
    # set): the set's claims, their mentions
    with django_assert_num_queries(AUTH + 5):
        html(researcher_client.get(f"/claims/{claim.pk}/"))
    ClaimSet.objects.update(title="Named by an editor")
    with django_assert_num_queries(AUTH + 3):
        html(researcher_client.get(f"/claims/{claim.pk}/"))


@pytest.mark.parametrize("n", [5, 50])
def test_source_query_count_does_not_grow(researcher_client, russia, django_assert_num_queries, n):
    body = "Headline\n\n" + " ".join(f"Russia moved unit {i}." for i in range(n))
    source = make_claim().source
    source.body = body
    source.save()
    for i in range(n):
        sentence = f"Russia moved unit {i}."
        start = body.index(sentence)
        Claim.objects.create(source=source, text=sentence, start=start, end=start + len(sentence))
    # the source, its claims, their mentions
    with django_assert_num_queries(AUTH + 3):
        html(researcher_client.get(f"/sources/{source.pk}/"))


def test_a_title_hiding_bidi_controls_shows_them_and_reorders_nothing(researcher_client):
    claim = make_claim(title="Kazakhstan\u202e keeps its distance\u200b", publisher="")
    pages = [
        researcher_client.get(reverse("claims:source_detail", args=[claim.source_id])),
        researcher_client.get(reverse("claims:claim_detail", args=[claim.pk])),
    ]
    shown = "Kazakhstan⟨U+202E⟩ keeps its distance⟨U+200B⟩"
    for page in pages:
        content = page.content.decode()
        assert "\u202e" not in content and "\u200b" not in content
        assert f"<bdi>{shown}</bdi>" in content
    assert f"<title>{shown}" in pages[0].content.decode()


def test_a_change_over_time_is_shown_as_a_change_not_a_contradiction(researcher_client, russia):
    earlier = make_claim(
        "Russia remained Kazakhstan's largest trading partner, the 2022 figures show.",
        entities=[russia],
        published_on=date(2022, 12, 6),
    )
    later = make_claim(
        "China is now Kazakhstan's largest trading partner, the 2023 figures show.",
        entities=[russia],
        published_on=date(2023, 11, 10),
    )
    changed = link(earlier, later, "conflict")
    ClaimLink.objects.filter(pk=changed.pk).update(
        reasons=[{"type": "change_over_time", "detail": "largest trading partner"}],
        date_a=date(2022, 12, 6),
        date_b=date(2023, 11, 10),
    )
    earlier.refresh_from_db()
    for url in (f"/claims/{earlier.pk}/", f"/claim-sets/{earlier.claim_set_id}/"):
        page = html(researcher_client.get(url))
        assert "change over time: 6 Dec 2022 → 10 Nov 2023" in page, url
    # The relation stays a conflict: the set keeps its two sides.
    assert ClaimLink.objects.get(pk=changed.pk).relation == "conflict"


# --- Names and review status ------------------------------------------------------------


def test_a_named_set_shows_its_question_side_labels_and_summary_on_the_list_and_its_page(
    researcher_client,
):
    claim_set = make_conflict_set()
    claim_set_update(
        claim_set=claim_set, question="Is Russia losing Central Asia to China?",
        side_a_label="Losing", side_b_label="Holding on", summary="Two readings of 2022.",
    )  # fmt: skip
    listing = html(researcher_client.get("/"))
    page = html(researcher_client.get(f"/claim-sets/{claim_set.pk}/"))
    for shown in (listing, page):
        assert "Is Russia losing Central Asia to China?" in shown
        assert "Losing" in shown and "Holding on" in shown
        assert "Two readings of 2022." in shown
        assert "Side A" not in shown and "Proposed title" not in shown


def test_an_agree_only_set_is_one_group_not_two_sides(researcher_client):
    a = make_claim("Russia keeps its base at Kant.")
    link(a, make_claim("Russia keeps troops in Kyrgyzstan."), "agree")
    a.refresh_from_db()
    page = html(researcher_client.get(f"/claim-sets/{a.claim_set_id}/"))
    assert "Claims that agree" in page and "2 claims that agree, no conflict" in page
    assert "Side B" not in page and "No claims on this side." not in page


def test_conflicts_between_proposals_are_marked_unreviewed_and_hidden_by_reviewed_only(
    researcher_client, settings
):
    settings.TRACKER_REVIEWED_ONLY = False
    reviewed = make_conflict_set()
    first = make_claim("Moscow is reclaiming the steppe.", status="proposed")
    link(first, make_claim("Moscow is losing the steppe.", status="proposed"))
    first.refresh_from_db()
    unreviewed_url = reverse("claims:claim_set_detail", args=[first.claim_set_id])
    reviewed_url = reverse("claims:claim_set_detail", args=[reviewed.pk])

    everything = html(researcher_client.get("/"))
    assert unreviewed_url in everything and reviewed_url in everything
    assert "Not reviewed" in everything
    page = html(researcher_client.get(unreviewed_url))
    assert page.count("Not reviewed") >= 2
    assert 'Confirmed link<span aria-hidden="true"> · </span>' in page
    assert ">claims still proposed</span>" in page

    only = html(researcher_client.get("/?reviewed=reviewed"))
    assert unreviewed_url not in only and reviewed_url in only
    hidden = html(researcher_client.get(unreviewed_url + "?reviewed=reviewed"))
    assert "Moscow is reclaiming the steppe." not in hidden
    assert "2 claims and 1 link no editor has reviewed yet are hidden" in hidden


def test_reviewed_only_is_the_default_in_public_mode(client, settings, db):
    settings.TRACKER_PUBLIC = settings.TRACKER_REVIEWED_ONLY = True
    reviewed = make_conflict_set()
    first = make_claim("Moscow is reclaiming the steppe.", status="proposed")
    link(first, make_claim("Moscow is losing the steppe.", status="proposed"))
    first.refresh_from_db()

    page = html(client.get("/"))
    assert reverse("claims:claim_set_detail", args=[reviewed.pk]) in page
    assert reverse("claims:claim_set_detail", args=[first.claim_set_id]) not in page
    assert '<option value="reviewed" selected>Reviewed only</option>' in page
    assert reverse("claims:claim_set_detail", args=[first.claim_set_id]) in html(
        client.get("/?reviewed=all")
    )


def test_the_claim_page_says_whether_an_editor_reviewed_the_claim(researcher_client):
    proposed = make_claim("Moscow is reclaiming the steppe.", status="proposed")
    accepted = make_claim("Moscow is losing the steppe.")
    link(proposed, accepted)
    assert "Not reviewed" in html(researcher_client.get(f"/claims/{proposed.pk}/"))
    page = html(researcher_client.get(f"/claims/{accepted.pk}/"))
    assert "Accepted by an editor" in page and "Confirmed link" in page
    assert "claims still proposed" in page and "claims not reviewed" not in page


def test_a_bare_pronoun_speaker_stored_earlier_is_not_shown(researcher_client):
    claim = make_claim("Russia is reclaiming Central Asia.", speaker="he")
    link(claim, make_claim("Russia is losing Central Asia."))
    page = html(researcher_client.get(f"/claims/{claim.pk}/"))
    assert "he</span>, in" not in page and "<dt>Speaker</dt>" not in page
