"""Where an editor's marking of page furniture continues into claims: connected in
``ClaimsConfig.ready()``."""

from .services import furniture_proposals_delete


def remove_proposals_on_furniture(sender, source, user=None, **kwargs) -> int:
    """Remove the proposals on the source's furniture lines; returns how many went."""
    return furniture_proposals_delete(source=source, user=user)
