"""The rolled-up figures (AccountMonth): a database trigger adds every line inserted to its
account's row for the month, event and reversed event of its posting, in the same transaction;
they equal the recomputation from the lines, and `ledger_check` says when they do not."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction

from metis.ledger import services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import AccountMonth, PostingLine, ProgrammeMonth
from metis.ledger.services import InsufficientBalance, account_for

pytestmark = pytest.mark.django_db


def _from_lines():
    figures = defaultdict(Decimal)
    for line in PostingLine.objects.select_related("posting__reverses"):
        posting = line.posting
        key = (
            line.account_id,
            posting.occurred_on.replace(day=1),
            posting.event,
            posting.reverses.event if posting.reverses else "",
        )
        figures[key] += line.amount
    return dict(figures)


def _rolled_up():
    return {
        (m.account_id, m.month, m.event, m.reversed_event): m.amount
        for m in AccountMonth.objects.all()
    }


def _per_programme(figures):
    """The account figures summed per programme and kind of account."""
    from metis.ledger.models import Account

    accounts = {a.pk: (a.programme_id, a.kind) for a in Account.objects.all()}
    out = defaultdict(Decimal)
    for (account, *rest), amount in figures.items():
        out[(*accounts[account], *rest)] += amount
    return dict(out)


def _programme_rolled_up():
    return {
        (m.programme_id, m.kind, m.month, m.event, m.reversed_event): m.amount
        for m in ProgrammeMonth.objects.all()
    }


def test_every_line_is_rolled_up_by_month_and_event(programme, user, company, association):
    march, april = datetime.date(2026, 3, 10), datetime.date(2026, 4, 2)
    services.pledge_signed(
        programme=programme, company=company, hours=100, by=user, occurred_on=march
    )
    pledge = services.pledge_signed(
        programme=programme, company=company, hours=10, by=user, occurred_on=april
    )
    services.allocation_voted(
        programme=programme, association=association, hours=60, by=user, occurred_on=march
    )
    args = {"programme": programme, "association": association, "company": company, "by": user}
    services.reservation_made(participation_id=7, hours=20, occurred_on=march, **args)
    services.time_validated(participation_id=7, hours=Decimal("3.5"), occurred_on=april, **args)
    services.time_validated(participation_id=7, hours=Decimal("1.25"), occurred_on=april, **args)
    services.reverse(posting=pledge, by=user, occurred_on=april)
    with pytest.raises(InsufficientBalance), transaction.atomic():  # refused: nothing rolled up
        services.allocation_voted(programme=programme, association=association, hours=999, by=user)
    assert _rolled_up() == _from_lines()
    assert _programme_rolled_up() == _per_programme(_from_lines())
    # The reservation and the two validations of April: one row per kind of account.
    reserved = ProgrammeMonth.objects.filter(
        programme=programme, kind=AccountKind.RESERVED_CREDIT, month=datetime.date(2026, 4, 1)
    ).get()
    assert (reserved.event, reserved.amount) == (PostingEvent.TIME_VALIDATED, Decimal("-4.75"))
    pledge_account = account_for(programme, AccountKind.PLEDGE, company=company)
    reversal = AccountMonth.objects.get(
        account=pledge_account, event=PostingEvent.REVERSAL, month=datetime.date(2026, 4, 1)
    )
    assert (reversal.reversed_event, reversal.amount) == (PostingEvent.PLEDGE_SIGNED, -10)
    delivered = AccountMonth.objects.get(
        account=account_for(programme, AccountKind.DELIVERED, association=association)
    )
    assert delivered.amount == Decimal("4.75")  # two postings of April, one row
    assert ledger_differences() == []


def test_the_check_reports_a_rolled_up_figure_off_its_lines(programme, user, company):
    services.pledge_signed(programme=programme, company=company, hours=100, by=user)
    row = AccountMonth.objects.filter(account__kind=AccountKind.PLEDGE).get()
    AccountMonth.objects.filter(pk=row.pk).update(amount=99)
    (problem,) = ledger_differences(programme)
    assert f"account {row.account_id}" in problem and "rolled-up" in problem
    AccountMonth.objects.filter(pk=row.pk).update(amount=100)
    ProgrammeMonth.objects.filter(kind=AccountKind.POOL).update(amount=1)
    (problem,) = ledger_differences(programme)
    assert f"programme {programme.pk}, pool" in problem and "off the lines by 99" in problem


def test_civic_days_are_not_rolled_up(db):
    """A civic year holds one account per person, read from their balances: its million lines
    are not rolled up (the yearly crediting stays one quick statement)."""
    from metis.accounts.enums import Role
    from metis.accounts.tests.factories import member
    from metis.civic.services import civic_year_open
    from metis.organisations.tests.factories import CompanyFactory

    company = CompanyFactory()
    for _ in range(3):
        member(Role.EMPLOYEE, company)
    assert civic_year_open(year=2027).lines.count() == 4
    assert not AccountMonth.objects.exists() and not ProgrammeMonth.objects.exists()
    assert ledger_differences() == []
