"""The public ecosystem page of a territory (/territoires/<slug>/ecosysteme/)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from metis.organisations.models import Territory

from .. import selectors


@login_not_required
def public(request, slug):
    territory = get_object_or_404(Territory.objects.select_related("commune"), slug=slug)
    return render(
        request,
        "ecosystem/public.html",
        {
            "territory": territory,
            **selectors.public_ecosystem(territory),
            "can_manage": request.user.is_authenticated
            and request.user.has_perm("ecosystem.manage_territory", territory),
        },
    )
