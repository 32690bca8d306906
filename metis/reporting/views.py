"""Dashboards (the current membership's role), their CSV/XLSX exports, the volunteer's calendar
feed and the public impact page of a programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from metis.accounts.enums import Role
from metis.allocations.recommendations import needs_for_volunteer
from metis.core.exports import FORMATS, export_response
from metis.core.params import IdField
from metis.core.replica import reads_from_replica
from metis.core.workers import workers_seen
from metis.documents.statements import (
    association_yearly_declaration,
    last_closed_declaration_year,
)
from metis.needs.models import TimeEntry
from metis.organisations.selectors import territories_visible_to
from metis.outcomes.models import Outcome
from metis.outcomes.selectors import outcome_figures
from metis.programmes.models import Programme

from . import ical, impact, selectors, tables
from .models import CalendarFeed
from .services import calendar_feed_renew


def _export_or_render(request, template, context, table_list):
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        wanted = request.GET.get("table")
        for table in table_list:
            if table.name == wanted:
                name = f"metis-{table.name}-{timezone.localdate().isoformat()}"
                return export_response(name, [table.as_sheet()], fmt)
        raise Http404("No such table.")
    for table in table_list:
        _paginate(table, request)
    context["tables"] = table_list
    context["query"] = request.GET.urlencode()
    return render(request, template, context)


TABLE_PAGE_ROWS = 50


def _paginate(table, request):
    """A table shows 50 rows a page on screen (`?<table>_page=N`, the other parameters kept);
    its exports hold every row."""
    param = f"{table.name}_page"
    table.page = Paginator(table.body, TABLE_PAGE_ROWS).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)

    def link(number):
        query[param] = number
        return f"?{query.urlencode()}"

    table.previous_url = (
        link(table.page.previous_page_number()) if table.page.has_previous() else ""
    )
    table.next_url = link(table.page.next_page_number()) if table.page.has_next() else ""


LINE_LABELS = {
    "pledged": _("Pledged (h)"),
    "allocated": _("Allocated (h)"),
    "reserved": _("Reserved (h)"),
    "delivered": _("Delivered (h)"),
    "value": _("Value delivered (€)"),
}


def _labelled(chart, labels):
    return {**chart, "labels_of": {k: str(v) for k, v in labels.items()}}


def _int(value):
    """An id from the query string; anything else (not a number, out of bounds) filters
    nothing."""
    form_field = IdField(required=False)
    try:
        return form_field.clean(value)
    except ValidationError:
        return None


@reads_from_replica
def dashboard(request):
    membership = request.membership
    if membership is None:
        raise PermissionDenied
    role = membership.role
    if role == Role.OPERATOR_STAFF:
        return _territory_dashboard(request, territories_visible_to(request.user), operator=True)
    if role == Role.TERRITORY_OFFICER:
        territories = territories_visible_to(request.user).filter(pk=membership.territory_id)
        return _territory_dashboard(request, territories, operator=False)
    if role == Role.COMPANY_REFERENT:
        return _company_dashboard(request, membership.company)
    if role == Role.ASSOCIATION_MANAGER:
        return _association_dashboard(request, membership.association)
    return _volunteer_dashboard(request)


# The operator's tables of companies and associations list every organisation of the
# territories in scope: a nation's 100,000 associations are not computed for each screen. Past
# this many territories, the operator picks one to see its organisations (and its hours list).
ORGANISATION_TABLES_TERRITORIES = 10


def _territory_dashboard(request, territories, *, operator):
    territory_choices = list(territories.order_by("name").values("pk", "name")) if operator else []
    territory_id = _int(request.GET.get("territory")) if operator else None
    if territory_id:
        territories = territories.filter(pk=territory_id)
    # An officer sees each organisation of their territory and picks among its programmes;
    # the operator, those of the territory chosen, or of every territory when there are few.
    # Across more territories, the operator picks a territory first (a nation's programmes
    # are not one list), or comes with a programme chosen (a link).
    few = (
        not operator
        or bool(territory_id)
        or len(territory_choices) <= ORGANISATION_TABLES_TERRITORIES
    )
    in_scope = Programme.objects.filter(territory__in=territories).only(
        "name", "territory_id", "starts_on", "status"
    )
    programme_id = _int(request.GET.get("programme"))
    if few:
        programmes = list(in_scope.order_by("-starts_on", "name"))
        programme = next((p for p in programmes if p.pk == programme_id), None)
    else:
        programme = in_scope.filter(pk=programme_id).first() if programme_id else None
        programmes = [programme] if programme else []
    organisation_tables = few or programme is not None
    figures = selectors.territory_dashboard(
        territories, programme=programme, associations=organisation_tables
    )
    table_list = [tables.months_table(figures["by_month"])]
    if organisation_tables:
        table_list[:0] = [tables.associations_table(figures["associations"])]
    if operator and organisation_tables:
        table_list[:0] = [
            tables.company_figures_table(
                selectors.companies_table(territories, programme=programme)
            ),
            tables.association_figures_table(
                selectors.associations_table(territories, programme=programme)
            ),
        ]
    if operator:
        table_list[:0] = [
            tables.territories_table(
                selectors.territories_table(
                    territories,
                    # Without a programme filter the dashboard's own figures cover them all.
                    per_programme=figures["per_programme"] if programme is None else None,
                )
            )
        ]
    entries = TimeEntry.objects.filter(participation__need__programme__territory__in=territories)
    if programme is not None:
        entries = entries.filter(participation__need__programme=programme)
    if request.GET.get("table") == "hours" and organisation_tables:
        table_list.append(
            tables.hours_table(selectors.hours_list(entries, with_value=False), with_value=False)
        )
    outcomes = Outcome.objects.filter(participation__need__programme__territory__in=territories)
    if programme is not None:
        outcomes = outcomes.for_programme(programme)
    context = {
        "outcomes": outcome_figures(outcomes),
        "role": "operator" if operator else "territory",
        "workers": workers_seen() if operator else [],
        "figures": figures,
        "programmes": programmes,
        "programme": programme,
        "territories": territory_choices,
        "territory_id": territory_id,
        "pick_a_territory": not organisation_tables,
        "programmes_of_a_territory": not few,
        "chart": _labelled(figures["chart"], LINE_LABELS),
        "chart_title": _("Hours over time (running totals) and value delivered (€)"),
    }
    return _export_or_render(request, "reporting/territory.html", context, table_list)


def _company_dashboard(request, company):
    figures = selectors.company_dashboard(company)
    table_list = [tables.company_programmes_table(figures["programmes"], figures["totals"])]
    if request.GET.get("table") == "hours":
        entries = TimeEntry.objects.filter(participation__company=company)
        table_list.append(
            tables.hours_table(selectors.hours_list(entries, with_value=True), with_value=True)
        )
    context = {
        "role": "company",
        "figures": figures,
        "company": company,
        "chart": _labelled(figures["chart"], LINE_LABELS),
        "chart_title": _("Hours pledged and delivered (running totals)"),
    }
    return _export_or_render(request, "reporting/company.html", context, table_list)


def _association_dashboard(request, association):
    figures = selectors.association_dashboard(association)
    table_list = [
        tables.association_programmes_table(figures["programmes"], figures["totals"]),
        tables.needs_table(figures["needs_by_state"]),
    ]
    if request.GET.get("table") == "hours":
        entries = TimeEntry.objects.filter(participation__need__association=association)
        table_list.append(
            tables.hours_table(selectors.hours_list(entries, with_value=False), with_value=False)
        )
    last_closed = last_closed_declaration_year(association, timezone.localdate())
    context = {
        "role": "association",
        "figures": figures,
        "association": association,
        # Art. 222 bis CGI: the last closed period's declaration (due or filed), then the
        # period in progress, counted as receipts are issued.
        "declarations": [
            association_yearly_declaration(association, year)
            for year in (last_closed, last_closed + 1)
        ],
        "chart": {**_labelled(figures["chart"], {"needs": _("Needs")}), "type": "bar"},
        "chart_title": _("Needs by state"),
    }
    return _export_or_render(request, "reporting/association.html", context, table_list)


def _volunteer_dashboard(request):
    figures = selectors.volunteer_dashboard(request.user)
    table_list = [tables.participations_table(figures["participations"])]
    if request.GET.get("table") == "hours":
        entries = TimeEntry.objects.filter(participation__volunteer=request.user)
        table_list.append(
            tables.hours_table(selectors.hours_list(entries, with_value=True), with_value=True)
        )
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    context = {
        "role": "volunteer",
        "figures": figures,
        "chart": {**_labelled(figures["chart"], {"hours": _("Hours validated")}), "type": "bar"},
        "chart_title": _("My validated hours per month"),
        "needs": needs_for_volunteer(request.user, limit=5),
        "agenda_url": request.build_absolute_uri(reverse("reporting:agenda", args=[feed.token])),
    }
    return _export_or_render(request, "reporting/volunteer.html", context, table_list)


@require_POST
def agenda_renew(request):
    calendar_feed_renew(user=request.user)
    messages.success(
        request, _("Your calendar has a new address: the previous one no longer works.")
    )
    return redirect("reporting:dashboard")


@login_not_required
def agenda(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = ical.calendar(
        selectors.planned_participations(feed.user), host=request.get_host().split(":")[0]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="metis.ics"'
    return response


@login_not_required
@reads_from_replica
def impact_page(request, pk):
    programme = get_object_or_404(Programme.objects.select_related("territory"), pk=pk)
    if programme.status == "draft":
        raise Http404
    return render(
        request,
        "reporting/impact.html",
        {"programme": programme, "figures": impact.programme_impact(programme)},
    )
