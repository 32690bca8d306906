"""The pilot programme of the demo, built through the services (so the ledger is real)."""

import datetime
from decimal import Decimal

from django.db import transaction

from metis.core.hours import quantize
from metis.ledger import selectors as ledger

from . import services
from .enums import ProgrammeStatus
from .models import Programme

NAME = "Sceaux 2026"
PLEDGED_HOURS = Decimal("10000")
HOURLY_VALUE = Decimal("45")
COMPANY_WEIGHTS = [9, 6, 5, 4, 3, 3, 2, 2, 1, 1]  # a few large companies, many small ones
PREVIOUS_CASH = [18000, 12000, 9500, 7000, 15000, 4500, 22000, 6000, 11000, 3000]
CASH_KEPT = [Decimal("0.60"), Decimal("0.75"), Decimal("0.85"), Decimal("0.70"), Decimal("1.00")]
SHARE_MADE_UP = [Decimal("0.8"), Decimal("1.0"), Decimal("0.6"), Decimal("0.9")]


def _round_to(value: Decimal, step: int) -> Decimal:
    return Decimal(max(step, int(value / step + Decimal("0.5")) * step))


@transaction.atomic
def load_demo_programme(territory, companies, associations, by) -> Programme:
    """Create the open pilot programme "Sceaux 2026": about 10,000 hours pledged and signed
    across `companies`, and a voted mixed subsidy for each of `associations`, whose cash dropped
    since last period and whose hours credit makes up part of the drop. Returns the existing
    programme if it was already loaded."""
    existing = Programme.objects.filter(territory=territory, name=NAME).first()
    if existing is not None:
        return existing
    programme = services.programme_create(
        territory=territory,
        data={
            "name": NAME,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2026, 12, 31),
            "target_hours": Decimal("12000"),
            "reference_hourly_value": HOURLY_VALUE,
        },
        by=by,
    )
    services.programme_open(programme=programme, by=by)

    weights = [COMPANY_WEIGHTS[i % len(COMPANY_WEIGHTS)] for i in range(len(companies))]
    total_weight = sum(weights) or 1
    for index, (company, weight) in enumerate(zip(companies, weights, strict=True)):
        pledge = services.pledge_create(
            programme=programme,
            company=company,
            data={
                "hours": _round_to(PLEDGED_HOURS * weight / total_weight, 10),
                "starts_on": programme.starts_on,
                "ends_on": programme.ends_on,
            },
            by=by,
        )
        services.pledge_sign(
            pledge=pledge,
            signer_name="Direction générale",
            signer_title="Président(e)",
            signed_on=datetime.date(2026, 1, 12) + datetime.timedelta(days=index % 40),
            by=by,
        )

    pool = ledger.pool_balance(programme)
    plans = []
    for index, association in enumerate(associations):
        previous = Decimal(PREVIOUS_CASH[index % len(PREVIOUS_CASH)])
        current = quantize(previous * CASH_KEPT[index % len(CASH_KEPT)])
        drop = previous - current
        hours = _round_to(drop * SHARE_MADE_UP[index % len(SHARE_MADE_UP)] / HOURLY_VALUE, 5)
        plans.append((association, previous, current, hours))
    wanted = sum(hours for *_, hours in plans)
    scale = min(Decimal(1), pool * Decimal("0.8") / wanted) if wanted else Decimal(1)
    for index, (association, previous, current, hours) in enumerate(plans):
        subsidy = services.subsidy_propose(
            programme=programme,
            association=association,
            data={
                "cash_previous_period": previous,
                "cash_current_period": current,
                "hours_credit": _round_to(hours * scale, 5),
            },
            by=by,
        )
        services.subsidy_vote(
            subsidy=subsidy,
            deliberation_reference=f"DEL-2026-{index + 31:03d}",
            deliberation_date=datetime.date(2026, 2, 10),
            by=by,
        )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.OPEN
    return programme
