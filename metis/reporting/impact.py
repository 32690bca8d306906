"""Public figures of a programme: what the mixed subsidy achieved."""

from metis.ledger.models import AccountMonth
from metis.needs.enums import NeedStatus, TimeEntryStatus
from metis.needs.models import TimeEntry
from metis.organisations.models import Company
from metis.outcomes.models import Outcome
from metis.outcomes.selectors import outcome_figures, quotes
from metis.programmes.enums import PledgeStatus

from .selectors import ledger_totals, value_totals


def programme_impact(programme) -> dict:
    totals = ledger_totals(AccountMonth.objects.filter(account__programme=programme))
    entries = TimeEntry.objects.filter(participation__need__programme=programme)
    values = value_totals(entries)
    outcomes = Outcome.objects.for_programme(programme)
    return {
        "outcomes": outcome_figures(outcomes),
        "quotes": quotes(outcomes),
        "pledged": totals["pledged"],
        "allocated": totals["allocated"],
        "delivered": totals["delivered"],
        "value": values["value"],
        "associations_helped": entries.filter(status=TimeEntryStatus.VALIDATED)
        .values("participation__need__association")
        .distinct()
        .count(),
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
