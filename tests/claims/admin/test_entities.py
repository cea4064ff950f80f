"""The entities admin: mention counts, aliases inline, merging duplicates."""

import html

import pytest
from django.urls import reverse

from claims.models import Entity, EntityAlias, Mention
from tests.factories import ClaimFactory, EntityAliasFactory, EntityFactory, MentionFactory

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
