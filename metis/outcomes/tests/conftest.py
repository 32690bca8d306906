import datetime

import pytest

from metis.needs.services import needs as need_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle, today


@pytest.fixture
def cycle(db):
    return make_cycle()


def complete(cycle, hours="6"):
    """An active participation, hours declared and validated, the need completed."""
    participation = cycle.participation("active", hours="10")
    entry = time_entry_services.time_entry_declare(
        participation=participation,
        by=cycle.employee,
        date=today() - datetime.timedelta(days=1),
        hours=hours,
        description="Relecture du bilan",
    )
    time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    need_services.need_complete(need=cycle.need, by=cycle.manager)
    participation.refresh_from_db()
    return participation


@pytest.fixture
def completed(cycle):
    return complete(cycle)


ANSWERS = {
    "results": "Les comptes 2026 sont relus et présentés à l'AG.",
    "people_reached": 120,
    "learnt": "Un plan de trésorerie.",
    "satisfaction": 5,
    "quote": "Une aide précieuse pour notre AG.",
    "quote_consent": True,
}
