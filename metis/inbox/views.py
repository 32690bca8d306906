from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from metis.organisations.models import Territory

from .selectors import inbox_for


@login_not_required
def home(request):
    context = {}
    if request.user.is_authenticated:
        context["inbox"] = inbox_for(request.user, getattr(request, "membership", None))
    else:
        # The territories whose local ecosystem has a public page (docs/ecosystem.md).
        context["ecosystems"] = (
            Territory.objects.active().filter(partners__isnull=False).distinct()[:20]
        )
    return render(request, "inbox/home.html", context)


@login_not_required
def privacy(request):
    """What the platform keeps about people, for how long, and what erasure removes
    (docs/privacy.md)."""
    return render(request, "inbox/privacy.html")
