"""The contradiction view in a real browser, at a laptop's and a phone's width.

Screenshots land in artifacts/screenshots/view-*.png; the desktop claim set is
copied to docs/screenshots/view-claim-set.png for the README.
"""

from datetime import date

import pytest

from claims.linking.claim_sets import claim_set_update
from claims.linking.services import claim_link_create
from claims.models import ClaimSet
from tests.claims.web.conftest import bulk_claims, bulk_conflict_sets
from tests.factories import EntityFactory, SourceFactory, claim_in_source

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-password"
XSS = "<script>window.__pwned=1</script><b>bold</b>"
# The unnamed corridor set's title, proposed from its claims (no shared structure: its lead claim).
CORRIDOR_TITLE = "China will open the middle corridor to Kazakh grain this year, the ministry said."


def _claim(
    source, sentence: str, entities, *, speaker: str = "", status: str = "accepted", score=0.7
):
    return claim_in_source(
        source, sentence, entities=entities, speaker=speaker, status=status, score=score
    )


def _source(title, publisher, published_on, paragraphs, url=None):
    body = title + "\n\n" + "\n\n".join(paragraphs)
    return SourceFactory(
        title=title, publisher=publisher, published_on=published_on, body=body, url=url
    )


def build_central_asia(*, with_xss: bool = False) -> dict:
    """The running example: is Russia reclaiming Central Asia, or losing it to China?"""
    russia = EntityFactory(name="Russia")
    china = EntityFactory(name="China")
    central_asia = EntityFactory(name="Central Asia", kind="LOC")
    kazakhstan = EntityFactory(name="Kazakhstan")

    reclaiming = _source(
        "CSTO troops land in Kazakhstan",
        "Northern Wire",
        date(2022, 1, 7),
        [
            "The first units of the peacekeeping force landed on 6 January. "
            "Russia is reclaiming Central Asia with troops, exercises and arms deals. "
            "Officials in Moscow put the force at about 2,500 troops.",
            "The alliance describes the deployment as temporary.",
        ],
        url="https://northern-wire.example/csto-kazakhstan",
    )
    guarantor = _source(
        "Moscow casts itself as the region's guarantor",
        "Steppe Review",
        date(2022, 1, 20),
        [
            "The mission ended within a fortnight. Analysts said the operation showed that "
            "Moscow remains the security guarantor of Central Asia. Few expected it to act so fast.",
        ],
    )
    losing = _source(
        "At Xi'an, a new centre of gravity",
        "Eurasia Ledger",
        date(2023, 5, 19),
        [
            "Five presidents flew to Xi'an for the first China–Central Asia summit. "
            "Russia is losing Central Asia to China, one delegate said, as trade with Beijing "
            "passed $70 billion. Moscow sent no observer.",
        ],
    )
    cooperate = _source(
        "Putin and Xi divide the labour",
        "Continental Affairs",
        date(2023, 10, 18),
        [
            "Beijing builds the roads and Moscow keeps the peace. China and Russia cooperate in "
            "Central Asia to keep the United States out, the foreign minister said.",
        ],
    )
    a1 = _claim(
        reclaiming,
        "Russia is reclaiming Central Asia with troops, exercises and arms deals.",
        [russia, central_asia, kazakhstan],
    )
    a2 = _claim(
        guarantor,
        "Analysts said the operation showed that Moscow remains the security guarantor of "
        "Central Asia.",
        [russia, central_asia],
    )
    b1 = _claim(
        losing,
        "Russia is losing Central Asia to China, one delegate said, as trade with Beijing "
        "passed $70 billion.",
        [russia, china, central_asia],
        speaker="one delegate",
    )
    b2 = _claim(
        cooperate,
        "China and Russia cooperate in Central Asia to keep the United States out, the foreign "
        "minister said.",
        [russia, china, central_asia],
        speaker="the foreign minister",
        status="proposed",
    )
    link = claim_link_create
    link(claim_a=a1, claim_b=a2, relation="agree", status="confirmed",
         note="Both read the CSTO mission as Russia reasserting itself.")  # fmt: skip
    link(claim_a=a1, claim_b=b1, relation="conflict", status="confirmed",
         note="Reclaiming in 2022, losing in 2023: a change over time or a disagreement?")  # fmt: skip
    link(claim_a=a2, claim_b=b2, relation="conflict", status="confirmed",
         note="A guarantor acting alone versus a division of labour with China.")  # fmt: skip
    link(claim_a=b1, claim_b=b2, relation="agree", status="confirmed",
         note="Both see China's weight in the region growing.")  # fmt: skip
    a1.refresh_from_db()
    central = a1.claim_set
    claim_set_update(claim_set=central, title="Is Russia reclaiming Central Asia?")

    # A second, smaller conflict about China only, and with no title of its own.
    tariffs = _source(
        "Tariffs and the corridor",
        "Steppe Review",
        date(2021, 6, 2),
        ["China will open the middle corridor to Kazakh grain this year, the ministry said."],
    )
    delays = _source(
        "The corridor waits",
        "Northern Wire",
        date(2021, 11, 30),
        ["China has again delayed the middle corridor, traders say. Grain piles up at the border."],
    )
    c1 = _claim(
        tariffs,
        "China will open the middle corridor to Kazakh grain this year, the ministry said.",
        [china, kazakhstan],
    )
    c2 = _claim(
        delays, "China has again delayed the middle corridor, traders say.", [china, kazakhstan]
    )
    link(claim_a=c1, claim_b=c2, relation="conflict", status="confirmed")
    c1.refresh_from_db()
    built = {"central": central, "corridor": c1.claim_set, "russia": russia, "china": china}

    if with_xss:
        sentence = f"Russia sent {XSS} paratroopers to Almaty."
        hostile = _source(
            "A hostile page", "Unknown Press", date(2022, 2, 1), [f"Intro. {sentence} Outro."]
        )
        x = _claim(hostile, sentence, [russia], score=0.99)  # the list shows it
        link(claim_a=x, claim_b=b1, relation="conflict", status="confirmed",
             note=f"Note with {XSS}")  # fmt: skip
        built["xss_source"] = hostile
    return built


def _sign_in(page, live_server, user, next_path="/"):
    page.goto(f"{live_server.url}{next_path}")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def filter_by_entity_and_open_the_set(page, built) -> None:
    """The researcher's path: filter the list by an entity, open the set it leaves."""
    assert page.get_by_role("heading", name="Where sources disagree").is_visible()
    assert page.get_by_role("link", name=CORRIDOR_TITLE).is_visible()
    page.get_by_label("Entity").select_option(label="Russia")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(f"**/?*entity={built['russia'].pk}*")
    assert page.get_by_role("link", name="Is Russia reclaiming Central Asia?").is_visible()
    assert page.get_by_role("link", name=CORRIDOR_TITLE).count() == 0
    page.get_by_role("link", name="Is Russia reclaiming Central Asia?").click()
    page.wait_for_url(f"**/claim-sets/{built['central'].pk}/")


def read_both_sides_the_timeline_and_the_picture(page):
    side_a = page.locator("section.side-a")
    side_b = page.locator("section.side-b")
    assert "Russia is reclaiming Central Asia" in side_a.inner_text()
    assert "Russia is losing Central Asia to China" in side_b.inner_text()
    assert side_b.locator("mark").first.inner_text().startswith("Russia is losing")
    assert "one delegate" in side_b.inner_text()
    timeline = page.locator("svg.timeline")
    timeline.scroll_into_view_if_needed()
    assert timeline.is_visible()
    assert timeline.locator("circle").count() == 4
    assert page.locator("ol.timeline-list li").first.inner_text().startswith("7 Jan 2022")
    graph = page.locator("svg.graph")
    graph.scroll_into_view_if_needed()
    assert graph.is_visible()
    assert graph.locator("path[stroke-dasharray]").count() == 2  # the two conflicts
    assert "Reclaiming in 2022, losing in 2023" in page.locator("table.links-table").inner_text()
    return side_a.bounding_box(), side_b.bounding_box()


def test_researcher_filters_by_entity_and_reads_a_claim_set(
    page, live_server, screenshot, researcher_user
):
    built = build_central_asia()
    _sign_in(page, live_server, researcher_user)
    screenshot(page, "view-list")

    filter_by_entity_and_open_the_set(page, built)
    a_box, b_box = read_both_sides_the_timeline_and_the_picture(page)
    assert a_box["x"] + a_box["width"] <= b_box["x"]  # side by side on a laptop
    # docs/screenshots/view-claim-set.png (in the README) is a copy of this one.
    screenshot(page, "view-claim-set")

    page.locator("section.side-b").get_by_role("link", name="China", exact=True).first.click()
    assert page.get_by_role("heading", name="China", level=1).is_visible()
    assert page.get_by_role("heading", name="Claim sets with a conflict").is_visible()
    assert page.get_by_role("heading", name="Every claim about China").is_visible()
    screenshot(page, "view-entity")


def test_claim_set_reads_on_a_phone(phone_page, live_server, screenshot, researcher_user):
    built = build_central_asia()
    _sign_in(phone_page, live_server, researcher_user)
    screenshot(phone_page, "view-list-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    filter_by_entity_and_open_the_set(phone_page, built)
    a_box, b_box = read_both_sides_the_timeline_and_the_picture(phone_page)
    assert b_box["y"] >= a_box["y"] + a_box["height"]  # stacked on a phone
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "view-claim-set-phone")


def test_source_markup_shows_as_text_and_never_runs(page, live_server, settings, screenshot):
    settings.TRACKER_PUBLIC = True
    built = build_central_asia(with_xss=True)
    hostile_set = ClaimSet.objects.get(claims__source=built["xss_source"])
    for path in (
        "/",
        f"/claim-sets/{hostile_set.pk}/",
        f"/sources/{built['xss_source'].pk}/",
        f"/entities/{built['russia'].pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("main b").count() == 0, path
        assert page.get_by_text(XSS).first.is_visible(), path
    screenshot(page, "view-escaped-source")


def test_keyboard_users_can_skip_to_the_content(page, live_server, settings):
    settings.TRACKER_PUBLIC = True
    build_central_asia()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_anonymous_visitors_are_sent_to_sign_in_unless_public(page, live_server, settings):
    build_central_asia()
    settings.TRACKER_PUBLIC = False
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
    settings.TRACKER_PUBLIC = True
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Where sources disagree").is_visible()


def test_a_large_set_shows_its_first_claims_and_every_one_on_request(
    page, live_server, screenshot, researcher_user
):
    russia = EntityFactory(name="Russia")
    (claim_set,) = bulk_conflict_sets(bulk_claims(russia, 60), 60)
    _sign_in(page, live_server, researcher_user, f"/claim-sets/{claim_set.pk}/")

    side_a = page.locator("section.side-a")
    assert side_a.locator("article.claim-card").count() == 20
    assert "The first 20 of 30 claims." in side_a.inner_text()
    assert page.locator("svg.timeline g.bucket").count() > 0
    screenshot(page, "view-large-set")

    side_a.get_by_role("link", name="Show all 30").click()
    page.wait_for_url("**all=1**")
    assert page.locator("section.side-a article.claim-card").count() == 30
    assert page.locator("section.side-b article.claim-card").count() == 30
    page.get_by_role("link", name="Show the first 20 of each side").click()
    assert page.locator("section.side-a article.claim-card").count() == 20
