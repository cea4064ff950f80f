"""The two roles, as groups created by migration claims/0003_create_roles, and the one
check of who may read and who may write, which the admin's groups, the
contradiction view and the API all follow.

Editors curate everything and add sources; researchers read. Superusers count
as editors. With ``TRACKER_PUBLIC`` on, anyone may read.
"""

from django.apps import apps as global_apps
from django.conf import settings

EDITORS = "Editors"
RESEARCHERS = "Researchers"
CURATED = {
    "sources": ["source"],
    "claims": [
        "claim",
        "claimlink",
        "claimset",
        "entity",
        "entityalias",
        "mention",
        "antonympair",
    ],
}
# Researchers see the history too; only editors change anything.
HISTORY = {
    "claims": [
        "historicalclaim", "historicalclaimlink", "historicalclaimset",
        "historicalentity", "historicalentityalias",
    ],
}  # fmt: skip


def roles_ensure(apps=global_apps) -> None:
    """Create or update the two groups and their permissions (idempotent).

    Called by migration claims/0003 with the historical app registry, and by
    tests after a transactional test flushed the tables.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; create them
    # now so a fresh database gets groups with their permissions.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models_by_app, actions):
        return Permission.objects.filter(
            content_type__app_label__in=list(models_by_app),
            content_type__model__in=[m for models in models_by_app.values() for m in models],
            codename__regex=rf"^({'|'.join(actions)})_",
        )

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        [
            *permissions(CURATED, ["add", "change", "delete", "view"]),
            *permissions(HISTORY, ["view"]),
        ]
    )
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.set([*permissions(CURATED, ["view"]), *permissions(HISTORY, ["view"])])


def _in_group(user, name: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    groups = getattr(user, "_role_names", None)
    if groups is None:
        groups = set(user.groups.values_list("name", flat=True))
        user._role_names = groups
    return name in groups


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or _in_group(user, EDITORS)
    )


def is_researcher(user) -> bool:
    """Researchers and editors may read everything."""
    return is_editor(user) or (user.is_active and _in_group(user, RESEARCHERS))


def may_read(user) -> bool:
    """Whether ``user`` may read the view and the API: a researcher or editor, or anyone
    in public mode (read at each request, so a deployment or a test can switch it)."""
    return bool(settings.TRACKER_PUBLIC) or is_researcher(user)


def may_write(user) -> bool:
    """Whether ``user`` may change data: editors only."""
    return is_editor(user)
