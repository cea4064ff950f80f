"""Deleting a source takes with it the entities only it named; curated entities stay."""

import pytest
from django.urls import reverse

from claims.models import Claim, Entity, EntityAlias, Mention
from claims.processing.tasks import process_source
from sources.models import Source
from sources.services import source_create

pytestmark = pytest.mark.django_db

ONLY_HERE = (
    "Grain for Astana\n\n"
    "Aigerim Nurlanovna, the deputy minister of agriculture, said Kazakhstan would buy grain "
    "from Russia in 2023. Kassym-Jomart Tokayev signed the contract with Rosagroexport and "
    "Zhetysu Grain Holding in Astana on Monday. Baurzhan Omarov of the Almaty Exchange said "
    "prices would fall by 12 percent."
)
ALSO_ELSEWHERE = (
    "Tokayev visits Moscow\n\n"
    "Kassym-Jomart Tokayev met Vladimir Putin in Moscow in March 2023, the Kremlin said. "
    "Kazakhstan and Russia signed six agreements, officials said."
)


def processed(text: str) -> Source:
    source = source_create(content=text)
    process_source.delay(source.pk)
    return source


def named_by(source: Source) -> set[int]:
    return set(Mention.objects.filter(claim__source=source).values_list("entity_id", flat=True))


def test_deleting_a_source_deletes_the_entities_only_it_named(editor_client, editor_api):
    gone, kept = processed(ONLY_HERE), processed(ALSO_ELSEWHERE)
    shared = named_by(gone) & named_by(kept)
    own = sorted(named_by(gone) - named_by(kept))
    assert len(own) >= 4, Entity.objects.filter(pk__in=own)
    assert Entity.objects.get(aliases__normalized="russia").pk in shared
    # Editors curated two of the source's own entities: an alias, a description.
    with_alias, described, *orphans = own
    EntityAlias.objects.create(
        entity_id=with_alias, text="Curated", normalized="curated", origin="curated"
    )
    Entity.objects.filter(pk=described).update(description="Written by an editor.")
    total = Entity.objects.count()

    response = editor_client.post(
        reverse("admin:sources_source_delete", args=[gone.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Entity.objects.filter(pk__in=orphans).exists()
    assert not EntityAlias.objects.filter(entity_id__in=orphans).exists()
    assert set(Entity.objects.filter(pk__in=own).values_list("pk", flat=True)) == {
        with_alias,
        described,
    }
    assert Entity.objects.filter(pk__in=shared).count() == len(shared)
    assert Entity.objects.count() == total - len(orphans)
    # API clients learn they are gone.
    deleted = editor_api.get("/api/entities/deleted/").json()["results"]
    assert {row["id"] for row in deleted} == set(orphans)


def test_bulk_deleting_sources_also_clears_their_orphans(editor_client):
    first, second = processed(ONLY_HERE), processed(ALSO_ELSEWHERE)
    seeded = set(EntityAlias.objects.filter(origin="curated").values_list("entity_id", flat=True))
    editor_client.post(reverse("admin:sources_source_changelist"), {
        "action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes",
    })  # fmt: skip
    assert not Claim.objects.exists()
    # What is left is what editors curated (the seed list of the migrations).
    assert set(Entity.objects.values_list("pk", flat=True)) <= seeded | set(
        EntityAlias.objects.exclude(metonym_for=None).values_list("metonym_for", flat=True)
    )


def test_deleting_a_source_in_a_shell_clears_its_orphans_too():
    source = processed(ONLY_HERE)
    own = named_by(source)
    curated = set(EntityAlias.objects.filter(origin="curated").values_list("entity_id", flat=True))
    Source.objects.get(pk=source.pk).delete()
    assert set(Entity.objects.filter(pk__in=own).values_list("pk", flat=True)) <= curated
