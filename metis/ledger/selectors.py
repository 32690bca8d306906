"""Reads of the ledger: balances per kind, pool, credits, remaining pledges, history."""

from decimal import Decimal

from django.db.models import Sum

from .enums import AccountKind
from .models import Account, Posting

ZERO = Decimal("0.00")


def _balance(programme, kind, **holder) -> Decimal:
    account = Account.objects.filter(
        programme=programme, kind=kind, reference_id__isnull=True, **holder
    ).first()
    return account.balance if account else ZERO


def balances_by_kind(programme) -> dict[str, Decimal]:
    return Account.objects.for_programme(programme).balances_by_kind()


def pool_balance(programme) -> Decimal:
    return _balance(programme, AccountKind.POOL, company=None, association=None)


def credit_balance(programme, association) -> Decimal:
    return _balance(programme, AccountKind.CREDIT, association=association)


def remaining_pledge(programme, company) -> Decimal:
    return _balance(programme, AccountKind.PLEDGE, company=company)


def _holder_field(kind) -> str:
    return "company_id" if kind in (AccountKind.PLEDGE, AccountKind.USED) else "association_id"


def balances_per_holder(programme, kind) -> dict[int, Decimal]:
    """{company or association id: balance} for the per-holder accounts of one kind."""
    field = _holder_field(kind)
    rows = Account.objects.filter(programme=programme, kind=kind, reference_id__isnull=True)
    return {row[field]: row["balance"] for row in rows.values(field, "balance")}


def balances_per_holder_summed(programmes, kind, holder_ids=None) -> dict[int, Decimal]:
    """{company or association id: balance summed over `programmes`} in one query, for the
    holders in `holder_ids` (all when None)."""
    field = _holder_field(kind)
    rows = Account.objects.filter(programme__in=programmes, kind=kind, reference_id__isnull=True)
    if holder_ids is not None:
        rows = rows.filter(**{f"{field}__in": holder_ids})
    totals = rows.values(field).annotate(total=Sum("balance")).values_list(field, "total")
    return dict(totals.order_by())


def posting_history(programme, *, accounts=None):
    postings = Posting.objects.for_programme(programme)
    if accounts is not None:
        postings = postings.touching(*accounts)
    return postings.history()


def last_reservation_date(programme, participation_id):
    """Date of the latest posting that reserved hours for a participation (None: none yet).
    Validations are dated no earlier, so the reserved balance is never negative on any day.
    The account is looked up by programme, kind and participation: the index of its unique
    constraint (without the programme, every account was scanned: 40 ms at a tenth of the
    nation's size)."""
    return (
        Posting.objects.filter(
            programme=programme,
            lines__account__programme=programme,
            lines__account__kind__in=(AccountKind.RESERVED_CREDIT, AccountKind.CIVIC_RESERVED),
            lines__account__reference_id=participation_id,
            lines__amount__gt=0,
        )
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
