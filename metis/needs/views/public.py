"""The public catalogue, a need's public page, applying."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import done, refused
from metis.core.permissions import permission_required
from metis.needs.services import participations as participation_services

from ..catalogue_cache import rendered_results
from ..enums import (
    NeedStatus,
)
from ..forms import (
    CatalogueForm,
    MessageForm,
    SavedSearchForm,
)
from ..models import Need
from .common import (
    PAGE_SIZE,
    _need,
)


@login_not_required
def catalogue(request):
    form = CatalogueForm(request.GET or None, user=request.user)
    criteria = form.criteria()
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()

    def results(ranking):
        page = Paginator(ranking, PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string(
            "needs/_catalogue_results.html", {"page": page, "query": query}, request=request
        )

    can_save = request.user.has_perm("needs.save_search") and form.is_bound and form.is_valid()
    return render(
        request,
        "needs/catalogue.html",
        {
            "form": form,
            "results": rendered_results(request, criteria, results),
            "query": query,
            "can_save": can_save,
            "save_form": SavedSearchForm(),
            "has_saved_searches": request.user.has_perm("needs.save_search"),
        },
    )


@login_not_required
def public_detail(request, pk, slug=None):
    need = get_object_or_404(
        Need.objects.select_related("association", "commune", "programme"), pk=pk
    )
    can_manage = request.user.has_perm("needs.change_need", need)
    if need.status not in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS) and not can_manage:
        raise Http404
    mine = None
    if request.user.is_authenticated:
        mine = need.participations.open().filter(volunteer=request.user).first()
    return render(
        request,
        "needs/public_detail.html",
        {
            "need": need,
            "can_apply": request.user.has_perm("needs.apply")
            and mine is None
            and need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS)
            and not need.is_expired,
            "mine": mine,
            "form": MessageForm(),
            "can_manage": can_manage,
        },
    )


@require_POST
@permission_required("needs.apply")
def apply(request, pk):
    need = _need(request, pk)
    form = MessageForm(request.POST)
    form.is_valid()
    try:
        participation = participation_services.participation_apply(
            need=need, volunteer=request.user, message=form.cleaned_data.get("message", "")
        )
    except ValidationError as error:
        return refused(request, error, need.get_absolute_url())
    return done(
        request,
        _("Your application has been sent to the association."),
        participation.get_absolute_url(),
    )
