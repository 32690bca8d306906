"""Recompute the ledger from its lines and list every difference (used by `ledger_check` and
by the tests).

Comparisons allow half a hundredth of an hour: on PostgreSQL sums of numeric are exact and any
real difference is at least 0.01; SQLite sums its decimals as floats."""

from decimal import Decimal

from django.db.models import ExpressionWrapper, F, Q, Sum
from django.db.models import fields as model_fields

from .models import Account, Posting

TOLERANCE = Decimal("0.005")


def _off(field):
    return Q(**{f"{field}__gt": TOLERANCE}) | Q(**{f"{field}__lt": -TOLERANCE})


def ledger_differences(programme=None) -> list[str]:
    accounts = Account.objects.all()
    postings = Posting.objects.all()
    if programme is not None:
        accounts = accounts.filter(programme=programme)
        postings = postings.filter(programme=programme)
    problems = []
    drift = ExpressionWrapper(
        F("balance") - F("line_sum"),
        output_field=model_fields.DecimalField(max_digits=14, decimal_places=2),
    )
    for account in (
        accounts.with_line_sums().annotate(drift=drift).filter(_off("drift")).order_by("pk")
    ):
        problems.append(
            f"account {account.pk} ({account}): cached balance {account.balance} "
            f"!= sum of lines {account.line_sum}"
        )
    below_zero = Q(balance__lt=0) | Q(line_sum__lt=-TOLERANCE)
    for account in accounts.with_line_sums().filter(Q(must_stay_non_negative=True) & below_zero):
        problems.append(f"account {account.pk} ({account}) is below zero: {account.line_sum}")
    for posting in postings.with_totals().filter(_off("total")).order_by("pk"):
        problems.append(f"posting {posting.pk} does not sum to zero: {posting.total}")
    for posting in postings.order_by().filter(lines__isnull=True):
        problems.append(f"posting {posting.pk} has no lines")
    totals = accounts.order_by().values("programme_id").annotate(total=Sum("balance"))
    for row in totals.filter(_off("total")):
        problems.append(f"programme {row['programme_id']}: balances sum to {row['total']}, not 0")
    return problems
