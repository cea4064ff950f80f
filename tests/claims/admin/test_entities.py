"""The entities admin: mention counts, aliases inline, merging duplicates, deleting."""

import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from claims.models import Entity, EntityAlias, Mention
from tests.factories import (
    ClaimFactory,
    ClaimSetFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_entity_changelist")


def test_entity_list_shows_kind_and_mention_counts(editor_client):
    csto = EntityFactory(name="Collective Security Treaty Organization", kind="ORG")
    EntityAliasFactory(entity=csto, text="the CSTO", normalized="csto")
    for _ in range(3):
        MentionFactory(entity=csto)
    response = editor_client.get(f"{LIST}?q=csto")
    (row,) = response.context["cl"].result_list
    assert row.mention_count == 3
    content = html.unescape(response.content.decode())
    assert "the CSTO" in content and "Organisation" in content
    assert f"?entity={csto.pk}" in content


def test_entity_list_queries_do_not_grow_with_rows(editor_client, count_queries):
    def make(n):
        for _ in range(n):
            EntityAliasFactory(entity=MentionFactory().entity)

    make(5)
    _, few = count_queries(editor_client, LIST)
    make(495)
    _, many = count_queries(editor_client, LIST)
    assert many == few


def test_entity_list_sorts_by_mentions(editor_client, count_queries):
    named = {}
    for name, mentions in (("Kyrgyzstan", 2), ("Russia", 5), ("Tajikistan", 1)):
        named[name] = EntityFactory(name=name)
        for _ in range(mentions):
            MentionFactory(entity=named[name])
    # The mentions column is the fourth: name, kind, aliases, mentions.
    response, _ = count_queries(editor_client, f"{LIST}?o=-4")
    rows = [(e.name, e.mention_count) for e in response.context["cl"].result_list]
    # Then the entities no claim names yet (the curated ones among them).
    assert rows[:3] == [("Russia", 5), ("Kyrgyzstan", 2), ("Tajikistan", 1)]
    assert {count for _, count in rows[3:]} <= {0}


def test_merge_asks_which_entity_survives_then_moves_everything(editor_client, editor_user):
    russia = EntityFactory(name="Eurasian Economic Union")
    federation = EntityFactory(name="Eurasian Union")
    EntityAliasFactory(entity=federation, text="EAEU", normalized="eaeu")
    kept_mention = MentionFactory(entity=russia)
    moved = MentionFactory(entity=federation, claim=ClaimFactory())
    selected = {"action": "merge_entities", "_selected_action": [russia.pk, federation.pk]}
    page = editor_client.post(LIST, selected)
    assert page.status_code == 200
    assert "Choose the entity that stays" in page.content.decode()
    assert Entity.objects.filter(pk=federation.pk).exists()
    response = editor_client.post(LIST, {**selected, "apply": "1", "survivor": russia.pk})
    assert response.status_code == 302
    assert not Entity.objects.filter(pk=federation.pk).exists()
    assert set(Mention.objects.values_list("entity_id", flat=True)) == {russia.pk}
    assert {kept_mention.pk, moved.pk} <= set(Mention.objects.values_list("pk", flat=True))
    aliases = set(EntityAlias.objects.filter(entity=russia).values_list("normalized", flat=True))
    assert {"eaeu", "eurasian union"} <= aliases
    # No orphan: nothing points at the merged entity any more.
    assert not EntityAlias.objects.filter(entity_id=federation.pk).exists()


def test_merge_needs_two_entities(editor_client):
    only = EntityFactory()
    response = editor_client.post(
        LIST, {"action": "merge_entities", "_selected_action": [only.pk]}, follow=True
    )
    assert "Select two or more entities" in response.content.decode()


def test_an_alias_added_inline_gets_its_key_and_must_be_free(editor_client):
    russia = EntityFactory(name="Shanghai Cooperation Organisation", kind="ORG")
    china = EntityFactory(name="China Development Bank", kind="ORG")
    EntityAliasFactory(entity=china, text="CDB", normalized="cdb")
    url = reverse("admin:claims_entity_change", args=[russia.pk])
    data = {
        "name": russia.name, "kind": "ORG", "description": "",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-text": "The SCO's", "aliases-0-entity": russia.pk,
    }  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    alias = EntityAlias.objects.get(entity=russia)
    assert (alias.normalized, alias.origin) == ("sco", "curated")
    taken = editor_client.post(url, {**data, "aliases-0-text": "cdb"})
    assert taken.status_code == 200
    assert "already names China Development Bank" in html.unescape(taken.content.decode())


class TestDeletingEntities:
    """An entity claims mention is never deleted from the admin; merging is offered instead."""

    @pytest.fixture
    def russia(self):
        russia = EntityFactory(name="Russian Federation (dup)")
        EntityAliasFactory(entity=russia, text="RF", normalized="rf", origin="curated")
        in_set = ClaimFactory(status="accepted", claim_set=ClaimSetFactory(), side=0)
        for claim in (in_set, ClaimFactory(status="accepted"), ClaimFactory()):
            MentionFactory(entity=russia, claim=claim)
        return russia

    def assert_untouched(self, russia):
        assert Entity.objects.filter(pk=russia.pk).exists()
        assert Mention.objects.filter(entity=russia).count() == 3
        assert EntityAlias.objects.filter(entity=russia, normalized="rf").exists()

    def test_delete_page_of_a_mentioned_entity_refuses_and_offers_merge(
        self, editor_client, russia
    ):
        url = reverse("admin:claims_entity_delete", args=[russia.pk])
        for response in (
            editor_client.get(url, follow=True),
            editor_client.post(url, {"post": "yes"}, follow=True),
        ):
            assert response.redirect_chain[0][0] == reverse(
                "admin:claims_entity_change", args=[russia.pk]
            )
            content = html.unescape(strip_tags(response.content.decode()))
            assert "Not deleted: Russian Federation (dup) (3 claim(s) mention it)" in content
            assert f"?entity={russia.pk}" in response.content.decode()
            assert "Merge selected entities…" in content
        self.assert_untouched(russia)

    def test_delete_selected_refuses_when_any_selected_entity_is_mentioned(
        self, editor_client, russia
    ):
        unused = EntityFactory(name="Unused name")
        for extra in ({}, {"post": "yes"}):
            response = editor_client.post(
                LIST,
                {"action": "delete_selected", "_selected_action": [russia.pk, unused.pk], **extra},
                follow=True,
            )
            content = html.unescape(strip_tags(response.content.decode()))
            assert "Not deleted: Russian Federation (dup) (3 claim(s) mention it)" in content
            assert "Are you sure" not in content
        self.assert_untouched(russia)
        assert Entity.objects.filter(pk=unused.pk).exists()

    def test_entities_no_claim_mentions_are_deleted_after_confirmation(self, editor_client):
        first, second = EntityFactory(name="Typo one"), EntityFactory(name="Typo two")
        EntityAliasFactory(entity=first)
        selected = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
        page = editor_client.post(LIST, selected)
        assert "Are you sure" in page.content.decode()
        editor_client.post(LIST, {**selected, "post": "yes"})
        assert not Entity.objects.filter(pk__in=[first.pk, second.pk]).exists()

        single = EntityFactory(name="Typo three")
        url = reverse("admin:claims_entity_delete", args=[single.pk])
        assert "Are you sure" in editor_client.get(url).content.decode()
        assert editor_client.post(url, {"post": "yes"}).status_code == 302
        assert not Entity.objects.filter(pk=single.pk).exists()

    def test_researchers_still_may_not_delete(self, researcher_client, russia):
        url = reverse("admin:claims_entity_delete", args=[russia.pk])
        assert researcher_client.post(url, {"post": "yes"}).status_code == 403
        self.assert_untouched(russia)

    def test_renaming_an_entity_marks_its_claims_changed(self, editor_client, russia):
        before = {c.pk: c.updated_at for c in russia.claims.all()}
        url = reverse("admin:claims_entity_change", args=[russia.pk])
        data = {
            "name": "Russia (duplicate)", "kind": "GPE", "description": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        }  # fmt: skip
        assert editor_client.post(url, data).status_code == 302
        after = {c.pk: c.updated_at for c in russia.claims.all()}
        assert all(after[pk] > before[pk] for pk in before)


class TestPossibleDuplicates:
    """Likely duplicates are listed beside an entity, with a merge button for editors."""

    @pytest.fixture
    def pair(self):
        full = EntityFactory(name="Aidana Serikbayeva", kind="PERSON")
        EntityAliasFactory(entity=full, normalized="aidana serikbayeva", surname="serikbayeva")
        short = EntityFactory(name="Serikbayeva", kind="PERSON")
        EntityAliasFactory(entity=short, normalized="serikbayeva")
        typo = EntityFactory(name="Kazakstan", kind="GPE")
        EntityAliasFactory(entity=typo, normalized="kazakstan")
        # Same kind but a different name, and a close name of another kind: never listed.
        EntityAliasFactory(entity=EntityFactory(name="Aidana Temirova", kind="PERSON"))
        EntityAliasFactory(entity=EntityFactory(name="Serikbayeva Foundation", kind="ORG"))
        return full, short

    def test_change_page_lists_close_names_of_the_same_kind_with_a_merge_button(
        self, editor_client, pair
    ):
        full, short = pair
        page = editor_client.get(reverse("admin:claims_entity_change", args=[short.pk]))
        duplicates = page.context["adminform"].form.instance.possible_duplicates
        assert duplicates == [full]
        merge_url = reverse("admin:claims_entity_merge", args=[short.pk, full.pk])
        assert merge_url in page.content.decode()

    def test_changelist_lists_them_and_the_typo_finds_the_country(self, editor_client, pair):
        full, short = pair
        kazakhstan = Entity.objects.get(aliases__normalized="kazakhstan")
        rows = {}
        for search in ("serikbayeva", "kazakstan", "temirova"):
            page = editor_client.get(f"{LIST}?q={search}")
            rows |= {e.name: e.possible_duplicates for e in page.context["cl"].result_list}
        assert rows["Serikbayeva"] == [full]
        assert rows["Aidana Serikbayeva"] == [short]
        assert rows["Kazakstan"] == [kazakhstan]
        assert rows["Aidana Temirova"] == []
        assert rows["Serikbayeva Foundation"] == []

    def test_the_merge_button_asks_which_survives_then_merges(self, editor_client, pair):
        full, short = pair
        mention = MentionFactory(entity=short)
        url = reverse("admin:claims_entity_merge", args=[short.pk, full.pk])
        page = editor_client.get(url)
        assert "Choose the entity that stays" in page.content.decode()
        assert Entity.objects.filter(pk=short.pk).exists()
        form = {"action": "merge_entities", "apply": "1", "survivor": full.pk}
        form["_selected_action"] = [full.pk, short.pk]
        response = editor_client.post(url, form)
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:claims_entity_change", args=[full.pk])
        assert not Entity.objects.filter(pk=short.pk).exists()
        mention.refresh_from_db()
        assert mention.entity == full

    def test_researchers_see_duplicates_but_cannot_merge(self, researcher_client, pair):
        full, short = pair
        page = researcher_client.get(reverse("admin:claims_entity_change", args=[short.pk]))
        merge_url = reverse("admin:claims_entity_merge", args=[short.pk, full.pk])
        assert full.name in page.content.decode()
        assert merge_url not in page.content.decode()
        assert researcher_client.get(merge_url).status_code == 403
        assert researcher_client.post(merge_url, {"survivor": full.pk}).status_code == 403
        assert Entity.objects.filter(pk=short.pk).exists()

    def test_names_are_escaped(self, editor_client):
        loud = EntityFactory(name="<b>Steppe Fund</b>", kind="ORG")
        EntityAliasFactory(entity=loud, normalized="b steppe fund b")
        EntityAliasFactory(entity=EntityFactory(name="<b>Steppe Fund", kind="ORG"))
        page = editor_client.get(reverse("admin:claims_entity_change", args=[loud.pk]))
        assert "<b>Steppe Fund" not in page.content.decode()

    def test_duplicates_cost_one_query_for_the_whole_page(self, editor_client, count_queries):
        def make(first, last):
            for i in range(first, last):
                entity = EntityFactory(name=f"Delegation {i} of Ulytau", kind="ORG")
                EntityAliasFactory(entity=entity, normalized=f"delegation {i} of ulytau")

        make(0, 5)
        _, few = count_queries(editor_client, LIST)
        make(5, 200)
        _, many = count_queries(editor_client, LIST)
        assert many == few
