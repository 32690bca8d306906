"""The programme template a commune starts from (docs/evaluation.md, "A new commune"): the
figures of a first year sized on the pilot, and the texts of the council documents it needs
(the deliberation creating the METIS mixed subsidy, the one voting each association's
subsidy), filled with the programme's own figures on `programmes:council_texts`."""

import datetime
from decimal import Decimal

from django.utils import timezone

STARTER_TARGET_HOURS = Decimal("2000")
STARTER_HOURLY_VALUE = Decimal("45")


def starter_initial(territory, *, today: datetime.date | None = None) -> dict:
    """Initial values of the "New programme" form: the next calendar year if we are past
    September, this one otherwise."""
    today = today or timezone.localdate()
    year = today.year + 1 if today.month >= 10 else today.year
    name = territory.commune.name if territory is not None else "METIS"
    return {
        "territory": territory,
        "name": f"{name} {year}",
        "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31),
        "target_hours": STARTER_TARGET_HOURS,
        "reference_hourly_value": STARTER_HOURLY_VALUE,
    }
