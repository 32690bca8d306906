"""What the screens of the mission cycle share: the organisation of the current role, the
objects of the URL, the period, the messages after a service."""

import datetime
from functools import wraps

from django.shortcuts import get_object_or_404, render

from metis.accounts.enums import Role
from metis.core.params import year_param

from .. import selectors
from ..models import ExtraHoursRequest, Need, Participation, TimeEntry

PAGE_SIZE = 20


def _current(request, role):
    """The organisation of the current membership when it holds `role`, else None (→ 403)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != role:
        return None
    return membership.organisation


def _association(request, *args, **kwargs):
    return _current(request, Role.ASSOCIATION_MANAGER)


def _company(request, *args, **kwargs):
    return _current(request, Role.COMPANY_REFERENT)


def _territory(request, *args, **kwargs):
    return _current(request, Role.TERRITORY_OFFICER)


def _once_per_request(loader):
    """The object of the URL is read once per request: the permission check (`fn=`) and the
    view share it (each read joins the need, association, programme, person and company)."""

    @wraps(loader)
    def load(request, pk, *args, **kwargs):
        loaded = request.__dict__.setdefault("_metis_loaded", {})
        key = (loader.__name__, pk)
        if key not in loaded:
            loaded[key] = loader(request, pk, *args, **kwargs)
        return loaded[key]

    return load


@_once_per_request
def _need(request, pk, *args, **kwargs):
    return get_object_or_404(Need.objects.select_related("association", "programme"), pk=pk)


@_once_per_request
def _participation(request, pk, *args, **kwargs):
    return get_object_or_404(Participation.objects.with_need(), pk=pk)


@_once_per_request
def _entry(request, pk, *args, **kwargs):
    return get_object_or_404(
        TimeEntry.objects.select_related("participation__need__association"), pk=pk
    )


@_once_per_request
def _extra(request, pk, *args, **kwargs):
    return get_object_or_404(
        ExtraHoursRequest.objects.select_related("participation__company"), pk=pk
    )


def _period(request):
    """?annee=YYYY (default: the current year; outside 2000–2100 → 400) → (1 Jan, 31 Dec)."""
    year = year_param(request)
    return year, (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _manage_url(need):
    from django.urls import reverse

    return reverse("needs:need_manage", args=[need.pk])


def _valued(request, rows, year, *, per_employee):
    return render(
        request,
        "needs/valued_hours.html",
        {
            "rows": rows,
            "totals": selectors.valued_hours_totals(rows),
            "year": year,
            "per_employee": per_employee,
        },
    )
