"""The machine's suggestions in the admin: reviewed one at a time, and on a claim's page."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from claims.models import ClaimLink
from claims.selectors.suggestions import score_bands
from tests.factories import (
    ClaimFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    suggestion,
)

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:claims_claimlink_review")
PRECISION = reverse("admin:claims_claimlink_precision")


def decide(client, link, decision, next_url=REVIEW):
    url = reverse("admin:claims_claimlink_decide", args=[link.pk])
    return client.post(url, {"decision": decision, "next": next_url})


def test_the_best_open_suggestion_comes_first_with_both_claims_and_reasons(editor_client):
    weaker = suggestion(score=0.6)
    best = suggestion(
        score=0.95,
        relation="conflict",
        reasons=[
            {"type": "numeric_disagreement", "detail": "2,500 troops against 2,030 troops"},
            {
                "type": "change_over_time",
                "detail": "troop numbers",
                "date_a": "2022-01-07",
                "date_b": "2023-11-10",
            },
        ],
    )
    ClaimLink.objects.create(
        claim_a=ClaimFactory(), claim_b=ClaimFactory(), relation="agree", origin="editor"
    )  # an editor's open link is not the machine's to review here
    response = editor_client.get(REVIEW)
    assert response.context["link"] == best
    assert response.context["remaining"] == 2
    content = html.unescape(response.content.decode())
    assert best.claim_a.text in content and best.claim_b.text in content
    assert "Figures differ" in content
    assert "Change over time: 2022-01-07 → 2023-11-10" in content
    assert "Confirm as conflict" in content and "Confirm as agree instead" in content
    assert weaker.claim_a.text not in content  # one pair at a time


def test_each_decision_is_stored_and_the_next_suggestion_opens(editor_client, editor_user):
    first, second, third, fourth = (suggestion(score=s) for s in (0.9, 0.8, 0.7, 0.6))

    response = decide(editor_client, first, "confirm")
    assert response.status_code == 302 and response.url == REVIEW
    first.refresh_from_db()
    assert (first.status, first.relation, first.reviewed_by) == ("confirmed", "agree", editor_user)
    first.claim_a.refresh_from_db()
    first.claim_b.refresh_from_db()
    assert first.claim_a.claim_set_id == first.claim_b.claim_set_id is not None

    decide(editor_client, second, "flip")
    second.refresh_from_db()
    assert (second.status, second.relation, second.suggested_relation) == (
        "confirmed",
        "conflict",
        "agree",
    )

    decide(editor_client, third, "skip")
    third.refresh_from_db()
    assert third.status == "suggested"
    assert editor_client.get(REVIEW).context["link"] == fourth

    decide(editor_client, fourth, "reject")
    fourth.refresh_from_db()
    assert fourth.status == "rejected"
    response = editor_client.get(REVIEW)
    assert response.context["link"] is None
    assert "Nothing left to review" in response.content.decode()
    # Starting over brings back what was skipped.
    assert editor_client.get(f"{REVIEW}?restart=1").context["link"] == third


def test_a_suggestion_decided_meanwhile_is_left_as_it_is(editor_client):
    link = suggestion()
    ClaimLink.objects.filter(pk=link.pk).update(status="rejected")
    response = decide(editor_client, link, "confirm")
    link.refresh_from_db()
    assert link.status == "rejected"
    messages = [m.message for m in response.wsgi_request._messages]
    assert any("already rejected" in m for m in messages)


def test_filters_narrow_the_queue(editor_client):
    russia = EntityFactory(name="Russia")
    about_russia = suggestion(score=0.7, reasons=["entity_swap"], model_version="links-2")
    MentionFactory(claim=about_russia.claim_a, entity=russia)
    other = suggestion(score=0.9, reasons=["negation_flip"])
    close = suggestion(score=0.5, reasons=["close_meaning"])

    def shown(query):
        return editor_client.get(f"{REVIEW}?{query}").context["link"]

    assert shown("reason=entity_swap") == about_russia
    assert shown("reason=close_meaning") == close
    assert shown("reason=negation_flip") == other
    assert shown("band=medium") == about_russia
    assert shown("band=high") == other
    assert shown(f"entity={russia.pk}") == about_russia
    assert shown("model_version=links-2") == about_russia
    assert shown("reason=no_such_reason") == other  # a bad filter is ignored, said so


def test_researchers_see_the_queue_but_cannot_decide(researcher_client):
    link = suggestion()
    response = researcher_client.get(REVIEW)
    assert response.status_code == 200 and response.context["link"] == link
    assert "review-actions" not in response.content.decode()
    assert decide(researcher_client, link, "confirm").status_code == 403
    link.refresh_from_db()
    assert link.status == "suggested"
    assert researcher_client.get(PRECISION).status_code == 200


def test_decisions_go_back_only_to_this_site(editor_client):
    link = suggestion()
    response = decide(editor_client, link, "skip", next_url="https://elsewhere.example/")
    assert response.url == REVIEW


def test_a_claims_page_lists_its_suggestions_above_related_claims(editor_client):
    link = suggestion(reasons=["opposite_predicates"], relation="conflict")
    page = editor_client.get(reverse("admin:claims_claim_change", args=[link.claim_a.pk]))
    content = html.unescape(page.content.decode())
    assert content.index('id="suggestions"') < content.index('id="related"')
    assert "Opposite verbs" in content and link.claim_b.text in content
    back = reverse("admin:claims_claim_change", args=[link.claim_a.pk]) + "#suggestions"
    response = decide(editor_client, link, "confirm", next_url=back)
    assert response.url == back
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_the_precision_page_shows_what_editors_decided(editor_client):
    confirmed, rejected = suggestion(), suggestion()
    decide(editor_client, confirmed, "confirm")
    decide(editor_client, rejected, "reject")
    content = editor_client.get(PRECISION).content.decode()
    assert "1 confirmed of 2 decided" in content
    assert "links-1" in content


def test_a_close_meaning_suggestion_is_labelled_on_the_review_and_precision_pages(editor_client):
    detail = "cosine 0.82; both name Kazakhstan and Tokayev; same source"
    link = suggestion(reasons=[{"type": "close_meaning", "detail": detail}])
    review = html.unescape(editor_client.get(REVIEW).content.decode())
    assert "Close in meaning" in review and detail in review
    assert "No reasons stored." not in review
    decide(editor_client, link, "confirm")
    # One stored before every suggestion carried a reason counts with them.
    old = suggestion(reasons=[])
    decide(editor_client, old, "reject")
    precision = editor_client.get(PRECISION).content.decode()
    assert "Close in meaning" in precision
    assert ">none<" not in precision and "close_meaning" not in precision


def claim_page(client, claim):
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    return response


def panel(content: str, panel_id: str) -> str:
    """The HTML of one panel of a claim's page, up to the next panel."""
    start = content.index(f'id="{panel_id}"')
    end = content.find('<div class="panel module"', start)
    return content[start : end if end != -1 else len(content)]


def test_a_claims_suggestions_can_be_confirmed_flipped_or_rejected_from_its_page(editor_client):
    link = suggestion(relation="conflict")
    content = html.unescape(claim_page(editor_client, link.claim_a).content.decode())
    suggestions = panel(content, "suggestions")
    assert 'class="button-conflict"' in suggestions and "Confirm as conflict<" in suggestions
    assert 'value="flip" class="button-flip"' in suggestions
    assert "Confirm as agree instead" in suggestions
    assert 'value="reject" class="button-reject-link"' in suggestions
    back = reverse("admin:claims_claim_change", args=[link.claim_a.pk]) + "#suggestions"
    assert decide(editor_client, link, "flip", next_url=back).url == back
    link.refresh_from_db()
    assert (link.status, link.relation, link.suggested_relation) == (
        "confirmed",
        "agree",
        "conflict",
    )


def test_panel_buttons_are_never_white_on_a_light_background():
    """Reject had no background of its own and took the white text of every button."""
    from django.contrib.staticfiles import finders

    with open(finders.find("claims/admin/admin.css"), encoding="utf-8") as css:
        rules = css.read()
    start = rules.index(".quick-link button {")
    assert "color: #fff" not in rules[start : rules.index("}", start)]


def test_a_claims_open_suggestions_are_listed_once_under_the_machines_panel(editor_client):
    claim = ClaimFactory()
    open_one = suggestion(claim, relation="conflict")
    decided = suggestion(claim)
    ClaimLink.objects.filter(pk=decided.pk).update(status="rejected")
    editors = ClaimLink.objects.create(
        claim_a=claim, claim_b=ClaimFactory(), relation="agree", origin="editor"
    )
    response = claim_page(editor_client, claim)
    assert {link.pk for link in response.context["claim_links"]} == {decided.pk, editors.pk}
    assert [link.pk for link in response.context["suggestions"]] == [open_one.pk]
    content = html.unescape(response.content.decode())
    other_text = open_one.claim_b.text if open_one.claim_a == claim else open_one.claim_a.text
    assert other_text not in panel(content, "links")
    assert other_text in panel(content, "suggestions")
    assert "Links (2)" in content
    assert "1 open suggestion by the machine waits" in content


def test_a_skipped_count_and_review_again_keep_to_the_filters(editor_client):
    entity_swaps = [suggestion(score=0.9 - i / 100, reasons=["entity_swap"]) for i in range(3)]
    negation = suggestion(score=0.6, reasons=["negation_flip"])
    for link in [*entity_swaps, negation]:
        decide(editor_client, link, "skip")

    swaps = f"{REVIEW}?reason=entity_swap"
    response = editor_client.get(swaps)
    assert response.context["link"] is None and response.context["skipped"] == 3
    content = html.unescape(response.content.decode())
    assert "0 open suggestions to review with these filters, and 3 you skipped." in content
    assert "Nothing left to review with these filters but the 3 you skipped" in content
    assert "Review the 3 skipped again" in content
    # Under a filter where nothing was skipped, no skipped count.
    agreeing = editor_client.get(f"{REVIEW}?reason=same_proposition")
    assert agreeing.context["skipped"] == 0
    assert "you skipped" not in agreeing.content.decode()

    again = editor_client.get(f"{swaps}&again=1")
    assert again.status_code == 302 and again.url == swaps  # the filters stay
    response = editor_client.get(swaps)
    assert response.context["link"] == entity_swaps[0] and response.context["remaining"] == 3
    # The suggestion skipped under another filter is still skipped.
    assert editor_client.get(f"{REVIEW}?reason=negation_flip").context["skipped"] == 1


def test_an_entity_is_chosen_by_its_name_an_alias_or_its_id(editor_client):
    ruritania = EntityFactory(name="Ruritania")
    EntityAliasFactory(
        entity=ruritania, text="The Ruritanian Kingdom", normalized="ruritanian kingdom"
    )
    about_ruritania = suggestion(score=0.6)
    MentionFactory(claim=about_ruritania.claim_b, entity=ruritania)
    other = suggestion(score=0.9)
    MentionFactory(claim=other.claim_a, entity=EntityFactory(name="Kazakhstan"))

    def shown(entity):
        return editor_client.get(REVIEW, {"entity": entity})

    for text in [
        "Ruritania",
        "ruritania",
        "  RURITANIA ",
        "the ruritanian kingdom's",
        str(ruritania.pk),
    ]:
        assert shown(text).context["link"] == about_ruritania, text
    # An address naming the entity by its id shows its name in the box.
    assert 'value="Ruritania"' in shown(str(ruritania.pk)).content.decode()
    # The box offers the entities of open suggestions, most suggested claims first.
    page = editor_client.get(REVIEW)
    assert page.context["entity_names"] == ["Kazakhstan", "Ruritania"]
    assert '<option value="Kazakhstan">' in page.content.decode()

    unknown = shown("Ruritanya")
    content = html.unescape(unknown.content.decode())
    assert "Entity: no entity is called “Ruritanya”" in content
    assert "Nothing left to review" not in content
    assert unknown.context["link"] == other  # the filter is left out, the queue stays


def test_filter_errors_name_the_filter_in_words(editor_client):
    suggestion()
    content = html.unescape(
        editor_client.get(f"{REVIEW}?model_version=nope&reason=entity_swap").content.decode()
    )
    assert "This filter could not be used, so it is left out:" in content
    assert "<li>Model version: “nope” is not one of the choices.</li>" in content
    assert "model_version" not in content.split('id="review-filter-errors"')[1].split("</div>")[0]
    assert "* " not in content


@pytest.mark.parametrize("threshold", [0.5, 0.3, 0.75])
def test_score_bands_split_what_the_threshold_lets_in(editor_client, threshold):
    with override_settings(LINK_SUGGESTION_THRESHOLD=threshold):
        bands = score_bands()
        assert [band.key for band in bands] == ["high", "medium", "low"]
        # None is always empty: each holds scores between the threshold and 1.
        for band in bands:
            low = threshold if band.low is None else band.low
            high = 1.0 if band.high is None else band.high
            assert threshold <= low < high <= 1.0, band
        lowest = suggestion(score=threshold)
        assert editor_client.get(f"{REVIEW}?band=low").context["link"] == lowest


def test_a_score_never_reads_as_the_band_above_it(editor_client):
    link = suggestion(score=0.7989)
    response = editor_client.get(f"{REVIEW}?band=medium")
    assert response.context["link"] == link
    content = html.unescape(response.content.decode())
    assert "Medium (0.65 to 0.8)" in content
    assert "score 0.79" in content and "0.80" not in content
    page = claim_page(editor_client, link.claim_a).content.decode()
    assert "0.79" in panel(page, "suggestions") and "0.80" not in panel(page, "suggestions")


def test_the_precision_page_labels_reasons_and_shows_the_same_columns_everywhere(
    editor_client,
):
    decide(editor_client, suggestion(reasons=[]), "confirm")  # stored before reasons were
    decide(editor_client, suggestion(reasons=["close_meaning"]), "reject")
    decide(editor_client, suggestion(reasons=["negation_flip"]), "flip")
    content = html.unescape(editor_client.get(PRECISION).content.decode())
    assert "<td>none</td>" not in content and "No typed reason" not in content
    assert "<td>Close in meaning</td>" in content and "close_meaning" not in content
    assert "<td>Negation flip</td>" in content
    assert '<a href="/api/links/stats/"><code>/api/links/stats/</code></a>' in content
    heads = "<th>Confirmed</th><th>Rejected</th><th>Decided</th><th>Confirmed flipped</th>"
    assert content.count(heads) == 4
    rows = content.split('id="precision-rows"')[1].split("</table>")[0]
    assert "<th>Model version</th><th>Reason</th><th>Week from</th>" in rows
    assert rows.count("<tr>") == 3  # the head and one row per reason


def test_the_admin_home_opens_the_review_and_the_precision_pages(
    editor_client, researcher_client, client
):
    for signed_in in (editor_client, researcher_client):
        content = signed_in.get(reverse("admin:index")).content.decode()
        assert f'href="{REVIEW}" id="home-review-suggestions"' in content
        assert f'href="{PRECISION}" id="home-live-precision"' in content
    # Staff who may not see links are not offered them.
    nobody = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(nobody)
    content = client.get(reverse("admin:index")).content.decode()
    assert "home-review-suggestions" not in content


def test_the_review_screen_names_each_stated_date_once_and_leaves_vague_ones_out(editor_client):
    dated = ClaimFactory(
        dates=[
            {"text": "Every few months", "value": None},
            {"text": "2022", "value": "2022"},
            {"text": "in 2022", "value": "2022"},
            {"text": "January 2023", "value": "2023-01"},
        ]
    )
    suggestion(dated)
    content = html.unescape(editor_client.get(REVIEW).content.decode())
    assert "speaks of 2022, 2023-01<" in content
    assert "Every few months" not in content.split('class="review-facts"')[1].split("</dl>")[0]


def test_an_entity_typed_as_a_digit_python_cannot_read_as_a_number_is_an_unknown_name(
    editor_client,
):
    suggestion()
    response = editor_client.get(REVIEW, {"entity": "²"})
    assert response.status_code == 200
    assert "no entity is called" in html.unescape(response.content.decode())
