"""Public pages of a territory (docs/evaluation.md): its impact page by its slug, and the
figures a commune embeds in its website or magazine: a small HTML widget (the only page that
may be shown in another site's frame) and an SVG image drawn without any network access."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Territory
from metis.programmes.enums import ProgrammeStatus

from .public import territory_totals


def _territory(slug):
    territory = get_object_or_404(
        Territory.objects.select_related("commune"), slug=slug, status=OrganisationStatus.ACTIVE
    )
    territory.impact_programme = (
        territory.programmes.territorial()
        .exclude(status=ProgrammeStatus.DRAFT)
        .order_by("-starts_on")
        .first()
    )
    return territory


@login_not_required
def territory_impact(request, slug):
    territory = _territory(slug)
    if territory.impact_programme is None:
        raise Http404
    return redirect("reporting:impact", territory.impact_programme.pk)


@login_not_required
@xframe_options_exempt
@cache_control(public=True, max_age=600)
def widget(request, slug):
    territory = _territory(slug)
    return render(
        request,
        "reporting/widget.html",
        {"territory": territory, "totals": territory_totals(territory)},
    )


@login_not_required
@cache_control(public=True, max_age=600)
def widget_svg(request, slug):
    territory = _territory(slug)
    svg = render_to_string(
        "reporting/widget_svg.html",
        {"territory": territory, "totals": territory_totals(territory)},
        request=request,
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
