from .enums import ROLE_ORGANISATION_FIELD


def _menu_key(membership) -> str:
    """What the main menu depends on (base.html keeps it per language and this key): the role
    and its organisation, whose links use its id (or a territory's slug, set once)."""
    if membership is None:
        return ""
    organisation_id = getattr(membership, f"{ROLE_ORGANISATION_FIELD[membership.role]}_id")
    return f"{membership.role}:{organisation_id}"


def current_membership(request):
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "menu_key": _menu_key(membership),
    }
