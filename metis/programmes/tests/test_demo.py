from decimal import Decimal

import pytest

from metis.accounts.tests.factories import UserFactory
from metis.ledger import selectors as ledger
from metis.ledger.checks import ledger_differences
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.demo import load_demo_programme
from metis.programmes.enums import PledgeStatus, SubsidyStatus

pytestmark = pytest.mark.django_db


def test_demo_programme(territory):
    companies = CompanyFactory.create_batch(40)
    associations = AssociationFactory.create_batch(15)
    programme = load_demo_programme(territory, companies, associations, UserFactory())
    pledged = sum(p.hours for p in programme.pledges.filter(status=PledgeStatus.SIGNED))
    assert Decimal("9500") <= pledged <= Decimal("10500")
    subsidies = list(programme.subsidies.all())
    assert len(subsidies) == 15 and all(s.status == SubsidyStatus.VOTED for s in subsidies)
    assert all(s.figures.cash_drop >= 0 for s in subsidies)
    assert any(s.figures.share_percent for s in subsidies)
    assert 0 < ledger.pool_balance(programme) < pledged
    assert ledger_differences(programme) == []
    assert load_demo_programme(territory, companies, associations, None) == programme
