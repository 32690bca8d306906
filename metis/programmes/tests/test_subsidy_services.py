import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from metis.ledger import selectors as ledger
from metis.ledger.models import Posting
from metis.ledger.services import InsufficientBalance
from metis.organisations.tests.factories import AssociationFactory
from metis.programmes import services
from metis.programmes.enums import SubsidyStatus
from metis.programmes.tests.factories import MixedSubsidyFactory, PledgeFactory

pytestmark = pytest.mark.django_db
FIGURES = {
    "cash_previous_period": Decimal("12000"),
    "cash_current_period": Decimal("8000"),
    "hours_credit": Decimal("80"),
}


@pytest.fixture
def pool(programme, referent):
    pledge = PledgeFactory(programme=programme, hours=Decimal("120"))
    services.pledge_sign(
        pledge=pledge, signer_name="A", signed_on=datetime.date(2026, 1, 5), by=referent
    )
    return programme


def vote(subsidy, officer, **kwargs):
    return services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference=kwargs.pop("reference", "DEL-2026-042"),
        deliberation_date=kwargs.pop("date", datetime.date(2026, 2, 3)),
        by=officer,
        **kwargs,
    )


def test_propose_then_vote_allocates_from_the_pool(pool, association, officer):
    subsidy = services.subsidy_propose(
        programme=pool, association=association, data=FIGURES, by=officer
    )
    assert subsidy.status == SubsidyStatus.PROPOSED
    assert ledger.pool_balance(pool) == Decimal("120")
    vote(subsidy, officer)
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.VOTED
    assert subsidy.deliberation_reference == "DEL-2026-042"
    assert ledger.pool_balance(pool) == Decimal("40")
    assert ledger.credit_balance(pool, association) == Decimal("80")
    assert subsidy.figures.cash_drop == Decimal("4000.00")
    assert subsidy.figures.share_percent == Decimal("100.0")  # 80 h × 50 € = 4,000 €


def test_a_second_subsidy_for_the_same_association_is_refused(pool, association, officer):
    services.subsidy_propose(programme=pool, association=association, data=FIGURES, by=officer)
    with pytest.raises(ValidationError) as error:
        services.subsidy_propose(programme=pool, association=association, data=FIGURES, by=officer)
    assert error.value.error_dict["association"][0].code == "duplicate_subsidy"


def test_over_allocation_is_refused_and_writes_nothing(pool, association, officer):
    subsidy = MixedSubsidyFactory(programme=pool, association=association, hours_credit=200)
    postings = Posting.objects.count()
    with translation.override("en"), pytest.raises(InsufficientBalance) as error:
        vote(subsidy, officer)
    with translation.override("en"):
        assert error.value.messages == [
            "The programme pool only holds 120.00 h: cannot allocate 200.00 h."
        ]
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.PROPOSED
    assert subsidy.deliberation_reference == ""
    assert Posting.objects.count() == postings
    assert ledger.pool_balance(pool) == Decimal("120")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"reference": ""}, "deliberation_required"),
        ({"date": datetime.date(2999, 1, 1)}, "deliberation_in_future"),
        ({"hours_credit": Decimal("-5")}, "hours_negative"),
        ({"hours_credit": Decimal("1000000")}, "hours_absurd"),
    ],
)
def test_vote_checks(pool, association, officer, kwargs, code):
    subsidy = MixedSubsidyFactory(programme=pool, association=association)
    with pytest.raises(ValidationError) as error:
        vote(subsidy, officer, **kwargs)
    codes = [e.code for errors in error.value.error_dict.values() for e in errors]
    assert code in codes
    assert not Posting.objects.filter(event="allocation_voted").exists()


def test_propose_refuses_negative_cash_and_hours(pool, association, officer):
    with pytest.raises(ValidationError) as error:
        services.subsidy_propose(
            programme=pool,
            association=association,
            data={**FIGURES, "cash_current_period": Decimal("-1")},
            by=officer,
        )
    assert str(services.AMOUNT_NEGATIVE) in error.value.messages
    with pytest.raises(ValidationError, match=str(services.HOURS_NEGATIVE)):
        services.subsidy_propose(
            programme=pool,
            association=AssociationFactory(),
            data={**FIGURES, "hours_credit": Decimal("-1")},
            by=officer,
        )


def test_subsidy_close_expires_the_credit(pool, association, officer):
    subsidy = MixedSubsidyFactory(programme=pool, association=association, hours_credit=50)
    with pytest.raises(ValidationError, match=str(services.SUBSIDY_NOT_VOTED)):
        services.subsidy_close(subsidy=subsidy, by=officer)
    vote(subsidy, officer)
    services.subsidy_close(subsidy=subsidy, by=officer)
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.CLOSED
    assert ledger.credit_balance(pool, association) == 0
    assert ledger.pool_balance(pool) == Decimal("70")
