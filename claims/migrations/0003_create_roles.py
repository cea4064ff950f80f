"""Create the "Editors" and "Researchers" groups with their permissions.

Editors curate everything and add sources; researchers only view. The
definition lives in access/roles.py (roles_ensure), which is idempotent, so
this migration and the tests share it.
"""

from django.db import migrations

from access.roles import EDITORS, RESEARCHERS, roles_ensure


def create_roles(apps, schema_editor):
    roles_ensure(apps)


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
