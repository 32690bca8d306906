from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from metis.ledger import services
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, ImmutablePostingError, Posting, PostingLine
from metis.ledger.services import InsufficientBalance, account_for, post

pytestmark = pytest.mark.django_db


def test_post_writes_lines_and_updates_cached_balances(programme, user):
    pool = account_for(programme, AccountKind.POOL)
    funding = account_for(programme, AccountKind.FUNDING)
    posting = post(
        programme=programme,
        event=PostingEvent.PLEDGE_SIGNED,
        lines=[(pool, Decimal("12.5")), (funding, Decimal("-12.5"))],
        by=user,
    )
    assert sorted(posting.lines.values_list("amount", flat=True)) == [
        Decimal("-12.50"),
        Decimal("12.50"),
    ]
    pool.refresh_from_db()
    funding.refresh_from_db()
    assert pool.balance == Decimal("12.50")
    assert funding.balance == Decimal("-12.50")
    assert posting.created_by == user


def test_unbalanced_posting_is_refused(programme, user):
    pool = account_for(programme, AccountKind.POOL)
    funding = account_for(programme, AccountKind.FUNDING)
    with pytest.raises(ValidationError) as error:
        post(
            programme=programme,
            event=PostingEvent.PLEDGE_SIGNED,
            lines=[(pool, Decimal("10")), (funding, Decimal("-9"))],
            by=user,
        )
    assert error.value.messages == [str(services.UNBALANCED)]
    assert not Posting.objects.exists()


def test_posting_needs_two_non_zero_lines(programme, user):
    pool = account_for(programme, AccountKind.POOL)
    with pytest.raises(ValidationError, match=str(services.TOO_FEW_LINES)):
        post(programme=programme, event="pledge_signed", lines=[(pool, Decimal(0))], by=user)


def test_accounts_of_another_programme_are_refused(programme, user):
    from metis.programmes.tests.factories import ProgrammeFactory

    other = ProgrammeFactory(territory=programme.territory)
    with pytest.raises(ValidationError, match=str(services.FOREIGN_ACCOUNT)):
        post(
            programme=programme,
            event="pledge_signed",
            lines=[
                (account_for(programme, AccountKind.POOL), Decimal(1)),
                (account_for(other, AccountKind.FUNDING), Decimal(-1)),
            ],
            by=user,
        )


def test_overdraft_is_refused_with_a_clear_message_and_writes_nothing(
    programme, user, association, company
):
    services.pledge_signed(programme=programme, company=company, hours=120, by=user)
    before = Posting.objects.count()
    with translation.override("en"), pytest.raises(InsufficientBalance) as error:
        services.allocation_voted(programme=programme, association=association, hours=200, by=user)
    with translation.override("en"):
        assert error.value.messages == [
            "The programme pool only holds 120.00 h: cannot allocate 200.00 h."
        ]
    with translation.override("fr"), pytest.raises(InsufficientBalance) as error:
        services.allocation_voted(programme=programme, association=association, hours=200, by=user)
    assert "120,00" in error.value.messages[0] and "200,00" in error.value.messages[0]
    assert error.value.account.kind == AccountKind.POOL
    assert Posting.objects.count() == before
    assert account_for(programme, AccountKind.POOL).balance == Decimal("120.00")
    assert account_for(programme, AccountKind.CREDIT, association=association).balance == 0


def test_database_guards_a_non_negative_balance(programme):
    pool = account_for(programme, AccountKind.POOL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=pool.pk).update(balance=Decimal("-1"))


def test_account_for_is_get_or_create(programme, company):
    first = account_for(programme, AccountKind.PLEDGE, company=company)
    assert account_for(programme, AccountKind.PLEDGE, company=company) == first
    assert first.must_stay_non_negative
    assert not account_for(programme, AccountKind.USED, company=company).must_stay_non_negative


def test_account_shape_is_checked_by_the_database(programme, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(programme=programme, kind=AccountKind.CREDIT, company=company)


def test_idempotency_key_returns_the_first_posting(programme, user, company):
    first = services.pledge_signed(
        programme=programme, company=company, hours=10, by=user, idempotency_key="k1"
    )
    again = services.pledge_signed(
        programme=programme, company=company, hours=10, by=user, idempotency_key="k1"
    )
    assert again == first
    assert account_for(programme, AccountKind.POOL).balance == 10


# Immutability ------------------------------------------------------------------------------


@pytest.fixture
def posting(programme, user, company):
    return services.pledge_signed(programme=programme, company=company, hours=10, by=user)


def test_code_refuses_to_update_or_delete_postings(posting):
    posting.memo = "changed"
    with pytest.raises(ImmutablePostingError):
        posting.save()
    with pytest.raises(ImmutablePostingError):
        posting.delete()
    with pytest.raises(ImmutablePostingError):
        Posting.objects.filter(pk=posting.pk).update(memo="x")
    with pytest.raises(ImmutablePostingError):
        Posting.objects.all().delete()
    line = posting.lines.first()
    line.amount = Decimal(1)
    with pytest.raises(ImmutablePostingError):
        line.save()
    with pytest.raises(ImmutablePostingError):
        PostingLine.objects.all().update(amount=1)
    with pytest.raises(ImmutablePostingError):
        line.delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_posting SET memo = 'x'",
        "DELETE FROM ledger_posting",
        "UPDATE ledger_postingline SET amount = 99",
        "DELETE FROM ledger_postingline",
    ],
)
def test_database_refuses_to_update_or_delete_postings(posting, sql):
    with (
        pytest.raises(IntegrityError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert posting.lines.count() == 4


def test_admin_is_read_only(posting, rf):
    from django.contrib.admin.sites import site

    from metis.accounts.tests.factories import UserFactory

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model in (Posting, Account):
        admin = site._registry[model]
        assert not admin.has_add_permission(request)
        assert not admin.has_change_permission(request, posting)
        assert not admin.has_delete_permission(request, posting)


# Reversals ---------------------------------------------------------------------------------


def test_reversal_negates_every_line_and_points_to_the_original(posting, user, programme):
    reversal = services.reverse(posting=posting, by=user, memo="typing mistake")
    assert reversal.reverses == posting
    assert reversal.event == PostingEvent.REVERSAL
    assert sorted(reversal.lines.values_list("account_id", "amount")) == sorted(
        (account, -amount) for account, amount in posting.lines.values_list("account_id", "amount")
    )
    assert all(a.balance == 0 for a in Account.objects.for_programme(programme))


def test_a_posting_is_reversed_once_and_a_reversal_never(posting, user):
    reversal = services.reverse(posting=posting, by=user)
    with pytest.raises(ValidationError, match=str(services.ALREADY_REVERSED)):
        services.reverse(posting=posting, by=user)
    with pytest.raises(ValidationError, match=str(services.REVERSAL_OF_REVERSAL)):
        services.reverse(posting=reversal, by=user)


def test_reversal_cannot_overdraw(posting, user, programme, association):
    services.allocation_voted(programme=programme, association=association, hours=8, by=user)
    with pytest.raises(InsufficientBalance):
        services.reverse(posting=posting, by=user)
