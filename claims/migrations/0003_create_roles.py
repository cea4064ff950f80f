"""Create the "Editors" and "Researchers" groups with their permissions.

Editors curate everything and add sources; researchers only view.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
RESEARCHERS = "Researchers"
CURATED = {
    "sources": ["source"],
    "claims": ["claim", "claimlink", "claimset", "entity", "entityalias", "mention"],
}
# Researchers see the history too; only editors change anything.
HISTORY = {
    "claims": ["historicalclaim", "historicalclaimlink", "historicalclaimset",
               "historicalentity", "historicalentityalias"],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; create them
    # now so a fresh database gets groups with their permissions.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models_by_app, actions):
        return Permission.objects.filter(
            content_type__app_label__in=list(models_by_app),
            content_type__model__in=[m for models in models_by_app.values() for m in models],
            codename__regex=r"^(%s)_" % "|".join(actions),
        )

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        [*permissions(CURATED, ["add", "change", "delete", "view"]), *permissions(HISTORY, ["view"])]
    )
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.set(
        [*permissions(CURATED, ["view"]), *permissions(HISTORY, ["view"])]
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, RESEARCHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0002_add_source_processing_note"),
        ("claims", "0002_add_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
