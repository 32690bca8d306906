"""Saved searches of the catalogue: save the current search, list and delete one's own."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import done, refused
from metis.core.permissions import permission_required
from metis.needs.services import saved_searches as saved_search_services

from ..forms import CatalogueForm, SavedSearchForm
from ..models import SavedSearch
from ..services.saved_searches import MAX_SAVED_SEARCHES


def _saved_search(request, pk):
    return get_object_or_404(SavedSearch, pk=pk)


@require_POST
@permission_required("needs.save_search")
def saved_search_create(request):
    """The search is the catalogue's query string (this form posts to it); the name is posted."""
    search = CatalogueForm(request.GET, user=request.user)
    back = f"{reverse('needs:catalogue')}?{request.GET.urlencode()}"
    if not search.is_valid():
        return refused(request, ValidationError(_("Correct the search before saving it.")), back)
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return refused(request, ValidationError(form.errors["name"]), back)
    try:
        saved = saved_search_services.saved_search_create(
            owner=request.user, name=form.cleaned_data["name"], criteria=search.saved()
        )
    except ValidationError as error:
        return refused(request, error, back)
    return done(
        request,
        _("Search “%(name)s” saved: new matching needs will be in your daily digest.")
        % {"name": saved.name},
        "needs:saved_searches",
    )


def saved_searches(request):
    """The person's own saved searches (anyone logged in may have some left from a former
    employment; saving new ones is for employees)."""
    return render(
        request,
        "needs/saved_searches.html",
        {
            "searches": SavedSearch.objects.filter(owner=request.user),
            "limit": MAX_SAVED_SEARCHES,
        },
    )


@require_POST
@permission_required("needs.delete_saved_search", fn=_saved_search)
def saved_search_delete(request, pk):
    saved = _saved_search(request, pk)
    try:
        saved_search_services.saved_search_delete(saved_search=saved, by=request.user)
    except ValidationError as error:
        return refused(request, error, "needs:saved_searches")
    return done(
        request, _("Search “%(name)s” deleted.") % {"name": saved.name}, "needs:saved_searches"
    )
