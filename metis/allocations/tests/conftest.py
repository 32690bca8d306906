import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import make_cycle, need_data, volunteer


@pytest.fixture
def cycle(db):
    return make_cycle()


@pytest.fixture
def market(cycle):
    """The cycle plus a second volunteer and a second need of the same association."""
    cycle.second = volunteer(cycle.company, skills=("accounting", "audit"))
    need = need_services.need_create(
        association=cycle.association,
        data=need_data(cycle.programme, title="Budget prévisionnel", estimated_hours=8),
        by=cycle.manager,
    )
    cycle.need2 = need_services.need_publish(need=need, by=cycle.manager)
    cycle.officer = member(Role.TERRITORY_OFFICER, cycle.programme.territory)
    return cycle
