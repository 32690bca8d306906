SESSION_KEY = "metis_membership_id"


class CurrentMembershipMiddleware:
    """Sets `request.membership`: the context the person acts in when they hold several
    memberships (chosen explicitly, remembered in the session; the first one by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            memberships = list(
                request.user.memberships.current().with_organisations().order_by("started_at")
            )
            request.user._metis_memberships = memberships
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            request.membership = next(
                (m for m in memberships if m.pk == chosen), memberships[0] if memberships else None
            )
        return self.get_response(request)


class OperatorMfaRequiredMiddleware:
    """Operator staff see every territory: they must have a TOTP second factor before they use
    anything but the pages that set it up."""

    allowed_prefixes = ("/accounts/", "/static/", "/i18n/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from allauth.mfa.utils import is_mfa_enabled
        from django.shortcuts import redirect

        from .enums import Role

        if (
            request.user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and any(m.role == Role.OPERATOR_STAFF for m in getattr(request, "memberships", []))
            and not is_mfa_enabled(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
