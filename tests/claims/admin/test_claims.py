"""The claims admin: review in bulk, filters, a claim's page (context, links, related claims)."""

import html

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink
from claims.selectors import claims as claim_selectors
from common.db import LargeTablePaginator
from tests.factories import ClaimFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_claim_changelist")
BODY = (
    "Troops in Kazakhstan\n\n"
    "Unrest spread across the country. Russia sent troops to Kazakhstan in January 2022.\n\n"
    "China overtook Russia as Kazakhstan's largest trading partner in 2022."
)


def claim_on(source, sentence, **kwargs):
    start = source.body.index(sentence)
    return ClaimFactory(
        source=source, start=start, end=start + len(sentence), text=sentence, **kwargs
    )


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("query", ["", "?q=troops", "?has_conflict=yes", "?p=2"])
def test_claim_list_queries_do_not_grow_with_rows(editor_client, query, count_queries):
    russia, china = EntityFactory(name="Russia"), EntityFactory(name="China")

    def make(n):
        for _ in range(n):
            claim = ClaimFactory()
            MentionFactory(claim=claim, entity=russia)
            MentionFactory(claim=claim, entity=china, start=10, end=15)
            if claim.pk % 2 == 0:
                ClaimLink.objects.create(
                    claim_a_id=claim.pk - 1, claim_b=claim, relation="conflict", status="confirmed"
                )

    make(5 if query != "?p=2" else 105)
    _, few = count_queries(editor_client, LIST + query)
    make(495)
    response, many = count_queries(editor_client, LIST + query)
    assert many == few
    assert len(response.context["cl"].result_list) == 50


def test_list_shows_entities_and_link_counts_from_either_end(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    MentionFactory(claim=a, entity=EntityFactory(name="Kazakhstan"))
    claim_link_create(claim_a=a, claim_b=b, relation="conflict")
    claim_link_create(claim_a=c, claim_b=a, relation="agree")
    response = editor_client.get(LIST)
    row = next(r for r in response.context["cl"].result_list if r.pk == a.pk)
    # Both links are suggestions: counted apart from the confirmed ones.
    assert (row.agree_count, row.conflict_count) == (0, 0)
    assert (row.suggested_agree_count, row.suggested_conflict_count) == (1, 1)
    assert "Kazakhstan" in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=accepted", {"accepted"}),
        # A suggested conflict is not a conflict; it is an open one.
        ("has_conflict=yes", set()),
        ("has_conflict=no", {"accepted", "conflicted", "plain"}),
        ("has_open_conflict=yes", {"conflicted"}),
        ("has_open_conflict=no", {"accepted", "plain"}),
        ("publisher=Caspian+Post", {"plain"}),
        ("entity=tokayev", {"plain"}),
        ("source=Caspian", {"plain"}),
    ],
)
def test_filters_narrow_the_list(editor_client, query, expected):
    accepted = ClaimFactory(status=Claim.Status.ACCEPTED)
    conflicted = ClaimFactory()
    claim_link_create(
        claim_a=conflicted, claim_b=ClaimFactory(status="rejected"), relation="conflict"
    )
    plain = ClaimFactory(source=SourceFactory(publisher="Caspian Post", title="Caspian notes"))
    MentionFactory(claim=plain, entity=EntityFactory(name="Kassym-Jomart Tokayev"))
    names = {accepted.pk: "accepted", conflicted.pk: "conflicted", plain.pk: "plain"}
    response = editor_client.get(f"{LIST}?{query}")
    shown = {names.get(c.pk, "other") for c in response.context["cl"].result_list}
    assert shown - {"other"} == expected


def test_search_finds_claims_by_their_words_or_one_by_id(editor_client):
    source = SourceFactory(body=BODY)
    troops = claim_on(source, "Russia sent troops to Kazakhstan in January 2022.")
    trade = claim_on(
        source, "China overtook Russia as Kazakhstan's largest trading partner in 2022."
    )

    def found(q):
        response = editor_client.get(LIST, {"q": q})
        return {c.pk for c in response.context["cl"].result_list}

    assert found("Kazakhstan troops") == {troops.pk}
    assert found("Kazakhstan") == {troops.pk, trade.pk}
    assert found("submarines") == set()
    assert found(f"#{trade.pk}") == {trade.pk}
    assert "#id for one claim" in page_text(editor_client.get(LIST))


def test_deep_pages_stop_with_a_message_to_narrow_the_list(editor_client, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "max_pages", 2)
    claims = [ClaimFactory() for _ in range(120)]
    second = editor_client.get(LIST, {"p": 2})
    # The second page holds the 51st to the 100th claim in the list's order.
    assert [c.pk for c in second.context["cl"].result_list] == [c.pk for c in claims[50:100]]
    assert "narrow the filters or search to go deeper" in page_text(second)
    assert "more than 100 claims" in page_text(second)
    deeper = editor_client.get(LIST, {"p": 3})
    assert deeper.status_code == 200
    assert [c.pk for c in deeper.context["cl"].result_list] == [c.pk for c in claims[50:100]]
    assert "Only the first 2 pages are listed (100 claims)" in page_text(deeper)
    first = editor_client.get(LIST)
    assert "narrow the filters" not in page_text(first)
    narrowed = editor_client.get(LIST, {"q": f"#{claims[110].pk}"})
    assert [c.pk for c in narrowed.context["cl"].result_list] == [claims[110].pk]


def test_link_counts_are_shown_but_not_sortable(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")
    response = editor_client.get(LIST)
    assert {c.pk: c.conflict_count for c in response.context["cl"].result_list} == {
        a.pk: 1,
        b.pk: 1,
    }
    # The score's header sorts (the third column); the agree and conflict headers do not.
    content = response.content.decode()
    assert "?o=3" in content
    assert "?o=4" not in content and "?o=5" not in content


def test_entity_filter_by_id_from_the_entity_page(editor_client):
    claim = ClaimFactory()
    entity = EntityFactory()
    MentionFactory(claim=claim, entity=entity)
    ClaimFactory()
    response = editor_client.get(f"{LIST}?entity={entity.pk}")
    assert [c.pk for c in response.context["cl"].result_list] == [claim.pk]


def test_bulk_accept_and_reject_record_the_reviewer(editor_client, editor_user):
    first, second, third = ClaimFactory(), ClaimFactory(), ClaimFactory()
    response = editor_client.post(
        LIST, {"action": "accept_claims", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 claim(s) accepted." in page_text(response)
    editor_client.post(LIST, {"action": "reject_claims", "_selected_action": [third.pk]})
    for claim in (first, second, third):
        claim.refresh_from_db()
    assert (first.status, second.status, third.status) == ("accepted", "accepted", "rejected")
    assert first.reviewed_by == editor_user
    assert first.history.first().history_user == editor_user


def test_editing_a_claim_marks_it_reviewed_and_edited(editor_client, editor_user):
    claim = ClaimFactory(subject="Russia", predicate="send")
    response = editor_client.post(
        change_url(claim),
        {
            "status": "accepted",
            "subject": "Moscow",
            "predicate": "send",
            "object": "troops",
            "speaker": "",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.subject, claim.object, claim.status) == ("Moscow", "troops", "accepted")
    assert claim.is_edited and claim.reviewed_by == editor_user


def test_changing_only_the_status_is_a_review_not_an_edit(editor_client):
    claim = ClaimFactory(subject="Russia")
    editor_client.post(change_url(claim), {"status": "rejected", "subject": "Russia"})
    claim.refresh_from_db()
    assert claim.status == "rejected" and not claim.is_edited


def test_claim_page_shows_its_paragraph_escaped_with_the_claim_marked(editor_client):
    source = SourceFactory(body=BODY.replace("Unrest", "<script>alert(1)</script> Unrest"))
    claim = claim_on(
        source,
        "Russia sent troops to Kazakhstan in January 2022.",
        score_reasons=["+0.50 asserts something about a named entity", "-0.10 hedged"],
    )
    content = editor_client.get(change_url(claim)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Unrest spread" in content
    assert '<mark class="claim claim--current" title="This claim">Russia sent troops' in content
    # Only its own paragraph: not the headline, not the next paragraph.
    context = content.split('class="claim-context">')[1].split("</p>")[0]
    assert "China overtook" not in context and "Troops in Kazakhstan" not in context
    assert '<li class="score-up">+0.50 asserts something about a named entity</li>' in content
    assert '<li class="score-down">-0.10 hedged</li>' in content


def test_a_link_shows_on_the_pages_of_both_its_claims(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    link = claim_link_create(claim_a=b, claim_b=a, relation="conflict", note="Dates disagree")
    for claim, other in ((a, b), (b, a)):
        response = editor_client.get(change_url(claim))
        assert [x.pk for x in response.context["claim_links"]] == [link.pk]
        assert response.context["claim_links"][0].other == other
        assert "Dates disagree" in page_text(response)
        assert change_url(other) in response.content.decode()


def test_add_link_form_confirms_a_conflict_and_builds_a_set(editor_client, editor_user):
    a, b = ClaimFactory(), ClaimFactory()
    url = reverse("admin:claims_claim_link", args=[a.pk])
    response = editor_client.post(
        url, {"other": b.pk, "relation": "conflict", "status": "confirmed", "note": "Contradicts"}
    )
    assert response.status_code == 302
    link = ClaimLink.objects.get()
    assert (link.status, link.origin, link.note, link.created_by) == (
        "confirmed", "editor", "Contradicts", editor_user,
    )  # fmt: skip
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.claim_set_id == b.claim_set_id is not None and {a.side, b.side} == {0, 1}
    again = editor_client.post(url, {"other": b.pk, "relation": "agree", "status": "confirmed"})
    assert "already linked" in page_text(editor_client.get(again["Location"]))
    assert ClaimLink.objects.count() == 1


def test_a_claim_cannot_be_linked_to_itself_from_its_page(editor_client):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_link", args=[claim.pk])
    response = editor_client.post(
        url, {"other": claim.pk, "relation": "agree", "status": "confirmed"}, follow=True
    )
    assert "cannot be linked to itself" in page_text(response)
    assert not ClaimLink.objects.exists()


def test_related_claims_offer_one_click_agree_and_conflict(editor_client):
    russia, kazakhstan = EntityFactory(name="Russia"), EntityFactory(name="Kazakhstan")
    claim = ClaimFactory()
    close, far = ClaimFactory(), ClaimFactory()
    # Same source: not offered, however close.
    body = claim.source.body
    same_source = ClaimFactory(source=claim.source, start=0, end=8, text=body[:8])
    pairs = [
        (claim, [russia, kazakhstan]),
        (close, [russia, kazakhstan]),
        (far, [russia]),
        (same_source, [russia, kazakhstan]),
    ]
    for c, entities in pairs:
        for i, entity in enumerate(entities):
            MentionFactory(claim=c, entity=entity, start=i, end=i + 1)
    response = editor_client.get(change_url(claim))
    assert [c.pk for c in response.context["related_claims"]] == [close.pk, far.pk]
    content = response.content.decode()
    assert f'aria-label="Conflict with claim {close.pk}"' in content
    editor_client.post(
        reverse("admin:claims_claim_link", args=[claim.pk]),
        {"other": close.pk, "relation": "agree", "status": "confirmed"},
    )
    link = ClaimLink.objects.get()
    assert (link.relation, link.status) == ("agree", "confirmed")
    claim.refresh_from_db()
    close.refresh_from_db()
    assert claim.claim_set_id == close.claim_set_id and claim.side == close.side
    # Once linked, it leaves the related list and shows among the links.
    response = editor_client.get(change_url(claim))
    assert [c.pk for c in response.context["related_claims"]] == [far.pk]


def test_related_claims_weigh_a_rare_entity_beyond_a_hub_entitys_newest_claims(
    editor_client, monkeypatch
):
    monkeypatch.setattr(claim_selectors, "RELATED_PER_ENTITY", 3)
    hub, rare = EntityFactory(name="Russia"), EntityFactory(name="Zhanaozen")
    claim = ClaimFactory()
    MentionFactory(claim=claim, entity=hub)
    MentionFactory(claim=claim, entity=rare, start=10, end=19)
    older = ClaimFactory()
    MentionFactory(claim=older, entity=hub)
    MentionFactory(claim=older, entity=rare, start=10, end=19)
    newest = []
    for _ in range(5):
        newest.append(ClaimFactory())
        MentionFactory(claim=newest[-1], entity=hub)
    response = editor_client.get(change_url(claim))
    related = response.context["related_claims"]
    # The claim naming both entities first, though four of the hub's claims are newer;
    # of the hub's other claims, its newest few.
    assert [(c.pk, c.shared) for c in related] == [
        (older.pk, 2),
        *((c.pk, 1) for c in reversed(newest[-3:])),
    ]


def test_claim_page_queries_do_not_grow_with_its_entities_claims(editor_client, count_queries):
    hub, other = EntityFactory(name="Russia"), EntityFactory(name="Kazakhstan")
    claim = ClaimFactory()
    MentionFactory(claim=claim, entity=hub)
    MentionFactory(claim=claim, entity=other, start=10, end=20)

    def make(n):
        for i in range(n):
            MentionFactory(claim=ClaimFactory(), entity=hub if i % 5 else other)

    make(5)
    editor_client.get(change_url(claim))  # warm the content-type cache
    _, few = count_queries(editor_client, change_url(claim))
    make(495)
    response, many = count_queries(editor_client, change_url(claim))
    assert many == few
    assert len(response.context["related_claims"]) == 10


def test_claim_page_queries_do_not_grow_with_links(editor_client, count_queries):
    claim = ClaimFactory()
    entity = EntityFactory()
    MentionFactory(claim=claim, entity=entity)
    for _ in range(3):
        claim_link_create(claim_a=claim, claim_b=ClaimFactory(), relation="agree")
    MentionFactory(claim=ClaimFactory(), entity=entity)
    editor_client.get(change_url(claim))  # warm the content-type cache
    _, few = count_queries(editor_client, change_url(claim))
    for _ in range(30):
        other = ClaimFactory()
        MentionFactory(claim=other, entity=entity)
        claim_link_create(claim_a=claim, claim_b=other, relation="conflict")
        MentionFactory(claim=ClaimFactory(), entity=entity)
    _, many = count_queries(editor_client, change_url(claim))
    assert many == few


def test_claims_are_neither_added_nor_deleted_in_the_admin(editor_client):
    claim = ClaimFactory()
    assert editor_client.get(reverse("admin:claims_claim_add")).status_code == 403
    assert (
        editor_client.get(reverse("admin:claims_claim_delete", args=[claim.pk])).status_code == 403
    )


def test_claim_history_shows_who_changed_it(editor_client):
    claim = ClaimFactory()
    editor_client.post(LIST, {"action": "accept_claims", "_selected_action": [claim.pk]})
    response = editor_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert "editor" in page_text(response)


# --- Fixing spans: a claim from a selection, trimming, splitting --------------------------

# Written for these tests: an emoji and CJK before the span, so UTF-16 offsets would miss.
WIDE = (
    "Astana 🚆 update\n\n北京 and Astana signed a rail deal in 2023. Freight doubled within a year."
)


def from_selection(source):
    return reverse("admin:claims_claim_from_selection", args=[source.pk])


def messages_of(client, response) -> str:
    return html.unescape(client.get(response["Location"]).content.decode())


def test_an_editor_creates_a_claim_from_a_selection_in_code_points(editor_client, editor_user):
    source = SourceFactory(body=WIDE)
    sentence = "北京 and Astana signed a rail deal in 2023."
    start = WIDE.index(sentence)
    response = editor_client.post(
        from_selection(source), {"start": start, "end": start + len(sentence), "text": sentence}
    )
    assert response["Location"] == reverse("admin:sources_source_change", args=[source.pk])
    claim = Claim.objects.get(source=source)
    assert (claim.text, claim.origin, claim.reviewed_by) == (sentence, "editor", editor_user)
    page = messages_of(editor_client, response)
    assert f"Added the claim “{sentence}” (accepted" in page


def test_a_selection_that_does_not_match_the_body_is_refused(editor_client):
    source = SourceFactory(body=WIDE)
    start = WIDE.index("北京")
    # The offsets a script counting UTF-16 code units would send (the emoji counts twice).
    response = editor_client.post(
        from_selection(source), {"start": start + 1, "end": start + 5, "text": "北京 an"}
    )
    assert "does not match the article" in messages_of(editor_client, response)
    assert not Claim.objects.exists()


def test_an_identical_span_is_refused_with_the_claim_that_has_it(editor_client):
    source = SourceFactory(body=WIDE)
    existing = claim_on(source, "Freight doubled within a year.")
    response = editor_client.post(
        from_selection(source), {"start": existing.start, "end": existing.end}
    )
    assert f"Claim {existing.pk} (proposed) already has exactly this text." in messages_of(
        editor_client, response
    )
    assert Claim.objects.count() == 1


def test_researchers_cannot_create_trim_or_split_and_get_cannot_either(
    researcher_client, editor_client
):
    source = SourceFactory(body=WIDE)
    claim = claim_on(source, "Freight doubled within a year.")
    assert researcher_client.post(from_selection(source), {"start": 0, "end": 6}).status_code == 403
    trim = reverse("admin:claims_claim_trim", args=[claim.pk])
    split = reverse("admin:claims_claim_split", args=[claim.pk])
    assert (
        researcher_client.post(trim, {"start": claim.start, "end": claim.end - 1}).status_code
        == 403
    )
    assert researcher_client.post(split, {"at": claim.start + 7}).status_code == 403
    assert editor_client.get(trim).status_code == 405
    assert Claim.objects.count() == 1
    claim.refresh_from_db()
    assert not claim.is_edited
    page = researcher_client.get(change_url(claim)).content.decode()
    assert "trim-form" not in page


def test_trim_and_split_from_the_claim_page(editor_client):
    source = SourceFactory(body=WIDE)
    claim = claim_on(
        source, "北京 and Astana signed a rail deal in 2023. Freight doubled within a year."
    )
    page = editor_client.get(change_url(claim)).content.decode()
    assert 'id="trim-form"' in page and 'id="split-form"' in page
    assert f'data-body-offset="{WIDE.index("北京")}"' in page
    at = WIDE.index(" Freight")
    response = editor_client.post(reverse("admin:claims_claim_split", args=[claim.pk]), {"at": at})
    assert "Split in two" in messages_of(editor_client, response)
    first, second = Claim.objects.order_by("start")
    assert (first.pk, first.text) == (claim.pk, "北京 and Astana signed a rail deal in 2023.")
    assert second.text == "Freight doubled within a year."
    response = editor_client.post(
        reverse("admin:claims_claim_trim", args=[second.pk]),
        {"start": second.start, "end": second.start + len("Freight doubled")},
    )
    assert "The claim now reads “Freight doubled”." in messages_of(editor_client, response)
    second.refresh_from_db()
    assert WIDE[second.start : second.end] == second.text == "Freight doubled"


def test_a_split_outside_the_claim_says_where_it_may_split(editor_client):
    claim = claim_on(SourceFactory(body=WIDE), "Freight doubled within a year.")
    response = editor_client.post(reverse("admin:claims_claim_split", args=[claim.pk]), {"at": 2})
    assert "Split at a position inside the claim" in messages_of(editor_client, response)
    response = editor_client.post(reverse("admin:claims_claim_split", args=[claim.pk]), {"at": ""})
    assert "Split at: This field is required." in messages_of(editor_client, response)
    assert Claim.objects.count() == 1
