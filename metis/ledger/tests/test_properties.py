"""Property tests: random sequences of ledger operations keep the invariants of
docs/decisions/0004-ledger.md, and a refusal happens exactly when an account would go below zero."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metis.ledger import services
from metis.ledger.checks import TOLERANCE, ledger_differences
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, Posting, PostingLine
from metis.ledger.services import InsufficientBalance
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.tests.factories import ProgrammeFactory

COMPANIES, ASSOCIATIONS, PARTICIPATIONS = 3, 3, 4

hours = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("80"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("sign"), st.integers(0, COMPANIES - 1), hours),
        st.tuples(st.just("allocate"), st.integers(0, ASSOCIATIONS - 1), hours),
        st.tuples(st.just("reserve"), st.integers(0, PARTICIPATIONS - 1), hours),
        st.tuples(st.just("validate"), st.integers(0, PARTICIPATIONS - 1), hours),
        st.tuples(st.just("release"), st.integers(0, PARTICIPATIONS - 1), st.none() | hours),
        st.tuples(st.just("reverse"), st.integers(0, 50), st.none()),
        st.tuples(st.just("close"), st.none(), st.none()),
    ),
    max_size=25,
)


@pytest.fixture
def parties(db):
    return (
        [CompanyFactory() for _ in range(COMPANIES)],
        [AssociationFactory() for _ in range(ASSOCIATIONS)],
    )


def _snapshot(programme):
    return (
        Posting.objects.filter(programme=programme).count(),
        dict(Account.objects.filter(programme=programme).values_list("pk", "balance")),
    )


CHAIN_COMPANY = {
    AccountKind.COMMITMENTS,
    AccountKind.PLEDGE,
    AccountKind.RESERVED_PLEDGE,
    AccountKind.USED,
}


def _chain_sums(programme):
    company_side = territory_side = Decimal(0)
    for account in Account.objects.filter(programme=programme):
        is_company = account.kind in CHAIN_COMPANY or (
            account.kind == AccountKind.EXPIRED and account.company_id
        )
        if is_company:
            company_side += account.balance
        else:
            territory_side += account.balance
    return company_side, territory_side


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
@pytest.mark.django_db
def test_random_sequences_keep_the_invariants(parties, user, operations):
    companies, associations = parties
    programme = ProgrammeFactory(territory__commune__pk="92071")
    postings = []

    def participation(index):
        return {
            "programme": programme,
            "association": associations[index % ASSOCIATIONS],
            "company": companies[index % COMPANIES],
            "participation_id": index + 1,
            "by": user,
        }

    for name, target, amount in operations:
        before = _snapshot(programme)
        try:
            if name == "sign":
                posting = services.pledge_signed(
                    programme=programme, company=companies[target], hours=amount, by=user
                )
            elif name == "allocate":
                posting = services.allocation_voted(
                    programme=programme, association=associations[target], hours=amount, by=user
                )
            elif name == "reserve":
                posting = services.reservation_made(hours=amount, **participation(target))
            elif name == "validate":
                posting = services.time_validated(hours=amount, **participation(target))
            elif name == "release":
                posting = services.reservation_released(hours=amount, **participation(target))
            elif name == "reverse":
                if not postings:
                    continue
                posting = services.reverse(posting=postings[target % len(postings)], by=user)
            else:
                posting = services.programme_closed(programme=programme, by=user)
        except InsufficientBalance as refusal:
            # Refused only when the account really could not pay, and nothing was written.
            assert refusal.available < refusal.requested
            assert refusal.account.must_stay_non_negative
            assert _snapshot(programme) == before
            continue
        except ValidationError as refusal:
            assert refusal.code in {"already_reversed", "reversal_of_reversal"}
            assert _snapshot(programme) == before
            continue
        if posting is not None:
            postings.append(posting)

    # Every posting sums to zero, cached balances equal the sums of their lines, no
    # non-negative account is below zero.
    assert ledger_differences(programme) == []
    for posting in Posting.objects.filter(programme=programme):
        assert sum(line.amount for line in posting.lines.all()) == 0
    assert not Account.objects.filter(
        programme=programme, must_stay_non_negative=True, balance__lt=0
    ).exists()
    # Hours are conserved on each side: what entered through commitments / funding is
    # somewhere on the same side.
    assert _chain_sums(programme) == (0, 0)
    line_total = PostingLine.objects.filter(posting__programme=programme).aggregate(
        total=Sum("amount", default=0)
    )["total"]
    assert abs(line_total) < TOLERANCE  # SQLite sums decimals as floats (checks.py)
