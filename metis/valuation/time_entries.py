"""Writes of the valuation of validated hours: each entry at the employee's cost price of its
year (rules.md § 3); entries awaiting a cost price are valued once it is recorded. Called by
metis.workflow when hours are validated and when a cost price is recorded."""

from django.db import transaction

from metis.needs.models import TimeEntry

from .cost_prices import cost_price_for
from .rules.cost_price import entry_value


def _priced(entry):
    participation = entry.participation
    price = cost_price_for(
        company=participation.company, employee=participation.volunteer, year=entry.date.year
    )
    if price is None:
        return None, None
    return price.hourly_cost, entry_value(entry.hours, price.hourly_cost)


@transaction.atomic(savepoint=False)
def time_entry_value(*, entry) -> TimeEntry:
    """Value one validated entry (hourly cost and value stay None while awaiting a cost
    price). Within the validation's transaction, without a savepoint of its own (a round
    trip less each way): nothing catches its errors to go on."""
    entry.hourly_cost, entry.value = _priced(entry)
    if entry.value is not None:
        entry.save(update_fields=["hourly_cost", "value", "updated_at"])
    return entry


@transaction.atomic
def time_entries_value_pending(*, company, year: int | None = None) -> int:
    """Value the validated entries of `company` that awaited a cost price (after one is
    entered). Returns how many were valued."""
    count = 0
    entries = (
        TimeEntry.objects.awaiting_cost_price()
        .for_company(company)
        .select_related("participation__company", "participation__volunteer")
    )
    if year:
        entries = entries.filter(date__year=year)
    for entry in entries.select_for_update(of=("self",)):
        if time_entry_value(entry=entry).value is not None:
            count += 1
    return count
