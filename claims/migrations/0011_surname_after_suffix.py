"""Surnames recomputed for names that end in a generational suffix: "James P. Kennedy
Jr." is referred to as Kennedy, not "jr" (claims.entities.keys.surname_of)."""

from django.db import migrations

from claims.entities.keys import NAME_SUFFIXES, surname_of


def forwards(apps, schema_editor):
    EntityAlias = apps.get_model("claims", "EntityAlias")
    for alias in EntityAlias.objects.filter(surname__in=NAME_SUFFIXES):
        alias.surname = surname_of(alias.normalized)
        alias.save(update_fields=["surname"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_entities_unify_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
