"""The named events of docs/decisions/0004-ledger.md, as the mission cycle calls them."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metis.ledger import selectors, services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, Posting
from metis.ledger.services import InsufficientBalance, account_for
from metis.programmes.enums import ProgrammeStatus

pytestmark = pytest.mark.django_db
PARTICIPATION = 4242


def balance(programme, kind, **holder):
    return account_for(programme, kind, **holder).balance


@pytest.fixture
def funded(programme, user, company, association):
    services.pledge_signed(programme=programme, company=company, hours=100, by=user)
    services.allocation_voted(programme=programme, association=association, hours=60, by=user)
    return programme


def test_pledge_signed_fills_the_company_pledge_and_the_pool(programme, user, company):
    services.pledge_signed(programme=programme, company=company, hours=Decimal("10.5"), by=user)
    assert balance(programme, AccountKind.PLEDGE, company=company) == Decimal("10.50")
    assert balance(programme, AccountKind.COMMITMENTS) == Decimal("-10.50")
    assert selectors.pool_balance(programme) == Decimal("10.50")
    assert balance(programme, AccountKind.FUNDING) == Decimal("-10.50")


def test_allocation_moves_hours_from_pool_to_credit(funded, association):
    assert selectors.pool_balance(funded) == 40
    assert selectors.credit_balance(funded, association) == 60


@pytest.mark.parametrize("hours", [0, -5])
def test_events_refuse_non_positive_hours(funded, user, association, hours):
    with pytest.raises(Exception, match=str(services.HOURS_NOT_POSITIVE)):
        services.allocation_voted(programme=funded, association=association, hours=hours, by=user)


def test_reservation_validation_and_release(funded, user, company, association):
    args = {
        "programme": funded,
        "association": association,
        "company": company,
        "participation_id": PARTICIPATION,
        "by": user,
    }
    services.reservation_made(hours=20, **args)
    assert selectors.credit_balance(funded, association) == 40
    assert selectors.remaining_pledge(funded, company) == 80
    reserved_credit = {"association": association, "reference_id": PARTICIPATION}
    reserved_pledge = {"company": company, "reference_id": PARTICIPATION}
    assert balance(funded, AccountKind.RESERVED_CREDIT, **reserved_credit) == 20
    assert balance(funded, AccountKind.RESERVED_PLEDGE, **reserved_pledge) == 20

    services.time_validated(hours=Decimal("7.25"), **args)
    assert balance(funded, AccountKind.DELIVERED, association=association) == Decimal("7.25")
    assert balance(funded, AccountKind.USED, company=company) == Decimal("7.25")

    # Declaring beyond the reservation needs an amendment.
    with pytest.raises(InsufficientBalance):
        services.time_validated(hours=13, **args)

    released = services.reservation_released(**args)
    assert released.event == PostingEvent.RESERVATION_RELEASED
    assert balance(funded, AccountKind.RESERVED_CREDIT, **reserved_credit) == 0
    assert balance(funded, AccountKind.RESERVED_PLEDGE, **reserved_pledge) == 0
    assert selectors.credit_balance(funded, association) == Decimal("52.75")
    assert selectors.remaining_pledge(funded, company) == Decimal("92.75")
    assert services.reservation_released(**args) is None
    assert ledger_differences(funded) == []


def test_reservation_beyond_the_credit_is_refused(funded, user, company, association):
    with pytest.raises(InsufficientBalance) as error:
        services.reservation_made(
            programme=funded,
            association=association,
            company=company,
            participation_id=1,
            hours=61,
            by=user,
        )
    assert error.value.account.kind == AccountKind.CREDIT
    assert selectors.credit_balance(funded, association) == 60


def test_programme_closed_expires_leftovers_but_keeps_reservations(
    funded, user, company, association
):
    services.reservation_made(
        programme=funded,
        association=association,
        company=company,
        participation_id=PARTICIPATION,
        hours=10,
        by=user,
    )
    posting = services.programme_closed(programme=funded, by=user)
    assert posting.event == PostingEvent.PROGRAMME_CLOSED
    assert selectors.pool_balance(funded) == 0
    assert selectors.credit_balance(funded, association) == 0
    assert selectors.remaining_pledge(funded, company) == 0
    assert balance(funded, AccountKind.EXPIRED) == 40
    assert balance(funded, AccountKind.EXPIRED, association=association) == 50
    assert balance(funded, AccountKind.EXPIRED, company=company) == 90
    # An approved participation finishing later releases to the expired accounts.
    funded.status = ProgrammeStatus.CLOSED
    services.reservation_released(
        programme=funded,
        association=association,
        company=company,
        participation_id=PARTICIPATION,
        by=user,
    )
    assert balance(funded, AccountKind.EXPIRED, association=association) == 60
    assert balance(funded, AccountKind.EXPIRED, company=company) == 100
    assert services.programme_closed(programme=funded, by=user) is None
    assert ledger_differences(funded) == []


def test_subsidy_closed_expires_the_credit(funded, user, association):
    services.subsidy_closed(programme=funded, association=association, by=user)
    assert selectors.credit_balance(funded, association) == 0
    assert balance(funded, AccountKind.EXPIRED, association=association) == 60


def test_history_and_balances_by_kind(funded):
    history = list(selectors.posting_history(funded))
    assert [p.event for p in history] == ["allocation_voted", "pledge_signed"]
    assert selectors.balances_by_kind(funded)[AccountKind.POOL] == 40
    pool = account_for(funded, AccountKind.POOL)
    assert len(selectors.posting_history(funded, accounts=[pool])) == 2


def test_ledger_check_command(funded, capsys):
    call_command("ledger_check")
    assert "Ledger consistent" in capsys.readouterr().out
    # A cached balance that drifts from its lines is reported and the command fails.
    Account.objects.filter(pk=account_for(funded, AccountKind.POOL).pk).update(balance=41)
    with pytest.raises(CommandError):
        call_command("ledger_check")
    assert "sum of lines" in capsys.readouterr().err
    assert Posting.objects.count() == 2
