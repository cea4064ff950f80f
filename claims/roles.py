"""The two roles, as groups created by migration claims/0003_create_roles.

Editors curate everything and add sources; researchers read. Superusers count
as editors.
"""

EDITORS = "Editors"
RESEARCHERS = "Researchers"


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
