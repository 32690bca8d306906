"""Public figures of a programme: what the mixed subsidy achieved."""

from django.db.models import Sum

from metis.ledger.models import ProgrammeMonth
from metis.needs.enums import NeedStatus
from metis.organisations.models import Company
from metis.outcomes.models import Outcome
from metis.outcomes.selectors import outcome_figures, quotes
from metis.programmes.enums import PledgeStatus

from .models import ValidatedMonth
from .selectors import ledger_totals
from .selectors.common import ZERO, _d


def programme_impact(programme) -> dict:
    totals = ledger_totals(ProgrammeMonth.objects.filter(programme=programme))
    validated = ValidatedMonth.objects.filter(programme=programme, entries__gt=0)
    values = validated.aggregate(value=Sum("value", default=ZERO))
    outcomes = Outcome.objects.for_programme(programme)
    return {
        "outcomes": outcome_figures(outcomes),
        "quotes": quotes(outcomes),
        "pledged": totals["pledged"],
        "allocated": totals["allocated"],
        "delivered": totals["delivered"],
        "value": _d(values["value"]),
        "associations_helped": validated.values("association").distinct().count(),
        "needs_completed": programme.needs.filter(status=NeedStatus.COMPLETED).count(),
        "companies": list(
            Company.objects.filter(
                agrees_to_be_named=True,
                pledges__programme=programme,
                pledges__status__in=[PledgeStatus.SIGNED, PledgeStatus.CLOSED],
            )
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)
        ),
    }
