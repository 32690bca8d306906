"""Screens of the operator and the territory officer: moderation, valued hours."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from metis.core.forms import done, refused
from metis.core.params import get_posted_object_or_404
from metis.core.permissions import permission_required
from metis.needs.services import common as needs_common
from metis.needs.services import needs as need_services

from .. import selectors
from ..forms import (
    ModerationForm,
)
from ..models import Need
from .common import (
    PAGE_SIZE,
    _period,
    _territory,
    _valued,
)


@permission_required("needs.moderate_need")
def moderation(request):
    if request.method == "POST":
        need = get_posted_object_or_404(Need, request, "need")
        form = ModerationForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(needs_common.REASON_REQUIRED)
            need_services.need_moderate(need=need, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            return refused(request, error, request.path)
        return done(request, _("The need has been taken out of the catalogue."), request.path)
    needs = (
        Need.objects.published()
        .select_related("association", "programme__territory")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/moderation.html", {"page": page, "form": ModerationForm()})


@permission_required("needs.view_territory_valued_hours", fn=_territory)
def territory_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(territory=_territory(request), period=period)
    return _valued(request, rows, year, per_employee=False)
