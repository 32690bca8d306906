def current_membership(request):
    return {
        "current_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
