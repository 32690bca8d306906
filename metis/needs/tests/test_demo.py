"""The demo's bulk hours still go through the ledger: one posting per participation-month."""

import datetime
import random
from decimal import Decimal

from django.db.models import Sum

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account

from ..demo import _clock, _time_entries
from ..enums import TimeEntryStatus
from ..models import TimeEntry
from .factories import today


def test_bulk_hours_are_posted_per_participation_month(cycle):
    p = cycle.participation("active", hours="30")
    _time_entries(
        random.Random(1), [p], {cycle.association.pk: cycle.manager}, today(), declared_days=10
    )
    validated = TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED)
    assert validated.exists()
    delivered = Account.objects.get(
        programme=cycle.programme, kind=AccountKind.DELIVERED, association=cycle.association
    ).balance
    assert delivered == validated.aggregate(total=Sum("hours"))["total"]
    months = {(e.date.year, e.date.month) for e in validated}
    assert validated.values("posting").distinct().count() == len(months)
    counted = TimeEntry.objects.counting().aggregate(total=Sum("hours"))["total"]
    assert counted <= Decimal("30")


def test_clock_replays_a_past_day():
    from django.utils import timezone

    with _clock(datetime.date(2025, 3, 1)):
        assert timezone.localdate() == datetime.date(2025, 3, 1)
    assert timezone.localdate() != datetime.date(2025, 3, 1)
