"""The evaluation report of a programme (docs/evaluation.md): what a territory needs to decide
its extension. The hours pledged, allocated and delivered and each association's share of the
cash drop made up come from the dashboard's figures (`selectors.territory_dashboard`, read from
the ledger and the valued hours); the outcomes from the forms of metis.outcomes; the comparison
from the previous period of the same territory."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from metis.organisations.models import Territory
from metis.outcomes.models import Outcome
from metis.outcomes.selectors import outcome_figures, quotes
from metis.programmes.enums import PledgeStatus, ProgrammeStatus
from metis.programmes.models import Programme

from .selectors import territory_dashboard

QUOTES_IN_REPORT = 8

ROWS = [
    ("pledged", _("Hours pledged")),
    ("allocated", _("Hours allocated")),
    ("delivered", _("Hours delivered")),
    ("value", _("Value of the hours delivered (€)")),
    ("associations", _("Associations with a subsidy")),
    ("companies", _("Companies that signed a pledge")),
    ("people_reached", _("People reached")),
    ("association_satisfaction", _("Associations' satisfaction (out of 5)")),
    ("volunteer_satisfaction", _("Volunteers' satisfaction (out of 5)")),
]


def previous_period(programme):
    """The programme it was copied from, else the latest earlier non-draft programme of the
    same territory."""
    if programme.previous_id:
        return programme.previous
    return (
        Programme.objects.territorial()
        .filter(territory_id=programme.territory_id, starts_on__lt=programme.starts_on)
        .exclude(status=ProgrammeStatus.DRAFT)
        .order_by("-starts_on")
        .first()
    )


def _figures(programme) -> dict:
    dashboard = territory_dashboard(
        Territory.objects.filter(pk=programme.territory_id), programme=programme
    )
    outcomes = Outcome.objects.for_programme(programme)
    told = outcome_figures(outcomes)
    return {
        "pledged": dashboard["totals"]["pledged"],
        "allocated": dashboard["totals"]["allocated"],
        "delivered": dashboard["totals"]["delivered"],
        "value": dashboard["values"]["value"],
        "associations": len({row["association"] for row in dashboard["associations"]}),
        "companies": programme.pledges.filter(status__in=[PledgeStatus.SIGNED, PledgeStatus.CLOSED])
        .values("company")
        .distinct()
        .count(),
        "people_reached": told["people_reached"],
        "association_satisfaction": told["association_satisfaction"],
        "volunteer_satisfaction": told["volunteer_satisfaction"],
        "forms": told["forms"],
        "association_rows": dashboard["associations"],
        "outcomes": outcomes,
    }


def _change(current, previous):
    """Change in per cent from the previous period (None when there is nothing to compare)."""
    if current is None or previous is None or not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(
        Decimal("0.1")
    )


def programme_evaluation(programme) -> dict:
    current = _figures(programme)
    previous = previous_period(programme)
    before = _figures(previous) if previous is not None else None
    rows = [
        {
            "key": key,
            "label": label,
            "current": current[key],
            "previous": before[key] if before else None,
            "change": _change(current[key], before[key]) if before else None,
        }
        for key, label in ROWS
    ]
    return {
        "programme": programme,
        "previous": previous,
        "rows": rows,
        "figures": current,
        "associations": current["association_rows"],
        "quotes": quotes(current["outcomes"], limit=QUOTES_IN_REPORT),
    }
