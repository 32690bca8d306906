import pytest

from metis.needs.tests.factories import make_cycle


@pytest.fixture
def cycle(db):
    return make_cycle()
